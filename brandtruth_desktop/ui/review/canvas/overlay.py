"""Painting what the canvas shows about the ad (never the ad itself, which is the renderer's
pixels): a soft edge around it, the parts 9:16 placements cover, the hover outline, the lines a
drag snapped to, and the selected element's outline, handles and name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen

from brandtruth_desktop.core.compose import get_format
from brandtruth_desktop.core.editing import LineKind, box_of, element_label

if TYPE_CHECKING:
    from brandtruth_desktop.ui.review.canvas.canvas_view import CanvasView

HANDLE = 8


class CanvasColors:
    """The overlay's colours for one theme."""

    def __init__(self, dark: bool, accent: str) -> None:
        self.pasteboard = QColor("#0f1115" if dark else "#e7e9ee")
        self.accent = QColor(accent)
        self.snap = QColor("#ff3d9a")
        self.safe = QColor("#ff8a00")
        self.handle_fill = QColor("#ffffff")
        self.shade = QColor(0, 0, 0, 70)
        self.hatch = QColor(255, 138, 0, 90)
        self.label_text = QColor("#ffffff")
        self.placeholder = QColor("#9aa3b2" if dark else "#5f6b7a")


def paint_message(view: CanvasView, painter: QPainter, rect: QRectF) -> None:
    if not rect.isEmpty():
        painter.fillRect(rect, view.colors.pasteboard.lighter(104))
    painter.setPen(view.colors.placeholder)
    painter.drawText(view.rect(), Qt.AlignmentFlag.AlignCenter, view.message or "Drawing…")


def paint_shadow(painter: QPainter, rect: QRectF) -> None:
    # Thin rings around the ad, not filled rectangles: a drag repaints at 60 Hz and the
    # area under the ad is covered by it anyway.
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for spread, alpha in ((5, 8), (4, 12), (3, 18), (2, 26), (1, 40)):
        painter.setPen(QPen(QColor(0, 0, 0, alpha), 1))
        painter.drawRect(rect.adjusted(-spread, -spread + 1, spread - 1, spread))


def paint_safe_zone(view: CanvasView, painter: QPainter, rect: QRectF) -> None:
    spec = view.spec
    assert spec is not None
    zone = get_format(spec.format).safe_zone
    if zone is None or not view.show_safe_zone:
        return
    safe = view.box_rect(zone.box)
    parts = (QRectF(rect.left(), rect.top(), rect.width(), safe.top() - rect.top()),
             QRectF(rect.left(), safe.bottom(), rect.width(), rect.bottom() - safe.bottom()),
             QRectF(rect.left(), safe.top(), safe.left() - rect.left(), safe.height()),
             QRectF(safe.right(), safe.top(), rect.right() - safe.right(), safe.height()))
    painter.setPen(Qt.PenStyle.NoPen)
    for brush in (QBrush(view.colors.shade), QBrush(view.colors.hatch,
                                                    Qt.BrushStyle.BDiagPattern)):
        painter.setBrush(brush)
        for part in parts:
            painter.drawRect(part)
    painter.setPen(QPen(view.colors.safe, 1.2, Qt.PenStyle.DashLine))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(safe)
    _zone_label(view, painter, QPointF(rect.center().x(), rect.top() + 10),
                "Covered by the profile bar")
    _zone_label(view, painter, QPointF(rect.center().x(), safe.bottom() + 10),
                "Covered by the reply box and buttons")


def paint_hint(view: CanvasView, painter: QPainter, rect: QRectF, text: str) -> None:
    """A hint at the foot of the ad (in crop mode: what the pointer does now)."""
    _zone_label(view, painter, QPointF(rect.center().x(), rect.bottom() - 34), text,
                QColor("#ffffff"))


def _zone_label(view: CanvasView, painter: QPainter, top_centre: QPointF, text: str,
                ink: QColor | None = None) -> None:
    font = QFont(view.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
    font.setWeight(QFont.Weight.DemiBold)
    painter.setFont(font)
    metrics = painter.fontMetrics()
    width, height = metrics.horizontalAdvance(text) + 14, metrics.height() + 4
    chip = QRectF(top_centre.x() - width / 2, top_centre.y(), width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(20, 20, 20, 170))
    painter.drawRoundedRect(chip, height / 2, height / 2)
    painter.setPen(ink or view.colors.safe.lighter(130))
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)


def paint_hover(view: CanvasView, painter: QPainter) -> None:
    spec = view.spec
    assert spec is not None
    if not view.hover or view.hover == view.selected or view.dragging:
        return
    box = box_of(spec, view.hover)
    if box is None:
        return
    pen = QPen(view.colors.accent, 1, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(view.box_rect(box))


def paint_guides(view: CanvasView, painter: QPainter, rect: QRectF) -> None:
    for line in view.guides:
        color = view.colors.safe if line.kind in (LineKind.SAFE, LineKind.MARGIN) \
            else view.colors.snap
        painter.setPen(QPen(color, 1))
        if line.axis == "x":
            x = rect.left() + line.position * rect.width()
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        else:
            y = rect.top() + line.position * rect.height()
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))


def paint_selection(view: CanvasView, painter: QPainter) -> None:
    spec = view.spec
    assert spec is not None
    if not view.selected:
        return
    box = box_of(spec, view.selected)
    if box is None:
        return
    area = view.box_rect(box)
    painter.setPen(QPen(view.colors.accent, 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(area)
    painter.setBrush(view.colors.handle_fill)
    painter.setPen(QPen(view.colors.accent, 1.5))
    for point in handle_points(area):
        painter.drawRect(QRectF(point.x() - HANDLE / 2, point.y() - HANDLE / 2,
                                HANDLE, HANDLE))
    paint_label(view, painter, area, element_label(view.selected))


def paint_label(view: CanvasView, painter: QPainter, area: QRectF, text: str) -> None:
    font = QFont(view.font())
    font.setPointSizeF(max(7.5, font.pointSizeF() - 1))
    font.setWeight(QFont.Weight.DemiBold)
    painter.setFont(font)
    metrics = painter.fontMetrics()
    width = metrics.horizontalAdvance(text) + 12
    height = metrics.height() + 4
    top = area.top() - height - 6
    if top < 2:
        top = area.bottom() + 6
    chip = QRectF(area.left(), top, width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(view.colors.accent)
    painter.drawRoundedRect(chip, 4, 4)
    painter.setPen(view.colors.label_text)
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)


def handle_points(area: QRectF) -> list[QPointF]:
    cx, cy = area.center().x(), area.center().y()
    return [area.topLeft(), QPointF(cx, area.top()), area.topRight(),
            QPointF(area.right(), cy), area.bottomRight(), QPointF(cx, area.bottom()),
            area.bottomLeft(), QPointF(area.left(), cy)]

