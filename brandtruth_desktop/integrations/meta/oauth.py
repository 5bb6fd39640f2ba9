"""Getting a Meta access token: Facebook Login by hand, through a loopback address, or a
pasted system-user token; and trading a short-lived token for a long-lived one.

Meta's "Manually Build a Login Flow" guide is followed:

- **Manual** (any app): the dialog at `https://www.facebook.com/{version}/dialog/oauth` with
  `redirect_uri=https://www.facebook.com/connect/login_success.html`, `response_type=token`
  (desktop apps must use it), a random `state` and our scopes. The person pastes the address
  they land on; the token is in its fragment, and the `state` there must be ours.
- **Loopback** (apps in development mode, where Meta allows `http://localhost` redirects): a
  one-shot HTTP server on 127.0.0.1 receives the redirect. A fragment never reaches a server,
  so this flow asks for `response_type=code` (the default, answered in the query string) and
  exchanges the code at `/oauth/access_token` with the app secret and the same redirect_uri.
- With an app secret, a short-lived token becomes a long-lived one (about 60 days) with
  `grant_type=fb_exchange_token`.

A wrong or missing `state` is always refused: that answer did not come from a login this app
started. Tokens are returned to the caller, never logged (the log filter redacts them too).
"""

from __future__ import annotations

import hmac
import html
import logging
import secrets
import threading
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.integrations.meta.client import DEFAULT_TIMEOUT, GraphEndpoint
from brandtruth_desktop.integrations.meta.errors import (
    MetaError,
    MetaErrorKind,
    from_graph_error,
    from_transport_error,
)

log = logging.getLogger(__name__)

SCOPES = ("ads_management", "ads_read", "business_management", "pages_show_list",
          "pages_read_engagement")
DIALOG_BASE = "https://www.facebook.com"
MANUAL_REDIRECT_URI = "https://www.facebook.com/connect/login_success.html"
LOOPBACK_PATH = "/callback"
LOOPBACK_TIMEOUT_S = 300.0


class OAuthError(Exception):
    """Logging in to Meta did not give a token; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class LoginRequest:
    """A login the app started: the address to open, and what the answer must carry."""

    url: str
    state: str
    redirect_uri: str
    response_type: str


@dataclass(frozen=True, slots=True)
class ReceivedToken:
    """A token from Meta, with when it expires (None: Meta did not say, or never)."""

    access_token: str
    expires_at: datetime | None = None
    granted_scopes: tuple[str, ...] = ()

    def __repr__(self) -> str:  # never print the token by accident
        return f"ReceivedToken(expires_at={self.expires_at!r}, scopes={self.granted_scopes!r})"


def login_url(app_id: str, *, redirect_uri: str, state: str, response_type: str,
              version: str, dialog_base: str = DIALOG_BASE,
              scopes: tuple[str, ...] = SCOPES) -> str:
    """The Facebook Login dialog's address."""
    if not app_id.strip().isdigit():
        raise OAuthError("Enter your Meta app's id (a number, from developers.facebook.com → "
                         "your app → App settings → Basic) before connecting.")
    query = urlencode({
        "client_id": app_id.strip(),
        "redirect_uri": redirect_uri,
        "state": state,
        "response_type": response_type,
        "scope": ",".join(scopes),
    })
    return f"{dialog_base.rstrip('/')}/{version}/dialog/oauth?{query}"


def manual_login(app_id: str, *, version: str, dialog_base: str = DIALOG_BASE) -> LoginRequest:
    """Start the manual flow: open `url`, then pass the address the person lands on to
    `token_from_redirect`."""
    state = secrets.token_urlsafe(24)
    url = login_url(app_id, redirect_uri=MANUAL_REDIRECT_URI, state=state,
                    response_type="token", version=version, dialog_base=dialog_base)
    return LoginRequest(url, state, MANUAL_REDIRECT_URI, "token")


def token_from_redirect(pasted: str, request: LoginRequest, *,
                        now: datetime | None = None) -> ReceivedToken:
    """The token in the address the person pasted, after checking it answers `request`.

    Raises OAuthError for a login that was refused or cancelled, an address from another
    login (wrong or missing `state`), or an address with no token in it.
    """
    text = pasted.strip()
    if not text:
        raise OAuthError("Paste the whole address of the page Facebook showed after you "
                         "logged in (it starts with https://www.facebook.com/connect/).")
    if "://" in text:
        parts = urlsplit(text)
        answer = {**_single(parse_qs(parts.query, keep_blank_values=True)),
                  **_single(parse_qs(parts.fragment, keep_blank_values=True))}
    else:  # just the part after "#"
        answer = _single(parse_qs(text.lstrip("#?"), keep_blank_values=True))
    _refuse_errors(answer)
    _check_state(answer.get("state"), request.state)
    token = answer.get("access_token", "").strip()
    if not token:
        raise OAuthError("That address holds no access token. Log in again and paste the "
                         "address of the page you land on, including everything after “#”.")
    expires_at = _expiry(answer.get("expires_in"), now)
    scopes = tuple(s for s in answer.get("granted_scopes", "").split(",") if s)
    return ReceivedToken(token, expires_at, scopes)


