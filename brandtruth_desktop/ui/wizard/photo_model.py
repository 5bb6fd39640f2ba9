"""`PhotoGridModel`: pictures a source offers, with thumbnails made off the GUI thread.

Rows are `StockPhoto`s; thumbnails arrive later as `QImage`s (made on a worker thread, where
only QImage may be used) and are turned into pixmaps here, on the GUI thread, once.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap

from brandtruth_desktop.core.models import StockPhoto

AnyIndex = QModelIndex | QPersistentModelIndex
THUMB_SIZE = QSize(136, 100)


class PhotoRole(IntEnum):
    PHOTO = Qt.ItemDataRole.UserRole + 1
    KEY = Qt.ItemDataRole.UserRole + 2
    ATTRIBUTION = Qt.ItemDataRole.UserRole + 3


def photo_key(photo: StockPhoto) -> str:
    return f"{photo.source}:{photo.id}"


def describe_photo(photo: StockPhoto) -> str:
    """The picture in a sentence's subject: "Photo by Ana on Unsplash", "The brand's image
    hero.png", "Your file beach.jpg", "The linear background"."""
    if photo.source in ("pexels", "unsplash"):
        return photo.attribution
    if photo.source == "generated":
        return f"The {photo_caption(photo).lower()} background"
    if photo.source == "brand":
        return f"The brand's image {photo.description or photo.id}"
    if photo.source == "local":
        return f"Your file {photo.description or photo.id}"
    return photo.attribution or photo.id


def photo_caption(photo: StockPhoto) -> str:
    """A short caption under a thumbnail: the attribution where the licence wants one."""
    if photo.source in ("pexels", "unsplash"):
        return photo.attribution
    if photo.source == "generated":
        return (photo.description or "Generated background").split(" background")[0].capitalize()
    return photo.description or photo.id


class PhotoGridModel(QAbstractListModel):
    """Photos with thumbnails (a placeholder until each arrives)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[StockPhoto] = []
        self._icons: dict[str, QIcon] = {}

    def photos(self) -> list[StockPhoto]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        photo = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return photo_caption(photo)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(photo_key(photo))
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [photo.attribution or photo_caption(photo)]
            if photo.description and photo.description not in parts[0]:
                parts.append(photo.description)
            if photo.width and photo.height:
                parts.append(f"{photo.width} × {photo.height} pixels")
            return "\n".join(parts)
        if role == PhotoRole.PHOTO:
            return photo
        if role == PhotoRole.KEY:
            return photo_key(photo)
        if role == PhotoRole.ATTRIBUTION:
            return photo.attribution
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(THUMB_SIZE.width() + 16, THUMB_SIZE.height() + 40)
        return None

    def set_photos(self, photos: list[StockPhoto]) -> None:
        """Show these photos (rows removed, then inserted)."""
        if self._rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
            self._rows = []
            self.endRemoveRows()
        unique = list({photo_key(p): p for p in photos}.values())
        if unique:
            self.beginInsertRows(QModelIndex(), 0, len(unique) - 1)
            self._rows = unique
            self.endInsertRows()

    def add_photos(self, photos: list[StockPhoto]) -> None:
        known = {photo_key(p) for p in self._rows}
        new = [p for p in photos if photo_key(p) not in known]
        if new:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()

    def set_thumbnail(self, key: str, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        self._icons[key] = QIcon(pixmap)
        for row, photo in enumerate(self._rows):
            if photo_key(photo) == key:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
