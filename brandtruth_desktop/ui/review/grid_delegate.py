"""`VariantCardDelegate`: paints one ad of the review grid as a card.

A card is the ad's thumbnail (a quiet placeholder until it arrives) with warning badges down
its top-right corner (QA: contrast, text overflow, safe zone, layout; the grounding gate), then
two lines of headline, and a row with the status as a coloured badge (pending, approved,
rejected, edited), the angle and the score. The creative itself is never covered by the status:
a reviewer must see all of it. Rejected ads fade so the ones still in play stand out.

Painting is the hot path of scrolling: every piece is drawn once into a pixmap at the screen's
pixel density (card_parts.py), thumbnails arrive with their corners already rounded, and all of
it lands on whole device pixels, so a card is a few blits and stays crisp at any scale.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPixmap, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from brandtruth_desktop.core.compose.lru import LRU
from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.review import GridRow
from brandtruth_desktop.ui.review.card_parts import (
    BADGE_HEIGHT,
    CardParts,
    status_styles,
    warning_style,
)
from brandtruth_desktop.ui.review.grid_model import GridRole, VariantGridModel
from brandtruth_desktop.ui.review.thumbnails import (
    ThumbnailRequest,
    ThumbnailService,
    thumb_box,
)
from brandtruth_desktop.ui.theme import Theme

AnyIndex = QModelIndex | QPersistentModelIndex
PAD = 10
GAP = 9
META_HEIGHT = 20
MARGIN = 3  # between the cell and the card


NARROW = 200
"""Thumbnails narrower than this (9:16) put the angle on a row of its own."""


def meta_rows(format_key: str) -> int:
    return 2 if thumb_box(format_key).width() < NARROW else 1


def card_size(format_key: str, headline_line: float) -> QSize:
    """The size of a card in a format, with room for two headline lines."""
    box = thumb_box(format_key)
    meta = meta_rows(format_key) * (META_HEIGHT + 6)
    height = PAD + box.height() + GAP + 2 * math.ceil(headline_line) + meta + PAD
    return QSize(box.width() + 2 * PAD, height)


class VariantCardDelegate(QStyledItemDelegate):
    """Paints review cards (see the module docstring)."""

    def __init__(self, theme: Theme, thumbnails: ThumbnailService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._thumbnails = thumbnails
        self._lines: LRU[tuple[str, float, str], tuple[str, ...]] = LRU(8192)
        self.set_font(parent.font() if parent is not None else QFont())

    def set_font(self, base: QFont) -> None:
        """Take the view's font (the theme's Inter) as the base of the card's fonts; also
        forgets every cached piece (call it when the theme changes)."""
        headline = QFont(base)
        headline.setPointSizeF(max(8.0, base.pointSizeF() * 0.98))
        headline.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.82))
        badge = QFont(small)
        badge.setWeight(QFont.Weight.Bold)
        self._headline_metrics = QFontMetricsF(headline)
        self.parts = CardParts(headline, small, badge)
        self._styles = status_styles(self._theme.colors, self._theme.dark)
        self._lines.clear()

    @property
    def headline_line(self) -> float:
        return self._headline_metrics.lineSpacing()

    # -- Qt interface ------------------------------------------------------------------------
    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return card_size(_format_of(index.model()), self.headline_line)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        row = index.data(GridRole.ROW)
        if not isinstance(row, GridRow):
            return
        format_key = _format_of(index.model())
        colors, parts = self._theme.colors, self.parts
        dpr = painter.device().devicePixelRatioF()
        if self._thumbnails is not None and self._thumbnails.device_pixel_ratio != dpr:
            self._thumbnails.set_device_pixel_ratio(dpr)  # the window moved to another screen
        state = option.state  # type: ignore[attr-defined]
        cell = option.rect  # type: ignore[attr-defined]
        size = card_size(format_key, self.headline_line)
        left = cell.left() + (cell.width() - size.width()) // 2
        top = cell.top() + MARGIN
        card = QSizeF(size.width(), size.height() - 2 * MARGIN)
        painter.drawPixmap(QPointF(left, top), parts.card(
            card, colors, dpr, selected=bool(state & QStyle.StateFlag.State_Selected),
            current=bool(state & QStyle.StateFlag.State_HasFocus),
            hovered=bool(state & QStyle.StateFlag.State_MouseOver)))

        box = thumb_box(format_key)
        thumb = QRectF(left + PAD, top + PAD - MARGIN, box.width(), box.height())
        pixmap = index.data(GridRole.THUMBNAIL)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            faded = row.status is VariantStatus.REJECTED
            if faded:
                painter.setOpacity(0.38)
            painter.drawPixmap(thumb.topLeft(), pixmap)
            if faded:
                painter.setOpacity(1.0)
        else:
            text = "No preview" if self._thumbnail_failed(row, format_key) else "Loading…"
            painter.drawPixmap(thumb.topLeft(), parts.placeholder(QSizeF(box), text, colors,
                                                                  dpr))
        self._warning_badges(painter, thumb, row, format_key, dpr)

        text_top = thumb.bottom() + GAP
        line = math.ceil(self.headline_line)
        painter.setPen(QColor(colors.text))
        painter.setFont(parts.headline_font)
        for number, text in enumerate(self._headline_lines(row.headline, box.width())):
            painter.drawStaticText(QPointF(thumb.left(), text_top + number * line),
                                   parts.text(text))
        meta = QRectF(thumb.left(), text_top + 2 * line + 6, box.width(), META_HEIGHT)
        self._meta(painter, meta, row, format_key, dpr)

    # -- parts -------------------------------------------------------------------------------
    def _warning_badges(self, painter: QPainter, thumb: QRectF, row: GridRow, format_key: str,
                        dpr: float) -> None:
        warnings = row.warnings(format_key)
        if not warnings:
            return
        room = max(1, int((thumb.height() - 14) // (BADGE_HEIGHT + 4)))
        shown: list[object] = list(warnings)
        if len(shown) > room:
            shown = [*shown[:room - 1], None]
        top = thumb.top() + 7
        colors = self._theme.colors
        for kind in shown:
            style = warning_style(kind, colors, len(warnings) - (room - 1))  # type: ignore[arg-type]
            badge = self.parts.badge(style, dpr)
            width = badge.width() / dpr
            painter.drawPixmap(QPointF(round(thumb.right() - 7 - width), top), badge)
            top += BADGE_HEIGHT + 4

    def _meta(self, painter: QPainter, rect: QRectF, row: GridRow, format_key: str,
              dpr: float) -> None:
        """Status badge, angle and score under the headline (the angle on a row of its own
        when the card is narrow); a pencil when a person edited the ad's layout."""
        colors, dark, parts = self._theme.colors, self._theme.dark, self.parts
        angle = row.angle.replace("_", " ").capitalize() or "No angle"
        if meta_rows(format_key) == 2:
            chip = parts.chip(angle, rect.width(), rect.height(), colors, dark, dpr)
            painter.drawPixmap(rect.topLeft(), chip)
            rect = rect.translated(0, META_HEIGHT + 6)
        status = parts.badge(self._styles[row.status], dpr)
        painter.drawPixmap(rect.topLeft(), status)
        score = parts.score(row.score(format_key), rect.height(), colors, dark, dpr)
        score_w = score.width() / dpr
        right = rect.right() - score_w
        painter.drawPixmap(QPointF(right, rect.top()), score)
        if row.edited and row.status is not VariantStatus.EDITED:
            right -= 18
            painter.drawPixmap(QPointF(right, rect.top()), parts.edited_mark(
                rect.height(), colors, dpr))
        if meta_rows(format_key) == 1:
            chip_left = rect.left() + status.width() / dpr + 6
            room = right - 8 - chip_left
            if room >= 40:
                chip = parts.chip(angle, room, rect.height(), colors, dark, dpr)
                painter.drawPixmap(QPointF(round(chip_left), rect.top()), chip)

    def _thumbnail_failed(self, row: GridRow, format_key: str) -> bool:
        if self._thumbnails is None:
            return False
        state = row.state(format_key)
        if state is None:
            return True
        return self._thumbnails.failed(ThumbnailRequest(
            row.variant_id, format_key, state.revision,
            state.render_sha256 if state.fresh else None))

    def _headline_lines(self, text: str, width: float) -> tuple[str, ...]:
        key = (text, width, self.parts.headline_font.key())
        found = self._lines.get(key)
        if found is None:
            found = self._lines.put(key, wrap_two_lines(text, self.parts.headline_font,
                                                        self._headline_metrics, width))
        return found


def wrap_two_lines(text: str, font: QFont, metrics: QFontMetricsF, width: float
                   ) -> tuple[str, ...]:
    """`text` wrapped at word boundaries into at most two lines, the second elided."""
    from PySide6.QtCore import Qt

    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines: list[str] = []
    while len(lines) < 2:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        if len(lines) == 1:
            rest = text[start:].strip()
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            break
        lines.append(text[start:start + length].rstrip())
    layout.endLayout()
    return tuple(lines) or ("",)


def _format_of(model: object) -> str:
    while model is not None and not isinstance(model, VariantGridModel):
        source = getattr(model, "sourceModel", None)
        model = source() if callable(source) else None
    return model.format if isinstance(model, VariantGridModel) else "1:1"
