"""`VariantGridModel`: a thin list model over the review grid's rows, loaded page by page.

The rows are plain `GridRow`s (core.review) in the order the ads were written. The model
knows how many the campaign has and asks its page loader for the next page when the view
scrolls to the end (`canFetchMore` / `fetchMore`); the loader answers later, on the GUI thread,
with `append_page`. Nothing here touches the database or waits.

Changes are as small as they can be: a decision changes one row's status roles, a thumbnail
that arrives changes one row's thumbnail roles, switching the format changes the
format-dependent roles of the loaded rows. The only reset is opening another campaign.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from enum import IntEnum
from typing import Any, Protocol

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPixmap

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.review import GridRow, WarningKind
from brandtruth_desktop.ui.review.thumbnails import ThumbnailRequest

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 120
"""Rows per page: more than a large screen shows, small enough to load in tens of ms."""

STATUS_LABELS = {
    VariantStatus.PENDING: "Pending",
    VariantStatus.APPROVED: "Approved",
    VariantStatus.REJECTED: "Rejected",
    VariantStatus.EDITED: "Edited",
}


class GridRole(IntEnum):
    """What the grid's delegate, filters and screen read from a row."""

    VARIANT_ID = Qt.ItemDataRole.UserRole + 1
    ROW = Qt.ItemDataRole.UserRole + 2  # the GridRow itself (filters read it)
    STATUS = Qt.ItemDataRole.UserRole + 3  # VariantStatus value
    ANGLE = Qt.ItemDataRole.UserRole + 4
    HEADLINE = Qt.ItemDataRole.UserRole + 5
    SCORE = Qt.ItemDataRole.UserRole + 6  # 0–100 in the current format
    CREATED = Qt.ItemDataRole.UserRole + 7  # creation time, POSIX seconds
    FORMATS = Qt.ItemDataRole.UserRole + 8  # [format key] the ad has a layout in
    WARNINGS = Qt.ItemDataRole.UserRole + 9  # [WarningKind value] in the current format
    THUMBNAIL = Qt.ItemDataRole.UserRole + 10  # QPixmap, or None while it is being made
    REVISION = Qt.ItemDataRole.UserRole + 11  # layout revision in the current format
    EDITED = Qt.ItemDataRole.UserRole + 12  # a person changed the ad


STATUS_ROLES = [GridRole.STATUS, GridRole.ROW, Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.AccessibleTextRole]
THUMBNAIL_ROLES = [GridRole.THUMBNAIL, Qt.ItemDataRole.DecorationRole]
FORMAT_ROLES = [GridRole.ROW, GridRole.SCORE, GridRole.WARNINGS, GridRole.THUMBNAIL,
                GridRole.REVISION, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.AccessibleTextRole]


class ThumbnailProvider(Protocol):
    """Where the model gets thumbnails (ui.review.thumbnails.ThumbnailService fits)."""

    def pixmap(self, request: ThumbnailRequest) -> QPixmap | None: ...


PageLoader = Callable[[int, int, int], None]
"""`loader(offset, limit, generation)`: fetch rows and call `append_page` (or `page_failed`)
with the same generation, later, on the GUI thread."""


