"""The Settings screen, driven through its real widgets."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordSetError
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from brandtruth_desktop.app import build_context
from brandtruth_desktop.context import AppContext
from brandtruth_desktop.core.ports import SecretStoreStatus
from brandtruth_desktop.core.secrets import API_KEYS, SecretName
from brandtruth_desktop.logging_setup import shutdown_logging
from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.secret_store import KeyringSecretStore
from brandtruth_desktop.settings import SettingsFile
from brandtruth_desktop.ui.main_window import SETTINGS_SCREEN, MainWindow
from brandtruth_desktop.ui.messages import MessageBridge
from brandtruth_desktop.ui.settings import SecretDialog, SettingsPage
from brandtruth_desktop.ui.settings.api_keys import KeyRow
from brandtruth_desktop.ui.theme import Theme
from brandtruth_desktop.workers import JobRunner

SERVICE = "BrandTruth Desktop"
KEY = "sk-ant-api03-GuiTest-7Hq2LmN4pR8sT1vW3xY5zA6bC9dE0fG"
ANTHROPIC = SecretName.ANTHROPIC_API_KEY


class RefusingKeyring(KeyringBackend):
    """A keyring that looks fine but refuses to store anything (locked, read-only)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        return None


class ThreadWatchingKeyring(KeyringBackend):
    """A keyring in memory that notes, for every call, whether it ran on the GUI thread (a
    locked keyring would freeze the window there)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}
        self.calls: list[tuple[str, bool]] = []  # (method, on the GUI thread)

    def _note(self, method: str) -> None:
        self.calls.append((method, threading.current_thread() is threading.main_thread()))

    def get_password(self, service: str, username: str) -> str | None:
        self._note("get_password")
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._note("set_password")
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        self._note("delete_password")
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("not set")


class LockedKeyring(ThreadWatchingKeyring):
    """Holds every save until `unlock` is set, as a locked keyring waits for its password."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = threading.Event()
        self.unlock = threading.Event()

    def set_password(self, service: str, username: str, password: str) -> None:
        self.asked.set()
        self.unlock.wait(30)
        super().set_password(service, username, password)


@pytest.fixture
def make_page(
    qtbot, data_paths: DataPaths
) -> Iterator[Callable[[KeyringBackend], SettingsPage]]:
    runners: list[JobRunner] = []

    def make(backend: KeyringBackend) -> SettingsPage:
        settings_file = SettingsFile(data_paths.settings_file)
        runner = JobRunner()
        runners.append(runner)
        context = AppContext(
            paths=data_paths,
            settings_file=settings_file,
            settings=settings_file.load(),
            secrets=KeyringSecretStore(backend),
            runner=runner,
            messages=MessageBridge(),
        )
        page = SettingsPage(context)
        qtbot.addWidget(page)
        page.resize(900, 800)
        page.show()
        return page

    yield make
    for runner in runners:
        runner.shutdown()


def shows(qtbot, label: QLabel, text: str) -> None:
    """Wait until the label says `text`: the keyring answers on the runner, not at once."""
    qtbot.waitUntil(lambda: label.text() == text)


