"""The publish panel against our fake Graph API, on a campaign the real pipeline made: what is
listed, what is greyed out and why, the dry run, a full publish (every object PAUSED), cancel
and resume without duplicates, and the reconnect path on error 190."""

from __future__ import annotations

import threading
from pathlib import Path

from fake_graph import ACCOUNT_ID, PAGE_ID, expired_token
from publish_support import SYSTEM_TOKEN, save_token
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QMessageBox, QPushButton

from brandtruth_desktop.core.models import CampaignStatus
from brandtruth_desktop.core.publish import RunState
from brandtruth_desktop.ui.publish.panel import TAB_PLAN, TAB_PUBLISH, PublishPanel
from brandtruth_desktop.ui.publish.variants import AdRole, Column, PublishAdsModel

LINK = "https://otterdesk.example/spring"


def start(qtbot, start_app, demo_campaign, meta_settings, memory_keyring, *,  # type: ignore[no-untyped-def]
          connected: bool = True):
    meta_settings(demo_campaign.paths)
    if connected:
        save_token(memory_keyring)
    return start_app(demo_campaign.paths)


def open_panel(qtbot, running, campaign_id: int, *, listed: bool = True  # type: ignore[no-untyped-def]
               ) -> PublishPanel:
    """Choose “Publish to Meta…” for the campaign on the Campaigns screen."""
    screen = running.window.campaigns
    qtbot.waitUntil(lambda: screen.model.row_of(campaign_id) >= 0, timeout=10000)
    screen.select(campaign_id)
    assert screen.publish_action.isEnabled()
    with qtbot.waitSignal(running.window.publishing.opened, timeout=10000) as opened:
        screen.publish_action.trigger()
    panel: PublishPanel = opened.args[0]
    qtbot.waitUntil(lambda: panel.data is not None, timeout=10000)
    if listed:
        qtbot.waitUntil(panel.form.account_combo.isEnabled, timeout=10000)
    return panel


def fill_in(panel: PublishPanel, budget: str = "25") -> None:
    panel.form.budget_edit.setText(budget)
    panel.form.url_edit.setText(LINK)
    panel.form.countries.edit.setText("US, CA")


def check(qtbot, panel: PublishPanel) -> None:  # type: ignore[no-untyped-def]
    panel.report = None
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.report is not None, timeout=10000)


