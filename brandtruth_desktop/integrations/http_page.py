"""Loading one web page over HTTP within the limits, with every failure said in plain English.

Limits (issue 3): connect 5 s, read 15 s, 5 MB per page read as a stream, 5 redirects (set on
the session), only HTML. 429 and 5xx answers are retried with exponential backoff, honouring
`Retry-After` (seconds or an HTTP date), a bounded number of times with a bounded wait.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from brandtruth_desktop.integrations.charset import charset_from_content_type
from brandtruth_desktop.integrations.page_load import (
    HTML_TYPES,
    MAX_PAGE_BYTES,
    LoadedPage,
    PageProblem,
    looks_like_html,
    media_type,
    not_a_web_page,
    too_big,
)

ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
CHUNK_BYTES = 64 * 1024
# Types a misconfigured server sends for HTML; the first bytes decide.
_SNIFFED_TYPES = frozenset({"", "text/plain", "application/octet-stream", "binary/octet-stream"})


@dataclass(frozen=True, slots=True)
class HttpLimits:
    """How long to wait, how much to read and how often to retry, for one page."""

    connect_timeout_s: float = 5.0
    read_timeout_s: float = 15.0
    max_page_bytes: int = MAX_PAGE_BYTES
    retries: int = 3
    backoff_s: float = 1.0
    max_retry_wait_s: float = 30.0
    # A server that trickles bytes never trips the read timeout; this bounds the whole page.
    page_deadline_s: float = 90.0


class Stopped(Exception):
    """The crawl was cancelled while this page was loading."""


def load_http_page(
    session: requests.Session,
    url: str,
    *,
    limits: HttpLimits,
    user_agent: str,
    sleep: Callable[[float], object],
    stopped: Callable[[], bool],
) -> LoadedPage:
    """GET a page as a stream and return its bytes, or raise PageProblem (or Stopped)."""
    attempt = 0
    while True:
        response = _get(session, url, limits, user_agent)
        try:
            status = response.status_code
            if status != 429 and status < 500:
                return _read_page(response, url, limits, stopped)
            retry_after = response.headers.get("Retry-After")
        finally:
            response.close()
        if attempt >= limits.retries:
            raise _failed_after_retries(url, status, attempt + 1)
        wait = retry_wait(retry_after, attempt, limits)
        if wait is None:
            raise _asked_to_wait(url, status, retry_after or "")
        sleep(wait)
        if stopped():
            raise Stopped()
        attempt += 1


def retry_wait(
    retry_after: str | None, attempt: int, limits: HttpLimits, now: datetime | None = None
) -> float | None:
    """Seconds to wait before retry number `attempt + 1`, or None when the server asks for
    longer than we are willing to wait (so the person is told to come back later instead)."""
    backoff = limits.backoff_s * (2.0**attempt)
    asked = parse_retry_after(retry_after, now)
    if asked is None:
        return min(backoff, limits.max_retry_wait_s)
    if asked > limits.max_retry_wait_s:
        return None
    return asked


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds from now: a number of seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def host_of(url: str) -> str:
    """The host name of a URL, for messages."""
    return urlsplit(url).hostname or url


def _get(
    session: requests.Session, url: str, limits: HttpLimits, user_agent: str
) -> requests.Response:
    host = host_of(url)
    try:
        return session.get(
            url,
            stream=True,
            timeout=(limits.connect_timeout_s, limits.read_timeout_s),
            headers={"User-Agent": user_agent, "Accept": ACCEPT},
        )
    except requests.exceptions.TooManyRedirects:
        raise PageProblem(
            f"{url} redirects too many times (more than {session.max_redirects}, probably in "
            "a loop), so it could not be loaded. Open it in a browser to see where it ends "
            "up, and use that address."
        ) from None
    except requests.exceptions.SSLError as error:
        raise PageProblem(
            f"The secure connection to {host} failed ({_ssl_reason(error)}). The site's "
            "certificate may be expired or not valid for this address; check the address "
            "(try it in a browser), or save the site and choose the saved copy."
        ) from None
    except requests.exceptions.ConnectTimeout:
        raise PageProblem(
            f"{host} did not answer within {limits.connect_timeout_s:g} seconds. The site "
            "may be down, or your internet connection may be off. Try again later."
        ) from None
    except requests.exceptions.ReadTimeout:
        raise _read_timed_out(url, limits) from None
    except requests.exceptions.ConnectionError as error:
        if _caused_by(error, urllib3.exceptions.NameResolutionError, socket.gaierror):
            raise PageProblem(
                f"No web site called {host} could be found. Check the address for typos, "
                "and check that this computer is online."
            ) from None
        if _caused_by(error, ConnectionRefusedError, urllib3.exceptions.NewConnectionError):
            raise PageProblem(
                f"Could not connect to {host}: nothing answered there. Check the address "
                "(and the port, if it has one), or try again later."
            ) from None
        raise PageProblem(
            f"The connection to {host} failed ({_short(error)}). Check that this computer "
            "is online, then try again."
        ) from None
    except (
        requests.exceptions.InvalidURL,
        requests.exceptions.MissingSchema,
        requests.exceptions.InvalidSchema,
    ):
        raise PageProblem(
            f"“{url}” is not a web address that can be loaded. Use an address like "
            "https://example.com."
        ) from None
    except requests.exceptions.RequestException as error:
        raise PageProblem(f"{url} could not be loaded ({_short(error)}).") from None


def _read_page(
    response: requests.Response, url: str, limits: HttpLimits, stopped: Callable[[], bool]
) -> LoadedPage:
    status = response.status_code
    if status >= 300:
        raise _status_problem(url, status)
    content_type = response.headers.get("Content-Type")
    media = media_type(content_type)
    if media not in HTML_TYPES and media not in _SNIFFED_TYPES:
        raise not_a_web_page(url, media)
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_page_bytes:
        raise too_big(url, limits.max_page_bytes)
    body = _read_limited(response, url, limits, stopped)
    if media not in HTML_TYPES and not looks_like_html(body):
        raise not_a_web_page(url, media)
    return LoadedPage(
        url=url,
        final_url=response.url or url,
        status=status,
        media_type=media if media in HTML_TYPES else "text/html",
        header_charset=charset_from_content_type(content_type),
        body=body,
    )


def _read_limited(
    response: requests.Response, url: str, limits: HttpLimits, stopped: Callable[[], bool]
) -> bytes:
    deadline = time.monotonic() + limits.page_deadline_s
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(CHUNK_BYTES):
            size += len(chunk)
            if size > limits.max_page_bytes:
                raise too_big(url, limits.max_page_bytes)
            chunks.append(chunk)
            if stopped():
                raise Stopped()
            if time.monotonic() > deadline:
                raise _read_timed_out(url, limits)
    except requests.exceptions.ConnectionError as error:
        if _caused_by(error, urllib3.exceptions.ReadTimeoutError, TimeoutError):
            raise _read_timed_out(url, limits) from None
        raise PageProblem(
            f"The connection to {host_of(url)} broke while {url} was loading "
            f"({_short(error)}). Try again."
        ) from None
    except requests.exceptions.RequestException as error:  # broken chunking or compression
        raise PageProblem(
            f"{url} arrived damaged ({_short(error)}), so it could not be read. Try again "
            "later, or save the page from a browser and choose the saved copy."
        ) from None
    return b"".join(chunks)


def _status_problem(url: str, status: int) -> PageProblem:
    host = host_of(url)
    phrase = _phrase(status)
    if status in (404, 410):
        return PageProblem(
            f"Page not found ({status}): {url}. Check the address, or start from the site's "
            "home page."
        )
    if status in (401, 403, 451):
        return PageProblem(
            f"{host} refused to show {url} ({status} {phrase}). The site may block automated "
            "readers: save the page from your browser and choose the saved copy instead."
        )
    if 300 <= status < 400:
        return PageProblem(
            f"{url} answered with a redirect ({status} {phrase}) that says nowhere to go, so "
            "there was no page to read. Open it in a browser and use the address it ends at."
        )
    return PageProblem(f"{host} answered {status} {phrase} for {url}. Check the address.")


def _failed_after_retries(url: str, status: int, tries: int) -> PageProblem:
    host = host_of(url)
    if status == 429:
        return PageProblem(
            f"{host} is limiting requests (429 Too Many Requests) and still was after "
            f"{tries} tries. Wait a few minutes, then try again."
        )
    return PageProblem(
        f"{host} had a server error ({status} {_phrase(status)}) on {url}, {tries} times in a "
        "row. The site may be having trouble: try again later."
    )


def _asked_to_wait(url: str, status: int, retry_after: str) -> PageProblem:
    seconds = parse_retry_after(retry_after) or 0
    minutes = max(1, round(seconds / 60))
    reason = "is limiting requests" if status == 429 else f"is unavailable ({status})"
    return PageProblem(
        f"{host_of(url)} {reason} and asks to wait about {minutes} minute"
        f"{'s' if minutes != 1 else ''} before trying again. Try again later."
    )


def _read_timed_out(url: str, limits: HttpLimits) -> PageProblem:
    return PageProblem(
        f"{host_of(url)} stopped answering while sending {url} (waited "
        f"{limits.read_timeout_s:g} seconds). The site may be slow or overloaded: try again "
        "later."
    )


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "error"


def _caused_by(error: BaseException, *types: type[BaseException]) -> bool:
    """True when `error` or anything it wraps (args, reason, cause, context) is of `types`."""
    pending: list[object] = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if id(current) in seen or not isinstance(current, BaseException):
            continue
        seen.add(id(current))
        if isinstance(current, types):
            return True
        pending.extend(current.args)
        pending.extend(
            (getattr(current, "reason", None), current.__cause__, current.__context__)
        )
    return False


def _ssl_reason(error: BaseException) -> str:
    text = _short(error)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        if "expired" in text:
            return "the certificate has expired"
        if "self-signed" in text or "self signed" in text:
            return "the certificate is self-signed"
        if "hostname" in text or "doesn't match" in text:
            return "the certificate is for another address"
        return "the certificate could not be verified"
    return "the secure handshake failed"


def _short(error: BaseException) -> str:
    """The innermost, shortest useful description of a wrapped network error."""
    reason = getattr(error, "reason", None)
    if isinstance(reason, BaseException):
        return _short(reason)
    if error.args and isinstance(error.args[0], BaseException):
        return _short(error.args[0])
    text = str(error) or error.__class__.__name__
    return text if len(text) <= 160 else text[:157] + "…"
