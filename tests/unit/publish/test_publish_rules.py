"""The dry run reports each rule a plan breaks, with a message that says what to do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from test_publish_plan import CAMPAIGN, renders, settings, variant

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.publish import (
    ObjectKind,
    Placement,
    PublishPlan,
    Severity,
    build_plan,
    check_plan,
)


def plan(**changes: Any) -> PublishPlan:
    variants = [variant(0), variant(1)]
    return build_plan(CAMPAIGN, variants, renders(*variants), settings(**changes),
                      run_key="r1")


def edit(built: PublishPlan, key: str, change: Callable[[dict[str, Any]], None]
         ) -> PublishPlan:
    """The plan with one request's params changed (a plan made wrong some other way)."""
    requests = []
    for request in built.requests:
        if request.key == key:
            params = _deep_copy(request.params)
            change(params)
            request = replace(request, params=params)
        requests.append(request)
    return replace(built, requests=tuple(requests))


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def link_data(params: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = params["object_story_spec"]["link_data"]
    return data


CREATIVE = "creative:c7-v0@1x1"
CASES: dict[str, Callable[[], PublishPlan]] = {
    "budget_on_both": lambda: edit(plan(), "campaign",
                                   lambda p: p.update(daily_budget=1000)),
    "no_budget": lambda: plan(daily_budget=0),
    "special_ad_categories_missing": lambda: edit(
        plan(), "campaign", lambda p: p.pop("special_ad_categories")),
    "bad_special_ad_category": lambda: plan(special_ad_categories=("LOTTERY",)),
    "budget_sharing_missing": lambda: edit(
        plan(), "campaign", lambda p: p.pop("is_adset_budget_sharing_enabled")),
    "not_paused": lambda: edit(plan(), "ad:c7-v1@1x1", lambda p: p.update(status="ACTIVE")),
    "copy_too_long": lambda: edit(plan(), CREATIVE,
                                  lambda p: link_data(p).update(name="x" * 41)),
    "copy_empty": lambda: edit(plan(), CREATIVE, lambda p: link_data(p).update(message=" ")),
    "bad_cta": lambda: plan(call_to_action="CALL_NOW"),
    "no_destination": lambda: plan(destination_url="acme.example"),
    "no_countries": lambda: plan(targeting=replace(settings().targeting, countries=())),
    "bad_country": lambda: plan(targeting=replace(settings().targeting, countries=("USA",))),
    "bad_age_range": lambda: plan(targeting=replace(settings().targeting, age_min=40,
                                                    age_max=30)),
    "special_category_targeting": lambda: plan(
        special_ad_categories=("HOUSING",),
        targeting=replace(settings().targeting, age_min=25)),
    "bad_account": lambda: plan(ad_account_id="my-account"),
    "bad_page": lambda: plan(page_id="Acme"),
    "bad_objective": lambda: edit(plan(), "campaign",
                                  lambda p: p.update(objective="CONVERSIONS")),
    "bad_order": lambda: replace(plan(), requests=tuple(reversed(plan().requests))),
    "nothing_to_publish": lambda: build_plan(CAMPAIGN, [variant(0, VariantStatus.PENDING)],
                                             renders(variant(0)), settings()),
    "not_approved": lambda: replace(plan(), variants=(variant(0), variant(
        1, VariantStatus.REJECTED))),
    "image_too_small": lambda: _with_image(width=500, height=500),
    "image_too_large": lambda: _with_image(size_bytes=31 * 1024 * 1024),
    "image_type": lambda: _with_image(mime_type="image/webp"),
    "bad_schedule": lambda: edit(plan(), "adset", lambda p: p.update(
        start_time="2025-05-01T00:00:00+00:00", end_time="2025-04-01T00:00:00+00:00")),
    "no_page": lambda: edit(plan(), CREATIVE, lambda p: p["object_story_spec"].update(
        page_id="")),
}
WARNINGS: dict[str, Callable[[], PublishPlan]] = {
    "image_aspect": lambda: plan(placements=(Placement.INSTAGRAM_STORY,)),
    "render_qa_failed": lambda: _with_image(qa_passed=False),
    "advantage_audience_unset": lambda: edit(
        plan(), "adset", lambda p: p["targeting"].pop("targeting_automation")),
}


def _with_image(**changes: Any) -> PublishPlan:
    built = plan()
    requests = tuple(
        replace(r, image=replace(r.image, **changes))
        if r.kind is ObjectKind.IMAGE and r.image is not None else r
        for r in built.requests
    )
    return replace(built, requests=requests)


def test_a_plan_built_from_good_settings_has_no_problem() -> None:
    assert check_plan(plan()) == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_violation_is_reported_as_an_error(code: str) -> None:
    problems = check_plan(CASES[code]())
    found = [p for p in problems if p.code == code]
    assert found, [p.code for p in problems]
    assert all(p.severity is Severity.ERROR for p in found)
    assert all(p.message.endswith((".", ")")) and len(p.message) > 20 for p in found)


@pytest.mark.parametrize("code", sorted(WARNINGS))
def test_what_meta_accepts_but_looks_wrong_is_a_warning(code: str) -> None:
    problems = check_plan(WARNINGS[code]())
    assert [p.severity for p in problems if p.code == code][:1] == [Severity.WARNING]
    assert not [p for p in problems if p.severity is Severity.ERROR]


def test_errors_come_before_warnings_and_name_their_request() -> None:
    built = plan(placements=(Placement.FACEBOOK_STORY,), destination_url="")
    problems = check_plan(built)
    severities = [p.severity for p in problems]
    assert severities == sorted(severities, key=lambda s: s is not Severity.ERROR)
    no_link = [p for p in problems if p.code == "no_destination"]
    assert {p.key for p in no_link} == {"creative:c7-v0@1x1", "creative:c7-v1@1x1"}
    assert {p.variant_id for p in no_link} == {"c7-v0", "c7-v1"}


def test_copy_limits_come_from_the_one_platform_table() -> None:
    from brandtruth_desktop.core.copy.limits import limits_for

    limit = limits_for("meta").primary_text
    at_limit = edit(plan(), CREATIVE, lambda p: link_data(p).update(message="x" * limit))
    over = edit(plan(), CREATIVE, lambda p: link_data(p).update(message="x" * (limit + 1)))
    assert not [p for p in check_plan(at_limit) if p.code == "copy_too_long"]
    assert [p for p in check_plan(over) if p.code == "copy_too_long"]

