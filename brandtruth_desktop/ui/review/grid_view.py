"""`VariantGridView`: the review grid's QListView (icon mode) and its keyboard.

Arrows, Home/End and Page Up/Down move as in any list; Shift and Ctrl extend the selection;
Ctrl+A selects every ad shown. The review keys need no modifier:

    A approve · R reject · U (or Ctrl+Z) undo · E or Enter edit · Space preview
    1 … 5 show the campaign's first … fifth format

Signals:
    decide(str): "approved" or "rejected" for the selection (A, R).
    undo(): U or Ctrl+Z.
    edit(): E, Enter, or a double click.
    preview(): Space.
    format_chosen(int): 1 … 9, the campaign's format of that number.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractProxyModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.review import GridRow
from brandtruth_desktop.ui.review.grid_model import GridRole

SPACING = 3


class VariantGridView(QListView):
    """The grid of ad cards (see the module docstring)."""

    decide = Signal(str)
    undo = Signal()
    edit = Signal()
    preview = Signal()
    format_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewGrid")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(0)  # cells come from the grid size, which includes the gaps
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(48)
        self.setMouseTracking(True)
        self.setDragEnabled(False)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        self.setAccessibleName("Ads to review")
        self._card = QSize()
        self._background = QColor("#ffffff")
        # Scrolling moves the pixels already drawn and paints only the strip that appears;
        # Qt does that only for a viewport that paints every pixel itself, which this one
        # does (paintEvent). Without it every scroll step repaints the whole grid.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def set_background(self, colour: str) -> None:
        self._background = QColor(colour)
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self._background)
        painter.end()
        super().paintEvent(event)

    def set_card_size(self, size: QSize) -> None:
        """Cards of another format: re-lay out the grid for their size."""
        self._card = QSize(size)
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """As many columns as fit, sharing the spare width so the grid fills the view."""
        if self._card.isEmpty():
            return
        base = self._card.width() + 2 * SPACING
        available = max(base, self.viewport().width() - 2)  # Qt wants a little slack
        columns = max(1, available // base)
        size = QSize(available // columns, self._card.height() + 2 * SPACING)
        if size != self.gridSize():
            self.setGridSize(size)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo.emit()
            return
        if modifiers == Qt.KeyboardModifier.NoModifier:
            if key == Qt.Key.Key_A:
                self.decide.emit(VariantStatus.APPROVED.value)
                return
            if key == Qt.Key.Key_R:
                self.decide.emit(VariantStatus.REJECTED.value)
                return
            if key == Qt.Key.Key_U:
                self.undo.emit()
                return
            if key in (Qt.Key.Key_E, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.currentIndex().isValid():
                    self.edit.emit()
                return
            if key == Qt.Key.Key_Space:
                if self.currentIndex().isValid():
                    self.preview.emit()
                return
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
                self.format_chosen.emit(key - Qt.Key.Key_0)
                return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            self.setCurrentIndex(index)
            self.edit.emit()
            return
        super().mouseDoubleClickEvent(event)

    # -- rows ---------------------------------------------------------------------------------
    def selected_rows(self) -> list[GridRow]:
        """The selected ads in grid order; the current ad when nothing is selected."""
        indexes = sorted(self.selectionModel().selectedIndexes(), key=lambda i: i.row())
        if not indexes and self.currentIndex().isValid():
            indexes = [self.currentIndex()]
        rows = [index.data(GridRole.ROW) for index in indexes]
        return [row for row in rows if isinstance(row, GridRow)]

    def current_row(self) -> GridRow | None:
        row = self.currentIndex().data(GridRole.ROW)
        return row if isinstance(row, GridRow) else None

    def make_current(self, source: QModelIndex) -> bool:
        """Make the ad at a grid-model index current and selected, scrolled into view
        (False when the filters hide it)."""
        proxy = self.model()
        index = proxy.mapFromSource(source) if isinstance(proxy, QAbstractProxyModel) and \
            source.isValid() else source
        if not index.isValid():
            return False
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)
        return True

    def move_current(self, step: int) -> GridRow | None:
        """Move the current ad by `step` places; returns the new current ad."""
        index = self.currentIndex()
        number = (index.row() if index.isValid() else -1) + step
        if self.model() is not None and 0 <= number < self.model().rowCount():
            target = self.model().index(number, 0)
            self.selectionModel().setCurrentIndex(
                target, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.scrollTo(target)
        return self.current_row()

    def neighbour(self) -> QPersistentModelIndex | None:
        """The ad after the current one (else before it), as a persistent grid-model index:
        where the grid moves on to after a decision, even if the filters then hide the ad."""
        proxy, index = self.model(), self.currentIndex()
        if proxy is None or not index.isValid():
            return None
        for number in (index.row() + 1, index.row() - 1):
            if 0 <= number < proxy.rowCount():
                found = proxy.index(number, 0)
                if isinstance(proxy, QAbstractProxyModel):
                    found = proxy.mapToSource(found)
                return QPersistentModelIndex(found)
        return None
