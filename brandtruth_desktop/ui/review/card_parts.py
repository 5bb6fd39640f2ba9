"""The pieces a review card is drawn from, each drawn once and then reused as a pixmap.

Antialiased rounded shapes and text layout are the slow part of painting a card; a grid
scrolling at 60 frames a second cannot afford them for every card in every frame. So the card's
frame, the badges, the angle chip, the score and the placeholder are drawn once per look (size,
colours, text, screen density) into small pixmaps kept in an LRU, and a card is a few blits.
Text that varies per ad (the headline) is a cached QStaticText.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QStaticText,
)

from brandtruth_desktop.core.compose.lru import LRU
from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.review import WarningKind
from brandtruth_desktop.ui.review.grid_model import STATUS_LABELS
from brandtruth_desktop.ui.theme import Colors

RADIUS = 10.0
BADGE_HEIGHT = 20.0
AMBER, AMBER_INK = QColor("#f5b83d"), QColor("#3b2a00")


@dataclass(frozen=True, slots=True)
class BadgeStyle:
    fill: QColor
    ink: QColor
    label: str
    icon: str


def status_styles(colors: Colors, dark: bool) -> dict[VariantStatus, BadgeStyle]:
    """The status badges' colours in the current scheme."""
    white = QColor("#ffffff")
    return {
        VariantStatus.PENDING: BadgeStyle(QColor("#333a47" if dark else "#e3e6ec"),
                                          QColor(colors.text),
                                          STATUS_LABELS[VariantStatus.PENDING], "dot"),
        VariantStatus.APPROVED: BadgeStyle(QColor("#2ea043" if dark else "#1a7f37"), white,
                                           STATUS_LABELS[VariantStatus.APPROVED], "check"),
        VariantStatus.REJECTED: BadgeStyle(QColor(colors.danger), white,
                                           STATUS_LABELS[VariantStatus.REJECTED], "cross"),
        VariantStatus.EDITED: BadgeStyle(QColor(colors.accent), QColor(colors.accent_text),
                                         STATUS_LABELS[VariantStatus.EDITED], "pencil"),
    }


def warning_style(kind: WarningKind | None, colors: Colors, extra: int = 0) -> BadgeStyle:
    if kind is None:
        return BadgeStyle(AMBER, AMBER_INK, f"+{extra} more", "warning")
    if kind is WarningKind.GATE:
        return BadgeStyle(QColor(colors.danger), QColor("#ffffff"), kind.label, "warning")
    return BadgeStyle(AMBER, AMBER_INK, kind.label, "warning")


def score_colour(score: int, dark: bool) -> QColor:
    if score >= 85:
        return QColor("#3fb950" if dark else "#1a7f37")
    if score >= 60:
        return QColor("#d29922" if dark else "#b7791f")
    return QColor("#f85149" if dark else "#c62828")


