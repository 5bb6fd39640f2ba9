"""What the review grid shows and in which order: `ReviewFilter` and `VariantFilterProxy`.

The proxy sits between `VariantGridModel` and the view. Changing a filter re-filters the rows
loaded so far (the proxy removes and inserts rows; the model underneath stays as it is), and
sorting moves rows with their selection. Filters and sorts other than the writing order need
every row, so the screen loads the remaining pages in the background when one is chosen
(`needs_every_row`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.review import GridRow
from brandtruth_desktop.ui.review.grid_model import (
    GridRole,
    VariantGridModel,
    warning_filter_matches,
)

AnyIndex = QModelIndex | QPersistentModelIndex
TO_REVIEW = "to_review"
"""The status filter for ads still waiting for a verdict (pending or edited)."""


class SortOrder(StrEnum):
    """The grid's orders."""

    WRITTEN = "written"  # as the ads were written (the order pages load in)
    NEWEST = "newest"
    SCORE_BEST = "score_best"
    SCORE_WORST = "score_worst"


@dataclass(frozen=True, slots=True)
class ReviewFilter:
    """The filter bar's state: "" means any. `status` is a VariantStatus value or TO_REVIEW;
    `warnings` is "", "none", "some" or a WarningKind value."""

    status: str = ""
    angle: str = ""
    warnings: str = ""
    sort: SortOrder = SortOrder.WRITTEN

    @property
    def active(self) -> bool:
        return bool(self.status or self.angle or self.warnings)

    @property
    def needs_every_row(self) -> bool:
        return self.active or self.sort is not SortOrder.WRITTEN

    def accepts(self, row: GridRow, format_key: str) -> bool:
        if format_key not in row.formats:
            return False
        if self.status == TO_REVIEW:
            if row.status not in (VariantStatus.PENDING, VariantStatus.EDITED):
                return False
        elif self.status and row.status.value != self.status:
            return False
        if self.angle and row.angle != self.angle:
            return False
        return warning_filter_matches(row, format_key, self.warnings)


class VariantFilterProxy(QSortFilterProxyModel):
    """Filters and sorts the grid's rows by a `ReviewFilter` in the model's current format."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._filter = ReviewFilter()
        self.setDynamicSortFilter(True)
        # Re-filter only when a row itself changed (status, format), not on thumbnails.
        self.setFilterRole(GridRole.ROW)
        self.setSortRole(GridRole.ROW)

    @property
    def review_filter(self) -> ReviewFilter:
        return self._filter

    def grid_model(self) -> VariantGridModel | None:
        model = self.sourceModel()
        return model if isinstance(model, VariantGridModel) else None

    def set_review_filter(self, wanted: ReviewFilter) -> None:
        old = self._filter
        rows_change = (old.status, old.angle, old.warnings) != (wanted.status, wanted.angle,
                                                               wanted.warnings)
        if rows_change:
            self._begin_rows_change()
        self._filter = wanted
        if rows_change:
            self._end_rows_change()
        if old.sort is not wanted.sort:
            self._apply_sort()

    def refilter(self) -> None:
        """Filter again (the format changed: rows without it leave, warnings differ)."""
        self._begin_rows_change()
        self._end_rows_change()
        if self._filter.sort in (SortOrder.SCORE_BEST, SortOrder.SCORE_WORST):
            self._apply_sort()

    def _apply_sort(self) -> None:
        # sort() ignores a call with the column and order it already has, so the rows go
        # back to the model's order first: the comparison itself changed.
        self.sort(-1)
        if self._filter.sort is not SortOrder.WRITTEN:
            self.sort(0, Qt.SortOrder.AscendingOrder)

    def _begin_rows_change(self) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()

    def _end_rows_change(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.grid_model()
        row = model.row_at(source_row) if model is not None else None
        return row is not None and self._filter.accepts(row, model.format if model else "")

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        model = self.grid_model()
        if model is None:
            return left.row() < right.row()
        a, b = model.row_at(left.row()), model.row_at(right.row())
        if a is None or b is None:
            return left.row() < right.row()
        order = self._filter.sort
        if order is SortOrder.NEWEST:
            return _when(a) > _when(b) or (_when(a) == _when(b) and left.row() > right.row())
        fmt = model.format
        first, second = a.score(fmt), b.score(fmt)
        if first == second:
            return left.row() < right.row()
        return first > second if order is SortOrder.SCORE_BEST else first < second


def _when(row: GridRow) -> float:
    return row.created_at.timestamp() if row.created_at else 0.0
