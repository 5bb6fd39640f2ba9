"""Model-call costs, campaigns' last activity, and an audit log that cannot be rewritten.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-20

- `model_calls`: tokens and dollars per language-model call.
- `campaigns.last_activity_at`: backfilled from `updated_at`, then made NOT NULL (a table
  rebuild on SQLite, which is why migrations run with foreign keys off).
- Triggers that make `decisions` append-only. A later migration that rebuilds `decisions`
  in batch mode drops them with the table and must create them again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = "decisions are append-only: an audit row cannot be changed or deleted"


def upgrade() -> None:
    op.create_table(
        "model_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("model", sa.String(100), nullable=False),
        sa.Column("input_tokens", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("output_tokens", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("cache_read_tokens", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("cache_write_tokens", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("cost_usd", sa.Float(), nullable=False, server_default="0"),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_model_calls_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_calls")),
    )
    op.create_index("ix_model_calls_campaign_id", "model_calls", ["campaign_id"])

    _add_last_activity()
    _create_append_only_triggers()


def _add_last_activity() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # The rebuild copies rows with their ids, which would forget the ids of campaigns
        # deleted from the top of the range; AUTOINCREMENT must never hand those out again.
        high_water = (
            op.get_bind()
            .exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'campaigns'")
            .scalar()
        )
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE campaigns SET last_activity_at = updated_at")
    with op.batch_alter_table("campaigns", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.alter_column(
            "last_activity_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )
        batch.create_index("ix_campaigns_last_activity_at", ["last_activity_at"])
    if sqlite and high_water is not None:
        bind = op.get_bind()
        now = bind.exec_driver_sql(
            "SELECT seq FROM sqlite_sequence WHERE name = 'campaigns'"
        ).scalar()
        bind.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = 'campaigns'")
        bind.exec_driver_sql(
            "INSERT INTO sqlite_sequence (name, seq) VALUES ('campaigns', ?)",
            (max(int(high_water), int(now or 0)),),
        )


def _create_append_only_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER decisions_append_only_{event.lower()} "
                f"BEFORE {event} ON decisions "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
    elif dialect == "postgresql":
        # Not exercised by the test suite (no PostgreSQL server there); kept deliberately
        # plain. TRUNCATE bypasses row triggers, so it gets a statement trigger of its own.
        op.execute(
            "CREATE FUNCTION decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON decisions "
            "FOR EACH ROW EXECUTE FUNCTION decisions_append_only()"
        )
        op.execute(
            "CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions "
            "FOR EACH STATEMENT EXECUTE FUNCTION decisions_append_only()"
        )
    # Other databases are not supported targets; the repositories never update or delete
    # decisions either way.


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS decisions_append_only_update")
        op.execute("DROP TRIGGER IF EXISTS decisions_append_only_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS decisions_no_truncate ON decisions")
        op.execute("DROP TRIGGER IF EXISTS decisions_append_only ON decisions")
        op.execute("DROP FUNCTION IF EXISTS decisions_append_only()")
    with op.batch_alter_table("campaigns", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_index("ix_campaigns_last_activity_at")
        batch.drop_column("last_activity_at")
    op.drop_index("ix_model_calls_campaign_id", table_name="model_calls")
    op.drop_table("model_calls")
