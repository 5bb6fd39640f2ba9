"""A marketer walks the campaign wizard: a site in, facts checked and changed, ads written,
pictures chosen, every ad rendered; then we look at what was stored.

Runs on the demo brand (no network) and on a real brand's saved page served from 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard

from brandtruth_desktop.core.models import CampaignStatus, Fact, FactKind, Risk
from brandtruth_desktop.core.pipeline import RenderSaved, Step
from brandtruth_desktop.paths import resources_dir
from brandtruth_desktop.ui.wizard import CampaignWizard
from brandtruth_desktop.ui.wizard.fact_dialog import FactDialog
from brandtruth_desktop.ui.wizard.fact_model import FactColumn

TESTS = Path(__file__).resolve().parents[1]
CORPUS = TESTS.parents[1] / "shared" / "corpus"  # as tests/conftest.py finds it
sys.path.insert(0, str(TESTS / "integration"))
from fake_site_server import FakeSite  # noqa: E402

LONG = 60_000
DEMO = resources_dir() / "demo_site"


@pytest.fixture
def corpus_site() -> Iterator[FakeSite]:
    with FakeSite() as site:
        site.page("/", (CORPUS / "mypapershop_home.html").read_text(encoding="utf-8"))
        yield site


def open_wizard(qtbot, app) -> CampaignWizard:
    screen = app.window.campaigns
    qtbot.waitUntil(screen.new_button.isEnabled)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.starter.wizard is not None and screen.starter.wizard.isVisible())
    wizard = screen.starter.wizard
    assert wizard is not None
    return wizard


def read_site(qtbot, wizard: CampaignWizard, *, url: str | None = None) -> None:
    page = wizard.brand_page
    if url is None:
        qtbot.mouseClick(page.demo_choice, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(page.web_choice, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(page.url, url)
    qtbot.waitUntil(page.isComplete, timeout=10_000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.truth_page, timeout=10_000)
    qtbot.waitUntil(wizard.truth_page.isComplete, timeout=LONG)


def fact_index(wizard: CampaignWizard, predicate, column: int = FactColumn.TEXT):
    model = wizard.truth_page.model
    fact = next(f for f in model.facts() if predicate(f))
    return fact, model.index_of(fact.id, column)


def check_facts(qtbot, wizard: CampaignWizard, monkeypatch) -> dict[str, Fact]:
    """Edit one fact, raise another's risk, exclude one, delete one, add one by hand."""
    page = wizard.truth_page
    model = page.model
    edited, index = fact_index(wizard, lambda f: f.kind is not FactKind.TESTIMONIAL)
    assert model.setData(index, "Our own words for this fact", Qt.ItemDataRole.EditRole)
    risky, index = fact_index(wizard, lambda f: f.id != edited.id and f.risk is Risk.LOW,
                              FactColumn.RISK)
    assert model.setData(index, "high", Qt.ItemDataRole.EditRole)
    excluded, index = fact_index(wizard, lambda f: f.id not in {edited.id, risky.id})
    assert model.setData(index, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    deleted, index = fact_index(wizard, lambda f: f.id not in {edited.id, risky.id,
                                                                excluded.id})
    page.view.setCurrentIndex(index)
    page.view.selectionModel().select(
        index, page.view.selectionModel().SelectionFlag.ClearAndSelect
        | page.view.selectionModel().SelectionFlag.Rows)
    page.delete_action.trigger()
    assert model.fact(deleted.id) is None

    def fill_and_accept(dialog: FactDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(FactKind.OFFER.value))
        dialog.text.setPlainText("Free gift wrapping on every order")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(FactDialog, "exec", fill_and_accept)
    page.add_action.trigger()
    added = next(f for f in model.facts() if f.user_supplied)
    return {"edited": edited, "risky": risky, "excluded": excluded, "deleted": deleted,
            "added": added}


def write_ads(qtbot, wizard: CampaignWizard, count: int) -> None:
    wizard.next()
    page = wizard.copy_page
    qtbot.waitUntil(lambda: wizard.currentPage() is page)
    page.count.setValue(count)
    qtbot.mouseClick(page.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.isComplete, timeout=LONG)


def choose_a_picture(qtbot, wizard: CampaignWizard) -> str:
    """Give the first ad a generated background; returns the ad's id."""
    wizard.next()
    page = wizard.images_page
    qtbot.waitUntil(lambda: page.grids["generated"].rowCount() > 0, timeout=LONG)
    page.tabs.setCurrentIndex(3)
    grid = page.tabs.currentWidget().findChild(type(page.ad_view))
    grid.setCurrentIndex(page.grids["generated"].index(1))
    page.ad_view.setCurrentIndex(page.ads.index(0))
    variant_id = page.selected_variant_ids()[0]
    qtbot.waitUntil(page.use_button.isEnabled)
    qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.ads.index(0).data(Qt.ItemDataRole.DecorationRole) is not None,
                    timeout=LONG)
    return variant_id


