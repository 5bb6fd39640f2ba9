"""Choose one of the campaign's pictures for the ad (the photos and backgrounds its ads use).

Thumbnails are made on the job runner from the asset store (or drawn from a generated
background's recipe), so the dialog opens at once and fills in.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PIL import Image, ImageOps
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from brandtruth_desktop.core.imagery.backgrounds import recipe_from_url, render_background
from brandtruth_desktop.core.pipeline import ImageChoice
from brandtruth_desktop.ui.review.canvas.preview import to_qimage

if TYPE_CHECKING:
    from brandtruth_desktop.storage.asset_store import AssetStore
    from brandtruth_desktop.workers import JobRunner

THUMB = 132


def picture_thumbnail(choice: ImageChoice, assets: AssetStore, size: int = THUMB) -> QImage:
    """A square thumbnail of a picture choice (worker threads: a QImage, not a QPixmap)."""
    recipe = recipe_from_url(choice.photo.full_url)
    if recipe is not None:
        return to_qimage(render_background(recipe, (size, size)))
    if not choice.sha256:
        return QImage()
    with assets.open(choice.sha256) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.draft("RGB", (size, size))
        return to_qimage(ImageOps.fit(image.convert("RGB"), (size, size)))


class PictureDialog(QDialog):
    """The campaign's pictures as a grid; `chosen()` after it is accepted."""

    def __init__(self, pictures: Sequence[ImageChoice], current: str | None,
                 runner: JobRunner, assets: AssetStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a picture")
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        intro = QLabel("The pictures this campaign's ads use. The ad keeps its layout; the "
                       "photo is cropped around its subject in every format.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("PictureList")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 24, THUMB + 44))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 1)
        self._choices = list(pictures)
        for index, choice in enumerate(self._choices):
            name = choice.photo.attribution or choice.photo.description or choice.photo.id
            item = QListWidgetItem(name[:40])
            item.setToolTip(name)
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setSizeHint(QSize(THUMB + 20, THUMB + 40))
            self.list.addItem(item)
            if current and current in (choice.sha256, choice.photo.id):
                item.setSelected(True)
                self.list.setCurrentItem(item)
            self._load(runner, assets, choice, item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.use = buttons.addButton("Use picture", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(buttons)

    def chosen(self) -> ImageChoice | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return self._choices[int(item.data(Qt.ItemDataRole.UserRole))]

    def _load(self, runner: JobRunner, assets: AssetStore, choice: ImageChoice,
              item: QListWidgetItem) -> None:
        list_widget = self.list

        def shown(image: QImage) -> None:
            if isValid(list_widget) and not image.isNull():
                item.setIcon(QIcon(QPixmap.fromImage(image)))

        runner.call("Loading a picture", lambda: picture_thumbnail(choice, assets),
                    on_success=shown, on_failure=lambda _error: None)
