"""The canvas editor's own style rules, built from the theme's colours."""

from __future__ import annotations

from brandtruth_desktop.ui.theme import DARK, Colors

OK_GREEN = {False: ("#e8f5ec", "#1f6b3a", "#b7dfc4"), True: ("#16291e", "#8fd6a8", "#2c5a3c")}
BLOCKED_RED = {False: ("#fdecec", "#8f1d1d", "#f3bcbc"), True: ("#341a1c", "#ff9c9c", "#6a2e31")}


def editor_stylesheet(c: Colors) -> str:
    dark = c is DARK
    ok_bg, ok_text, ok_border = OK_GREEN[dark]
    bad_bg, bad_text, bad_border = BLOCKED_RED[dark]
    return f"""
    QFrame#EditorToolbar {{ background: {c.surface}; border-bottom: 1px solid {c.border}; }}
    QLabel#EditorTitle {{ font-size: 13pt; font-weight: 600; }}
    QScrollArea#EditorSide {{ background: {c.surface}; border: none;
        border-left: 1px solid {c.border}; }}
    QWidget#EditorSideBody {{ background: {c.surface}; }}
    QLabel#SideTitle {{ font-size: 8.5pt; font-weight: 700; color: {c.muted};
        text-transform: uppercase; letter-spacing: 0.6px; padding-top: 4px; }}
    QLabel#SectionSubtitle {{ font-weight: 600; }}
    QLabel#Counter {{ color: {c.muted}; font-size: 8.5pt; }}
    QLabel#Counter[over="true"] {{ color: {c.danger}; font-weight: 600; }}
    QLabel#SaveState {{ color: {c.muted}; padding: 0 4px; }}
    QLabel#SaveState[state="failed"] {{ color: {c.danger}; font-weight: 600; }}
    QFrame#GateBox {{ border-radius: 8px; border: 1px solid {ok_border}; background: {ok_bg}; }}
    QFrame#GateBox QLabel {{ color: {ok_text}; background: transparent; }}
    QFrame#GateBox[state="blocked"] {{ border-color: {bad_border}; background: {bad_bg}; }}
    QFrame#GateBox[state="blocked"] QLabel {{ color: {bad_text}; }}
    QLabel#GateTitle {{ font-weight: 700; }}
    QLabel#QaReport {{ color: {c.text}; padding: 2px 2px; }}
    QLabel#PictureThumb {{ border: 1px solid {c.border}; border-radius: 6px;
        background: {c.window}; color: {c.muted}; }}
    QWidget#FormatSwitcher {{ background: transparent; }}
    QToolButton#FormatButton, QToolButton#SegmentButton {{ border: 1px solid {c.border};
        border-radius: 0; background: {c.surface}; color: {c.text}; padding: 5px 11px;
        margin-left: -1px; }}
    QToolButton#FormatButton[first="true"], QToolButton#SegmentButton[first="true"] {{
        border-top-left-radius: 7px; border-bottom-left-radius: 7px; margin-left: 0; }}
    QToolButton#FormatButton[last="true"], QToolButton#SegmentButton[last="true"] {{
        border-top-right-radius: 7px; border-bottom-right-radius: 7px; }}
    QToolButton#FormatButton:checked, QToolButton#SegmentButton:checked {{
        background: {c.accent}; color: {c.accent_text}; border-color: {c.accent};
        font-weight: 600; }}
    QToolButton#FormatButton:hover:!checked, QToolButton#SegmentButton:hover:!checked {{
        background: {c.selection}; }}
    QToolButton#ToggleButton {{ border: 1px solid transparent; border-radius: 6px;
        padding: 4px; }}
    QToolButton#ToggleButton:checked {{ background: {c.selection}; border-color: {c.border}; }}
    QToolButton#UndoButton, QToolButton#RedoButton {{ padding: 4px; border-radius: 6px; }}
    QToolButton#RegenerateButton, QToolButton#RevertButton, QToolButton#ChangePicture,
    QToolButton#ColorButton {{ border: 1px solid {c.border}; border-radius: 7px;
        padding: 5px 10px; background: {c.surface}; }}
    QToolButton#RegenerateButton::menu-indicator, QToolButton#ChangePicture::menu-indicator {{
        subcontrol-position: right center; right: 6px; }}
    QToolButton#RegenerateButton, QToolButton#ChangePicture {{ padding-right: 22px; }}
    QToolButton#RegenerateButton:hover, QToolButton#RevertButton:hover,
    QToolButton#ChangePicture:hover {{ border-color: {c.accent}; }}
    QPlainTextEdit {{ border: 1px solid {c.border}; border-radius: 6px; padding: 3px 5px;
        background: {c.surface}; }}
    QPlainTextEdit:focus {{ border-color: {c.accent}; }}
    QPlainTextEdit#InlineTextEditor {{ border: 2px solid {c.accent}; border-radius: 4px;
        background: {c.surface}; color: {c.text}; font-size: 12pt; padding: 4px 6px; }}
    QComboBox, QSpinBox {{ min-height: 22px; }}
    QPushButton#AdjustCrop:checked {{ background: {c.selection}; border-color: {c.accent};
        font-weight: 600; }}
    """
