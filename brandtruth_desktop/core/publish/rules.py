"""The dry run's checks: what Meta would refuse, or what would publish something wrong.

`check_plan` reads the requests of a `PublishPlan` (not the settings it was built from), so it
catches a broken plan however it came about. Errors stop a publish; warnings are shown and
the person decides. Copy limits and call-to-action types come from the one platform table in
`core.copy.limits`; image sizes from what Meta accepts per placement.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from brandtruth_desktop.core.copy.limits import limits_for
from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.publish.plan import (
    DELIVERING_KINDS,
    PAUSED,
    ObjectKind,
    PlannedRequest,
    PublishPlan,
    Ref,
)
from brandtruth_desktop.core.publish.settings import (
    SPECIAL_AD_CATEGORIES,
    Objective,
    Placement,
    is_country_code,
)

BUDGET_FIELDS = ("daily_budget", "lifetime_budget")
MIN_IMAGE_WIDTH = 600
"""Meta's smallest accepted width for a link ad image (1080 is recommended)."""
MAX_IMAGE_BYTES = 30 * 1024 * 1024
FEED_ASPECTS = (4 / 5, 1.91)
"""Widest and tallest (width / height) images feeds show uncropped: 1.91:1 to 4:5."""
RIGHT_COLUMN_ASPECTS = (1.0, 1.91)
FULL_SCREEN_ASPECT = 9 / 16
ASPECT_TOLERANCE = 0.03


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class PlanProblem:
    """One thing the dry run found. `code` is stable for tests and filters; `message` is for
    the person and says what to do; `key` names the request, `variant_id` the variant."""

    severity: Severity
    code: str
    message: str
    key: str | None = None
    variant_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"severity": self.severity.value, "code": self.code, "message": self.message,
                "key": self.key, "variant_id": self.variant_id}


