"""Editing a text in place: a field over the text's box on the canvas, opened by double-click.

The field is an input box, not the ad: what the ad looks like stays the renderer's, redrawn
below as the designer types. Enter keeps the text (Shift+Enter starts a new line), Escape
puts back what was there, and clicking elsewhere keeps it.

Signals:
    text_changed(str, str): element id and the text as typed, on every change.
    finished(str, bool): element id, and whether the text was kept (False: Escape).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QWidget


class InlineTextEditor(QPlainTextEdit):
    """The in-place text field (see the module docstring)."""

    text_changed = Signal(str, str)
    finished = Signal(str, bool)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("InlineTextEditor")
        self.setAccessibleName("Edit text")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTabChangesFocus(True)
        self.element = ""
        self._original = ""
        self._closing = False
        self.textChanged.connect(self._changed)
        self.hide()

    def open(self, element: str, text: str, area: QRectF) -> None:
        """Show the field over `area` (widget coordinates) holding `text`, all selected."""
        self.element = element
        self._original = text
        self._closing = False
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        self.selectAll()
        height = max(area.height(), self.fontMetrics().lineSpacing() * 2.4 + 12)
        self.setGeometry(area.adjusted(-6, -6, 6, 6).toAlignedRect().adjusted(
            0, 0, 0, round(height - area.height())))
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def close_editor(self, keep: bool) -> None:
        if self._closing or not self.isVisible():
            return
        self._closing = True
        element = self.element
        if not keep:
            self.blockSignals(True)
            self.setPlainText(self._original)
            self.blockSignals(False)
            self.text_changed.emit(element, self._original)
        self.hide()
        parent = self.parentWidget()
        if parent is not None:
            parent.setFocus(Qt.FocusReason.OtherFocusReason)
        self.finished.emit(element, keep)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close_editor(False)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.close_editor(True)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.close_editor(True)

    def _changed(self) -> None:
        if not self._closing:
            self.text_changed.emit(self.element, self.toPlainText())
