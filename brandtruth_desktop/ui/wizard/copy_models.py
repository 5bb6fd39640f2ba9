"""Thin list models over the copy the gate let through and the copy it turned away.

`VariantListModel` lists stored variants (and, on the Images page, the picture each has);
`RejectionListModel` lists rejected variants with the gate's reasons. Rows are appended as the
copy stage announces them and changed in place (`dataChanged` for that row), never reset.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from brandtruth_desktop.core.compose.style import cta_label
from brandtruth_desktop.core.models import GateRejection, Variant
from brandtruth_desktop.ui.theme import Theme

AnyIndex = QModelIndex | QPersistentModelIndex

ANGLE_LABELS = {
    "benefit": "Benefit", "pain": "Pain point", "curiosity": "Curiosity",
    "social_proof": "Social proof", "offer": "Offer", "testimonial": "Testimonial",
}
THUMB = 64


class CopyRole(IntEnum):
    """Roles of both copy models."""

    VARIANT = Qt.ItemDataRole.UserRole + 1
    ID = Qt.ItemDataRole.UserRole + 2
    HEADLINE = Qt.ItemDataRole.UserRole + 3
    BODY = Qt.ItemDataRole.UserRole + 4
    DETAIL = Qt.ItemDataRole.UserRole + 5
    REASONS = Qt.ItemDataRole.UserRole + 6
    PICTURE_NOTE = Qt.ItemDataRole.UserRole + 7


def angle_label(angle: str) -> str:
    return ANGLE_LABELS.get(angle, angle.replace("_", " ").capitalize())


class VariantListModel(QAbstractListModel):
    """Stored variants, each with an optional picture (thumbnail and who chose it)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Variant] = []
        self._pictures: dict[str, tuple[QPixmap, str]] = {}

    def variants(self) -> list[Variant]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        variant = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, CopyRole.HEADLINE):
            return variant.headline
        if role == CopyRole.VARIANT:
            return variant
        if role == CopyRole.ID:
            return variant.id
        if role == CopyRole.BODY:
            return variant.primary_text
        if role == CopyRole.DETAIL:
            cites = len(variant.fact_ids)
            return (f"{angle_label(variant.angle)} · button “{cta_label(variant.call_to_action)}”"
                    f" · cites {cites} fact{'s' if cites != 1 else ''}")
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{variant.headline}\n{variant.primary_text}\n{variant.description}\n"
                    f"Facts: {', '.join(variant.fact_ids)}").strip()
        if role == Qt.ItemDataRole.DecorationRole:
            picture = self._pictures.get(variant.id)
            return picture[0] if picture else None
        if role == CopyRole.PICTURE_NOTE:
            picture = self._pictures.get(variant.id)
            return picture[1] if picture else ""
        return None

    def add(self, variant: Variant) -> None:
        """Append a variant, or update it in place if it is already listed."""
        for row, known in enumerate(self._rows):
            if known.id == variant.id:
                self._rows[row] = variant
                self.dataChanged.emit(self.index(row), self.index(row))
                return
        end = len(self._rows)
        self.beginInsertRows(QModelIndex(), end, end)
        self._rows.append(variant)
        self.endInsertRows()

    def clear(self) -> None:
        if self._rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
            self._rows = []
            self.endRemoveRows()
        self._pictures.clear()

    def set_picture(self, variant_id: str, image: QImage, note: str) -> None:
        """Show a variant's picture (a thumbnail made off the GUI thread) and who chose it."""
        pixmap = QPixmap.fromImage(image).scaled(
            THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        self._pictures[variant_id] = (pixmap, note)
        for row, variant in enumerate(self._rows):
            if variant.id == variant_id:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole,
                                                     CopyRole.PICTURE_NOTE])