def render(qtbot, app, wizard: CampaignWizard, formats: set[str]) -> int:
    wizard.next()
    page = wizard.formats_page
    for key, box in page.boxes.items():
        box.setChecked(key in formats)
    campaign_id = wizard.session.campaign_id
    assert campaign_id is not None
    screen = app.window.campaigns
    with qtbot.waitSignal(screen.jobs.running_changed, timeout=LONG):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()
    qtbot.waitUntil(lambda: not screen.jobs.running(), timeout=LONG * 2)
    return campaign_id


def assert_stored(app, campaign_id: int, changed: dict[str, Fact], ads: int,
                  formats: set[str]) -> None:
    workspace = app.context.workspace
    facts = {f.id: f for f in workspace.content.facts(campaign_id)}
    assert facts[changed["edited"].id].text == "Our own words for this fact"
    assert facts[changed["edited"].id].quote == changed["edited"].quote
    assert facts[changed["risky"].id].risk is Risk.HIGH
    assert facts[changed["excluded"].id].excluded
    assert changed["deleted"].id not in facts
    added = facts[changed["added"].id]
    assert added.user_supplied and added.kind is FactKind.OFFER
    variants = workspace.content.variants(campaign_id)
    assert len(variants) == ads
    for variant in variants:
        assert variant.fact_ids and set(variant.fact_ids) <= set(facts)
        assert changed["excluded"].id not in variant.fact_ids
        assert changed["risky"].id not in variant.fact_ids  # high risk was not allowed
    renders = workspace.runs.renders(campaign_id)
    assert {(r.variant_id, r.format) for r in renders} == {
        (v.id, f) for v in variants for f in formats}
    assert all("passed" in r.qa and "problems" in r.qa for r in renders)
    assert all(workspace.assets.exists(r.sha256) for r in renders)
    assert workspace.campaigns.get(campaign_id).status is CampaignStatus.IN_REVIEW


def test_the_wizard_on_the_demo_brand(start_app, data_paths, qtbot, monkeypatch) -> None:
    app = start_app(data_paths)
    wizard = open_wizard(qtbot, app)
    read_site(qtbot, wizard)
    look = wizard.truth_page.look
    qtbot.waitUntil(lambda: look.name_label.text() == "Otterdesk")
    assert look.colours() == ["#0f766e"] and not look.logo.pixmap().isNull()
    # The person replaces the logo and the colours.
    first_logo = wizard.truth_page.profile.logo_sha256
    wizard.truth_page.replace_logo(str(DEMO / "assets" / "hero-board.png"))
    qtbot.waitUntil(lambda: wizard.truth_page.profile.logo_sha256 != first_logo)
    look.set_colour(0, "#123456")
    look.set_colour(1, "#ffcc00")
    changed = check_facts(qtbot, wizard, monkeypatch)
    write_ads(qtbot, wizard, 4)
    picked = choose_a_picture(qtbot, wizard)
    campaign_id = render(qtbot, app, wizard, {"1:1", "9:16"})

    assert_stored(app, campaign_id, changed, 4, {"1:1", "9:16"})
    profile = app.context.workspace.content.brand_profile(campaign_id)
    assert profile.colors == ("#123456", "#ffcc00")
    assert profile.logo_sha256 == hashlib.sha256(
        (DEMO / "assets" / "hero-board.png").read_bytes()).hexdigest()
    choices = {c.variant_id: c for c in app.context.workspace.runs.image_choices(campaign_id)}
    assert choices[picked].chosen_by == "person" and choices[picked].photo.source == "generated"
    assert len(choices) == 4  # the app picked the others
    screen = app.window.campaigns
    # The list follows the work as it is saved and ends on the finished campaign.
    qtbot.waitUntil(lambda: bool(screen.model.summaries())
                    and screen.model.summaries()[0].renders == 8
                    and screen.model.summaries()[0].campaign.status is CampaignStatus.IN_REVIEW)
    assert screen.model.summaries()[0].variants == 4


