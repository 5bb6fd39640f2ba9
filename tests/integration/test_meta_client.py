"""The Graph client on the real facebook-business SDK against our fake Graph API: lists with
`paging.next`, interest search, Meta's errors sorted into what the app does about them, waits
bounded, no crash reporter, every request and answer id in the log and no token in it."""

from __future__ import annotations

import json
import logging
import secrets
import sys
from pathlib import Path

import pytest
from fake_graph import (
    ACCOUNT_ID,
    FakeGraph,
    ads_rate_limited,
    app_rate_limited,
    dropped_after_create,
    expired_token,
    permission_denied,
    server_error,
    user_rate_limited,
)
from meta_helpers import client_for, seed_campaign, services, settings

from brandtruth_desktop.core.jobs import run_stage
from brandtruth_desktop.core.publish import ObjectKind
from brandtruth_desktop.integrations.meta.client import (
    DEFAULT_GRAPH_URL,
    GraphClient,
    GraphEndpoint,
    RetryPolicy,
)
from brandtruth_desktop.integrations.meta.errors import MetaError, MetaErrorKind
from brandtruth_desktop.logging_setup import configure_logging, shutdown_logging
from brandtruth_desktop.storage.workspace import Workspace


def test_lists_follow_paging_next_to_the_end(fake_graph: FakeGraph) -> None:
    with client_for(fake_graph) as client:
        accounts = client.ad_accounts()
        pages = client.pages()
        interests = client.search_interests("running")

    assert [a.id for a in accounts] == ["act_1001", "act_1002", "act_1003"]
    assert [a.currency for a in accounts] == ["USD", "JPY", "EUR"]
    assert [a.active for a in accounts] == [True, True, False]
    assert [p.name for p in pages] == ["Acme", "Acme Outlet", "Acme Careers"]
    assert pages[0].tasks == ("ADVERTISE", "MANAGE")
    assert [i.name for i in interests] == ["Running", "Running shoes", "Trail running"]
    listed = [r for r in fake_graph.requests if r.path == "me/adaccounts"]
    assert [r.query.get("after") for r in listed] == [None, "2"]  # page size 2: two pages


def test_the_endpoint_comes_from_the_environment_then_the_settings() -> None:
    environ = {"BRANDTRUTH_GRAPH_URL": "http://127.0.0.1:9/", "BRANDTRUTH_GRAPH_VERSION": "21.0"}
    assert GraphEndpoint.configured("https://example.test", "v20.0", environ) == GraphEndpoint(
        "http://127.0.0.1:9", "v21.0")
    assert GraphEndpoint.configured("https://example.test", "v20.0", {}) == GraphEndpoint(
        "https://example.test", "v20.0")
    assert GraphEndpoint.configured(environ={}).base_url == DEFAULT_GRAPH_URL
    with pytest.raises(ValueError, match=r"v21\.0"):
        GraphEndpoint(version="latest")


def test_the_sdk_crash_reporter_stays_off_and_no_default_api_is_set(
    fake_graph: FakeGraph,
) -> None:
    from facebook_business.api import FacebookAdsApi
    from facebook_business.crashreporter import CrashReporter

    hook = sys.excepthook
    with client_for(fake_graph) as client:
        client.me()
    assert sys.excepthook is hook
    assert CrashReporter.reporter_instance is None
    assert FacebookAdsApi.get_default_api() is None


@pytest.mark.parametrize(("fault", "wait"), [
    (user_rate_limited(minutes=1), 60.0),
    (ads_rate_limited(minutes=3), 180.0),
    (app_rate_limited(), 2.0),  # no usage header: backoff
])
def test_rate_limits_wait_as_long_as_meta_says(fake_graph: FakeGraph, fault: object,
                                               wait: float) -> None:
    fake_graph.fail("GET", "me", fault)  # type: ignore[arg-type]
    waits: list[float] = []
    with client_for(fake_graph, waits) as client:
        assert client.me()["name"] == "Ana Example"
    assert waits == [wait]


def test_waiting_stops_at_the_bound_with_a_message(fake_graph: FakeGraph) -> None:
    fake_graph.fail("GET", "me", user_rate_limited(minutes=30))
    waits: list[float] = []
    with client_for(fake_graph, waits, retry=RetryPolicy(max_wait_s=600)) as client, \
            pytest.raises(MetaError) as raised:
        client.me()
    assert raised.value.kind is MetaErrorKind.RATE_LIMIT
    assert raised.value.retry_after_s == 1800
    assert "30 minutes" in str(raised.value)
    assert waits == []


def test_reads_are_retried_after_server_errors_and_lost_answers(fake_graph: FakeGraph) -> None:
    fake_graph.fail("GET", "me", server_error(), dropped_after_create())
    waits: list[float] = []
    with client_for(fake_graph, waits) as client:
        assert client.me()["id"] == "3003"
    assert waits == [2.0, 4.0]


