"""Checking a workspace: is the database sound, and does every stored file still hold its bytes?

`check_workspace` is a stage (core.jobs): it yields progress file by file and can be cancelled
between files, so Help → Check workspace runs it on the job runner with a cancel button.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from brandtruth_desktop.core.jobs import Progress

if TYPE_CHECKING:
    from brandtruth_desktop.storage.workspace import Workspace


@dataclass(frozen=True, slots=True)
class IntegrityReport:
    """What a workspace check found; `healthy` when there is nothing to act on."""

    database_problems: tuple[str, ...] = ()
    files_checked: int = 0
    missing: tuple[str, ...] = ()
    damaged: tuple[str, ...] = ()
    leftover_temp_files: tuple[Path, ...] = field(default_factory=tuple)

    @property
    def healthy(self) -> bool:
        return not (self.database_problems or self.missing or self.damaged)

    def summary(self) -> str:
        """One paragraph a person can act on."""
        if self.healthy:
            return (
                f"The database is sound and all {self.files_checked} stored files match "
                "their checksums."
            )
        parts = []
        if self.database_problems:
            parts.append(
                "The database reports problems: " + "; ".join(self.database_problems[:3])
                + ". Restore a backup of brandtruth.sqlite3 or contact support with the log."
            )
        if self.missing:
            parts.append(f"{len(self.missing)} stored file(s) are missing from the assets folder.")
        if self.damaged:
            parts.append(
                f"{len(self.damaged)} stored file(s) no longer match their checksum "
                "(changed or damaged on disk)."
            )
        return " ".join(parts)


def check_workspace(workspace: Workspace) -> Generator[Progress, None, IntegrityReport]:
    """Run SQLite's integrity check, then re-hash every file the database refers to."""
    yield Progress(0, None, "Checking the database…")
    problems: tuple[str, ...] = ()
    if workspace.engine.dialect.name == "sqlite":
        with workspace.engine.connect() as connection:
            rows = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
        problems = tuple(row for row in rows if row != "ok")
    assets = workspace.asset_records.list_assets()
    missing: list[str] = []
    damaged: list[str] = []
    total = len(assets)
    for number, asset in enumerate(assets, start=1):
        if not workspace.assets.exists(asset.sha256):
            missing.append(asset.sha256)
        elif not workspace.assets.verify(asset.sha256):
            damaged.append(asset.sha256)
        yield Progress(number, total, f"Checked {number} of {total} stored files")
    return IntegrityReport(
        database_problems=problems,
        files_checked=total,
        missing=tuple(missing),
        damaged=tuple(damaged),
        leftover_temp_files=tuple(workspace.assets.stale_temp_files()),
    )
