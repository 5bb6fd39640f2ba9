"""The app's look: bundled Inter font, a light and a dark palette, icons tinted to match.

`Theme` follows the system colour scheme unless the user picked one in Settings, and re-applies
itself when the system switches. Widgets ask `theme.icon(name)` instead of loading files.

Signals:
    changed(bool): emitted with `dark` after the palette changed, so views can repaint.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyleFactory

from brandtruth_desktop.paths import resources_dir

log = logging.getLogger(__name__)

UI_FONT_FAMILY = "Inter"


@dataclass(frozen=True, slots=True)
class Colors:
    """One scheme's colours; the stylesheet and icons are built from these."""

    window: str
    surface: str
    sidebar: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    danger: str
    warning_bg: str
    warning_text: str
    selection: str


LIGHT = Colors(
    window="#f6f7f9", surface="#ffffff", sidebar="#eef0f4", text="#1f2430", muted="#5f6b7a",
    border="#d9dde5", accent="#4f46e5", accent_text="#ffffff", danger="#c62828",
    warning_bg="#fff4d6", warning_text="#6b4e00", selection="#e0e7ff",
)
DARK = Colors(
    window="#17191e", surface="#1f2228", sidebar="#14161a", text="#e7e9ee", muted="#9aa3b2",
    border="#333844", accent="#818cf8", accent_text="#10121a", danger="#ef5350",
    warning_bg="#3d3216", warning_text="#ffd98a", selection="#2e3357",
)


def load_fonts(fonts_dir: Path | None = None) -> list[str]:
    """Register the bundled font files with Qt; returns the families that loaded.

    By default only the interface font: the ads' fonts (and the large emoji and CJK fallbacks)
    are Pillow's business, and loading them into Qt would slow every start-up.
    """
    folder = fonts_dir or resources_dir() / "fonts" / "inter"
    families: set[str] = set()
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in {".otf", ".ttf"}:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load bundled font %s", path)
            continue
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(families)


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


class Theme(QObject):
    """Applies the chosen scheme to the application and tints icons for it."""

    changed = Signal(bool)

    def __init__(self, app: QApplication, choice: str = "system") -> None:
        super().__init__(app)
        self._app = app
        self._choice = choice
        self._icons: dict[tuple[str, str], QIcon] = {}
        self.colors = LIGHT
        app.setStyle(QStyleFactory.create("Fusion"))
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme)
        self.apply()

    @property
    def dark(self) -> bool:
        return self.colors is DARK

    def set_choice(self, choice: str) -> None:
        """`system`, `light` or `dark`, as stored in Settings."""
        self._choice = choice
        self.apply()

    def _on_system_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self._choice == "system":
            self.apply()

    def apply(self) -> None:
        dark = self._choice == "dark" or (self._choice == "system" and system_prefers_dark())
        self.colors = DARK if dark else LIGHT
        self._app.setPalette(build_palette(self.colors))
        self._app.setStyleSheet(build_stylesheet(self.colors))
        self.changed.emit(dark)

    def icon(self, name: str, color: str | None = None) -> QIcon:
        """A bundled SVG icon drawn in the scheme's text colour (or the colour given)."""
        tint = color or self.colors.text
        key = (name, tint)
        if key not in self._icons:
            path = resources_dir() / "icons" / f"{name}.svg"
            svg = path.read_text(encoding="utf-8").replace("currentColor", tint)
            pixmap = QPixmap()
            pixmap.loadFromData(QByteArray(svg.encode("utf-8")), "SVG")
            self._icons[key] = QIcon(pixmap)
        return self._icons[key]