def errors(problems: Sequence[PlanProblem]) -> list[PlanProblem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def check_plan(plan: PublishPlan) -> list[PlanProblem]:
    """Every rule violation in `plan`, errors first, in request order."""
    problems = [
        *_check_structure(plan),
        *_check_campaign_and_adset(plan),
        *_check_status(plan),
        *_check_variants(plan),
        *_check_copy(plan),
        *_check_images(plan),
    ]
    return sorted(problems, key=lambda p: p.severity is not Severity.ERROR)


def _error(code: str, message: str, request: PlannedRequest | None = None,
           variant_id: str | None = None) -> PlanProblem:
    return PlanProblem(Severity.ERROR, code, message, request.key if request else None,
                       variant_id or (request.variant_id if request else None))


def _warning(code: str, message: str, request: PlannedRequest | None = None) -> PlanProblem:
    return PlanProblem(Severity.WARNING, code, message, request.key if request else None,
                       request.variant_id if request else None)


def _check_structure(plan: PublishPlan) -> Iterator[PlanProblem]:
    settings = plan.settings
    if not settings.ad_account_id.removeprefix("act_").isdigit():
        yield _error("bad_account", f"“{settings.ad_account_id}” is not an ad account id. Pick "
                     "the ad account (its id looks like act_1234567890).")
    if not settings.page_id.isdigit():
        yield _error("bad_page", f"“{settings.page_id}” is not a Facebook Page id. Pick the "
                     "Page the ads run as.")
    if len(plan.of_kind(ObjectKind.CAMPAIGN)) != 1 or len(plan.of_kind(ObjectKind.AD_SET)) != 1:
        yield _error("bad_structure", "A publish creates exactly one campaign and one ad set.")
    if not plan.ads:
        yield _error("nothing_to_publish", "No approved variant has a rendered image in the "
                     "chosen formats, so there is nothing to publish. Approve variants in the "
                     "review grid and render them first.")
    keys = [r.key for r in plan.requests]
    if len(set(keys)) != len(keys):
        yield _error("duplicate_request", "The plan creates the same object twice.")
    seen: set[str] = set()
    for request in plan.requests:
        for ref in _refs(request.params):
            if ref.key not in seen:
                yield _error("bad_order", f"{request.describe()} needs {ref} before it exists.",
                             request)
        seen.add(request.key)


def _refs(value: Any) -> Iterator[Ref]:
    if isinstance(value, Ref):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _refs(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _refs(item)


def _budget(params: Mapping[str, Any]) -> int | None:
    for name in BUDGET_FIELDS:
        if name in params and params[name] is not None:
            return int(params[name])
    return None


def _check_campaign_and_adset(plan: PublishPlan) -> Iterator[PlanProblem]:
    campaigns = plan.of_kind(ObjectKind.CAMPAIGN)
    adsets = plan.of_kind(ObjectKind.AD_SET)
    if not campaigns:
        return
    campaign = campaigns[0]
    params = campaign.params
    if params.get("objective") not in {o.value for o in Objective}:
        yield _error("bad_objective", f"“{params.get('objective')}” is not an objective this "
                     "app publishes (awareness, traffic, leads or sales).", campaign)
    if "special_ad_categories" not in params:
        yield _error("special_ad_categories_missing", "The campaign must say which special ad "
                     "categories apply, even when none do (Meta refuses it otherwise).",
                     campaign)
    else:
        unknown = [c for c in params["special_ad_categories"] if c not in SPECIAL_AD_CATEGORIES]
        if unknown:
            yield _error("bad_special_ad_category", f"Unknown special ad categories: "
                         f"{', '.join(map(str, unknown))}.", campaign)
    campaign_budget = _budget(params)
    for adset in adsets:
        adset_budget = _budget(adset.params)
        if campaign_budget is not None and adset_budget is not None:
            yield _error("budget_on_both", "A daily budget is set on both the campaign and the "
                         "ad set. Meta takes it on one or the other: choose campaign budget or "
                         "ad set budget.", adset)
        elif campaign_budget is None and adset_budget is None:
            yield _error("no_budget", "There is no daily budget. Set one on the campaign or "
                         "the ad set.", adset)
        budget = campaign_budget if campaign_budget is not None else adset_budget
        if budget is not None and budget <= 0:
            yield _error("no_budget", "There is no daily budget (it is zero). Set one of more "
                         "than zero on the campaign or the ad set.", adset)
        yield from _check_targeting(plan, adset)
        yield from _check_schedule(adset)
    if campaign_budget is None and "is_adset_budget_sharing_enabled" not in params:
        yield _error("budget_sharing_missing", "The campaign has no budget of its own, so it "
                     "must say whether its ad sets share budget "
                     "(is_adset_budget_sharing_enabled); Meta refuses it otherwise.", campaign)


def _check_targeting(plan: PublishPlan, adset: PlannedRequest) -> Iterator[PlanProblem]:
    targeting = adset.params.get("targeting") or {}
    countries = (targeting.get("geo_locations") or {}).get("countries") or []
    if not countries:
        yield _error("no_countries", "Choose at least one country to show the ads in.", adset)
    bad = [c for c in countries if not is_country_code(str(c))]
    if bad:
        yield _error("bad_country", f"Not country codes: {', '.join(map(str, bad))}. Use "
                     "two-letter codes such as US, CA, GB.", adset)
    age_min, age_max = int(targeting.get("age_min", 18)), int(targeting.get("age_max", 65))
    if not 13 <= age_min <= age_max <= 65:
        yield _error("bad_age_range", f"The age range {age_min}–{age_max} is not possible: "
                     "Meta targets ages 13 to 65 (65 means 65 and older).", adset)
    special = plan.of_kind(ObjectKind.CAMPAIGN)[0].params.get("special_ad_categories") or []
    if special:
        narrowed = []
        if (age_min, age_max) != (18, 65):
            narrowed.append("age")
        if targeting.get("genders"):
            narrowed.append("gender")
        if targeting.get("flexible_spec"):
            narrowed.append("interests")
        if narrowed:
            yield _error("special_category_targeting", "Ads in a special ad category "
                         f"({', '.join(special)}) may not be narrowed by {', '.join(narrowed)}: "
                         "use ages 18–65, all genders and no interests.", adset)
    if "targeting_automation" not in targeting:
        yield _warning("advantage_audience_unset", "The ad set does not say whether Meta may "
                       "widen the audience (Advantage+ audience); Meta may refuse it.", adset)


def _check_schedule(adset: PlannedRequest) -> Iterator[PlanProblem]:
    start, end = adset.params.get("start_time"), adset.params.get("end_time")
    if start and end and str(end) <= str(start):
        yield _error("bad_schedule", "The schedule ends before it starts.", adset)


def _check_status(plan: PublishPlan) -> Iterator[PlanProblem]:
    for request in plan.requests:
        if request.kind in DELIVERING_KINDS and request.status != PAUSED:
            yield _error("not_paused", f"{request.describe()} would not be PAUSED. Everything "
                         "this app creates starts PAUSED, so nothing spends before you switch "
                         "it on in Ads Manager.", request)


def _check_variants(plan: PublishPlan) -> Iterator[PlanProblem]:
    statuses = {v.id: v.status for v in plan.variants}
    for request in plan.requests:
        if request.variant_id is None:
            continue
        status = statuses.get(request.variant_id)
        if status is not VariantStatus.APPROVED:
            yield _error("not_approved", f"{request.describe()} is for a variant that is "
                         f"{status or 'not in the plan'}, not approved. Only approved variants "
                         "are published.", request)


def _check_copy(plan: PublishPlan) -> Iterator[PlanProblem]:
    limits = limits_for("meta")
    fields = (("name", "headline", limits.headline), ("message", "primary text",
              limits.primary_text), ("description", "description", limits.description))
    for request in plan.of_kind(ObjectKind.CREATIVE):
        story = request.params.get("object_story_spec") or {}
        link_data = story.get("link_data") or {}
        if not story.get("page_id"):
            yield _error("no_page", "The creative names no Facebook Page.", request)
        for key, label, limit in fields:
            text = str(link_data.get(key) or "")
            if len(text) > limit:
                yield _error("copy_too_long", f"The {label} “{text[:40]}…” is {len(text)} "
                             f"characters; Meta shows at most {limit} in most placements. "
                             "Shorten it in the review grid.", request)
        for key, label in (("name", "headline"), ("message", "primary text")):
            if not str(link_data.get(key) or "").strip():
                yield _error("copy_empty", f"The {label} is empty.", request)
        cta = (link_data.get("call_to_action") or {}).get("type")
        if cta not in limits.call_to_actions:
            yield _error("bad_cta", f"“{cta}” is not a call to action Meta offers on a link "
                         f"ad. Use one of: {', '.join(limits.call_to_actions)}.", request)
        link = str(link_data.get("link") or "")
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            yield _error("no_destination", "The ad has no web address to send people to "
                         f"(got “{link}”). Set the destination URL.", request)


def _check_images(plan: PublishPlan) -> Iterator[PlanProblem]:
    placements = plan.settings.placements
    for request in plan.of_kind(ObjectKind.IMAGE):
        image = request.image
        if image is None:
            yield _error("no_image", "The upload has no image.", request)
            continue
        if image.width < MIN_IMAGE_WIDTH:
            yield _error("image_too_small", f"The {image.format} image is {image.width} pixels "
                         f"wide; Meta needs at least {MIN_IMAGE_WIDTH} (1080 is best).", request)
        if image.size_bytes > MAX_IMAGE_BYTES:
            yield _error("image_too_large", f"The {image.format} image is "
                         f"{image.size_bytes / 1_048_576:.0f} MB; Meta accepts at most 30 MB.",
                         request)
        if image.mime_type not in ("image/jpeg", "image/png"):
            yield _error("image_type", f"Meta takes JPEG or PNG images, not {image.mime_type}.",
                         request)
        if image.qa_passed is False:
            yield _warning("render_qa_failed", f"The {image.format} image did not pass the "
                           "render checks (contrast, text area or safe zones). Look at it in "
                           "the review grid before publishing.", request)
        aspect = image.width / image.height if image.height else 0.0
        for placement in placements:
            problem = _aspect_problem(placement, aspect)
            if problem:
                yield _warning("image_aspect", f"{image.format} image in {placement.label}: "
                               f"{problem}", request)


def _aspect_problem(placement: Placement, aspect: float) -> str:
    def within(low: float, high: float) -> bool:
        return low * (1 - ASPECT_TOLERANCE) <= aspect <= high * (1 + ASPECT_TOLERANCE)

    if placement.full_screen:
        if not within(FULL_SCREEN_ASPECT, FULL_SCREEN_ASPECT):
            return ("Stories and Reels fill the screen at 9:16; this image will be shown with "
                    "bars or cropped. Add the 9:16 format for these placements.")
        return ""
    if placement is Placement.FACEBOOK_RIGHT_COLUMN:
        if not within(*RIGHT_COLUMN_ASPECTS):
            return "the right column shows 1.91:1 to 1:1 images; this one will be cropped."
        return ""
    if not within(*FEED_ASPECTS):
        return ("feeds show images from 1.91:1 to 4:5; this one will be cropped to fit, which "
                "may cut off text.")
    return ""
