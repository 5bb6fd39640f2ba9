"""The pipeline's records: plans, fact edits, rejected copy, image choices and renders."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from brandtruth_desktop.core.models import (
    Angle,
    BrandTruth,
    CampaignStatus,
    CopyVariant,
    Fact,
    FactKind,
    GateRejection,
    PageSnapshot,
    Risk,
    StockPhoto,
    Variant,
)
from brandtruth_desktop.core.pipeline import (
    CampaignPlan,
    ImageChoice,
    RenderRecord,
    SitePage,
    Step,
)
from brandtruth_desktop.storage.pipeline_store import WorkspaceCampaignStore
from brandtruth_desktop.storage.workspace import Workspace

SITE = "https://brand.example/"


def fact(n: int, **changes: object) -> Fact:
    base = Fact(id=f"f{n}", kind=FactKind.STATISTIC, text=f"{n}0,000 customers",
                quote=f"Trusted by {n}0,000 customers", source_url=f"{SITE}page{n}")
    return replace(base, **changes)  # type: ignore[arg-type]


def truth(*facts: Fact) -> BrandTruth:
    page = PageSnapshot(url=SITE, html="<html lang='en'></html>", sha256="a" * 64,
                        fetched_at=datetime(2025, 2, 1, tzinfo=UTC))
    return BrandTruth(brand_name="Brand", website_url=SITE, tagline="Plan less",
                      pages=(page,), facts=facts, colors=("#0f766e",))


def variant(campaign_id: int, n: int) -> Variant:
    return Variant(id=f"c{campaign_id}-v{n}", campaign_id=campaign_id, angle="benefit",
                   headline=f"Headline {n}", primary_text="Text", fact_ids=("f1",))


@pytest.fixture
def campaign_id(workspace: Workspace) -> int:
    return workspace.campaigns.create("Spring", actor="tester", source_url=SITE).id


def test_a_plan_keeps_every_wizard_input_and_the_step_reached(
    workspace: Workspace, campaign_id: int
) -> None:
    plan = CampaignPlan(
        campaign_id, site=SITE, website_url=SITE, variant_count=6, angles=("benefit", "offer"),
        writer="claude", allow_high_risk=True, formats=("1:1", "9:16"), image_mode="person",
        pages=(SitePage(SITE, "b" * 64, datetime(2025, 2, 1, tzinfo=UTC)),),
        site_images=(f"{SITE}hero.png",), logo_url=f"{SITE}logo.png", warnings=("few facts",),
        step=Step.COPY,
    )
    saved = workspace.runs.save_plan(plan)
    assert replace(saved, updated_at=None) == plan
    assert workspace.runs.plan(campaign_id) == saved
    assert workspace.runs.plan(campaign_id + 1) is None


def test_extracted_facts_replace_the_old_ones_and_edits_keep_their_place(
    workspace: Workspace, campaign_id: int
) -> None:
    runs = workspace.runs
    runs.save_truth(campaign_id, truth(fact(1), fact(2), fact(3)), logo_sha256=None)
    runs.save_truth(campaign_id, truth(fact(4), fact(5)), logo_sha256="c" * 64)
    assert [f.id for f in workspace.content.facts(campaign_id)] == ["f4", "f5"]
    profile = workspace.content.brand_profile(campaign_id)
    assert profile is not None and profile.logo_sha256 == "c" * 64
    assert profile.colors == ("#0f766e",) and profile.source_pages == (SITE,)

    runs.save_fact(campaign_id, fact(4, text="Forty thousand customers", risk=Risk.HIGH,
                                      excluded=True))
    added = runs.save_fact(campaign_id, Fact(
        id="", kind=FactKind.OFFER, text="Free delivery", quote="Free delivery",
        source_url="", user_supplied=True))
    runs.delete_fact(campaign_id, "f5")
    stored = workspace.content.facts(campaign_id)
    assert [f.id for f in stored] == ["f4", added.id]
    assert stored[0].text == "Forty thousand customers" and stored[0].excluded
    assert stored[0].risk is Risk.HIGH
    assert stored[1].user_supplied and added.id.startswith("u-")


def test_rejections_and_counts(workspace: Workspace, campaign_id: int) -> None:
    runs = workspace.runs
    runs.save_truth(campaign_id, truth(fact(1), fact(2)), logo_sha256=None)
    workspace.content.save_variants([variant(campaign_id, 1), variant(campaign_id, 2)])
    rejected = GateRejection(
        CopyVariant(id="x1", angle=Angle.OFFER, headline="50% off", primary_text="Now",
                    fact_ids=("f1",)),
        reasons=("states 50%, which no cited fact holds",), codes=("unsupported_number",))
    runs.save_rejection(campaign_id, rejected)
    assert runs.rejections(campaign_id) == [rejected]
    workspace.model_calls.record("claude-haiku-4-5", input_tokens=10, output_tokens=5,
                                 cost_usd=0.25, campaign_id=campaign_id)
    counts = runs.counts(campaign_id)
    assert (counts.facts, counts.variants, counts.rejected, counts.renders) == (2, 2, 1, 0)
    assert counts.cost_usd == pytest.approx(0.25)
    summary = workspace.campaigns.list_summaries()[0]
    assert (summary.facts, summary.variants, summary.rejected, summary.renders) == (2, 2, 1, 0)


def test_a_render_is_stored_once_per_variant_format_and_revision(
    workspace: Workspace, campaign_id: int
) -> None:
    runs = workspace.runs
    workspace.content.save_variants([variant(campaign_id, 1)])
    spec = workspace.content.add_layout_spec(f"c{campaign_id}-v1", "1:1", {"version": 1})
    render = RenderRecord(campaign_id, f"c{campaign_id}-v1", "1:1", spec.revision, "d" * 64,
                          1080, 1080, qa={"passed": True, "problems": []}, passed=True)
    first = runs.save_render(render)
    again = runs.save_render(replace(render, sha256="e" * 64))
    assert first.id is not None and again.id == first.id and again.sha256 == "d" * 64
    assert [r.qa for r in runs.renders(campaign_id)] == [{"passed": True, "problems": []}]
    assert workspace.campaigns.list_summaries()[0].renders == 1


def test_image_choices_and_rewriting_the_copy(workspace: Workspace, campaign_id: int) -> None:
    runs = workspace.runs
    workspace.content.save_variants([variant(campaign_id, 1), variant(campaign_id, 2)])
    photo = StockPhoto(source="pexels", id="42", width=4000, height=3000,
                       photographer="Ana", licence_url="https://www.pexels.com/license/")
    runs.save_image_choice(ImageChoice(campaign_id, f"c{campaign_id}-v1", photo, "f" * 64,
                                       "person"))
    runs.save_image_choice(ImageChoice(campaign_id, f"c{campaign_id}-v1", photo, "f" * 64,
                                       "person"))
    choices = runs.image_choices(campaign_id)
    assert len(choices) == 1 and choices[0].photo == photo and choices[0].chosen_by == "person"
    spec = workspace.content.add_layout_spec(f"c{campaign_id}-v1", "1:1", {})
    runs.save_render(RenderRecord(campaign_id, f"c{campaign_id}-v1", "1:1", spec.revision,
                                  "d" * 64, 1080, 1080))
    runs.clear_copy(campaign_id)
    assert workspace.content.variants(campaign_id) == []
    assert runs.image_choices(campaign_id) == [] and runs.renders(campaign_id) == []


def test_deleting_a_campaign_deletes_its_pipeline_records(
    workspace: Workspace, campaign_id: int
) -> None:
    workspace.runs.save_plan(CampaignPlan(campaign_id, site=SITE))
    workspace.content.save_variants([variant(campaign_id, 1)])
    spec = workspace.content.add_layout_spec(f"c{campaign_id}-v1", "1:1", {})
    workspace.runs.save_render(RenderRecord(campaign_id, f"c{campaign_id}-v1", "1:1",
                                            spec.revision, "d" * 64, 1080, 1080))
    workspace.campaigns.delete(campaign_id, actor="tester")
    assert workspace.runs.plan(campaign_id) is None
    assert workspace.runs.renders(campaign_id) == []


def test_the_pipeline_store_audits_status_changes(
    workspace: Workspace, campaign_id: int
) -> None:
    store = WorkspaceCampaignStore(workspace, actor="wizard user")
    store.set_status(campaign_id, CampaignStatus.RENDERING)
    assert store.campaign(campaign_id).status is CampaignStatus.RENDERING
    last = workspace.decisions.for_campaign(campaign_id)[-1]
    assert last.actor == "wizard user" and last.after == {"status": "rendering"}


def test_a_duplicate_keeps_the_plan_rejections_pictures_and_renders(
    workspace: Workspace, campaign_id: int
) -> None:
    """A copy of a finished campaign is finished too, and one of a stopped campaign resumes
    from the same step; the source keeps everything."""
    runs = workspace.runs
    runs.save_truth(campaign_id, truth(fact(1)), logo_sha256=None)
    workspace.content.save_variants([variant(campaign_id, 1), variant(campaign_id, 2)])
    runs.save_plan(CampaignPlan(campaign_id, site=SITE, variant_count=2, formats=("1:1",),
                                step=Step.IMAGES))
    rejected = GateRejection(
        CopyVariant(id="x1", angle=Angle.OFFER, headline="50% off", primary_text="Now",
                    fact_ids=("f1",)),
        reasons=("states 50%, which no cited fact holds",), codes=("unsupported_number",))
    runs.save_rejection(campaign_id, rejected)
    photo = StockPhoto(source="pexels", id="42", width=4000, height=3000, photographer="Ana")
    for n in (1, 2):
        runs.save_image_choice(ImageChoice(campaign_id, f"c{campaign_id}-v{n}", photo,
                                           "f" * 64, "person" if n == 1 else "auto"))
    spec = workspace.content.add_layout_spec(f"c{campaign_id}-v1", "1:1", {"version": 1})
    runs.save_render(RenderRecord(campaign_id, f"c{campaign_id}-v1", "1:1", spec.revision,
                                  "d" * 64, 1080, 1080, qa={"passed": True}, passed=True))

    copy = workspace.campaigns.duplicate(campaign_id, actor="tester")
    plan = runs.plan(copy.id)
    assert plan is not None and plan.step is Step.IMAGES and plan.formats == ("1:1",)
    assert runs.rejections(copy.id) == [rejected]
    copied = {v.provenance["copied_from"]["variant_id"]: v.id
              for v in workspace.content.variants(copy.id)}
    choices = {c.variant_id: c for c in runs.image_choices(copy.id)}
    assert set(choices) == set(copied.values())
    assert choices[copied[f"c{campaign_id}-v1"]].chosen_by == "person"
    assert choices[copied[f"c{campaign_id}-v1"]].photo == photo
    [render] = runs.renders(copy.id)
    assert render.variant_id == copied[f"c{campaign_id}-v1"] and render.sha256 == "d" * 64
    assert render.passed and render.qa == {"passed": True}
    counts = runs.counts(copy.id)
    assert (counts.variants, counts.rejected, counts.renders) == (2, 1, 1)
    # The source is untouched.
    assert runs.counts(campaign_id) == counts
    assert len(runs.image_choices(campaign_id)) == 2
    assert runs.renders(campaign_id)[0].variant_id == f"c{campaign_id}-v1"
