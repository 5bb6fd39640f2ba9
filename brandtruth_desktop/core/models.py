"""The product's nouns as frozen dataclasses.

Everything outside the core (storage, integrations, UI) speaks in these types; repositories
hand them out and take them back, never ORM rows. Later steps add fields; they never rename.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from html import unescape
from typing import Any


class CampaignStatus(StrEnum):
    """Where a campaign is in the flow; the Campaigns screen shows it."""

    DRAFT = "draft"
    EXTRACTING = "extracting"
    GENERATING = "generating"
    RENDERING = "rendering"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"


class FactKind(StrEnum):
    """What sort of statement a fact is."""

    CLAIM = "claim"
    STATISTIC = "statistic"
    OFFER = "offer"
    GUARANTEE = "guarantee"
    VALUE_PROPOSITION = "value_proposition"
    TESTIMONIAL = "testimonial"
    RATING = "rating"
    AWARD = "award"
    CERTIFICATION = "certification"
    CUSTOMER = "customer"


class Risk(StrEnum):
    """How careful an ad must be with a fact."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    BLOCKED = "blocked"


class VariantStatus(StrEnum):
    """A reviewer's verdict on a variant."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EDITED = "edited"


class JobState(StrEnum):
    """Life of a background job, as recorded in the job journal."""

    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"  # the app stopped while it ran


@dataclass(frozen=True, slots=True)
class Campaign:
    """A brand, what was found on its site and the ads made from it."""

    id: int
    name: str
    status: CampaignStatus = CampaignStatus.DRAFT
    source_url: str = ""
    objective: str = ""
    audience: str = ""
    tone: str = ""
    offer: str = ""
    avoid_words: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CampaignSummary:
    """One row of the Campaigns screen: the campaign and its counts."""

    campaign: Campaign
    facts: int = 0
    variants: int = 0
    approved: int = 0
    last_activity: datetime | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """A statement the brand makes, with the exact quote and the page it is on."""

    id: str
    kind: FactKind
    text: str
    quote: str
    source_url: str
    risk: Risk = Risk.LOW
    risk_reason: str = ""
    excluded: bool = False
    user_supplied: bool = False
    campaign_id: int | None = None  # None until the fact is stored with a campaign


@dataclass(frozen=True, slots=True)
class BrandProfile:
    """What the brand's site says about the brand itself."""

    campaign_id: int
    brand_name: str
    tagline: str = ""
    logo_sha256: str | None = None
    colors: tuple[str, ...] = ()
    source_pages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Variant:
    """One ad's copy, the facts it cites and the reviewer's verdict."""

    id: str
    campaign_id: int
    angle: str
    headline: str
    primary_text: str
    description: str = ""
    call_to_action: str = "LEARN_MORE"
    fact_ids: tuple[str, ...] = ()
    status: VariantStatus = VariantStatus.PENDING
    rejection_reason: str = ""
    provenance: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class LayoutSpec:
    """How one variant looks in one format; rendered by the one renderer (step 4)."""

    variant_id: str
    format: str
    revision: int
    spec: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Asset:
    """A file in the asset store, named by the SHA-256 of its bytes."""

    sha256: str
    kind: str
    mime_type: str
    size: int
    original_name: str = ""
    source_url: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """An append-only audit row: who did what to which campaign or variant, when."""

    id: int
    campaign_id: int | None
    variant_id: str | None
    action: str
    actor: str
    at: datetime
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class JobRecord:
    """A background job as kept in the journal, so an interrupted one is known after a crash."""

    id: int
    kind: str
    title: str
    state: JobState
    campaign_id: int | None = None
    done: int = 0
    total: int | None = None
    message: str = ""
    error: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ModelCall:
    """One call to a language model, with its tokens and cost in US dollars."""

    id: int
    campaign_id: int | None
    model: str
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float = 0.0
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PageSnapshot:
    """A page as fetched: the bytes kept in the asset store, and the text decoded from them.

    This is the provenance a proof pack cites: every fact's `source_url` is one of these.
    """

    url: str
    html: str
    sha256: str
    fetched_at: datetime
    content_type: str = "text/html"
    final_url: str = ""  # after redirects, when different from `url`
    status: int = 200


@dataclass(frozen=True, slots=True)
class ValueProposition:
    """A promise the brand leads with (hero heading, subheading, feature heading and text)."""

    text: str
    source_url: str


@dataclass(frozen=True, slots=True)
class Testimonial:
    """A customer's words, quoted exactly, with who said them."""

    quote: str
    author: str | None
    role: str | None
    source_url: str


@dataclass(frozen=True, slots=True)
class Rating:
    """An aggregate rating as the page states it."""

    value: float
    best: float | None
    count: int | None
    source_url: str


@dataclass(frozen=True, slots=True)
class PricePlan:
    """One pricing plan as the page states it."""

    plan: str
    price: str
    currency: str | None
    period: str | None
    source_url: str


@dataclass(frozen=True, slots=True)
class BrandTruth:
    """Everything the brand's own pages say about it, each item with the page it came from.

    `to_dict()` is the `brandtruth extract --json` contract: keys are added, never renamed.
    """

    brand_name: str
    website_url: str
    tagline: str | None = None
    pages: tuple[PageSnapshot, ...] = ()
    value_propositions: tuple[ValueProposition, ...] = ()
    facts: tuple[Fact, ...] = ()
    testimonials: tuple[Testimonial, ...] = ()
    rating: Rating | None = None
    pricing: tuple[PricePlan, ...] = ()
    logo_url: str | None = None
    colors: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        def page_title(page: PageSnapshot) -> str:
            match = re.search(r"<title[^>]*>(.*?)</title>", page.html, re.I | re.S)
            return " ".join(unescape(match.group(1)).split()) if match else ""

        return {
            "brand_name": self.brand_name,
            "tagline": self.tagline,
            "website_url": self.website_url,
            "pages": [
                {"url": p.url, "title": page_title(p), "sha256": p.sha256,
                 "fetched_at": p.fetched_at.isoformat()}
                for p in self.pages
            ],
            "value_propositions": [
                {"text": v.text, "source_url": v.source_url} for v in self.value_propositions
            ],
            "facts": [
                {"id": f.id, "kind": str(f.kind), "text": f.text, "quote": f.quote,
                 "source_url": f.source_url, "risk": str(f.risk), "risk_reason": f.risk_reason}
                for f in self.facts
            ],
            "testimonials": [
                {"quote": t.quote, "author": t.author, "role": t.role, "source_url": t.source_url}
                for t in self.testimonials
            ],
            "rating": None if self.rating is None else {
                "value": self.rating.value, "best": self.rating.best,
                "count": self.rating.count, "source_url": self.rating.source_url,
            },
            "pricing": [
                {"plan": p.plan, "price": p.price, "currency": p.currency, "period": p.period,
                 "source_url": p.source_url}
                for p in self.pricing
            ],
            "logo_url": self.logo_url,
            "colors": list(self.colors),
            "images": list(self.images),
            "warnings": list(self.warnings),
        }
