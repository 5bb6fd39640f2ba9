"""Stage 1: fetch the brand's site and extract what its pages say; keep it with the campaign.

Pages go to the asset store as they arrive (the fetcher's snapshot sink); facts, the brand
profile (name, tagline, colours, logo) and what else the fetch found are saved the moment
extraction ends, so a cancel after that loses nothing.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace

from brandtruth_desktop.core.extract import enrich_stage, extract_stage
from brandtruth_desktop.core.imagery.loading import ImageProblem, load_image, sniff_image_type
from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import BrandTruth, CampaignStatus
from brandtruth_desktop.core.pipeline.deps import (
    PipelineDeps,
    PipelineError,
    advance,
    require_plan,
    set_status,
    tell,
)
from brandtruth_desktop.core.pipeline.ports import FactsSaved
from brandtruth_desktop.core.pipeline.records import SitePage, Step
from brandtruth_desktop.core.ports import StockSourceError

LOGO_KIND = "logo"


def read_brand(campaign_id: int, deps: PipelineDeps) -> Generator[Progress, None, BrandTruth]:
    """Fetch the plan's site, extract its facts and store them (replacing earlier ones).

    Raises core.ports.FetchError when not a single page could be loaded.
    """
    if deps.fetcher is None:
        raise PipelineError("No way to fetch web pages was given to the pipeline.")
    plan = require_plan(deps, campaign_id)
    set_status(deps, campaign_id, CampaignStatus.EXTRACTING)
    try:
        site = yield from deps.fetcher.fetch_site(
            plan.site, max_pages=plan.max_pages, respect_robots=deps.respect_robots
        )
        start = site.pages[0]
        yield Progress(0, None, f"Reading {len(site.pages)} pages…")
        truth = yield from extract_stage(site.pages, start.final_url or start.url)
        truth = replace(truth, warnings=(*site.warnings, *truth.warnings))
        if deps.enrich_model is not None:
            # Its cost is recorded by the model's own usage listener (campaign_services).
            enriched = yield from enrich_stage(truth, site.pages, deps.enrich_model)
            truth = enriched.truth
            for notice in enriched.notices:
                tell(deps, campaign_id, notice)
        yield Progress(1, 1, f"{len(truth.facts)} facts found on {len(site.pages)} pages")
        logo_sha256, logo_problem = _keep_logo(truth, deps)
        if logo_problem:
            truth = replace(truth, warnings=(*truth.warnings, logo_problem))
        facts = deps.store.save_truth(campaign_id, truth, logo_sha256=logo_sha256)
        advance(
            deps, campaign_id, Step.TRUTH,
            website_url=truth.website_url,
            pages=tuple(SitePage.of(page) for page in truth.pages),
            site_images=truth.images,
            logo_url=truth.logo_url or "",
            warnings=truth.warnings,
        )
        deps.on_event(FactsSaved(campaign_id, tuple(facts), truth))
        return truth
    finally:
        # Reading ended (done, cancelled or failed): the campaign waits for the person.
        set_status(deps, campaign_id, CampaignStatus.DRAFT)


def _keep_logo(truth: BrandTruth, deps: PipelineDeps) -> tuple[str | None, str]:
    """The logo's SHA-256 in the asset store, or None and why it could not be kept."""
    if not truth.logo_url or deps.fetch_image is None:
        return None, ""
    try:
        data = deps.fetch_image(truth.logo_url)
        load_image(data)  # refuse what the renderer could not draw (SVG, damaged files)
    except (StockSourceError, ImageProblem, OSError, ValueError) as error:
        return None, (f"The logo at {truth.logo_url} could not be used ({error}). "
                      "Choose a logo file on the Brand truth page.")
    asset = deps.files.put_bytes(
        data, kind=LOGO_KIND, mime_type=sniff_image_type(data),
        original_name=truth.logo_url.rsplit("/", 1)[-1], source_url=truth.logo_url,
    )
    return asset.sha256, ""
