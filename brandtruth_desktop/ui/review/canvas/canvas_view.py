"""The canvas: the rendered ad, and handles to grab its parts with.

The ad itself is only ever the renderer's pixels (a `PreviewFrame`); Qt draws what is *about*
the ad on top: the outline and eight handles of the selected element, a hover outline, the
lines a drag snapped to, and on 9:16 the parts Stories and Reels cover. Dragging an element
(or a handle) reports the new box continuously; the editor turns that into a spec edit, and
the picture catches up a frame later. All geometry and snapping is `core.editing`; this
widget only converts between screen pixels and canvas fractions.

Keyboard: arrows nudge the selected element one preview pixel (Shift: ten), Tab and
Shift+Tab select the next or previous element, Enter edits a text in place, Escape deselects.

Signals:
    selection_changed(str): the element selected ("" for none).
    box_dragged(str, object): element id and its new Box while it is dragged or nudged.
    drag_finished(str): the pointer let go of an element.
    text_edit_requested(str): a text element was double-clicked (or Enter pressed on it).
    crop_dragged(float, float): in crop mode, the picture dragged by (dx, dy) canvas fractions.
    crop_zoomed(float): in crop mode, the wheel asked to zoom by this factor.
    preview_width_changed(int): the width in device pixels the preview should be rendered at.
    frame_shown(object): a PreviewFrame has been painted.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from brandtruth_desktop.core.compose import LayoutSpec, get_format
from brandtruth_desktop.core.editing import (
    Handle,
    SnapLine,
    box_of,
    drag_box,
    element_ids,
    hit_handle,
    snap_box,
    snap_lines,
    text_role,
)
from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.ui.review.canvas import overlay
from brandtruth_desktop.ui.review.canvas.overlay import CanvasColors
from brandtruth_desktop.ui.review.canvas.preview import PreviewFrame

MARGIN = 28
REACH = 7
SNAP_PX = 6
MIN_GRAB_PX = 10
CURSORS = {
    Handle.MOVE: Qt.CursorShape.SizeAllCursor,
    Handle.N: Qt.CursorShape.SizeVerCursor, Handle.S: Qt.CursorShape.SizeVerCursor,
    Handle.E: Qt.CursorShape.SizeHorCursor, Handle.W: Qt.CursorShape.SizeHorCursor,
    Handle.NE: Qt.CursorShape.SizeBDiagCursor, Handle.SW: Qt.CursorShape.SizeBDiagCursor,
    Handle.NW: Qt.CursorShape.SizeFDiagCursor, Handle.SE: Qt.CursorShape.SizeFDiagCursor,
}


class CanvasView(QWidget):
    """The ad and its handles (see the module docstring)."""

    selection_changed = Signal(str)
    box_dragged = Signal(str, object)
    drag_finished = Signal(str)
    text_edit_requested = Signal(str)
    crop_dragged = Signal(float, float)
    crop_zoomed = Signal(float)
    preview_width_changed = Signal(int)
    frame_shown = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CanvasView")
        self.setAccessibleName("Ad canvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 320)
        self.colors = CanvasColors(False, "#4f46e5")
        self.snapping = True
        self.show_safe_zone = True
        self._crop_mode = False
        self._spec: LayoutSpec | None = None
        self._frame: PreviewFrame | None = None
        self._pixmap: QPixmap | None = None
        self._selected = ""
        self._hover = ""
        self._drag: _Drag | None = None
        self._guides: tuple[SnapLine, ...] = ()
        self._message = "Loading the ad…"
        self._last_width = 0

    # -- state from the editor ----------------------------------------------------------------
    @property
    def spec(self) -> LayoutSpec | None:
        return self._spec

    @property
    def selected(self) -> str:
        return self._selected

    @property
    def frame(self) -> PreviewFrame | None:
        """The preview on screen."""
        return self._frame

    @property
    def dragging(self) -> bool:
        return self._drag is not None

    @property
    def hover(self) -> str:
        """The element under the pointer ("" for none)."""
        return self._hover

    @property
    def guides(self) -> tuple[SnapLine, ...]:
        """The lines the element being dragged snapped to."""
        return self._guides

    @property
    def message(self) -> str:
        return self._message

    def set_colors(self, colors: CanvasColors) -> None:
        self.colors = colors
        self.update()

    def set_message(self, text: str) -> None:
        """Text shown instead of the ad (while loading, or when it cannot be drawn)."""
        self._message = text
        self.update()

    def set_spec(self, spec: LayoutSpec) -> None:
        """The layout on screen (its boxes are where the handles go)."""
        resized = self._spec is None or self._spec.format != spec.format
        self._spec = spec
        if self._selected and box_of(spec, self._selected) is None:
            self.select("")
        if resized:
            self._frame, self._pixmap = None, None
            self._announce_width()
        self.update()

    def set_frame(self, frame: PreviewFrame) -> None:
        """Show a new preview (only one of the layout's current format)."""
        if self._spec is not None and frame.spec.format != self._spec.format:
            return
        self._frame = frame
        self._pixmap = QPixmap.fromImage(frame.image)
        self._message = ""
        self.repaint() if self._drag is not None else self.update()
        self.frame_shown.emit(frame)

    def set_crop_mode(self, on: bool) -> None:
        self._crop_mode = on
        self.setCursor(Qt.CursorShape.OpenHandCursor if on else Qt.CursorShape.ArrowCursor)
        self.update()

    @property
    def crop_mode(self) -> bool:
        return self._crop_mode

    def select(self, element: str) -> None:
        if element == self._selected:
            return
        self._selected = element
        self.selection_changed.emit(element)
        self.update()

    # -- geometry ------------------------------------------------------------------------------
    def ad_rect(self) -> QRectF:
        """Where the ad is drawn, in widget coordinates (fitted, centred)."""
        if self._spec is None:
            return QRectF()
        fmt = get_format(self._spec.format)
        available = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        if available.width() <= 0 or available.height() <= 0:
            return QRectF()
        scale = min(available.width() / fmt.width, available.height() / fmt.height)
        width, height = fmt.width * scale, fmt.height * scale
        return QRectF(available.center().x() - width / 2, available.center().y() - height / 2,
                      width, height).toAlignedRect().toRectF()

    def preview_width(self) -> int:
        """The width, in device pixels, at which the preview fills the ad's place exactly."""
        if self._spec is None:
            return 0
        fmt = get_format(self._spec.format)
        width = round(self.ad_rect().width() * self.devicePixelRatioF())
        return max(120, min(fmt.width, width))

    def to_widget(self, x: float, y: float) -> QPointF:
        """A canvas fraction as a widget point."""
        rect = self.ad_rect()
        return QPointF(rect.x() + x * rect.width(), rect.y() + y * rect.height())

    def box_rect(self, box: Box) -> QRectF:
        rect = self.ad_rect()
        return QRectF(rect.x() + box.x * rect.width(), rect.y() + box.y * rect.height(),
                      box.w * rect.width(), box.h * rect.height())

    def _to_canvas(self, point: QPointF) -> tuple[float, float]:
        rect = self.ad_rect()
        return ((point.x() - rect.x()) / max(1.0, rect.width()),
                (point.y() - rect.y()) / max(1.0, rect.height()))

    def _reach(self) -> tuple[float, float]:
        rect = self.ad_rect()
        return REACH / max(1.0, rect.width()), REACH / max(1.0, rect.height())

    def element_at(self, point: QPointF) -> tuple[str, Handle] | None:
        """The element (and handle) under a widget point: the selected element's handles
        first, then the topmost element whose box holds the point."""
        if self._spec is None:
            return None
        where = self._to_canvas(point)
        reach = self._reach()
        if self._selected:
            box = box_of(self._spec, self._selected)
            handle = hit_handle(box, where, reach) if box is not None else None
            if handle is not None:
                return self._selected, handle
        for element in reversed(element_ids(self._spec)):
            box = box_of(self._spec, element)
            if box is not None and self._grab_box(box).contains(where):
                return element, Handle.MOVE
        return None

    def _grab_box(self, box: Box) -> Box:
        """A box grown to at least MIN_GRAB_PX on screen, so thin shapes can be grabbed."""
        rect = self.ad_rect()
        min_w = MIN_GRAB_PX / max(1.0, rect.width())
        min_h = MIN_GRAB_PX / max(1.0, rect.height())
        grow_x, grow_y = max(0.0, (min_w - box.w) / 2), max(0.0, (min_h - box.h) / 2)
        return Box(box.x - grow_x, box.y - grow_y, box.w + 2 * grow_x, box.h + 2 * grow_y)

    # -- mouse ---------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._spec is None:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        point = event.position()
        if self._crop_mode:
            self._drag = _Drag("", Handle.MOVE, point, Box(0, 0, 0, 0), ())
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        found = self.element_at(point)
        if found is None:
            self.select("")
            return
        element, handle = found
        self.select(element)
        box = box_of(self._spec, element)
        if box is None:
            return
        self._drag = _Drag(element, handle, point, box, tuple(snap_lines(self._spec, element)))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        drag = self._drag
        if drag is None:
            self._update_hover(point)
            return
        rect = self.ad_rect()
        dx = (point.x() - drag.origin.x()) / max(1.0, rect.width())
        dy = (point.y() - drag.origin.y()) / max(1.0, rect.height())
        if self._crop_mode:
            self.crop_dragged.emit(dx, dy)
            drag.origin = point
            return
        box = drag_box(drag.start, drag.handle, dx, dy)
        guides: tuple[SnapLine, ...] = ()
        snap = self.snapping and not event.modifiers() & Qt.KeyboardModifier.AltModifier
        if snap:
            tolerance = (SNAP_PX / max(1.0, rect.width()), SNAP_PX / max(1.0, rect.height()))
            result = snap_box(box, drag.handle, drag.lines, tolerance)
            box, guides = result.box, result.lines
        self._guides = guides
        self.box_dragged.emit(drag.element, box)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self._drag = None
        self._guides = ()
        if self._crop_mode:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.drag_finished.emit(drag.element)
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        found = self.element_at(event.position()) if not self._crop_mode else None
        if found is not None and text_role(found[0]) is not None:
            self.select(found[0])
            self.text_edit_requested.emit(found[0])
            return
        super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self._crop_mode and event.angleDelta().y():
            self.crop_zoomed.emit(1.1 if event.angleDelta().y() > 0 else 1 / 1.1)
            event.accept()
            return
        super().wheelEvent(event)

    def leaveEvent(self, event: object) -> None:
        self._hover = ""
        self.update()

    def _update_hover(self, point: QPointF) -> None:
        if self._crop_mode:
            return
        found = self.element_at(point)
        hover = found[0] if found is not None else ""
        cursor = CURSORS[found[1]] if found is not None else Qt.CursorShape.ArrowCursor
        if found is not None and found[0] != self._selected:
            cursor = Qt.CursorShape.PointingHandCursor
        self.setCursor(cursor)
        if hover != self._hover:
            self._hover = hover
            self.update()

    # -- keyboard ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self._spec is not None:
            self._cycle(-1 if key == Qt.Key.Key_Backtab else 1)
            return
        if key == Qt.Key.Key_Escape and self._selected:
            self.select("")
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and text_role(self._selected):
            self.text_edit_requested.emit(self._selected)
            return
        steps = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
                 Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key in steps and self._selected and self._spec is not None:
            box = box_of(self._spec, self._selected)
            if box is not None:
                rect = self.ad_rect()
                step = 10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
                sx, sy = steps[key]
                moved = drag_box(box, Handle.MOVE, sx * step / max(1.0, rect.width()),
                                 sy * step / max(1.0, rect.height()))
                self.box_dragged.emit(self._selected, moved)
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab selects elements while the canvas has focus (it does not leave the canvas).
        if self.hasFocus() and self._spec is not None and element_ids(self._spec):
            return False
        return super().focusNextPrevChild(next)

    def _cycle(self, step: int) -> None:
        assert self._spec is not None
        ids = list(reversed(element_ids(self._spec)))  # topmost (the headline) first
        if not ids:
            return
        index = ids.index(self._selected) if self._selected in ids else -1 if step > 0 else 0
        self.select(ids[(index + step) % len(ids)])

    # -- painting ------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._announce_width()

    def _announce_width(self) -> None:
        width = self.preview_width()
        if width and width != self._last_width:
            self._last_width = width
            self.preview_width_changed.emit(width)

    def sizeHint(self) -> QSize:
        return QSize(720, 720)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.colors.pasteboard)
        rect = self.ad_rect()
        if self._pixmap is None or rect.isEmpty():
            overlay.paint_message(self, painter, rect)
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        overlay.paint_shadow(painter, rect)
        pixmap = self._pixmap
        pixmap.setDevicePixelRatio(pixmap.width() / max(1.0, rect.width()))
        painter.drawPixmap(rect.topLeft(), pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self._spec is not None:
            overlay.paint_safe_zone(self, painter, rect)
            if self._crop_mode:
                overlay.paint_hint(self, painter, rect,
                                   "Drag the photo to move it · scroll to zoom")
            else:
                overlay.paint_hover(self, painter)
                overlay.paint_guides(self, painter, rect)
                overlay.paint_selection(self, painter)
        painter.end()

class _Drag:
    """A drag in progress: what is dragged, by which handle, from where, the box it started
    as, and the lines it may snap to (fixed for the drag: nothing else moves meanwhile)."""

    def __init__(self, element: str, handle: Handle, origin: QPointF, start: Box,
                 lines: tuple[SnapLine, ...]) -> None:
        self.element = element
        self.handle = handle
        self.origin = origin
        self.start = start
        self.lines = lines
