"""The SecretStore on the OS keyring (DESIGN.md decision 7).

API keys live in the system keyring: the Secret Service (GNOME Keyring, KWallet) on Linux, the
Keychain on macOS, the Credential Manager on Windows. When there is no usable keyring, or the
keyring refuses a key, the key is kept in memory for this session only and `status()` says why,
so Settings and the status bar can tell the person. Keys are never written to a file here.

The store is thread-safe, so its calls can move to a worker thread when a keyring is slow.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from brandtruth_desktop import APP_NAME
from brandtruth_desktop.core.ports import SecretStoreStatus
from brandtruth_desktop.core.secrets import SecretName

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# keyring is imported where it is first used: importing it (and, more so, resolving the default
# backend, which probes every plug-in) would otherwise come before the main window shows.

log = logging.getLogger(__name__)

SESSION_ONLY = (
    "Keys you enter are kept until you quit BrandTruth and must be entered again next time."
)
HOW_TO_FIX = (
    "On Linux install and unlock GNOME Keyring or KWallet; on macOS allow BrandTruth to use "
    "the Keychain; on Windows the Credential Manager is used."
)


class SecretStoreError(Exception):
    """A key could not be removed from the keyring; the message says what to do."""


def backend_problem(backend: KeyringBackend) -> str:
    """Why `backend` cannot keep keys across restarts, or "" when it looks usable."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring):
        return "no keyring service is available"
    if isinstance(backend, null.Keyring):
        return "the keyring is switched off"
    if type(backend).__module__.startswith("keyrings.alt"):
        # keyrings.alt stores keys in plain or weakly protected files: never acceptable here.
        return f"the only keyring found ({backend.name}) would store keys in a file"
    if isinstance(backend, chainer.ChainerBackend):
        members = [b for b in backend.backends if not backend_problem(b)]
        if not members:
            return "no keyring service is available"
    return ""


def describe_backend(backend: KeyringBackend) -> str:
    """A short name for the keyring in use, e.g. `SecretService Keyring` (for About, self-test)."""
    from keyring.backends import chainer

    if isinstance(backend, chainer.ChainerBackend):
        members = ", ".join(b.name for b in backend.backends) or "empty"
        return f"{backend.name} ({members})"
    return str(backend.name)


class KeyringSecretStore:
    """Keeps API keys in the OS keyring, or for this session only when there is none.

    `on_secret_seen` is called with every key value read or written, so the log filter can
    redact it wherever it might show up later.
    """

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        service: str = APP_NAME,
        on_secret_seen: Callable[[str], None] | None = None,
    ) -> None:
        self._service = service
        self._on_secret_seen = on_secret_seen
        self._lock = threading.Lock()
        # Resolving the default backend imports and probes every keyring plug-in, so it waits
        # for the first call instead of slowing the constructor.
        self._backend = backend
        self._unusable = ""  # why the keyring is not used at all this session
        self._refused = ""  # why the keyring refused the last key it was given
        self._session: dict[SecretName, str] = {}

    # -- SecretStore ---------------------------------------------------------------------------
    def get(self, name: SecretName) -> str | None:
        """The key, from this session's memory or the keyring; None when it is not set."""
        with self._lock:
            value = self._session.get(name)
        if value is None:
            backend = self._usable_backend()
            if backend is not None:
                try:
                    value = backend.get_password(self._service, name.value)
                except Exception as error:  # any backend failure means: no keyring this session
                    self._give_up("the keyring could not be read", error)
                    value = None
        if value is not None:
            self._seen(value)
        return value

    def set(self, name: SecretName, value: str) -> None:
        """Save a key in the keyring, or for this session if the keyring refuses it.

        Raises ValueError for an empty key. A refusing keyring raises nothing: the key is kept
        in memory and `status()` reports the problem.
        """
        value = value.strip()
        if not value:
            raise ValueError("The key is empty. Paste the whole key and try again.")
        self._seen(value)
        backend = self._usable_backend()
        if backend is not None:
            try:
                backend.set_password(self._service, name.value, value)
            except Exception as error:
                reason = _reason(error)
                log.warning("the keyring refused %s (%s); keeping it for this session", name,
                            reason)
                with self._lock:
                    self._refused = reason
                    self._session[name] = value
            else:
                with self._lock:
                    self._session.pop(name, None)
                    if not self._session:
                        self._refused = ""
                log.info("%s saved to the keyring", name)
            return
        with self._lock:
            self._session[name] = value
        log.info("%s kept for this session only", name)

    def delete(self, name: SecretName) -> None:
        """Forget a key here and in the keyring. Removing a key that is not set does nothing.

        Raises SecretStoreError when the keyring holds the key and refuses to remove it.
        """
        with self._lock:
            self._session.pop(name, None)
            if not self._session:
                self._refused = ""
        backend = self._usable_backend()
        if backend is None:
            return
        from keyring.errors import PasswordDeleteError

        try:
            backend.delete_password(self._service, name.value)
        except PasswordDeleteError:
            pass  # it was not in the keyring
        except Exception as error:
            reason = _reason(error)
            log.warning("the keyring did not remove %s (%s)", name, reason)
            raise SecretStoreError(
                f"The system keyring did not remove the key ({reason}). Unlock the keyring "
                "and try again, or remove the entry for BrandTruth Desktop with your keyring "
                "app (Passwords and Keys, KWallet Manager or Keychain Access)."
            ) from error
        else:
            log.info("%s removed from the keyring", name)

    def is_set(self, name: SecretName) -> bool:
        return self.get(name) is not None

    def status(self) -> SecretStoreStatus:
        backend = self._resolved_backend()
        with self._lock:
            unusable, refused = self._unusable, self._refused
        name = describe_backend(backend)
        if unusable:
            return SecretStoreStatus(
                False, name, f"No usable system keyring was found ({unusable}). "
                f"{SESSION_ONLY} {HOW_TO_FIX}",
            )
        if refused:
            return SecretStoreStatus(
                False, name, f"The system keyring refused to save a key ({refused}). "
                f"{SESSION_ONLY} Unlock your keyring (GNOME Keyring or KWallet on Linux, "
                "Keychain on macOS) and set the key again to save it for good.",
            )
        return SecretStoreStatus(True, name)

    # -- beyond the protocol -------------------------------------------------------------------
    def is_session_only(self, name: SecretName) -> bool:
        """True when this key is held in memory only and will be gone after quitting."""
        with self._lock:
            return name in self._session

    @property
    def backend(self) -> KeyringBackend:
        """The keyring backend in use (resolved on first use)."""
        return self._resolved_backend()

    # -- inside --------------------------------------------------------------------------------
    def _resolved_backend(self) -> KeyringBackend:
        with self._lock:
            if self._backend is None:
                import keyring

                self._backend = keyring.get_keyring()
                log.info("keyring backend: %s", describe_backend(self._backend))
            backend = self._backend
            if not self._unusable:
                self._unusable = backend_problem(backend)
            return backend

    def _usable_backend(self) -> KeyringBackend | None:
        backend = self._resolved_backend()
        with self._lock:
            return None if self._unusable else backend

    def _give_up(self, what: str, error: BaseException) -> None:
        reason = f"{what}: {_reason(error)}"
        log.warning("not using the keyring this session: %s", reason)
        with self._lock:
            self._unusable = reason

    def _seen(self, value: str) -> None:
        if self._on_secret_seen is not None:
            self._on_secret_seen(value)


def _reason(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