class RejectionListModel(QAbstractListModel):
    """Variants the gate rejected, each with its reasons."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[GateRejection] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        rejection = self._rows[index.row()]
        variant = rejection.variant
        if role in (Qt.ItemDataRole.DisplayRole, CopyRole.HEADLINE):
            return variant.headline or "(no headline)"
        if role == CopyRole.VARIANT:
            return rejection
        if role == CopyRole.ID:
            return variant.id
        if role == CopyRole.BODY:
            return variant.primary_text
        if role == CopyRole.REASONS:
            return list(rejection.reasons)
        if role == CopyRole.DETAIL:
            return "Rejected: " + "; ".join(rejection.reasons)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([variant.headline, variant.primary_text, "",
                              *("• " + reason for reason in rejection.reasons)])
        return None

    def add(self, rejection: GateRejection) -> None:
        end = len(self._rows)
        self.beginInsertRows(QModelIndex(), end, end)
        self._rows.append(rejection)
        self.endInsertRows()

    def clear(self) -> None:
        if self._rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
            self._rows = []
            self.endRemoveRows()


class CopyCardDelegate(QStyledItemDelegate):
    """A variant (or rejection) as a small card: headline, body, and a muted detail line."""

    def __init__(self, theme: Theme, parent: QWidget | None = None, *, lines: int = 2,
                 thumbnails: bool = False, danger_detail: bool = False) -> None:
        super().__init__(parent)
        self._theme = theme
        self._lines = lines
        self._thumbnails = thumbnails
        self._danger_detail = danger_detail

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        colors = self._theme.colors
        area = option.rect.adjusted(12, 8, -12, -8)
        painter.save()
        if self._thumbnails:
            box = QRect(area.left(), area.top() + (area.height() - THUMB) // 2, THUMB, THUMB)
            pixmap = index.data(Qt.ItemDataRole.DecorationRole)
            if isinstance(pixmap, QPixmap) and not pixmap.isNull():
                left = max(0, (pixmap.width() - THUMB) // 2)
                top = max(0, (pixmap.height() - THUMB) // 2)
                source = QRect(left, top, min(pixmap.width(), THUMB), min(pixmap.height(), THUMB))
                painter.drawPixmap(box, pixmap, source)
            else:
                painter.setPen(QColor(colors.border))
                painter.setBrush(QColor(colors.window))
                painter.drawRoundedRect(box, 6, 6)
                painter.setPen(QColor(colors.muted))
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "Auto")
            area.setLeft(box.right() + 12)
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(bold)
        y = area.top()
        painter.setFont(bold)
        painter.setPen(QColor(colors.text))
        headline = str(index.data(CopyRole.HEADLINE) or "")
        painter.drawText(QRect(area.left(), y, area.width(), metrics.height()),
                         Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(headline, Qt.TextElideMode.ElideRight, area.width()))
        y += metrics.height() + 2
        body_font = QFont(option.font)
        body_metrics = QFontMetrics(body_font)
        painter.setFont(body_font)
        body = str(index.data(CopyRole.BODY) or "")
        body_rect = QRect(area.left(), y, area.width(), body_metrics.height() * self._lines)
        painter.drawText(body_rect, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                         body)
        y += body_rect.height() + 2
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() - 1))
        painter.setFont(small)
        painter.setPen(QColor(colors.danger if self._danger_detail else colors.muted))
        detail = str(index.data(CopyRole.DETAIL) or "")
        note = str(index.data(CopyRole.PICTURE_NOTE) or "")
        if note:
            detail = f"{detail} · {note}"
        small_metrics = QFontMetrics(small)
        painter.drawText(QRect(area.left(), y, area.width(), small_metrics.height()),
                         Qt.AlignmentFlag.AlignLeft,
                         small_metrics.elidedText(detail, Qt.TextElideMode.ElideRight,
                                                  area.width()))
        # A hairline between cards.
        painter.setPen(QColor(colors.border))
        bottom = option.rect.bottom()
        painter.drawLine(option.rect.left() + 12, bottom, option.rect.right() - 12, bottom)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        height = metrics.height() * (2 + self._lines) + 24
        if self._thumbnails:
            height = max(height, THUMB + 16)
        return QSize(320, height)
