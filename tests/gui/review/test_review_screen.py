"""Reviewing a campaign from the keyboard: decisions, undo, bulk actions, filters and sort,
each decision checked in the audit log."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.settings import SettingsFile
from brandtruth_desktop.ui.review.filters import SortOrder
from brandtruth_desktop.ui.review.grid_model import GridRole
from brandtruth_desktop.ui.review.screen import ReviewScreen


def wait_for_writes(qtbot, screen: ReviewScreen) -> None:
    qtbot.waitUntil(lambda: not screen.session.writer.busy, timeout=10000)


def shown_ids(screen: ReviewScreen) -> list[str]:
    return [screen.proxy.index(n, 0).data(GridRole.VARIANT_ID)
            for n in range(screen.proxy.rowCount())]


def current_id(screen: ReviewScreen) -> str:
    return str(screen.view.currentIndex().data(GridRole.VARIANT_ID))


def stored_statuses(app) -> dict[str, VariantStatus]:
    return {v.id: v.status for v in app.workspace.content.variants(app.campaign_id)}


def review_rows(app) -> list[tuple[str, str | None, str]]:
    return [(d.action, d.variant_id, d.actor)
            for d in app.workspace.decisions.for_campaign(app.campaign_id)
            if d.action.startswith("variant.")]


def test_the_grid_lists_every_ad_of_the_campaign(review_app) -> None:
    app = review_app()
    screen = app.screen
    ids = [v.id for v in app.workspace.content.variants(app.campaign_id)]
    assert shown_ids(screen) == ids
    assert current_id(screen) == ids[0]
    assert screen.subtitle.text() == "12 ads · 0 approved · 0 rejected · 12 to review"
    assert screen.filter_bar.current_format() == "1:1"
    assert [b.text() for b in screen.filter_bar.formats.buttons()] == ["1:1", "9:16"]


def test_keyboard_review_approve_reject_undo_and_arrows(review_app, qtbot) -> None:
    app = review_app()
    screen, view = app.screen, app.screen.view
    ids = shown_ids(screen)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A)  # approve the first; the grid moves on
    assert current_id(screen) == ids[1]
    qtbot.keyClick(view, Qt.Key.Key_R)  # reject the second
    assert current_id(screen) == ids[2]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert current_id(screen) == ids[3]
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_U)  # undo the rejection: back on the second ad
    assert current_id(screen) == ids[1]
    wait_for_writes(qtbot, screen)

    statuses = stored_statuses(app)
    assert statuses[ids[0]] is VariantStatus.APPROVED
    assert statuses[ids[1]] is VariantStatus.PENDING
    assert screen.model.row_at(1).status is VariantStatus.PENDING
    assert review_rows(app) == [("variant.approve", ids[0], "Dana"),
                                ("variant.reject", ids[1], "Dana"),
                                ("variant.undo", ids[1], "Dana")]
    reject, undo = app.workspace.decisions.for_variant(ids[1])
    assert reject.before == {"status": "pending"}
    assert reject.after == {"status": "rejected", "layout_revisions": {"1:1": 1, "9:16": 1}}
    assert undo.before == {"status": "rejected"}
    assert undo.after == {"status": "pending", "undoes": reject.id}
    assert screen.subtitle.text() == "12 ads · 1 approved · 0 rejected · 11 to review"


def test_undo_right_after_a_decision_lands_after_it(review_app, qtbot) -> None:
    """Writes are queued in order: an undo typed at once never overtakes its decision."""
    app = review_app()
    screen, view = app.screen, app.screen.view
    first = shown_ids(screen)[0]
    view.setFocus()
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Home)
        qtbot.keyClick(view, Qt.Key.Key_A)
        qtbot.keyClick(view, Qt.Key.Key_U)
    wait_for_writes(qtbot, screen)
    assert stored_statuses(app)[first] is VariantStatus.PENDING
    assert [action for action, *_ in review_rows(app)] == ["variant.approve",
                                                           "variant.undo"] * 3
    assert screen.model.row_at(0).status is VariantStatus.PENDING


def test_bulk_approve_then_reject_a_selection_with_counts(review_app, qtbot) -> None:
    app = review_app()
    screen, view = app.screen, app.screen.view
    ids = shown_ids(screen)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert screen.selection_label.text() == "4 selected"
    with qtbot.waitSignal(screen.session.decided, timeout=10000) as said:
        qtbot.keyClick(view, Qt.Key.Key_A)
    assert said.args[0] == "Approved 4 ads · 12 ads · 4 approved · 0 rejected · 8 to review"
    assert current_id(screen) == ids[3]  # a bulk decision keeps the selection where it is

    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    with qtbot.waitSignal(screen.session.decided, timeout=10000) as said:
        screen.reject_button.click()
    assert said.args[0] == "Rejected 12 ads · 12 ads · 0 approved · 12 rejected · 0 to review"
    wait_for_writes(qtbot, screen)
    assert set(stored_statuses(app).values()) == {VariantStatus.REJECTED}
    rejections = [d for d in app.workspace.decisions.for_campaign(app.campaign_id)
                  if d.action == "variant.reject"]
    assert len(rejections) == 12
    assert {d.before["status"] for d in rejections if d.before} == {"approved", "pending"}
    assert all(d.after and d.after["batch"] == 12 for d in rejections)

    qtbot.keyClick(view, Qt.Key.Key_U)
    wait_for_writes(qtbot, screen)
    statuses = stored_statuses(app)
    assert [statuses[i] for i in ids[:5]] == [VariantStatus.APPROVED] * 4 + [
        VariantStatus.PENDING]
    assert screen.subtitle.text() == "12 ads · 4 approved · 0 rejected · 8 to review"


def test_filters_and_sort_show_what_was_asked(review_app, qtbot) -> None:
    app = review_app()
    screen, bar = app.screen, app.screen.filter_bar
    ids = shown_ids(screen)
    screen.view.setFocus()
    qtbot.keyClick(screen.view, Qt.Key.Key_A)
    qtbot.keyClick(screen.view, Qt.Key.Key_R)
    wait_for_writes(qtbot, screen)

    bar.status.setCurrentIndex(bar.status.findData("approved"))
    assert shown_ids(screen) == [ids[0]]
    bar.status.setCurrentIndex(bar.status.findData("to_review"))
    assert shown_ids(screen) == ids[2:]
    bar.status.setCurrentIndex(0)
    angle = screen.model.row_at(3).angle
    bar.angle.setCurrentIndex(bar.angle.findData(angle))
    assert shown_ids(screen) == [r.variant_id for r in screen.model.rows() if r.angle == angle]
    bar.warnings.setCurrentIndex(bar.warnings.findData("some"))
    assert screen.stack.currentWidget() is screen.no_match  # the demo's ads pass QA
    bar.clear_filters()
    assert shown_ids(screen) == ids

    bar.sort.setCurrentIndex(bar.sort.findData(SortOrder.NEWEST.value))
    assert shown_ids(screen) == list(reversed(ids))
    bar.sort.setCurrentIndex(bar.sort.findData(SortOrder.SCORE_BEST.value))
    scores = [screen.proxy.index(n, 0).data(GridRole.SCORE) for n in range(12)]
    assert scores == sorted(scores, reverse=True)
    bar.sort.setCurrentIndex(bar.sort.findData(SortOrder.SCORE_WORST.value))
    scores = [screen.proxy.index(n, 0).data(GridRole.SCORE) for n in range(12)]
    assert scores == sorted(scores)


def test_switching_format_keeps_rows_and_changes_thumbnails(review_app, qtbot) -> None:
    app = review_app()
    screen = app.screen
    resets: list[bool] = []
    screen.model.modelReset.connect(lambda: resets.append(True))
    screen.filter_bar.choose_format(1)
    assert screen.model.format == "9:16"
    assert len(shown_ids(screen)) == 12
    assert not resets
    qtbot.waitUntil(lambda: screen.proxy.index(0, 0).data(GridRole.THUMBNAIL) is not None,
                    timeout=10000)
    pixmap = screen.proxy.index(0, 0).data(GridRole.THUMBNAIL)
    assert pixmap.width() < pixmap.height()  # a 9:16 thumbnail


def test_the_reviewer_name_is_asked_once_and_kept(review_app, qtbot, monkeypatch) -> None:
    asked: list[str] = []

    def get_text(_parent, title, _label, _mode, suggestion):
        asked.append(title)
        return "Robin Reviewer", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    app = review_app(reviewer="")
    screen, view = app.screen, app.screen.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A)
    qtbot.keyClick(view, Qt.Key.Key_A)
    wait_for_writes(qtbot, screen)
    assert asked == ["Who is reviewing?"]
    assert SettingsFile(app.paths.settings_file).load().reviewer_name == "Robin Reviewer"
    assert app.window.settings_screen.reviewer_edit.text() == "Robin Reviewer"
    assert {actor for *_rest, actor in review_rows(app)} == {"Robin Reviewer"}


def test_cancelling_the_name_question_decides_nothing(review_app, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args: ("", False))
    app = review_app(reviewer="")
    app.screen.view.setFocus()
    qtbot.keyClick(app.screen.view, Qt.Key.Key_A)
    assert not app.screen.session.writer.busy
    assert review_rows(app) == []
    assert app.screen.model.row_at(0).status is VariantStatus.PENDING


def test_e_and_enter_ask_for_the_editor_with_the_format_shown(review_app, qtbot) -> None:
    app = review_app()
    screen, view = app.screen, app.screen.view
    ids = shown_ids(screen)
    view.setFocus()
    with qtbot.waitSignal(screen.edit_requested) as asked:
        qtbot.keyClick(view, Qt.Key.Key_E)
    assert asked.args == [ids[0], "1:1"]
    qtbot.keyClick(view, Qt.Key.Key_2)  # the campaign's second format
    qtbot.keyClick(view, Qt.Key.Key_Right)
    with qtbot.waitSignal(screen.edit_requested) as asked:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert asked.args == [ids[1], "9:16"]


def test_space_opens_the_large_preview_with_the_full_render(review_app, qtbot) -> None:
    app = review_app()
    screen, view = app.screen, app.screen.view
    ids = shown_ids(screen)
    view.setFocus()
    with qtbot.waitSignal(screen.preview_requested) as asked:
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert asked.args == [ids[0], "1:1"]
    dialog = screen.preview.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.picture.has_picture, timeout=10000)
    assert dialog.picture._pixmap.width() == 1080  # the full render, not a thumbnail
    facts = {f.id: f for f in app.workspace.content.facts(app.campaign_id)}
    first_fact = facts[screen.model.row_at(0).fact_ids[0]]
    assert first_fact.source_url in dialog.details.text()

    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    assert dialog.row.variant_id == ids[1] and current_id(screen) == ids[1]
    qtbot.keyClick(dialog, Qt.Key.Key_A)  # approve from the preview; it moves on
    assert dialog.row.variant_id == ids[2]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    wait_for_writes(qtbot, screen)
    assert stored_statuses(app)[ids[1]] is VariantStatus.APPROVED


def test_enter_on_a_finished_campaign_opens_it_for_review(review_app, qtbot) -> None:
    app = review_app()
    window = app.window
    window.show_screen(0)
    campaigns = window.campaigns
    qtbot.waitUntil(lambda: campaigns.model.rowCount() == 1, timeout=10000)
    campaigns.select(app.campaign_id)
    window.review.session.review = None  # as if it had never been opened
    with qtbot.waitSignal(window.review.campaign_opened, timeout=10000) as opened:
        qtbot.keyClick(campaigns.table, Qt.Key.Key_Return)
    assert opened.args == [app.campaign_id]
    assert window.stack.currentWidget() is window.review


def test_the_review_screen_opens_the_latest_campaign_when_shown(start_app, demo_paths,
                                                                qtbot) -> None:
    paths, campaign_id = demo_paths
    app = start_app(paths)
    screen = app.window.review
    with qtbot.waitSignal(screen.campaign_opened, timeout=10000) as opened:
        app.window.show_screen(1)
    assert opened.args == [campaign_id]
    assert screen.campaign_combo.currentText() == "Otterdesk spring — 12 ads"


def test_without_campaigns_the_review_screen_says_where_to_make_one(start_app, data_paths,
                                                                    qtbot) -> None:
    app = start_app(data_paths)
    screen = app.window.review
    app.window.show_screen(1)
    qtbot.waitUntil(lambda: "No campaign has ads" in screen.message.text(), timeout=10000)
    assert screen.stack.currentWidget() is screen.message
    assert not screen.filter_bar.isVisible() and not screen.export_button.isVisible()


def test_an_ad_its_facts_do_not_support_cannot_be_approved_from_the_grid(
        review_app, qtbot, dialogs) -> None:
    from dataclasses import replace

    app = review_app()
    screen, view = app.screen, app.screen.view
    first = app.workspace.content.variants(app.campaign_id)[0]
    boast = replace(first, headline="The #1 planner in the world", status=VariantStatus.EDITED)
    app.workspace.content.save_variants([boast])
    screen.refresh_variants([first.id])
    qtbot.waitUntil(lambda: bool(screen.model.row_at(0).gate), timeout=10000)

    view.setFocus()
    view.make_current(screen.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_A)
    wait_for_writes(qtbot, screen)

    assert stored_statuses(app)[first.id] is VariantStatus.EDITED
    assert ("variant.approve", first.id, "Dana") not in review_rows(app)
    title, text = dialogs.shown[-1]
    assert title == "Not approved" and "#1" in text
