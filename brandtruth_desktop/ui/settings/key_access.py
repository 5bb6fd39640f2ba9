"""Every call the Settings screen makes to the secret store, in one place, off the GUI thread.

A keyring usually answers in milliseconds, but a locked one (GNOME Keyring shows its own unlock
prompt and waits for the person) or a slow D-Bus can take seconds: on the GUI thread that would
freeze the whole window. So every read, save and removal here is a call on the job runner, and
its answer comes back on the GUI thread to the callback the section gave.

The calls of one `KeyAccess` run one at a time, in the order they were asked, so an answer never
shows an older state than the one before it; and each answer carries the state of all of the
section's keys, read after the change, so one answer is enough to repaint the section. Answers
for a section that was destroyed meanwhile are dropped; work asked for after the runner shut
down (the window is closing) is dropped too.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from shiboken6 import isValid

from brandtruth_desktop.core.ports import SecretStore, SecretStoreStatus
from brandtruth_desktop.core.secrets import SecretName

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from brandtruth_desktop.workers import JobRunner

log = logging.getLogger(__name__)

T = TypeVar("T")
Failure = Callable[[BaseException], None]


@dataclass(frozen=True, slots=True)
class KeyStates:
    """Which keys are set, and whether they outlive this session. Never the values."""

    set_names: frozenset[SecretName]
    status: SecretStoreStatus


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What happened to a key that was just saved, and the section's keys after it."""

    persistent: bool
    states: KeyStates


@dataclass(frozen=True, slots=True)
class _Request:
    title: str
    work: Callable[[], Any]
    on_done: Callable[[Any], None]
    on_failure: Failure


class KeyAccess:
    """Reads, saves and removes the keys `names` on the runner, for the section `owner`."""

    def __init__(self, store: SecretStore, runner: JobRunner, owner: QObject,
                 names: Iterable[SecretName]) -> None:
        self._store = store
        self._runner = runner
        self._owner = owner
        self._names = tuple(names)
        self._waiting: deque[_Request] = deque()
        self._busy = False

    # -- what the sections ask -----------------------------------------------------------------
    def read(self, on_done: Callable[[KeyStates], None]) -> None:
        """Which keys are set and the keyring's state. A failure is logged: the section keeps
        showing what it showed."""
        self._ask("Reading the keyring", self._read, on_done,
                  lambda error: log.warning("reading the keyring failed: %s", error))

    def save(self, name: SecretName, value: str, on_done: Callable[[SaveOutcome], None],
             on_failure: Failure) -> None:
        """Save a key; `on_failure` gets ValueError for an empty key. A refusing keyring is no
        failure: the key is kept for this session and the outcome says so."""
        self._ask("Saving a key", lambda: self._save(name, value), on_done, on_failure)

    def remove(self, name: SecretName, on_done: Callable[[KeyStates], None],
               on_failure: Failure) -> None:
        """Remove a key; `on_failure` gets the store's error when the keyring refuses."""
        self._ask("Removing a key", lambda: self._remove(name), on_done, on_failure)

    # -- on the worker thread ------------------------------------------------------------------
    def _read(self) -> KeyStates:
        # Reading first lets a keyring that fails on first use show up in the status.
        set_names = frozenset(name for name in self._names if self._store.is_set(name))
        return KeyStates(set_names, self._store.status())

    def _save(self, name: SecretName, value: str) -> SaveOutcome:
        self._store.set(name, value)
        states = self._read()
        session_only = getattr(self._store, "is_session_only", None)
        persistent = (not session_only(name) if callable(session_only)
                      else states.status.persistent)
        return SaveOutcome(persistent, states)

    def _remove(self, name: SecretName) -> KeyStates:
        self._store.delete(name)
        return self._read()

    # -- one call at a time --------------------------------------------------------------------
    def _ask(self, title: str, work: Callable[[], T], on_done: Callable[[T], None],
             on_failure: Failure) -> None:
        self._waiting.append(_Request(title, work, on_done, on_failure))
        self._next()

    def _next(self) -> None:
        if self._busy or not self._waiting:
            return
        request = self._waiting.popleft()
        try:
            self._runner.call(
                request.title, request.work,
                on_success=lambda result: self._answered(request.on_done, result),
                on_failure=lambda error: self._answered(request.on_failure, error))
        except RuntimeError as error:  # the runner has shut down: the window is closing
            log.debug("%s not started: %s", request.title, error)
            self._waiting.clear()
            return
        self._busy = True

    def _answered(self, callback: Callable[[Any], None], answer: Any) -> None:
        self._busy = False
        try:
            if isValid(self._owner):  # the section may have been destroyed while it waited
                callback(answer)
        finally:
            self._next()