def test_a_create_is_never_resent_by_the_client_when_its_answer_was_lost(
    fake_graph: FakeGraph,
) -> None:
    fake_graph.fail("POST", "campaigns", server_error())
    with client_for(fake_graph) as client, pytest.raises(MetaError) as raised:
        client.create(f"{ACCOUNT_ID}/campaigns", {"name": "x", "objective": "OUTCOME_TRAFFIC",
                                                  "status": "PAUSED",
                                                  "special_ad_categories": []})
    assert raised.value.may_exist
    assert len(fake_graph.posts("campaigns")) == 1


def test_error_190_means_reconnect_and_permission_errors_carry_metas_words(
    fake_graph: FakeGraph,
) -> None:
    fake_graph.fail("GET", "me", expired_token())
    fake_graph.fail("GET", "me/accounts", permission_denied())
    with client_for(fake_graph) as client:
        with pytest.raises(MetaError) as expired:
            client.me()
        with pytest.raises(MetaError) as refused:
            client.pages()
    assert expired.value.kind is MetaErrorKind.RECONNECT and expired.value.subcode == 463
    assert "Reconnect in Settings → Meta" in str(expired.value)
    assert refused.value.kind is MetaErrorKind.PERMISSION
    assert refused.value.user_message == ("You don't have permission to create ads for this "
                                          "Page.")
    assert refused.value.user_message in str(refused.value)


def test_a_refused_token_is_error_190(fake_graph: FakeGraph) -> None:
    with client_for(fake_graph, token="EAAGnotValid" + "q" * 30) as client, \
            pytest.raises(MetaError) as raised:
        client.me()
    assert raised.value.needs_reconnect


def test_an_unreachable_graph_api_says_nothing_was_sent() -> None:
    import socket

    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    waits: list[float] = []
    client = GraphClient("EAAGx" + "y" * 30, endpoint=GraphEndpoint(f"http://127.0.0.1:{port}"),
                         sleep=waits.append, retry=RetryPolicy(max_attempts=2))
    with client, pytest.raises(MetaError) as raised:
        client.me()
    assert raised.value.kind is MetaErrorKind.OFFLINE and "nothing was sent" in str(raised.value)
    assert waits == [2.0]


def test_objects_are_found_by_their_tagged_name(workspace: Workspace,
                                                fake_graph: FakeGraph) -> None:
    campaign = seed_campaign(workspace)
    service = services(workspace, fake_graph)
    plan = service.plan(campaign.id, settings())
    run_stage(service.publish(plan))
    with client_for(fake_graph) as client:
        for request in plan.requests:
            found = client.find_by_name(ACCOUNT_ID, request.kind, request.tag)
            assert found is not None, request.key
        assert client.find_by_name(ACCOUNT_ID, ObjectKind.AD, "[bt:999.zzz:-:ad]") is None


def test_every_request_and_answer_id_is_logged_and_no_token_ever(
    tmp_path: Path, workspace: Workspace,
) -> None:
    # A token with no recognisable shape: only registering it with the filter can hide it.
    token = "sysuser" + secrets.token_urlsafe(40)
    redactor = configure_logging(tmp_path / "logs", verbose=True)
    logging.getLogger("urllib3").setLevel(logging.DEBUG)  # it logs full URLs with the token
    try:
        with FakeGraph(token=token) as fake:
            campaign = seed_campaign(workspace)
            service = services(workspace, fake, token=token,
                               on_secret_seen=redactor.register_secret)
            fake.fail("POST", "ads", expired_token())
            with pytest.raises(MetaError):
                run_stage(service.publish(service.plan(campaign.id, settings())))
            run_stage(service.publish(service.plan(campaign.id, settings())))
            with client_for(fake, token=token) as client:
                client.ad_accounts()  # `paging.next` carries the token
                client.debug_token(token)
            ids = [o["id"] for kind in ("campaign", "adset", "ad") for o in fake.created(kind)]
    finally:
        shutdown_logging()
        logging.getLogger("urllib3").setLevel(logging.NOTSET)

    text = (tmp_path / "logs" / "brandtruth.log").read_text(encoding="utf-8")
    lines = [json.loads(line)["message"] for line in text.splitlines()]
    assert token not in text and token[7:30] not in text
    assert any("access_token=[REDACTED]" in line or "[REDACTED]" in line for line in lines)
    requests_sent = [line for line in lines if " → POST " in line]
    answers = [line for line in lines if " ← HTTP 200 " in line and "x-fb-request-id=" in line]
    assert len(requests_sent) >= 8 and answers
    for meta_id in ids:
        assert any(f"id={meta_id}" in line for line in answers), meta_id
    assert any("error code=190 subcode=463" in line for line in lines)
