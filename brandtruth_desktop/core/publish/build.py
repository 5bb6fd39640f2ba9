"""Building the publish plan from a campaign, its variants, their renders and the settings.

`build_plan` is pure: it lays out campaign → ad set → ad images → creatives → ads, each object
PAUSED, for the APPROVED variants only (the others are listed with the reason they are left
out), with Meta's parameters for the objective, budget, audience, placements and schedule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from brandtruth_desktop.core.models import Campaign, Variant, VariantStatus
from brandtruth_desktop.core.publish.plan import (
    PAUSED,
    Exclusion,
    ObjectKind,
    PlannedRequest,
    PublishPlan,
    Ref,
    RenderedImage,
    make_tag,
    new_run_key,
    subject_for,
)
from brandtruth_desktop.core.publish.settings import (
    BudgetLevel,
    Objective,
    PublishSettings,
    format_money,
)

BID_STRATEGY = "LOWEST_COST_WITHOUT_CAP"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


EXCLUSION_REASONS = {
    VariantStatus.PENDING: "not reviewed yet: approve it in the review grid to publish it",
    VariantStatus.REJECTED: "rejected in review",
    VariantStatus.EDITED: "edited after review: approve the edited version to publish it",
}


def build_plan(
    campaign: Campaign,
    variants: Sequence[Variant],
    renders: Mapping[str, Sequence[RenderedImage]],
    settings: PublishSettings,
    *,
    run_key: str | None = None,
) -> PublishPlan:
    """Lay out every request that publishing `campaign` with `settings` will make.

    `variants` may hold every variant of the campaign: only APPROVED ones are planned, the
    others are listed in `excluded` with the reason, as are approved ones with no rendered
    image in a chosen format. `renders` maps variant ids to their rendered images.
    """
    run_key = run_key or new_run_key()
    name = settings.campaign_name.strip() or campaign.name
    tag = _tagger(campaign.id, run_key)
    account = settings.ad_account_id
    requests: list[PlannedRequest] = []
    excluded: list[Exclusion] = []
    notes: list[str] = []

    campaign_tag = tag("-", ObjectKind.CAMPAIGN)
    requests.append(PlannedRequest(
        key="campaign", kind=ObjectKind.CAMPAIGN, edge=f"{account}/campaigns",
        name=f"{_clip(name, 150)} {campaign_tag}", tag=campaign_tag,
        params=_campaign_params(settings),
    ))
    adset_tag = tag("-", ObjectKind.AD_SET)
    requests.append(PlannedRequest(
        key="adset", kind=ObjectKind.AD_SET, edge=f"{account}/adsets",
        name=f"{_clip(name, 100)} – {_audience_label(settings)} {adset_tag}", tag=adset_tag,
        params=_adset_params(settings),
    ))

    chosen: list[tuple[Variant, RenderedImage]] = []
    included: list[Variant] = []
    for variant in variants:
        if variant.campaign_id != campaign.id:
            excluded.append(Exclusion(variant.id, variant.headline,
                                      "belongs to another campaign"))
            continue
        if variant.status is not VariantStatus.APPROVED:
            reason = EXCLUSION_REASONS.get(variant.status, f"status is {variant.status}")
            if variant.status is VariantStatus.REJECTED and variant.rejection_reason:
                reason = f"{reason}: {variant.rejection_reason}"
            excluded.append(Exclusion(variant.id, variant.headline, reason))
            continue
        by_format = {image.format: image for image in renders.get(variant.id, ())}
        missing = [fmt for fmt in settings.formats if fmt not in by_format]
        if len(missing) == len(settings.formats):
            excluded.append(Exclusion(
                variant.id, variant.headline,
                f"no rendered image in {', '.join(settings.formats)}: render it first",
            ))
            continue
        if missing:
            notes.append(f"“{_clip(variant.headline, 40)}” has no {', '.join(missing)} image; "
                         "its other formats are published.")
        included.append(variant)
        chosen.extend((variant, by_format[fmt]) for fmt in settings.formats if fmt in by_format)

    for variant, image in chosen:
        subject = subject_for(variant.id, image.format)
        file_name = f"bt-{campaign.id}-{run_key}-{subject.replace('@', '-')}{image.extension}"
        requests.append(PlannedRequest(
            key=f"image:{subject}", kind=ObjectKind.IMAGE, edge=f"{account}/adimages",
            name=file_name, tag=file_name, params={}, variant_id=variant.id,
            format=image.format, image=image,
        ))
    for variant, image in chosen:
        subject = subject_for(variant.id, image.format)
        creative_tag = tag(subject, ObjectKind.CREATIVE)
        requests.append(PlannedRequest(
            key=f"creative:{subject}", kind=ObjectKind.CREATIVE,
            edge=f"{account}/adcreatives",
            name=f"{_clip(variant.headline, 60)} ({image.format}) {creative_tag}",
            tag=creative_tag,
            params=_creative_params(variant, settings, Ref(f"image:{subject}", "hash")),
            variant_id=variant.id, format=image.format,
        ))
    for variant, image in chosen:
        subject = subject_for(variant.id, image.format)
        ad_tag = tag(subject, ObjectKind.AD)
        requests.append(PlannedRequest(
            key=f"ad:{subject}", kind=ObjectKind.AD, edge=f"{account}/ads",
            name=f"{_clip(variant.headline, 60)} ({image.format}) {ad_tag}", tag=ad_tag,
            params={
                "adset_id": Ref("adset"),
                "creative": {"creative_id": Ref(f"creative:{subject}")},
                "status": PAUSED,
            },
            variant_id=variant.id, format=image.format,
        ))
    if settings.daily_budget > 0:
        where = "campaign" if settings.budget_level is BudgetLevel.CAMPAIGN else "ad set"
        notes.append(f"Daily budget {format_money(settings.daily_budget, settings.currency)} "
                     f"on the {where}.")
    notes.append("Everything is created PAUSED: nothing spends until you switch it on in "
                 "Meta Ads Manager.")
    return PublishPlan(
        campaign_id=campaign.id, campaign_name=name, run_key=run_key, settings=settings,
        requests=tuple(requests), variants=tuple(included), excluded=tuple(excluded),
        notes=tuple(notes),
    )


def _tagger(campaign_id: int, run_key: str) -> Callable[[str, ObjectKind], str]:
    def tag(subject: str, kind: ObjectKind) -> str:
        return make_tag(campaign_id, run_key, subject, kind)

    return tag


def _campaign_params(settings: PublishSettings) -> dict[str, Any]:
    params: dict[str, Any] = {
        "objective": settings.objective.value,
        "status": PAUSED,
        "buying_type": "AUCTION",
        # Always sent, also when empty: Meta refuses a campaign without it.
        "special_ad_categories": list(settings.special_ad_categories),
    }
    if settings.budget_level is BudgetLevel.CAMPAIGN:
        params["daily_budget"] = settings.daily_budget
        params["bid_strategy"] = BID_STRATEGY
    else:
        # Without a campaign budget Meta wants to be told whether ad sets may share budget.
        params["is_adset_budget_sharing_enabled"] = False
    return params


_GOALS = {
    Objective.AWARENESS: ("REACH", None),
    Objective.TRAFFIC: ("LINK_CLICKS", None),
    Objective.LEADS: ("OFFSITE_CONVERSIONS", "LEAD"),
    Objective.SALES: ("OFFSITE_CONVERSIONS", "PURCHASE"),
}


def _adset_params(settings: PublishSettings) -> dict[str, Any]:
    goal, event = _GOALS[settings.objective]
    params: dict[str, Any] = {
        "campaign_id": Ref("campaign"),
        "status": PAUSED,
        "billing_event": "IMPRESSIONS",
        "targeting": targeting_spec(settings),
    }
    if event is not None and settings.pixel_id:
        params["optimization_goal"] = goal
        params["promoted_object"] = {"pixel_id": settings.pixel_id, "custom_event_type": event}
    elif event is not None:
        # Leads and sales without a pixel: optimise for link clicks to the website.
        params["optimization_goal"] = "LINK_CLICKS"
    else:
        params["optimization_goal"] = goal
    if settings.objective is not Objective.AWARENESS:
        params["destination_type"] = "WEBSITE"
    if settings.budget_level is BudgetLevel.AD_SET:
        params["daily_budget"] = settings.daily_budget
        params["bid_strategy"] = BID_STRATEGY
    if settings.schedule.start is not None:
        params["start_time"] = settings.schedule.start.isoformat()
    if settings.schedule.end is not None:
        params["end_time"] = settings.schedule.end.isoformat()
    return params


def targeting_spec(settings: PublishSettings) -> dict[str, Any]:
    """Meta's `targeting` object for the settings' audience and placements."""
    audience = settings.targeting
    spec: dict[str, Any] = {
        "geo_locations": {"countries": list(audience.countries)},
        "age_min": audience.age_min,
        "age_max": audience.age_max,
        # Meta asks every new ad set whether it may widen the audience; we keep it as chosen.
        "targeting_automation": {"advantage_audience": 0},
    }
    if audience.genders:
        spec["genders"] = sorted(int(g) for g in set(audience.genders))
    if audience.interests:
        spec["flexible_spec"] = [
            {"interests": [{"id": i.id, "name": i.name} for i in audience.interests]}
        ]
    if settings.placements:
        platforms = list(dict.fromkeys(p.platform for p in settings.placements))
        spec["publisher_platforms"] = platforms
        for platform in platforms:
            spec[f"{platform}_positions"] = [
                p.position for p in settings.placements if p.platform == platform
            ]
    return spec


def _creative_params(variant: Variant, settings: PublishSettings, image_hash: Ref
                     ) -> dict[str, Any]:
    destination = settings.destination_for(variant.id, variant.call_to_action)
    link_data: dict[str, Any] = {
        "link": destination.url,
        "message": variant.primary_text,
        "name": variant.headline,
        "image_hash": image_hash,
        "call_to_action": {"type": destination.call_to_action,
                           "value": {"link": destination.url}},
    }
    if variant.description:
        link_data["description"] = variant.description
    story: dict[str, Any] = {"page_id": settings.page_id, "link_data": link_data}
    if settings.instagram_user_id:
        story["instagram_user_id"] = settings.instagram_user_id
    return {"object_story_spec": story}


def _audience_label(settings: PublishSettings) -> str:
    audience = settings.targeting
    countries = ", ".join(audience.countries[:4]) + ("…" if len(audience.countries) > 4 else "")
    return f"{countries or 'no country'} {audience.age_min}-{audience.age_max}"
