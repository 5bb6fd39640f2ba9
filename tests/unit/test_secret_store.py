"""KeyringSecretStore: keys go to the keyring, or stay for the session when there is none."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked, PasswordSetError

from brandtruth_desktop.core.secrets import SecretName
from brandtruth_desktop.secret_store import KeyringSecretStore, SecretStoreError

SERVICE = "BrandTruth Desktop"
ANTHROPIC = SecretName.ANTHROPIC_API_KEY
PEXELS = SecretName.PEXELS_API_KEY
KEY = "sk-ant-api03-unit-test-0123456789abcdef"


class RefusingKeyring(KeyringBackend):
    """Looks usable, but refuses to store (a locked or read-only keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, stored: dict[tuple[str, str], str] | None = None) -> None:
        super().__init__()
        self.stored = dict(stored or {})
        self.refuse_reads = False
        self.refuse_writes = True
        self.reads = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.reads += 1
        if self.refuse_reads:
            raise KeyringLocked("Failed to unlock the collection!")
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.refuse_writes:
            raise PasswordSetError("the keyring is locked")
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class EmptyChainer(chainer.ChainerBackend):
    """The chainer keyring picks when no real keyring is installed."""

    backends = ()  # type: ignore[assignment]


@pytest.fixture
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder the store could only write to if it fell back to a file."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    return home


def test_a_key_is_saved_in_the_keyring_under_the_apps_name(memory_keyring) -> None:
    store = KeyringSecretStore(memory_keyring)

    store.set(ANTHROPIC, KEY)

    assert memory_keyring.passwords == {(SERVICE, "anthropic_api_key"): KEY}
    assert store.get(ANTHROPIC) == KEY
    assert store.is_set(ANTHROPIC)
    assert not store.is_set(PEXELS)
    assert store.status().persistent
    assert store.status().problem == ""
    assert not store.is_session_only(ANTHROPIC)


def test_a_key_saved_before_a_restart_is_read_back(memory_keyring) -> None:
    KeyringSecretStore(memory_keyring).set(PEXELS, "pexels-key-1234")

    after_restart = KeyringSecretStore(memory_keyring)

    assert after_restart.get(PEXELS) == "pexels-key-1234"


def test_pasted_spaces_and_line_breaks_are_stripped(memory_keyring) -> None:
    store = KeyringSecretStore(memory_keyring)

    store.set(ANTHROPIC, f"  {KEY}\n")

    assert memory_keyring.passwords[(SERVICE, "anthropic_api_key")] == KEY


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_an_empty_key_is_refused(memory_keyring, blank: str) -> None:
    store = KeyringSecretStore(memory_keyring)

    with pytest.raises(ValueError, match="empty"):
        store.set(ANTHROPIC, blank)
    assert memory_keyring.passwords == {}


def test_removing_a_key_forgets_it_and_removing_it_again_is_harmless(memory_keyring) -> None:
    store = KeyringSecretStore(memory_keyring)
    store.set(ANTHROPIC, KEY)

    store.delete(ANTHROPIC)
    store.delete(ANTHROPIC)

    assert memory_keyring.passwords == {}
    assert store.get(ANTHROPIC) is None


def test_every_key_read_or_written_is_reported_for_redaction(memory_keyring) -> None:
    memory_keyring.passwords[(SERVICE, "pexels_api_key")] = "pexels-from-last-time"
    seen: list[str] = []
    store = KeyringSecretStore(memory_keyring, on_secret_seen=seen.append)

    store.set(ANTHROPIC, f" {KEY} ")
    store.is_set(PEXELS)

    assert KEY in seen
    assert "pexels-from-last-time" in seen


