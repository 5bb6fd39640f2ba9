"""The Meta connection: connect, show who is connected and until when, disconnect.

The token lives only in the SecretStore (the OS keyring, DESIGN.md decision 7): it is saved
there after Meta has accepted it, read from there for each job, and deleted from there on
disconnect. `MetaConnection` is what Settings → Meta and the publish panel show: who, which
permissions, when the token expires (a warning from a week before), and whether Meta has
stopped accepting it (error 190: reconnect; the work is kept).
"""

from __future__ import annotations

import logging
import time
import webbrowser
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.ports import SecretStore
from brandtruth_desktop.core.secrets import SecretName
from brandtruth_desktop.integrations.meta.client import GraphClient, GraphEndpoint, RetryPolicy
from brandtruth_desktop.integrations.meta.errors import MetaError, MetaErrorKind
from brandtruth_desktop.integrations.meta.oauth import (
    SCOPES,
    LoginRequest,
    LoopbackLogin,
    OAuthError,
    ReceivedToken,
    exchange_code,
    exchange_for_long_lived,
    loopback_error,
    manual_login,
    token_from_redirect,
)

if TYPE_CHECKING:
    from brandtruth_desktop.settings import Settings

log = logging.getLogger(__name__)

TOKEN = SecretName.META_ACCESS_TOKEN
APP_SECRET = SecretName.META_APP_SECRET
WARN_BEFORE = timedelta(days=7)


class ConnectionState(StrEnum):
    NOT_CONNECTED = "not_connected"
    CONNECTED = "connected"
    EXPIRING = "expiring"  # expires within a week: reconnect soon
    RECONNECT = "reconnect"  # Meta no longer accepts the token
    UNREACHABLE = "unreachable"  # a token is saved but Meta could not be asked about it


@dataclass(frozen=True, slots=True)
class MetaConnection:
    """Who is connected to Meta, with which permissions, until when; `message` says it in
    words (and what to do)."""

    state: ConnectionState
    message: str
    user_id: str = ""
    user_name: str = ""
    scopes: tuple[str, ...] = ()
    missing_scopes: tuple[str, ...] = ()
    expires_at: datetime | None = None
    data_access_expires_at: datetime | None = None
    token_type: str = ""
    app_id: str = ""

    @property
    def usable(self) -> bool:
        return self.state in (ConnectionState.CONNECTED, ConnectionState.EXPIRING)

    def to_dict(self) -> dict[str, Any]:
        def when(moment: datetime | None) -> str | None:
            return moment.isoformat() if moment else None

        return {
            "state": self.state.value, "message": self.message, "user_id": self.user_id,
            "user_name": self.user_name, "scopes": list(self.scopes),
            "missing_scopes": list(self.missing_scopes), "expires_at": when(self.expires_at),
            "data_access_expires_at": when(self.data_access_expires_at),
            "token_type": self.token_type, "app_id": self.app_id,
        }


