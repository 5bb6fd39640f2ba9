"""The web fetcher: a brand's site (on the web or saved on disk) as page snapshots.

`WebFetcher.fetch_site` implements `core.ports.Fetcher`: a stage that loads the start page, then
the site's key pages found in its links (about, pricing, features, customers, FAQ, contact; see
`crawl.py`), at most `max_pages` in all and four at a time, and returns a `SiteFetch`. Problems
with any page after the first become plain-English warnings; when not a single page loads,
`FetchError` says what happened and what to do.

Every page becomes a `PageSnapshot` (text decoded, SHA-256 of the bytes as fetched, when) and
its bytes go to the `snapshot_sink`: with `asset_store_sink(store)` that is the asset store,
the provenance a proof pack cites.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Generator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

import requests

from brandtruth_desktop import __version__
from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import PageSnapshot
from brandtruth_desktop.core.ports import FetchError, SiteFetch
from brandtruth_desktop.integrations.charset import decode_html
from brandtruth_desktop.integrations.crawl import CrawlPlan, Link, page_links
from brandtruth_desktop.integrations.http_page import (
    HttpLimits,
    Stopped,
    host_of,
    load_http_page,
)
from brandtruth_desktop.integrations.local_site import inside, load_file_page
from brandtruth_desktop.integrations.page_load import MAX_PAGE_BYTES, LoadedPage, PageProblem
from brandtruth_desktop.integrations.robots import RobotsRules
from brandtruth_desktop.integrations.site_address import (
    file_url_to_path,
    is_file_url,
    site_address,
)

if TYPE_CHECKING:
    from brandtruth_desktop.core.ports import Fetcher

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_USER_AGENT",
    "FetchError",
    "SnapshotSink",
    "SnapshotStore",
    "WebFetcher",
    "asset_store_sink",
    "site_address",
]

DEFAULT_USER_AGENT = f"BrandTruthDesktop/{__version__} (reads a brand's own pages for its ads)"
WORKERS = 4
MAX_REDIRECTS = 5
HEARTBEAT_S = 0.2
"""While pages load, the stage yields at least this often so a cancel takes effect quickly."""

SnapshotSink = Callable[[PageSnapshot, bytes], None]
"""Receives each page's snapshot and its bytes as fetched (the sha256 is of these bytes)."""


class SnapshotStore(Protocol):
    """What `asset_store_sink` needs of the asset store (storage.asset_store.AssetStore)."""

    def put_bytes(
        self,
        data: bytes,
        *,
        kind: str,
        mime_type: str,
        original_name: str = "",
        source_url: str = "",
    ) -> object: ...


def asset_store_sink(store: SnapshotStore) -> SnapshotSink:
    """A snapshot sink that keeps every fetched page's bytes in the asset store."""

    def keep(snapshot: PageSnapshot, data: bytes) -> None:
        name = PurePosixPath(urlsplit(snapshot.final_url or snapshot.url).path).name
        store.put_bytes(
            data,
            kind="page_snapshot",
            mime_type=snapshot.content_type,
            original_name=name or "index.html",
            source_url=snapshot.url,
        )

    return keep