def build_palette(c: Colors) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    for r, value in (
        (role.Window, c.window), (role.WindowText, c.text), (role.Base, c.surface),
        (role.AlternateBase, c.window), (role.Text, c.text), (role.Button, c.surface),
        (role.ButtonText, c.text), (role.Highlight, c.accent),
        (role.HighlightedText, c.accent_text), (role.ToolTipBase, c.surface),
        (role.ToolTipText, c.text), (role.PlaceholderText, c.muted), (role.Link, c.accent),
        (role.Mid, c.border), (role.Midlight, c.border),
    ):
        palette.setColor(r, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(disabled, r, QColor(c.muted))
    return palette


def build_stylesheet(c: Colors) -> str:
    return f"""
    QWidget {{ font-family: "{UI_FONT_FAMILY}"; font-size: 10pt; }}
    #Sidebar {{ background: {c.sidebar}; border: none; border-right: 1px solid {c.border};
               padding: 8px 6px; outline: 0; }}
    #Sidebar::item {{ padding: 9px 10px; border-radius: 8px; margin: 1px 0; color: {c.text}; }}
    #Sidebar::item:selected {{ background: {c.selection}; color: {c.text}; font-weight: 600; }}
    #Sidebar::item:hover:!selected {{ background: {c.border}; }}
    #ScreenTitle {{ font-size: 17pt; font-weight: 600; }}
    #Muted, QLabel[muted="true"] {{ color: {c.muted}; }}
    #EmptyState {{ color: {c.muted}; font-size: 11pt; }}
    #Banner {{ background: {c.warning_bg}; color: {c.warning_text}; border-radius: 8px;
              padding: 10px 12px; }}
    QPushButton {{ padding: 6px 14px; border-radius: 7px; border: 1px solid {c.border};
                  background: {c.surface}; }}
    QPushButton:hover {{ border-color: {c.accent}; }}
    QPushButton:default, QPushButton[primary="true"] {{ background: {c.accent};
                  color: {c.accent_text}; border-color: {c.accent}; font-weight: 600; }}
    QPushButton:disabled {{ color: {c.muted}; background: {c.window}; border-color: {c.border}; }}
    QPushButton[danger="true"] {{ color: {c.danger}; }}
    QToolButton {{ padding: 4px 8px; border-radius: 6px; }}
    QToolButton:hover {{ background: {c.selection}; }}
    QTableView {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 8px;
                 gridline-color: transparent; selection-background-color: {c.selection};
                 selection-color: {c.text}; }}
    QTableView::item {{ padding: 6px 8px; border: none; }}
    QHeaderView::section {{ background: {c.surface}; color: {c.muted}; border: none;
                           text-align: left;
                           border-bottom: 1px solid {c.border}; padding: 7px 8px;
                           font-weight: 600; }}
    QGroupBox {{ border: 1px solid {c.border}; border-radius: 10px; margin-top: 14px;
                padding: 14px 12px 10px 12px; background: {c.surface}; }}
    QGroupBox::title {{ subcontrol-origin: margin; left: 12px; padding: 0 4px;
                       font-weight: 600; }}
    QLineEdit {{ padding: 5px 8px; border: 1px solid {c.border}; border-radius: 6px;
                background: {c.surface}; }}
    QLineEdit:focus {{ border-color: {c.accent}; }}
    QComboBox {{ padding: 4px 8px; min-height: 20px; }}
    QStatusBar {{ border-top: 1px solid {c.border}; }}
    QStatusBar QLabel {{ padding: 0 4px; }}
    QToolButton[primary="true"] {{ background: {c.accent}; color: {c.accent_text};
                  border: 1px solid {c.accent}; border-radius: 7px; font-weight: 600; }}
    QToolButton[primary="true"]:disabled {{ color: {c.muted}; background: {c.window};
                  border-color: {c.border}; }}
    #SectionTitle {{ font-size: 11pt; font-weight: 600; }}
    #PageTitle {{ font-size: 16pt; font-weight: 600; }}
    #EmptyPanel {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 8px;
                  color: {c.muted}; font-size: 10.5pt; padding: 24px; }}
    #FactDetail {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 8px;
                  padding: 8px 10px; color: {c.text}; }}
    #FieldError, QLabel[error="true"] {{ color: {c.danger}; }}
    #FieldLabel {{ color: {c.muted}; font-weight: 600; }}
    #BrandName {{ font-size: 13pt; font-weight: 600; }}
    #Card {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 10px; }}
    #LogoBox {{ background: {c.window}; border: 1px dashed {c.border}; border-radius: 8px;
               color: {c.muted}; }}
    QToolButton#Swatch {{ border: 1px solid {c.border}; border-radius: 15px; }}
    QToolButton#SwatchAdd {{ border: 1px dashed {c.border}; border-radius: 15px; }}
    QListView, QTreeView {{ background: {c.surface}; border: 1px solid {c.border};
                          border-radius: 8px; selection-background-color: {c.selection};
                          selection-color: {c.text}; outline: 0; }}
    QTreeView::item, QListView::item {{ border: none; }}
    QTreeView::item:selected, QListView::item:selected {{ background: {c.selection};
                          color: {c.text}; }}
    QProgressBar {{ border: 1px solid {c.border}; border-radius: 5px; background: {c.window};
                   max-height: 10px; }}
    QProgressBar::chunk {{ background: {c.accent}; border-radius: 4px; }}
    QTabWidget::pane {{ border: none; }}
    QTabBar::tab {{ padding: 7px 14px; border: none; color: {c.muted}; }}
    QTabBar::tab:selected {{ color: {c.text}; border-bottom: 2px solid {c.accent};
                            font-weight: 600; }}
    QWizard {{ background: {c.window}; }}
    #WizardSteps {{ background: {c.sidebar}; border: none; border-right: 1px solid {c.border}; }}
    #StepsHeading {{ font-size: 12pt; font-weight: 600; }}
    QLabel#Step {{ padding: 8px 10px; border-radius: 8px; color: {c.muted}; }}
    QLabel#Step[state="current"] {{ background: {c.selection}; color: {c.text};
                                   font-weight: 600; }}
    QLabel#Step[state="done"] {{ color: {c.text}; }}
    QToolButton#NewCampaignMenu {{ padding: 6px 8px; border-top-left-radius: 0;
                                  border-bottom-left-radius: 0; }}
    QToolButton#NewCampaignMenu::menu-indicator {{ image: none; width: 0; }}
    QPushButton#NewCampaign {{ border-top-right-radius: 0; border-bottom-right-radius: 0; }}
    """


def app_font() -> QFont:
    font = QFont(UI_FONT_FAMILY)
    font.setPointSizeF(10)
    return font
