"""The log file: JSON lines, rotated, and never a secret in it."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from brandtruth_desktop.logging_setup import (
    REDACTED,
    JsonLineFormatter,
    RedactingFilter,
    configure_logging,
    shutdown_logging,
)

REGISTERED = "pexels-563492ad6f91700001000001e5a6"
ANTHROPIC = "sk-ant-api03-Zx9_aB-cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wX3yZ4-AbCdEf"
META = "EAAGm0PX4ZCpsBAKZCZBf8ZBZCZAZD1234567890abcdefXYZ"
BEARER = "tok_live_8f7e6d5c4b3a2910"
CLIENT_SECRET = "9b1c7f0e2d3a4b5c6d7e8f9a0b1c2d3e"
URL_TOKEN = "AQDx5yZ-not-an-eaa-token-77"
HEADER_KEY = "hdr-key-4455667788"
EXCEPTION_KEY = "sk-ant-api03-InAnException-998877665544"

log = logging.getLogger("brandtruth_desktop.tests.redaction")


@pytest.fixture
def logs_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    yield folder
    shutdown_logging()


def read_entries(logs_dir: Path) -> list[dict[str, str]]:
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = (logs_dir / "brandtruth.log").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def our_handlers() -> list[logging.Handler]:
    return [
        h for h in logging.getLogger().handlers if (h.get_name() or "").startswith("brandtruth.")
    ]


def test_secrets_never_reach_the_log_file(logs_dir: Path) -> None:
    redactor = configure_logging(logs_dir)
    redactor.register_secret(REGISTERED)

    log.info("searching Pexels with key %s", REGISTERED)
    log.info("calling Claude with %s", ANTHROPIC)
    log.warning("Meta answered for token %s", META)
    log.info("headers: %s", {"Authorization": f"Bearer {BEARER}", "x-api-key": HEADER_KEY})
    log.info(
        "GET https://graph.facebook.com/v19.0/oauth/access_token?client_id=1"
        f"&client_secret={CLIENT_SECRET}&access_token={URL_TOKEN}"
    )
    log.info('body: {"api_key": "%s"}', HEADER_KEY)
    try:
        raise RuntimeError(f"401: invalid x-api-key {EXCEPTION_KEY} (pexels {REGISTERED})")
    except RuntimeError:
        log.exception("copy generation failed")

    raw = (logs_dir / "brandtruth.log").read_bytes()
    for secret in (REGISTERED, ANTHROPIC, META, BEARER, CLIENT_SECRET, URL_TOKEN, HEADER_KEY,
                   EXCEPTION_KEY):
        assert secret.encode() not in raw, f"{secret} leaked into the log"
    entries = read_entries(logs_dir)
    messages = [e["message"] for e in entries]
    assert f"searching Pexels with key {REDACTED}" in messages
    assert f"calling Claude with {REDACTED}" in messages
    assert f"Meta answered for token {REDACTED}" in messages
    assert any(f"Bearer {REDACTED}" in m for m in messages)
    assert any(f"client_secret={REDACTED}&access_token={REDACTED}" in m for m in messages)
    failure = next(e for e in entries if e["message"] == "copy generation failed")
    assert "RuntimeError: 401: invalid" in failure["exc_info"]
    assert REDACTED in failure["exc_info"]


def test_each_line_is_one_json_object_with_time_level_logger_and_thread(logs_dir: Path) -> None:
    configure_logging(logs_dir)

    log.warning("disk almost full")

    (entry,) = [e for e in read_entries(logs_dir) if e["message"] == "disk almost full"]
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "brandtruth_desktop.tests.redaction"
    assert entry["thread"] == threading.current_thread().name
    stamp = datetime.fromisoformat(entry["time"])
    assert stamp.utcoffset() == timedelta(0)
    assert "exc_info" not in entry


def test_a_secret_registered_from_another_thread_is_redacted(logs_dir: Path) -> None:
    redactor = configure_logging(logs_dir)
    worker = threading.Thread(target=redactor.register_secret, args=(REGISTERED,))
    worker.start()
    worker.join()

    log.info("key in use: %s", REGISTERED)

    assert REGISTERED.encode() not in (logs_dir / "brandtruth.log").read_bytes()


def test_the_log_rotates_at_2_mb_and_keeps_5_files(logs_dir: Path) -> None:
    configure_logging(logs_dir)
    (handler,) = [h for h in our_handlers() if isinstance(h, RotatingFileHandler)]
    assert handler.maxBytes == 2 * 1024 * 1024
    assert handler.backupCount == 5

    log.info("before rotation")
    handler.doRollover()
    log.info("after rotation")

    assert "before rotation" in (logs_dir / "brandtruth.log.1").read_text(encoding="utf-8")
    assert [e["message"] for e in read_entries(logs_dir)] == ["after rotation"]


def test_verbose_writes_debug_lines_and_the_default_does_not(logs_dir: Path) -> None:
    configure_logging(logs_dir)
    log.debug("quiet detail")
    configure_logging(logs_dir, verbose=True)
    log.debug("verbose detail")

    messages = [e["message"] for e in read_entries(logs_dir)]
    assert "verbose detail" in messages
    assert "quiet detail" not in messages


def test_the_terminal_shows_warnings_redacted(
    logs_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(logs_dir)

    log.info("only in the file")
    log.warning("bad key %s", ANTHROPIC)

    err = capsys.readouterr().err
    assert f"bad key {REDACTED}" in err
    assert ANTHROPIC not in err
    assert "only in the file" not in err


def test_configuring_twice_replaces_the_handlers_and_closes_the_old_ones(logs_dir: Path) -> None:
    configure_logging(logs_dir)
    (first_file,) = [h for h in our_handlers() if isinstance(h, RotatingFileHandler)]

    configure_logging(logs_dir)

    assert len(our_handlers()) == 2
    assert first_file not in our_handlers()
    assert first_file.stream is None, "the replaced log file was closed"

    shutdown_logging()
    assert our_handlers() == []


def test_a_broken_format_string_is_kept_and_redacted_not_raised() -> None:
    # (Called directly: pytest's own log capture re-raises such errors before our handler runs.)
    redactor = RedactingFilter()
    record = logging.LogRecord(
        "brandtruth_desktop.x", logging.INFO, __file__, 1, "two placeholders %s %s",
        (ANTHROPIC,), None,
    )

    assert redactor.filter(record)

    line = json.loads(JsonLineFormatter().format(record))
    assert "two placeholders" in line["message"]
    assert ANTHROPIC not in line["message"]
    assert REDACTED in line["message"]


def test_redact_handles_keys_inside_other_text() -> None:
    redactor = RedactingFilter()
    redactor.register_secret("  abc-secret-value  ")
    redactor.register_secret("ab")  # too short to be a key; would garble every line

    assert redactor.redact("x=abc-secret-value.") == f"x={REDACTED}."
    assert redactor.redact("tab") == "tab"
    assert redactor.redact('{"x-api-key": "k-123"}') == f'{{"x-api-key": "{REDACTED}"}}'
    assert redactor.redact("Authorization: Client-ID abc123") == (
        f"Authorization: Client-ID {REDACTED}"
    )
    assert redactor.redact("no secrets here") == "no secrets here"
