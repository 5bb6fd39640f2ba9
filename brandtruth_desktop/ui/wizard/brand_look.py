"""The brand's look on the Brand truth page: its logo and colours, each replaceable.

Changes are announced; the page saves them (on the job runner).

Signals:
    replace_logo(): the person wants to choose another logo file.
    colours_changed(object): the new list of colours ("#rrggbb" strings).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.models import BrandProfile
from brandtruth_desktop.ui.theme import Theme
from brandtruth_desktop.ui.wizard.session import pil_to_qimage

if TYPE_CHECKING:
    from brandtruth_desktop.storage.workspace import Workspace

LOGO_BOX = QSize(180, 96)
MAX_COLOURS = 6


class Swatch(QToolButton):
    """A round button filled with one brand colour (drawn here, so no style can hide it)."""

    def __init__(self, colour: str, theme: Theme) -> None:
        super().__init__()
        self.colour = colour
        self._theme = theme
        self.setFixedSize(30, 30)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(3, 3, -3, -3)
        if self.hasFocus() or self.underMouse():
            painter.setPen(QPen(QColor(self._theme.colors.accent), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.setPen(QPen(QColor(self._theme.colors.border), 1))
        painter.setBrush(QColor(self.colour))
        painter.drawEllipse(rect)
        painter.end()


class BrandLook(QFrame):
    """Logo and colour swatches; see the module docstring."""

    replace_logo = Signal()
    colours_changed = Signal(object)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self._theme = theme
        self._colours: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        title = QLabel("Brand")
        title.setObjectName("SectionTitle")
        layout.addWidget(title)
        self.name_label = QLabel("—")
        self.name_label.setObjectName("BrandName")
        self.name_label.setWordWrap(True)
        self.tagline_label = QLabel("")
        self.tagline_label.setObjectName("Muted")
        self.tagline_label.setWordWrap(True)
        layout.addWidget(self.name_label)
        layout.addWidget(self.tagline_label)
        layout.addSpacing(4)
        logo_title = QLabel("Logo")
        logo_title.setObjectName("FieldLabel")
        layout.addWidget(logo_title)
        self.logo = QLabel("")  # "No logo found" only once the site has been read
        self.logo.setObjectName("LogoBox")
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.setFixedSize(LOGO_BOX)
        layout.addWidget(self.logo)
        self.logo_button = QPushButton("Replace logo…")
        self.logo_button.clicked.connect(self.replace_logo)
        layout.addWidget(self.logo_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(4)
        colour_title = QLabel("Colours")
        colour_title.setObjectName("FieldLabel")
        layout.addWidget(colour_title)
        self.swatches = QHBoxLayout()
        self.swatches.setSpacing(6)
        self.swatches.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.swatches)
        hint = QLabel("Click a colour to change it; right-click to remove it.")
        hint.setObjectName("Muted")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addStretch(1)
        self._rebuild_swatches()

    def colours(self) -> list[str]:
        return list(self._colours)

    def set_brand(self, name: str, tagline: str, colours: list[str]) -> None:
        self.name_label.setText(name or "—")
        self.tagline_label.setText(tagline)
        self.tagline_label.setVisible(bool(tagline))
        self._colours = list(colours)[:MAX_COLOURS]
        self._rebuild_swatches()

    def set_logo(self, image: QImage | None) -> None:
        if image is None or image.isNull():
            self.logo.setPixmap(QPixmap())
            self.logo.setText("No logo found")
            return
        pixmap = QPixmap.fromImage(image).scaled(
            LOGO_BOX - QSize(16, 16), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.logo.setText("")
        self.logo.setPixmap(pixmap)

    def _rebuild_swatches(self) -> None:
        while self.swatches.count():
            item = self.swatches.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for number, colour in enumerate(self._colours):
            button = Swatch(colour, self._theme)
            button.setToolTip(f"{colour.upper()}: click to change")
            button.setAccessibleName(f"Brand colour {colour.upper()}")
            button.clicked.connect(lambda _=False, n=number: self._edit(n))
            button.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            button.customContextMenuRequested.connect(
                lambda point, n=number, b=button: self._menu(n, b.mapToGlobal(point)))
            self.swatches.addWidget(button)
        if len(self._colours) < MAX_COLOURS:
            add = QToolButton()
            add.setObjectName("SwatchAdd")
            add.setFixedSize(30, 30)
            add.setIcon(self._theme.icon("add"))
            add.setToolTip("Add a colour")
            add.setAccessibleName("Add a brand colour")
            add.clicked.connect(lambda: self._edit(len(self._colours)))
            self.swatches.addWidget(add)
        self.swatches.addStretch(1)

    def _edit(self, number: int) -> None:
        start = QColor(self._colours[number]) if number < len(self._colours) else QColor("#888888")
        colour = QColorDialog.getColor(start, self, "Brand colour")
        if colour.isValid():
            self.set_colour(number, colour.name())

    def set_colour(self, number: int, colour: str) -> None:
        """Replace colour `number` (or add one at the end) and announce the change."""
        if number < len(self._colours):
            self._colours[number] = colour
        elif len(self._colours) < MAX_COLOURS:
            self._colours.append(colour)
        self._rebuild_swatches()
        self.colours_changed.emit(list(self._colours))

    def remove_colour(self, number: int) -> None:
        if 0 <= number < len(self._colours):
            del self._colours[number]
            self._rebuild_swatches()
            self.colours_changed.emit(list(self._colours))

    def _menu(self, number: int, where: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction("Change…", lambda: self._edit(number))
        menu.addAction("Remove", lambda: self.remove_colour(number))
        menu.exec(where)


def logo_image(data: bytes) -> QImage:
    """A logo's picture, small enough to show (safe on a worker thread)."""
    from brandtruth_desktop.core.imagery.loading import load_image

    image = load_image(data)
    image.thumbnail((320, 160))
    return pil_to_qimage(image)


def store_logo(workspace: Workspace, campaign_id: int, path: str
               ) -> tuple[BrandProfile, QImage]:
    """Make the image file at `path` the brand's logo: checked, stored in the asset store,
    set on the brand profile (runs on a worker thread). Raises ImageProblem or OSError."""
    from brandtruth_desktop.core.imagery.loading import load_image, sniff_image_type

    profile = workspace.content.brand_profile(campaign_id) or BrandProfile(campaign_id, "")
    data = Path(path).read_bytes()
    load_image(data)
    asset = workspace.assets.put_bytes(data, kind="logo", mime_type=sniff_image_type(data),
                                       original_name=Path(path).name)
    saved = workspace.runs.update_brand(replace(profile, logo_sha256=asset.sha256))
    return saved, logo_image(data)