def open_key_dialog(qtbot, page: SettingsPage, name: SecretName = ANTHROPIC) -> SecretDialog:
    qtbot.mouseClick(page.api_keys.rows[name].set_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(SecretDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def enter_key(qtbot, page: SettingsPage, value: str) -> list[str]:
    """Type a key into the dialog and press Save, as a person would; returns status messages."""
    dialog = open_key_dialog(qtbot, page)
    QTest.keyClicks(dialog.key_edit, value)
    statuses: list[str] = []
    page.context.messages.status.connect(lambda text, _ms: statuses.append(text))
    with qtbot.waitSignal(page.secrets_changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.findChild(SecretDialog) is None)
    return statuses


def every_text(root: QWidget) -> list[str]:
    """Everything a person or a screen reader could get out of the page's widgets."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(),
                  widget.windowTitle(), widget.statusTip(), widget.whatsThis()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
    return texts


def click_checkbox(qtbot, box: QCheckBox) -> None:
    """Click on the check box's square, where a person clicks (its row may be much wider)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def message_box(page: SettingsPage) -> QMessageBox:
    box = page.findChild(QMessageBox)
    assert box is not None
    return box


def test_a_key_entered_in_the_dialog_is_saved_and_never_shown(
    qtbot, make_page, memory_keyring, data_paths
) -> None:
    page = make_page(memory_keyring)
    row = page.api_keys.rows[ANTHROPIC]
    shows(qtbot, row.status, "Not set")
    assert not row.remove_button.isEnabled()

    dialog = open_key_dialog(qtbot, page)
    assert dialog.windowTitle() == "Set Anthropic API key"
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.ok_button.isEnabled(), "nothing to save yet"
    QTest.keyClicks(dialog.key_edit, KEY)
    assert dialog.ok_button.isEnabled()
    statuses: list[str] = []
    page.context.messages.status.connect(lambda text, _ms: statuses.append(text))
    with qtbot.waitSignal(page.secrets_changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.findChild(SecretDialog) is None)

    assert memory_keyring.passwords == {(SERVICE, "anthropic_api_key"): KEY}
    assert statuses == ["Anthropic API key saved to the system keyring"]
    assert row.status.text() == "Set"
    assert row.remove_button.isEnabled()
    assert not page.api_keys.banner.isVisible()
    texts = every_text(page)
    for fragment in (KEY, KEY[:12], KEY[-6:]):
        assert not any(fragment in text for text in texts), f"{fragment!r} is on screen"
    assert not data_paths.settings_file.exists() or (
        KEY not in data_paths.settings_file.read_text(encoding="utf-8")
    )


def test_every_key_has_a_row_with_its_label_and_help(qtbot, make_page, memory_keyring) -> None:
    page = make_page(memory_keyring)
    # Nothing has come back from the keyring yet: not "Not set" before it is known.
    assert [row.status.text() for row in page.api_keys.rows.values()] == (
        ["Checking…"] * len(API_KEYS))

    for info in API_KEYS:
        row = page.api_keys.rows[info.name]
        assert row.name.text() == info.label
        assert row.help.text() == info.help
        shows(qtbot, row.status, "Not set")
        assert row.set_button.accessibleName() == f"Set {info.label}"


def test_show_reveals_the_key_while_typing_and_cancel_saves_nothing(
    qtbot, make_page, memory_keyring
) -> None:
    page = make_page(memory_keyring)
    dialog = open_key_dialog(qtbot, page)
    QTest.keyClicks(dialog.key_edit, "   ")
    assert not dialog.ok_button.isEnabled(), "spaces are not a key"
    QTest.keyClicks(dialog.key_edit, KEY)

    click_checkbox(qtbot, dialog.show_toggle)
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Normal
    click_checkbox(qtbot, dialog.show_toggle)
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Password

    QTest.keyClick(dialog.key_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.findChild(SecretDialog) is None)
    assert memory_keyring.passwords == {}
    shows(qtbot, page.api_keys.rows[ANTHROPIC].status, "Not set")


def test_removing_a_key_asks_first_and_then_forgets_it(
    qtbot, make_page, memory_keyring
) -> None:
    memory_keyring.passwords[(SERVICE, "anthropic_api_key")] = KEY
    page = make_page(memory_keyring)
    row = page.api_keys.rows[ANTHROPIC]
    shows(qtbot, row.status, "Set")

    qtbot.mouseClick(row.remove_button, Qt.MouseButton.LeftButton)
    box = message_box(page)
    assert box.windowTitle() == "Remove Anthropic API key?"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.findChild(QMessageBox) is None)
    assert row.status.text() == "Set"
    assert memory_keyring.passwords

    qtbot.mouseClick(row.remove_button, Qt.MouseButton.LeftButton)
    box = message_box(page)
    (remove,) = [b for b in box.buttons() if b.text().replace("&", "") == "Remove"]
    with qtbot.waitSignal(page.context.messages.status) as status:
        qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.findChild(QMessageBox) is None)

    assert status.args[0] == "Anthropic API key removed"
    assert memory_keyring.passwords == {}
    assert row.status.text() == "Not set"
    assert not row.remove_button.isEnabled()


