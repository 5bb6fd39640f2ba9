"""What the person chooses on the publish panel: account, Page, objective, budget, audience.

Plain values only: the panel edits a `PublishSettings`, the CLI builds one from its flags, and
`build_plan` turns it into the requests Meta will receive. Budgets are integers in the account
currency's minor units (cents for USD), exactly as Meta's `daily_budget` wants them;
`to_minor_units` converts an amount a person types.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import IntEnum, StrEnum
from typing import Any


class Objective(StrEnum):
    """The campaign objectives the product publishes (Meta's outcome-driven objectives)."""

    AWARENESS = "OUTCOME_AWARENESS"
    TRAFFIC = "OUTCOME_TRAFFIC"
    LEADS = "OUTCOME_LEADS"
    SALES = "OUTCOME_SALES"

    @classmethod
    def parse(cls, text: str) -> Objective:
        """"traffic", "Traffic" or "OUTCOME_TRAFFIC" → Objective.TRAFFIC; ValueError otherwise."""
        cleaned = text.strip().upper().removeprefix("OUTCOME_")
        for objective in cls:
            if objective.name == cleaned:
                return objective
        names = ", ".join(o.name.lower() for o in cls)
        raise ValueError(f"“{text}” is not an objective. Use one of: {names}.")

    @property
    def label(self) -> str:
        return self.name.capitalize()


SPECIAL_AD_CATEGORIES = (
    "HOUSING", "EMPLOYMENT", "FINANCIAL_PRODUCTS_SERVICES", "ISSUES_ELECTIONS_POLITICS",
    "ONLINE_GAMBLING_AND_GAMING",
)
"""Meta's special ad categories an ad can declare (`CREDIT` is folded into financial products)."""


class BudgetLevel(StrEnum):
    """Where the daily budget sits: on the campaign (Advantage campaign budget) or the ad set."""

    CAMPAIGN = "campaign"
    AD_SET = "adset"


class Gender(IntEnum):
    """Meta's gender codes in ad targeting (no genders chosen means everyone)."""

    MALE = 1
    FEMALE = 2


class Placement(StrEnum):
    """Where ads may show; none chosen means Advantage+ placements (Meta decides)."""

    FACEBOOK_FEED = "facebook_feed"
    FACEBOOK_STORY = "facebook_story"
    FACEBOOK_REELS = "facebook_reels"
    FACEBOOK_MARKETPLACE = "facebook_marketplace"
    FACEBOOK_RIGHT_COLUMN = "facebook_right_column"
    INSTAGRAM_FEED = "instagram_feed"
    INSTAGRAM_STORY = "instagram_story"
    INSTAGRAM_REELS = "instagram_reels"
    INSTAGRAM_EXPLORE = "instagram_explore"

    @property
    def platform(self) -> str:
        """`publisher_platforms` value."""
        return self.value.split("_", 1)[0]

    @property
    def position(self) -> str:
        """`facebook_positions` / `instagram_positions` value."""
        return _POSITIONS[self]

    @property
    def preview_format(self) -> str:
        """The `ad_format` that asks `/previews` for this placement."""
        return _PREVIEW_FORMATS[self]

    @property
    def label(self) -> str:
        platform, _, where = self.value.partition("_")
        return f"{platform.capitalize()} {where.replace('_', ' ')}"

    @property
    def full_screen(self) -> bool:
        """Stories and Reels: the 9:16 placements."""
        return self in (Placement.FACEBOOK_STORY, Placement.FACEBOOK_REELS,
                        Placement.INSTAGRAM_STORY, Placement.INSTAGRAM_REELS)

    @classmethod
    def parse(cls, text: str) -> Placement:
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return cls(key)
        except ValueError:
            names = ", ".join(p.value for p in cls)
            raise ValueError(f"“{text}” is not a placement. Use some of: {names}.") from None


_POSITIONS = {
    Placement.FACEBOOK_FEED: "feed",
    Placement.FACEBOOK_STORY: "story",
    Placement.FACEBOOK_REELS: "facebook_reels",
    Placement.FACEBOOK_MARKETPLACE: "marketplace",
    Placement.FACEBOOK_RIGHT_COLUMN: "right_hand_column",
    Placement.INSTAGRAM_FEED: "stream",
    Placement.INSTAGRAM_STORY: "story",
    Placement.INSTAGRAM_REELS: "reels",
    Placement.INSTAGRAM_EXPLORE: "explore",
}
_PREVIEW_FORMATS = {
    Placement.FACEBOOK_FEED: "MOBILE_FEED_STANDARD",
    Placement.FACEBOOK_STORY: "FACEBOOK_STORY_MOBILE",
    Placement.FACEBOOK_REELS: "FACEBOOK_REELS_MOBILE",
    Placement.FACEBOOK_MARKETPLACE: "MARKETPLACE_MOBILE",
    Placement.FACEBOOK_RIGHT_COLUMN: "RIGHT_COLUMN_STANDARD",
    Placement.INSTAGRAM_FEED: "INSTAGRAM_STANDARD",
    Placement.INSTAGRAM_STORY: "INSTAGRAM_STORY",
    Placement.INSTAGRAM_REELS: "INSTAGRAM_REELS",
    Placement.INSTAGRAM_EXPLORE: "INSTAGRAM_EXPLORE_GRID_HOME",
}
AUTOMATIC_PREVIEW_FORMATS = ("MOBILE_FEED_STANDARD", "INSTAGRAM_STANDARD", "INSTAGRAM_STORY")
"""Previews fetched when Meta chooses the placements (Advantage+): the three most common."""


@dataclass(frozen=True, slots=True)
class Interest:
    """A detailed-targeting interest as `/search?type=adinterest` returns it."""

    id: str
    name: str
    audience_size: int | None = None


@dataclass(frozen=True, slots=True)
class Targeting:
    """Who sees the ads. Countries are ISO 3166 two-letter codes; no genders means all."""

    countries: tuple[str, ...] = ("US",)
    age_min: int = 18
    age_max: int = 65
    genders: tuple[Gender, ...] = ()
    interests: tuple[Interest, ...] = ()


@dataclass(frozen=True, slots=True)
class Schedule:
    """When the ad set may run (timezone-aware); no start means as soon as it is switched on."""

    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class Destination:
    """Where one variant's ad sends people, and its button; blanks fall back to the defaults."""

    url: str = ""
    call_to_action: str = ""


@dataclass(frozen=True, slots=True)
class PublishSettings:
    """Everything the publish panel asks, for one campaign.

    `daily_budget` is in minor units of `currency` (what Meta's API takes). `destination_url`
    is every variant's link unless `destinations` gives a variant its own; the button is the
    variant's own destination's, else `call_to_action`, else the variant's. `formats` are the
    rendered formats to publish: one ad per approved variant and format. `pixel_id` lets leads
    and sales optimise for conversions.
    """

    ad_account_id: str
    page_id: str
    objective: Objective = Objective.TRAFFIC
    special_ad_categories: tuple[str, ...] = ()
    daily_budget: int = 0
    currency: str = "USD"
    budget_level: BudgetLevel = BudgetLevel.AD_SET
    schedule: Schedule = field(default_factory=Schedule)
    targeting: Targeting = field(default_factory=Targeting)
    destination_url: str = ""
    call_to_action: str = ""
    destinations: Mapping[str, Destination] = field(default_factory=dict)
    placements: tuple[Placement, ...] = ()
    formats: tuple[str, ...] = ("1:1",)
    pixel_id: str = ""
    instagram_user_id: str = ""
    campaign_name: str = ""

    def __post_init__(self) -> None:
        account = self.ad_account_id.strip()
        if account and not account.startswith("act_"):
            account = f"act_{account}"
        object.__setattr__(self, "ad_account_id", account)
        object.__setattr__(self, "page_id", self.page_id.strip())

    def destination_for(self, variant_id: str, default_cta: str) -> Destination:
        """The link and button a variant's ad uses."""
        own = self.destinations.get(variant_id, Destination())
        return Destination(own.url.strip() or self.destination_url.strip(),
                           own.call_to_action.strip() or self.call_to_action.strip()
                           or default_cta)

    @property
    def preview_formats(self) -> tuple[str, ...]:
        """The `/previews` ad formats to fetch for each ad: one per chosen placement."""
        if not self.placements:
            return AUTOMATIC_PREVIEW_FORMATS
        return tuple(dict.fromkeys(p.preview_format for p in self.placements))

    def with_changes(self, **changes: Any) -> PublishSettings:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (stored with each publish run, printed by the dry run)."""
        return {
            "ad_account_id": self.ad_account_id,
            "page_id": self.page_id,
            "objective": self.objective.value,
            "special_ad_categories": list(self.special_ad_categories),
            "daily_budget": self.daily_budget,
            "currency": self.currency,
            "budget_level": self.budget_level.value,
            "schedule": {
                "start": self.schedule.start.isoformat() if self.schedule.start else None,
                "end": self.schedule.end.isoformat() if self.schedule.end else None,
            },
            "targeting": {
                "countries": list(self.targeting.countries),
                "age_min": self.targeting.age_min,
                "age_max": self.targeting.age_max,
                "genders": [int(g) for g in self.targeting.genders],
                "interests": [{"id": i.id, "name": i.name} for i in self.targeting.interests],
            },
            "destination_url": self.destination_url,
            "call_to_action": self.call_to_action,
            "destinations": {
                variant: {"url": d.url, "call_to_action": d.call_to_action}
                for variant, d in self.destinations.items()
            },
            "placements": [p.value for p in self.placements],
            "formats": list(self.formats),
            "pixel_id": self.pixel_id,
            "instagram_user_id": self.instagram_user_id,
            "campaign_name": self.campaign_name,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PublishSettings:
        """The settings from `to_dict()` output."""
        schedule = data.get("schedule") or {}
        targeting = data.get("targeting") or {}
        return cls(
            ad_account_id=str(data["ad_account_id"]),
            page_id=str(data["page_id"]),
            objective=Objective(data.get("objective", Objective.TRAFFIC.value)),
            special_ad_categories=tuple(data.get("special_ad_categories") or ()),
            daily_budget=int(data.get("daily_budget") or 0),
            currency=str(data.get("currency") or "USD"),
            budget_level=BudgetLevel(data.get("budget_level", BudgetLevel.AD_SET.value)),
            schedule=Schedule(
                start=_moment(schedule.get("start")),
                end=_moment(schedule.get("end")),
            ),
            targeting=Targeting(
                countries=tuple(targeting.get("countries") or ()),
                age_min=int(targeting.get("age_min", 18)),
                age_max=int(targeting.get("age_max", 65)),
                genders=tuple(Gender(g) for g in targeting.get("genders") or ()),
                interests=tuple(Interest(str(i["id"]), str(i.get("name", "")))
                                for i in targeting.get("interests") or ()),
            ),
            destination_url=str(data.get("destination_url") or ""),
            call_to_action=str(data.get("call_to_action") or ""),
            destinations={
                str(variant): Destination(str(d.get("url") or ""),
                                          str(d.get("call_to_action") or ""))
                for variant, d in (data.get("destinations") or {}).items()
            },
            placements=tuple(Placement(p) for p in data.get("placements") or ()),
            formats=tuple(data.get("formats") or ("1:1",)),
            pixel_id=str(data.get("pixel_id") or ""),
            instagram_user_id=str(data.get("instagram_user_id") or ""),
            campaign_name=str(data.get("campaign_name") or ""),
        )


def _moment(text: Any) -> datetime | None:
    return datetime.fromisoformat(str(text)) if text else None


# Currencies whose smallest unit is the whole unit (Meta's "offset" 1); all others use 100.
_NO_MINOR_UNIT = frozenset({
    "CLP", "COP", "CRC", "HUF", "ISK", "IDR", "JPY", "KRW", "PYG", "TWD", "VND",
})


def minor_units_per_unit(currency: str) -> int:
    """How many of Meta's budget units make one unit of `currency` (100, or 1 for JPY etc.)."""
    return 1 if currency.strip().upper() in _NO_MINOR_UNIT else 100


def to_minor_units(amount: str | int | float | Decimal, currency: str) -> int:
    """An amount as a person types it ("20", "19.99") in Meta's budget units for `currency`.

    ValueError for something that is not a positive amount.
    """
    try:
        value = Decimal(str(amount).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"“{amount}” is not an amount of money.") from None
    if not value.is_finite() or value <= 0:
        raise ValueError(f"The budget must be more than zero (got {amount}).")
    units = value * minor_units_per_unit(currency)
    return int(units.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_money(minor_units: int, currency: str) -> str:
    """"20.00 USD" for 2000 cents; "2000 JPY" for 2000 yen."""
    per_unit = minor_units_per_unit(currency)
    if per_unit == 1:
        return f"{minor_units} {currency.upper()}"
    return f"{Decimal(minor_units) / per_unit:.2f} {currency.upper()}"


_COUNTRY = re.compile(r"^[A-Z]{2}$")


def is_country_code(code: str) -> bool:
    """True for something shaped like an ISO 3166-1 alpha-2 code ("US", "CA")."""
    return bool(_COUNTRY.match(code))
