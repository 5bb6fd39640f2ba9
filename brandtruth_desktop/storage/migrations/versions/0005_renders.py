"""The campaign pipeline: what was asked for, rejected copy, image choices and renders.

Revision ID: 0005_renders
Revises: 0003
Create Date: 2025-02-10

- `campaign_plans`: one per campaign: the wizard's inputs that the campaign row does not hold
  (site, platform, variant count, angles, writer, high-risk facts allowed, formats, image
  mode), what the fetch found besides facts (pages, images, logo URL, warnings) and the last
  pipeline step that finished, so an interrupted campaign can be resumed.
- `copy_rejections`: variants the grounding gate turned away, with the reasons.
- `image_choices`: the picture behind each variant and who chose it.
- `renders`: each creative written (variant × format × layout-spec revision), its file's
  SHA-256 in the asset store, size and the QA report measured on its pixels.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_renders"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def _campaign_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["campaign_id"], ["campaigns.id"],
        name=op.f(f"fk_{table}_campaign_id_campaigns"), ondelete="CASCADE",
    )


def _variant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["variant_id"], ["variants.id"],
        name=op.f(f"fk_{table}_variant_id_variants"), ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "campaign_plans",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        _text("site"),
        _text("website_url"),
        sa.Column("platform", sa.String(16), nullable=False, server_default="meta"),
        sa.Column("variant_count", sa.Integer(), nullable=False, server_default="12"),
        sa.Column("angles", sa.JSON(), nullable=False),
        sa.Column("writer", sa.String(16), nullable=False, server_default="offline"),
        sa.Column("allow_high_risk", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("formats", sa.JSON(), nullable=False),
        sa.Column("image_mode", sa.String(16), nullable=False, server_default="auto"),
        sa.Column("max_pages", sa.Integer(), nullable=False, server_default="10"),
        sa.Column("pages", sa.JSON(), nullable=False),
        sa.Column("site_images", sa.JSON(), nullable=False),
        _text("logo_url"),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("notices", sa.JSON(), nullable=False),
        sa.Column("step", sa.String(16), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _campaign_fk("campaign_plans"),
        sa.PrimaryKeyConstraint("campaign_id", name=op.f("pk_campaign_plans")),
    )

    op.create_table(
        "copy_rejections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("variant", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _campaign_fk("copy_rejections"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_copy_rejections")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_copy_rejections_campaign_id", "copy_rejections", ["campaign_id"])

    op.create_table(
        "image_choices",
        sa.Column("variant_id", sa.String(64), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("photo_id", sa.String(255), nullable=False),
        sa.Column("photo", sa.JSON(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("chosen_by", sa.String(16), nullable=False, server_default="auto"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _campaign_fk("image_choices"),
        _variant_fk("image_choices"),
        sa.PrimaryKeyConstraint("variant_id", name=op.f("pk_image_choices")),
    )
    op.create_index("ix_image_choices_campaign_id", "image_choices", ["campaign_id"])

    op.create_table(
        "renders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.String(64), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("spec_revision", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file_format", sa.String(8), nullable=False, server_default="jpeg"),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("qa", sa.JSON(), nullable=False),
        sa.Column("qa_passed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _campaign_fk("renders"),
        _variant_fk("renders"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renders")),
        sa.UniqueConstraint(
            "variant_id", "format", "spec_revision", name="uq_renders_variant_format_revision"
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_renders_campaign_id", "renders", ["campaign_id"])
    op.create_index("ix_renders_sha256", "renders", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_renders_sha256", table_name="renders")
    op.drop_index("ix_renders_campaign_id", table_name="renders")
    op.drop_table("renders")
    op.drop_index("ix_image_choices_campaign_id", table_name="image_choices")
    op.drop_table("image_choices")
    op.drop_index("ix_copy_rejections_campaign_id", table_name="copy_rejections")
    op.drop_table("copy_rejections")
    op.drop_table("campaign_plans")