class VariantGridModel(QAbstractListModel):
    """The review grid's rows (see the module docstring)."""

    def __init__(self, parent: Any = None, *, thumbnails: ThumbnailProvider | None = None,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._rows: list[GridRow] = []
        self._row_of: dict[str, int] = {}
        self._total = 0
        self._format = "1:1"
        self._thumbnails = thumbnails
        self._loader: PageLoader | None = None
        self._loading = False
        self._generation = 0
        self.page_size = page_size

    # -- Qt interface ------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return (not parent.isValid() and self._loader is not None and not self._loading
                and len(self._rows) < self._total)

    def fetchMore(self, parent: AnyIndex) -> None:
        if not self.canFetchMore(parent) or self._loader is None:
            return
        self._loading = True
        self._loader(len(self._rows), self.page_size, self._generation)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        number = index.row()
        if not 0 <= number < len(self._rows):
            return None
        try:
            return self._data(self._rows[number], role)
        except Exception:  # a view must never see an exception from data()
            log.exception("review grid: role %d of row %d could not be read", role, number)
            return None

    # -- loading -----------------------------------------------------------------------------
    @property
    def format(self) -> str:
        return self._format

    @property
    def total(self) -> int:
        """How many ads the campaign has (loaded or not)."""
        return self._total

    @property
    def generation(self) -> int:
        """Changes with every campaign opened; pages of an older one are ignored."""
        return self._generation

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def complete(self) -> bool:
        return len(self._rows) >= self._total

    def open_campaign(self, total: int, format_key: str, loader: PageLoader | None,
                      first_page: Sequence[GridRow] = ()) -> int:
        """Show another campaign: the one reset. Returns the new generation."""
        self.beginResetModel()
        self._generation += 1
        self._rows = list(first_page)
        self._row_of = {row.variant_id: n for n, row in enumerate(self._rows)}
        self._total = max(total, len(self._rows))
        self._format = format_key
        self._loader = loader
        self._loading = False
        self.endResetModel()
        return self._generation

    def append_page(self, generation: int, offset: int, rows: Sequence[GridRow]) -> None:
        """Rows the loader fetched. A page for another campaign, or one that no longer
        continues the list, is dropped."""
        if generation != self._generation:
            return
        self._loading = False
        fresh = [r for r in rows if r.variant_id not in self._row_of]
        if offset != len(self._rows) or not fresh:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for number, row in enumerate(fresh, start=first):
            self._rows.append(row)
            self._row_of[row.variant_id] = number
        self._total = max(self._total, len(self._rows))
        self.endInsertRows()

    def page_failed(self, generation: int) -> None:
        """The loader could not fetch a page; the next scroll to the end tries again."""
        if generation == self._generation:
            self._loading = False

    def set_total(self, total: int) -> None:
        """The campaign has this many ads now (the pipeline may still be adding them)."""
        self._total = max(total, len(self._rows))

    # -- reading rows -------------------------------------------------------------------------
    def row_at(self, number: int) -> GridRow | None:
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def row_of(self, variant_id: str) -> int:
        """The row number of a variant, or -1 if it is not loaded."""
        return self._row_of.get(variant_id, -1)

    def rows(self) -> list[GridRow]:
        return list(self._rows)

    def index_of(self, variant_id: str) -> QModelIndex:
        number = self.row_of(variant_id)
        return self.index(number, 0) if number >= 0 else QModelIndex()

    # -- changes -----------------------------------------------------------------------------
    def set_format(self, format_key: str) -> None:
        """Show another format: the format-dependent roles of every loaded row change."""
        if format_key == self._format:
            return
        self._format = format_key
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0),
                                  FORMAT_ROLES)

    def set_statuses(self, statuses: Iterable[tuple[str, VariantStatus]]) -> list[str]:
        """Change the status of loaded rows (a decision, or its undo); returns the ids whose
        row changed."""
        changed = []
        for variant_id, status in statuses:
            number = self._row_of.get(variant_id, -1)
            if number < 0 or self._rows[number].status is status:
                continue
            self._rows[number] = replace(self._rows[number], status=status)
            index = self.index(number, 0)
            self.dataChanged.emit(index, index, STATUS_ROLES)
            changed.append(variant_id)
        return changed

    def update_rows(self, rows: Iterable[GridRow]) -> None:
        """Replace loaded rows with fresh ones (after an edit, a new render or a refresh);
        only rows that differ emit, with only the roles that differ."""
        for row in rows:
            number = self._row_of.get(row.variant_id, -1)
            if number < 0:
                continue
            old = self._rows[number]
            if old == row:
                continue
            self._rows[number] = row
            index = self.index(number, 0)
            self.dataChanged.emit(index, index, changed_roles(old, row))

    def thumbnail_ready(self, variant_id: str, format_key: str, revision: int) -> None:
        """A thumbnail arrived: repaint its row if it is the one the row shows."""
        number = self._row_of.get(variant_id, -1)
        if number < 0 or format_key != self._format:
            return
        state = self._rows[number].state(format_key)
        if state is not None and state.revision == revision:
            index = self.index(number, 0)
            self.dataChanged.emit(index, index, THUMBNAIL_ROLES)

    # -- helpers -----------------------------------------------------------------------------
    def thumbnail_request(self, row: GridRow) -> ThumbnailRequest | None:
        state = row.state(self._format)
        if state is None:
            return None
        return ThumbnailRequest(row.variant_id, self._format, state.revision,
                                state.render_sha256 if state.fresh else None)

    def _data(self, row: GridRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole or role == GridRole.HEADLINE:
            return row.headline
        if role == GridRole.VARIANT_ID:
            return row.variant_id
        if role == GridRole.ROW:
            return row
        if role == GridRole.STATUS:
            return row.status.value
        if role == GridRole.ANGLE:
            return row.angle
        if role == GridRole.SCORE:
            return row.score(self._format)
        if role == GridRole.CREATED:
            return row.created_at.timestamp() if row.created_at else 0.0
        if role == GridRole.FORMATS:
            return list(row.formats)
        if role == GridRole.WARNINGS:
            return [kind.value for kind in row.warnings(self._format)]
        if role == GridRole.REVISION:
            state = row.state(self._format)
            return state.revision if state is not None else 0
        if role == GridRole.EDITED:
            return row.edited
        if role in (GridRole.THUMBNAIL, Qt.ItemDataRole.DecorationRole):
            request = self.thumbnail_request(row)
            if request is None or self._thumbnails is None:
                return None
            return self._thumbnails.pixmap(request)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            warnings = row.warnings(self._format)
            said = f", warnings: {', '.join(w.label for w in warnings)}" if warnings else ""
            return f"{STATUS_LABELS[row.status]}: {row.headline} ({row.angle}){said}"
        return None

    def _tooltip(self, row: GridRow) -> str:
        lines = [row.headline, row.primary_text, "",
                 f"{STATUS_LABELS[row.status]} · {row.angle.replace('_', ' ')} · "
                 f"score {row.score(self._format)}"]
        state = row.state(self._format)
        if state is not None:
            lines.extend(f"⚠ {problem}" for problem in state.problems)
            if not state.fresh:
                lines.append("The layout changed since it was rendered; the preview is redrawn.")
        lines.extend(f"⚠ Gate: {reason}" for reason in row.gate)
        return "\n".join(line for line in lines if line is not None)


def changed_roles(old: GridRow, new: GridRow) -> list[int]:
    """The roles that read differently after a row was replaced by a fresh one."""
    roles: list[int] = [GridRole.ROW]
    if old.status is not new.status:
        roles += STATUS_ROLES
    if (old.headline, old.primary_text) != (new.headline, new.primary_text):
        roles += [Qt.ItemDataRole.DisplayRole, GridRole.HEADLINE]
    if old.angle != new.angle:
        roles.append(GridRole.ANGLE)
    if old.formats != new.formats or old.gate != new.gate:
        roles += [*FORMAT_ROLES, GridRole.FORMATS, GridRole.EDITED]
    if old.created_at != new.created_at:
        roles.append(GridRole.CREATED)
    roles += [Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole]
    return list(dict.fromkeys(roles))


def warning_filter_matches(row: GridRow, format_key: str, wanted: str) -> bool:
    """Whether a row passes the warnings filter: "" any, "none", "some", or a WarningKind."""
    if not wanted:
        return True
    found = row.warnings(format_key)
    if wanted == "none":
        return not found
    if wanted == "some":
        return bool(found)
    try:
        return WarningKind(wanted) in found
    except ValueError:
        return True
