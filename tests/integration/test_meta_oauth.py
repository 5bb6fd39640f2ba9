"""Connecting to Meta: the manual Facebook Login flow, the loopback flow and a pasted token,
each checked with our fake Graph API; a wrong or missing `state` is always refused; the
token ends up in the secret store only, and disconnect removes it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from fake_graph import APP_ID, APP_SECRET, TOKEN, FakeGraph, expired_token

from brandtruth_desktop.core.jobs import Cancelled, run_stage
from brandtruth_desktop.core.secrets import SecretName
from brandtruth_desktop.integrations.meta.client import GraphEndpoint
from brandtruth_desktop.integrations.meta.connection import (
    ConnectionState,
    MetaAccount,
)
from brandtruth_desktop.integrations.meta.oauth import (
    MANUAL_REDIRECT_URI,
    SCOPES,
    LoopbackLogin,
    OAuthError,
    manual_login,
    token_from_redirect,
)
from brandtruth_desktop.secret_store import KeyringSecretStore

SHORT_LIVED = "EAAGshortLived" + "s" * 40


@pytest.fixture
def store(memory_keyring: object) -> KeyringSecretStore:
    return KeyringSecretStore(backend=memory_keyring)  # type: ignore[arg-type]


def account(fake: FakeGraph, store: KeyringSecretStore, *, app_secret: bool = True
            ) -> MetaAccount:
    if app_secret:
        store.set(SecretName.META_APP_SECRET, APP_SECRET)
    return MetaAccount(store, endpoint=GraphEndpoint(fake.base_url, "v26.0"), app_id=APP_ID)


def landing(state: str | None, token: str = SHORT_LIVED, **extra: str) -> str:
    fragment = {"access_token": token, "data_access_expiration_time": "1760000000",
                "expires_in": "5400", **extra}
    if state is not None:
        fragment["state"] = state
    return MANUAL_REDIRECT_URI + "#" + "&".join(f"{k}={v}" for k, v in fragment.items())


def test_the_manual_login_address_asks_for_a_token_with_our_scopes_and_a_random_state() -> None:
    first = manual_login(APP_ID, version="v26.0")
    second = manual_login(APP_ID, version="v26.0")
    parts = urlsplit(first.url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}

    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://www.facebook.com/v26.0/dialog/oauth")
    assert query["client_id"] == APP_ID
    assert query["redirect_uri"] == "https://www.facebook.com/connect/login_success.html"
    assert query["response_type"] == "token"
    assert query["scope"].split(",") == list(SCOPES)
    assert query["state"] == first.state and len(first.state) >= 24
    assert first.state != second.state


def test_the_token_is_taken_from_the_fragment_when_the_state_matches() -> None:
    request = manual_login(APP_ID, version="v26.0")
    now = datetime(2025, 3, 1, tzinfo=UTC)
    received = token_from_redirect(landing(request.state), request, now=now)
    assert received.access_token == SHORT_LIVED
    assert received.expires_at == now + timedelta(seconds=5400)
    assert SHORT_LIVED not in repr(received)
    # Just the part after "#" works too.
    assert token_from_redirect("#" + landing(request.state).split("#", 1)[1],
                               request).access_token == SHORT_LIVED


@pytest.mark.parametrize(("state", "words"), [
    ("someone-elses-state", "does not match"),
    (None, "no “state”"),
    ("", "no “state”"),
])
def test_a_wrong_or_missing_state_is_refused_in_the_manual_flow(state: str | None,
                                                                words: str) -> None:
    request = manual_login(APP_ID, version="v26.0")
    with pytest.raises(OAuthError, match=words):
        token_from_redirect(landing(state), request)


def test_a_declined_login_says_so() -> None:
    request = manual_login(APP_ID, version="v26.0")
    declined = (f"{MANUAL_REDIRECT_URI}?error=access_denied&error_code=200&error_description="
                f"Permissions+error&error_reason=user_denied&state={request.state}#_=_")
    with pytest.raises(OAuthError, match="cancelled or the permissions were declined"):
        token_from_redirect(declined, request)


def test_manual_login_stores_a_long_lived_token_and_disconnect_deletes_it(
    fake_graph: FakeGraph, store: KeyringSecretStore,
) -> None:
    fake_graph.tokens.add(SHORT_LIVED)
    meta = account(fake_graph, store)
    request = meta.start_manual_login()
    connection = meta.finish_manual_login(landing(request.state), request)

    saved = store.get(SecretName.META_ACCESS_TOKEN)
    assert saved is not None and saved.startswith("EAAGlongLived")  # exchanged
    exchange = next(r for r in fake_graph.requests if r.path == "oauth/access_token")
    assert exchange.query["grant_type"] == "fb_exchange_token"
    assert exchange.query["fb_exchange_token"] == SHORT_LIVED
    assert connection.state is ConnectionState.CONNECTED
    assert connection.user_name == "Ana Example"
    assert connection.scopes == SCOPES and connection.missing_scopes == ()
    assert connection.expires_at is not None
    assert "Connected as Ana Example until" in connection.message

    meta.disconnect()
    assert store.get(SecretName.META_ACCESS_TOKEN) is None
    assert meta.status().state is ConnectionState.NOT_CONNECTED
    assert store.get(SecretName.META_APP_SECRET) == APP_SECRET  # the app's secret stays


def test_a_pasted_system_user_token_is_kept_as_it_is(store: KeyringSecretStore) -> None:
    with FakeGraph(token_expires_in=0, token_type="SYSTEM_USER") as fake:
        meta = account(fake, store, app_secret=False)
        connection = meta.connect_with_token(f"  {TOKEN}\n")
    assert store.get(SecretName.META_ACCESS_TOKEN) == TOKEN
    assert connection.token_type == "SYSTEM_USER" and connection.expires_at is None
    assert "(no expiry)" in connection.message


def test_a_token_meta_refuses_is_not_saved(fake_graph: FakeGraph,
                                           store: KeyringSecretStore) -> None:
    meta = account(fake_graph, store, app_secret=False)
    with pytest.raises(OAuthError, match="did not accept"):
        meta.connect_with_token("EAAGwrong" + "w" * 40)
    assert store.get(SecretName.META_ACCESS_TOKEN) is None


def test_status_warns_a_week_before_expiry_and_asks_to_reconnect_on_190(
    store: KeyringSecretStore,
) -> None:
    with FakeGraph(token_expires_in=3 * 86400) as fake:
        meta = account(fake, store, app_secret=False)
        meta.connect_with_token(TOKEN)
        soon = meta.status()
        fake.fail("GET", "me", expired_token())
        dead = meta.status()
    assert soon.state is ConnectionState.EXPIRING and soon.usable
    assert "(in 3 days). Reconnect before then." in soon.message
    assert dead.state is ConnectionState.RECONNECT and not dead.usable
    assert "expired" in dead.message
    assert store.get(SecretName.META_ACCESS_TOKEN) == TOKEN  # kept until reconnected


@pytest.fixture
def loopback() -> Iterator[LoopbackLogin]:
    with LoopbackLogin(APP_ID, version="v26.0") as login:
        yield login


def test_the_loopback_login_asks_for_a_code_sent_to_localhost(loopback: LoopbackLogin) -> None:
    query = {k: v[0] for k, v in parse_qs(urlsplit(loopback.url).query).items()}
    assert query["redirect_uri"] == f"http://localhost:{loopback.port}/callback"
    assert query["response_type"] == "code"
    assert query["state"] == loopback.request.state


@pytest.mark.parametrize("state", ["forged", None])
def test_a_wrong_or_missing_state_is_refused_in_the_loopback_flow(
    loopback: LoopbackLogin, state: str | None,
) -> None:
    params = {"code": "AQstolen"} | ({"state": state} if state is not None else {})
    answer = requests.get(f"http://127.0.0.1:{loopback.port}/callback", params=params,
                          timeout=10)
    assert answer.status_code == 400 and "refused" in answer.text
    with pytest.raises(OAuthError, match="state"):
        loopback.wait(timeout_s=10)


def test_the_loopback_login_exchanges_the_code_and_saves_the_token(
    fake_graph: FakeGraph, store: KeyringSecretStore,
) -> None:
    meta = account(fake_graph, store)

    def browser(url: str) -> None:  # Facebook sends the browser back with a code
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        code = fake_graph.issue_code(query["redirect_uri"])
        answer = requests.get(query["redirect_uri"].replace("localhost", "127.0.0.1"),
                              params={"code": code, "state": query["state"]}, timeout=10)
        assert answer.status_code == 200 and "close this tab" in answer.text

    connection = run_stage(meta.loopback_login(open_browser=browser, timeout_s=30))

    assert connection.state is ConnectionState.CONNECTED
    exchange = [r for r in fake_graph.requests if r.path == "oauth/access_token"]
    assert exchange[0].query["redirect_uri"].startswith("http://localhost:")
    assert exchange[0].query["client_secret"] == APP_SECRET
    saved = store.get(SecretName.META_ACCESS_TOKEN)
    assert saved is not None and saved.startswith("EAAGlongLived")


def test_the_loopback_login_needs_the_app_secret(fake_graph: FakeGraph,
                                                 store: KeyringSecretStore) -> None:
    meta = account(fake_graph, store, app_secret=False)
    with pytest.raises(OAuthError, match="app secret"):
        run_stage(meta.loopback_login(open_browser=None))


def test_cancelling_the_loopback_wait_stops_its_server(fake_graph: FakeGraph,
                                                       store: KeyringSecretStore) -> None:
    meta = account(fake_graph, store)
    urls: list[str] = []
    with pytest.raises(Cancelled):
        run_stage(meta.loopback_login(open_browser=urls.append, timeout_s=30),
                  should_cancel=lambda: True)
    port = urlsplit(parse_qs(urlsplit(urls[0]).query)["redirect_uri"][0]).port
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/callback", timeout=5)