def test_the_wizard_on_a_real_brand_page_served_locally(
    start_app, data_paths, qtbot, monkeypatch, corpus_site: FakeSite
) -> None:
    app = start_app(data_paths)
    wizard = open_wizard(qtbot, app)
    read_site(qtbot, wizard, url=corpus_site.url("/"))
    assert wizard.brand_page.name.text() == "127.0.0.1"
    assert corpus_site.count("/") == 1
    changed = check_facts(qtbot, wizard, monkeypatch)
    write_ads(qtbot, wizard, 3)
    wizard.next()  # Images: left on Auto
    campaign_id = render(qtbot, app, wizard, {"1:1"})
    assert_stored(app, campaign_id, changed, 3, {"1:1"})
    plan = app.context.workspace.runs.plan(campaign_id)
    assert plan.website_url == corpus_site.url("/") and plan.step is Step.RENDER


def test_going_back_keeps_what_was_entered_and_found(
    start_app, data_paths, qtbot
) -> None:
    app = start_app(data_paths)
    wizard = open_wizard(qtbot, app)
    page = wizard.brand_page
    qtbot.mouseClick(page.demo_choice, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.audience, "team leads")
    qtbot.keyClicks(page.avoid, "cheap, best")
    read_site(qtbot, wizard)
    facts = wizard.truth_page.model.facts()
    wizard.next()
    wizard.copy_page.count.setValue(5)
    wizard.copy_page.angle_boxes[next(iter(wizard.copy_page.angle_boxes))].setChecked(False)
    wizard.back()
    wizard.back()
    assert wizard.currentPage() is page
    assert page.audience.text() == "team leads" and page.avoid.text() == "cheap, best"
    assert page.demo_choice.isChecked()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.truth_page)
    assert not wizard.truth_page.running(), "the site is not read again"
    assert wizard.truth_page.model.facts() == facts
    wizard.next()
    assert wizard.copy_page.count.value() == 5
    assert not next(iter(wizard.copy_page.angle_boxes.values())).isChecked()
    campaign = app.context.workspace.campaigns.get(wizard.session.campaign_id)
    assert campaign.audience == "team leads" and campaign.avoid_words == ("cheap", "best")


def test_the_brand_page_says_what_is_wrong_inline(start_app, data_paths, qtbot) -> None:
    app = start_app(data_paths)
    app.window.campaigns.create_draft("Taken")
    qtbot.waitUntil(lambda: len(app.window.campaigns.model.summaries()) == 1)
    wizard = open_wizard(qtbot, app)
    page = wizard.brand_page
    qtbot.keyClicks(page.url, "not a web address")
    qtbot.waitUntil(page.site_error.isVisible)
    assert "not a web address" in page.site_error.text() and not page.isComplete()
    page.url.clear()
    qtbot.keyClicks(page.url, "https://example.com")
    qtbot.waitUntil(lambda: not page.site_error.isVisible())
    qtbot.waitUntil(lambda: page.name.text() == "example.com")
    page.name.clear()
    qtbot.keyClicks(page.name, "taken")
    qtbot.waitUntil(page.name_error.isVisible)
    assert "already exists" in page.name_error.text() and not page.isComplete()
    wizard.reject()


