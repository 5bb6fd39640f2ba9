"""The whole pipeline for one campaign: every step that has not finished, in order.

`brandtruth generate`, the demo brand and "Resume" on the Campaigns screen all run this; the
wizard runs the same steps one page at a time. Each step skips what is already stored, so
running it again after an interruption continues where the last run stopped.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import replace

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import CampaignStatus
from brandtruth_desktop.core.pipeline.deps import (
    PipelineDeps,
    labelled,
    require_plan,
    set_status,
)
from brandtruth_desktop.core.pipeline.pictures import choose_images
from brandtruth_desktop.core.pipeline.records import CampaignPlan, Step
from brandtruth_desktop.core.pipeline.rendering import render_campaign
from brandtruth_desktop.core.pipeline.truth import read_brand
from brandtruth_desktop.core.pipeline.writing import write_campaign_copy

STEP_LABELS = {
    Step.TRUTH: "Reading the site",
    Step.COPY: "Writing the ads",
    Step.IMAGES: "Choosing pictures",
    Step.RENDER: "Rendering",
}


def remaining_steps(plan: CampaignPlan) -> list[Step]:
    """The steps still to run for a plan, in order."""
    return [step for step in STEP_LABELS if not plan.step.reached(step)]


def run_campaign(campaign_id: int, deps: PipelineDeps, *, until: Step = Step.RENDER,
                 formats: Sequence[str] | None = None) -> Generator[Progress, None, CampaignPlan]:
    """Run every unfinished step up to `until`; returns the plan as it ends. `formats`, when
    given, first become the plan's formats (rendering is then checked again)."""
    plan = require_plan(deps, campaign_id)
    if formats is not None and tuple(formats) != plan.formats:
        step = Step.IMAGES if plan.step.reached(Step.RENDER) else plan.step
        plan = deps.store.save_plan(replace(plan, formats=tuple(formats), step=step))
    steps = [step for step in remaining_steps(plan) if until.reached(step)]
    for number, step in enumerate(steps, 1):
        label = f"Step {number} of {len(steps)} · {STEP_LABELS[step]}"
        if step is Step.TRUTH:
            yield from labelled(read_brand(campaign_id, deps), label)
        elif step is Step.COPY:
            yield from labelled(write_campaign_copy(campaign_id, deps), label)
        elif step is Step.IMAGES:
            yield from labelled(choose_images(campaign_id, deps), label)
        else:
            yield from labelled(render_campaign(campaign_id, deps), label)
    plan = require_plan(deps, campaign_id)
    if plan.finished and deps.store.campaign(campaign_id).status is not CampaignStatus.IN_REVIEW:
        set_status(deps, campaign_id, CampaignStatus.IN_REVIEW)
    return plan
