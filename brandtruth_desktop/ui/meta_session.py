"""The app's one Meta connection, as Settings → Meta and the publish panel share it.

`MetaSession` holds the `MetaAccount` (built on first use, on whichever thread first needs it,
so the facebook-business SDK is never imported on the way to the first frame) and the last
known `MetaConnection`, and tells every screen when it changes. Everything that talks to Meta
runs on the job runner; this object only remembers and announces.

Signals:
    changed(object): the new `MetaConnection` (who, which permissions, until when, state).
    reconnect_requested(str, str): Meta refused the login (error 190) while `title` was
        running; the message says what happened. Settings → Meta shows its reconnect banner.
    checking(bool): a connection check started (True) or ended (False).
    back_requested(): the person wants back to the work that waits for a reconnect.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from brandtruth_desktop.core.secrets import SecretName

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.core.ports import SecretStore
    from brandtruth_desktop.integrations.meta.connection import MetaAccount, MetaConnection
    from brandtruth_desktop.workers import JobRunner

log = logging.getLogger(__name__)

TONE_COLOURS = {
    "ok": ("#2e7d32", "#81c784"), "warn": ("#8a5a00", "#ffd54f"),
    "bad": ("#c62828", "#ef9a9a"), "none": ("#5f6b7a", "#9aa3b2"),
}
"""How a connection state is coloured, on a light and on a dark background."""
STATE_TONES = {
    "connected": "ok", "expiring": "warn", "reconnect": "bad", "unreachable": "warn",
    "checking": "none", "not_connected": "none",
}


def tone_colour(state: str, dark: bool) -> str:
    """The colour that shows a connection `state` ("connected", "reconnect" …)."""
    return TONE_COLOURS[STATE_TONES.get(state, "none")][1 if dark else 0]


class MetaSession(QObject):
    """The shared `MetaAccount` and what is known about its connection (see module doc)."""

    changed = Signal(object)
    reconnect_requested = Signal(str, str)
    checking = Signal(bool)
    back_requested = Signal()

    def __init__(self, make_account: Callable[[], MetaAccount], secrets: SecretStore,
                 runner: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make_account = make_account
        self._secrets = secrets
        self._runner = runner
        self._lock = threading.Lock()
        self._account: MetaAccount | None = None
        self._checks = 0
        self.connection: MetaConnection | None = None

    def account(self) -> MetaAccount:
        """The Meta account (built, and the SDK imported, on the first call; thread-safe)."""
        with self._lock:
            if self._account is None:
                self._account = self._make_account()
            return self._account

    def has_token(self) -> bool:
        """Whether a token is saved (the keyring only, no network)."""
        return self._secrets.is_set(SecretName.META_ACCESS_TOKEN)

    def set_app_id(self, app_id: str) -> None:
        """The person changed their Meta app's id in Settings."""
        with self._lock:
            if self._account is not None:
                self._account.app_id = app_id.strip()

    def check(self, on_done: Callable[[MetaConnection], None] | None = None) -> None:
        """Ask Meta who is connected (on the runner); `changed` carries the answer."""
        self._checks += 1
        if self._checks == 1:
            self.checking.emit(True)

        def done(connection: MetaConnection) -> None:
            self._check_ended()
            self.set_connection(connection)
            if on_done is not None:
                on_done(connection)

        def failed(error: BaseException) -> None:
            self._check_ended()
            log.warning("checking the Meta connection failed: %s", error)

        self._runner.call("Checking the Meta connection", lambda: self.account().status(),
                          on_success=done, on_failure=failed)

    def _check_ended(self) -> None:
        self._checks = max(0, self._checks - 1)
        if self._checks == 0:
            self.checking.emit(False)

    def set_connection(self, connection: MetaConnection) -> None:
        """Remember the connection as Meta last described it and tell every screen."""
        self.connection = connection
        self.changed.emit(connection)

    def report_reconnect(self, message: str, title: str = "") -> None:
        """Meta refused the saved login while `title` ran: mark it and ask to reconnect."""
        from brandtruth_desktop.integrations.meta.connection import (
            ConnectionState,
            MetaConnection,
        )

        previous = self.connection
        self.set_connection(MetaConnection(
            ConnectionState.RECONNECT, message,
            user_id=previous.user_id if previous else "",
            user_name=previous.user_name if previous else "",
            scopes=previous.scopes if previous else (),
            missing_scopes=previous.missing_scopes if previous else (),
        ))
        self.reconnect_requested.emit(message, title)


def meta_session(context: AppContext) -> MetaSession:
    """The context's Meta session (`context.extras["meta"]`), made on first use.

    `app.build_context` makes it with the log redaction filter, so every token Meta hands out
    is redacted from the logs; a context built elsewhere (tests) gets one the same way.
    """
    session = context.extras.get("meta")
    if session is None:
        redactor = context.extras.get("redactor")
        seen = redactor.register_secret if redactor is not None else None

        def make_account() -> MetaAccount:
            from brandtruth_desktop.integrations.meta.connection import MetaAccount

            return MetaAccount.from_settings(context.settings, context.secrets,
                                             on_secret_seen=seen)

        session = MetaSession(make_account, context.secrets, context.runner)
        context.extras["meta"] = session
    return session  # type: ignore[no-any-return]
