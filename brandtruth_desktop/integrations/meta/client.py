"""The Graph API through the real `facebook-business` SDK: accounts, Pages, interests,
object creation, lookups by name and previews.

The SDK's `FacebookAdsApi` is built directly from a `FacebookSession` rather than with
`FacebookAdsApi.init`: `init` installs the SDK's crash reporter (its `crash_log=True` default
replaces `sys.excepthook` and posts tracebacks to Meta) and sets a process-wide default API
that any SDK object made without `api=` would silently use. Built this way the crash reporter
is never switched on and every call goes through this client's own session, with its
timeouts, base URL (`BRANDTRUTH_GRAPH_URL`, default https://graph.facebook.com) and version
(`BRANDTRUTH_GRAPH_VERSION`, default the SDK's).

Every request is logged with a number, its method and path and the names of its parameters;
every answer with Meta's request and trace ids and the id it returned. Tokens travel in the
session's query parameters, which are never logged; the log filter redacts them anyway.
"""

from __future__ import annotations

import io
import itertools
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
from facebook_business.api import FacebookAdsApi
from facebook_business.exceptions import FacebookRequestError
from facebook_business.session import FacebookSession

from brandtruth_desktop.core.publish import Interest, ObjectKind
from brandtruth_desktop.integrations.meta.endpoint import (
    DEFAULT_GRAPH_URL,
    DEFAULT_GRAPH_VERSION,
    DEFAULT_TIMEOUT,
    ENV_GRAPH_URL,
    ENV_GRAPH_VERSION,
    VERSION_PATTERN,
    GraphEndpoint,
    RetryPolicy,
    normalise_version,
)
from brandtruth_desktop.integrations.meta.errors import (
    MetaError,
    MetaErrorKind,
    describe_wait,
    from_graph_error,
    from_transport_error,
)
from brandtruth_desktop.integrations.meta.sdk import LoggedApi

__all__ = [
    "DEFAULT_GRAPH_URL",
    "DEFAULT_GRAPH_VERSION",
    "DEFAULT_TIMEOUT",
    "ENV_GRAPH_URL",
    "ENV_GRAPH_VERSION",
    "AdAccountInfo",
    "FoundObject",
    "GraphClient",
    "GraphEndpoint",
    "PageInfo",
    "RetryPolicy",
    "UploadedImage",
    "gave_up",
    "normalise_version",
]

log = logging.getLogger(__name__)

_NOT_LOGGED = frozenset({"access_token", "appsecret_proof"})


@dataclass(frozen=True, slots=True)
class AdAccountInfo:
    """An ad account the login may use. `currency` is its ISO code (budgets are in it)."""

    id: str
    name: str
    currency: str = ""
    account_status: int | None = None
    timezone_name: str = ""

    @property
    def active(self) -> bool:
        return self.account_status in (None, 1)


@dataclass(frozen=True, slots=True)
class PageInfo:
    """A Facebook Page the login manages (ads run as a Page)."""

    id: str
    name: str
    tasks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FoundObject:
    """An object found in the ad account by its tagged name."""

    id: str
    name: str
    image_hash: str = ""


@dataclass(frozen=True, slots=True)
class UploadedImage:
    hash: str
    url: str = ""


