"""Meta's error answers sorted into what the app does: wait, reconnect, or show Meta's words."""

from __future__ import annotations

import json

import pytest
import requests
from urllib3.exceptions import NewConnectionError, ProtocolError

from brandtruth_desktop.integrations.meta.errors import (
    MetaErrorKind,
    from_graph_error,
    from_transport_error,
    retry_after_seconds,
)


def answer(code: int, **extra: object) -> dict[str, object]:
    return {"error": {"message": f"(#{code}) something", "type": "OAuthException",
                      "code": code, "fbtrace_id": "Atrace", **extra}}


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80000, 80004, 80014])
def test_rate_limit_codes(code: int) -> None:
    assert from_graph_error(answer(code), 400, {}).kind is MetaErrorKind.RATE_LIMIT


@pytest.mark.parametrize(("code", "kind"), [
    (190, MetaErrorKind.RECONNECT), (102, MetaErrorKind.RECONNECT),
    (10, MetaErrorKind.PERMISSION), (200, MetaErrorKind.PERMISSION),
    (294, MetaErrorKind.PERMISSION), (100, MetaErrorKind.INVALID),
    (2, MetaErrorKind.TRANSIENT), (80015, MetaErrorKind.OTHER), (300, MetaErrorKind.OTHER),
])
def test_other_codes(code: int, kind: MetaErrorKind) -> None:
    assert from_graph_error(answer(code), 400, {}).kind is kind


def test_is_transient_makes_any_error_worth_retrying() -> None:
    error = from_graph_error(answer(1234, is_transient=True), 400, {})
    assert error.kind is MetaErrorKind.TRANSIENT


def test_the_usage_header_says_how_long_to_wait() -> None:
    usage = {"1001": [{"type": "ads_management", "call_count": 95,
                       "estimated_time_to_regain_access": 7}],
             "1002": [{"type": "ads_insights", "estimated_time_to_regain_access": 0}]}
    headers = {"X-Business-Use-Case-Usage": json.dumps(usage)}
    error = from_graph_error(answer(80004, error_subcode=2446079), 400, headers)
    assert error.retry_after_s == 420
    assert "7 minutes" in str(error)
    assert retry_after_seconds({"x-ad-account-usage": '{"reset_time_duration": 90}'}) == 90
    assert retry_after_seconds({"X-Business-Use-Case-Usage": "not json"}) is None


def test_metas_own_words_are_shown_for_refusals() -> None:
    error = from_graph_error(answer(100, error_user_title="Budget too low",
                                    error_user_msg="Your budget must be at least $1.00."),
                             400, {})
    assert str(error) == ("Meta refused the request: Budget too low: Your budget must be at "
                          "least $1.00.")
    assert error.fbtrace_id == "Atrace"


def test_expired_tokens_say_why() -> None:
    error = from_graph_error(answer(190, error_subcode=460), 400, {})
    assert "your Facebook password changed" in str(error) and error.needs_reconnect


def test_an_error_page_without_json() -> None:
    assert from_graph_error("<html>", 502, {}).kind is MetaErrorKind.TRANSIENT
    assert from_graph_error(None, 404, {}).kind is MetaErrorKind.OTHER


def test_a_lost_answer_to_a_create_may_have_made_the_object() -> None:
    dropped = requests.ConnectionError(ProtocolError("Connection aborted.",
                                                     ConnectionResetError()))
    assert from_transport_error(dropped, method="POST").may_exist
    assert not from_transport_error(dropped, method="GET").may_exist
    assert from_transport_error(requests.ReadTimeout(), method="POST").kind is (
        MetaErrorKind.AMBIGUOUS)
    refused = requests.ConnectionError(NewConnectionError(None, "refused"))  # type: ignore[arg-type]
    offline = from_transport_error(refused, method="POST")
    assert offline.kind is MetaErrorKind.OFFLINE and not offline.may_exist
