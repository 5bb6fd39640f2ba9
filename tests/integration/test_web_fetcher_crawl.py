"""The web fetcher crawls a site as a careful reader would, against servers on 127.0.0.1.

Which pages it reads (the key pages, on the same site, at most `max_pages`), how many at once,
what it keeps (snapshots with the SHA-256 of the bytes as fetched), how it decodes text, and
how it stops when cancelled.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from fake_site_server import FakeRequest, FakeSite, html_page, redirect, reply, stall

from brandtruth_desktop.core.jobs import Cancelled, Progress, run_stage
from brandtruth_desktop.core.models import PageSnapshot
from brandtruth_desktop.core.ports import Fetcher, SiteFetch
from brandtruth_desktop.integrations.crawl import Link
from brandtruth_desktop.integrations.web_fetcher import WebFetcher, asset_store_sink
from brandtruth_desktop.storage.asset_store import AssetStore

HOME = """<!doctype html><html><head><title>Acme Rockets</title></head><body>
<nav>
  <a href="/about-us">About us</a>
  <a href="/pricing">Pricing</a>
  <a href="/customers/">Customer stories</a>
  <a href="/help/faq.html">FAQ</a>
  <a href="/contact">Contact</a>
  <a href="/blog/2024/our-new-pricing">Blog: our new pricing</a>
  <a href="/privacy">Privacy</a>
  <a href="/login">Log in</a>
  <a href="/assets/brochure.pdf">Brochure (PDF)</a>
  <a href="https://elsewhere.example/about">About our partner</a>
  <a href="mailto:hello@acme.example">Email us</a>
  <a href="#top">Back to top</a>
  <a href="/">Home</a>
