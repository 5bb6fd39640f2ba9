"""The campaign pipeline: the stages the wizard and `brandtruth generate` both run.

Each stage is a cancellable generator (DESIGN.md decision 5) that yields `Progress`, saves what
it makes through the `CampaignStore` port the moment it is made, announces it to a listener,
and returns its result. Stages skip what is already stored, so a campaign interrupted at any
point is resumed by running them again (`run_campaign`).

- `read_brand` (fetch + extract) → facts, brand profile, what the site offers
- `write_campaign_copy` → variants through the grounding gate, rejections with reasons
- `choose_images` → a picture per variant (the person's or the app's pick)
- `render_campaign` → every variant in every format, each render with its QA report
- `run_campaign` → every unfinished step in order
"""

from typing import TYPE_CHECKING, Any

from brandtruth_desktop.core.pipeline.deps import PipelineDeps, PipelineError, stored_truth
from brandtruth_desktop.core.pipeline.ports import (
    CampaignStore,
    EventListener,
    FactsSaved,
    ImageChosen,
    Notice,
    PipelineEvent,
    RenderSaved,
    StatusChanged,
    VariantRejected,
    VariantSaved,
    ignore_events,
)
from brandtruth_desktop.core.pipeline.records import (
    FORMAT_KEYS,
    OBJECTIVES,
    PLATFORMS,
    CampaignCounts,
    CampaignPlan,
    ImageChoice,
    ImageMode,
    RenderRecord,
    SitePage,
    Step,
    Writer,
)

if TYPE_CHECKING:
    from brandtruth_desktop.core.pipeline.pictures import choose_images
    from brandtruth_desktop.core.pipeline.rendering import render_campaign
    from brandtruth_desktop.core.pipeline.run import STEP_LABELS, remaining_steps, run_campaign
    from brandtruth_desktop.core.pipeline.truth import read_brand
    from brandtruth_desktop.core.pipeline.writing import (
        CopyOutcome,
        copy_request,
        write_campaign_copy,
    )

# The stages bring the extractor (BeautifulSoup), the copy writer and the compositor (Pillow,
# fonts) with them. They load on first use (PEP 562), so the records and events above cost the
# window nothing at start-up; `from brandtruth_desktop.core.pipeline import run_campaign`
# works as usual and loads them then.
_STAGES = {
    "choose_images": "pictures",
    "render_campaign": "rendering",
    "STEP_LABELS": "run",
    "remaining_steps": "run",
    "run_campaign": "run",
    "read_brand": "truth",
    "CopyOutcome": "writing",
    "copy_request": "writing",
    "write_campaign_copy": "writing",
}


def __getattr__(name: str) -> Any:
    module = _STAGES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMAT_KEYS",
    "OBJECTIVES",
    "PLATFORMS",
    "STEP_LABELS",
    "CampaignCounts",
    "CampaignPlan",
    "CampaignStore",
    "CopyOutcome",
    "EventListener",
    "FactsSaved",
    "ImageChoice",
    "ImageChosen",
    "ImageMode",
    "Notice",
    "PipelineDeps",
    "PipelineError",
    "PipelineEvent",
    "RenderRecord",
    "RenderSaved",
    "SitePage",
    "StatusChanged",
    "Step",
    "VariantRejected",
    "VariantSaved",
    "Writer",
    "choose_images",
    "copy_request",
    "ignore_events",
    "read_brand",
    "remaining_steps",
    "render_campaign",
    "run_campaign",
    "stored_truth",
    "write_campaign_copy",
]
