"""The licence ledger: every image used in an ad, where it came from and on what terms.

Revision ID: 0003
Revises: 0002
Create Date: 2025-02-03

- `licence_ledger`: source, photo id, photographer (and links), licence URL, attribution text,
  download time and the SHA-256 of the bytes used. No foreign key to `campaigns`: the record of
  what was licensed outlives the campaign.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "licence_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("photo_id", sa.String(255), nullable=False),
        _text("photographer"),
        _text("photographer_url"),
        _text("page_url"),
        _text("licence_url"),
        _text("attribution"),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("downloaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_ledger")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_licence_ledger_campaign_id", "licence_ledger", ["campaign_id"])
    op.create_index("ix_licence_ledger_sha256", "licence_ledger", ["sha256"])
    op.create_index(
        "ix_licence_ledger_source_photo_id", "licence_ledger", ["source", "photo_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_licence_ledger_source_photo_id", table_name="licence_ledger")
    op.drop_index("ix_licence_ledger_sha256", table_name="licence_ledger")
    op.drop_index("ix_licence_ledger_campaign_id", table_name="licence_ledger")
    op.drop_table("licence_ledger")