def test_the_default_keyring_is_looked_up_on_first_use_not_at_start(
    memory_keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups: list[int] = []

    def get_keyring() -> KeyringBackend:
        lookups.append(1)
        return memory_keyring

    monkeypatch.setattr(keyring, "get_keyring", get_keyring)
    store = KeyringSecretStore()
    assert lookups == []

    store.set(ANTHROPIC, KEY)
    store.get(ANTHROPIC)

    assert lookups == [1]
    assert store.backend is memory_keyring
    assert memory_keyring.passwords[(SERVICE, "anthropic_api_key")] == KEY


@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), null.Keyring(), EmptyChainer()],
    ids=["fail", "null", "empty-chainer"],
)
def test_without_a_usable_keyring_keys_last_for_this_session_only(
    backend: KeyringBackend, isolated_home: Path
) -> None:
    store = KeyringSecretStore(backend)

    status = store.status()
    assert not status.persistent
    assert status.problem.startswith("No usable system keyring was found (")
    assert "kept until you quit BrandTruth" in status.problem
    assert "GNOME Keyring or KWallet" in status.problem

    store.set(ANTHROPIC, KEY)
    assert store.get(ANTHROPIC) == KEY
    assert store.is_session_only(ANTHROPIC)

    assert KeyringSecretStore(backend).get(ANTHROPIC) is None, "a restart forgets the key"
    assert list(isolated_home.rglob("*")) == [], "nothing may be written to a file"

    store.delete(ANTHROPIC)
    assert store.get(ANTHROPIC) is None


def test_a_chainer_with_a_real_keyring_is_usable(memory_keyring) -> None:
    class OneKeyringChainer(chainer.ChainerBackend):
        backends = (memory_keyring,)  # type: ignore[assignment]

    store = KeyringSecretStore(OneKeyringChainer())

    store.set(ANTHROPIC, KEY)

    assert store.status().persistent
    assert memory_keyring.passwords[(SERVICE, "anthropic_api_key")] == KEY


def test_a_keyring_that_refuses_a_key_keeps_it_for_the_session_and_says_so() -> None:
    backend = RefusingKeyring({(SERVICE, "pexels_api_key"): "pexels-stored-earlier"})
    seen: list[str] = []
    store = KeyringSecretStore(backend, on_secret_seen=seen.append)
    assert store.status().persistent

    store.set(ANTHROPIC, KEY)  # raises nothing

    assert store.get(ANTHROPIC) == KEY
    assert store.is_session_only(ANTHROPIC)
    status = store.status()
    assert not status.persistent
    assert "refused" in status.problem
    assert "the keyring is locked" in status.problem
    assert "kept until you quit BrandTruth" in status.problem
    assert KEY in seen
    # Keys the keyring already holds are still read from it.
    assert store.get(PEXELS) == "pexels-stored-earlier"


def test_once_the_keyring_accepts_the_key_again_the_warning_goes_away() -> None:
    backend = RefusingKeyring()
    store = KeyringSecretStore(backend)
    store.set(ANTHROPIC, KEY)
    assert not store.status().persistent

    backend.refuse_writes = False
    store.set(ANTHROPIC, KEY)

    assert store.status().persistent
    assert not store.is_session_only(ANTHROPIC)
    assert backend.stored[(SERVICE, "anthropic_api_key")] == KEY


def test_a_keyring_that_cannot_be_read_is_not_asked_again_this_session() -> None:
    backend = RefusingKeyring()
    backend.refuse_reads = True
    store = KeyringSecretStore(backend)

    assert store.get(ANTHROPIC) is None
    status = store.status()
    assert not status.persistent
    assert status.problem.startswith("No usable system keyring was found (")
    assert "KeyringLocked" in status.problem

    store.set(ANTHROPIC, KEY)
    store.get(PEXELS)
    assert backend.reads == 1
    assert store.get(ANTHROPIC) == KEY


def test_a_keyring_that_refuses_to_remove_a_key_is_reported() -> None:
    backend = RefusingKeyring({(SERVICE, "anthropic_api_key"): KEY})
    store = KeyringSecretStore(backend)

    with pytest.raises(SecretStoreError, match="did not remove the key"):
        store.delete(ANTHROPIC)
