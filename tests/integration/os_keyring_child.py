"""One app run for test_os_keyring.py, inside a D-Bus session with a real gnome-keyring.

    os_keyring_child.py enter   builds the app's context and Settings screen, enters the key
                                from BRANDTRUTH_TEST_KEY through the key dialog, and quits
    os_keyring_child.py check   a later run: the Settings screen must show the key as set, and
                                `secret-tool` must find it in the OS keyring

The data folder comes from BRANDTRUTH_HOME. Prints one JSON line with what it saw (never the
key); any failed check raises, so the exit code is not 0. The Settings screen asks the keyring on
the job runner, so the run waits (processing events) for each answer to show.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from keyring.backends import SecretService, chainer
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from brandtruth_desktop.app import build_context
from brandtruth_desktop.core.secrets import SecretName
from brandtruth_desktop.logging_setup import shutdown_logging
from brandtruth_desktop.paths import resolve
from brandtruth_desktop.secret_store import KeyringSecretStore
from brandtruth_desktop.storage.workspace import open_workspace
from brandtruth_desktop.ui.settings import SecretDialog, SettingsPage

ANTHROPIC = SecretName.ANTHROPIC_API_KEY
CHECKING = "Checking…"
GIVE_UP_S = 60.0
"""Only a hung keyring takes this long; then the run fails with what it waited for."""


def uses_secret_service(store: KeyringSecretStore) -> bool:
    backend = store.backend
    if isinstance(backend, chainer.ChainerBackend):
        members = list(backend.backends)
        return bool(members) and isinstance(members[0], SecretService.Keyring)
    return isinstance(backend, SecretService.Keyring)


def create_database(paths: Any) -> bool:
    """Open the workspace once, so the database exists for the test's byte search."""
    open_workspace(paths).close()
    return paths.database.is_file()


def flush_deferred_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def wait_until(done: Callable[[], bool], what: str) -> None:
    """Process events until `done()`: the keyring's answers arrive through the event loop."""
    give_up = time.monotonic() + GIVE_UP_S
    while not done():
        if time.monotonic() > give_up:
            raise AssertionError(f"gave up waiting for {what}")
        QTest.qWait(10)  # as qtbot.waitUntil does


def main(mode: str) -> dict[str, object]:
    key = os.environ["BRANDTRUTH_TEST_KEY"]
    app = QApplication.instance() or QApplication(["brandtruth-keyring-test"])
    paths = resolve()
    context = build_context(paths)
    store = context.secrets
    assert isinstance(store, KeyringSecretStore)
    statuses: list[str] = []
    context.messages.status.connect(lambda text, _ms: statuses.append(text))
    page = SettingsPage(context)
    page.show()
    row = page.api_keys.rows[ANTHROPIC]
    wait_until(lambda: row.status.text() != CHECKING, "the keyring's first answer")
    report: dict[str, object] = {
        "mode": mode,
        "backend": store.status().backend,
        "secret_service": uses_secret_service(store),
        "persistent": store.status().persistent,
        "problem": store.status().problem,
        "status_before": row.status.text(),
    }
    try:
        if mode == "enter":
            report["database"] = create_database(paths)
            QTest.keyClicks(page.reviewer_edit, "Keyring Test")
            QTest.keyClick(page.reviewer_edit, Qt.Key.Key_Return)
            QTest.mouseClick(row.set_button, Qt.MouseButton.LeftButton)
            dialog = page.findChild(SecretDialog)
            assert dialog is not None, "the key dialog did not open"
            QTest.keyClicks(dialog.key_edit, key)
            QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
            flush_deferred_deletes()
            report["dialog_closed"] = page.findChild(SecretDialog) is None
            wait_until(lambda: any(text.startswith("Anthropic API key") for text in statuses),
                       "the keyring's answer to the save")
            # A careless line like this must still not put the key in the log file.
            logging.getLogger("brandtruth_desktop.tests").info("key in use: %s", key)
        else:
            lookup = subprocess.run(
                ["secret-tool", "lookup", "service", "BrandTruth Desktop",
                 "username", ANTHROPIC.value],
                capture_output=True, text=True, timeout=30, check=False,
            )
            report["secret_tool_exit"] = lookup.returncode
            report["secret_tool_matches"] = lookup.stdout.strip() == key
            report["store_matches"] = store.get(ANTHROPIC) == key
        report["status_after"] = row.status.text()
        report["messages"] = statuses
        app.processEvents()
    finally:
        page.close()
        page.deleteLater()
        flush_deferred_deletes()
        context.runner.shutdown()
        shutdown_logging()
    return report


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])), flush=True)
