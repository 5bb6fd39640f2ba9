"""The campaign pipeline's records: plans, rejected copy, image choices, renders, fact edits.

Like `content.py`, these are the pipeline's outputs, not human decisions, so no audit row is
written; every save counts as activity on the campaign. Editing a fact by hand is the person's
work on the brand truth before any ad exists; it is saved here too, in place.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from brandtruth_desktop.core.models import (
    BrandProfile,
    BrandTruth,
    Fact,
    GateRejection,
    StockPhoto,
)
from brandtruth_desktop.core.pipeline.records import (
    CampaignCounts,
    CampaignPlan,
    ImageChoice,
    RenderRecord,
    SitePage,
    Step,
    copy_variant_from_dict,
    copy_variant_to_dict,
)
from brandtruth_desktop.storage.content import _touch
from brandtruth_desktop.storage.convert import brand_profile_from_row, fact_from_row, json_safe
from brandtruth_desktop.storage.database import Database
from brandtruth_desktop.storage.schema import (
    BrandProfileRow,
    CampaignPlanRow,
    CopyRejectionRow,
    FactRow,
    ImageChoiceRow,
    ModelCallRow,
    RenderRow,
    VariantRow,
    utcnow,
)


def plan_from_row(row: CampaignPlanRow) -> CampaignPlan:
    try:
        step = Step(row.step)
    except ValueError:
        step = Step.NONE
    return CampaignPlan(
        campaign_id=row.campaign_id,
        site=row.site,
        website_url=row.website_url,
        platform=row.platform,
        variant_count=row.variant_count,
        angles=tuple(str(a) for a in row.angles or ()),
        writer=row.writer,
        allow_high_risk=row.allow_high_risk,
        formats=tuple(str(f) for f in row.formats or ()),
        image_mode=row.image_mode,
        max_pages=row.max_pages,
        pages=tuple(SitePage.from_dict(p) for p in row.pages or () if isinstance(p, dict)),
        site_images=tuple(str(u) for u in row.site_images or ()),
        logo_url=row.logo_url,
        warnings=tuple(str(w) for w in row.warnings or ()),
        notices=tuple(str(n) for n in row.notices or ()),
        step=step,
        updated_at=row.updated_at,
    )


def choice_from_row(row: ImageChoiceRow) -> ImageChoice:
    return ImageChoice(
        campaign_id=row.campaign_id,
        variant_id=row.variant_id,
        photo=StockPhoto.from_dict(dict(row.photo)),
        sha256=row.sha256,
        chosen_by=row.chosen_by,
        created_at=row.created_at,
    )


def render_from_row(row: RenderRow) -> RenderRecord:
    return RenderRecord(
        id=row.id,
        campaign_id=row.campaign_id,
        variant_id=row.variant_id,
        format=row.format,
        spec_revision=row.spec_revision,
        sha256=row.sha256,
        width=row.width,
        height=row.height,
        file_format=row.file_format,
        qa=dict(row.qa or {}),
        passed=row.qa_passed,
        created_at=row.created_at,
    )


def rejection_from_row(row: CopyRejectionRow) -> GateRejection:
    return GateRejection(
        variant=copy_variant_from_dict(dict(row.variant)),
        reasons=tuple(str(r) for r in row.reasons or ()),
        codes=tuple(str(c) for c in row.codes or ()),
    )


class SqlCampaignRunRepository:
    """Plans, rejected copy, image choices and renders as core records (core.pipeline)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    # -- plans -----------------------------------------------------------------------------

    def plan(self, campaign_id: int) -> CampaignPlan | None:
        with self._db.read() as session:
            row = session.get(CampaignPlanRow, campaign_id)
            return plan_from_row(row) if row is not None else None

    def save_plan(self, plan: CampaignPlan) -> CampaignPlan:
        """Create or replace a campaign's plan."""
        return self._db.write(self._save_plan, plan)

    @staticmethod
    def _save_plan(session: Session, plan: CampaignPlan) -> CampaignPlan:
        row = session.merge(
            CampaignPlanRow(
                campaign_id=plan.campaign_id,
                site=plan.site,
                website_url=plan.website_url,
                platform=plan.platform,
                variant_count=plan.variant_count,
                angles=list(plan.angles),
                writer=plan.writer,
                allow_high_risk=plan.allow_high_risk,
                formats=list(plan.formats),
                image_mode=plan.image_mode,
                max_pages=plan.max_pages,
                pages=[page.to_dict() for page in plan.pages],
                site_images=list(plan.site_images),
                logo_url=plan.logo_url,
                warnings=list(plan.warnings),
                notices=list(plan.notices),
                step=plan.step.value,
                updated_at=utcnow(),
            )
        )
        session.flush()
        _touch(session, {plan.campaign_id})
        return plan_from_row(row)

    # -- brand truth -----------------------------------------------------------------------

    def save_truth(
        self, campaign_id: int, truth: BrandTruth, *, logo_sha256: str | None
    ) -> list[Fact]:
        """Replace the campaign's brand profile and facts with what extraction found."""
        return self._db.write(self._save_truth, campaign_id, truth, logo_sha256)

    @staticmethod
    def _save_truth(
        session: Session, campaign_id: int, truth: BrandTruth, logo_sha256: str | None
    ) -> list[Fact]:
        session.execute(delete(FactRow).where(FactRow.campaign_id == campaign_id))
        session.merge(
            BrandProfileRow(
                campaign_id=campaign_id,
                brand_name=truth.brand_name,
                tagline=truth.tagline or "",
                logo_sha256=logo_sha256,
                colors=list(truth.colors),
                source_pages=[page.url for page in truth.pages],
            )
        )
        rows = [_fact_row(campaign_id, fact, position) for position, fact in
                enumerate(dict((f.id, f) for f in truth.facts).values())]
        session.add_all(rows)
        session.flush()
        _touch(session, {campaign_id})
        return [fact_from_row(row) for row in rows]

    def save_fact(self, campaign_id: int, fact: Fact) -> Fact:
        """Store one fact (a person's edit or addition) keeping its place in the list; a new
        fact goes last. A fact without an id gets one."""
        if not fact.id:
            fact = replace(fact, id=f"u-{uuid.uuid4().hex[:12]}")
        return self._db.write(self._save_fact, campaign_id, fact)

    @staticmethod
    def _save_fact(session: Session, campaign_id: int, fact: Fact) -> Fact:
        existing = session.get(FactRow, (campaign_id, fact.id))
        if existing is not None:
            position = existing.position
        else:
            last = session.scalar(
                select(func.max(FactRow.position)).where(FactRow.campaign_id == campaign_id)
            )
            position = (last if last is not None else -1) + 1
        row = session.merge(_fact_row(campaign_id, fact, position))
        session.flush()
        _touch(session, {campaign_id})
        return fact_from_row(row)

    def delete_fact(self, campaign_id: int, fact_id: str) -> None:
        """Remove one fact from the campaign."""
        self._db.write(self._delete_fact, campaign_id, fact_id)

    @staticmethod
    def _delete_fact(session: Session, campaign_id: int, fact_id: str) -> None:
        session.execute(
            delete(FactRow).where(FactRow.campaign_id == campaign_id, FactRow.id == fact_id)
        )
        _touch(session, {campaign_id})

    def update_brand(self, profile: BrandProfile) -> BrandProfile:
        """Replace the brand profile (a new logo or colours chosen by the person)."""
        return self._db.write(self._update_brand, profile)

    @staticmethod
    def _update_brand(session: Session, profile: BrandProfile) -> BrandProfile:
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

    # -- copy ------------------------------------------------------------------------------

    def save_rejection(self, campaign_id: int, rejection: GateRejection) -> None:
        self._db.write(self._save_rejection, campaign_id, rejection)

    @staticmethod
    def _save_rejection(session: Session, campaign_id: int, rejection: GateRejection) -> None:
        session.add(
            CopyRejectionRow(
                campaign_id=campaign_id,
                variant=json_safe(copy_variant_to_dict(rejection.variant)),
                reasons=list(rejection.reasons),
                codes=list(rejection.codes),
                created_at=utcnow(),
            )
        )
        session.flush()
        _touch(session, {campaign_id})

    def rejections(self, campaign_id: int) -> list[GateRejection]:
        with self._db.read() as session:
            rows = session.scalars(
                select(CopyRejectionRow)
                .where(CopyRejectionRow.campaign_id == campaign_id)
                .order_by(CopyRejectionRow.id)
            )
            return [rejection_from_row(row) for row in rows]

    def clear_copy(self, campaign_id: int) -> None:
        """Forget the variants (with their layouts, image choices and renders) and rejections."""
        self._db.write(self._clear_copy, campaign_id)

    @staticmethod
    def _clear_copy(session: Session, campaign_id: int) -> None:
        # Layout specs, image choices and renders go with their variants (ON DELETE CASCADE).
        session.execute(delete(VariantRow).where(VariantRow.campaign_id == campaign_id))
        session.execute(
            delete(CopyRejectionRow).where(CopyRejectionRow.campaign_id == campaign_id)
        )
        _touch(session, {campaign_id})

    # -- images ----------------------------------------------------------------------------

    def image_choices(self, campaign_id: int) -> list[ImageChoice]:
        with self._db.read() as session:
            rows = session.scalars(
                select(ImageChoiceRow)
                .where(ImageChoiceRow.campaign_id == campaign_id)
                .order_by(ImageChoiceRow.created_at, ImageChoiceRow.variant_id)
            )
            return [choice_from_row(row) for row in rows]

    def save_image_choice(self, choice: ImageChoice) -> ImageChoice:
        """Create or replace the picture of a variant."""
        return self._db.write(self._save_image_choice, choice)

    @staticmethod
    def _save_image_choice(session: Session, choice: ImageChoice) -> ImageChoice:
        row = session.merge(
            ImageChoiceRow(
                variant_id=choice.variant_id,
                campaign_id=choice.campaign_id,
                source=choice.photo.source,
                photo_id=choice.photo.id,
                photo=choice.photo.to_dict(),
                sha256=choice.sha256,
                chosen_by=choice.chosen_by,
                created_at=choice.created_at or utcnow(),
            )
        )
        session.flush()
        _touch(session, {choice.campaign_id})
        return choice_from_row(row)

    # -- renders ---------------------------------------------------------------------------

    def renders(self, campaign_id: int) -> list[RenderRecord]:
        """Every render of the campaign, oldest first."""
        with self._db.read() as session:
            rows = session.scalars(
                select(RenderRow).where(RenderRow.campaign_id == campaign_id)
                .order_by(RenderRow.id)
            )
            return [render_from_row(row) for row in rows]

    def save_render(self, render: RenderRecord) -> RenderRecord:
        """Store a render; the same (variant, format, spec revision) again returns the row
        already stored (a resumed stage never stores a creative twice)."""
        return self._db.write(self._save_render, render)

    @staticmethod
    def _save_render(session: Session, render: RenderRecord) -> RenderRecord:
        existing = session.scalar(
            select(RenderRow).where(
                RenderRow.variant_id == render.variant_id,
                RenderRow.format == render.format,
                RenderRow.spec_revision == render.spec_revision,
            )
        )
        if existing is not None:
            return render_from_row(existing)
        row = RenderRow(
            campaign_id=render.campaign_id,
            variant_id=render.variant_id,
            format=render.format,
            spec_revision=render.spec_revision,
            sha256=render.sha256,
            file_format=render.file_format,
            width=render.width,
            height=render.height,
            qa=json_safe(render.qa),
            qa_passed=render.passed,
            created_at=render.created_at or utcnow(),
        )
        session.add(row)
        session.flush()
        _touch(session, {render.campaign_id})
        return render_from_row(row)

    # -- counts ----------------------------------------------------------------------------

    def counts(self, campaign_id: int) -> CampaignCounts:
        """Facts, variants, rejected variants, renders and model cost of one campaign."""

        def count(model: Any) -> Any:
            return (select(func.count()).select_from(model)
                    .where(model.campaign_id == campaign_id).scalar_subquery())

        cost = (select(func.coalesce(func.sum(ModelCallRow.cost_usd), 0.0))
                .where(ModelCallRow.campaign_id == campaign_id).scalar_subquery())
        query = select(count(FactRow), count(VariantRow), count(CopyRejectionRow),
                       count(RenderRow), cost)
        with self._db.read() as session:
            facts, variants, rejected, renders, usd = session.execute(query).one()
        return CampaignCounts(int(facts), int(variants), int(rejected), int(renders),
                              float(usd or 0.0))


def _fact_row(campaign_id: int, fact: Fact, position: int) -> FactRow:
    return FactRow(
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