def publish(qtbot, panel: PublishPanel) -> None:  # type: ignore[no-untyped-def]
    """Press Publish and confirm."""
    assert panel.publish_button.isEnabled()
    qtbot.mouseClick(panel.publish_button, Qt.MouseButton.LeftButton)
    box = panel.confirmation
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isVisible)
    assert "PAUSED" in box.informativeText()
    button = next(b for b in box.buttons() if b.text() == "&Publish")
    assert isinstance(button, QPushButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def headlines(panel: PublishPanel) -> dict[str, str]:
    assert panel.data is not None
    return {v.id: v.headline for v in panel.data.variants}


def test_accounts_and_pages_are_listed_and_only_approved_ads_can_be_published(
        qtbot, qtmodeltester, start_app, demo_campaign, meta_settings, memory_keyring,
        fake_graph) -> None:
    running = start(qtbot, start_app, demo_campaign, meta_settings, memory_keyring)
    panel = open_panel(qtbot, running, demo_campaign.campaign_id)
    form = panel.form

    # Listed from Meta, across pages of results; closed accounts and Pages one may not
    # advertise as are there but cannot be chosen.
    accounts = [form.account_combo.itemText(n) for n in range(form.account_combo.count())]
    assert accounts == ["Acme Ads · USD", "Acme Japan · JPY", "Old account · EUR"]
    model = form.account_combo.model()
    assert isinstance(model, QStandardItemModel)
    assert [model.item(n).isEnabled() for n in range(3)] == [True, True, False]
    pages = [form.page_combo.itemText(n) for n in range(form.page_combo.count())]
    assert pages == ["Acme", "Acme Outlet", "Acme Careers"]
    page_items = form.page_combo.model()
    assert isinstance(page_items, QStandardItemModel)
    assert not page_items.item(2).isEnabled()
    assert form.account_id() == ACCOUNT_ID and form.page_id() == PAGE_ID
    assert form.currency_label.text() == "USD"
    form.account_combo.setCurrentIndex(1)
    assert form.currency_label.text() == "JPY"
    assert "Connected as Ana Example" in panel.connection_label.text()

    # Approved ads are published in every rendered format; the others are greyed out with why.
    ads = panel.ads_model
    qtmodeltester.check(ads)
    qtbot.waitUntil(lambda: "2 of 12" in panel.subtitle.text(), timeout=10000)
    rows = {ads.index(n, 0).data(AdRole.VARIANT_ID): n for n in range(ads.rowCount())}
    for variant_id in demo_campaign.approved:
        index = ads.index(rows[variant_id], Column.PUBLISH)
        assert ads.flags(index) & Qt.ItemFlag.ItemIsEnabled
        assert index.data() == "✓  Yes, 1:1 and 9:16"
    rejected = ads.index(rows[demo_campaign.rejected[0]], Column.PUBLISH)
    assert ads.flags(rejected) == Qt.ItemFlag.NoItemFlags
    assert "rejected in review" in rejected.data()
    assert "too pushy" in rejected.data(Qt.ItemDataRole.ToolTipRole)
    for variant_id in demo_campaign.pending:
        index = ads.index(rows[variant_id], Column.PUBLISH)
        assert ads.flags(index) == Qt.ItemFlag.NoItemFlags
        assert "not reviewed yet" in index.data()
        assert "approve it" in index.data(Qt.ItemDataRole.ToolTipRole)

    # Only the 9:16 format: the same two ads, one format each.
    form.format_checks["1:1"].setChecked(False)
    qtbot.waitUntil(lambda: ads.index(rows[demo_campaign.approved[0]], Column.PUBLISH).data()
                    == "✓  Yes, 9:16", timeout=10000)
    assert fake_graph.posts() == []


def test_the_dry_run_shows_every_problem_and_blocks_publishing_until_fixed(
        qtbot, start_app, demo_campaign, meta_settings, memory_keyring, fake_graph) -> None:
    running = start(qtbot, start_app, demo_campaign, meta_settings, memory_keyring)
    panel = open_panel(qtbot, running, demo_campaign.campaign_id)
    panel.form.url_edit.setText("")
    check(qtbot, panel)

    codes = [panel.plan_view.problems.item(n).data(Qt.ItemDataRole.UserRole)
             for n in range(panel.plan_view.problems.count())]
    assert "no_budget" in codes and "no_destination" in codes
    assert panel.report is not None and panel.report.blocked
    assert not panel.publish_button.isEnabled()
    assert panel.tabs.currentIndex() == TAB_PLAN
    assert "Not ready" in panel.plan_view.summary.text()
    assert "problem" in panel.footer.text()

    fill_in(panel)
    assert panel.plan_view.stale.isVisible()  # the check no longer matches the settings
    assert not panel.publish_button.isEnabled()
    check(qtbot, panel)
    assert not panel.report.blocked
    assert panel.publish_button.isEnabled()
    # What will be created, in order: 1 campaign, 1 ad set, then per approved ad and format
    # an image, a creative and an ad (2 ads × 2 formats).
    tree = panel.plan_view.tree
    labels = [tree.topLevelItem(n).text(0) for n in range(tree.topLevelItemCount())]
    assert len(labels) == 2 + 3 * 4
    assert labels[0].startswith("1. Campaign") and labels[1].startswith("2. Ad set")
    adset = tree.topLevelItem(1).text(1)
    assert "PAUSED" in adset and "25.00 USD a day" in adset and "US, CA" in adset
    assert "Ready to publish" in panel.plan_view.summary.text()
    assert fake_graph.posts() == []  # the dry run sends nothing


def test_publishing_creates_every_object_paused_and_lists_the_ads_with_previews(
        qtbot, start_app, demo_campaign, meta_settings, memory_keyring, fake_graph,
        browser) -> None:
    running = start(qtbot, start_app, demo_campaign, meta_settings, memory_keyring)
    panel = open_panel(qtbot, running, demo_campaign.campaign_id)
    fill_in(panel)
    check(qtbot, panel)
    steps: list[str] = []
    running.context.runner.progress.connect(lambda _job, p: steps.append(p.message))
    publish(qtbot, panel)
    assert panel.cancel_button.isVisible() and not panel.form.isEnabled()
    qtbot.waitUntil(lambda: panel.result is not None, timeout=20000)

    # In Meta: one campaign, one ad set, and an image, creative and ad per approved ad and
    # format, everything that delivers PAUSED.
    assert len(fake_graph.created("campaign")) == 1
    assert len(fake_graph.created("adset")) == 1
    assert len(fake_graph.posts("adimages")) == 4
    assert len(fake_graph.created("creative")) == 4
    assert len(fake_graph.created("ad")) == 4
    for kind in ("campaign", "adset", "ad"):
        assert {o["params"]["status"] for o in fake_graph.created(kind)} == {"PAUSED"}
    adset = fake_graph.created("adset")[0]["params"]
    assert int(adset["daily_budget"]) == 2500
    assert adset["targeting"]["geo_locations"]["countries"] == ["US", "CA"]
    names = " ".join(o["name"] for o in fake_graph.created("creative"))
    approved = {headlines(panel)[v] for v in demo_campaign.approved}
    others = {headlines(panel)[v] for v in demo_campaign.pending + demo_campaign.rejected}
    assert all(h in names for h in approved) and not any(f"{h} (" in names for h in others)
    links = {o["params"]["object_story_spec"]["link_data"]["link"]
             for o in fake_graph.created("creative")}
    assert links == {LINK}

    # Progress (throttled by the runner, so some steps only), then the result: every ad with
    # its id and its previews.
    assert any(s.startswith("Published: everything is PAUSED") for s in steps)
    assert panel.tabs.currentIndex() == TAB_PUBLISH
    assert "Published to Meta: 4 ads, everything PAUSED" in panel.progress_view.headline.text()
    assert fake_graph.created("campaign")[0]["id"] in panel.progress_view.ids.text()
    table = panel.progress_view.ads
    assert table.rowCount() == 4
    ad_ids = {o["id"] for o in fake_graph.created("ad")}
    assert {table.item(n, 2).text() for n in range(4)} == ad_ids
    qtbot.waitUntil(lambda: table.cellWidget(0, 3).isEnabled(), timeout=10000)
    preview = table.cellWidget(0, 3)
    assert isinstance(preview, QPushButton) and preview.menu() is not None
    preview.menu().actions()[0].trigger()
    opened = Path(QUrl(browser.opened[-1]).toLocalFile())
    assert opened.is_file() and "<iframe" in opened.read_text(encoding="utf-8")
    assert not panel.publish_button.isEnabled()
    assert running.context.workspace.campaigns.get(
        demo_campaign.campaign_id).status is CampaignStatus.PUBLISHED


def test_cancel_stops_between_objects_and_publishing_again_resumes_without_duplicates(
        qtbot, start_app, demo_campaign, meta_settings, memory_keyring, fake_graph) -> None:
    running = start(qtbot, start_app, demo_campaign, meta_settings, memory_keyring)
    panel = open_panel(qtbot, running, demo_campaign.campaign_id)
    fill_in(panel)
    check(qtbot, panel)

    # Cancel while the first creative is being created: it is finished, nothing after it is.
    fake_graph.hold("adcreatives")
    publish(qtbot, panel)
    qtbot.waitUntil(fake_graph.gate_reached.is_set, timeout=20000)
    objects = panel.progress_view.objects

    def state(row: int) -> str:
        return objects.topLevelItem(row).text(1)

    # Progress per object: six done, the creative being made, the rest waiting.
    qtbot.waitUntil(lambda: state(6) == "Working…", timeout=10000)
    assert [state(n) for n in range(6)] == ["Done"] * 6
    assert {state(n) for n in range(7, 14)} == {"Waiting"}
    assert panel.progress_view.bar.value() == 6
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert "Stopping" in panel.footer.text()
    with qtbot.waitSignal(running.context.runner.cancelled, timeout=20000):
        fake_graph.release()
    assert [r.edge for r in fake_graph.posts()] == (
        ["campaigns", "adsets"] + ["adimages"] * 4 + ["adcreatives"])
    assert "cancelled between objects" in panel.progress_view.headline.text()
    runs = running.context.workspace.publishing.runs(demo_campaign.campaign_id)
    assert [r.state for r in runs] == [RunState.CANCELLED]

    # The panel checks again by itself and says what the next publish reuses.
    qtbot.waitUntil(lambda: panel.report is not None, timeout=10000)
    note = panel.plan_view.resume_note
    assert not note.isHidden()
    assert "7 objects already exist from the last attempt; they will be reused" in note.text()
    assert panel.progress_view.resume_note.isVisible()
    qtbot.waitUntil(lambda: state(13) == "Not created", timeout=10000)
    states = [state(n) for n in range(14)]
    assert states.count("Created ✓") == 7 and states.count("Not created") == 7

    publish(qtbot, panel)
    qtbot.waitUntil(lambda: panel.result is not None, timeout=20000)
    assert panel.result.resumed == 7 and panel.result.created == 7
    assert len(fake_graph.created("campaign")) == 1
    assert len(fake_graph.created("adset")) == 1
    assert len(fake_graph.posts("adimages")) == 4
    assert len(fake_graph.created("creative")) == 4
    assert len(fake_graph.created("ad")) == 4
    assert "7 reused from the last attempt" in panel.progress_view.headline.text()


def test_an_expired_login_sends_the_person_to_reconnect_and_keeps_the_work(
        qtbot, start_app, demo_campaign, meta_settings, memory_keyring, fake_graph) -> None:
    running = start(qtbot, start_app, demo_campaign, meta_settings, memory_keyring)
    window = running.window
    panel = open_panel(qtbot, running, demo_campaign.campaign_id)
    fill_in(panel, budget="40")
    check(qtbot, panel)
    fake_graph.fail("POST", "adsets", expired_token())
    publish(qtbot, panel)

    # Settings → Meta, with the reconnect banner; the panel steps aside, its work kept.
    meta = window.settings_screen.meta
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=20000)
    assert window.stack.currentWidget() is window.settings_screen
    assert meta.banner.isVisible() and meta.banner_title.text() == "Reconnect to Meta"
    assert "the token expired" in meta.banner_text.text()
    assert "is waiting" in meta.banner_text.text()
    assert meta.back_button.isVisible()
    assert panel.form.budget_edit.text() == "40"
    assert len(fake_graph.created("campaign")) == 1 and fake_graph.created("adset") == []
    runs = running.context.workspace.publishing.runs(demo_campaign.campaign_id)
    assert [r.state for r in runs] == [RunState.NEEDS_RECONNECT]

    # Reconnect: the panel comes back by itself, checked again, ready to continue.
    meta.ways.setCurrentIndex(2)
    meta.ways.token_edit.setText(SYSTEM_TOKEN)
    qtbot.mouseClick(meta.ways.token_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(panel.isVisible, timeout=10000)
    assert "Reconnected as Ana Example" in panel.progress_view.headline.text()
    assert not meta.banner.isVisible()
    qtbot.waitUntil(lambda: panel.report is not None and panel.publish_button.isEnabled(),
                    timeout=10000)
    assert "1 object already exists" in panel.plan_view.resume_note.text()
    publish(qtbot, panel)
    qtbot.waitUntil(lambda: panel.result is not None, timeout=20000)
    assert len(fake_graph.created("campaign")) == 1
    assert len(fake_graph.created("ad")) == 4
    assert int(fake_graph.created("adset")[0]["params"]["daily_budget"]) == 4000


def test_interests_are_searched_once_typing_pauses(
        qtbot, start_app, demo_campaign, meta_settings, memory_keyring, fake_graph) -> None:
    running = start(qtbot, start_app, demo_campaign, meta_settings, memory_keyring)
    panel = open_panel(qtbot, running, demo_campaign.campaign_id)
    picker = panel.form.interests
    for letter in "runn":
        picker.search.setText(picker.search.text() + letter)
    qtbot.waitUntil(lambda: picker.results.count() == 3, timeout=10000)
    searches = [r for r in fake_graph.requests if r.path == "search"]
    assert len(searches) == 1 and searches[0].query["q"] == "runn"

    item = picker.results.item(0)
    picker.results.itemClicked.emit(item)
    assert [i.name for i in picker.interests()] == ["Running"]
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled  # chosen: not offered twice
    interests = panel.current_settings().targeting.interests
    assert [(i.id, i.name) for i in interests] == [("6003139266461", "Running")]


def test_without_a_connection_the_panel_says_so_and_leads_to_settings(
        qtbot, start_app, demo_campaign, meta_settings, memory_keyring, fake_graph) -> None:
    running = start(qtbot, start_app, demo_campaign, meta_settings, memory_keyring,
                    connected=False)
    on_gui: list[bool] = []
    read = memory_keyring.get_password

    def watched(service: str, username: str) -> str | None:
        on_gui.append(threading.current_thread() is threading.main_thread())
        return read(service, username)

    memory_keyring.get_password = watched  # type: ignore[method-assign]
    panel = open_panel(qtbot, running, demo_campaign.campaign_id, listed=False)
    qtbot.waitUntil(panel.banner.isVisible)
    assert panel.banner.title.text() == "Not connected to Meta"
    assert panel.connection_label.text() == "○ Not connected to Meta"
    assert on_gui and not any(on_gui), "the panel read the keyring on the GUI thread"
    assert not panel.form.account_combo.isEnabled()
    fill_in(panel)
    check(qtbot, panel)  # the dry run works offline; publishing needs the connection
    assert "bad_account" in [panel.plan_view.problems.item(n).data(Qt.ItemDataRole.UserRole)
                             for n in range(panel.plan_view.problems.count())]
    assert not panel.publish_button.isEnabled()
    qtbot.mouseClick(panel.banner.button, Qt.MouseButton.LeftButton)
    assert running.window.stack.currentWidget() is running.window.settings_screen
    assert fake_graph.requests == []


def test_an_ads_own_link_and_button_go_into_its_creatives(qtbot, qtmodeltester) -> None:
    from brandtruth_desktop.core.models import Variant, VariantStatus

    model = PublishAdsModel()
    model.set_variants([
        Variant("v1", 1, "benefit", "Run further", "Text", status=VariantStatus.APPROVED),
        Variant("v2", 1, "benefit", "Run faster", "Text", status=VariantStatus.PENDING),
    ])
    qtmodeltester.check(model)
    model.set_defaults("https://example.com", "")
    link = model.index(0, Column.LINK)
    assert link.data() == "https://example.com"
    assert link.data(Qt.ItemDataRole.ForegroundRole) is not None  # dimmed: the default
    assert model.setData(link, "https://example.com/v1")
    assert model.setData(model.index(0, Column.BUTTON), "SHOP_NOW")
    assert not model.setData(model.index(1, Column.LINK), "https://nope.example")
    destinations = model.destinations()
    assert list(destinations) == ["v1"]
    assert destinations["v1"].url == "https://example.com/v1"
    assert destinations["v1"].call_to_action == "SHOP_NOW"
    assert model.index(0, Column.BUTTON).data() == "Shop now"
    assert model.data(QModelIndex()) is None
