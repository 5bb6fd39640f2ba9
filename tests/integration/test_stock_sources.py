"""Pexels and Unsplash through their real HTTP API, faked on 127.0.0.1: shapes, keys, limits.

Retry waits are recorded, never slept; the clock is fixed where rate-limit resets matter.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests
from fake_site_server import FakeSite, reply, sequence
from fake_stock_services import FakePexels, FakeUnsplash

from brandtruth_desktop.core.ports import StockSourceError
from brandtruth_desktop.integrations.pexels import PexelsSource
from brandtruth_desktop.integrations.stock_http import StockHttp, StockHttpLimits
from brandtruth_desktop.integrations.unsplash import UnsplashSource

NOW = datetime(2025, 2, 3, 12, 0, tzinfo=UTC)
LIMITS = StockHttpLimits(connect_timeout_s=2, read_timeout_s=2)


class SleepRecorder:
    """Stands in for time.sleep: remembers every wait, waits for none."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def site() -> Iterator[FakeSite]:
    with FakeSite() as running:
        yield running


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as opened:
        yield opened


@pytest.fixture
def slept() -> SleepRecorder:
    return SleepRecorder()


def http(service: str, session: requests.Session, slept: SleepRecorder) -> StockHttp:
    return StockHttp(service, session, limits=LIMITS, sleep=slept, now=lambda: NOW)


@pytest.fixture
def pexels_service(site: FakeSite) -> FakePexels:
    return FakePexels(site)


@pytest.fixture
def unsplash_service(site: FakeSite) -> FakeUnsplash:
    return FakeUnsplash(site)


@pytest.fixture
def pexels(site: FakeSite, session: requests.Session, slept: SleepRecorder,
           pexels_service: FakePexels) -> PexelsSource:
    return PexelsSource(FakePexels.KEY, base_url=site.url(""),
                        http=http("Pexels", session, slept))


@pytest.fixture
def unsplash(site: FakeSite, session: requests.Session, slept: SleepRecorder,
             unsplash_service: FakeUnsplash) -> UnsplashSource:
    return UnsplashSource(FakeUnsplash.KEY, base_url=site.url(""),
                          http=http("Unsplash", session, slept))


def error_of(call: object) -> StockSourceError:
    assert callable(call)
    with pytest.raises(StockSourceError) as raised:
        call()
    return raised.value


def test_pexels_search_sends_the_key_and_keeps_the_attribution(
    pexels: PexelsSource, pexels_service: FakePexels
) -> None:
    photos = pexels.search("  coffee beans ", per_page=3, orientation="landscape")

    assert pexels_service.queries == [
        {"query": ["coffee beans"], "per_page": ["3"], "page": ["1"],
         "orientation": ["landscape"]}
    ]
    assert pexels_service.authorizations == [FakePexels.KEY]
    assert [p.id for p in photos] == ["2014422", "3408744", "1323550"]
    first = photos[0]
    assert first.source == "pexels" and (first.width, first.height) == (96, 64)
    assert first.attribution == "Photo by Joey Farina on Pexels"
    assert first.photographer_url == "https://www.pexels.com/@joey"
    assert first.page_url == "https://www.pexels.com/photo/brown-rocks-during-golden-hour-2014422/"
    assert first.licence_url == "https://www.pexels.com/license/"
    assert first.thumb_url.endswith("h=350") and first.full_url.endswith(".jpeg")
    assert first.avg_colour == "#BE8C5A" and first.description.startswith("Brown rocks")
    assert pexels.download(first) == pexels_service.images[FakePexels.image_path(2014422)]
    assert pexels._http.rate_limit_remaining == 19684


def test_unsplash_search_uses_client_id_and_referral_links(
    unsplash: UnsplashSource, unsplash_service: FakeUnsplash
) -> None:
    photos = unsplash.search("coffee", per_page=2, orientation="square")

    assert unsplash_service.queries[0]["orientation"] == ["squarish"]
    assert unsplash_service.queries[0]["per_page"] == ["2"]
    assert unsplash_service.authorizations == [f"Client-ID {FakeUnsplash.KEY}"]
    first = photos[0]
    assert (first.source, first.id, first.width, first.height) == (
        "unsplash", "eOLpJytrbsQ", 80, 120)
    assert first.attribution == "Photo by Jeff Sheldon on Unsplash"
    assert first.photographer_url == (
        "https://unsplash.com/@ugmonk?utm_source=brandtruth_desktop&utm_medium=referral")
    assert first.page_url.startswith("https://unsplash.com/photos/eOLpJytrbsQ?utm_source=")
    assert first.licence_url == "https://unsplash.com/license"
    assert "&w=400" in first.thumb_url and "q=85" in first.full_url
    assert first.download_location.endswith("/photos/eOLpJytrbsQ/download?ixid=M3w1")
    assert unsplash.download(first) == unsplash_service.images["/photo-eOLpJytrbsQ"]
    # Searching and downloading are not "using": nothing is reported yet.
    assert unsplash_service.tracked == []


def test_unsplash_is_told_when_a_photo_is_used(
    unsplash: UnsplashSource, unsplash_service: FakeUnsplash
) -> None:
    photo = unsplash.search("coffee")[1]
    unsplash.mark_used(photo)
    assert unsplash_service.tracked == ["Dwu85P9SOIk"]
    assert unsplash_service.tracking_authorizations == [f"Client-ID {FakeUnsplash.KEY}"]