</nav>
<h1>Rockets for everyone</h1></body></html>"""


def page(title: str, body: str = "") -> str:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"


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


def fetch(fetcher: Fetcher, start: str, **options: object) -> SiteFetch:
    result: SiteFetch = run_stage(fetcher.fetch_site(start, **options))  # type: ignore[arg-type]
    return result


def paths(result: SiteFetch) -> list[str]:
    return [p.url.split(":", 2)[2].split("/", 1)[1] for p in result.pages]


def test_reads_the_key_pages_of_the_same_site_and_nothing_else(site: FakeSite) -> None:
    site.page("/", HOME)
    for path in ("/about-us", "/pricing", "/customers/", "/help/faq.html", "/contact"):
        site.page(path, page(path))

    result = fetch(WebFetcher(), site.url("/"))

    assert paths(result) == ["", "about-us", "pricing", "customers/", "help/faq.html", "contact"]
    assert sorted(site.pages_requested()) == sorted(
        ["/", "/about-us", "/pricing", "/customers/", "/help/faq.html", "/contact"]
    )
    assert result.warnings == ()


def test_never_reads_more_than_max_pages_and_picks_one_page_of_each_kind_first(
    site: FakeSite,
) -> None:
    links = "".join(
        f'<a href="/{name}">{name}</a>'
        for name in ("features", "product", "about", "team", "pricing", "plans", "reviews",
                     "case-studies", "faq", "contact", "testimonials")
    )
    site.page("/", page("Home", links))
    site.route("*", html_page(page("A page")))

    result = fetch(WebFetcher(), site.url("/"), max_pages=4)

    assert len(result.pages) == 4
    assert len(site.pages_requested()) == 4
    # About, pricing and features come before seconds of a kind and the later kinds.
    assert paths(result) == ["", "about", "pricing", "features"]


def test_follows_key_pages_found_on_other_pages_when_the_home_page_lacks_them(
    site: FakeSite,
) -> None:
    site.page("/", page("Home", '<a href="/about">About</a>'))
    site.page("/about", page("About", '<a href="/pricing">Pricing</a> <a href="/">Home</a>'))
    site.page("/pricing", page("Pricing"))

    result = fetch(WebFetcher(), site.url("/"))

    assert paths(result) == ["", "about", "pricing"]


def test_matches_key_pages_by_link_text_and_in_other_languages(site: FakeSite) -> None:
    site.page("/", page("Accueil", (
        '<a href="/qui-sommes-nous">Qui sommes-nous ?</a>'
        '<a href="/tarifs">Tarifs</a>'
        '<a href="/p/7781">Témoignages</a>'
        '<a href="/p/7782">Mentions</a>'
    )))
    site.route("*", html_page(page("Page")))

    result = fetch(WebFetcher(), site.url("/"))

    assert paths(result) == ["", "qui-sommes-nous", "tarifs", "p/7781"]


def test_loads_four_pages_at_a_time_and_no_more(site: FakeSite) -> None:
    names = [f"/{n}" for n in ("about", "team", "pricing", "plans", "features", "product",
                               "customers", "reviews")]
    site.page("/", page("Home", "".join(f'<a href="{n}">{n[1:]}</a>' for n in names)))
    lock = threading.Condition()
    active = started = most = 0

    def slow_page(request: FakeRequest) -> None:
        nonlocal active, started, most
        with lock:
            active += 1
            started += 1
            most = max(most, active)
            lock.notify_all()
            # Hold each answer until four pages are loading at once, then a moment more (a
            # fetcher that loads more than four at once shows it now), or until every page
            # has been asked for.
            lock.wait_for(lambda: active >= 4 or started == len(names), timeout=10)
            lock.wait_for(lambda: started == len(names), timeout=0.3)
            active -= 1  # before answering: the fetcher may ask again once it has the answer
        html_page(page(request.path))(request)

    for name in names:
        site.route(name, slow_page)

    result = fetch(WebFetcher(), site.url("/"), max_pages=9)

    assert len(result.pages) == 9
    assert most == 4


def test_every_page_is_a_snapshot_of_the_bytes_as_fetched_and_goes_to_the_sink(
    site: FakeSite, tmp_path: Path,
) -> None:
    home = HOME.replace("Rockets for everyone", "Rockets for everyone — prêt à décoller").encode()
    about = "<html><head><title>À propos</title></head><body>Ünïcödé</body></html>".encode(
        "cp1252"
    )
    site.route("/", html_page(home))
    site.route("/about-us", redirect("/company/about"))
    site.route("/company/about", html_page(about, content_type="text/html; charset=windows-1252"))
    received: list[tuple[PageSnapshot, bytes]] = []
    store = AssetStore(tmp_path / "assets")
    keep = asset_store_sink(store)

    def sink(snapshot: PageSnapshot, data: bytes) -> None:
        received.append((snapshot, data))
        keep(snapshot, data)

    result = fetch(WebFetcher(snapshot_sink=sink), site.url("/"))

    assert [data for _, data in received] == [home, about]
    assert [snapshot for snapshot, _ in received] == list(result.pages)
    first, second = result.pages
    assert first.sha256 == hashlib.sha256(home).hexdigest()
    assert second.sha256 == hashlib.sha256(about).hexdigest()
    assert first.url == site.url("/") and first.final_url == "" and first.status == 200
    assert second.url == site.url("/about-us")
    assert second.final_url == site.url("/company/about")
    assert "Ünïcödé" in second.html and "prêt à décoller" in first.html
    assert all(p.content_type == "text/html" for p in result.pages)
    assert all(p.fetched_at.tzinfo is UTC for p in result.pages)
    for snapshot in result.pages:
        assert store.exists(snapshot.sha256)
        with store.open(snapshot.sha256) as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == snapshot.sha256


def test_a_start_page_that_redirects_to_another_host_makes_that_host_the_site(
    site: FakeSite,
) -> None:
    # localhost and 127.0.0.1 are two host names for one server: the crawl follows the move.
    site.route("/", redirect(site.url("/home", host="127.0.0.1"), status=301))
    site.page("/home", page("Home", '<a href="/about">About</a>'))
    site.page("/about", page("About"))

    result = fetch(WebFetcher(), site.url("/", host="localhost"))

    assert [p.final_url or p.url for p in result.pages] == [
        site.url("/home"), site.url("/about"),
    ]


def test_sends_its_own_user_agent(site: FakeSite) -> None:
    site.page("/", page("Home"))

    fetch(WebFetcher(user_agent="BrandTruthTest/1.0"), site.url("/"))

    assert set(site.user_agents) == {"BrandTruthTest/1.0"}


def test_reports_progress_as_pages_arrive(site: FakeSite) -> None:
    site.page("/", HOME)
    site.route("*", html_page(page("A page")))
    seen: list[Progress] = []

    run_stage(WebFetcher().fetch_site(site.url("/")), on_progress=seen.append)

    assert seen[0].total is None and seen[0].message.startswith("Fetching 127.0.0.1")
    assert seen[-1] == Progress(6, 6, "Fetched 6 of 6 pages…")
    assert [p.done for p in seen] == sorted(p.done for p in seen)


def test_cancel_after_the_first_page_stops_the_crawl_and_leaves_no_thread(
    site: FakeSite,
) -> None:
    names = ["/about", "/team", "/pricing", "/plans", "/features", "/product", "/customers",
             "/reviews"]
    site.page("/", page("Home", "".join(f'<a href="{n}">{n[1:]}</a>' for n in names)))
    let_go = threading.Event()
    for name in names:
        site.route(name, stall(html_page(page(name)), until=let_go))
    kept: list[PageSnapshot] = []
    seen: list[Progress] = []
    fetcher = WebFetcher(snapshot_sink=lambda s, _: kept.append(s), cancel_grace_s=0.05)

    with pytest.raises(Cancelled):
        run_stage(
            fetcher.fetch_site(site.url("/")),
            on_progress=seen.append,
            should_cancel=lambda: bool(seen) and seen[-1].done >= 1,
        )
    let_go.set()  # the four pages that were loading may finish; nothing waits for them

    assert [s.url for s in kept] == [site.url("/")]
    assert len(site.pages_requested()) <= 1 + 4  # the pages not yet started never were
    # (conftest's no_leaked_threads fails the test if a fetch thread outlives it)


def test_closing_the_stage_before_it_starts_does_nothing(site: FakeSite) -> None:
    site.page("/", page("Home"))

    stage = WebFetcher().fetch_site(site.url("/"))
    stage.close()

    assert site.requests == []


def test_cancel_interrupts_a_page_waiting_to_retry(site: FakeSite) -> None:
    site.page("/", page("Home", '<a href="/about">About</a>'))
    asked = threading.Event()

    def busy(request: FakeRequest) -> None:
        asked.set()
        reply(503, "busy", {"Retry-After": "25"})(request)

    site.route("/about", busy)
    seen: list[Progress] = []

    with pytest.raises(Cancelled):
        run_stage(
            WebFetcher(cancel_grace_s=10).fetch_site(site.url("/")),  # the real, default wait
            on_progress=seen.append,
            should_cancel=lambda: asked.is_set() and len(seen) > 2,
        )

    # The 25-second wait ended with the cancel: one request, no retry, no thread left behind.
    assert site.count("/about") == 1


def test_an_unexpected_failure_on_a_later_page_is_a_warning(
    site: FakeSite, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from brandtruth_desktop.integrations import web_fetcher

    real_page_links = web_fetcher.page_links

    def page_links(html: str, url: str) -> list[Link]:
        if url.endswith("/about"):
            raise RecursionError("a pathological page")
        return real_page_links(html, url)

    monkeypatch.setattr(web_fetcher, "page_links", page_links)
    site.page("/", page("Home", '<a href="/about">About</a> <a href="/pricing">Pricing</a>'))
    site.page("/about", page("About"))
    site.page("/pricing", page("Pricing"))

    result = fetch(WebFetcher(), site.url("/"))

    assert paths(result) == ["", "pricing"]
    assert result.warnings == (
        f"Skipped a page: {site.url('/about')} could not be read (RecursionError); the details "
        "are in the log.",
    )