def test_without_a_keyring_the_banner_says_keys_last_this_session_only(
    qtbot, make_page
) -> None:
    page = make_page(fail.Keyring())
    banner = page.api_keys.banner

    qtbot.waitUntil(banner.isVisible)
    assert "No usable system keyring was found" in banner.detail.text()
    assert "kept until you quit BrandTruth" in banner.detail.text()
    assert banner.title.text() == "Keys are kept for this session only"

    statuses = enter_key(qtbot, page, KEY)

    assert statuses == ["Anthropic API key kept for this session only"]
    assert page.api_keys.rows[ANTHROPIC].status.text() == "Set"
    assert page.context.secrets.get(ANTHROPIC) == KEY


def test_a_keyring_that_refuses_the_key_brings_up_the_banner_and_a_warning(
    qtbot, make_page
) -> None:
    page = make_page(RefusingKeyring())
    shows(qtbot, page.api_keys.rows[ANTHROPIC].status, "Not set")
    assert not page.api_keys.banner.isVisible()
    warnings: list[tuple[str, str]] = []
    page.context.messages.warning.connect(lambda title, text: warnings.append((title, text)))

    statuses = enter_key(qtbot, page, KEY)

    assert statuses == ["Anthropic API key kept for this session only"]
    assert page.api_keys.banner.isVisible()
    assert "refused" in page.api_keys.banner.detail.text()
    assert warnings and warnings[0][0] == "Anthropic API key kept for this session only"
    assert page.api_keys.rows[ANTHROPIC].status.text() == "Set"


def test_reviewer_theme_and_robots_are_saved_as_they_change(
    qtbot, make_page, memory_keyring, data_paths
) -> None:
    page = make_page(memory_keyring)

    page.reviewer_edit.setFocus()
    QTest.keyClicks(page.reviewer_edit, "Dana Reviewer")
    QTest.keyClick(page.reviewer_edit, Qt.Key.Key_Return)
    with qtbot.waitSignal(page.theme_changed) as theme:
        page.theme_combo.setCurrentIndex(page.theme_combo.findText("Dark"))
    click_checkbox(qtbot, page.robots_check)

    assert theme.args == ["dark"]
    saved = SettingsFile(data_paths.settings_file).load()
    assert saved.reviewer_name == "Dana Reviewer"
    assert saved.theme == "dark"
    assert saved.respect_robots_txt is False
    assert page.context.actor == "Dana Reviewer"


def test_the_page_shows_saved_settings(make_page, memory_keyring, data_paths) -> None:
    SettingsFile(data_paths.settings_file).save(
        SettingsFile(data_paths.settings_file).load().with_changes(
            reviewer_name="Sam", theme="light", respect_robots_txt=False
        )
    )

    page = make_page(memory_keyring)

    assert page.reviewer_edit.text() == "Sam"
    assert page.theme_combo.currentText() == "Light"
    assert not page.robots_check.isChecked()


def test_letting_claude_enrich_is_off_until_chosen_and_then_saved(
    qtbot, make_page, memory_keyring, data_paths
) -> None:
    page = make_page(memory_keyring)
    box = page.enrich_check
    assert box.text().replace("&", "") == (
        "Let Claude enrich what is found on brand sites (needs an Anthropic key; page text is "
        "sent to Anthropic)")
    assert not box.isChecked(), "no page text goes to Anthropic unless the person says so"
    statuses: list[str] = []
    page.context.messages.status.connect(lambda text, _ms: statuses.append(text))

    with qtbot.waitSignal(page.settings_changed) as changed:
        click_checkbox(qtbot, box)

    assert box.isChecked()
    assert changed.args[0].enrich_with_claude is True
    assert SettingsFile(data_paths.settings_file).load().enrich_with_claude is True
    assert statuses == ["Claude will enrich what is found on brand sites"]
    assert make_page(memory_keyring).enrich_check.isChecked(), "shown as saved when reopened"

    click_checkbox(qtbot, box)
    assert SettingsFile(data_paths.settings_file).load().enrich_with_claude is False


def test_tab_moves_through_the_settings_in_reading_order(make_page, memory_keyring) -> None:
    page = make_page(memory_keyring)
    expected: list[QWidget] = [page.reviewer_edit, page.theme_combo, page.robots_check,
                               page.enrich_check]
    for info in API_KEYS:
        row = page.api_keys.rows[info.name]
        expected += [row.set_button, row.remove_button]

    chain: list[QWidget] = []
    widget = page.reviewer_edit
    while len(chain) < len(expected):
        if widget in expected and widget not in chain:
            chain.append(widget)
        widget = widget.nextInFocusChain()

    assert chain == expected
    labels = {label.text(): label.buddy() for label in page.findChildren(QLabel)}
    assert labels["Your &name:"] is page.reviewer_edit
    assert labels["&Theme:"] is page.theme_combo