class CardParts:
    """Cached pixmaps and static texts for review cards, for one set of fonts and colours."""

    def __init__(self, headline: QFont, small: QFont, badge: QFont) -> None:
        self.headline_font, self.small_font, self.badge_font = headline, small, badge
        self.small_metrics = QFontMetricsF(small)
        self.badge_metrics = QFontMetricsF(badge)
        self._pixmaps: LRU[tuple[object, ...], QPixmap] = LRU(
            48 << 20, lambda p: max(1, p.width() * p.height() * 4))
        self._texts: LRU[tuple[str, str], QStaticText] = LRU(2048)

    def clear(self) -> None:
        self._pixmaps.clear()
        self._texts.clear()

    # -- pieces ------------------------------------------------------------------------------
    def card(self, size: QSizeF, colors: Colors, dpr: float, *, selected: bool, current: bool,
             hovered: bool) -> QPixmap:
        def draw(painter: QPainter, rect: QRectF) -> None:
            if selected or current:
                pen = QPen(QColor(colors.accent), 2.0 if selected else 1.5)
            else:
                pen = QPen(QColor(colors.accent if hovered else colors.border), 1.0)
            painter.setPen(pen)
            painter.setBrush(QColor(colors.selection if selected else colors.surface))
            inset = pen.widthF() / 2
            painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), RADIUS, RADIUS)

        key = ("card", size.width(), size.height(), selected, current, hovered, colors, dpr)
        return self._cached(key, size, dpr, draw)

    def badge(self, style: BadgeStyle, dpr: float) -> QPixmap:
        """A pill: icon and label on a coloured ground."""
        key = ("badge", style.label, style.fill.rgba(), style.ink.rgba(), style.icon, dpr)
        found = self._pixmaps.get(key)
        if found is not None:
            return found
        icon_w = 11.0
        width = self.badge_metrics.horizontalAdvance(style.label) + 16 + icon_w + 4

        def draw(painter: QPainter, rect: QRectF) -> None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.fill)
            painter.drawRoundedRect(rect, BADGE_HEIGHT / 2, BADGE_HEIGHT / 2)
            draw_icon(painter, style.icon, QRectF(8, (BADGE_HEIGHT - icon_w) / 2, icon_w,
                                                  icon_w), style.ink)
            painter.setPen(style.ink)
            painter.setFont(self.badge_font)
            painter.drawText(QRectF(8 + icon_w + 4, 0, width, BADGE_HEIGHT),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             style.label)

        return self._cached(key, QSizeF(math.ceil(width), BADGE_HEIGHT), dpr, draw)

    def chip(self, text: str, width: float, height: float, colors: Colors, dark: bool,
             dpr: float) -> QPixmap:
        """The angle, muted, on a soft pill, elided to `width`."""
        key = ("chip", text, round(width), height, colors, dpr)
        found = self._pixmaps.get(key)
        if found is not None:
            return found
        shown = self.small_metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - 16)
        chip_w = math.ceil(self.small_metrics.horizontalAdvance(shown) + 16)

        def draw(painter: QPainter, rect: QRectF) -> None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colors.window if dark else colors.sidebar))
            painter.drawRoundedRect(rect, height / 2, height / 2)
            painter.setPen(QColor(colors.muted))
            painter.setFont(self.small_font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, shown)

        return self._cached(key, QSizeF(chip_w, height), dpr, draw)

    def score(self, score: int, height: float, colors: Colors, dark: bool,
              dpr: float) -> QPixmap:
        """A coloured dot and the score."""
        key = ("score", score, height, colors, dpr)
        found = self._pixmaps.get(key)
        if found is not None:
            return found
        label = str(score)
        width = math.ceil(self.small_metrics.horizontalAdvance(label) + 12)

        def draw(painter: QPainter, rect: QRectF) -> None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(score_colour(score, dark))
            painter.drawEllipse(QRectF(0, height / 2 - 3.5, 7, 7))
            painter.setPen(QColor(colors.text))
            painter.setFont(self.small_font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             label)

        return self._cached(key, QSizeF(width, height), dpr, draw)

    def edited_mark(self, height: float, colors: Colors, dpr: float) -> QPixmap:
        """A small muted pencil: a person changed this ad's layout."""
        def draw(painter: QPainter, rect: QRectF) -> None:
            draw_icon(painter, "pencil", QRectF(2, height / 2 - 6, 12, 12), QColor(colors.muted))

        return self._cached(("edited", height, colors, dpr), QSizeF(16, height), dpr, draw)

    def placeholder(self, size: QSizeF, text: str, colors: Colors, dpr: float) -> QPixmap:
        """The thumbnail's place while it is being made (or when it cannot be)."""
        def draw(painter: QPainter, rect: QRectF) -> None:
            painter.setPen(QPen(QColor(colors.border), 1.0))
            painter.setBrush(QColor(colors.window))
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
            painter.setPen(QColor(colors.muted))
            painter.setFont(self.small_font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

        key = ("placeholder", size.width(), size.height(), text, colors, dpr)
        return self._cached(key, size, dpr, draw)

    def text(self, line: str) -> QStaticText:
        """A headline line, laid out once."""
        key = (line, self.headline_font.key())
        found = self._texts.get(key)
        if found is None:
            found = QStaticText(line)
            found.setTextFormat(Qt.TextFormat.PlainText)
            found.prepare(font=self.headline_font)
            self._texts.put(key, found)
        return found

    def _cached(self, key: tuple[object, ...], size: QSizeF, dpr: float,
                draw: Callable[[QPainter, QRectF], None]) -> QPixmap:
        found = self._pixmaps.get(key)
        if found is not None:
            return found
        pixmap = QPixmap(max(1, math.ceil(size.width() * dpr)),
                         max(1, math.ceil(size.height() * dpr)))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        draw(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        return self._pixmaps.put(key, pixmap)


def draw_icon(painter: QPainter, name: str, rect: QRectF, ink: QColor) -> None:
    """Small vector icons for badges: check, cross, pencil, dot, warning."""
    painter.save()
    pen = QPen(ink, 1.7)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    x, y, w, h = rect.left(), rect.top(), rect.width(), rect.height()
    if name == "check":
        path = QPainterPath(QPointF(x + 0.12 * w, y + 0.55 * h))
        path.lineTo(x + 0.4 * w, y + 0.82 * h)
        path.lineTo(x + 0.9 * w, y + 0.2 * h)
        painter.drawPath(path)
    elif name == "cross":
        painter.drawLine(QPointF(x + 0.2 * w, y + 0.2 * h), QPointF(x + 0.8 * w, y + 0.8 * h))
        painter.drawLine(QPointF(x + 0.8 * w, y + 0.2 * h), QPointF(x + 0.2 * w, y + 0.8 * h))
    elif name == "pencil":
        painter.drawLine(QPointF(x + 0.2 * w, y + 0.8 * h), QPointF(x + 0.8 * w, y + 0.2 * h))
        painter.drawLine(QPointF(x + 0.12 * w, y + 0.9 * h), QPointF(x + 0.32 * w, y + 0.9 * h))
    elif name == "dot":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        painter.drawEllipse(QRectF(x + 0.28 * w, y + 0.28 * h, 0.44 * w, 0.44 * h))
    elif name == "warning":
        path = QPainterPath(QPointF(x + 0.5 * w, y + 0.05 * h))
        path.lineTo(x + 0.97 * w, y + 0.92 * h)
        path.lineTo(x + 0.03 * w, y + 0.92 * h)
        path.closeSubpath()
        pen.setWidthF(1.3)
        painter.setPen(pen)
        painter.drawPath(path)
        painter.drawLine(QPointF(x + 0.5 * w, y + 0.38 * h), QPointF(x + 0.5 * w, y + 0.62 * h))
        painter.drawPoint(QPointF(x + 0.5 * w, y + 0.78 * h))
    painter.restore()
