"""The grid's model and filter proxy on plain rows: well-behaved for Qt, lazy, and changing
only the rows and roles that changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPixmap

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.review import FormatState, GridRow, WarningKind
from brandtruth_desktop.ui.review.filters import (
    TO_REVIEW,
    ReviewFilter,
    SortOrder,
    VariantFilterProxy,
)
from brandtruth_desktop.ui.review.grid_model import (
    STATUS_ROLES,
    THUMBNAIL_ROLES,
    GridRole,
    VariantGridModel,
)
from brandtruth_desktop.ui.review.thumbnails import ThumbnailRequest

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
ANGLES = ("benefit", "pain", "social_proof")


def make_row(number: int, *, status: VariantStatus = VariantStatus.PENDING,
             warnings: tuple[WarningKind, ...] = (), score: int = 90,
             gate: tuple[str, ...] = (), formats: tuple[str, ...] = ("1:1", "9:16")) -> GridRow:
    return GridRow(
        variant_id=f"c1-v{number:04}", campaign_id=1, status=status,
        angle=ANGLES[number % 3], headline=f"Headline {number}", primary_text="Body",
        fact_ids=("f1",), created_at=START + timedelta(seconds=number), gate=gate,
        formats={key: FormatState(key, 1, f"{number:064x}", 1, warnings, score=score)
                 for key in formats},
    )


class Pages:
    """A page loader that answers at once, like the session does later."""

    def __init__(self, rows: list[GridRow]) -> None:
        self.rows = rows
        self.asked: list[tuple[int, int]] = []
        self.model: VariantGridModel | None = None

    def __call__(self, offset: int, limit: int, generation: int) -> None:
        self.asked.append((offset, limit))
        assert self.model is not None
        self.model.append_page(generation, offset, self.rows[offset:offset + limit])


class Thumbs:
    def __init__(self) -> None:
        self.ready: dict[tuple[str, str, int], QPixmap] = {}
        self.asked: list[ThumbnailRequest] = []

    def pixmap(self, request: ThumbnailRequest) -> QPixmap | None:
        self.asked.append(request)
        return self.ready.get((request.variant_id, request.format, request.revision))


def loaded_model(count: int = 30, page_size: int = 10) -> tuple[VariantGridModel, Pages, Thumbs]:
    thumbs = Thumbs()
    model = VariantGridModel(thumbnails=thumbs, page_size=page_size)
    pages = Pages([make_row(n) for n in range(count)])
    pages.model = model
    model.open_campaign(count, "1:1", pages, pages.rows[:page_size])
    return model, pages, thumbs


def test_model_passes_qt_model_tester(qtmodeltester) -> None:
    model, _pages, _thumbs = loaded_model()
    qtmodeltester.check(model, force_py=True)


def test_proxy_passes_qt_model_tester(qtmodeltester) -> None:
    model, _pages, _thumbs = loaded_model()
    proxy = VariantFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_review_filter(ReviewFilter(angle="pain", sort=SortOrder.NEWEST))
    qtmodeltester.check(proxy, force_py=True)


def test_rows_load_a_page_at_a_time(qtbot) -> None:
    model, pages, _thumbs = loaded_model(count=25, page_size=10)
    root = QModelIndex()
    assert model.rowCount() == 10 and model.total == 25 and model.canFetchMore(root)
    with qtbot.waitSignal(model.rowsInserted):
        model.fetchMore(root)
    assert model.rowCount() == 20
    model.fetchMore(root)
    assert model.rowCount() == 25 and not model.canFetchMore(root)
    assert pages.asked == [(10, 10), (20, 10)]
    assert [model.index(n, 0).data(GridRole.VARIANT_ID) for n in (0, 24)] == [
        "c1-v0000", "c1-v0024"]


def test_no_second_page_is_asked_for_while_one_is_on_its_way() -> None:
    model = VariantGridModel(page_size=10)
    asked: list[int] = []
    model.open_campaign(50, "1:1", lambda offset, _limit, _gen: asked.append(offset),
                        [make_row(n) for n in range(10)])
    model.fetchMore(QModelIndex())
    assert not model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert asked == [10]
    model.page_failed(model.generation)
    assert model.canFetchMore(QModelIndex())


def test_a_page_of_an_earlier_campaign_is_dropped() -> None:
    model = VariantGridModel(page_size=10)
    old = model.open_campaign(50, "1:1", lambda *_args: None, [make_row(n) for n in range(10)])
    model.open_campaign(5, "1:1", lambda *_args: None, [make_row(n) for n in range(5)])
    model.append_page(old, 10, [make_row(n) for n in range(10, 20)])
    assert model.rowCount() == 5


def test_a_decision_changes_one_row_and_its_status_roles_only(qtbot) -> None:
    model, _pages, _thumbs = loaded_model()
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_statuses([("c1-v0003", VariantStatus.APPROVED)])
    first, last, roles = changed.args
    assert (first.row(), last.row()) == (3, 3)
    assert set(roles) == set(STATUS_ROLES)
    assert model.index(3, 0).data(GridRole.STATUS) == "approved"
    assert not resets
    with qtbot.assertNotEmitted(model.dataChanged):
        model.set_statuses([("c1-v0003", VariantStatus.APPROVED), ("not-loaded",
                                                                   VariantStatus.REJECTED)])


def test_a_thumbnail_that_arrives_repaints_its_row_only(qtbot) -> None:
    model, _pages, thumbs = loaded_model()
    index = model.index(4, 0)
    assert index.data(GridRole.THUMBNAIL) is None
    assert thumbs.asked[-1] == ThumbnailRequest("c1-v0004", "1:1", 1, f"{4:064x}")
    pixmap = QPixmap(20, 20)
    thumbs.ready[("c1-v0004", "1:1", 1)] = pixmap
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.thumbnail_ready("c1-v0004", "1:1", 1)
    assert (changed.args[0].row(), list(changed.args[2])) == (4, THUMBNAIL_ROLES)
    assert isinstance(index.data(GridRole.THUMBNAIL), QPixmap)
    with qtbot.assertNotEmitted(model.dataChanged):
        model.thumbnail_ready("c1-v0004", "9:16", 1)  # another format than the one shown
        model.thumbnail_ready("c1-v0004", "1:1", 7)  # an older or newer revision


def test_switching_format_changes_the_loaded_rows_without_a_reset(qtbot) -> None:
    model, _pages, thumbs = loaded_model()
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_format("9:16")
    assert (changed.args[0].row(), changed.args[1].row()) == (0, 9)
    assert GridRole.THUMBNAIL in changed.args[2] and GridRole.WARNINGS in changed.args[2]
    model.index(0, 0).data(GridRole.THUMBNAIL)
    assert thumbs.asked[-1].format == "9:16"
    assert not resets


def test_data_never_raises_and_answers_every_role() -> None:
    model, _pages, _thumbs = loaded_model()
    index = model.index(2, 0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "Headline 2"
    assert "Headline 2" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole).startswith("Pending: Headline 2")
    assert index.data(GridRole.SCORE) == 90 and index.data(GridRole.REVISION) == 1
    assert index.data(GridRole.FORMATS) == ["1:1", "9:16"]
    assert model.data(model.index(99, 0)) is None
    assert model.data(index, Qt.ItemDataRole.UserRole + 999) is None


def test_filters_show_what_the_reviewer_asked_for() -> None:
    rows = [
        make_row(0, status=VariantStatus.APPROVED),
        make_row(1, warnings=(WarningKind.SAFE_ZONE,)),
        make_row(2, status=VariantStatus.EDITED, gate=("cites fact f1, which you excluded",)),
        make_row(3, status=VariantStatus.REJECTED, formats=("1:1",)),
    ]
    model = VariantGridModel()
    model.open_campaign(4, "1:1", None, rows)
    proxy = VariantFilterProxy()
    proxy.setSourceModel(model)

    def shown(wanted: ReviewFilter) -> list[int]:
        proxy.set_review_filter(wanted)
        return [int(proxy.index(n, 0).data(GridRole.VARIANT_ID)[-4:])
                for n in range(proxy.rowCount())]

    assert shown(ReviewFilter()) == [0, 1, 2, 3]
    assert shown(ReviewFilter(status="approved")) == [0]
    assert shown(ReviewFilter(status=TO_REVIEW)) == [1, 2]
    assert shown(ReviewFilter(angle="pain")) == [1]
    assert shown(ReviewFilter(warnings="some")) == [1, 2]
    assert shown(ReviewFilter(warnings="none")) == [0, 3]
    assert shown(ReviewFilter(warnings="gate")) == [2]
    assert shown(ReviewFilter(warnings="safe_zone")) == [1]
    proxy.set_review_filter(ReviewFilter())
    model.set_format("9:16")
    proxy.refilter()
    assert proxy.rowCount() == 3  # the 1:1-only ad is not shown in 9:16


@pytest.mark.parametrize(("order", "expected"), [
    (SortOrder.WRITTEN, [0, 1, 2, 3]),
    (SortOrder.NEWEST, [3, 2, 1, 0]),
    (SortOrder.SCORE_BEST, [2, 0, 3, 1]),
    (SortOrder.SCORE_WORST, [1, 3, 0, 2]),
])
def test_sort_by_score_or_date(order: SortOrder, expected: list[int]) -> None:
    scores = [80, 40, 95, 60]
    model = VariantGridModel()
    model.open_campaign(4, "1:1", None, [make_row(n, score=s) for n, s in enumerate(scores)])
    proxy = VariantFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_review_filter(ReviewFilter(sort=SortOrder.NEWEST))
    proxy.set_review_filter(ReviewFilter(sort=order))
    assert [int(proxy.index(n, 0).data(GridRole.VARIANT_ID)[-4:]) for n in range(4)] == expected


def test_a_status_filter_follows_decisions_as_they_are_made() -> None:
    model = VariantGridModel()
    model.open_campaign(3, "1:1", None, [make_row(n) for n in range(3)])
    proxy = VariantFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_review_filter(ReviewFilter(status=TO_REVIEW))
    model.set_statuses([("c1-v0001", VariantStatus.APPROVED)])
    assert proxy.rowCount() == 2
    model.set_statuses([("c1-v0001", VariantStatus.PENDING)])
    assert proxy.rowCount() == 3