def settings_in_window(qtbot, qapp, context) -> tuple[MainWindow, SettingsPage, KeyRow]:
    """The main window showing Settings, once the Anthropic key's row has its answer."""
    window = MainWindow(context, Theme(qapp, "light"))
    qtbot.addWidget(window)
    window.show()
    window.show_screen(SETTINGS_SCREEN)
    page = window.settings_screen
    row = page.api_keys.rows[ANTHROPIC]
    shows(qtbot, row.status, "Not set")
    return window, page, row


def test_the_gui_thread_never_touches_the_keyring(
    qtbot, qapp, data_paths, monkeypatch
) -> None:
    """Opening Settings, setting and removing a key, and opening About all ask the keyring on
    the runner: the window stays responsive while a locked keyring waits for its password."""
    keyring = ThreadWatchingKeyring()
    keyring.passwords[(SERVICE, SecretName.PEXELS_API_KEY.value)] = "pexels-key-123"
    status_on_gui: list[bool] = []
    status = KeyringSecretStore.status

    def watched_status(store: KeyringSecretStore) -> SecretStoreStatus:
        status_on_gui.append(threading.current_thread() is threading.main_thread())
        return status(store)

    monkeypatch.setattr(KeyringSecretStore, "status", watched_status)
    context = build_context(data_paths, keyring_backend=keyring)
    window, page, row = settings_in_window(qtbot, qapp, context)
    try:
        shows(qtbot, page.api_keys.rows[SecretName.PEXELS_API_KEY].status, "Set")
        shows(qtbot, page.meta.secret_status, "Not set")
        qtbot.waitUntil(lambda: "Not connected" in page.meta.state_label.text())

        assert enter_key(qtbot, page, KEY) == ["Anthropic API key saved to the system keyring"]
        assert row.status.text() == "Set"

        qtbot.mouseClick(row.remove_button, Qt.MouseButton.LeftButton)
        box = message_box(page)
        (remove,) = [b for b in box.buttons() if b.text().replace("&", "") == "Remove"]
        with qtbot.waitSignal(page.secrets_changed):
            qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
        assert row.status.text() == "Not set"

        window.show_screen(3)
        qtbot.waitUntil(
            lambda: window.about.keyring_label.text().startswith("the system keyring"))
    finally:
        window.close()
        context.runner.shutdown()
        shutdown_logging()

    assert {method for method, _ in keyring.calls} == {
        "get_password", "set_password", "delete_password"}
    assert [method for method, on_gui in keyring.calls if on_gui] == []
    assert status_on_gui and not any(status_on_gui), "status() ran on the GUI thread"


def test_quitting_while_a_locked_keyring_holds_a_save_finishes_it_without_a_crash(
    qtbot, qapp, data_paths, monkeypatch
) -> None:
    keyring = LockedKeyring()
    crashes: list[object] = []
    monkeypatch.setattr(sys, "excepthook", lambda *report: crashes.append(report))
    context = build_context(data_paths, keyring_backend=keyring)
    statuses: list[str] = []
    context.messages.status.connect(lambda text, _ms: statuses.append(text))
    window, page, row = settings_in_window(qtbot, qapp, context)
    try:
        dialog = open_key_dialog(qtbot, page)
        QTest.keyClicks(dialog.key_edit, KEY)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert keyring.asked.wait(10)
        assert row.status.text() == "Not set", "the window does not wait for the keyring"

        # Quit while the keyring still holds the save; it is unlocked once quitting has begun
        # (the runner cancels everything first), so the save's answer arrives while closing.
        cancel_all = context.runner.cancel_all

        def cancel_all_then_unlock() -> None:
            cancel_all()
            keyring.unlock.set()

        monkeypatch.setattr(context.runner, "cancel_all", cancel_all_then_unlock)
        window.close()
    finally:
        keyring.unlock.set()
        context.runner.shutdown()
        shutdown_logging()

    assert keyring.passwords == {(SERVICE, ANTHROPIC.value): KEY}
    assert "Anthropic API key saved to the system keyring" in statuses
    assert crashes == []
