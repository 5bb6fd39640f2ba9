"""The publish plan: every request in order, only approved variants, every object PAUSED,
and names that carry our tag so a lost answer can be found again."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from brandtruth_desktop.core.models import Campaign, Variant, VariantStatus
from brandtruth_desktop.core.publish import (
    BudgetLevel,
    Destination,
    Gender,
    Interest,
    Objective,
    ObjectKind,
    Placement,
    PublishSettings,
    Ref,
    RenderedImage,
    Schedule,
    Targeting,
    build_plan,
    check_plan,
    format_money,
    parse_tag,
    resolve_params,
    to_minor_units,
)

CAMPAIGN = Campaign(id=7, name="Acme Spring")


def variant(n: int, status: VariantStatus = VariantStatus.APPROVED, **changes: object
            ) -> Variant:
    base = Variant(id=f"c7-v{n}", campaign_id=7, angle="benefit", headline=f"Run further {n}",
                   primary_text="Trusted by 10,000 runners.", description="Free returns",
                   call_to_action="SHOP_NOW", status=status)
    return replace(base, **changes)  # type: ignore[arg-type]


def renders(*variants: Variant, formats: tuple[str, ...] = ("1:1",)
            ) -> dict[str, list[RenderedImage]]:
    sizes = {"1:1": (1080, 1080), "4:5": (1080, 1350), "9:16": (1080, 1920)}
    return {v.id: [RenderedImage(v.id, f, *sizes[f], sha256=f"{n:064x}", size_bytes=200_000)
                   for n, f in enumerate(formats)] for v in variants}


def settings(**changes: object) -> PublishSettings:
    return PublishSettings(ad_account_id="1001", page_id="2002", daily_budget=2000,
                           destination_url="https://acme.example").with_changes(**changes)


def test_requests_come_in_meta_order_for_approved_variants_only() -> None:
    variants = [variant(0), variant(1), variant(2, VariantStatus.PENDING),
                variant(3, VariantStatus.REJECTED, rejection_reason="off brand"),
                variant(4, VariantStatus.EDITED)]
    plan = build_plan(CAMPAIGN, variants, renders(*variants), settings(), run_key="abc123")

    assert [r.kind for r in plan.requests] == [
        ObjectKind.CAMPAIGN, ObjectKind.AD_SET, ObjectKind.IMAGE, ObjectKind.IMAGE,
        ObjectKind.CREATIVE, ObjectKind.CREATIVE, ObjectKind.AD, ObjectKind.AD]
    assert {r.variant_id for r in plan.requests if r.variant_id} == {"c7-v0", "c7-v1"}
    assert [(e.variant_id, e.reason.split(":")[0]) for e in plan.excluded] == [
        ("c7-v2", "not reviewed yet"), ("c7-v3", "rejected in review"),
        ("c7-v4", "edited after review")]
    assert "off brand" in plan.excluded[1].reason
    assert plan.settings.ad_account_id == "act_1001"
    assert all(r.edge.startswith("act_1001/") for r in plan.requests)
    assert check_plan(plan) == []


def test_every_delivering_object_is_paused_and_later_ids_are_references() -> None:
    plan = build_plan(CAMPAIGN, [variant(0)], renders(variant(0)), settings(), run_key="k1")
    statuses = {r.kind: r.status for r in plan.requests}
    assert statuses[ObjectKind.CAMPAIGN] == statuses[ObjectKind.AD_SET] == "PAUSED"
    assert statuses[ObjectKind.AD] == "PAUSED"
    adset = plan.request("adset")
    assert adset.params["campaign_id"] == Ref("campaign")
    creative = plan.request("creative:c7-v0@1x1")
    link = creative.params["object_story_spec"]["link_data"]
    assert link["image_hash"] == Ref("image:c7-v0@1x1", "hash")
    ad = plan.request("ad:c7-v0@1x1")
    assert ad.params["creative"] == {"creative_id": Ref("creative:c7-v0@1x1")}
    resolved = resolve_params(ad.params, lambda ref: f"<{ref.key}>")
    assert resolved == {"adset_id": "<adset>", "creative": {"creative_id":
                        "<creative:c7-v0@1x1>"}, "status": "PAUSED"}
    assert plan.to_dict()["requests"][-1]["params"]["adset_id"] == "{adset.id}"


def test_names_carry_a_tag_that_names_campaign_run_variant_and_kind() -> None:
    plan = build_plan(CAMPAIGN, [variant(0)], renders(variant(0)), settings(), run_key="a1b2c3")
    ad = plan.request("ad:c7-v0@1x1")
    assert ad.name.endswith("[bt:7.a1b2c3:c7-v0@1x1:ad]")
    assert parse_tag(ad.name) == (7, "a1b2c3", "c7-v0@1x1", ObjectKind.AD)
    assert parse_tag(plan.request("campaign").name) == (7, "a1b2c3", "-", ObjectKind.CAMPAIGN)
    image = plan.request("image:c7-v0@1x1")
    assert image.name == image.tag == "bt-7-a1b2c3-c7-v0-1x1.jpg"
    other = build_plan(CAMPAIGN, [variant(0)], renders(variant(0)), settings())
    assert other.run_key != plan.run_key  # a new publication gets new names


def test_budget_sits_on_one_level_only() -> None:
    on_adset = build_plan(CAMPAIGN, [variant(0)], renders(variant(0)), settings())
    assert "daily_budget" not in on_adset.request("campaign").params
    assert on_adset.request("campaign").params["is_adset_budget_sharing_enabled"] is False
    assert on_adset.request("adset").params["daily_budget"] == 2000
    on_campaign = build_plan(CAMPAIGN, [variant(0)], renders(variant(0)),
                             settings(budget_level=BudgetLevel.CAMPAIGN))
    assert on_campaign.request("campaign").params["daily_budget"] == 2000
    assert "is_adset_budget_sharing_enabled" not in on_campaign.request("campaign").params
    assert "daily_budget" not in on_campaign.request("adset").params


def test_targeting_placements_schedule_and_goal_follow_the_settings() -> None:
    start = datetime(2025, 4, 1, 9, tzinfo=UTC)
    chosen = settings(
        objective=Objective.SALES, pixel_id="555",
        targeting=Targeting(countries=("US", "CA"), age_min=25, age_max=54,
                            genders=(Gender.FEMALE,), interests=(Interest("6003", "Running"),)),
        placements=(Placement.FACEBOOK_FEED, Placement.INSTAGRAM_STORY,
                    Placement.INSTAGRAM_FEED),
        schedule=Schedule(start=start),
    )
    params = build_plan(CAMPAIGN, [variant(0)], renders(variant(0)), chosen
                        ).request("adset").params
    assert params["optimization_goal"] == "OFFSITE_CONVERSIONS"
    assert params["promoted_object"] == {"pixel_id": "555", "custom_event_type": "PURCHASE"}
    assert params["start_time"] == "2025-04-01T09:00:00+00:00"
    targeting = params["targeting"]
    assert targeting["genders"] == [2]
    assert targeting["flexible_spec"] == [{"interests": [{"id": "6003", "name": "Running"}]}]
    assert targeting["publisher_platforms"] == ["facebook", "instagram"]
    assert targeting["instagram_positions"] == ["story", "stream"]
    assert targeting["targeting_automation"] == {"advantage_audience": 0}
    assert chosen.preview_formats == ("MOBILE_FEED_STANDARD", "INSTAGRAM_STORY",
                                      "INSTAGRAM_STANDARD")
    no_pixel = build_plan(CAMPAIGN, [variant(0)], renders(variant(0)),
                          settings(objective=Objective.LEADS)).request("adset").params
    assert no_pixel["optimization_goal"] == "LINK_CLICKS"


def test_a_variant_can_have_its_own_link_and_button() -> None:
    chosen = settings(destinations={"c7-v1": Destination("https://acme.example/sale",
                                                         "GET_OFFER")}, call_to_action="")
    plan = build_plan(CAMPAIGN, [variant(0), variant(1)], renders(variant(0), variant(1)),
                      chosen)
    first = plan.request("creative:c7-v0@1x1").params["object_story_spec"]["link_data"]
    second = plan.request("creative:c7-v1@1x1").params["object_story_spec"]["link_data"]
    assert (first["link"], first["call_to_action"]["type"]) == ("https://acme.example",
                                                                "SHOP_NOW")
    assert (second["link"], second["call_to_action"]["type"]) == (
        "https://acme.example/sale", "GET_OFFER")


def test_missing_renders_exclude_a_variant_or_a_format() -> None:
    both = renders(variant(0), formats=("1:1", "9:16"))
    only_square = renders(variant(1), formats=("1:1",))
    plan = build_plan(CAMPAIGN, [variant(0), variant(1), variant(2)], both | only_square,
                      settings(formats=("1:1", "9:16")))
    assert len(plan.ads) == 3
    assert [e.variant_id for e in plan.excluded] == ["c7-v2"]
    assert "render it first" in plan.excluded[0].reason
    assert any("no 9:16 image" in note for note in plan.notes)


@pytest.mark.parametrize(("amount", "currency", "units"), [
    ("20", "USD", 2000), ("19.99", "EUR", 1999), ("2000", "JPY", 2000), (5, "usd", 500),
])
def test_budgets_are_converted_to_metas_units(amount: str, currency: str, units: int) -> None:
    assert to_minor_units(amount, currency) == units


def test_money_reads_back_in_the_currency() -> None:
    assert format_money(2050, "USD") == "20.50 USD"
    assert format_money(2000, "JPY") == "2000 JPY"
    with pytest.raises(ValueError, match="more than zero"):
        to_minor_units("0", "USD")
    with pytest.raises(ValueError, match="not an amount"):
        to_minor_units("twenty", "USD")


def test_settings_survive_a_round_trip_through_json() -> None:
    chosen = settings(
        objective=Objective.AWARENESS, special_ad_categories=("HOUSING",),
        schedule=Schedule(datetime(2025, 4, 1, tzinfo=UTC), datetime(2025, 5, 1, tzinfo=UTC)),
        targeting=Targeting(("GB",), 18, 65, (Gender.MALE,), (Interest("1", "Tea"),)),
        destinations={"c7-v0": Destination("https://x.example", "SIGN_UP")},
        placements=(Placement.INSTAGRAM_REELS,), formats=("9:16",), pixel_id="9",
        call_to_action="LEARN_MORE",
    )
    assert PublishSettings.from_dict(chosen.to_dict()) == chosen
