"""Settings → Meta, driven through its widgets against our fake Graph API: the three ways to
connect, what the connection shows, the reconnect and expiry warnings, and Disconnect."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests
from fake_graph import APP_ID, APP_SECRET
from publish_support import SYSTEM_TOKEN, save_token
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from brandtruth_desktop import APP_NAME
from brandtruth_desktop.core.secrets import SecretName
from brandtruth_desktop.ui.settings.meta_connect import LOOPBACK, MANUAL

TOKEN_KEY = (APP_NAME, SecretName.META_ACCESS_TOKEN.value)
SECRET_KEY = (APP_NAME, SecretName.META_APP_SECRET.value)
LANDING = "https://www.facebook.com/connect/login_success.html"


def open_meta(start_app, data_paths, meta_settings, **settings):  # type: ignore[no-untyped-def]
    meta_settings(data_paths, **settings)
    running = start_app(data_paths)
    running.window.show_meta_settings()
    return running, running.window.settings_screen.meta


def shows(qtbot, label: QLabel, text: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the label shows `text`: the keyring answers on the runner, not at once."""
    qtbot.waitUntil(lambda: text in label.text())


def connected_as(meta, name: str) -> bool:  # type: ignore[no-untyped-def]
    return meta.who_label.text() == name and "Connected" in meta.state_label.text()


