"""Bad input at start-up: each gets a message saying what to do, and no stored byte changes."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from brandtruth_desktop.paths import DataFolderError, DataPaths
from brandtruth_desktop.storage.database import check_sqlite_file
from brandtruth_desktop.storage.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseNotWritableError,
    DatabaseTooNewError,
    ForeignDatabaseError,
    StorageError,
)
from brandtruth_desktop.storage.workspace import open_workspace


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in the folder (recursively) with the hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def real_database(paths: DataPaths, campaigns: int = 300) -> bytes:
    """A database made by the app, with enough rows to span many pages; returns its bytes."""
    workspace = open_workspace(paths)
    try:
        with workspace.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO campaigns (name, name_key, avoid_words, created_at, updated_at, "
                "last_activity_at) VALUES (?, ?, '[]', '2025-01-01 00:00:00', "
                "'2025-01-01 00:00:00', '2025-01-01 00:00:00')",
                [
                    (f"Campaign {n} " + "x" * 80, f"campaign {n} " + "x" * 80)
                    for n in range(campaigns)
                ],
            )
    finally:
        workspace.close()
    return paths.database.read_bytes()


def assert_refused_untouched(paths: DataPaths, error_type: type[StorageError]) -> StorageError:
    before = fingerprint(paths.root)
    with pytest.raises(error_type) as raised:
        open_workspace(paths)
    assert fingerprint(paths.root) == before
    return raised.value


def test_a_file_of_random_bytes_is_reported_as_corrupt_and_kept(data_paths: DataPaths) -> None:
    data_paths.database.write_bytes(os.urandom(64 * 1024))
    error = assert_refused_untouched(data_paths, DatabaseCorruptError)
    assert str(data_paths.database) in str(error)
    assert "move the file aside" in str(error) and "backup" in str(error)


def test_a_truncated_database_is_reported_as_corrupt_and_kept(data_paths: DataPaths) -> None:
    whole = real_database(data_paths)
    data_paths.database.write_bytes(whole[: len(whole) * 3 // 5])
    error = assert_refused_untouched(data_paths, DatabaseCorruptError)
    assert "damaged" in str(error)


def test_a_database_with_a_scrambled_page_is_reported_as_corrupt(data_paths: DataPaths) -> None:
    whole = bytearray(real_database(data_paths))
    page = 4096
    whole[2 * page : 3 * page] = os.urandom(page)  # a b-tree page in the middle
    data_paths.database.write_bytes(bytes(whole))
    assert_refused_untouched(data_paths, DatabaseCorruptError)


def test_a_database_from_a_newer_version_is_refused_and_kept(data_paths: DataPaths) -> None:
    real_database(data_paths, campaigns=3)
    with sqlite3.connect(data_paths.database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0042_from_the_future'")
    connection.close()
    error = assert_refused_untouched(data_paths, DatabaseTooNewError)
    assert "newer version" in str(error) and "Update BrandTruth" in str(error)


def test_a_foreign_database_is_refused_and_kept(data_paths: DataPaths) -> None:
    # Not in WAL mode: opening it with the app's engine would already rewrite its header.
    with sqlite3.connect(data_paths.database) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.execute("INSERT INTO recipes VALUES ('soup')")
    connection.close()
    error = assert_refused_untouched(data_paths, ForeignDatabaseError)
    assert "did not create" in str(error)


def test_a_data_folder_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    # Tests run as root, where chmod cannot stop a write; a file where a folder must go can.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("I am a file")
    with pytest.raises(DataFolderError, match="cannot be written to") as raised:
        open_workspace(DataPaths(blocker / "workspace"))
    assert "--data-dir" in str(raised.value)
    assert blocker.read_text() == "I am a file"


def test_a_folder_where_the_database_file_should_be_is_reported(data_paths: DataPaths) -> None:
    data_paths.database.mkdir()
    with pytest.raises(DatabaseNotWritableError, match="folder"):
        open_workspace(data_paths)


def test_a_database_locked_by_another_program_is_reported(data_paths: DataPaths) -> None:
    real_database(data_paths, campaigns=1)
    holder = sqlite3.connect(data_paths.database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseLockedError, match="locked by another program"):
            check_sqlite_file(data_paths.database, busy_timeout_ms=50)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_healthy_database_reopens_with_its_data(data_paths: DataPaths) -> None:
    real_database(data_paths, campaigns=5)
    workspace = open_workspace(data_paths)
    try:
        assert len(workspace.campaigns.list_summaries()) == 5
    finally:
        workspace.close()