def _single(values: Mapping[str, list[str]]) -> dict[str, str]:
    return {key: items[0] for key, items in values.items() if items}


def _refuse_errors(answer: Mapping[str, str]) -> None:
    if "error" in answer or "error_reason" in answer:
        reason = answer.get("error_description") or answer.get("error_reason") or answer.get(
            "error", "")
        reason = reason.replace("+", " ")
        if answer.get("error_reason") == "user_denied" or answer.get("error") == "access_denied":
            raise OAuthError("Facebook Login was cancelled or the permissions were declined, "
                             "so BrandTruth is not connected. Connect again and allow access "
                             "to your ad accounts and Pages.")
        raise OAuthError(f"Facebook Login did not finish: {reason}. Try connecting again.")


def _check_state(received: str | None, expected: str) -> None:
    if not received:
        raise OAuthError("That address did not come from the login BrandTruth started (it has "
                         "no “state”), so it was refused. Start Connect again and paste the "
                         "address you land on after that login.")
    if not hmac.compare_digest(received.encode(), expected.encode()):
        raise OAuthError("That address belongs to a different login than the one BrandTruth "
                         "started (the “state” does not match), so it was refused. Start "
                         "Connect again and use only the newest login window.")


def _expiry(expires_in: Any, now: datetime | None) -> datetime | None:
    try:
        seconds = int(expires_in)
    except (TypeError, ValueError):
        return None
    if seconds <= 0:
        return None
    return (now or datetime.now(UTC)) + timedelta(seconds=seconds)


# -- token exchanges --------------------------------------------------------------------------


def exchange_code(code: str, *, app_id: str, app_secret: str, redirect_uri: str,
                  endpoint: GraphEndpoint, timeout: tuple[float, float] = DEFAULT_TIMEOUT,
                  now: datetime | None = None) -> ReceivedToken:
    """Trade a login code for a user access token (`/oauth/access_token`)."""
    return _token_call(endpoint, {
        "client_id": app_id, "redirect_uri": redirect_uri, "client_secret": app_secret,
        "code": code,
    }, timeout, now)


def exchange_for_long_lived(token: str, *, app_id: str, app_secret: str,
                            endpoint: GraphEndpoint,
                            timeout: tuple[float, float] = DEFAULT_TIMEOUT,
                            now: datetime | None = None) -> ReceivedToken:
    """Trade a short-lived user token for a long-lived one (`grant_type=fb_exchange_token`)."""
    return _token_call(endpoint, {
        "grant_type": "fb_exchange_token", "client_id": app_id, "client_secret": app_secret,
        "fb_exchange_token": token,
    }, timeout, now)


def _token_call(endpoint: GraphEndpoint, params: dict[str, str], timeout: tuple[float, float],
                now: datetime | None) -> ReceivedToken:
    url = endpoint.url("oauth/access_token")
    log.info("meta oauth → GET /%s/oauth/access_token params=%s", endpoint.version,
             sorted(params))
    try:
        with requests.Session() as session:
            response = session.get(url, params=params, timeout=timeout)
    except requests.RequestException as error:
        raise from_transport_error(error, method="GET") from None
    try:
        body = response.json()
    except ValueError:
        body = None
    log.info("meta oauth ← HTTP %d x-fb-request-id=%s", response.status_code,
             response.headers.get("x-fb-request-id", ""))
    if response.status_code >= 400 or not isinstance(body, dict) or "access_token" not in body:
        raise from_graph_error(body, response.status_code, dict(response.headers))
    return ReceivedToken(str(body["access_token"]), _expiry(body.get("expires_in"), now))


# -- loopback ---------------------------------------------------------------------------------


