"""Everything a pipeline stage needs from outside, in one bundle, and a few shared helpers.

The wizard and `brandtruth generate` build a `PipelineDeps` the same way (campaign_services.py)
and hand it to the same stages; tests build one from fakes.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import (
    BrandProfile,
    BrandTruth,
    CampaignStatus,
    Fact,
    PageSnapshot,
)
from brandtruth_desktop.core.pipeline.ports import (
    CampaignStore,
    EventListener,
    ImageFetcher,
    ImageSourcesFactory,
    Notice,
    StatusChanged,
    ignore_events,
)
from brandtruth_desktop.core.pipeline.records import CampaignPlan, Step
from brandtruth_desktop.core.ports import Fetcher, ImageFiles, LanguageModel, LicenceLedger


@dataclass(frozen=True)
class PipelineDeps:
    """The ports of one pipeline run.

    `model` is the language model to write with when the plan asks for Claude (None: the
    offline writer); `enrich_model` is the one that enriches the extraction, when the person
    turned that on (None: extraction alone). `fonts` is the compose package's font book.
    `page_html` returns a stored page's text by the SHA-256 of its bytes, so a resumed run
    knows the site's language without fetching it again.
    """

    store: CampaignStore
    files: ImageFiles
    ledger: LicenceLedger
    fetcher: Fetcher | None = None
    fetch_image: ImageFetcher | None = None
    model: LanguageModel | None = None
    enrich_model: LanguageModel | None = None
    image_sources: ImageSourcesFactory | None = None
    fonts: Any = None
    page_html: Any = None
    on_event: EventListener = field(default=ignore_events)
    respect_robots: bool = True


class PipelineError(Exception):
    """A stage cannot run; the message says why and what to do."""


def require_plan(deps: PipelineDeps, campaign_id: int) -> CampaignPlan:
    """The campaign's plan, or a PipelineError if it has none."""
    plan = deps.store.plan(campaign_id)
    if plan is None:
        raise PipelineError(
            f"Campaign {campaign_id} was not made by the wizard or `brandtruth generate`, "
            "so there is nothing to resume."
        )
    return plan


def set_status(deps: PipelineDeps, campaign_id: int, status: CampaignStatus) -> None:
    deps.store.set_status(campaign_id, status)
    deps.on_event(StatusChanged(campaign_id, status))


def advance(deps: PipelineDeps, campaign_id: int, step: Step, **changes: Any) -> CampaignPlan:
    """Record that `step` finished (never moving the plan backwards), with other changes."""
    plan = require_plan(deps, campaign_id)
    if plan.step.reached(step):
        step = plan.step
    return deps.store.save_plan(replace(plan, step=step, **changes))


def tell(deps: PipelineDeps, campaign_id: int, text: str) -> None:
    deps.on_event(Notice(campaign_id, text))


def stored_truth(deps: PipelineDeps, plan: CampaignPlan, profile: BrandProfile | None,
                 facts: list[Fact]) -> BrandTruth:
    """The brand truth as stored (facts as the person left them), for the copy writers."""
    pages: list[PageSnapshot] = []
    for page in plan.pages[:1]:  # the writers only look at the first page (its language)
        html = deps.page_html(page.sha256) if deps.page_html is not None else None
        if html is not None:
            pages.append(PageSnapshot(
                url=page.url, html=html, sha256=page.sha256,
                fetched_at=page.fetched_at or datetime.now(UTC),
                content_type=page.content_type, final_url=page.final_url,
            ))
    return BrandTruth(
        brand_name=profile.brand_name if profile else "",
        website_url=plan.website_url or plan.site,
        tagline=(profile.tagline or None) if profile else None,
        pages=tuple(pages),
        facts=tuple(facts),
        logo_url=plan.logo_url or None,
        colors=profile.colors if profile else (),
        images=plan.site_images,
        warnings=plan.warnings,
    )


def labelled(stage: Generator[Progress, None, Any], label: str
             ) -> Generator[Progress, None, Any]:
    """Re-yield a stage's progress with `label` in front of each message; closing this
    closes the stage (its clean-up runs)."""
    try:
        progress = next(stage)
        while True:
            message = f"{label}: {progress.message}" if progress.message else label
            yield Progress(progress.done, progress.total, message)
            progress = next(stage)
    except StopIteration as stop:
        return stop.value
    finally:
        stage.close()
