"""What is inside a campaign: its brand profile, facts, variants and layout specs.

These are the pipeline's outputs (extraction, generation, layout). Saving them is not a human
decision, so it writes no audit row, but it does count as activity on the campaign. A
reviewer's approve / reject / edit is recorded through the DecisionLog by whoever makes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from brandtruth_desktop.core.models import BrandProfile, Fact, LayoutSpec, Variant
from brandtruth_desktop.storage.convert import (
    brand_profile_from_row,
    fact_from_row,
    json_safe,
    layout_spec_from_row,
    variant_from_row,
)
from brandtruth_desktop.storage.database import Database
from brandtruth_desktop.storage.schema import (
    BrandProfileRow,
    CampaignRow,
    FactRow,
    LayoutSpecRow,
    VariantRow,
    utcnow,
)


class SqlContentRepository:
    """Brand profiles, facts, variants and layout-spec revisions, as core dataclasses."""

    def __init__(self, database: Database) -> None:
        self._db = database

    # -- brand profile -------------------------------------------------------------------

    def save_brand_profile(self, profile: BrandProfile) -> BrandProfile:
        """Create or replace the campaign's one brand profile."""
        return self._db.write(self._save_brand_profile, profile)

    def _save_brand_profile(self, session: Session, profile: BrandProfile) -> BrandProfile:
        row = session.merge(
            BrandProfileRow(
                campaign_id=profile.campaign_id,
                brand_name=profile.brand_name,
                tagline=profile.tagline,
                logo_sha256=profile.logo_sha256,
                colors=list(profile.colors),
                source_pages=list(profile.source_pages),
            )
        )
        session.flush()
        _touch(session, {profile.campaign_id})
        return brand_profile_from_row(row)

    def brand_profile(self, campaign_id: int) -> BrandProfile | None:
        with self._db.read() as session:
            row = session.get(BrandProfileRow, campaign_id)
            return brand_profile_from_row(row) if row is not None else None

    # -- facts ---------------------------------------------------------------------------

    def save_facts(self, campaign_id: int, facts: Sequence[Fact]) -> list[Fact]:
        """Insert or update a campaign's facts by id, keeping the order they are given in.

        Extraction makes facts before they belong to a campaign (`campaign_id` None); they are
        stored under `campaign_id` whatever they carry.
        """
        return self._db.write(self._save_facts, campaign_id, list(facts))

    def _save_facts(self, session: Session, campaign_id: int, facts: list[Fact]) -> list[Fact]:
        saved = []
        for position, fact in enumerate(facts):
            row = session.merge(
                FactRow(
                    campaign_id=campaign_id,
                    id=fact.id,
                    position=position,
                    kind=fact.kind.value,
                    text=fact.text,
                    quote=fact.quote,
                    source_url=fact.source_url,
                    risk=fact.risk.value,
                    risk_reason=fact.risk_reason,
                    excluded=fact.excluded,
                    user_supplied=fact.user_supplied,
                )
            )
            saved.append(row)
        session.flush()
        _touch(session, {campaign_id})
        return [fact_from_row(row) for row in saved]

    def facts(self, campaign_id: int) -> list[Fact]:
        with self._db.read() as session:
            rows = session.scalars(
                select(FactRow)
                .where(FactRow.campaign_id == campaign_id)
                .order_by(FactRow.position, FactRow.id)
            )
            return [fact_from_row(row) for row in rows]

    # -- variants ------------------------------------------------------------------------

    def save_variants(self, variants: Sequence[Variant]) -> list[Variant]:
        """Insert or update variants by id."""
        return self._db.write(self._save_variants, list(variants))

    def _save_variants(self, session: Session, variants: list[Variant]) -> list[Variant]:
        now = utcnow()
        saved = []
        for index, variant in enumerate(variants):
            row = session.merge(
                VariantRow(
                    id=variant.id,
                    campaign_id=variant.campaign_id,
                    angle=variant.angle,
                    headline=variant.headline,
                    primary_text=variant.primary_text,
                    description=variant.description,
                    call_to_action=variant.call_to_action,
                    fact_ids=list(variant.fact_ids),
                    status=variant.status.value,
                    rejection_reason=variant.rejection_reason,
                    provenance=json_safe(variant.provenance),
                    # Variants list in creation order; a microsecond apart, a batch keeps its
                    # order (and so does a duplicated campaign, which copies these times).
                    created_at=variant.created_at or now + timedelta(microseconds=index),
                )
            )
            saved.append(row)
        session.flush()
        _touch(session, {variant.campaign_id for variant in variants})
        return [variant_from_row(row) for row in saved]

    def variants(self, campaign_id: int) -> list[Variant]:
        with self._db.read() as session:
            rows = session.scalars(
                select(VariantRow)
                .where(VariantRow.campaign_id == campaign_id)
                .order_by(VariantRow.created_at, VariantRow.id)
            )
            return [variant_from_row(row) for row in rows]

    # -- layout specs --------------------------------------------------------------------

    def add_layout_spec(self, variant_id: str, format: str, spec: dict[str, Any]) -> LayoutSpec:
        """Store a new revision of a variant's layout in one format (old ones are kept)."""
        return self._db.write(self._add_layout_spec, variant_id, format, spec)

    def _add_layout_spec(
        self, session: Session, variant_id: str, format: str, spec: dict[str, Any]
    ) -> LayoutSpec:
        latest = session.scalar(
            select(func.max(LayoutSpecRow.revision)).where(
                LayoutSpecRow.variant_id == variant_id, LayoutSpecRow.format == format
            )
        )
        row = LayoutSpecRow(
            variant_id=variant_id,
            format=format,
            revision=(latest or 0) + 1,
            spec=json_safe(spec),
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        campaign_id = session.scalar(
            select(VariantRow.campaign_id).where(VariantRow.id == variant_id)
        )
        if campaign_id is not None:
            _touch(session, {campaign_id})
        return layout_spec_from_row(row)

    def latest_layout_spec(self, variant_id: str, format: str) -> LayoutSpec | None:
        with self._db.read() as session:
            row = session.scalar(
                select(LayoutSpecRow)
                .where(LayoutSpecRow.variant_id == variant_id, LayoutSpecRow.format == format)
                .order_by(LayoutSpecRow.revision.desc())
                .limit(1)
            )
            return layout_spec_from_row(row) if row is not None else None

    def layout_specs(self, variant_id: str) -> list[LayoutSpec]:
        """Every revision of every format of a variant, by format then revision."""
        with self._db.read() as session:
            rows = session.scalars(
                select(LayoutSpecRow)
                .where(LayoutSpecRow.variant_id == variant_id)
                .order_by(LayoutSpecRow.format, LayoutSpecRow.revision)
            )
            return [layout_spec_from_row(row) for row in rows]


def _touch(session: Session, campaign_ids: set[int]) -> None:
    """Mark campaigns as active now (the Campaigns screen sorts by it)."""
    if campaign_ids:
        session.execute(
            update(CampaignRow)
            .where(CampaignRow.id.in_(campaign_ids))
            .values(last_activity_at=utcnow())
            .execution_options(synchronize_session=False)
        )
