"""Stage 2: ad copy from the stored facts, through the grounding gate, kept as it passes.

The writers (core.copy) see the facts as the person left them: edited, excluded, added by
hand. Each variant that passed the gate is stored and announced, then each rejection with its
reasons. A resumed stage keeps the variants already stored and writes only the missing ones
(the offline writer is deterministic, so it writes the same variants again and those already
stored are skipped by id).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass

from brandtruth_desktop.core.copy import write_copy
from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import (
    Angle,
    Campaign,
    CampaignStatus,
    CopyRequest,
    CopyResult,
    GateRejection,
    Variant,
)
from brandtruth_desktop.core.pipeline.deps import (
    PipelineDeps,
    PipelineError,
    advance,
    require_plan,
    set_status,
    stored_truth,
    tell,
)
from brandtruth_desktop.core.pipeline.ports import VariantRejected, VariantSaved
from brandtruth_desktop.core.pipeline.records import CampaignPlan, Step, Writer


@dataclass(frozen=True, slots=True)
class CopyOutcome:
    """What the copy stage stored: all the campaign's variants now, and this run's rejections
    and notices."""

    variants: tuple[Variant, ...]
    rejected: tuple[GateRejection, ...]
    notices: tuple[str, ...]


def copy_request(campaign: Campaign, plan: CampaignPlan) -> CopyRequest:
    """What the writers are asked for, from the campaign's brief and plan."""
    angles = tuple(Angle(a) for a in plan.angles if a in Angle._value2member_map_)
    return CopyRequest(
        count=plan.variant_count,
        angles=angles or tuple(Angle),
        audience=campaign.audience,
        objective=campaign.objective,
        tone=campaign.tone,
        offer=campaign.offer,
        avoid_words=campaign.avoid_words,
        allow_high_risk=plan.allow_high_risk,
        platform=plan.platform,
    )


def write_campaign_copy(
    campaign_id: int, deps: PipelineDeps, *, rewrite: bool = False
) -> Generator[Progress, None, CopyOutcome]:
    """Write, gate and store the campaign's variants. `rewrite` forgets the variants (and
    their pictures and renders) already stored and starts again."""
    plan = require_plan(deps, campaign_id)
    if not plan.step.reached(Step.TRUTH):
        raise PipelineError("The brand's site has not been read yet, so there are no facts "
                            "to write from.")
    store = deps.store
    if rewrite:
        store.clear_copy(campaign_id)
    stored = store.variants(campaign_id)
    request = copy_request(store.campaign(campaign_id), plan)
    missing = request.count - len(stored)
    if missing <= 0:
        advance(deps, campaign_id, Step.COPY)
        return CopyOutcome(tuple(stored), (), ())
    set_status(deps, campaign_id, CampaignStatus.GENERATING)
    try:
        facts = store.facts(campaign_id)
        truth = stored_truth(deps, plan, store.brand_profile(campaign_id), facts)
        model = deps.model if plan.writer == Writer.CLAUDE.value else None
        result: CopyResult = yield from write_copy(truth, request, model)
        known = {variant.id for variant in stored}
        saved: list[Variant] = []
        for copy in result.variants:
            if len(saved) >= missing:
                break
            variant = copy.to_variant(campaign_id)
            if variant.id in known:
                continue
            saved.append(store.save_variant(variant))
            known.add(variant.id)
            deps.on_event(VariantSaved(campaign_id, saved[-1]))
            yield Progress(len(stored) + len(saved), request.count,
                           f"{len(stored) + len(saved)} of {request.count} ads written")
        for rejection in result.rejected:
            store.save_rejection(campaign_id, rejection)
            deps.on_event(VariantRejected(campaign_id, rejection))
        for notice in result.notices:
            tell(deps, campaign_id, notice)
        advance(deps, campaign_id, Step.COPY,
                notices=(*plan.notices, *(n for n in result.notices if n not in plan.notices)))
        return CopyOutcome(tuple([*stored, *saved]), result.rejected, result.notices)
    finally:
        set_status(deps, campaign_id, CampaignStatus.DRAFT)
