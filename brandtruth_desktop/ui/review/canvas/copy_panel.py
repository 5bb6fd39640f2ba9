"""The ad's copy in the side panel: headline, primary text, description and button.

Each keystroke is an edit of the variant's copy (one undo step per field while typing goes
on), shown in every format. Counters show the platform's recommended lengths; a field past
its limit turns red (the gate says so too).

Signals:
    copy_edited(str, str): the field ("headline", "primary_text", "description",
        "call_to_action") and its new value.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from brandtruth_desktop.core.compose import cta_label
from brandtruth_desktop.core.copy import PlatformLimits
from brandtruth_desktop.core.editing import CopyFields


class CopyPanel(QWidget):
    """Copy fields with length counters (see the module docstring)."""

    copy_edited = Signal(str, str)

    def __init__(self, limits: PlatformLimits, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._limits = limits
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(4)
        self.headline = QLineEdit()
        self.headline.setObjectName("HeadlineEdit")
        self.headline.setAccessibleName("Headline")
        self.primary = QPlainTextEdit()
        self.primary.setObjectName("PrimaryEdit")
        self.primary.setAccessibleName("Primary text")
        self.primary.setTabChangesFocus(True)
        self.primary.setFixedHeight(self.primary.fontMetrics().lineSpacing() * 4 + 14)
        self.description = QLineEdit()
        self.description.setObjectName("DescriptionEdit")
        self.description.setAccessibleName("Description")
        self.cta = QComboBox()
        self.cta.setObjectName("CtaCombo")
        self.cta.setAccessibleName("Button")
        for key in limits.call_to_actions:
            self.cta.addItem(cta_label(key), key)
        self.counters: dict[str, QLabel] = {}
        for label, field, widget in (("Headline", "headline", self.headline),
                                     ("Primary text", "primary_text", self.primary),
                                     ("Description", "description", self.description)):
            form.addRow(self._title(label, field), widget)
        form.addRow(self._title("Button", ""), self.cta)
        self.headline.textEdited.connect(lambda text: self._edited("headline", text))
        self.description.textEdited.connect(lambda text: self._edited("description", text))
        self.primary.textChanged.connect(
            lambda: self._edited("primary_text", self.primary.toPlainText()))
        self.cta.activated.connect(
            lambda index: self.copy_edited.emit("call_to_action", self.cta.itemData(index)))
        self._quiet = False

    def _title(self, text: str, field: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 6, 0, 0)
        label = QLabel(text)
        label.setObjectName("FieldLabel")
        layout.addWidget(label)
        layout.addStretch(1)
        if field:
            counter = QLabel("")
            counter.setObjectName("Counter")
            counter.setAlignment(Qt.AlignmentFlag.AlignRight)
            layout.addWidget(counter)
            self.counters[field] = counter
        return row

    def set_limits(self, limits: PlatformLimits) -> None:
        """The platform's lengths and buttons (the campaign's platform)."""
        self._limits = limits

    def _limit(self, field: str) -> int:
        return {"headline": self._limits.headline, "primary_text": self._limits.primary_text,
                "description": self._limits.description}[field]

    def _edited(self, field: str, text: str) -> None:
        self._count(field, text)
        if not self._quiet:
            self.copy_edited.emit(field, text)

    def _count(self, field: str, text: str) -> None:
        counter = self.counters[field]
        limit = self._limit(field)
        counter.setText(f"{len(text)} / {limit}")
        counter.setProperty("over", len(text) > limit)
        counter.style().unpolish(counter)
        counter.style().polish(counter)

    def set_copy(self, copy: CopyFields) -> None:
        """Show `copy` without reporting it as an edit (keeps the cursor where it is)."""
        self._quiet = True
        try:
            if self.headline.text() != copy.headline:
                self.headline.setText(copy.headline)
            if self.primary.toPlainText() != copy.primary_text:
                self.primary.setPlainText(copy.primary_text)
            if self.description.text() != copy.description:
                self.description.setText(copy.description)
            index = self.cta.findData(copy.call_to_action)
            if index < 0:
                self.cta.addItem(cta_label(copy.call_to_action), copy.call_to_action)
                index = self.cta.count() - 1
            self.cta.setCurrentIndex(index)
            for field, text in (("headline", copy.headline),
                                ("primary_text", copy.primary_text),
                                ("description", copy.description)):
                self._count(field, text)
        finally:
            self._quiet = False

