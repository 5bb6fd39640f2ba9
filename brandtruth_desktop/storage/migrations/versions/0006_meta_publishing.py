"""Publishing to Meta: each run, every object it created, and the ads' previews.

Revision ID: 0006_meta_publishing
Revises: 0005_renders
Create Date: 2025-02-12

- `meta_publish_runs`: one publication of a campaign to an ad account, with the settings it
  used and how it ended. No foreign key to `campaigns`: the record outlives the campaign.
- `meta_publish_objects`: each campaign, ad set, image, creative and ad a run created, with
  its Meta id (or image hash), stored the moment Meta answered, so a publish resumes without
  creating anything twice.
- `meta_ad_previews`: the preview of each ad per placement, as a file in the asset store.
No token or secret is stored in any of them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_meta_publishing"
down_revision: str | None = "0005_renders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "meta_publish_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("run_key", sa.String(16), nullable=False),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("page_id", sa.String(64), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        _text("error"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meta_publish_runs")),
        sa.UniqueConstraint("run_key", name=op.f("uq_meta_publish_runs_run_key")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_meta_publish_runs_campaign_id_account_id", "meta_publish_runs",
        ["campaign_id", "account_id"],
    )
    op.create_table(
        "meta_publish_objects",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        _text("name"),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("meta_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("image_hash", sa.String(64), nullable=False, server_default=""),
        sa.Column("variant_id", sa.String(64), nullable=True),
        sa.Column("format", sa.String(16), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        _text("error"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["meta_publish_runs.id"],
            name=op.f("fk_meta_publish_objects_run_id_meta_publish_runs"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "key", name=op.f("pk_meta_publish_objects")),
    )
    op.create_table(
        "meta_ad_previews",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("ad_id", sa.String(64), nullable=False),
        sa.Column("ad_format", sa.String(64), nullable=False),
        sa.Column("ad_key", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["meta_publish_runs.id"],
            name=op.f("fk_meta_ad_previews_run_id_meta_publish_runs"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "ad_id", "ad_format",
                                name=op.f("pk_meta_ad_previews")),
    )


def downgrade() -> None:
    op.drop_table("meta_ad_previews")
    op.drop_table("meta_publish_objects")
    op.drop_index("ix_meta_publish_runs_campaign_id_account_id", table_name="meta_publish_runs")
    op.drop_table("meta_publish_runs")
