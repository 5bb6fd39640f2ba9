"""Shared test set-up: offscreen Qt, isolated data folders and keyrings, no leaked threads."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests set the platform themselves so they run on machines with no display: the offscreen
# platform with one 1920×1080 screen, a laptop-like desktop rather than the default 800×600.
SCREEN_CONFIG = Path(__file__).resolve().parent / "offscreen-screen.json"
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN_CONFIG}"
# Never let a test read or write the developer's real workspace or database.
os.environ.pop("BRANDTRUTH_HOME", None)
os.environ.pop("BRANDTRUTH_DATABASE_URL", None)

from hypothesis import settings as hypothesis_settings  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from brandtruth_desktop.paths import DataPaths  # noqa: E402

# Property tests in CI are reproducible: with CI set, hypothesis derives each test's examples
# from the test itself (derandomize) rather than a random seed, so a red build is red again on
# a re-run and locally with CI=1. Tests' own @settings (max_examples …) still apply on top.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps passwords in a dict: a stand-in for the OS keyring in
    tests that are not about the OS keyring itself (those live in tests/integration)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("not set")


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    paths = DataPaths(tmp_path / "workspace")
    paths.ensure()
    return paths


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Fail a test that leaves a thread running (STYLE.md: leaked threads fail the run)."""
    before = set(threading.enumerate())
    yield
    leaked = [
        t for t in threading.enumerate()
        if t not in before and t.is_alive() and not t.daemon
    ]
    for thread in leaked:
        thread.join(timeout=2)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"threads left running after the test: {still}"