class MetaAccount:
    """Connects this app to Meta and keeps the token in `secrets` (and nowhere else).

    `app_id` is the person's own Meta app (Settings → Meta); its secret, optional, is in the
    keyring too. Everything here talks to the network: run it on the job runner.
    """

    def __init__(
        self,
        secrets: SecretStore,
        *,
        endpoint: GraphEndpoint | None = None,
        app_id: str = "",
        on_secret_seen: Callable[[str], None] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], None] = time.sleep,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.secrets = secrets
        self.endpoint = endpoint or GraphEndpoint()
        self.app_id = app_id.strip()
        self._seen = on_secret_seen
        self._clock = clock
        self._sleep = sleep
        self._retry = retry

    @classmethod
    def from_settings(cls, settings: Settings, secrets: SecretStore, *,
                      on_secret_seen: Callable[[str], None] | None = None) -> MetaAccount:
        """The connection as the app and the CLI build it: app id and Graph address from the
        settings (the environment's BRANDTRUTH_GRAPH_URL / _VERSION win)."""
        return cls(secrets, endpoint=GraphEndpoint.configured(settings.meta_graph_url,
                                                               settings.meta_graph_version),
                   app_id=settings.meta_app_id, on_secret_seen=on_secret_seen)

    # -- the token -----------------------------------------------------------------------------

    def token(self) -> str | None:
        return self.secrets.get(TOKEN)

    def is_connected(self) -> bool:
        return self.secrets.is_set(TOKEN)

    def client(self, token: str | None = None) -> GraphClient:
        """A Graph client for the saved token (or `token`); MetaError when not connected."""
        token = token or self.token()
        if not token:
            raise MetaError(MetaErrorKind.RECONNECT, "BrandTruth is not connected to Meta. "
                            "Connect in Settings → Meta (or run: brandtruth meta connect).")
        return GraphClient(token, endpoint=self.endpoint, app_secret=self.secrets.get(
            APP_SECRET), on_secret_seen=self._seen, sleep=self._sleep, retry=self._retry)

    def set_app_secret(self, secret: str) -> None:
        self.secrets.set(APP_SECRET, secret)

    # -- the three ways in ---------------------------------------------------------------------

    def connect_with_token(self, token: str, *, long_lived: bool = True) -> MetaConnection:
        """Check `token` with Meta, make it long-lived when an app secret allows, save it.

        For a pasted system-user token, and the end of both login flows. Nothing is saved
        unless Meta accepts the token.
        """
        token = token.strip()
        if not token:
            raise OAuthError("The token is empty. Paste the whole access token.")
        if self._seen is not None:
            self._seen(token)
        if long_lived:
            token = self._long_lived(token)
        connection = self.inspect(token)
        if connection.state is ConnectionState.RECONNECT:
            raise OAuthError(f"Meta did not accept this token: {connection.message}")
        self.secrets.set(TOKEN, token)
        log.info("connected to Meta as user %s (%s)", connection.user_id, connection.state)
        return connection

    def start_manual_login(self) -> LoginRequest:
        """Open `url` in the browser; then `finish_manual_login` with the address pasted."""
        return manual_login(self._require_app_id(), version=self.endpoint.version)

    def finish_manual_login(self, pasted: str, request: LoginRequest) -> MetaConnection:
        received = token_from_redirect(pasted, request, now=self._clock())
        return self.connect_with_token(received.access_token)

    def loopback_login(self, *, port: int = 0, timeout_s: float = 300.0,
                       open_browser: Callable[[str], Any] | None = webbrowser.open,
                       on_url: Callable[[str], None] | None = None,
                       ) -> Generator[Progress, None, MetaConnection]:
        """The loopback flow as a stage (cancel while waiting stops the little server)."""
        app_id = self._require_app_id()
        app_secret = self.secrets.get(APP_SECRET)
        if not app_secret:
            raise OAuthError("Logging in through a local address needs the app secret: Meta "
                             "only trades its login code for a token with it. Add the app "
                             "secret in Settings → Meta, or use the manual login instead.")
        with LoopbackLogin(app_id, version=self.endpoint.version, port=port) as login:
            if on_url is not None:
                on_url(login.url)
            if open_browser is not None:
                open_browser(login.url)
            code = yield from login.wait_stage(timeout_s=timeout_s)
            redirect_uri = login.redirect_uri
        yield Progress(1, 2, "Logged in; asking Meta for the token…")
        try:
            received = exchange_code(code, app_id=app_id, app_secret=app_secret,
                                     redirect_uri=redirect_uri, endpoint=self.endpoint,
                                     now=self._clock())
        except MetaError as error:
            raise loopback_error(error) from None
        return self.connect_with_token(received.access_token)

    def _require_app_id(self) -> str:
        if not self.app_id:
            raise OAuthError("Enter your Meta app's id in Settings → Meta first (from "
                             "developers.facebook.com → your app → App settings → Basic).")
        return self.app_id

    def _long_lived(self, token: str) -> str:
        secret = self.secrets.get(APP_SECRET)
        if not (secret and self.app_id):
            return token
        try:
            received: ReceivedToken = exchange_for_long_lived(
                token, app_id=self.app_id, app_secret=secret, endpoint=self.endpoint,
                now=self._clock())
        except MetaError as error:
            if error.kind in (MetaErrorKind.OFFLINE, MetaErrorKind.RECONNECT):
                raise
            # System-user and already long-lived tokens cannot be exchanged: keep them as they are.
            log.info("kept the token as it is: Meta did not exchange it (%s)", error.summary())
            return token
        if self._seen is not None:
            self._seen(received.access_token)
        log.info("exchanged the token for a long-lived one (expires %s)", received.expires_at)
        return received.access_token

    # -- what the Settings page shows ----------------------------------------------------------

    def status(self) -> MetaConnection:
        """The saved connection as Meta sees it now (network)."""
        token = self.token()
        if not token:
            return MetaConnection(ConnectionState.NOT_CONNECTED, "Not connected to Meta. "
                                  "Connect to publish ads.")
        try:
            return self.inspect(token)
        except MetaError as error:
            return MetaConnection(ConnectionState.UNREACHABLE, f"Connected, but Meta could not "
                                  f"be asked about the login just now: {error}")

    def inspect(self, token: str) -> MetaConnection:
        """Who `token` belongs to, its permissions and expiry (from /me, /me/permissions and
        debug_token). A token Meta refuses gives state RECONNECT."""
        with self.client(token) as client:
            try:
                me = client.me()
                granted, _declined = client.permissions()
            except MetaError as error:
                if error.needs_reconnect:
                    return MetaConnection(ConnectionState.RECONNECT, str(error))
                raise
            try:
                debug = client.debug_token(token)
            except MetaError as error:
                if error.kind in (MetaErrorKind.OFFLINE, MetaErrorKind.AMBIGUOUS):
                    raise
                debug = {}  # some tokens may not inspect themselves; expiry stays unknown
        return self._describe(me, granted, debug)

    def disconnect(self) -> None:
        """Forget the token: it is deleted from the keyring (the app secret stays)."""
        self.secrets.delete(TOKEN)
        log.info("disconnected from Meta: the token was removed from the keyring")

    def _describe(self, me: dict[str, Any], granted: tuple[str, ...], debug: dict[str, Any]
                  ) -> MetaConnection:
        now = self._clock()
        scopes = tuple(debug.get("scopes") or granted)
        missing = tuple(s for s in SCOPES if s not in scopes)
        expires_at = _timestamp(debug.get("expires_at"))
        data_until = _timestamp(debug.get("data_access_expires_at"))
        name = str(me.get("name") or me.get("id") or "someone")
        common: dict[str, Any] = dict(
            user_id=str(me.get("id", "")), user_name=str(me.get("name", "")), scopes=scopes,
            missing_scopes=missing, expires_at=expires_at, data_access_expires_at=data_until,
            token_type=str(debug.get("type", "")), app_id=str(debug.get("app_id", "")),
        )
        if debug and debug.get("is_valid") is False:
            return MetaConnection(ConnectionState.RECONNECT, f"Meta says the login of {name} "
                                  "is no longer valid. Reconnect.", **common)
        soonest = min((t for t in (expires_at, data_until) if t is not None), default=None)
        lacking = (f" Missing permissions: {', '.join(missing)}: reconnect and allow them."
                   if missing else "")
        if soonest is not None and soonest <= now:
            return MetaConnection(ConnectionState.RECONNECT, f"The login of {name} expired on "
                                  f"{soonest:%d %B %Y}. Reconnect.", **common)
        if soonest is not None and soonest - now <= WARN_BEFORE:
            days = max(0, round((soonest - now).total_seconds() / 86400))
            return MetaConnection(ConnectionState.EXPIRING, f"Connected as {name}; the login "
                                  f"expires on {soonest:%d %B %Y} (in {days} day"
                                  f"{'s' if days != 1 else ''}). Reconnect before then."
                                  f"{lacking}", **common)
        until = f" until {expires_at:%d %B %Y}" if expires_at else " (no expiry)"
        if not debug:
            until = ""
        return MetaConnection(ConnectionState.CONNECTED, f"Connected as {name}{until}."
                              f"{lacking}", **common)


def _timestamp(value: Any) -> datetime | None:
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        return None
    return datetime.fromtimestamp(seconds, UTC) if seconds > 0 else None
