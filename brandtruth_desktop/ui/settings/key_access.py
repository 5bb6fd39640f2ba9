"""Every call the Settings screen makes to the secret store, in one place.

A keyring usually answers in milliseconds, so these run on the GUI thread for now. If a slow
keyring (a locked one showing its own unlock prompt, a remote session) needs it, these three
calls become jobs on the runner and the screen keeps its shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from brandtruth_desktop.core.ports import SecretStore, SecretStoreStatus
from brandtruth_desktop.core.secrets import SecretName


@dataclass(frozen=True, slots=True)
class KeyStates:
    """Which keys are set, and whether they outlive this session. Never the values."""

    set_names: frozenset[SecretName]
    status: SecretStoreStatus


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What happened to a key that was just saved."""

    persistent: bool
    status: SecretStoreStatus


class KeyAccess:
    """Reads, saves and removes keys on behalf of the Settings screen."""

    def __init__(self, store: SecretStore) -> None:
        self._store = store

    def read(self, names: Iterable[SecretName]) -> KeyStates:
        # Reading first lets a keyring that fails on first use show up in the status.
        set_names = frozenset(name for name in names if self._store.is_set(name))
        return KeyStates(set_names, self._store.status())

    def save(self, name: SecretName, value: str) -> SaveOutcome:
        """Raises ValueError for an empty key; a refusing keyring keeps it for the session."""
        self._store.set(name, value)
        status = self._store.status()
        session_only = getattr(self._store, "is_session_only", None)
        persistent = not session_only(name) if callable(session_only) else status.persistent
        return SaveOutcome(persistent, status)

    def remove(self, name: SecretName) -> SecretStoreStatus:
        """Raises the store's error when the keyring refuses to remove the key."""
        self._store.delete(name)
        return self._store.status()
