"""HTTP for the stock-photo services: timeouts, bounded retries, and errors in plain words.

Both Pexels and Unsplash answer JSON, limit requests per hour and say so in headers
(`X-Ratelimit-Limit`, `X-Ratelimit-Remaining`, Pexels also `X-Ratelimit-Reset` as a UNIX time).
A 429 (or Unsplash's 403 "Rate Limit Exceeded") is retried after `Retry-After` or the reset time
only when that wait is short; otherwise the person is told when the limit resets. Server errors
(5xx) are retried with exponential backoff a bounded number of times. Every failure becomes a
`StockSourceError` whose `kind` says what happened (auth, rate_limit, offline, timeout, …).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

from brandtruth_desktop import __version__
from brandtruth_desktop.core.ports import StockSourceError
from brandtruth_desktop.integrations.http_page import host_of, parse_retry_after

USER_AGENT = f"BrandTruthDesktop/{__version__}"
CHUNK_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class StockHttpLimits:
    """How long to wait, how often to retry and how much to download."""

    connect_timeout_s: float = 5.0
    read_timeout_s: float = 20.0
    retries: int = 2
    backoff_s: float = 1.0
    max_retry_wait_s: float = 20.0
    max_download_bytes: int = 60 * 1024 * 1024


class StockHttp:
    """GETs for one service (named in messages) over a shared `requests.Session`.

    `sleep` waits between retries; tests pass a recorder so nothing really sleeps.
    `now` gives the current time (for `X-Ratelimit-Reset`).
    """

    def __init__(
        self,
        service: str,
        session: requests.Session,
        *,
        limits: StockHttpLimits | None = None,
        sleep: Callable[[float], object] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.service = service
        self.session = session
        self.limits = limits or StockHttpLimits()
        self._sleep = sleep
        self._now = now
        self.rate_limit_remaining: int | None = None
        """What the service said is left of its hourly allowance after the last call."""

    def get_json(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """GET `url` and return its JSON object."""
        response = self._get(url, params=params, headers=headers, stream=False)
        try:
            data = response.json()
        except (ValueError, json.JSONDecodeError) as error:
            raise self._bad_response(url, "it did not answer with JSON") from error
        finally:
            response.close()
        if not isinstance(data, dict):
            raise self._bad_response(url, "the answer was not a JSON object")
        return data

    def get_bytes(self, url: str, *, headers: Mapping[str, str] | None = None) -> bytes:
        """GET `url` and return its body, refusing more than `max_download_bytes`."""
        response = self._get(url, params=None, headers=headers, stream=True)
        limit = self.limits.max_download_bytes
        try:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise self._too_large(url)
            body = bytearray()
            for chunk in response.iter_content(CHUNK_BYTES):
                body.extend(chunk)
                if len(body) > limit:
                    raise self._too_large(url)
            return bytes(body)
        except requests.RequestException as error:
            raise self._transport_error(url, error) from error
        finally:
            response.close()

    def _get(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None,
        headers: Mapping[str, str] | None,
        stream: bool,
    ) -> requests.Response:
        attempt = 0
        while True:
            try:
                response = self.session.get(
                    url,
                    params=params,
                    headers={"User-Agent": USER_AGENT, **(headers or {})},
                    timeout=(self.limits.connect_timeout_s, self.limits.read_timeout_s),
                    stream=stream,
                )
            except requests.RequestException as error:
                raise self._transport_error(url, error) from error
            self._note_allowance(response)
            status = response.status_code
            if status < 400:
                return response
            wait = self._retry_wait(response, attempt)
            problem = self._status_error(url, response)
            response.close()
            if wait is None or attempt >= self.limits.retries:
                raise problem
            self._sleep(wait)
            attempt += 1

    def _note_allowance(self, response: requests.Response) -> None:
        remaining = response.headers.get("X-Ratelimit-Remaining", "")
        if remaining.strip().isdigit():
            self.rate_limit_remaining = int(remaining)

    def _is_rate_limited(self, response: requests.Response) -> bool:
        if response.status_code == 429:
            return True
        # Unsplash answers 403 with "Rate Limit Exceeded" and no allowance left.
        if response.status_code == 403:
            remaining = response.headers.get("X-Ratelimit-Remaining", "").strip()
            return remaining == "0" or "rate limit" in response.text.lower()
        return False

    def _retry_wait(self, response: requests.Response, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None when retrying is pointless."""
        if self._is_rate_limited(response):
            asked = self._asked_wait(response)
            if asked is None:
                if response.headers.get("X-Ratelimit-Remaining", "").strip() == "0":
                    return None  # the hourly allowance is gone: a retry now cannot succeed
                asked = self.limits.backoff_s * (2.0**attempt)
            return asked if asked <= self.limits.max_retry_wait_s else None
        if response.status_code >= 500:
            asked = parse_retry_after(response.headers.get("Retry-After"), self._now())
            if asked is None:
                return min(self.limits.backoff_s * (2.0**attempt), self.limits.max_retry_wait_s)
            return asked if asked <= self.limits.max_retry_wait_s else None
        return None

    def _asked_wait(self, response: requests.Response) -> float | None:
        """How long the service asked us to wait: Retry-After, else the allowance's reset."""
        asked = parse_retry_after(response.headers.get("Retry-After"), self._now())
        if asked is not None:
            return asked
        reset = response.headers.get("X-Ratelimit-Reset", "").strip()
        if reset.isdigit():
            return max(0.0, int(reset) - self._now().timestamp())
        return None

    def _status_error(self, url: str, response: requests.Response) -> StockSourceError:
        status = response.status_code
        service = self.service
        if self._is_rate_limited(response):
            wait = self._asked_wait(response)
            when = _in_words(wait) if wait is not None else "within the hour"
            limit = response.headers.get("X-Ratelimit-Limit", "").strip()
            allowance = f" of {limit} requests an hour" if limit.isdigit() else ""
            return StockSourceError(
                "rate_limit",
                f"{service}'s allowance{allowance} for this API key is used up; it resets "
                f"{when}. Searches you already made, local images and generated backgrounds "
                "still work meanwhile.",
                retry_after_s=wait,
            )
        if status in (401, 403):
            return StockSourceError(
                "auth",
                f"{service} did not accept the API key (HTTP {status}). Check the key in "
                "Settings → API keys; it may have been mistyped or revoked.",
            )
        if status == 404:
            return StockSourceError(
                "not_found",
                f"{service} no longer has this item (HTTP 404 from {host_of(url)}). "
                "Choose another image.",
            )
        if status >= 500:
            return StockSourceError(
                "server",
                f"{service} is having problems (HTTP {status}) and did not answer after "
                f"{self.limits.retries + 1} tries. Try again in a few minutes.",
            )
        return StockSourceError(
            "other",
            f"{service} refused the request (HTTP {status} from {host_of(url)}).",
        )

    def _transport_error(self, url: str, error: requests.RequestException) -> StockSourceError:
        host = host_of(url)
        if isinstance(error, requests.Timeout):
            return StockSourceError(
                "timeout",
                f"{self.service} ({host}) did not answer in time. Check the internet "
                "connection and try again.",
            )
        if isinstance(error, requests.ConnectionError):
            return StockSourceError(
                "offline",
                f"Could not reach {self.service} ({host}): the computer seems to be offline "
                "or the service is down. Searches you already made still work offline.",
            )
        return StockSourceError("other", f"Talking to {self.service} ({host}) failed: {error}.")

    def _bad_response(self, url: str, why: str) -> StockSourceError:
        return StockSourceError(
            "bad_response",
            f"{self.service} sent an answer BrandTruth cannot read ({why}, from "
            f"{host_of(url)}). Try again later.",
        )

    def _too_large(self, url: str) -> StockSourceError:
        megabytes = self.limits.max_download_bytes // (1024 * 1024)
        return StockSourceError(
            "too_large",
            f"The image from {host_of(url)} is larger than {megabytes} MB; choose another.",
        )


def _in_words(seconds: float) -> str:
    if seconds < 90:
        return f"in {max(1, round(seconds))} seconds"
    if seconds < 90 * 60:
        return f"in {round(seconds / 60)} minutes"
    hours = round(seconds / 3600)
    return "in about an hour" if hours <= 1 else f"in about {hours} hours"