class GraphClient:
    """Graph API calls for one token, on the real SDK, with Meta's errors mapped to
    `MetaError` and rate limits waited out within `RetryPolicy`'s bound.

    Use it as a context manager, or call `close()`: it holds an HTTP connection pool.
    `sleep` is how waits happen (tests pass a recorder); `on_secret_seen` gets the token and
    app secret so the log filter redacts them wherever they might appear.
    """

    def __init__(
        self,
        access_token: str,
        *,
        endpoint: GraphEndpoint | None = None,
        app_secret: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        on_secret_seen: Callable[[str], None] | None = None,
    ) -> None:
        token = access_token.strip()
        if not token:
            raise ValueError("No Meta access token: connect to Meta first (Settings → Meta, or "
                             "brandtruth meta connect).")
        if on_secret_seen is not None:
            on_secret_seen(token)
            if app_secret:
                on_secret_seen(app_secret)
        self.endpoint = endpoint or GraphEndpoint()
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._session = FacebookSession(access_token=token, app_secret=app_secret or None,
                                        timeout=timeout)
        # The class attribute names Meta's host; this session talks to the configured one.
        self._session.GRAPH = self.endpoint.base_url
        self.api: FacebookAdsApi = LoggedApi(self._session, self.endpoint.version)

    def close(self) -> None:
        self._session.requests.close()

    def __enter__(self) -> GraphClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- requests ------------------------------------------------------------------------------

    def request(self, method: str, path: str, params: Mapping[str, Any] | None = None, *,
                files: Mapping[str, Any] | None = None, wait_for_rate_limits: bool = True,
                ) -> dict[str, Any]:
        """One Graph API call, retried as far as that is safe.

        GETs are retried after transient errors and lost answers; any request is retried
        after rate limits (Meta refused it, so nothing was made) unless
        `wait_for_rate_limits` is False, and when nothing reached Meta. A create whose answer
        was lost is never sent again here: the error says `may_exist`.
        """
        waited = 0.0
        for attempt in itertools.count(1):
            try:
                return self._call(method, path, params, files)
            except MetaError as error:
                delay = self._retry_delay(error, method, attempt, wait_for_rate_limits)
                if delay is None:
                    raise
                if attempt >= self.retry.max_attempts or waited + delay > self.retry.max_wait_s:
                    raise gave_up(error, delay) from error
                log.warning("meta: %s; trying again in %s (attempt %d of %d)",
                            error.summary(), describe_wait(delay), attempt + 1,
                            self.retry.max_attempts)
                self._sleep(delay)
                waited += delay
        raise AssertionError("unreachable")  # pragma: no cover

    def _retry_delay(self, error: MetaError, method: str, attempt: int,
                     wait_for_rate_limits: bool) -> float | None:
        reading = method.upper() == "GET"
        if error.kind is MetaErrorKind.RATE_LIMIT:
            if not wait_for_rate_limits:
                return None
            return error.retry_after_s or self.retry.backoff(attempt)
        if error.kind is MetaErrorKind.OFFLINE:
            return self.retry.backoff(attempt)
        if error.kind in (MetaErrorKind.TRANSIENT, MetaErrorKind.AMBIGUOUS):
            if reading:
                return self.retry.backoff(attempt)
            error.may_exist = True  # an error answer to a create is no proof it was not made
        return None

    def _call(self, method: str, path: str, params: Mapping[str, Any] | None,
              files: Mapping[str, Any] | None) -> dict[str, Any]:
        try:
            response = self.api.call(method, tuple(path.strip("/").split("/")),
                                     params=dict(params or {}), files=dict(files or {}))
        except FacebookRequestError as error:
            raise from_graph_error(error.body(), error.http_status(),
                                   dict(error.http_headers() or {})) from None
        except requests.RequestException as error:
            raise from_transport_error(error, method=method) from None
        status = int(response.status() or 0)
        body = response.json()  # the SDK hands back the text when it is not JSON
        if status >= 400:
            # The SDK counts a non-JSON error page (a 500 from a proxy) as success.
            raise from_graph_error(body, status, dict(response.headers() or {}))
        if isinstance(body, str):
            raise MetaError(MetaErrorKind.TRANSIENT, "Meta's answer could not be read. Try "
                            "again in a few minutes.", http_status=status,
                            may_exist=method.upper() != "GET")
        return body if isinstance(body, dict) else {"result": body}

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return self.request("GET", path, params)

    def get_all(self, path: str, params: Mapping[str, Any] | None = None, *,
                max_pages: int = 50) -> list[dict[str, Any]]:
        """Every item of a list edge, following `paging.next` (at most `max_pages` pages)."""
        return list(self.iter_all(path, params, max_pages=max_pages))

    def iter_all(self, path: str, params: Mapping[str, Any] | None = None, *,
                 max_pages: int = 50) -> Iterator[dict[str, Any]]:
        query = dict(params or {})
        for _page in range(max_pages):
            body = self.get(path, query)
            yield from (item for item in body.get("data") or [] if isinstance(item, dict))
            following = _next_page(body, path)
            if following is None:
                return
            path, query = following[0], {**query, **following[1]}
        log.warning("meta: stopped listing %s after %d pages", path, max_pages)

    # -- who is connected ----------------------------------------------------------------------

    def me(self) -> dict[str, Any]:
        return self.get("me", {"fields": "id,name"})

    def permissions(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(granted, declined or expired) permission names of the token's user."""
        granted: list[str] = []
        declined: list[str] = []
        for item in self.get_all("me/permissions"):
            (granted if item.get("status") == "granted" else declined).append(
                str(item.get("permission")))
        return tuple(granted), tuple(declined)

    def debug_token(self, input_token: str) -> dict[str, Any]:
        """What Meta knows about a token: validity, expiry, scopes, type, app."""
        data = self.get("debug_token", {"input_token": input_token}).get("data")
        return data if isinstance(data, dict) else {}

    # -- what the publish panel lists ----------------------------------------------------------

    def ad_accounts(self) -> list[AdAccountInfo]:
        fields = "id,name,currency,account_status,timezone_name"
        return [_account(item) for item in self.get_all("me/adaccounts", {"fields": fields})]

    def ad_account(self, account_id: str) -> AdAccountInfo:
        fields = "id,name,currency,account_status,timezone_name"
        return _account(self.get(account_id, {"fields": fields}))

    def pages(self) -> list[PageInfo]:
        return [
            PageInfo(str(item["id"]), str(item.get("name", "")),
                     tuple(str(t) for t in item.get("tasks") or ()))
            for item in self.get_all("me/accounts", {"fields": "id,name,tasks"})
            if item.get("id")
        ]

    def search_interests(self, query: str, *, limit: int = 25) -> list[Interest]:
        """Detailed-targeting interests matching `query` (`/search?type=adinterest`)."""
        if not query.strip():
            return []
        body = self.get("search", {"type": "adinterest", "q": query.strip(), "limit": limit})
        return [
            Interest(str(item["id"]), str(item.get("name", "")),
                     _int(item.get("audience_size_upper_bound") or item.get("audience_size")))
            for item in body.get("data") or [] if isinstance(item, dict) and item.get("id")
        ]

    # -- creating and finding objects ----------------------------------------------------------

    def create(self, edge: str, params: Mapping[str, Any], *, wait_for_rate_limits: bool = True
               ) -> str:
        """POST to an ad account edge; the new object's id."""
        body = self.request("POST", edge, params, wait_for_rate_limits=wait_for_rate_limits)
        if not body.get("id"):
            raise MetaError(MetaErrorKind.TRANSIENT, "Meta's answer named no id for the new "
                            "object. Try again.", may_exist=True)
        return str(body["id"])

    def upload_image(self, account_id: str, file_name: str, data: bytes, *,
                     mime_type: str = "image/jpeg", wait_for_rate_limits: bool = True
                     ) -> UploadedImage:
        """Upload an ad image as multipart form data; Meta answers with its hash."""
        files = {file_name: (file_name, io.BytesIO(data), mime_type)}
        body = self.request("POST", f"{account_id}/adimages", files=files,
                            wait_for_rate_limits=wait_for_rate_limits)
        images = body.get("images")
        if isinstance(images, Mapping):
            for entry in images.values():
                if isinstance(entry, Mapping) and entry.get("hash"):
                    return UploadedImage(str(entry["hash"]), str(entry.get("url", "")))
        raise MetaError(MetaErrorKind.TRANSIENT, "Meta's answer to the image upload had no "
                        "image hash. Try again.", may_exist=True)

    def find_by_name(self, account_id: str, kind: ObjectKind, tag: str, *,
                     max_pages: int = 20) -> FoundObject | None:
        """The object of `kind` in the ad account whose name carries `tag` (an image: whose
        file name is `tag`), or None."""
        if kind is ObjectKind.IMAGE:
            for item in self.iter_all(f"{account_id}/adimages", {"fields": "hash,name"},
                                      max_pages=max_pages):
                if item.get("name") == tag and item.get("hash"):
                    return FoundObject(str(item.get("id") or item["hash"]), tag,
                                       str(item["hash"]))
            return None
        params = {
            "fields": "id,name",
            "filtering": [{"field": "name", "operator": "CONTAIN", "value": tag}],
        }
        for item in self.iter_all(f"{account_id}/{kind.edge}", params, max_pages=max_pages):
            if tag in str(item.get("name", "")) and item.get("id"):
                return FoundObject(str(item["id"]), str(item["name"]))
        return None

    def preview(self, ad_id: str, ad_format: str) -> str:
        """The HTML (an iframe) Meta renders for the ad in one placement."""
        body = self.get(f"{ad_id}/previews", {"ad_format": ad_format})
        for item in body.get("data") or []:
            if isinstance(item, Mapping) and item.get("body"):
                return str(item["body"])
        raise MetaError(MetaErrorKind.OTHER, f"Meta sent no {ad_format} preview for ad {ad_id}.")


def gave_up(error: MetaError, delay: float) -> MetaError:
    """The error to show when waiting any longer is not worth it."""
    if error.kind is MetaErrorKind.RATE_LIMIT:
        message = (f"Meta is limiting how fast this ad account or app may make changes and "
                   f"asks to wait about {describe_wait(delay)}. Try again later: publishing "
                   "picks up where it stopped.")
    else:
        message = str(error)
    return MetaError(error.kind, message, code=error.code, subcode=error.subcode,
                     http_status=error.http_status, user_title=error.user_title,
                     user_message=error.user_message, fbtrace_id=error.fbtrace_id,
                     retry_after_s=delay, may_exist=error.may_exist)


def _next_page(body: Mapping[str, Any], path: str) -> tuple[str, dict[str, str]] | None:
    paging = body.get("paging")
    if not isinstance(paging, Mapping) or not paging.get("next"):
        return None
    cursors = paging.get("cursors")
    if isinstance(cursors, Mapping) and cursors.get("after"):
        return path, {"after": str(cursors["after"])}
    # Offset paging: take the query of the next address (never its token) and its path.
    parts = urlsplit(str(paging["next"]))
    segments = [s for s in parts.path.split("/") if s]
    if segments and VERSION_PATTERN.match(segments[0]):
        segments = segments[1:]
    query = {k: v for k, v in parse_qsl(parts.query) if k not in _NOT_LOGGED}
    return "/".join(segments) or path, query


def _account(item: Mapping[str, Any]) -> AdAccountInfo:
    account_id = str(item.get("id", ""))
    if account_id and not account_id.startswith("act_"):
        account_id = f"act_{account_id}"
    return AdAccountInfo(account_id, str(item.get("name", "")), str(item.get("currency", "")),
                         _int(item.get("account_status")), str(item.get("timezone_name", "")))


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
