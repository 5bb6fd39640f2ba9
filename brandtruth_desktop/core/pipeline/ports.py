"""What the pipeline needs from outside: somewhere to keep a campaign, and someone to tell.

`CampaignStore` is implemented by storage (storage/pipeline_store.py) on the workspace's
repositories; every save goes through the database's one writer thread, so stages call it
from any worker thread. Tests pass an in-memory store.

Events (`PipelineEvent`) go to a listener as results are saved: the wizard shows facts,
variants, rejections and renders as they arrive; the CLI ignores them. A listener is called on
the stage's thread and must hand work to its own thread (the GUI's bridge emits a signal).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from brandtruth_desktop.core.models import (
    BrandProfile,
    BrandTruth,
    Campaign,
    CampaignStatus,
    Fact,
    GateRejection,
    LayoutSpec,
    Variant,
)
from brandtruth_desktop.core.pipeline.records import (
    CampaignPlan,
    ImageChoice,
    RenderRecord,
)
from brandtruth_desktop.core.ports import ModelUsage, StockSource


class CampaignStore(Protocol):
    """Where the pipeline keeps a campaign; every method may be called from any thread."""

    def campaign(self, campaign_id: int) -> Campaign: ...

    def set_status(self, campaign_id: int, status: CampaignStatus) -> None: ...

    def plan(self, campaign_id: int) -> CampaignPlan | None: ...

    def save_plan(self, plan: CampaignPlan) -> CampaignPlan: ...

    def save_truth(
        self, campaign_id: int, truth: BrandTruth, *, logo_sha256: str | None
    ) -> list[Fact]:
        """Replace the campaign's brand profile and facts with what extraction found."""
        ...

    def brand_profile(self, campaign_id: int) -> BrandProfile | None: ...

    def facts(self, campaign_id: int) -> list[Fact]: ...

    def variants(self, campaign_id: int) -> list[Variant]: ...

    def save_variant(self, variant: Variant) -> Variant: ...

    def save_rejection(self, campaign_id: int, rejection: GateRejection) -> None: ...

    def rejections(self, campaign_id: int) -> list[GateRejection]: ...

    def clear_copy(self, campaign_id: int) -> None:
        """Forget the campaign's variants, rejections, image choices and renders (a rewrite)."""
        ...

    def record_usage(self, campaign_id: int, usage: ModelUsage) -> float:
        """Record one model call in the cost ledger; returns its cost in US dollars."""
        ...

    def image_choices(self, campaign_id: int) -> list[ImageChoice]: ...

    def save_image_choice(self, choice: ImageChoice) -> ImageChoice: ...

    def add_layout_spec(self, variant_id: str, format: str, spec: dict[str, object]
                        ) -> LayoutSpec: ...

    def renders(self, campaign_id: int) -> list[RenderRecord]: ...

    def save_render(self, render: RenderRecord) -> RenderRecord: ...


class ImageSourcesFactory(Protocol):
    """The image sources a campaign may use, best first (stock when allowed, the brand's own
    images, generated backgrounds), built once its plan and brand profile are known."""

    def __call__(self, plan: CampaignPlan, profile: BrandProfile | None
                 ) -> Sequence[StockSource]: ...


class ImageFetcher(Protocol):
    """Fetches one image's bytes by URL (http, https or file); used for the brand's logo."""

    def __call__(self, url: str) -> bytes: ...


# --- events ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FactsSaved:
    """The campaign's facts, as stored after extraction."""

    campaign_id: int
    facts: tuple[Fact, ...]
    truth: BrandTruth


@dataclass(frozen=True, slots=True)
class VariantSaved:
    """A variant passed the grounding gate and was stored."""

    campaign_id: int
    variant: Variant


@dataclass(frozen=True, slots=True)
class VariantRejected:
    """The gate turned a variant away; stored with its reasons."""

    campaign_id: int
    rejection: GateRejection


@dataclass(frozen=True, slots=True)
class ImageChosen:
    """A variant got its picture."""

    campaign_id: int
    choice: ImageChoice


@dataclass(frozen=True, slots=True)
class RenderSaved:
    """A creative was written and stored with its QA report."""

    campaign_id: int
    render: RenderRecord


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the person should know that did not stop the work."""

    campaign_id: int
    text: str


@dataclass(frozen=True, slots=True)
class StatusChanged:
    """The campaign moved to another status (the Campaigns screen shows it)."""

    campaign_id: int
    status: CampaignStatus


PipelineEvent = (
    FactsSaved | VariantSaved | VariantRejected | ImageChosen | RenderSaved | Notice
    | StatusChanged
)
EventListener = Callable[[PipelineEvent], None]


def ignore_events(_event: PipelineEvent) -> None:
    """The listener for callers that show nothing as it happens (the CLI)."""


__all__ = [
    "CampaignStore",
    "EventListener",
    "FactsSaved",
    "ImageChosen",
    "ImageFetcher",
    "ImageSourcesFactory",
    "Notice",
    "PipelineEvent",
    "RenderSaved",
    "StatusChanged",
    "VariantRejected",
    "VariantSaved",
    "ignore_events",
]