@dataclass(slots=True)
class _Crawl:
    """The state of one `fetch_site` run."""

    plan: CrawlPlan
    hosts: set[str]  # the site's host names, without "www."
    cancel: threading.Event = field(default_factory=threading.Event)
    pages: list[tuple[int, PageSnapshot]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    robots_skipped: list[str] = field(default_factory=list)
    done: int = 0


@dataclass(frozen=True, slots=True)
class _Fetched:
    snapshot: PageSnapshot
    body: bytes
    links: list[Link]


class _RobotsForbid(Exception):
    """robots.txt asks us not to fetch this URL."""


class WebFetcher:
    """Fetches a brand's site over HTTP(S) or from a saved folder (core.ports.Fetcher).

    `session` is used for every request (the fetcher sets `max_redirects` on it); without one,
    each crawl makes its own and closes it. `sleep` waits between retries (by default a wait
    that a cancel interrupts); tests pass a recorder. The timeouts and limits are the issue's
    defaults and can be lowered for tests.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        snapshot_sink: SnapshotSink | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        retries: int = 3,
        backoff_s: float = 1.0,
        max_retry_wait_s: float = 30.0,
        sleep: Callable[[float], object] | None = None,
        connect_timeout_s: float = 5.0,
        read_timeout_s: float = 15.0,
        max_page_bytes: int = MAX_PAGE_BYTES,
        max_redirects: int = MAX_REDIRECTS,
        workers: int = WORKERS,
        cancel_grace_s: float = 2.0,
    ) -> None:
        self._session = session
        self._sink = snapshot_sink
        self._user_agent = user_agent
        self._sleep = sleep
        self._max_redirects = max_redirects
        self._workers = max(1, workers)
        self._cancel_grace_s = cancel_grace_s
        self._limits = HttpLimits(
            connect_timeout_s=connect_timeout_s,
            read_timeout_s=read_timeout_s,
            max_page_bytes=max_page_bytes,
            retries=retries,
            backoff_s=backoff_s,
            max_retry_wait_s=max_retry_wait_s,
        )
        self._robots = RobotsRules(user_agent, self._limits)

    def fetch_site(
        self, start: str, *, max_pages: int = 10, respect_robots: bool = True
    ) -> Generator[Progress, None, SiteFetch]:
        """Stage: the start page and the site's key pages. Raises FetchError if none loads."""
        start_url = site_address(start)
        local = is_file_url(start_url)
        shown = file_url_to_path(start_url).parent.name if local else host_of(start_url)
        yield Progress(0, None, f"Fetching {shown}…")
        hosts = {_bare_host(start_url)}
        root = urlsplit(start_url).path.rsplit("/", 1)[0] + "/" if local else "/"
        plan = CrawlPlan(start_url, max_pages, _same_site(start_url, hosts), root)
        crawl = _Crawl(plan, hosts)
        session = self._session or requests.Session()
        session.max_redirects = self._max_redirects
        pool = ThreadPoolExecutor(self._workers, thread_name_prefix="brandtruth-fetch")
        running: dict[Future[_Fetched], str] = {}

        def load(url: str) -> _Fetched:
            return self._load(session, url, crawl.cancel, respect_robots=respect_robots)

        try:
            queue = [start_url]
            progress = Progress(0, None, f"Fetching {shown}…")
            while queue or running:
                while queue and len(running) < self._workers:
                    url = queue.pop(0)
                    running[pool.submit(load, url)] = url
                finished, _ = wait(running, timeout=HEARTBEAT_S, return_when=FIRST_COMPLETED)
                if not finished:
                    yield progress  # nothing new, but the runner may cancel here
                    continue
                for future in sorted(finished, key=lambda f: crawl.plan.position(running[f])):
                    url = running.pop(future)
                    queue.extend(self._take(crawl, url, future))
                progress = Progress(
                    crawl.done, crawl.plan.total,
                    f"Fetched {crawl.done} of {crawl.plan.total} pages…",
                )
                yield progress
        finally:
            crawl.cancel.set()
            self._stop(pool, running)
            if self._session is None:
                session.close()
        return self._result(crawl)

    def _take(self, crawl: _Crawl, url: str, future: Future[_Fetched]) -> list[str]:
        """Record one finished page; return the links it adds to the plan."""
        first = crawl.done == 0
        crawl.done += 1
        try:
            fetched = future.result()
        except _RobotsForbid:
            if first:
                raise FetchError(_robots_message(url)) from None
            crawl.robots_skipped.append(url)
            return []
        except PageProblem as problem:
            if first:
                raise FetchError(str(problem)) from None
            crawl.warnings.append(f"Skipped a page: {problem}")
            return []
        except Exception as error:  # a bug on one odd page must not lose the others
            if first:
                raise
            log.exception("Reading %s failed", url)
            crawl.warnings.append(
                f"Skipped a page: {url} could not be read ({error.__class__.__name__}); the "
                "details are in the log."
            )
            return []
        if first and fetched.snapshot.final_url:  # the start page redirected: its new home
            crawl.plan.see(fetched.snapshot.final_url)
            crawl.hosts.add(_bare_host(fetched.snapshot.final_url))
        if self._sink is not None:
            self._sink(fetched.snapshot, fetched.body)
        crawl.pages.append((crawl.plan.position(url), fetched.snapshot))
        return crawl.plan.add_links(fetched.links)

    def _load(
        self, session: requests.Session, url: str, cancel: threading.Event, *,
        respect_robots: bool,
    ) -> _Fetched:
        """Runs on a pool thread: one page, loaded, decoded and its links read."""
        if cancel.is_set():
            raise Stopped()
        if is_file_url(url):
            loaded = load_file_page(url, max_bytes=self._limits.max_page_bytes)
        else:
            if respect_robots and not self._robots.allows(session, url):
                raise _RobotsForbid(url)
            loaded = load_http_page(
                session, url, limits=self._limits, user_agent=self._user_agent,
                sleep=self._sleep or cancel.wait, stopped=cancel.is_set,
            )
        snapshot = _snapshot(loaded)
        return _Fetched(snapshot, loaded.body, page_links(snapshot.html, loaded.final_url))

    def _stop(self, pool: ThreadPoolExecutor, running: dict[Future[_Fetched], str]) -> None:
        """Cancel what has not started; give what is loading a moment, never forever."""
        for future in running:
            future.cancel()
        in_flight = [f for f in running if not f.done()]
        if in_flight:
            wait(in_flight, timeout=self._cancel_grace_s)
        pool.shutdown(wait=all(f.done() for f in in_flight), cancel_futures=True)

    @staticmethod
    def _result(crawl: _Crawl) -> SiteFetch:
        warnings = list(crawl.warnings)
        if crawl.robots_skipped:
            one = len(crawl.robots_skipped) == 1
            how_many = "one" if one else str(len(crawl.robots_skipped))
            warnings.append(
                f"The site's robots.txt asks automated readers not to fetch {how_many} of its "
                f"key pages, so {'it was' if one else 'they were'} skipped: "
                f"{', '.join(crawl.robots_skipped)}. If this is your own brand's site, turn "
                f"off “Respect robots.txt” in Settings to read {'it' if one else 'them'}."
            )
        pages = tuple(snapshot for _, snapshot in sorted(crawl.pages, key=lambda p: p[0]))
        return SiteFetch(pages=pages, warnings=tuple(warnings))


def _snapshot(loaded: LoadedPage) -> PageSnapshot:
    html, _encoding = decode_html(loaded.body, loaded.header_charset)
    return PageSnapshot(
        url=loaded.url,
        html=html,
        sha256=hashlib.sha256(loaded.body).hexdigest(),
        fetched_at=datetime.now(UTC),
        content_type=loaded.media_type,
        final_url=loaded.final_url if loaded.final_url != loaded.url else "",
        status=loaded.status,
    )


def _same_site(start_url: str, hosts: set[str]) -> Callable[[str], bool]:
    """Saved site: files in the start page's folder. Web: the start page's hosts (the set
    grows when the start page redirects), with or without "www."."""
    if is_file_url(start_url):
        folder = file_url_to_path(start_url).parent.resolve()
        return lambda url: is_file_url(url) and inside(folder, url)
    return lambda url: urlsplit(url).scheme in ("http", "https") and _bare_host(url) in hosts


def _bare_host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _robots_message(url: str) -> str:
    return (
        f"The robots.txt of {host_of(url)} asks automated readers not to fetch {url}, so it "
        "was not read. If this is your own brand's site (or you have permission), turn off "
        "“Respect robots.txt” in Settings (on the command line: --ignore-robots) and try again."
    )


if TYPE_CHECKING:

    def _implements_the_port(fetcher: WebFetcher) -> Fetcher:
        return fetcher  # mypy checks WebFetcher against core.ports.Fetcher here