def test_the_demo_is_one_click_and_closing_mid_render_loses_nothing(
    start_app, data_paths, qtbot, dialogs
) -> None:
    first = start_app(data_paths)
    screen = first.window.campaigns
    rendered: list[RenderSaved] = []
    screen.jobs.event.connect(
        lambda event: rendered.append(event) if isinstance(event, RenderSaved) else None)
    qtbot.waitUntil(screen.new_button.isEnabled)
    screen.demo_action.trigger()
    qtbot.waitUntil(lambda: len(rendered) >= 3, timeout=LONG)
    first.window.close()  # the runner stops the job at its next step
    workspace = first.context.workspace
    campaign_id = rendered[0].campaign_id
    kept = {(r.variant_id, r.format): (r.id, r.sha256)
            for r in workspace.runs.renders(campaign_id)}
    assert len(kept) >= 3
    assert workspace.campaigns.get(campaign_id).status is CampaignStatus.RENDERING
    first.context.runner.shutdown()
    workspace.close()
    first.context.workspace = None

    second = start_app(data_paths)
    screen = second.window.campaigns
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    status = screen.proxy.index(0, 1).data()
    assert "stopped" in status
    assert screen.model.summaries()[0].renders == len(kept)
    dialogs.answer = dialogs.answer.No  # "Finish in the background"
    screen.table.setFocus()
    screen.table.setCurrentIndex(screen.proxy.index(0, 0))
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any("Resume" in title for title, _ in dialogs.shown))
    qtbot.waitUntil(lambda: screen.jobs.is_running(campaign_id), timeout=10_000)
    qtbot.waitUntil(lambda: not screen.jobs.running(), timeout=LONG * 2)

    workspace = second.context.workspace
    renders = workspace.runs.renders(campaign_id)
    assert len(renders) == 60 == len({(r.variant_id, r.format) for r in renders})
    again = {(r.variant_id, r.format): (r.id, r.sha256) for r in renders}
    assert all(again[key] == value for key, value in kept.items())
    assert workspace.campaigns.get(campaign_id).status is CampaignStatus.IN_REVIEW
    assert workspace.runs.plan(campaign_id).finished
    qtbot.waitUntil(lambda: screen.model.summaries()[0].renders == 60)


def test_a_campaign_closed_mid_way_continues_in_the_wizard_where_it_stopped(
    start_app, data_paths, qtbot, monkeypatch, dialogs
) -> None:
    first = start_app(data_paths)
    wizard = open_wizard(qtbot, first)
    qtbot.keyClicks(wizard.brand_page.audience, "team leads")
    read_site(qtbot, wizard)
    changed = check_facts(qtbot, wizard, monkeypatch)
    write_ads(qtbot, wizard, 5)
    campaign_id = wizard.session.campaign_id
    written = [v.id for v in wizard.copy_page.variants.variants()]
    wizard.reject()  # closed on the Copy page: the ads are written, no picture chosen
    first.window.close()
    first.context.runner.shutdown()
    first.context.workspace.close()
    first.context.workspace = None

    second = start_app(data_paths)
    screen = second.window.campaigns
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    dialogs.answer = dialogs.answer.Yes  # "Continue in the wizard"
    screen.table.setFocus()
    screen.table.setCurrentIndex(screen.proxy.index(0, 0))
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.starter.wizard is not None, timeout=10_000)
    wizard = screen.starter.wizard
    assert any("Resume" in title and "Still to do: choosing pictures, rendering" in text
               for title, text in dialogs.shown)
    # It opens where it stopped: the Images page, with the five ads already written.
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.images_page, timeout=LONG)
    assert [v.id for v in wizard.images_page.ads.variants()] == written
    assert not second.window.campaigns.jobs.is_running(campaign_id)  # nothing was redone
    # Back shows what is stored: the same ads, the facts with the person's changes, the brief.
    wizard.back()
    assert wizard.currentPage() is wizard.copy_page
    assert [v.id for v in wizard.copy_page.variants.variants()] == written
    assert wizard.copy_page.count.value() == 5
    assert wizard.copy_page.write_button.text() == "&Write them again"
    wizard.back()
    facts = {f.id: f for f in wizard.truth_page.model.facts()}
    assert facts[changed["edited"].id].text == "Our own words for this fact"
    assert changed["deleted"].id not in facts and changed["added"].id in facts
    assert not wizard.truth_page.running(), "the site is not read again"
    wizard.back()
    assert wizard.brand_page.demo_choice.isChecked()
    assert wizard.brand_page.audience.text() == "team leads"
    # And on to the end, as if it had never stopped.
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.truth_page)
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.images_page
    render(qtbot, second, wizard, {"1:1"})
    workspace = second.context.workspace
    assert [v.id for v in workspace.content.variants(campaign_id)] == written
    assert len(workspace.runs.renders(campaign_id)) == 5
    assert workspace.campaigns.get(campaign_id).status is CampaignStatus.IN_REVIEW
    assert len(workspace.campaigns.list_summaries()) == 1  # the same campaign, not a copy
