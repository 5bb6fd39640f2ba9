"""Publishing a reviewed campaign to Meta through the real SDK and our fake Graph API: every
object PAUSED, only approved variants, and a publish cut short anywhere resumes without
creating anything twice."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from fake_graph import (
    ACCOUNT_ID,
    PAGE_ID,
    FakeGraph,
    ads_rate_limited,
    app_rate_limited,
    dropped_after_create,
    expired_token,
    invalid_parameter,
    permission_denied,
    server_error,
    user_rate_limited,
)
from meta_helpers import client_for, jpeg, seed_campaign, services, settings

from brandtruth_desktop.core.jobs import Cancelled, Progress, run_stage
from brandtruth_desktop.core.models import CampaignStatus, VariantStatus
from brandtruth_desktop.core.publish import (
    ObjectKind,
    ObjectState,
    PublishedObject,
    PublishResult,
    RunState,
)
from brandtruth_desktop.integrations.meta.errors import MetaError, MetaErrorKind
from brandtruth_desktop.integrations.meta.publisher import MetaPublisher, PlanRefused
from brandtruth_desktop.storage.workspace import Workspace

KINDS = ("campaign", "adset", "image", "creative", "ad")
EDGE_OF = {"campaign": "campaigns", "adset": "adsets", "image": "adimages",
           "creative": "adcreatives", "ad": "ads"}


def counts(fake: FakeGraph) -> dict[str, int]:
    return {kind: len(fake.created(kind)) for kind in KINDS}


def publish(workspace: Workspace, fake: FakeGraph, waits: list[float] | None = None,
            **options: Any) -> PublishResult:
    chosen = settings(**options.pop("settings", {}))
    service = services(workspace, fake, waits, **options)
    plan = service.plan(_campaign_id(workspace), chosen)
    result: PublishResult = run_stage(service.publish(plan))
    return result


def _campaign_id(workspace: Workspace) -> int:
    return workspace.campaigns.list_summaries()[0].campaign.id


EXPECTED = {"campaign": 1, "adset": 1, "image": 2, "creative": 2, "ad": 2}


def test_a_reviewed_campaign_is_published_paused_in_order_and_on_record(
    workspace: Workspace, fake_graph: FakeGraph,
) -> None:
    campaign = seed_campaign(workspace)  # 2 approved, 1 pending, 1 rejected
    result = publish(workspace, fake_graph)

    assert counts(fake_graph) == EXPECTED
    posts = fake_graph.posts()
    assert [p.edge for p in posts] == ["campaigns", "adsets", "adimages", "adimages",
                                       "adcreatives", "adcreatives", "ads", "ads"]
    for post in posts:
        if post.edge in ("campaigns", "adsets", "ads"):
            assert post.form["status"] == "PAUSED"
    campaign_params = fake_graph.created("campaign")[0]["params"]
    assert campaign_params["special_ad_categories"] == []
    assert campaign_params["is_adset_budget_sharing_enabled"] is False
    assert "daily_budget" not in campaign_params
    adset = fake_graph.created("adset")[0]["params"]
    assert adset["daily_budget"] == "2500"
    assert adset["targeting"]["geo_locations"] == {"countries": ["US", "CA"]}
    assert adset["campaign_id"] == result.campaign_id

    # Images go up as multipart form data; the hash kept is Meta's hash of those bytes.
    uploads = fake_graph.posts("adimages")
    assert all(u.content_type.startswith("multipart/form-data") for u in uploads)
    data = {u.files[0].file_name: u.files[0].data for u in uploads}
    hashes = {hashlib.md5(d).hexdigest() for d in data.values()}
    assert {ad.image_hash for ad in result.ads} == hashes

    creative = fake_graph.created("creative")[0]["params"]["object_story_spec"]
    link = creative["link_data"]
    assert creative["page_id"] == PAGE_ID
    assert link["link"] == "https://acme.example/shop"
    assert link["call_to_action"] == {"type": "SHOP_NOW",
                                      "value": {"link": "https://acme.example/shop"}}
    assert (link["name"], link["message"], link["description"]) == (
        "Run further 0", "Trusted by 10,000 runners. #0", "Free returns")
    assert link["image_hash"] in hashes

    document = result.to_dict()
    assert set(document) >= {"campaign_id", "adset_id", "ads", "previews"}
    assert {ad["variant_id"] for ad in document["ads"]} == {f"c{campaign.id}-v0",
                                                            f"c{campaign.id}-v1"}
    for ad in document["ads"]:
        assert set(ad) >= {"variant_id", "ad_id", "creative_id", "image_hash", "status"}
        assert ad["status"] == "PAUSED"
        assert ad["ad_id"] in {a["id"] for a in fake_graph.created("ad")}
    # Previews: one per ad and placement (Advantage+: feed, Instagram feed and story).
    assert {ad: set(formats) for ad, formats in document["previews"].items()} == {
        ad["ad_id"]: {"MOBILE_FEED_STANDARD", "INSTAGRAM_STANDARD", "INSTAGRAM_STORY"}
        for ad in document["ads"]
    }
    for sha in (s for formats in document["previews"].values() for s in formats.values()):
        page = workspace.assets.path_for(sha).read_text(encoding="utf-8")
        assert "<iframe" in page and "preview_iframe.php" in page

    actions = [d.action for d in workspace.decisions.for_campaign(campaign.id)]
    assert actions.count("meta.publish.start") == 1
    assert actions[-2:] == ["meta.publish.done", "campaign.update"]  # status: published
    created = [d for d in workspace.decisions.for_campaign(campaign.id)
               if d.action.startswith("meta.") and d.action.endswith(".create")]
    assert sorted(d.action for d in created) == sorted(
        f"meta.{kind}.create" for kind, n in EXPECTED.items() for _ in range(n))
    assert all(d.after and d.after["meta_id"] for d in created)
    assert workspace.campaigns.get(campaign.id).status is CampaignStatus.PUBLISHED


def test_nothing_unapproved_is_ever_sent(workspace: Workspace, fake_graph: FakeGraph) -> None:
    campaign = seed_campaign(workspace, approved=2, pending=2, rejected=1, edited=1)
    service = services(workspace, fake_graph)
    plan = service.plan(campaign.id, settings())
    reasons = {e.variant_id: e.reason for e in plan.excluded}
    assert len(reasons) == 4
    assert "approve" in reasons[f"c{campaign.id}-v2"]
    assert "rejected in review: off brand" in reasons[f"c{campaign.id}-v4"]
    assert "edited" in reasons[f"c{campaign.id}-v5"]

    # An approval withdrawn after the plan was made stops that variant too.
    withdrawn = next(v for v in workspace.content.variants(campaign.id)
                     if v.id == f"c{campaign.id}-v1")
    from dataclasses import replace

    workspace.content.save_variants([replace(withdrawn, status=VariantStatus.REJECTED)])
    result: PublishResult = run_stage(service.publish(plan))

    assert result.skipped == (withdrawn.id,)
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "image": 1, "creative": 1, "ad": 1}
    sent = " ".join(str(r.params) + " ".join(f.file_name for f in r.files)
                    for r in fake_graph.requests)
    for n in range(1, 6):
        assert f"Run further {n}" not in sent
        assert f"c{campaign.id}-v{n}" not in sent


@pytest.mark.parametrize("kind", KINDS)
def test_a_dropped_connection_after_meta_created_the_object_makes_no_duplicate(
    workspace: Workspace, fake_graph: FakeGraph, kind: str,
) -> None:
    campaign = seed_campaign(workspace)
    fake_graph.fail("POST", EDGE_OF[kind], dropped_after_create())

    result = publish(workspace, fake_graph)

    assert counts(fake_graph) == EXPECTED
    assert fake_graph.pending_faults() == 0
    found = [d for d in workspace.decisions.for_campaign(campaign.id)
             if d.after and d.after.get("found_by_name")]
    assert [d.action for d in found] == [f"meta.{kind}.create"]
    assert result.resumed == 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_server_error_on_create_is_checked_then_sent_again_once(
    workspace: Workspace, fake_graph: FakeGraph, kind: str,
) -> None:
    seed_campaign(workspace)
    fake_graph.fail("POST", EDGE_OF[kind], server_error())

    publish(workspace, fake_graph)

    assert counts(fake_graph) == EXPECTED
    assert len(fake_graph.posts(EDGE_OF[kind])) == EXPECTED[kind] + 1


class _CrashOnce:
    """A ledger that dies (like the app being killed) right after Meta created `kind`,
    before its id could be stored."""

    def __init__(self, ledger: Any, kind: ObjectKind) -> None:
        self._ledger = ledger
        self._kind = kind
        self.crashed = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ledger, name)

    def mark_created(self, run_id: int, key: str, **kwargs: Any) -> PublishedObject:
        if not self.crashed and key.split(":")[0] == self._kind.value:
            self.crashed = True
            raise KeyboardInterrupt("the app was killed")
        created: PublishedObject = self._ledger.mark_created(run_id, key, **kwargs)
        return created


@pytest.mark.parametrize("kind", list(ObjectKind))
def test_a_crash_before_the_id_was_stored_resumes_without_duplicates(
    workspace: Workspace, fake_graph: FakeGraph, kind: ObjectKind,
) -> None:
    campaign = seed_campaign(workspace)
    service = services(workspace, fake_graph)
    plan = service.plan(campaign.id, settings())
    crashing = _CrashOnce(workspace.publishing, kind)
    with client_for(fake_graph) as client:
        publisher = MetaPublisher(client, crashing, workspace.assets, actor="t",
                                  fetch_previews=False)
        with pytest.raises(KeyboardInterrupt):
            run_stage(publisher.publish(plan))
    run = workspace.publishing.runs(campaign.id)[0]
    left = {o.key: o.state for o in workspace.publishing.objects(run.id)}
    assert ObjectState.SENDING in left.values()  # the object whose answer was lost

    # The app starts again: same campaign, same account → the same run is resumed.
    again = service.plan(campaign.id, settings())
    assert again.run_key == plan.run_key
    result: PublishResult = run_stage(service.publish(again))

    assert counts(fake_graph) == EXPECTED
    assert result.run.id == run.id and result.run.state is RunState.DONE
    assert len(result.ads) == 2


@pytest.mark.parametrize("stop_after", range(1, 9))
def test_cancel_between_objects_then_resume_creates_each_object_once(
    workspace: Workspace, fake_graph: FakeGraph, stop_after: int,
) -> None:
    campaign = seed_campaign(workspace)
    service = services(workspace, fake_graph)
    seen: list[Progress] = []
    with pytest.raises(Cancelled):
        run_stage(service.publish(service.plan(campaign.id, settings())),
                  on_progress=seen.append, should_cancel=lambda: len(seen) > stop_after)
    run = workspace.publishing.runs(campaign.id)[0]
    assert run.state is RunState.CANCELLED
    assert len(fake_graph.posts()) == stop_after  # cancelled between objects, never mid-way

    result: PublishResult = run_stage(service.publish(service.plan(campaign.id, settings())))

    assert counts(fake_graph) == EXPECTED
    assert result.resumed == stop_after
    assert result.created == 8 - stop_after


def test_rate_limits_are_waited_out_as_metas_headers_say(
    workspace: Workspace, fake_graph: FakeGraph,
) -> None:
    seed_campaign(workspace)
    fake_graph.fail("POST", "campaigns", user_rate_limited(minutes=1))
    fake_graph.fail("POST", "adsets", ads_rate_limited(minutes=2))
    fake_graph.fail("POST", "ads", app_rate_limited())
    fake_graph.fail("GET", "previews", user_rate_limited(minutes=1))
    waits: list[float] = []

    publish(workspace, fake_graph, waits)

    assert counts(fake_graph) == EXPECTED
    # 17/2446079: 1 minute; 80004: 2 minutes (both from X-Business-Use-Case-Usage); 613 gives
    # no estimate: the first backoff step; a preview (a read) waits inside the client.
    assert sum(waits) == pytest.approx(60 + 120 + 2 + 60)
    assert max(waits) <= 60


def test_a_rate_limit_longer_than_the_bound_stops_and_a_later_run_resumes(
    workspace: Workspace, fake_graph: FakeGraph,
) -> None:
    campaign = seed_campaign(workspace)
    fake_graph.fail("POST", "adcreatives", user_rate_limited(minutes=90))
    waits: list[float] = []
    with pytest.raises(MetaError) as stopped:
        publish(workspace, fake_graph, waits)

    assert stopped.value.kind is MetaErrorKind.RATE_LIMIT
    assert "1.5 hours" in str(stopped.value) and "picks up where it stopped" in str(
        stopped.value)
    assert waits == []
    assert workspace.publishing.runs(campaign.id)[0].state is RunState.FAILED
    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "image": 2, "creative": 0, "ad": 0}

    publish(workspace, fake_graph)
    assert counts(fake_graph) == EXPECTED


def test_an_expired_token_asks_to_reconnect_and_keeps_the_work(
    workspace: Workspace, fake_graph: FakeGraph,
) -> None:
    campaign = seed_campaign(workspace)
    fake_graph.fail("POST", "adcreatives", expired_token())
    with pytest.raises(MetaError) as stopped:
        publish(workspace, fake_graph)

    assert stopped.value.kind is MetaErrorKind.RECONNECT
    assert "expired" in str(stopped.value) and "Reconnect" in str(stopped.value)
    run = workspace.publishing.runs(campaign.id)[0]
    assert run.state is RunState.NEEDS_RECONNECT
    kept = [o for o in workspace.publishing.objects(run.id) if o.state is ObjectState.CREATED]
    assert len(kept) == 4  # campaign, ad set and both images are on record

    # Reconnected with a new token: the same run finishes.
    fake_graph.tokens.add("EAAGreconnected" + "r" * 40)
    result = publish(workspace, fake_graph, token="EAAGreconnected" + "r" * 40)
    assert result.run.id == run.id
    assert counts(fake_graph) == EXPECTED


@pytest.mark.parametrize(("fault", "words"), [
    (permission_denied(), "You don't have permission to create ads for this Page."),
    (invalid_parameter("The link in your ad is not valid."), "The link in your ad is not "
     "valid."),
])
def test_permission_and_invalid_errors_show_metas_words_and_stop(
    workspace: Workspace, fake_graph: FakeGraph, fault: Any, words: str,
) -> None:
    campaign = seed_campaign(workspace)
    fake_graph.fail("POST", "adcreatives", fault)
    waits: list[float] = []
    with pytest.raises(MetaError) as stopped:
        publish(workspace, fake_graph, waits)

    assert words in str(stopped.value)
    assert stopped.value.kind in (MetaErrorKind.PERMISSION, MetaErrorKind.INVALID)
    assert len(fake_graph.posts("adcreatives")) == 1 and waits == []  # no retry
    run = workspace.publishing.runs(campaign.id)[0]
    assert run.state is RunState.FAILED and words in run.error
    refused = [o for o in workspace.publishing.objects(run.id) if o.state is ObjectState.FAILED]
    assert [o.kind for o in refused] == [ObjectKind.CREATIVE]


def test_a_plan_with_errors_sends_nothing(workspace: Workspace, fake_graph: FakeGraph) -> None:
    campaign = seed_campaign(workspace)
    service = services(workspace, fake_graph)
    plan = service.plan(campaign.id, settings(destination_url="", daily_budget=0))
    with pytest.raises(PlanRefused) as refused:
        run_stage(service.publish(plan))

    assert {p.code for p in refused.value.problems} == {"no_destination", "no_budget"}
    assert fake_graph.requests == []
    assert workspace.publishing.runs(campaign.id) == []


def test_a_campaign_budget_goes_on_the_campaign_only(
    workspace: Workspace, fake_graph: FakeGraph,
) -> None:
    from brandtruth_desktop.core.publish import BudgetLevel

    seed_campaign(workspace)
    publish(workspace, fake_graph, settings={"budget_level": BudgetLevel.CAMPAIGN})

    campaign = fake_graph.created("campaign")[0]["params"]
    adset = fake_graph.created("adset")[0]["params"]
    assert campaign["daily_budget"] == "2500" and "is_adset_budget_sharing_enabled" not in campaign
    assert "daily_budget" not in adset


def test_each_format_is_its_own_ad_and_placements_choose_the_previews(
    workspace: Workspace, fake_graph: FakeGraph,
) -> None:
    from brandtruth_desktop.core.publish import Placement

    seed_campaign(workspace, formats=("1:1", "9:16"))
    result = publish(workspace, fake_graph, settings={
        "formats": ("1:1", "9:16"),
        "placements": (Placement.FACEBOOK_FEED, Placement.INSTAGRAM_STORY),
    })

    assert counts(fake_graph) == {"campaign": 1, "adset": 1, "image": 4, "creative": 4, "ad": 4}
    assert sorted(ad.format for ad in result.ads) == ["1:1", "1:1", "9:16", "9:16"]
    targeting = fake_graph.created("adset")[0]["params"]["targeting"]
    assert targeting["publisher_platforms"] == ["facebook", "instagram"]
    assert targeting["facebook_positions"] == ["feed"]
    assert targeting["instagram_positions"] == ["story"]
    assert all(set(f) == {"MOBILE_FEED_STANDARD", "INSTAGRAM_STORY"}
               for f in result.previews.values())
    sizes = {u.files[0].data for u in fake_graph.posts("adimages")}
    assert jpeg(1080, 1920, 20) in sizes


@pytest.fixture
def _unused() -> Iterator[None]:  # keeps ACCOUNT_ID import meaningful for readers
    assert ACCOUNT_ID.startswith("act_")
    yield