class LoopbackLogin:
    """Facebook Login through `http://localhost:PORT/callback`, received by a one-shot HTTP
    server on 127.0.0.1 (a thread, stopped and joined by `close()`).

    Meta lets a browser be sent to a localhost address only while the app is in development
    mode (a live app must list the address under Valid OAuth Redirect URIs, with a fixed
    `port`). The first answer on /callback decides: a code with our `state` is kept; a wrong
    or missing state, or a refusal, is answered with an error page and raised by `wait`.
    """

    def __init__(self, app_id: str, *, version: str, port: int = 0,
                 dialog_base: str = DIALOG_BASE) -> None:
        self.app_id = app_id.strip()
        self._server = _LoopbackServer(("127.0.0.1", port), _LoopbackHandler)
        self._server.login = self
        self.port = int(self._server.server_address[1])
        self.redirect_uri = f"http://localhost:{self.port}{LOOPBACK_PATH}"
        state = secrets.token_urlsafe(24)
        self.request = LoginRequest(
            login_url(self.app_id, redirect_uri=self.redirect_uri, state=state,
                      response_type="code", version=version, dialog_base=dialog_base),
            state, self.redirect_uri, "code",
        )
        self._answered = threading.Event()
        self._code = ""
        self._error: OAuthError | None = None
        self._thread = threading.Thread(target=self._server.serve_forever,
                                         kwargs={"poll_interval": 0.1},
                                         name="meta-login-loopback")
        self._thread.start()
        log.info("waiting for the Facebook Login redirect on %s", self.redirect_uri)

    @property
    def url(self) -> str:
        return self.request.url

    def wait(self, *, timeout_s: float = LOOPBACK_TIMEOUT_S,
             should_cancel: Callable[[], bool] | None = None, poll_s: float = 0.25) -> str:
        """Block until the redirect arrives; the login code. OAuthError on refusal, timeout
        or cancel."""
        deadline = time.monotonic() + timeout_s
        while not self._answered.wait(poll_s):
            if should_cancel is not None and should_cancel():
                raise OAuthError("Connecting to Meta was cancelled.")
            if time.monotonic() >= deadline:
                raise OAuthError("No answer from Facebook Login arrived in time. Connect again "
                                 "and finish logging in within "
                                 f"{timeout_s / 60:.0f} minutes.")
        return self._result()

    def wait_stage(self, *, timeout_s: float = LOOPBACK_TIMEOUT_S, poll_s: float = 0.25
                   ) -> Generator[Progress, None, str]:
        """`wait` as a stage: yields while waiting, so the job runner can cancel it."""
        deadline = time.monotonic() + timeout_s
        while not self._answered.wait(poll_s):
            if time.monotonic() >= deadline:
                raise OAuthError("No answer from Facebook Login arrived in time. Connect again "
                                 "and finish logging in within "
                                 f"{timeout_s / 60:.0f} minutes.")
            yield Progress(0, None, "Waiting for you to log in to Facebook in the browser…")
        return self._result()

    def _result(self) -> str:
        if self._error is not None:
            raise self._error
        return self._code

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> LoopbackLogin:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _receive(self, query: Mapping[str, str]) -> tuple[int, str]:
        """Handle one /callback; the HTTP status and page text for the browser."""
        if self._answered.is_set():
            return 409, "This sign-in was already handled. You can close this tab."
        try:
            _refuse_errors(query)
            _check_state(query.get("state"), self.request.state)
            code = query.get("code", "").strip()
            if not code:
                raise OAuthError("Facebook Login's answer had no code. Connect again.")
        except OAuthError as error:
            self._error = error
            self._answered.set()
            return 400, f"BrandTruth refused this sign-in: {error}"
        self._code = code
        self._answered.set()
        return 200, "You are logged in. You can close this tab and return to BrandTruth."


class _LoopbackServer(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the request threads
    login: LoopbackLogin


class _LoopbackHandler(BaseHTTPRequestHandler):
    server: _LoopbackServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != LOOPBACK_PATH:
            self._answer(404, "Not found.")
            return
        query = _single(parse_qs(parts.query, keep_blank_values=True))
        status, text = self.server.login._receive(query)
        self._answer(status, text)

    def _answer(self, status: int, text: str) -> None:
        page = (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                f"BrandTruth</title></head><body style=\"font-family: sans-serif\"><p>"
                f"{html.escape(text)}</p></body></html>").encode()
        self.send_response(status)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(page)))
        self.send_header("cache-control", "no-store")
        self.send_header("connection", "close")
        self.end_headers()
        self.wfile.write(page)
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        # The request line holds the login code: never log it.
        pass


def loopback_error(error: MetaError) -> OAuthError:
    """A failed code exchange, for the person."""
    if error.kind is MetaErrorKind.INVALID:
        return OAuthError(f"Meta did not accept the login code ({error.user_message or error}). "
                          "Check the app id and app secret in Settings → Meta, then connect "
                          "again.")
    return OAuthError(str(error))
