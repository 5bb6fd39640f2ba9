"""Migrations: no row is lost, start-up skips Alembic when current, and the schema matches."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from brandtruth_desktop.core.models import CampaignStatus, JobState, VariantStatus
from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.storage import migrate
from brandtruth_desktop.storage.database import make_engine
from brandtruth_desktop.storage.errors import MigrationError
from brandtruth_desktop.storage.schema import Base
from brandtruth_desktop.storage.workspace import open_workspace

# One row (or more) for every table revision 0001 creates, exactly as 0001 stored them.
ROWS_AT_0001: dict[str, list[dict[str, Any]]] = {
    "campaigns": [
        {
            "id": 1,
            "name": "Acme Spring",
            "name_key": "acme spring",
            "status": "in_review",
            "source_url": "https://acme.example",
            "objective": "sales",
            "audience": "runners",
            "tone": "warm",
            "offer": "10% off",
            "avoid_words": '["cheap"]',
            "created_at": "2025-01-02 09:00:00.000000",
            "updated_at": "2025-01-03 10:30:00.000000",
        },
        {
            "id": 2,
            "name": "Empty",
            "name_key": "empty",
            "status": "draft",
            "source_url": "",
            "objective": "",
            "audience": "",
            "tone": "",
            "offer": "",
            "avoid_words": "[]",
            "created_at": "2025-01-04 09:00:00.000000",
            "updated_at": "2025-01-05 11:00:00.000000",
        },
    ],
    "brand_profiles": [
        {
            "campaign_id": 1,
            "brand_name": "Acme",
            "tagline": "Run further",
            "logo_sha256": "ab" * 32,
            "colors": '["#112233"]',
            "source_pages": '["https://acme.example/"]',
        }
    ],
    "facts": [
        {
            "campaign_id": 1,
            "id": f"f{n}",
            "position": n,
            "kind": "statistic",
            "text": f"{n} million runners",
            "quote": f"Loved by {n} million runners",
            "source_url": "https://acme.example/about",
            "risk": "medium",
            "risk_reason": "number",
            "excluded": n == 2,
            "user_supplied": False,
        }
        for n in range(3)
    ],
    "variants": [
        {
            "id": f"v{n}",
            "campaign_id": 1,
            "angle": "proof",
            "headline": f"Headline {n}",
            "primary_text": "Go further",
            "description": "",
            "call_to_action": "SHOP_NOW",
            "fact_ids": '["f0"]',
            "status": "approved" if n == 0 else "pending",
            "rejection_reason": "",
            "provenance": '{"model": "offline"}',
            "created_at": f"2025-01-03 10:0{n}:00.000000",
        }
        for n in range(2)
    ],
    "layout_specs": [
        {
            "variant_id": "v0",
            "format": "1:1",
            "revision": r,
            "spec": json.dumps({"headline": {"size": 40 + r}}),
            "created_at": "2025-01-03 10:10:00.000000",
        }
        for r in (1, 2)
    ],
    "assets": [
        {
            "sha256": "cd" * 32,
            "kind": "image",
            "mime_type": "image/png",
            "size": 1234,
            "original_name": "hero.png",
            "source_url": "https://acme.example/hero.png",
            "created_at": "2025-01-03 10:00:00.000000",
        }
    ],
    "decisions": [
        {
            "id": 1,
            "campaign_id": 1,
            "variant_id": "v0",
            "action": "variant.approve",
            "actor": "ana",
            "at": "2025-01-03 10:20:00.000000",
            "before": '{"status": "pending"}',
            "after": '{"status": "approved"}',
        },
        {
            # About a campaign deleted long ago: no foreign key, so it must survive too.
            "id": 2,
            "campaign_id": 99,
            "variant_id": None,
            "action": "campaign.delete",
            "actor": "ana",
            "at": "2025-01-01 08:00:00.000000",
            "before": '{"name": "Old"}',
            "after": None,
        },
    ],
    "jobs": [
        {
            "id": 1,
            "kind": "extract",
            "title": "Reading acme.example",
            "campaign_id": 1,
            "state": "succeeded",
            "done": 5,
            "total": 5,
            "message": "done",
            "error": "",
            "started_at": "2025-01-03 09:00:00.000000",
            "finished_at": "2025-01-03 09:01:00.000000",
        }
    ],
}


def insert_rows(engine: Engine, rows: dict[str, list[dict[str, Any]]]) -> None:
    with engine.begin() as connection:
        for table, table_rows in rows.items():
            columns = list(table_rows[0])
            connection.execute(
                text(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join(':' + c for c in columns)})"
                ),
                table_rows,
            )


def read_rows(engine: Engine, table: str, columns: list[str]) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        result = connection.execute(
            text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")
        )
        return [dict(row._mapping) for row in result]


def database_at_0001(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, "0001")  # alembic command.upgrade to "0001", in one transaction
    return engine


def test_head_revision_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert scripts.get_current_head() == migrate.HEAD_REVISION
    history = [script.revision for script in scripts.walk_revisions()]
    assert tuple(reversed(history)) == migrate.REVISIONS


def test_upgrading_a_0001_database_keeps_every_row(data_paths: DataPaths) -> None:
    engine = database_at_0001(data_paths.database)
    try:
        insert_rows(engine, ROWS_AT_0001)
        assert migrate.needs_upgrade(engine)
        assert migrate.upgrade_to_head(engine) is True
        for table, rows in ROWS_AT_0001.items():
            stored = read_rows(engine, table, list(rows[0]))
            expected = [
                {k: int(v) if isinstance(v, bool) else v for k, v in row.items()} for row in rows
            ]
            assert stored == expected, table
        backfilled = read_rows(engine, "campaigns", ["updated_at", "last_activity_at"])
        assert all(row["last_activity_at"] == row["updated_at"] for row in backfilled)
        assert migrate.needs_upgrade(engine) is False
    finally:
        engine.dispose()

    # And the app reads the upgraded rows as proper core objects.
    workspace = open_workspace(data_paths)
    try:
        assert workspace.migrated is False
        summaries = {s.campaign.id: s for s in workspace.campaigns.list_summaries()}
        acme = summaries[1]
        assert acme.campaign.status is CampaignStatus.IN_REVIEW
        assert acme.campaign.avoid_words == ("cheap",)
        assert (acme.facts, acme.variants, acme.approved) == (3, 2, 1)
        assert acme.last_activity is not None and acme.last_activity.isoformat() == (
            "2025-01-03T10:30:00+00:00"
        )
        variants = workspace.content.variants(1)
        assert [v.status for v in variants] == [VariantStatus.APPROVED, VariantStatus.PENDING]
        spec = workspace.content.latest_layout_spec("v0", "1:1")
        assert spec is not None and spec.revision == 2 and spec.spec["headline"]["size"] == 42
        assert [d.action for d in workspace.decisions.for_campaign(99)] == ["campaign.delete"]
        job = workspace.jobs.get(1)
        assert job is not None and job.state is JobState.SUCCEEDED
        # Deleting still cascades after the campaigns table was rebuilt by 0002.
        workspace.campaigns.delete(1, actor="t")
        assert workspace.content.facts(1) == []
        assert workspace.content.latest_layout_spec("v0", "1:1") is None
    finally:
        workspace.close()


def test_ids_of_deleted_campaigns_are_not_reused_across_the_upgrade(
    data_paths: DataPaths,
) -> None:
    engine = database_at_0001(data_paths.database)
    try:
        insert_rows(engine, {"campaigns": ROWS_AT_0001["campaigns"]})
        with engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM campaigns WHERE id = 2")
        migrate.upgrade_to_head(engine)
    finally:
        engine.dispose()
    workspace = open_workspace(data_paths)
    try:
        # Audit rows about campaign 2 must never be mistaken for a new campaign's.
        assert workspace.campaigns.create("New", actor="t").id == 3
    finally:
        workspace.close()


def test_a_migration_that_would_break_references_is_rolled_back(data_paths: DataPaths) -> None:
    engine = database_at_0001(data_paths.database)
    try:
        with engine.connect() as connection:
            # Sneak in an orphan, as an old bug or a hand edit might have.
            driver: Any = connection.connection.driver_connection
            driver.execute("PRAGMA foreign_keys = OFF")
            driver.execute(
                "INSERT INTO facts (campaign_id, id, kind) VALUES (42, 'orphan', 'claim')"
            )
            driver.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(MigrationError, match=r"broken reference.*rolled back"):
            migrate.upgrade_to_head(engine)
        with engine.connect() as connection:
            assert migrate.current_revision(connection) == "0001"
            tables = {
                row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master")
            }
        assert "model_calls" not in tables
        assert read_rows(engine, "facts", ["id"]) == [{"id": "orphan"}]
    finally:
        engine.dispose()


def test_migrations_create_exactly_the_orm_schema(workspace_engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with workspace_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_downgrade_and_upgrade_again_keep_rows(workspace_engine: Engine) -> None:
    campaigns = [
        {**row, "last_activity_at": row["updated_at"]} for row in ROWS_AT_0001["campaigns"]
    ]
    insert_rows(workspace_engine, {"campaigns": campaigns, "facts": ROWS_AT_0001["facts"]})
    migrate.downgrade(workspace_engine, "0001")
    with workspace_engine.connect() as connection:
        assert migrate.current_revision(connection) == "0001"
    migrate.upgrade_to_head(workspace_engine)
    with workspace_engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.HEAD_REVISION
    assert len(read_rows(workspace_engine, "facts", ["id"])) == 3


@pytest.fixture
def workspace_engine(data_paths: DataPaths) -> Any:
    engine = make_engine(f"sqlite:///{data_paths.database}")
    migrate.upgrade_to_head(engine)
    yield engine
    engine.dispose()


def test_opening_a_current_database_does_not_import_alembic(data_paths: DataPaths) -> None:
    open_workspace(data_paths).close()  # creates and migrates
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from brandtruth_desktop.paths import DataPaths
        from brandtruth_desktop.storage.workspace import open_workspace

        workspace = open_workspace(DataPaths(Path(sys.argv[1])))
        created = workspace.campaigns.create("Second start", actor="t")
        workspace.close()
        heavy = ["alembic", "PySide6", "requests", "keyring"]
        print(workspace.migrated, [m for m in heavy if m in sys.modules])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(data_paths.root)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False []"