def click(qtbot, button: QPushButton) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def answer(qtbot, box: QMessageBox, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(box.isVisible)
    button = next(b for b in box.buttons() if b.text().replace("&", "") == text)
    click(qtbot, button)


def test_a_pasted_token_connects_shows_who_and_lives_only_in_the_keyring(
        qtbot, start_app, data_paths, meta_settings, memory_keyring, fake_graph) -> None:
    running, meta = open_meta(start_app, data_paths, meta_settings)
    shows(qtbot, meta.state_label, "Not connected")
    meta.ways.setCurrentIndex(2)
    QTest.keyClicks(meta.ways.token_edit, SYSTEM_TOKEN)
    assert meta.ways.token_edit.echoMode() is meta.ways.token_edit.EchoMode.Password
    click(qtbot, meta.ways.token_button)
    qtbot.waitUntil(lambda: connected_as(meta, "Ana Example"), timeout=10000)

    assert "ads_management" in meta.scopes_label.text()
    assert "pages_read_engagement" in meta.scopes_label.text()
    assert not meta.missing_label.isVisible()
    assert "Login valid until" in meta.expiry_label.text()
    assert meta.ways.token_edit.text() == ""  # the token does not linger in the widget
    assert memory_keyring.passwords[TOKEN_KEY] == SYSTEM_TOKEN
    assert running.context.extras["redactor"].redact(SYSTEM_TOKEN) == "[REDACTED]"
    assert [r.path for r in fake_graph.requests][:1] == ["me"]

    # Nowhere else: not the settings file, not the logs, not the database.
    assert SYSTEM_TOKEN not in data_paths.settings_file.read_text(encoding="utf-8")
    logs = "".join(p.read_text(encoding="utf-8") for p in data_paths.logs.glob("*.log*"))
    assert "connected to Meta" in logs
    assert SYSTEM_TOKEN not in logs
    for stored in data_paths.root.rglob("*"):
        if stored.is_file() and stored.suffix not in (".log",):
            assert SYSTEM_TOKEN.encode() not in stored.read_bytes(), stored


def test_missing_permissions_are_named(qtbot, start_app, data_paths, meta_settings,
                                       fake_graph) -> None:
    fake_graph.scopes = ["ads_management", "ads_read", "business_management"]
    _running, meta = open_meta(start_app, data_paths, meta_settings)
    meta.ways.setCurrentIndex(2)
    meta.ways.token_edit.setText(SYSTEM_TOKEN)
    click(qtbot, meta.ways.token_button)
    qtbot.waitUntil(lambda: connected_as(meta, "Ana Example"), timeout=10000)
    assert meta.missing_label.isVisible()
    assert "pages_show_list" in meta.missing_label.text()


def test_a_token_meta_refuses_is_not_saved(qtbot, start_app, data_paths, meta_settings,
                                           memory_keyring) -> None:
    _running, meta = open_meta(start_app, data_paths, meta_settings)
    meta.ways.setCurrentIndex(2)
    meta.ways.token_edit.setText("not-a-token-meta-knows-0000")
    click(qtbot, meta.ways.token_button)
    error = meta.ways.errors["token"]
    qtbot.waitUntil(error.isVisible, timeout=10000)
    assert "did not accept" in error.text()
    assert TOKEN_KEY not in memory_keyring.passwords
    shows(qtbot, meta.state_label, "Not connected")


def test_facebook_login_refuses_an_address_from_another_login(
        qtbot, start_app, data_paths, meta_settings, memory_keyring, fake_graph,
        browser) -> None:
    _running, meta = open_meta(start_app, data_paths, meta_settings)
    click(qtbot, meta.ways.open_button)
    assert len(browser.opened) == 1
    dialog = urlsplit(browser.opened[0])
    query = parse_qs(dialog.query)
    assert dialog.netloc == "www.facebook.com" and dialog.path.endswith("/dialog/oauth")
    assert query["client_id"] == [APP_ID]
    assert query["redirect_uri"] == [LANDING]
    assert query["response_type"] == ["token"]
    assert "ads_management" in query["scope"][0]
    state = query["state"][0]

    meta.ways.paste_edit.setText(f"{LANDING}#access_token={SYSTEM_TOKEN}&expires_in=5183944"
                                 "&state=someone-elses-login")
    click(qtbot, meta.ways.finish_button)
    error = meta.ways.errors[MANUAL]
    assert error.isVisible()
    assert "different login" in error.text() and "refused" in error.text()
    assert TOKEN_KEY not in memory_keyring.passwords
    assert fake_graph.requests == []  # refused before anything went to Meta

    meta.ways.paste_edit.setText(f"{LANDING}#access_token={SYSTEM_TOKEN}&expires_in=5183944"
                                 f"&state={state}")
    click(qtbot, meta.ways.finish_button)
    qtbot.waitUntil(lambda: connected_as(meta, "Ana Example"), timeout=10000)
    assert not error.isVisible()
    assert memory_keyring.passwords[TOKEN_KEY] == SYSTEM_TOKEN


def test_facebook_login_without_an_app_id_says_where_to_find_it(
        qtbot, start_app, data_paths, meta_settings, browser) -> None:
    running, meta = open_meta(start_app, data_paths, meta_settings, meta_app_id="")
    click(qtbot, meta.ways.open_button)
    assert browser.opened == []
    assert "developers.facebook.com" in meta.ways.errors[MANUAL].text()

    meta.app_id_edit.setText(APP_ID)
    meta.app_id_edit.editingFinished.emit()
    assert running.context.settings.meta_app_id == APP_ID
    click(qtbot, meta.ways.open_button)
    assert len(browser.opened) == 1 and f"client_id={APP_ID}" in browser.opened[0]


def test_loopback_login_comes_back_to_this_computer_and_checks_state(
        qtbot, start_app, data_paths, meta_settings, memory_keyring, fake_graph,
        browser) -> None:
    memory_keyring.set_password(*SECRET_KEY, APP_SECRET)
    _running, meta = open_meta(start_app, data_paths, meta_settings)
    meta.ways.setCurrentIndex(1)

    # A forged answer (wrong state) is refused and nothing is saved.
    click(qtbot, meta.ways.loopback_button)
    qtbot.waitUntil(lambda: len(browser.opened) == 1, timeout=10000)
    query = parse_qs(urlsplit(browser.opened[0]).query)
    redirect = query["redirect_uri"][0]
    assert redirect.startswith("http://localhost:") and redirect.endswith("/callback")
    assert meta.ways.loopback_cancel.isVisible()
    refused = requests.get(redirect, params={"code": fake_graph.issue_code(redirect),
                                             "state": "forged"}, timeout=10)
    assert refused.status_code == 400
    qtbot.waitUntil(meta.ways.errors[LOOPBACK].isVisible, timeout=10000)
    assert "state" in meta.ways.errors[LOOPBACK].text()
    assert TOKEN_KEY not in memory_keyring.passwords

    # The real answer connects (the code is traded for a token with the app secret).
    click(qtbot, meta.ways.loopback_button)
    qtbot.waitUntil(lambda: len(browser.opened) == 2, timeout=10000)
    query = parse_qs(urlsplit(browser.opened[1]).query)
    redirect, state = query["redirect_uri"][0], query["state"][0]
    answered = requests.get(redirect, params={"code": fake_graph.issue_code(redirect),
                                              "state": state}, timeout=10)
    assert answered.status_code == 200
    qtbot.waitUntil(lambda: connected_as(meta, "Ana Example"), timeout=10000)
    saved = memory_keyring.passwords[TOKEN_KEY]
    assert saved in fake_graph.tokens and saved != SYSTEM_TOKEN
    assert any(r.path == "oauth/access_token" for r in fake_graph.requests)
    assert not meta.ways.loopback_cancel.isVisible()


def test_loopback_login_can_be_stopped_while_waiting(
        qtbot, start_app, data_paths, meta_settings, memory_keyring, browser) -> None:
    memory_keyring.set_password(*SECRET_KEY, APP_SECRET)
    running, meta = open_meta(start_app, data_paths, meta_settings)
    meta.ways.setCurrentIndex(1)
    click(qtbot, meta.ways.loopback_button)
    qtbot.waitUntil(lambda: len(browser.opened) == 1, timeout=10000)
    with qtbot.waitSignal(running.context.runner.cancelled, timeout=10000):
        click(qtbot, meta.ways.loopback_cancel)
    assert meta.ways.loopback_button.isVisible() and meta.ways.loopback_button.isEnabled()
    assert TOKEN_KEY not in memory_keyring.passwords


def test_loopback_login_without_the_app_secret_explains_why(
        qtbot, start_app, data_paths, meta_settings) -> None:
    _running, meta = open_meta(start_app, data_paths, meta_settings)
    meta.ways.setCurrentIndex(1)
    click(qtbot, meta.ways.loopback_button)
    error = meta.ways.errors[LOOPBACK]
    qtbot.waitUntil(error.isVisible, timeout=10000)
    assert "app secret" in error.text()


def test_the_app_secret_is_shown_as_set_never_its_value(
        qtbot, start_app, data_paths, meta_settings, memory_keyring) -> None:
    _running, meta = open_meta(start_app, data_paths, meta_settings)
    # Not "Not set" nor "Not connected" before the keyring has said so.
    assert meta.secret_status.text() == "Checking…"
    assert "Checking…" in meta.state_label.text()
    qtbot.waitUntil(lambda: meta.secret_status.text() == "Not set")
    dialog = meta.ask_for_secret()
    qtbot.waitUntil(dialog.isVisible)
    QTest.keyClicks(dialog.key_edit, APP_SECRET)
    with qtbot.waitSignal(meta.secrets_changed):
        click(qtbot, dialog.ok_button)
    assert meta.secret_status.text() == "Set"
    assert memory_keyring.passwords[SECRET_KEY] == APP_SECRET
    shown = [w.text() for w in meta.findChildren(QLabel)]
    assert not any(APP_SECRET in text for text in shown)


def test_disconnect_asks_first_then_deletes_the_token(
        qtbot, start_app, data_paths, meta_settings, memory_keyring) -> None:
    save_token(memory_keyring)
    _running, meta = open_meta(start_app, data_paths, meta_settings)
    qtbot.waitUntil(lambda: connected_as(meta, "Ana Example"), timeout=10000)

    answer(qtbot, meta.confirm_disconnect(), "Cancel")
    assert memory_keyring.passwords[TOKEN_KEY] == SYSTEM_TOKEN

    click(qtbot, meta.disconnect_button)
    answer(qtbot, meta.confirmation, "Disconnect")
    qtbot.waitUntil(lambda: "Not connected" in meta.state_label.text(), timeout=10000)
    assert TOKEN_KEY not in memory_keyring.passwords
    assert not meta.disconnect_button.isVisible()


def test_a_login_meta_no_longer_accepts_asks_to_reconnect(
        qtbot, start_app, data_paths, meta_settings, memory_keyring) -> None:
    save_token(memory_keyring, "a-token-meta-has-revoked-12345")
    _running, meta = open_meta(start_app, data_paths, meta_settings)
    qtbot.waitUntil(meta.banner.isVisible, timeout=10000)
    assert meta.banner_title.text() == "Reconnect to Meta"
    assert "Reconnect needed" in meta.state_label.text()

    meta.ways.setCurrentIndex(2)
    meta.ways.token_edit.setText(SYSTEM_TOKEN)
    click(qtbot, meta.ways.token_button)
    qtbot.waitUntil(lambda: connected_as(meta, "Ana Example"), timeout=10000)
    assert not meta.banner.isVisible()


def test_a_login_that_expires_within_a_week_is_flagged(
        qtbot, start_app, data_paths, meta_settings, memory_keyring, fake_graph) -> None:
    fake_graph.token_expires_in = 3 * 86400 + 600
    save_token(memory_keyring)
    _running, meta = open_meta(start_app, data_paths, meta_settings)
    qtbot.waitUntil(meta.banner.isVisible, timeout=10000)
    assert meta.banner_title.text() == "Your Meta login expires soon"
    assert "in 3 days" in meta.banner_text.text()
    assert "Expires soon" in meta.state_label.text()
