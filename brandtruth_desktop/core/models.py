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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brandtruth_desktop.core.ports import ModelUsage


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
    rejected: int = 0  # variants the grounding gate turned away
    renders: int = 0  # creatives rendered (variant × format)


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
    tone: str | None = None  # the brand's tone of voice, when Claude enriched the extraction

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
            "tone": self.tone,
        }


# --- Step 3: ad copy -------------------------------------------------------------------------


class Angle(StrEnum):
    """The persuasive route a variant takes."""

    BENEFIT = "benefit"
    PAIN = "pain"
    CURIOSITY = "curiosity"
    SOCIAL_PROOF = "social_proof"
    OFFER = "offer"
    TESTIMONIAL = "testimonial"


class CopyGenerator(StrEnum):
    """Which writer made a variant."""

    OFFLINE = "offline"
    CLAUDE = "claude"


@dataclass(frozen=True, slots=True)
class CopyRequest:
    """What the person asks the copy writers for.

    `objective` is free text; the offline writer recognises the usual campaign objectives in it
    (sales, leads, traffic, awareness, engagement, app installs, bookings, contact) to choose
    calls to action. `offer` says which of the brand's offers to lead with; it is a hint, not a
    fact: an ad can state an offer only when a fact holds it (add it as a user-supplied fact).
    `avoid_words` are matched case-insensitively as whole words (see `core.copy.gate`).
    `personas` are optional descriptions of who the ads speak to; writers cycle through them.
    """

    count: int = 12
    angles: tuple[Angle, ...] = tuple(Angle)
    audience: str = ""
    objective: str = ""
    tone: str = ""
    offer: str = ""
    avoid_words: tuple[str, ...] = ()
    allow_high_risk: bool = False
    seed: int = 0
    platform: str = "meta"
    personas: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CopyVariant:
    """One ad's copy as a writer made it, with the facts it rests on and how it was made.

    `generator` is "offline" or "claude"; `model` is "" for the offline writer; `prompt_hash`
    identifies the prompt a model answered ("" offline); `seed` is the request's seed.
    """

    id: str
    angle: Angle
    headline: str
    primary_text: str
    description: str = ""
    call_to_action: str = "LEARN_MORE"
    fact_ids: tuple[str, ...] = ()
    persona: str = ""
    emotion: str = ""
    generator: str = CopyGenerator.OFFLINE.value
    model: str = ""
    prompt_hash: str = ""
    seed: int = 0

    def to_variant(self, campaign_id: int, *, variant_id: str | None = None) -> Variant:
        """The variant as stored with a campaign, pending review; how it was made goes into
        `provenance` (generator, model, prompt_hash, seed, persona, emotion).

        Stored variant ids are unique across campaigns, while a CopyVariant's id is derived
        from its content; so the stored id is `c{campaign_id}-{id}` unless one is given. The
        same copy written twice for one campaign gets the same id: it is one ad, not two.
        """
        return Variant(
            id=variant_id or f"c{campaign_id}-{self.id}",
            campaign_id=campaign_id,
            angle=str(self.angle),
            headline=self.headline,
            primary_text=self.primary_text,
            description=self.description,
            call_to_action=self.call_to_action,
            fact_ids=self.fact_ids,
            provenance={
                "generator": self.generator,
                "model": self.model,
                "prompt_hash": self.prompt_hash,
                "seed": self.seed,
                "persona": self.persona,
                "emotion": self.emotion,
            },
        )


@dataclass(frozen=True, slots=True)
class GateRejection:
    """A variant the grounding gate turned away, and why, in words the UI can show.

    `codes` name the checks that failed (one per reason, same order), for filters and tests:
    unsupported_number, unsupported_superlative, unsupported_guarantee, unsupported_offer,
    unsupported_quote, unsupported_name, unsupported_duration, no_facts, unknown_fact,
    excluded_fact, blocked_fact, high_risk_fact, avoided_word, too_long, empty, bad_cta,
    duplicate.
    """

    variant: CopyVariant
    reasons: tuple[str, ...]
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CopyResult:
    """What the copy stage returns: variants that passed the gate, those that did not, notices
    for the person (e.g. why the offline writer stepped in), every model call's usage (the
    caller records them in the cost ledger) and their total cost in US dollars."""

    variants: tuple[CopyVariant, ...] = ()
    rejected: tuple[GateRejection, ...] = ()
    notices: tuple[str, ...] = ()
    usage: tuple[ModelUsage, ...] = ()
    cost_usd: float = 0.0


# --- Step 4: imagery -------------------------------------------------------------------------


class ImageSource(StrEnum):
    """Where an image for an ad comes from."""

    PEXELS = "pexels"
    UNSPLASH = "unsplash"
    LOCAL = "local"
    BRAND = "brand"
    GENERATED = "generated"


_SOURCE_SITE_NAMES = {"pexels": "Pexels", "unsplash": "Unsplash"}


@dataclass(frozen=True, slots=True)
class StockPhoto:
    """An image a source offers, with everything its licence asks us to keep with it.

    `source` is an ImageSource value. `thumb_url` is small enough for a picker, `full_url` is
    what `StockSource.download` fetches; `page_url` is the photo's page on the source's site and
    `photographer_url` the photographer's profile (Unsplash links carry its referral tags).
    `download_location` is Unsplash's download-tracking endpoint ("" elsewhere).
    Sizes are 0 when the source does not say.
    """

    source: str
    id: str
    width: int
    height: int
    thumb_url: str = ""
    full_url: str = ""
    photographer: str = ""
    photographer_url: str = ""
    page_url: str = ""
    licence_url: str = ""
    description: str = ""
    download_location: str = ""
    avg_colour: str = ""

    @property
    def attribution(self) -> str:
        """"Photo by NAME on Unsplash" (or Pexels); for other sources, who made it, if known."""
        site = _SOURCE_SITE_NAMES.get(self.source)
        if site:
            return f"Photo by {self.photographer or 'an unknown photographer'} on {site}"
        if self.source == ImageSource.BRAND:
            return f"Image from {self.photographer}" if self.photographer else "Brand image"
        return f"Photo by {self.photographer}" if self.photographer else ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the stock cache keeps search results this way)."""
        return {
            "source": self.source, "id": self.id, "width": self.width, "height": self.height,
            "thumb_url": self.thumb_url, "full_url": self.full_url,
            "photographer": self.photographer, "photographer_url": self.photographer_url,
            "page_url": self.page_url, "licence_url": self.licence_url,
            "description": self.description, "download_location": self.download_location,
            "avg_colour": self.avg_colour,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StockPhoto:
        """The photo from `to_dict()` output (unknown keys are ignored)."""
        text_fields = (
            "thumb_url", "full_url", "photographer", "photographer_url", "page_url",
            "licence_url", "description", "download_location", "avg_colour",
        )
        return cls(
            source=str(data["source"]),
            id=str(data["id"]),
            width=int(data.get("width") or 0),
            height=int(data.get("height") or 0),
            **{name: str(data.get(name) or "") for name in text_fields},
        )


@dataclass(frozen=True, slots=True)
class LicenceRecord:
    """One row of the licence ledger: an image used in an ad, where it came from, on what
    terms, and the SHA-256 of the exact bytes used (also its name in the asset store)."""

    id: int
    source: str
    photo_id: str
    photographer: str
    licence_url: str
    sha256: str
    downloaded_at: datetime
    campaign_id: int | None = None
    photographer_url: str = ""
    page_url: str = ""
    attribution: str = ""
