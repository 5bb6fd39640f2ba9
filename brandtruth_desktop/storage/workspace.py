"""Opening a workspace: the data folder, its database (checked, migrated) and asset store.

`open_workspace` is what app.py and cli.py call. Every failure a person can fix comes out as
a `StorageError` (or `paths.DataFolderError`) whose message says what to do, and nothing
already stored is overwritten on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, exc

from brandtruth_desktop.core.models import JobRecord
from brandtruth_desktop.paths import ENV_DATABASE_URL, DataPaths
from brandtruth_desktop.storage.asset_store import AssetStore
from brandtruth_desktop.storage.database import (
    Database,
    check_sqlite_file,
    classify_sqlite_error,
    describe,
    make_engine,
    sqlite_file,
)
from brandtruth_desktop.storage.errors import StorageError
from brandtruth_desktop.storage.migrate import check_revision, upgrade_to_head
from brandtruth_desktop.storage.publishing import SqlPublishLedger
from brandtruth_desktop.storage.repositories import (
    SqlAssetRepository,
    SqlCampaignRepository,
    SqlCampaignRunRepository,
    SqlContentRepository,
    SqlDecisionLog,
    SqlJobJournal,
    SqlLicenceLedger,
    SqlModelCallLedger,
)
from brandtruth_desktop.storage.writer import DatabaseWriter


@dataclass
class Workspace:
    """Everything stored for one data folder: the database, its repositories and the assets.

    Close it when done: that finishes queued writes, stops the writer thread and closes the
    database (which also folds SQLite's WAL file back into the database file).
    """

    paths: DataPaths
    engine: Engine
    writer: DatabaseWriter
    database: Database
    campaigns: SqlCampaignRepository
    decisions: SqlDecisionLog
    content: SqlContentRepository
    jobs: SqlJobJournal
    model_calls: SqlModelCallLedger
    assets: AssetStore
    asset_records: SqlAssetRepository
    licences: SqlLicenceLedger
    runs: SqlCampaignRunRepository
    publishing: SqlPublishLedger
    # Jobs that were running when the app last stopped; the UI tells the user about them.
    interrupted_jobs: list[JobRecord] = field(default_factory=list)
    migrated: bool = False

    @classmethod
    def assemble(cls, paths: DataPaths, engine: Engine, writer: DatabaseWriter) -> Workspace:
        """Wire the repositories onto an engine and writer (no checks, no migrations)."""
        database = Database(engine, writer)
        decisions = SqlDecisionLog(database)
        return cls(
            paths=paths,
            engine=engine,
            writer=writer,
            database=database,
            campaigns=SqlCampaignRepository(database, decisions),
            decisions=decisions,
            content=SqlContentRepository(database),
            jobs=SqlJobJournal(database),
            model_calls=SqlModelCallLedger(database),
            assets=AssetStore(paths.assets),
            asset_records=SqlAssetRepository(database),
            licences=SqlLicenceLedger(database),
            runs=SqlCampaignRunRepository(database),
            publishing=SqlPublishLedger(database, decisions),
        )

    def close(self) -> None:
        """Finish pending writes, stop the writer thread and close every connection."""
        try:
            self.writer.close()
        finally:
            self.engine.dispose()


def open_workspace(paths: DataPaths) -> Workspace:
    """Open (creating if need be) the workspace in `paths`, ready to use.

    Order matters: the database file is checked before anything may write to it, the schema
    is migrated only when it is behind (Alembic is not even imported otherwise), and jobs left
    running by a crash are marked interrupted.
    """
    paths.ensure()
    url = paths.database_url()
    try:
        database_file = sqlite_file(url)
    except exc.ArgumentError as error:
        raise _unusable_url(url, error) from error
    if database_file is not None:
        existing = check_sqlite_file(database_file)
        if existing is not None:
            # Refuse a newer or foreign database here, before the engine's WAL switch writes.
            check_revision(existing.revisions, existing.tables, str(database_file))
    try:
        engine = make_engine(url)
    except (ImportError, exc.ArgumentError) as error:
        # A PostgreSQL URL without its driver installed, or a URL SQLAlchemy cannot parse.
        raise _unusable_url(url, error) from error
    writer = DatabaseWriter()
    try:
        migrated = upgrade_to_head(engine)
        workspace = Workspace.assemble(paths, engine, writer)
        workspace.interrupted_jobs = workspace.jobs.mark_interrupted()
        workspace.migrated = migrated
    except exc.DBAPIError as error:
        _abandon(engine, writer)
        raise classify_sqlite_error(error, describe(url)) from error
    except BaseException:
        _abandon(engine, writer)
        raise
    return workspace


def _abandon(engine: Engine, writer: DatabaseWriter) -> None:
    writer.close()
    engine.dispose()


def _unusable_url(url: str, error: Exception) -> StorageError:
    try:
        where = describe(url)
    except exc.ArgumentError:
        where = "(not a database URL)"
    return StorageError(
        f"The database address {where} cannot be used ({error}). Fix or remove the "
        f"{ENV_DATABASE_URL} environment variable to use the local database."
    )
