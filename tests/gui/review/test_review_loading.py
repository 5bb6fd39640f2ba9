"""A big campaign opens with its first page and loads the rest as needed; thumbnails arrive
later, from worker threads, and are kept in memory and on disk."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from review_support import clone_variants

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.pipeline import RenderSaved
from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.storage.workspace import open_workspace
from brandtruth_desktop.ui.review.filters import SortOrder
from brandtruth_desktop.ui.review.grid_model import PAGE_SIZE, THUMBNAIL_ROLES, GridRole
from brandtruth_desktop.ui.review.thumbnails import (
    ThumbnailRequest,
    ThumbnailService,
    WorkspaceThumbnailSource,
    cache_path,
)

TOTAL = 450


def grow(paths: DataPaths, campaign_id: int) -> None:
    workspace = open_workspace(paths)
    try:
        clone_variants(workspace, campaign_id, TOTAL)
    finally:
        workspace.close()


def test_a_big_campaign_opens_with_one_page_and_grows_as_the_view_asks(review_app,
                                                                        qtbot) -> None:
    app = review_app(prepare=grow)
    screen, model = app.screen, app.screen.model
    assert model.total == TOTAL
    assert model.rowCount() < TOTAL
    assert screen.loaded_label.text() == f"Loaded {model.rowCount()} of {TOTAL}"
    before = model.rowCount()
    screen.view.scrollToBottom()  # the view asks for more when its last card shows
    qtbot.waitUntil(lambda: model.rowCount() > before, timeout=10000)
    assert model.rowCount() % PAGE_SIZE == 0 or model.rowCount() == TOTAL
    ids = [model.index(n, 0).data(GridRole.VARIANT_ID) for n in range(model.rowCount())]
    assert len(set(ids)) == len(ids)  # pages continue, never repeat


def test_sorting_by_score_loads_every_row(review_app, qtbot) -> None:
    app = review_app(prepare=grow)
    screen, model = app.screen, app.screen.model
    assert model.rowCount() == PAGE_SIZE
    bar = screen.filter_bar
    bar.sort.setCurrentIndex(bar.sort.findData(SortOrder.SCORE_WORST.value))
    qtbot.waitUntil(lambda: model.rowCount() == TOTAL, timeout=20000)
    assert screen.proxy.rowCount() == TOTAL
    scores = [screen.proxy.index(n, 0).data(GridRole.SCORE) for n in range(TOTAL)]
    assert scores == sorted(scores)
    assert screen.loaded_label.text() == ""


def test_a_decision_on_a_big_campaign_is_one_row_not_a_reset(review_app, qtbot) -> None:
    app = review_app(prepare=grow)
    screen, model = app.screen, app.screen.model
    resets: list[bool] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda first, last, roles: changed.append((first.row(),
                                                                         last.row()))
                              if GridRole.STATUS in roles else None)
    screen.select_variant(model.row_at(5).variant_id)
    screen.decide_selected(VariantStatus.APPROVED)
    qtbot.waitUntil(lambda: not screen.session.writer.busy, timeout=10000)
    assert changed == [(5, 5)]
    assert not resets


def test_thumbnails_arrive_later_and_repaint_their_row(review_app, qtbot) -> None:
    app = review_app()
    screen, model = app.screen, app.screen.model
    service = screen.thumbnails
    service.set_source(WorkspaceThumbnailSource(app.workspace))  # forget what the view asked
    row = model.row_at(7)
    request = model.thumbnail_request(row)
    assert request is not None and request.render_sha256 is not None
    fresh = ThumbnailRequest(request.variant_id, request.format, request.revision + 100,
                             request.render_sha256)
    with qtbot.waitSignal(service.ready, timeout=10000) as ready:
        assert service.pixmap(fresh) is None  # the GUI thread never waits
    assert ready.args == [fresh.variant_id, fresh.format, fresh.revision]
    pixmap = service.pixmap(fresh)
    assert pixmap is not None
    box = service.pixel_size("1:1")
    assert (pixmap.width(), pixmap.height()) == box
    assert cache_path(app.paths.root / "cache" / "thumbnails", fresh, box).is_file()

    # The row showing a thumbnail repaints when it arrives: its thumbnail roles only.
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.thumbnail_ready(row.variant_id, "1:1", request.revision)
    assert changed.args[0].row() == 7 and list(changed.args[2]) == THUMBNAIL_ROLES


def test_thumbnails_come_from_the_disk_cache_after_a_restart(review_app, qtbot,
                                                             tmp_path: Path) -> None:
    app = review_app()
    screen = app.screen
    request = screen.model.thumbnail_request(screen.model.row_at(0))
    assert request is not None
    qtbot.waitUntil(lambda: screen.thumbnails.cached(request) is not None, timeout=10000)

    class NoFiles(WorkspaceThumbnailSource):
        def read(self, sha256: str) -> bytes:
            raise AssertionError("made again instead of read from the disk cache")

    service = ThumbnailService(app.context.runner,
                               cache_dir=app.paths.root / "cache" / "thumbnails")
    service.set_source(NoFiles(app.workspace))
    with qtbot.waitSignal(service.ready, timeout=10000):
        assert service.pixmap(request) is None
    assert service.pixmap(request) is not None and not service.failed(request)


def test_an_edited_layout_is_rendered_for_its_thumbnail(review_app, qtbot) -> None:
    app = review_app()
    screen, model = app.screen, app.screen.model
    row = model.row_at(2)
    spec = app.workspace.content.latest_layout_spec(row.variant_id, "1:1")
    app.workspace.content.add_layout_spec(row.variant_id, "1:1", spec.spec)
    with qtbot.waitSignal(model.dataChanged, timeout=10000,
                          check_params_cb=lambda _first, _last, roles: GridRole.ROW in roles):
        screen.refresh_variants([row.variant_id])
    state = model.row_at(2).state("1:1")
    assert state.revision == 2 and not state.fresh
    request = model.thumbnail_request(model.row_at(2))
    assert request.render_sha256 is None  # no stored render of revision 2: the renderer draws it
    screen.thumbnails.pixmap(request)
    qtbot.waitUntil(lambda: screen.thumbnails.cached(request) is not None, timeout=10000)
    assert model.index(2, 0).data(GridRole.EDITED) is True


def test_ads_rendered_while_the_campaign_is_open_are_read_again(review_app, qtbot) -> None:
    """The pipeline (or the canvas editor) saves a new layout and render: the row follows."""
    app = review_app()
    model = app.screen.model
    row = model.row_at(1)
    spec = app.workspace.content.latest_layout_spec(row.variant_id, "1:1")
    revision = app.workspace.content.add_layout_spec(row.variant_id, "1:1", spec.spec).revision
    render = next(r for r in app.workspace.runs.renders(app.campaign_id)
                  if (r.variant_id, r.format) == (row.variant_id, "1:1"))
    saved = app.workspace.runs.save_render(replace(render, id=None, spec_revision=revision))
    with qtbot.waitSignal(model.dataChanged, timeout=10000,
                          check_params_cb=lambda first, _last, roles: GridRole.ROW in roles):
        app.window.campaigns.jobs.event.emit(RenderSaved(app.campaign_id, saved))
    state = model.row_at(1).state("1:1")
    assert (state.revision, state.fresh) == (revision, True)
