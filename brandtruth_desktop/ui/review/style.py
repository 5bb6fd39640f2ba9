"""The review screen's own style rules (the format switcher's segments, the grid's frame),
built from the theme's colours and re-applied when the theme changes."""

from __future__ import annotations

from brandtruth_desktop.ui.theme import Colors


def review_stylesheet(c: Colors) -> str:
    return f"""
    QListView#ReviewGrid {{ background: {c.window}; border: none; padding: 2px; }}
    QWidget#FormatSwitcher {{ background: transparent; }}
    QToolButton#FormatButton {{ border: 1px solid {c.border}; border-radius: 0;
        background: {c.surface}; color: {c.text}; padding: 5px 11px; margin-left: -1px; }}
    QToolButton#FormatButton[first="true"] {{ border-top-left-radius: 7px;
        border-bottom-left-radius: 7px; margin-left: 0; }}
    QToolButton#FormatButton[last="true"] {{ border-top-right-radius: 7px;
        border-bottom-right-radius: 7px; }}
    QToolButton#FormatButton:checked {{ background: {c.accent}; color: {c.accent_text};
        border-color: {c.accent}; font-weight: 600; }}
    QToolButton#FormatButton:hover:!checked {{ background: {c.selection}; }}
    QLabel#SelectionCount {{ color: {c.text}; font-weight: 600; }}
    QPushButton#ApproveButton, QPushButton#RejectButton, QPushButton#UndoButton {{
        padding: 5px 12px; }}
    """
