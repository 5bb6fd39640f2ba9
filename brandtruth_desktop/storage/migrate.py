"""Schema upgrades at start-up, without paying for Alembic when there is nothing to do.

Start-up reads `alembic_version` with plain SQL and compares it with `HEAD_REVISION`; Alembic
(about 0.3 s to import) is only imported when a migration has to run. A database made by a
newer version of the app is refused before anything is written to it.

On SQLite a migration runs in one transaction (so a failure leaves the old schema intact) with
foreign keys off, because rebuilding a table in batch mode drops it, and with foreign keys on
that drop would cascade into every child table. `PRAGMA foreign_key_check` runs before the
commit, so a migration that broke a reference is rolled back.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, exc, inspect

from brandtruth_desktop.storage.database import (
    VERSION_TABLE,
    WRITE_OPTION,
    classify_sqlite_error,
    describe,
)
from brandtruth_desktop.storage.errors import (
    DatabaseTooNewError,
    ForeignDatabaseError,
    MigrationError,
    StorageError,
)

if TYPE_CHECKING:
    from alembic.config import Config

# Found from this file, so it works from a source checkout, a wheel and a PyInstaller bundle
# (the .py files there ship as package data, see pyproject.toml).
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Every revision this build knows, oldest first; a test checks them against Alembic's scripts.
REVISIONS = ("0001", "0002", "0003", "0005_renders", "0006_meta_publishing")
HEAD_REVISION = REVISIONS[-1]


def check_revision(revisions: Sequence[str], tables: Sequence[str], location: str) -> str | None:
    """The database's revision if this build can work with it, else the error that says why.

    `revisions` are the rows of alembic_version and `tables` every table in the database.
    Raises DatabaseTooNewError for a revision this build does not know, ForeignDatabaseError
    for a database that has tables but no BrandTruth revision.
    """
    unknown = [revision for revision in revisions if revision not in REVISIONS]
    if unknown or len(revisions) > 1:
        # A newer build may branch its history; several heads also mean "not ours to touch".
        raise DatabaseTooNewError(location, ", ".join(revisions))
    if not revisions:
        if [table for table in tables if table != VERSION_TABLE]:
            raise ForeignDatabaseError(location)
        return None
    return revisions[0]


def current_revision(connection: Connection) -> str | None:
    """The schema revision of the connected database (None for an empty one), checked."""
    inspector = inspect(connection)
    tables = inspector.get_table_names()
    revisions: list[str] = []
    if VERSION_TABLE in tables:
        rows = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}")
        revisions = [str(version) for version in rows.scalars()]
    return check_revision(revisions, tables, describe(str(connection.engine.url)))


def needs_upgrade(engine: Engine) -> bool:
    """True when the schema is older than HEAD_REVISION (or missing). Never imports Alembic.

    Raises DatabaseTooNewError or ForeignDatabaseError as `check_revision` does.
    """
    with engine.connect() as connection:
        return current_revision(connection) != HEAD_REVISION


def upgrade_to_head(engine: Engine) -> bool:
    """Bring the schema up to HEAD_REVISION; returns whether a migration ran."""
    if not needs_upgrade(engine):
        return False
    upgrade(engine, "head")
    with engine.connect() as connection:
        reached = current_revision(connection)
    if reached != HEAD_REVISION:
        # A migration script missing from an installation makes Alembic stop early without
        # complaint; the app would then fail later on a missing column. Say so now.
        raise MigrationError(
            f"The database could only be upgraded to revision {reached}, not {HEAD_REVISION}: "
            "this installation is missing migration scripts. Reinstall BrandTruth Desktop."
        )
    return True


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run Alembic's upgrade to `target` in one transaction (tests use this to stop at 0001)."""
    _run(engine, "upgrade", target)


def downgrade(engine: Engine, target: str) -> None:
    """Run Alembic's downgrade to `target` the same careful way (for support, and tests)."""
    _run(engine, "downgrade", target)


def _run(engine: Engine, direction: str, target: str) -> None:
    from alembic import command

    location = describe(str(engine.url))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            _set_foreign_keys(connection, enabled=False)
        try:
            # IMMEDIATE: a second app starting at the same moment waits here, then finds the
            # schema current (Alembic re-reads the version inside this transaction).
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                current_revision(connection)  # refuse a newer schema under the lock too
                getattr(command, direction)(alembic_config(connection), target)
                if sqlite:
                    _check_foreign_keys(connection, location)
        except StorageError:
            raise
        except Exception as error:
            if isinstance(error, exc.DBAPIError):
                raise classify_sqlite_error(error, location) from error
            raise MigrationError(
                f"Changing the schema of the database {location} failed ({error}). "
                "Nothing was changed. "
                "Please report this, with the log file, to BrandTruth support."
            ) from error
        finally:
            if sqlite and not connection.closed:
                _set_foreign_keys(connection, enabled=True)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at our scripts, with no alembic.ini on disk.

    With `connection`, env.py runs the migrations on it (inside the caller's transaction).
    """
    from alembic.config import Config

    config = Config()
    # ConfigParser interpolates "%"; a data folder may well contain one.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _set_foreign_keys(connection: Connection, *, enabled: bool) -> None:
    # Straight on the driver connection: through SQLAlchemy this would first BEGIN, and the
    # pragma is silently ignored inside a transaction.
    driver: Any = connection.connection.driver_connection
    driver.execute(f"PRAGMA foreign_keys = {'ON' if enabled else 'OFF'}")


def _check_foreign_keys(connection: Connection, location: str) -> None:
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if violations:
        sample = ", ".join(f"{row[0]} row {row[1]} -> {row[2]}" for row in violations[:5])
        raise MigrationError(
            f"Upgrading the database {location} would leave {len(violations)} broken "
            f"reference(s) ({sample}), so the upgrade was rolled back and nothing changed. "
            "Please report this, with the log file, to BrandTruth support."
        )
