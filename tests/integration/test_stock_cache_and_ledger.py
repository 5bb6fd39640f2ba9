"""Offline after the first look, and a ledger row for every image used.

The fake services are stopped half-way through each test: what was searched or downloaded
before must come back the same from the cache, and the ledger must hold the SHA-256 of the
exact bytes the service sent.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from fake_site_server import FakeSite, reply
from fake_stock_services import FakePexels, FakeUnsplash, jpeg_bytes
from PIL import Image

from brandtruth_desktop.core.imagery.usage import use_photo
from brandtruth_desktop.core.ports import StockSourceError
from brandtruth_desktop.integrations.brand_images import BrandImageSource
from brandtruth_desktop.integrations.pexels import PexelsSource
from brandtruth_desktop.integrations.stock_cache import CachedStockSource, StockCache
from brandtruth_desktop.integrations.stock_http import StockHttp, StockHttpLimits
from brandtruth_desktop.integrations.unsplash import UnsplashSource
from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.storage.workspace import Workspace, open_workspace

LIMITS = StockHttpLimits(connect_timeout_s=2, read_timeout_s=2, retries=0)


@pytest.fixture
def workspace(data_paths: DataPaths) -> Iterator[Workspace]:
    opened = open_workspace(data_paths)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def cache(workspace: Workspace) -> StockCache:
    return StockCache.in_data_folder(workspace.paths.root, workspace.assets)


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as opened:
        yield opened


def no_sleep(_seconds: float) -> None:
    raise AssertionError("no test here should wait")


def pexels_source(site: FakeSite, session: requests.Session) -> PexelsSource:
    return PexelsSource(FakePexels.KEY, base_url=site.url(""),
                        http=StockHttp("Pexels", session, limits=LIMITS, sleep=no_sleep))


def unsplash_source(site: FakeSite, session: requests.Session) -> UnsplashSource:
    return UnsplashSource(FakeUnsplash.KEY, base_url=site.url(""),
                          http=StockHttp("Unsplash", session, limits=LIMITS, sleep=no_sleep))


def test_the_same_search_offline_returns_the_same_images(
    cache: StockCache, session: requests.Session
) -> None:
    with FakeSite() as site:
        service = FakePexels(site)
        source = CachedStockSource(pexels_source(site, session), cache)
        online = source.search("coffee beans", per_page=3, orientation="landscape")
        online_bytes = [source.download(p) for p in online]
        # Asked again while fresh: answered from the cache, the service is not asked.
        assert source.search("Coffee   BEANS", per_page=3, orientation="landscape") == online
        assert len(service.queries) == 1

    # The service is gone (the computer is offline).
    offline = source.search("coffee beans", per_page=3, orientation="landscape")
    assert offline == online
    assert [source.download(p) for p in offline] == online_bytes
    assert online_bytes[0] == service.images[FakePexels.image_path(2014422)]

    # A search never made before cannot be answered offline, and says why.
    with pytest.raises(StockSourceError) as raised:
        source.search("mountains", per_page=3, orientation="landscape")
    assert raised.value.kind == "offline"


def test_a_stale_search_is_refreshed_online_and_kept_when_offline(
    cache: StockCache, session: requests.Session
) -> None:
    clock = [datetime(2025, 2, 1, tzinfo=UTC)]
    with FakeSite() as site:
        service = FakePexels(site)
        source = CachedStockSource(pexels_source(site, session), cache,
                                   max_age=timedelta(days=7), clock=lambda: clock[0])
        first = source.search("coffee")
        clock[0] += timedelta(days=8)
        assert source.search("coffee") == first
        assert len(service.queries) == 2  # too old: asked again

        clock[0] += timedelta(days=8)
        service.fail_next(reply(429, "", {"Retry-After": "7200"}))
        assert source.search("coffee") == first  # rate-limited: the saved answer serves
        assert "resets" in source.take_notices()[0]

    clock[0] += timedelta(days=30)
    assert source.search("coffee") == first
    notice = source.take_notices()[0]
    assert "offline" in notice and "Showing the results saved on" in notice


def test_every_image_used_is_in_the_ledger_with_the_hash_of_its_bytes(
    workspace: Workspace, cache: StockCache, session: requests.Session
) -> None:
    campaign = workspace.campaigns.create("Coffee", actor="t")
    with FakeSite() as site:
        service = FakePexels(site)
        source = CachedStockSource(pexels_source(site, session), cache)
        photo = source.search("coffee")[2]
        used = use_photo(photo, source, files=workspace.assets, ledger=workspace.licences,
                         campaign_id=campaign.id)

    served = service.images[FakePexels.image_path(1323550)]
    digest = hashlib.sha256(served).hexdigest()
    rows = workspace.licences.for_campaign(campaign.id)
    assert len(rows) == 1
    row = rows[0]
    assert (row.source, row.photo_id, row.photographer, row.sha256) == (
        "pexels", "1323550", "Pixabay", digest)
    assert row.licence_url == "https://www.pexels.com/license/"
    assert row.attribution == "Photo by Pixabay on Pexels"
    assert row.downloaded_at.tzinfo is not None
    assert used.asset.sha256 == digest and workspace.assets.verify(digest)
    assert used.image.size == (96, 64)


def test_unsplash_hears_about_a_use_exactly_once(
    workspace: Workspace, cache: StockCache, session: requests.Session
) -> None:
    campaign = workspace.campaigns.create("Coffee", actor="t")
    with FakeSite() as site:
        service = FakeUnsplash(site)
        source = CachedStockSource(unsplash_source(site, session), cache)
        photo = source.search("coffee")[0]
        source.download(photo)  # previewing is not using
        assert service.tracked_count("eOLpJytrbsQ") == 0

        for _ in range(3):  # the same photo in three variants of one campaign
            use_photo(photo, source, files=workspace.assets, ledger=workspace.licences,
                      campaign_id=campaign.id)
        assert service.tracked_count("eOLpJytrbsQ") == 1
        assert service.tracking_authorizations == [f"Client-ID {FakeUnsplash.KEY}"]

    digest = hashlib.sha256(service.images["/photo-eOLpJytrbsQ"]).hexdigest()
    [row] = workspace.licences.for_campaign(campaign.id)
    assert row.sha256 == digest and row.attribution == "Photo by Jeff Sheldon on Unsplash"
    assert "utm_source=brandtruth_desktop" in row.photographer_url

    # Offline, the cached photo can still be used in another campaign; the tracking call
    # cannot be made, which the person is told, and the ledger still gets its row.
    other = workspace.campaigns.create("Tea", actor="t")
    used = use_photo(photo, source, files=workspace.assets, ledger=workspace.licences,
                     campaign_id=other.id)
    assert "could not be reported" in used.notices[0]
    assert [r.sha256 for r in workspace.licences.for_campaign(other.id)] == [digest]


def big_jpeg(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_the_brand_sites_images_are_fetched_once_then_work_offline(
    cache: StockCache, session: requests.Session, tmp_path: Path
) -> None:
    hero = big_jpeg((640, 400), (200, 80, 40))
    saved = tmp_path / "team.jpg"
    saved.write_bytes(big_jpeg((400, 600), (20, 90, 160)))
    with FakeSite() as site:
        site.route("/img/hero.jpg", reply(200, hero, content_type="image/jpeg"))
        site.route("/img/icon.png", reply(200, jpeg_bytes((1, 2, 3), (32, 32)),
                                          content_type="image/jpeg"))
        site.route("/img/gone.jpg", reply(404, "not found"))
        urls = [site.url("/img/hero.jpg"), site.url("/img/icon.png"), site.url("/img/gone.jpg"),
                saved.as_uri()]
        source = BrandImageSource(urls, brand_name="Acme", site_url="https://acme.example",
                                  session=session, cache=cache, limits=LIMITS)
        online = source.search("anything")
        assert [(p.width, p.height) for p in online] == [(640, 400), (400, 600)]
        assert any("gone.jpg" in problem and "404" in problem for problem in source.problems)
        assert online[0].attribution == "Image from Acme"
        assert site.count("/img/hero.jpg") == 1

    offline = source.search("anything")
    assert offline == online
    assert source.download(offline[0]) == hero
    assert [p.width for p in source.search("", orientation="portrait")] == [400]
