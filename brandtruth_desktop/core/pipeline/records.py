"""What the pipeline keeps about a campaign besides its facts and variants.

`CampaignPlan` is the brief the wizard (or `brandtruth generate`) was given plus what the site
fetch found, and the last step that finished; `ImageChoice` is the picture behind a variant;
`RenderRecord` is one creative written to the asset store with its QA report. Storage hands
these out and takes them back (storage/runs.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from brandtruth_desktop.core.models import Angle, CopyVariant, PageSnapshot, StockPhoto

FORMAT_KEYS: tuple[str, ...] = ("1:1", "4:5", "9:16", "16:9", "1.91:1")
"""Every ad format, in the order the product lists them (core.compose.formats.FORMATS)."""

OBJECTIVES: tuple[str, ...] = ("awareness", "traffic", "leads", "sales")
PLATFORMS: tuple[str, ...] = ("meta",)


class Step(StrEnum):
    """The pipeline's steps, in order; a plan records the last one that finished."""

    NONE = ""
    TRUTH = "truth"  # the site was read and its facts stored
    COPY = "copy"  # the variants were written and gated
    IMAGES = "images"  # every variant has its picture
    RENDER = "render"  # every variant is rendered in every format asked for

    @property
    def order(self) -> int:
        return list(Step).index(self)

    def reached(self, other: Step) -> bool:
        """Whether this step is `other` or a later one."""
        return self.order >= other.order


class Writer(StrEnum):
    """Who writes the copy."""

    CLAUDE = "claude"
    OFFLINE = "offline"


class ImageMode(StrEnum):
    """How pictures are chosen: the app picks each, or the person does (the app fills gaps)."""

    AUTO = "auto"
    PERSON = "person"


@dataclass(frozen=True, slots=True)
class SitePage:
    """A fetched page as the plan remembers it; its bytes are in the asset store (`sha256`)."""

    url: str
    sha256: str
    fetched_at: datetime | None = None
    content_type: str = "text/html"
    final_url: str = ""

    @classmethod
    def of(cls, page: PageSnapshot) -> SitePage:
        return cls(page.url, page.sha256, page.fetched_at, page.content_type, page.final_url)

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url, "sha256": self.sha256,
            "fetched_at": self.fetched_at.isoformat() if self.fetched_at else None,
            "content_type": self.content_type, "final_url": self.final_url,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SitePage:
        when = data.get("fetched_at")
        return cls(
            url=str(data.get("url", "")),
            sha256=str(data.get("sha256", "")),
            fetched_at=datetime.fromisoformat(when) if isinstance(when, str) else None,
            content_type=str(data.get("content_type") or "text/html"),
            final_url=str(data.get("final_url") or ""),
        )


@dataclass(frozen=True, slots=True)
class CampaignPlan:
    """The brief beyond the campaign row, what the fetch found besides facts, and progress.

    `site` is what the person gave (a URL, a folder, a file); `website_url` the address the
    facts cite. `step` is the last pipeline step that finished.
    """

    campaign_id: int
    site: str = ""
    website_url: str = ""
    platform: str = "meta"
    variant_count: int = 12
    angles: tuple[str, ...] = tuple(a.value for a in Angle)
    writer: str = Writer.OFFLINE.value
    allow_high_risk: bool = False
    formats: tuple[str, ...] = FORMAT_KEYS
    image_mode: str = ImageMode.AUTO.value
    max_pages: int = 10
    pages: tuple[SitePage, ...] = ()
    site_images: tuple[str, ...] = ()
    logo_url: str = ""
    warnings: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    step: Step = Step.NONE
    updated_at: datetime | None = None

    @property
    def finished(self) -> bool:
        return self.step is Step.RENDER


@dataclass(frozen=True, slots=True)
class ImageChoice:
    """The picture behind one variant. `sha256` is its file in the asset store once
    downloaded; `chosen_by` is "person" or "auto"."""

    campaign_id: int
    variant_id: str
    photo: StockPhoto
    sha256: str | None = None
    chosen_by: str = "auto"
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RenderRecord:
    """One creative: a variant in a format from one layout-spec revision, as written to the
    asset store (`sha256`, JPEG or PNG), with the QA report measured on its pixels."""

    campaign_id: int
    variant_id: str
    format: str
    spec_revision: int
    sha256: str
    width: int
    height: int
    file_format: str = "jpeg"
    qa: dict[str, Any] = field(default_factory=dict)
    passed: bool = False
    id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CampaignCounts:
    """How much of a campaign exists, for summaries and the `generate` command."""

    facts: int = 0
    variants: int = 0
    rejected: int = 0
    renders: int = 0
    cost_usd: float = 0.0


def copy_variant_to_dict(variant: CopyVariant) -> dict[str, Any]:
    """A CopyVariant as JSON (rejected variants are stored this way)."""
    return {
        "id": variant.id, "angle": str(variant.angle), "headline": variant.headline,
        "primary_text": variant.primary_text, "description": variant.description,
        "call_to_action": variant.call_to_action, "fact_ids": list(variant.fact_ids),
        "persona": variant.persona, "emotion": variant.emotion, "generator": variant.generator,
        "model": variant.model, "prompt_hash": variant.prompt_hash, "seed": variant.seed,
    }


def copy_variant_from_dict(data: dict[str, Any]) -> CopyVariant:
    """The CopyVariant from `copy_variant_to_dict` output (an unknown angle reads as benefit)."""
    try:
        angle = Angle(str(data.get("angle", "")))
    except ValueError:
        angle = Angle.BENEFIT
    return CopyVariant(
        id=str(data.get("id", "")),
        angle=angle,
        headline=str(data.get("headline", "")),
        primary_text=str(data.get("primary_text", "")),
        description=str(data.get("description", "")),
        call_to_action=str(data.get("call_to_action") or "LEARN_MORE"),
        fact_ids=tuple(str(f) for f in data.get("fact_ids", ())),
        persona=str(data.get("persona", "")),
        emotion=str(data.get("emotion", "")),
        generator=str(data.get("generator") or "offline"),
        model=str(data.get("model", "")),
        prompt_hash=str(data.get("prompt_hash", "")),
        seed=int(data.get("seed") or 0),
    )
