"""The campaign pipeline on a real workspace and the demo site: offline, no Qt, no network.

A marketer's campaign is read, written, pictured and rendered, each result saved the moment it
is made; a run stopped part-way keeps what it finished and a second run completes it without
redoing any of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from brandtruth_desktop.campaign_services import PipelineServices
from brandtruth_desktop.core.jobs import Cancelled, run_stage
from brandtruth_desktop.core.models import CampaignStatus, Fact, FactKind
from brandtruth_desktop.core.pipeline import (
    CampaignPlan,
    FactsSaved,
    PipelineEvent,
    RenderSaved,
    Step,
    VariantSaved,
    read_brand,
    run_campaign,
    write_campaign_copy,
)
from brandtruth_desktop.core.ports import FetchError
from brandtruth_desktop.paths import DataPaths, resources_dir
from brandtruth_desktop.settings import Settings
from brandtruth_desktop.storage.workspace import Workspace, open_workspace

DEMO = str(resources_dir() / "demo_site")


class NoSecrets:
    """A key store with no keys (as on a fresh machine)."""

    def get(self, name: object) -> None:
        return None

    def is_set(self, name: object) -> bool:
        return False


@pytest.fixture
def workspace(data_paths: DataPaths) -> Iterator[Workspace]:
    opened = open_workspace(data_paths)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def services(workspace: Workspace) -> PipelineServices:
    return PipelineServices(workspace, Settings(), NoSecrets(), actor="tester",  # type: ignore[arg-type]
                            offline=True)


def new_campaign(workspace: Workspace, *, site: str = DEMO, variants: int = 3,
                 formats: tuple[str, ...] = ("1:1", "9:16")) -> int:
    campaign = workspace.campaigns.create("Demo", actor="tester", source_url=site)
    workspace.runs.save_plan(CampaignPlan(campaign.id, site=site, variant_count=variants,
                                          formats=formats))
    return campaign.id


def run(services: PipelineServices, campaign_id: int, step: object = run_campaign,
        events: list[PipelineEvent] | None = None, **options: object) -> object:
    heard = events if events is not None else []
    return run_stage(services.run(campaign_id, step, on_event=heard.append,  # type: ignore[arg-type]
                                  **options))


def test_a_demo_campaign_is_read_written_pictured_and_rendered(
    workspace: Workspace, services: PipelineServices
) -> None:
    campaign_id = new_campaign(workspace)
    events: list[PipelineEvent] = []
    plan = run(services, campaign_id, events=events)

    assert isinstance(plan, CampaignPlan) and plan.finished and plan.step is Step.RENDER
    assert workspace.campaigns.get(campaign_id).status is CampaignStatus.IN_REVIEW
    facts = workspace.content.facts(campaign_id)
    variants = workspace.content.variants(campaign_id)
    renders = workspace.runs.renders(campaign_id)
    assert len(facts) >= 20 and len(variants) == 3 and len(renders) == 6
    fact_ids = {f.id for f in facts}
    assert all(v.fact_ids and set(v.fact_ids) <= fact_ids for v in variants)
    assert {(r.variant_id, r.format) for r in renders} == {
        (v.id, f) for v in variants for f in ("1:1", "9:16")}
    for render in renders:
        assert workspace.assets.exists(render.sha256)
        assert "passed" in render.qa and "template" in render.qa
        assert (render.width, render.height) in ((1080, 1080), (1080, 1920))
    choices = workspace.runs.image_choices(campaign_id)
    assert {c.variant_id for c in choices} == {v.id for v in variants}
    assert len(workspace.licences.for_campaign(campaign_id)) >= 1
    profile = workspace.content.brand_profile(campaign_id)
    assert profile is not None and profile.brand_name == "Otterdesk" and profile.logo_sha256
    # Everything was announced as it was saved, in the pipeline's order.
    kinds = [type(e) for e in events if isinstance(e, FactsSaved | VariantSaved | RenderSaved)]
    assert kinds[0] is FactsSaved and kinds.count(VariantSaved) == 3
    assert kinds[-6:] == [RenderSaved] * 6


def test_a_run_stopped_while_rendering_keeps_its_renders_and_is_finished_later(
    workspace: Workspace, services: PipelineServices
) -> None:
    campaign_id = new_campaign(workspace)
    rendered: list[RenderSaved] = []

    def heard(event: PipelineEvent) -> None:
        if isinstance(event, RenderSaved):
            rendered.append(event)

    with pytest.raises(Cancelled):
        run_stage(services.run(campaign_id, run_campaign, on_event=heard),
                  should_cancel=lambda: len(rendered) >= 2)
    kept = workspace.runs.renders(campaign_id)
    assert [r.id for r in kept] == [e.render.id for e in rendered] and len(kept) == 2
    assert workspace.campaigns.get(campaign_id).status is CampaignStatus.RENDERING
    assert workspace.runs.plan(campaign_id).step is Step.IMAGES

    run(services, campaign_id)
    renders = workspace.runs.renders(campaign_id)
    assert len(renders) == 6
    assert len({(r.variant_id, r.format) for r in renders}) == 6
    assert [(r.id, r.sha256) for r in renders[:2]] == [(r.id, r.sha256) for r in kept]
    assert workspace.campaigns.get(campaign_id).status is CampaignStatus.IN_REVIEW


def test_copy_never_cites_a_fact_the_person_excluded_or_deleted(
    workspace: Workspace, services: PipelineServices
) -> None:
    campaign_id = new_campaign(workspace, variants=6)
    run(services, campaign_id, read_brand)
    facts = workspace.content.facts(campaign_id)
    excluded = [f for f in facts if f.kind is FactKind.STATISTIC]
    deleted = facts[0]
    for fact in excluded:
        workspace.runs.save_fact(campaign_id, replace(fact, excluded=True))
    workspace.runs.delete_fact(campaign_id, deleted.id)
    mine = workspace.runs.save_fact(campaign_id, Fact(
        id="", kind=FactKind.OFFER, text="Free onboarding call for new teams",
        quote="Free onboarding call for new teams", source_url="", user_supplied=True))

    run(services, campaign_id, write_campaign_copy)
    cited = {i for v in workspace.content.variants(campaign_id) for i in v.fact_ids}
    assert cited and not cited & {f.id for f in excluded} and deleted.id not in cited
    allowed = {f.id for f in workspace.content.facts(campaign_id) if not f.excluded}
    assert cited <= allowed and mine.id in allowed


def test_copy_resumed_writes_only_the_missing_variants(
    workspace: Workspace, services: PipelineServices
) -> None:
    campaign_id = new_campaign(workspace, variants=5)
    run(services, campaign_id, read_brand)
    run(services, campaign_id, write_campaign_copy)
    first = workspace.content.variants(campaign_id)
    plan = workspace.runs.plan(campaign_id)
    workspace.runs.save_plan(replace(plan, variant_count=7, step=Step.TRUTH))
    run(services, campaign_id, write_campaign_copy)
    after = workspace.content.variants(campaign_id)
    assert len(after) == 7 and [v.id for v in after[:5]] == [v.id for v in first]

    run(services, campaign_id, write_campaign_copy, rewrite=True)
    assert len(workspace.content.variants(campaign_id)) == 7


def test_a_site_that_cannot_be_read_leaves_a_draft_to_fix(
    workspace: Workspace, services: PipelineServices, tmp_path: Path
) -> None:
    campaign_id = new_campaign(workspace, site=str(tmp_path / "nothing-here"))
    with pytest.raises(FetchError):
        run(services, campaign_id)
    assert workspace.campaigns.get(campaign_id).status is CampaignStatus.DRAFT
    assert workspace.runs.plan(campaign_id).step is Step.NONE
    assert workspace.content.facts(campaign_id) == []
