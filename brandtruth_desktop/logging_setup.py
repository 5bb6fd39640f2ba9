"""Logging: JSON lines in the data folder's `logs/`, rotated, with secrets redacted.

`configure_logging` attaches two handlers to the root logger: a rotating file of JSON objects
(one per line) and the terminal for warnings (everything with `--verbose`). Both carry a
`RedactingFilter` that removes every key the secret store has seen and anything shaped like an
API key or token, from the message, its arguments and exception tracebacks.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TextIO

LOG_FILE_NAME = "brandtruth.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5
REDACTED = "[REDACTED]"
MIN_SECRET_LENGTH = 4
"""Shorter values are not credible keys, and redacting them would garble every log line."""

_HANDLER_PREFIX = "brandtruth."

_NAMED_VALUE = re.compile(
    r"""(?ix)
    (["']?\b(?:access_token|refresh_token|input_token|fb_exchange_token|client_secret|
            app_secret|x-api-key|api[_-]?key)\b["']?\s*[:=]\s*["']?)
    (?!\[REDACTED\])[^\s"'&,;}\]]+
    """
)
_AUTHORIZATION = re.compile(
    r"""(?i)(\bauthorization["']?\s*[:=]\s*["']?(?:(?:Bearer|Basic|Client-ID|OAuth)\s+)?+)"""
    r"""(?!\[REDACTED\])[^\s"',;}\]]+"""
)
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"sk-ant-[A-Za-z0-9_\-]+"), REDACTED),
    (re.compile(r"\bEAA[A-Za-z0-9]{20,}"), REDACTED),
    (re.compile(r"(?i)\b(Bearer|Client-ID)\s+[A-Za-z0-9\-._~+/]+=*"), rf"\1 {REDACTED}"),
    (_NAMED_VALUE, rf"\1{REDACTED}"),
    (_AUTHORIZATION, rf"\1{REDACTED}"),
)


class RedactingFilter(logging.Filter):
    """Replaces secrets in log records with `[REDACTED]`; never drops a record.

    Two kinds of secret are removed: every value passed to `register_secret` (the secret store
    reports each key it reads or writes) and text shaped like an Anthropic key, a Meta token, a
    bearer token or a `access_token=` / `client_secret=` / `api_key=` / `x-api-key` value.
    """

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()

    def register_secret(self, value: str) -> None:
        """Redact this exact value from now on (thread-safe)."""
        value = value.strip()
        if len(value) < MIN_SECRET_LENGTH:
            return
        with self._lock:
            if value in self._secrets:
                return
            # Longest first, so a key that contains another is removed whole.
            self._secrets = tuple(sorted({*self._secrets, value}, key=len, reverse=True))

    def redact(self, text: str) -> str:
        """`text` with every known secret and secret-shaped value replaced."""
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not hide the record or its secrets
            message = f"{record.msg!s} {record.args!r}"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class JsonLineFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message, thread."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "thread": record.threadName or "",
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (test runners swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def configure_logging(logs_dir: Path, *, verbose: bool = False) -> RedactingFilter:
    """Send logs to `logs_dir/brandtruth.log` (JSON lines, 2 MB × 5 files) and the terminal.

    INFO and up go to the file (DEBUG with `verbose`); the terminal shows warnings (everything
    with `verbose`). Calling it again replaces the handlers an earlier call added.
    Returns the filter, whose `register_secret` the secret store calls.
    """
    shutdown_logging()
    redactor = RedactingFilter()
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)

    terminal = _StderrHandler()
    terminal.set_name(_HANDLER_PREFIX + "stderr")
    terminal.setLevel(logging.DEBUG if verbose else logging.WARNING)
    terminal.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    terminal.addFilter(redactor)
    root.addHandler(terminal)

    try:
        logs_dir.mkdir(parents=True, exist_ok=True)
        log_file = RotatingFileHandler(
            logs_dir / LOG_FILE_NAME, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
            encoding="utf-8",
        )
    except OSError as error:
        logging.getLogger(__name__).warning(
            "Logs cannot be written to %s (%s); logging to the terminal only.",
            logs_dir, error.strerror or error,
        )
        return redactor
    log_file.set_name(_HANDLER_PREFIX + "file")
    log_file.setLevel(logging.DEBUG)
    log_file.setFormatter(JsonLineFormatter())
    log_file.addFilter(redactor)
    root.addHandler(log_file)
    # Third-party chatter that drowns the app's own lines at DEBUG.
    for noisy in ("PIL", "urllib3", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.INFO)
    return redactor


def shutdown_logging() -> None:
    """Detach and close the handlers `configure_logging` added (flushes the log file)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if (handler.get_name() or "").startswith(_HANDLER_PREFIX):
            root.removeHandler(handler)
            handler.close()
