"""The SQLite connection settings the app relies on are really in force."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from brandtruth_desktop.paths import ENV_DATABASE_URL, DataPaths
from brandtruth_desktop.storage.database import describe, make_engine, sqlite_file
from brandtruth_desktop.storage.errors import StorageError
from brandtruth_desktop.storage.schema import CampaignRow, UTCDateTime
from brandtruth_desktop.storage.workspace import Workspace, open_workspace


def test_every_connection_has_wal_foreign_keys_and_a_busy_timeout(workspace: Workspace) -> None:
    seen: list[tuple[str, int, int, int]] = []

    def probe() -> None:
        with workspace.engine.connect() as connection:
            seen.append(
                (
                    connection.exec_driver_sql("PRAGMA journal_mode").scalar_one(),
                    connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one(),
                    connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one(),
                    connection.exec_driver_sql("PRAGMA synchronous").scalar_one(),
                )
            )

    # A second thread gets a second pooled connection: the settings are per connection.
    probe()
    worker = threading.Thread(target=probe)
    with workspace.engine.connect():  # keep the first connection checked out
        worker.start()
        worker.join()
    assert seen == [("wal", 1, 5000, 1)] * 2  # synchronous 1 == NORMAL


def test_transactions_are_real_so_a_failed_write_leaves_nothing(workspace: Workspace) -> None:
    # The sqlite3 module would not BEGIN before DDL; our BEGIN makes a rollback complete.
    with pytest.raises(RuntimeError), workspace.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
        connection.exec_driver_sql("INSERT INTO scratch VALUES (1)")
        raise RuntimeError("boom")
    with workspace.engine.connect() as connection:
        tables = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name = 'scratch'"
        ).all()
    assert tables == []


def test_times_come_back_timezone_aware_utc(workspace: Workspace) -> None:
    created = workspace.campaigns.create("Times", actor="t")
    assert created.created_at is not None and created.created_at.tzinfo is UTC
    again = workspace.campaigns.get(created.id)
    assert again is not None and again.created_at == created.created_at
    # A local time is converted, not mislabelled; a naive time is refused.
    column = UTCDateTime()
    dialect = workspace.engine.dialect
    plus_two = datetime(2025, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    stored = column.process_bind_param(plus_two, dialect)
    assert stored == datetime(2025, 1, 1, 10, 0)
    assert column.process_result_value(stored, dialect) == plus_two
    with pytest.raises(ValueError, match="naive"):
        column.process_bind_param(datetime(2025, 1, 1), dialect)


def test_database_url_from_the_environment_is_used(
    data_paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "team" / "shared.sqlite3"
    shared.parent.mkdir()
    monkeypatch.setenv(ENV_DATABASE_URL, f"sqlite:///{shared}")
    opened = open_workspace(data_paths)
    try:
        opened.campaigns.create("Shared", actor="t")
    finally:
        opened.close()
    assert shared.exists()
    assert not data_paths.database.exists()


def test_urls_are_described_without_passwords() -> None:
    assert sqlite_file("sqlite:////data/x.sqlite3") == Path("/data/x.sqlite3")
    assert sqlite_file("sqlite://") is None
    assert sqlite_file("postgresql://u:secret@db/brandtruth") is None
    described = describe("postgresql://u:secret@db/brandtruth")
    assert "secret" not in described and "db/brandtruth" in described


def test_in_memory_sqlite_works_for_tooling() -> None:
    engine = make_engine("sqlite://")
    try:
        with engine.begin() as connection:
            CampaignRow.metadata.create_all(connection)
            assert connection.execute(text("SELECT count(*) FROM campaigns")).scalar() == 0
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "url", ["postgresql://team:hunter2@127.0.0.1:1/brandtruth", "not a database url"]
)
def test_an_unusable_database_url_is_reported_without_its_password(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv(ENV_DATABASE_URL, url)
    with pytest.raises(StorageError, match=ENV_DATABASE_URL) as raised:
        open_workspace(data_paths)
    assert "hunter2" not in str(raised.value)