@pytest.mark.parametrize("service", ["pexels", "unsplash"])
def test_a_wrong_key_says_to_check_settings(
    service: str, site: FakeSite, session: requests.Session, slept: SleepRecorder,
    pexels_service: FakePexels, unsplash_service: FakeUnsplash,
) -> None:
    source = (PexelsSource("wrong", base_url=site.url(""), http=http("Pexels", session, slept))
              if service == "pexels" else
              UnsplashSource("wrong", base_url=site.url(""),
                             http=http("Unsplash", session, slept)))
    error = error_of(lambda: source.search("coffee"))
    assert error.kind == "auth" and "HTTP 401" in str(error)
    assert "Settings → API keys" in str(error)
    assert slept.waits == []


def test_no_key_at_all_is_explained_without_asking_the_service(
    site: FakeSite, session: requests.Session, pexels_service: FakePexels
) -> None:
    error = error_of(lambda: PexelsSource("", base_url=site.url("")).search("coffee"))
    assert error.kind == "auth" and "No Pexels API key" in str(error)
    assert pexels_service.queries == []


def test_a_short_rate_limit_wait_is_waited_out(
    pexels: PexelsSource, pexels_service: FakePexels, slept: SleepRecorder
) -> None:
    pexels_service.fail_next(reply(429, "Too Many Requests", {"Retry-After": "3"}))
    assert len(pexels.search("coffee")) == 3
    assert slept.waits == [3.0] and len(pexels_service.queries) == 2


def test_a_long_rate_limit_says_when_it_resets_without_waiting(
    unsplash: UnsplashSource, unsplash_service: FakeUnsplash, slept: SleepRecorder
) -> None:
    unsplash_service.fail_next(
        reply(429, "Rate Limit Exceeded", {"Retry-After": "3600", "X-Ratelimit-Limit": "50",
                                            "X-Ratelimit-Remaining": "0"}))
    error = error_of(lambda: unsplash.search("coffee"))
    assert error.kind == "rate_limit" and error.retry_after_s == 3600
    assert "50 requests an hour" in str(error) and "in 60 minutes" in str(error)
    assert "still work" in str(error)
    assert slept.waits == [] and len(unsplash_service.queries) == 1


def test_pexels_reset_time_is_used_when_there_is_no_retry_after(
    pexels: PexelsSource, pexels_service: FakePexels, slept: SleepRecorder
) -> None:
    reset = int(NOW.timestamp()) + 1800
    pexels_service.fail_next(reply(429, "", {"X-Ratelimit-Limit": "200",
                                             "X-Ratelimit-Remaining": "0",
                                             "X-Ratelimit-Reset": str(reset)}))
    error = error_of(lambda: pexels.search("coffee"))
    assert error.kind == "rate_limit" and error.retry_after_s == 1800
    assert "in 30 minutes" in str(error) and slept.waits == []


def test_unsplash_403_rate_limit_is_not_mistaken_for_a_bad_key(
    unsplash: UnsplashSource, unsplash_service: FakeUnsplash
) -> None:
    unsplash_service.fail_next(
        reply(403, "Rate Limit Exceeded", {"X-Ratelimit-Limit": "50",
                                            "X-Ratelimit-Remaining": "0"}, "text/plain"))
    error = error_of(lambda: unsplash.search("coffee"))
    assert error.kind == "rate_limit" and "resets within the hour" in str(error)
    assert len(unsplash_service.queries) == 1  # no point retrying an hourly allowance


def test_server_errors_are_retried_a_bounded_number_of_times(
    pexels: PexelsSource, pexels_service: FakePexels, slept: SleepRecorder
) -> None:
    pexels_service.fail_next(reply(500, "oops"), reply(502, "bad gateway"))
    assert len(pexels.search("coffee")) == 3
    assert slept.waits == [1.0, 2.0]

    slept.waits.clear()
    pexels_service.fail_next(*[reply(503, "down")] * 3)
    error = error_of(lambda: pexels.search("coffee"))
    assert error.kind == "server" and "HTTP 503" in str(error) and "3 tries" in str(error)
    assert slept.waits == [1.0, 2.0]


def test_an_answer_that_is_not_json_is_reported(
    pexels: PexelsSource, pexels_service: FakePexels
) -> None:
    pexels_service.fail_next(reply(200, "<html>captive portal</html>"))
    assert error_of(lambda: pexels.search("coffee")).kind == "bad_response"
    pexels_service.fail_next(reply(200, json.dumps({"photos": "nope"}), None,
                                   "application/json"))
    assert error_of(lambda: pexels.search("coffee")).kind == "bad_response"


def test_tracking_failures_are_errors_the_caller_can_report(
    unsplash: UnsplashSource, unsplash_service: FakeUnsplash
) -> None:
    photo = unsplash.search("coffee")[0]
    unsplash_service.fail_next(sequence(reply(404, "gone")))
    assert error_of(lambda: unsplash.mark_used(photo)).kind == "not_found"
    assert unsplash_service.tracked == []


def test_with_the_service_gone_the_error_says_offline(
    session: requests.Session, slept: SleepRecorder
) -> None:
    with FakeSite() as gone:
        FakePexels(gone)
        base = gone.url("")
    source = PexelsSource(FakePexels.KEY, base_url=base, http=http("Pexels", session, slept))
    error = error_of(lambda: source.search("coffee"))
    assert error.kind == "offline" and "offline" in str(error)
