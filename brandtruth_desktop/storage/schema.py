"""The database tables as SQLAlchemy 2.0 typed ORM classes.

Rows mirror the dataclasses in `core/models.py`; repositories convert between the two so no
ORM object ever leaves `storage/`. The migrations in `storage/migrations/versions` create the
same tables by hand (migrations must not change when these classes do); a test compares them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints let Alembic's batch mode (SQLite table rebuilds) find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CAMPAIGN_NAME_MAX = 120


def utcnow() -> datetime:
    """The current time as a timezone-aware UTC datetime (the only kind we store)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that goes in and comes out as timezone-aware UTC on every database.

    SQLite has no time zones, so values are stored as naive UTC there and get their tzinfo
    back on the way out; PostgreSQL keeps them in a `timestamptz`. Naive datetimes are refused
    because nobody can tell which zone they meant.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}; store timezone-aware UTC times")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with the naming convention the migrations rely on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _text() -> Mapped[str]:
    """A free-text column that is never NULL (empty string when unknown)."""
    return mapped_column(Text, default="", server_default="")


class CampaignRow(Base):
    """`campaigns`: one per brand and brief (core.models.Campaign)."""

    __tablename__ = "campaigns"
    # AUTOINCREMENT: ids of deleted campaigns are never reused, because audit rows keep
    # pointing at them after the campaign is gone.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(CAMPAIGN_NAME_MAX))
    # The case-folded name: uniqueness "ignoring case" the same way on SQLite and PostgreSQL
    # (SQLite's lower() only folds ASCII). Case folding can lengthen a name, hence the room.
    name_key: Mapped[str] = mapped_column(String(4 * CAMPAIGN_NAME_MAX), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", server_default="draft")
    source_url: Mapped[str] = _text()
    objective: Mapped[str] = _text()
    audience: Mapped[str] = _text()
    tone: Mapped[str] = _text()
    offer: Mapped[str] = _text()
    avoid_words: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Anything in the campaign changed (facts, variants, reviews), not just the row itself;
    # the Campaigns screen sorts by it. Added by migration 0002.
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class BrandProfileRow(Base):
    """`brand_profiles`: what the brand's site says about the brand; one per campaign."""

    __tablename__ = "brand_profiles"

    campaign_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    brand_name: Mapped[str] = _text()
    tagline: Mapped[str] = _text()
    # A hash in the asset store. No foreign key: the logo file may arrive after the profile.
    logo_sha256: Mapped[str | None] = mapped_column(String(64))
    colors: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_pages: Mapped[list[str]] = mapped_column(JSON, default=list)


class FactRow(Base):
    """`facts`: statements the brand makes, with their quote and page (core.models.Fact).

    Fact ids are unique within a campaign only, so a duplicated campaign keeps the same ids
    and its variants' `fact_ids` stay valid.
    """

    __tablename__ = "facts"

    campaign_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Keeps facts in the order extraction found them.
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = _text()
    quote: Mapped[str] = _text()
    source_url: Mapped[str] = _text()
    risk: Mapped[str] = mapped_column(String(16), default="low", server_default="low")
    risk_reason: Mapped[str] = _text()
    excluded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    user_supplied: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class VariantRow(Base):
    """`variants`: one ad's copy, its fact ids and the reviewer's verdict."""

    __tablename__ = "variants"
    __table_args__ = (Index("ix_variants_campaign_id_status", "campaign_id", "status"),)

    # Globally unique: layout specs and audit rows refer to a variant by this id alone.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("campaigns.id", ondelete="CASCADE")
    )
    angle: Mapped[str] = _text()
    headline: Mapped[str] = _text()
    primary_text: Mapped[str] = _text()
    description: Mapped[str] = _text()
    call_to_action: Mapped[str] = mapped_column(
        String(32), default="LEARN_MORE", server_default="LEARN_MORE"
    )
    fact_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    rejection_reason: Mapped[str] = _text()
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LayoutSpecRow(Base):
    """`layout_specs`: every revision of how a variant looks in one format."""

    __tablename__ = "layout_specs"

    variant_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("variants.id", ondelete="CASCADE"), primary_key=True
    )
    format: Mapped[str] = mapped_column(String(16), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AssetRow(Base):
    """`assets`: metadata of a file in the asset store, keyed by the SHA-256 of its bytes."""

    __tablename__ = "assets"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    original_name: Mapped[str] = _text()
    source_url: Mapped[str] = _text()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DecisionRow(Base):
    """`decisions`: the append-only audit log (who did what, when, before and after).

    `campaign_id` is deliberately a plain column with no foreign key: the audit trail must
    outlive the campaign it talks about. Triggers (migration 0002) refuse UPDATE and DELETE.
    """

    __tablename__ = "decisions"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(Integer, index=True)
    variant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class JobRow(Base):
    """`jobs`: the job journal, so a job cut short by a crash is known at the next start."""

    __tablename__ = "jobs"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = _text()
    campaign_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(String(16), index=True)
    done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    total: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = _text()
    error: Mapped[str] = _text()
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ModelCallRow(Base):
    """`model_calls`: tokens and cost of each language-model call (added by migration 0002)."""

    __tablename__ = "model_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    model: Mapped[str] = mapped_column(String(100))
    input_tokens: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    output_tokens: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    cache_read_tokens: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    cache_write_tokens: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LicenceRow(Base):
    """`licence_ledger`: every image used in an ad, on what terms, and the SHA-256 of its bytes
    (core.models.LicenceRecord; added by migration 0003).

    Like `decisions`, `campaign_id` has no foreign key: the record of what was licensed must
    outlive the campaign that used it.
    """

    __tablename__ = "licence_ledger"
    __table_args__ = (
        Index("ix_licence_ledger_source_photo_id", "source", "photo_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(Integer, index=True)
    source: Mapped[str] = mapped_column(String(16))
    photo_id: Mapped[str] = mapped_column(String(255))
    photographer: Mapped[str] = _text()
    photographer_url: Mapped[str] = _text()
    page_url: Mapped[str] = _text()
    licence_url: Mapped[str] = _text()
    attribution: Mapped[str] = _text()
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    downloaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- Step 5: the campaign pipeline (migration 0005_renders) ----------------------------------


class CampaignPlanRow(Base):
    """`campaign_plans`: what the person asked the wizard (or `brandtruth generate`) for, what
    the site fetch found besides facts, and how far the pipeline got (core.pipeline.CampaignPlan).

    One per campaign; a campaign made before step 5 has none.
    """

    __tablename__ = "campaign_plans"

    campaign_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    site: Mapped[str] = _text()
    website_url: Mapped[str] = _text()
    platform: Mapped[str] = mapped_column(String(16), default="meta", server_default="meta")
    variant_count: Mapped[int] = mapped_column(Integer, default=12, server_default="12")
    angles: Mapped[list[str]] = mapped_column(JSON, default=list)
    writer: Mapped[str] = mapped_column(String(16), default="offline", server_default="offline")
    allow_high_risk: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    formats: Mapped[list[str]] = mapped_column(JSON, default=list)
    image_mode: Mapped[str] = mapped_column(String(16), default="auto", server_default="auto")
    max_pages: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    pages: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    site_images: Mapped[list[str]] = mapped_column(JSON, default=list)
    logo_url: Mapped[str] = _text()
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    notices: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The last pipeline step that finished ("" none yet, then truth, copy, images, render).
    step: Mapped[str] = mapped_column(String(16), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CopyRejectionRow(Base):
    """`copy_rejections`: variants the grounding gate turned away, with its reasons."""

    __tablename__ = "copy_rejections"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    variant: Mapped[dict[str, Any]] = mapped_column(JSON)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ImageChoiceRow(Base):
    """`image_choices`: the picture behind each variant, chosen by the person or the app."""

    __tablename__ = "image_choices"

    variant_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("variants.id", ondelete="CASCADE"), primary_key=True
    )
    campaign_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(16))
    photo_id: Mapped[str] = mapped_column(String(255))
    photo: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The image's file in the asset store; None until it has been downloaded.
    sha256: Mapped[str | None] = mapped_column(String(64))
    chosen_by: Mapped[str] = mapped_column(String(16), default="auto", server_default="auto")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RenderRow(Base):
    """`renders`: a creative written to the asset store for one variant in one format, from
    one layout-spec revision, with the QA report measured on its pixels."""

    __tablename__ = "renders"
    __table_args__ = (
        UniqueConstraint("variant_id", "format", "spec_revision",
                         name="uq_renders_variant_format_revision"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    variant_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("variants.id", ondelete="CASCADE")
    )
    format: Mapped[str] = mapped_column(String(16))
    spec_revision: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_format: Mapped[str] = mapped_column(String(8), default="jpeg", server_default="jpeg")
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    qa: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    qa_passed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MetaPublishRunRow(Base):
    """`meta_publish_runs`: one publication of a campaign to a Meta ad account
    (core.publish.PublishRun; added by migration 0006_meta_publishing).

    Like `decisions`, `campaign_id` has no foreign key: what was published to Meta stays on
    record after the campaign is deleted here. No token is ever stored in these tables.
    """

    __tablename__ = "meta_publish_runs"
    __table_args__ = (
        Index("ix_meta_publish_runs_campaign_id_account_id", "campaign_id", "account_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(Integer)
    run_key: Mapped[str] = mapped_column(String(16), unique=True)
    account_id: Mapped[str] = mapped_column(String(64))
    page_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str] = _text()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MetaPublishObjectRow(Base):
    """`meta_publish_objects`: each Meta object a run creates, stored the moment its id is
    known (state `created`), and before that while its request is out (state `sending`)."""

    __tablename__ = "meta_publish_objects"

    run_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("meta_publish_runs.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = _text()
    state: Mapped[str] = mapped_column(String(16))
    meta_id: Mapped[str] = mapped_column(String(64), default="", server_default="")
    image_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    variant_id: Mapped[str | None] = mapped_column(String(64))
    format: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    error: Mapped[str] = _text()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MetaAdPreviewRow(Base):
    """`meta_ad_previews`: an ad's preview in one placement, as an HTML file in the asset
    store (by SHA-256)."""

    __tablename__ = "meta_ad_previews"

    run_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("meta_publish_runs.id", ondelete="CASCADE"), primary_key=True
    )
    ad_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ad_format: Mapped[str] = mapped_column(String(64), primary_key=True)
    ad_key: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
