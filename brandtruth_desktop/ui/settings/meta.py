"""Settings → Meta: the person's own Meta app, the connection (who, which permissions, until
when) and the three ways to connect; Disconnect deletes the token from the keyring.

Tokens and the app secret live only in the keyring (never shown, never in settings.json or the
logs: every token Meta hands out is registered with the log redaction filter). Everything that
talks to Meta runs on the job runner, and so does everything that reads or writes the keyring
(`KeyAccess`: a locked keyring must not freeze the window); the connection is shared with the
publish panel through the `MetaSession`.

Signals:
    secrets_changed(): the token or app secret was saved or removed (the status bar re-reads
        the keyring's state).
    loopback_url(str): the loopback login's address, from the worker thread (queued to the
        GUI thread, which opens it in the browser).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QMessageBox,
    QPushButton,
    QWidget,
)

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.secrets import SecretName
from brandtruth_desktop.ui.meta_session import tone_colour
from brandtruth_desktop.ui.settings.key_access import KeyAccess, KeyStates, SaveOutcome
from brandtruth_desktop.ui.settings.meta_connect import LOOPBACK, MANUAL, TOKEN
from brandtruth_desktop.ui.settings.meta_layout import APP_SECRET, MetaSectionLayout
from brandtruth_desktop.ui.settings.secret_dialog import SecretDialog

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.integrations.meta.connection import MetaConnection
    from brandtruth_desktop.integrations.meta.oauth import LoginRequest
    from brandtruth_desktop.ui.meta_session import MetaSession
    from brandtruth_desktop.workers import JobHandle

log = logging.getLogger(__name__)

PILLS = {
    "connected": "● Connected", "expiring": "● Expires soon", "reconnect": "● Reconnect needed",
    "unreachable": "● Not checked", "checking": "○ Checking…", "not_connected": "○ Not connected",
}
KEYS = (SecretName.META_APP_SECRET, SecretName.META_ACCESS_TOKEN)
"""What the section reads from the keyring: whether the app secret and a login are saved."""


class MetaSection(MetaSectionLayout, QGroupBox):
    """The Meta part of Settings (see the module docstring)."""

    secrets_changed = Signal()
    loopback_url = Signal(str)

    def __init__(self, context: AppContext, session: MetaSession,
                 save_setting: Callable[..., Any], parent: QWidget | None = None) -> None:
        super().__init__("Meta (Facebook and Instagram ads)", parent)
        self.setObjectName("MetaSection")
        self.context = context
        self.session = session
        self._save_setting = save_setting
        self._keys = KeyAccess(context.secrets, context.runner, self, KEYS)
        self._has_token: bool | None = None  # whether a login is saved; None until read
        self._login: LoginRequest | None = None
        self._loopback: JobHandle[Any] | None = None
        self._waiting_title = ""
        self._shown = False
        self._checked = False
        self.dialog: SecretDialog | None = None
        self.confirmation: QMessageBox | None = None
        self._build()
        self.session.changed.connect(self.show_connection)
        self.session.checking.connect(self._checking)
        self.session.reconnect_requested.connect(self.show_reconnect)
        self.loopback_url.connect(self._open_loopback_url)
        context.runner.progress.connect(self._job_progress)
        self.refresh()

    # -- showing the connection --------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the keyring (app secret, whether a token is saved) on the runner; no
        network. Until the first answer the secret and the connection say "Checking…"."""
        if self._has_token is None:
            self._show_secret(None)
            self.show_connection(self.session.connection)
        self._keys.read(self._show_keys)

    def _show_keys(self, states: KeyStates) -> None:
        self._has_token = SecretName.META_ACCESS_TOKEN in states.set_names
        self._show_secret(SecretName.META_APP_SECRET in states.set_names)
        self.show_connection(self.session.connection)
        self._check_saved_login()

    def _show_secret(self, is_set: bool | None) -> None:
        shown = "Checking…" if is_set is None else "Set" if is_set else "Not set"
        self.secret_status.setText(shown)
        self.secret_status.setProperty("state", "set" if is_set else "unset")
        self.secret_status.setAccessibleName(f"Meta app secret: {shown}")
        self.secret_remove.setEnabled(bool(is_set))
        self.secret_remove.setProperty("danger", bool(is_set))
        for widget in (self.secret_status, self.secret_remove):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._shown = True
        self._check_saved_login()

    def _check_saved_login(self) -> None:
        # Ask Meta about a saved login once, when the person first looks (and the keyring has
        # said there is one).
        if (self._shown and not self._checked and self.session.connection is None
                and self._has_token):
            self._checked = True
            self.session.check()

    def show_connection(self, connection: MetaConnection | None) -> None:
        # Without a connection, "checking" covers both a saved login Meta is asked about and a
        # keyring that has not answered yet: "Not connected" only once the keyring said so.
        state = connection.state.value if connection is not None else (
            "not_connected" if self._has_token is False else "checking")
        offered = state != "not_connected" and (connection is not None or bool(self._has_token))
        self._paint_state(state)
        self.disconnect_button.setVisible(offered)
        self.check_button.setVisible(offered)
        if connection is None or state == "not_connected":
            self.who_label.setText("No Meta account yet" if state == "not_connected"
                                   else "A login is saved" if self._has_token
                                   else "Looking for a saved login…")
            self.expiry_label.setText("Enter your Meta app's id, then connect with one of the "
                                      "ways below." if state == "not_connected"
                                      else "Asking Meta who it belongs to…" if self._has_token
                                      else "")
            self.scopes_label.setVisible(False)
            self.missing_label.setVisible(False)
            self._show_banner(None)
            return
        who = connection.user_name or connection.user_id
        self.who_label.setText(f"{who}" if who else "Connected")
        self.expiry_label.setText(
            _expiry(connection) if connection.usable
            else "Meta no longer accepts this login: reconnect below." if state == "reconnect"
            else connection.message)
        self.scopes_label.setText("Permissions granted: " + (", ".join(connection.scopes)
                                                             or "none"))
        self.scopes_label.setVisible(bool(connection.scopes) or connection.usable)
        self.missing_label.setText(
            f"Missing permissions: {', '.join(connection.missing_scopes)}. Reconnect and allow "
            "them, or publishing may be refused." if connection.missing_scopes else "")
        self.missing_label.setVisible(bool(connection.missing_scopes) and connection.usable)
        self._show_banner(connection)

    def _paint_state(self, state: str) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.state_label.setText(PILLS[state])
        self.state_label.setProperty("state", state)
        self.state_label.setStyleSheet(f"color: {tone_colour(state, dark)}; font-weight: 600;")

    def _show_banner(self, connection: MetaConnection | None) -> None:
        state = connection.state.value if connection is not None else ""
        if state == "reconnect":
            title = "Reconnect to Meta"
            text = (connection.message if connection is not None else "").replace(
                "Reconnect in Settings → Meta", "Reconnect below")
            if self._waiting_title:
                text += (f"\n\n{self._waiting_title} is waiting for you: everything entered "
                         "there is kept.")
        elif state == "expiring":
            title = "Your Meta login expires soon"
            text = (f"{connection.message if connection else ''} Reconnect with one of the ways "
                    "below before then; nothing is lost.")
        else:
            self._waiting_title = ""
            self.banner.setVisible(False)
            self.back_button.setVisible(False)
            return
        self.banner_title.setText(title)
        self.banner_text.setText(text)
        self.back_button.setVisible(bool(self._waiting_title))
        self.banner.setVisible(True)

    def show_reconnect(self, message: str, title: str = "") -> None:
        """Meta refused the login while `title` ran (error 190): ask to reconnect here."""
        self._waiting_title = title
        self.show_connection(self.session.connection)

    def _checking(self, busy: bool) -> None:
        self.check_button.setEnabled(not busy and bool(self._has_token))
        if busy and self.session.connection is None:
            self.show_connection(None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "state_label"):
            self._paint_state(str(self.state_label.property("state") or "not_connected"))

    # -- the app -----------------------------------------------------------------------------
    def save_app_id(self) -> None:
        app_id = self.app_id_edit.text().strip()
        if app_id == self.context.settings.meta_app_id:
            return
        if self._save_setting(meta_app_id=app_id) is not None:
            self.session.set_app_id(app_id)
            self.context.messages.info("Meta app id saved" if app_id else "Meta app id removed")

    def ask_for_secret(self) -> SecretDialog:
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = SecretDialog(APP_SECRET, self)
        dialog.setWindowTitle("Set Meta app secret")
        dialog.ok_button.setText("&Save secret")
        dialog.key_edit.setPlaceholderText("Paste the app secret here")
        dialog.finished.connect(lambda result: self._secret_entered(dialog, result))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _secret_entered(self, dialog: SecretDialog, result: int) -> None:
        value = dialog.value() if result == SecretDialog.DialogCode.Accepted else ""
        dialog.clear()
        self.dialog = None
        dialog.deleteLater()
        if value:
            self._keys.save(SecretName.META_APP_SECRET, value, on_done=self._secret_saved,
                            on_failure=self._secret_not_saved)

    def _secret_saved(self, outcome: SaveOutcome) -> None:
        self.context.messages.info("Meta app secret saved to the system keyring"
                                   if outcome.persistent
                                   else "Meta app secret kept for this session only")
        self._show_keys(outcome.states)
        self.secrets_changed.emit()

    def _secret_not_saved(self, error: BaseException) -> None:
        # ValueError says the secret was empty; anything else is the store's own words.
        self.context.messages.show_error("Meta app secret not saved",
                                         str(error) or type(error).__name__)

    def confirm_remove_secret(self) -> QMessageBox:
        box, confirm = self._question("Remove the Meta app secret?",
                             "Remove your Meta app secret from BrandTruth and the system "
                             "keyring?", "You stay connected; login through this computer "
                             "needs the secret again.", "&Remove")
        box.finished.connect(lambda _r: self._secret_remove_answered(box, confirm))
        box.open()
        return box

    def _secret_remove_answered(self, box: QMessageBox, confirm: QPushButton) -> None:
        confirmed = box.clickedButton() == confirm
        self.confirmation = None
        box.deleteLater()
        if confirmed:
            self._keys.remove(SecretName.META_APP_SECRET, on_done=self._secret_removed,
                              on_failure=self._secret_not_removed)

    def _secret_removed(self, states: KeyStates) -> None:
        self.context.messages.info("Meta app secret removed")
        self._show_keys(states)
        self.secrets_changed.emit()

    def _secret_not_removed(self, error: BaseException) -> None:
        # The store's own message says what to do.
        self.context.messages.show_error("Meta app secret not removed", str(error))
        self.refresh()
        self.secrets_changed.emit()

    # -- connecting --------------------------------------------------------------------------
    def open_facebook_login(self) -> None:
        """Manual flow, step 1: open the OAuth dialog in the browser (a fresh `state`)."""
        from brandtruth_desktop.integrations.meta.oauth import OAuthError

        self.save_app_id()
        self.ways.clear_errors()
        try:
            self._login = self.session.account().start_manual_login()
        except OAuthError as error:
            self.ways.show_error(MANUAL, str(error))
            return
        QDesktopServices.openUrl(QUrl(self._login.url))
        self.ways.show_login_address(self._login.url)
        self.ways.paste_edit.setFocus()

    def finish_facebook_login(self) -> None:
        """Manual flow, step 2: check the pasted address answers our login, then connect."""
        from brandtruth_desktop.integrations.meta.oauth import OAuthError, token_from_redirect

        pasted = self.ways.paste_edit.text()
        self.ways.show_error(MANUAL, "")
        if self._login is None:
            self.ways.show_error(MANUAL, "Press “Open Facebook Login…” first, log in, then "
                                 "paste the address of the page you land on.")
            return
        self.ways.paste_edit.clear()  # the address holds a token: never leave it in a widget
        try:
            received = token_from_redirect(pasted, self._login)
        except OAuthError as error:
            self.ways.show_error(MANUAL, str(error))
            return
        self._login = None  # a login's answer is used once
        account = self.session.account()
        self._connect(MANUAL, lambda: account.connect_with_token(received.access_token))

    def start_loopback(self, port: int = 0) -> None:
        """Loopback flow: a cancellable job that waits for the browser to come back."""
        self.save_app_id()
        self.ways.clear_errors()
        self.ways.set_busy(LOOPBACK)
        session = self.session
        announce = self.loopback_url.emit
        self._loopback = self.context.runner.start(
            "Logging in to Meta",
            lambda: session.account().loopback_login(port=port, open_browser=None,
                                                     on_url=announce),
            on_success=lambda c: self._connected(LOOPBACK, c),
            on_failure=lambda e: self._connect_failed(LOOPBACK, e),
            on_cancelled=self._loopback_cancelled, kind="meta_login")

    def cancel_loopback(self) -> None:
        if self._loopback is not None:
            self._loopback.cancel()

    def _loopback_cancelled(self) -> None:
        self._loopback = None
        self.ways.set_busy(None)
        self.context.messages.info("Stopped waiting for Facebook Login")

    def _open_loopback_url(self, url: str) -> None:
        self.ways.show_loopback_waiting(url)
        QDesktopServices.openUrl(QUrl(url))

    def _job_progress(self, job_id: int, progress: Progress) -> None:
        if self._loopback is not None and job_id == self._loopback.id and progress.done:
            self.ways.loopback_state.setText(progress.message)

    def connect_with_token(self) -> None:
        """A pasted (system-user) token: checked with Meta, then saved to the keyring."""
        token = self.ways.token_edit.text().strip()
        self.ways.token_edit.clear()  # never leave a token in a widget
        self.ways.clear_errors()
        if not token:
            return
        account = self.session.account()
        self._connect(TOKEN, lambda: account.connect_with_token(token))

    def _connect(self, way: str, connect: Callable[[], MetaConnection]) -> None:
        self.ways.set_busy(way)
        self.context.runner.call("Connecting to Meta", connect,
                                 on_success=lambda c: self._connected(way, c),
                                 on_failure=lambda e: self._connect_failed(way, e))

    def _connected(self, way: str, connection: MetaConnection) -> None:
        if way == LOOPBACK:
            self._loopback = None
        self.ways.set_busy(None)
        self.ways.clear_errors()
        self._checked = True
        self._has_token = True  # saved by the connect, on the runner
        self.session.set_connection(connection)
        who = connection.user_name or connection.user_id or "your account"
        self.context.messages.info(f"Connected to Meta as {who}")
        self.secrets_changed.emit()

    def _connect_failed(self, way: str, error: BaseException) -> None:
        if way == LOOPBACK:
            self._loopback = None
        self.ways.set_busy(None)
        text = str(error) or type(error).__name__
        self.ways.show_error(way, text)
        log.info("connecting to Meta failed (%s): %s", way, type(error).__name__)

    # -- disconnecting -----------------------------------------------------------------------
    def confirm_disconnect(self) -> QMessageBox:
        box, confirm = self._question("Disconnect from Meta?",
                             "Remove your Meta login from this computer?",
                             "The token is deleted from the system keyring. Ads already "
                             "published stay in Meta. You can connect again at any time.",
                             "&Disconnect")
        box.finished.connect(lambda _r: self._disconnect_answered(box, confirm))
        box.open()
        return box

    def _disconnect_answered(self, box: QMessageBox, confirm: QPushButton) -> None:
        confirmed = box.clickedButton() == confirm
        self.confirmation = None
        box.deleteLater()
        if confirmed:
            session = self.session
            self.context.runner.call("Disconnecting from Meta",
                                     lambda: session.account().disconnect(),
                                     on_success=lambda _none: self._disconnected(),
                                     on_failure=self._disconnect_failed)

    def _disconnected(self) -> None:
        from brandtruth_desktop.integrations.meta.connection import (
            ConnectionState,
            MetaConnection,
        )

        self._has_token = False  # deleted by the disconnect, on the runner
        self.session.set_connection(MetaConnection(
            ConnectionState.NOT_CONNECTED, "Not connected to Meta. Connect to publish ads."))
        self.context.messages.info("Disconnected from Meta: the login was removed from the "
                                   "keyring")
        self.secrets_changed.emit()

    def _disconnect_failed(self, error: BaseException) -> None:
        self.context.messages.show_error("Still connected to Meta", str(error))

    def _question(self, title: str, text: str, detail: str, confirm: str
                  ) -> tuple[QMessageBox, QPushButton]:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        box.setInformativeText(detail)
        button = box.addButton(confirm, QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        self.confirmation = box
        return box, button


def _expiry(connection: MetaConnection) -> str:
    now = datetime.now(UTC)
    parts = []
    if connection.expires_at is not None:
        days = max(0, (connection.expires_at - now).days)
        parts.append(f"Login valid until {connection.expires_at.astimezone():%d %B %Y} "
                     f"(in {days} day{'s' if days != 1 else ''}).")
    elif connection.token_type:
        parts.append("This login does not expire.")
    if connection.data_access_expires_at is not None:
        until = connection.data_access_expires_at.astimezone()
        parts.append(f"Data access until {until:%d %B %Y} (logging in again renews it).")
    if connection.state.value == "expiring":
        parts.insert(0, connection.message)
    return " ".join(parts) or connection.message
