"""The canvas editor in its own window, opened from the review grid (E or Enter).

One window per ad: asking to edit an ad already open brings its window forward (in the format
asked for). Closing the window never loses an edit: the editor saves what is left, and the
window goes away once it is stored (`variant_changed` has been emitted for the last save).

Signals:
    variant_changed(str): passed on from the editor, for the grid to refresh the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QWidget

from brandtruth_desktop import APP_NAME
from brandtruth_desktop.ui.review.canvas.editor import CanvasEditor

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.ui.theme import Theme

GEOMETRY_KEY = "canvas_editor_geometry"


class EditorWindow(QMainWindow):
    """A window holding one `CanvasEditor` (see the module docstring)."""

    variant_changed = Signal(str)

    def __init__(self, context: AppContext, campaign_id: int, variant_id: str,
                 format_key: str, *, theme: Theme | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("EditorWindow")
        self.context = context
        self.editor = CanvasEditor(context, campaign_id, variant_id, format_key, theme=theme,
                                   parent=self)
        self.setCentralWidget(self.editor)
        self.setWindowTitle(f"Edit ad — {APP_NAME}")
        if theme is not None:
            self.setWindowIcon(theme.icon("app"))
        self.resize(1360, 900)
        self.setMinimumSize(960, 620)
        self.editor.variant_changed.connect(self.variant_changed)
        self.editor.loaded.connect(self._loaded)
        self.editor.idle.connect(self._stored)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self._closing = False
        self._restore_geometry()

    @property
    def variant_id(self) -> str:
        return self.editor.variant_id

    def _loaded(self) -> None:
        if self.editor.ad is not None:
            self.setWindowTitle(f"“{self.editor.ad.variant.headline}” — Edit ad — {APP_NAME}")

    def _restore_geometry(self) -> None:
        saved = self.context.extras.get(GEOMETRY_KEY)
        if isinstance(saved, QByteArray):
            self.restoreGeometry(saved)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.context.extras[GEOMETRY_KEY] = self.saveGeometry()
        if not self._closing:
            self._closing = True
            self.editor.finish()
        if self.editor.busy:
            # Hidden until the last edit is stored, then gone (see _stored).
            self.hide()
            event.ignore()
            return
        event.accept()
        self.deleteLater()

    def _stored(self) -> None:
        if self._closing:
            # Not from inside closeEvent (idle may come while the editor finishes there).
            QTimer.singleShot(0, self.close)


def open_editor(context: AppContext, campaign_id: int, variant_id: str, format_key: str, *,
                theme: Theme | None = None, parent: QWidget | None = None) -> EditorWindow:
    """The editor window of an ad, shown and raised: an open one is reused, else a new one.

    Open windows are kept in `context.extras["canvas_editors"]` (by variant id) so each ad has
    one window however often it is asked for."""
    windows: dict[str, EditorWindow] = context.extras.setdefault("canvas_editors", {})
    window = windows.get(variant_id)
    if window is not None and window.isVisible() and not window._closing:
        window.editor.set_format(format_key)
    else:
        window = EditorWindow(context, campaign_id, variant_id, format_key, theme=theme,
                              parent=parent)
        windows[variant_id] = window
        window.destroyed.connect(lambda _obj=None, key=variant_id: windows.pop(key, None))
    window.show()
    window.raise_()
    window.activateWindow()
    return window
