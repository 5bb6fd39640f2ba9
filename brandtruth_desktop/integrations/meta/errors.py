"""Meta's errors, sorted by what the app does about them.

Graph API errors carry a `code` (and often an `error_subcode`, `is_transient`, and for the
person `error_user_title` / `error_user_msg`). We sort them into kinds:

- rate_limit (codes 4, 17, 32, 613, 80000–80014): wait as Meta's usage headers say, then retry
- reconnect (190 and other login errors): the token is dead; ask to reconnect, keep the work
- permission (10, 200–299): show Meta's own words and stop
- invalid (100): show Meta's own words and stop
- transient (`is_transient`, codes 1 and 2, HTTP 5xx): try again shortly
- offline: nothing reached Meta (connection refused, no network): safe to try again
- ambiguous: the request went out but its answer was lost (timeout, dropped connection):
  the object may exist, so look for it before creating it again
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import requests
from urllib3.exceptions import NewConnectionError

RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80000, 80015)})
RECONNECT_CODES = frozenset({102, 190})
PERMISSION_CODES = frozenset({10, *range(200, 300)})
TRANSIENT_CODES = frozenset({1, 2})
USAGE_HEADERS = ("x-business-use-case-usage", "x-ad-account-usage", "x-app-usage")


class MetaErrorKind(StrEnum):
    RATE_LIMIT = "rate_limit"
    RECONNECT = "reconnect"
    PERMISSION = "permission"
    INVALID = "invalid"
    TRANSIENT = "transient"
    OFFLINE = "offline"
    AMBIGUOUS = "ambiguous"
    OTHER = "other"


class MetaError(Exception):
    """A Meta request failed. The message is written for the person: what happened and what
    to do. `user_message` is Meta's own `error_user_msg` when it sent one.

    `may_exist` is True when a create request may have worked although no answer came back
    (the publisher then looks the object up by its tagged name before trying again).
    """

    def __init__(
        self,
        kind: MetaErrorKind,
        message: str,
        *,
        code: int | None = None,
        subcode: int | None = None,
        http_status: int | None = None,
        user_title: str = "",
        user_message: str = "",
        fbtrace_id: str = "",
        retry_after_s: float | None = None,
        may_exist: bool = False,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.code = code
        self.subcode = subcode
        self.http_status = http_status
        self.user_title = user_title
        self.user_message = user_message
        self.fbtrace_id = fbtrace_id
        self.retry_after_s = retry_after_s
        self.may_exist = may_exist

    @property
    def message(self) -> str:
        return str(self)

    @property
    def needs_reconnect(self) -> bool:
        return self.kind is MetaErrorKind.RECONNECT

    def summary(self) -> str:
        """For logs: kind, code/subcode and trace id (never a token)."""
        code = f" code {self.code}" if self.code is not None else ""
        sub = f"/{self.subcode}" if self.subcode is not None else ""
        trace = f" fbtrace_id={self.fbtrace_id}" if self.fbtrace_id else ""
        return f"{self.kind.value}{code}{sub}{trace}"


def from_graph_error(body: Any, http_status: int | None, headers: Mapping[str, str] | None,
                     ) -> MetaError:
    """The MetaError for a Graph API error answer (`{"error": {...}}`) or a bare HTTP error."""
    error = body.get("error") if isinstance(body, Mapping) else None
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    if not isinstance(error, Mapping):
        status = http_status or 0
        if status >= 500:
            return MetaError(MetaErrorKind.TRANSIENT, f"Meta's servers answered with HTTP "
                             f"{status}. This is usually brief; try again in a few minutes.",
                             http_status=status)
        return MetaError(MetaErrorKind.OTHER, f"Meta answered with HTTP {status} and no "
                         "explanation. Try again; if it persists, check Meta's status page.",
                         http_status=status)
    code = _int(error.get("code"))
    subcode = _int(error.get("error_subcode"))
    meta_text = str(error.get("message") or "").strip()
    user_title = str(error.get("error_user_title") or "").strip()
    user_message = str(error.get("error_user_msg") or "").strip()
    trace = str(error.get("fbtrace_id") or "")
    common: dict[str, Any] = dict(code=code, subcode=subcode, http_status=http_status,
                                  user_title=user_title, user_message=user_message,
                                  fbtrace_id=trace)
    said = user_message or meta_text or "no details"
    if code in RATE_LIMIT_CODES:
        wait = retry_after_seconds(headers)
        when = f" Meta asks to wait about {_duration(wait)}." if wait else ""
        return MetaError(MetaErrorKind.RATE_LIMIT, f"Meta is limiting how fast this ad account "
                         f"or app may make changes (code {code}).{when} Publishing picks up "
                         "where it stopped when you try again.", retry_after_s=wait, **common)
    if code in RECONNECT_CODES:
        return MetaError(MetaErrorKind.RECONNECT, f"Your Meta login is no longer valid "
                         f"({_reconnect_reason(subcode, meta_text)}). Reconnect in Settings → "
                         "Meta; your campaign and everything already published are kept, and "
                         "publishing resumes where it stopped.", **common)
    if code in PERMISSION_CODES:
        return MetaError(MetaErrorKind.PERMISSION, f"Meta refused: {said} Check that your "
                         "login may manage this ad account and Page (Business Settings → "
                         "People), then try again.", **common)
    if code == 100:
        title = f"{user_title}: " if user_title else ""
        return MetaError(MetaErrorKind.INVALID, f"Meta refused the request: {title}{said}",
                         **common)
    if bool(error.get("is_transient")) or code in TRANSIENT_CODES or (http_status or 0) >= 500:
        return MetaError(MetaErrorKind.TRANSIENT, f"Meta had a temporary problem ({said}). "
                         "Try again in a few minutes.", **common)
    return MetaError(MetaErrorKind.OTHER, f"Meta refused the request (code {code}): {said}",
                     **common)


def from_transport_error(error: requests.RequestException, *, method: str) -> MetaError:
    """The MetaError for a request that got no answer. A create whose request may have
    reached Meta is `may_exist` (look it up before sending it again)."""
    if isinstance(error, requests.ConnectTimeout) or _never_connected(error):
        return MetaError(MetaErrorKind.OFFLINE, "Meta could not be reached (no connection). "
                         "Check the internet connection and try again; nothing was sent.")
    sent = method.upper() != "GET"
    if isinstance(error, requests.Timeout):
        text = "Meta did not answer in time"
    else:
        text = "The connection to Meta broke before its answer arrived"
    return MetaError(MetaErrorKind.AMBIGUOUS, f"{text}. Try again: anything Meta already "
                     "made is found and kept, never created twice.", may_exist=sent)


def _never_connected(error: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, NewConnectionError | ConnectionRefusedError):
            return True
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            current = reason
            continue
        args = [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
        current = args[0] if args else (current.__cause__ or current.__context__)
    return False


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """How long Meta's usage headers say to wait, in seconds (None when they do not say).

    `X-Business-Use-Case-Usage` gives `estimated_time_to_regain_access` in minutes per
    business and use case; `X-Ad-Account-Usage` gives `reset_time_duration` in seconds.
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    waits: list[float] = []
    usage = _json(lowered.get("x-business-use-case-usage"))
    if isinstance(usage, Mapping):
        for entries in usage.values():
            for entry in entries if isinstance(entries, list) else [entries]:
                if isinstance(entry, Mapping):
                    minutes = _number(entry.get("estimated_time_to_regain_access"))
                    if minutes:
                        waits.append(minutes * 60)
    account = _json(lowered.get("x-ad-account-usage"))
    if isinstance(account, Mapping):
        seconds = _number(account.get("reset_time_duration"))
        if seconds:
            waits.append(seconds)
    return max(waits) if waits else None


def _reconnect_reason(subcode: int | None, text: str) -> str:
    reasons = {
        458: "the app was removed from your account",
        459: "your Facebook account needs attention: log in to Facebook first",
        460: "your Facebook password changed",
        463: "the token expired",
        464: "your Facebook account needs confirming: log in to Facebook first",
        467: "the token was revoked or is invalid",
        492: "you are no longer an admin of the Page",
    }
    return reasons.get(subcode or 0, text or "the token was not accepted")


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} seconds"
    if seconds < 5400:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds / 3600:.1f} hours"


def describe_wait(seconds: float) -> str:
    return _duration(seconds)


def _json(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
