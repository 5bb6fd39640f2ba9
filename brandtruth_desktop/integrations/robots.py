"""robots.txt, read through the crawl's own session and kept per host.

How an answer is read (as `urllib.robotparser` does): 200 → its rules; 401 or 403 → nothing may
be fetched; any other 4xx → everything may. A 5xx, a timeout or a broken connection also
counts as "no rules": the person asked for this one site, and the page fetch that follows
reports the real problem better than a guess about robots would.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import requests

from brandtruth_desktop.integrations.http_page import HttpLimits

MAX_ROBOTS_BYTES = 512 * 1024
_ALLOW_ALL: list[str] = []
_DISALLOW_ALL = ["User-agent: *", "Disallow: /"]


class RobotsRules:
    """Answers "may this user agent fetch this URL?", reading each host's robots.txt once."""

    def __init__(self, user_agent: str, limits: HttpLimits) -> None:
        self._user_agent = user_agent
        self._agent_token = user_agent.split("/")[0].strip() or user_agent
        self._limits = limits
        self._parsers: dict[str, RobotFileParser] = {}
        self._lock = threading.Lock()

    def allows(self, session: requests.Session, url: str) -> bool:
        """True when the site's robots.txt lets us fetch `url` (read on first use per host)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:  # one read per host even when four pages ask at once
            parser = self._parsers.get(origin)
            if parser is None:
                parser = self._read(session, origin)
                self._parsers[origin] = parser
        return parser.can_fetch(self._agent_token, url)

    def _read(self, session: requests.Session, origin: str) -> RobotFileParser:
        robots_url = urlunsplit((*urlsplit(origin)[:2], "/robots.txt", "", ""))
        parser = RobotFileParser(robots_url)
        try:
            response = session.get(
                robots_url,
                stream=True,
                timeout=(self._limits.connect_timeout_s, self._limits.read_timeout_s),
                headers={"User-Agent": self._user_agent, "Accept": "text/plain,*/*;q=0.1"},
            )
        except requests.exceptions.RequestException:
            parser.parse(_ALLOW_ALL)
            return parser
        try:
            if response.status_code in (401, 403):
                parser.parse(_DISALLOW_ALL)
            elif response.status_code >= 300:
                parser.parse(_ALLOW_ALL)
            else:
                body = _read_capped(response)
                parser.parse(body.decode("utf-8", errors="replace").splitlines())
        except requests.exceptions.RequestException:
            parser.parse(_ALLOW_ALL)
        finally:
            response.close()
        return parser


def _read_capped(response: requests.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size >= MAX_ROBOTS_BYTES:  # Google reads the first 500 KiB; so do we
            break
    return b"".join(chunks)[:MAX_ROBOTS_BYTES]
