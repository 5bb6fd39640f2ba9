"""What duplicating a campaign copies, and what the copy is called."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert, literal, select
from sqlalchemy.orm import Session

from brandtruth_desktop.core.models import CampaignStatus
from brandtruth_desktop.storage.schema import (
    CAMPAIGN_NAME_MAX,
    Base,
    BrandProfileRow,
    CampaignPlanRow,
    CopyRejectionRow,
    FactRow,
    ImageChoiceRow,
    LayoutSpecRow,
    RenderRow,
    VariantRow,
)

# "Spring sale (copy 3)" -> base "Spring sale", so copies of copies count up, not nest.
_COPY_SUFFIX = re.compile(r"^(?P<base>.*?) \(copy(?: (?P<number>\d+))?\)$")

# A copy has not been published, and no job is working on it.
_COPY_STATUS = {
    CampaignStatus.PUBLISHED: CampaignStatus.APPROVED,
    CampaignStatus.EXTRACTING: CampaignStatus.DRAFT,
    CampaignStatus.GENERATING: CampaignStatus.DRAFT,
    CampaignStatus.RENDERING: CampaignStatus.DRAFT,
}


def copy_status(status: CampaignStatus) -> CampaignStatus:
    """The status a copy starts in."""
    return _COPY_STATUS.get(status, status)


def copy_name(name: str, taken: Callable[[str], bool]) -> str:
    """The first free name of "X (copy)", "X (copy 2)", … within the length limit."""
    match = _COPY_SUFFIX.match(name)
    base = match.group("base") if match else name
    number = 1
    while True:
        suffix = " (copy)" if number == 1 else f" (copy {number})"
        candidate = base[: CAMPAIGN_NAME_MAX - len(suffix)].rstrip() + suffix
        if not taken(candidate):
            return candidate
        number += 1


def copy_children(session: Session, source_id: int, copy_id: int) -> None:
    """Copy brand profile, facts, variants (new ids), every layout-spec revision, and what the
    pipeline kept: the plan (so the copy resumes like its source), the gate's rejections, the
    pictures chosen and the renders (their files are shared: the asset store is
    content-addressed)."""
    profile = session.get(BrandProfileRow, source_id)
    if profile is not None:
        session.add(
            BrandProfileRow(
                campaign_id=copy_id,
                brand_name=profile.brand_name,
                tagline=profile.tagline,
                logo_sha256=profile.logo_sha256,
                colors=list(profile.colors or ()),
                source_pages=list(profile.source_pages or ()),
            )
        )
    fact_columns = [c.key for c in FactRow.__table__.columns if c.key != "campaign_id"]
    session.execute(
        insert(FactRow).from_select(
            ["campaign_id", *fact_columns],
            select(literal(copy_id), *(getattr(FactRow, key) for key in fact_columns)).where(
                FactRow.campaign_id == source_id
            ),
        )
    )
    new_ids: dict[str, str] = {}
    for variant in session.scalars(
        select(VariantRow)
        .where(VariantRow.campaign_id == source_id)
        .order_by(VariantRow.created_at, VariantRow.id)
    ):
        new_ids[variant.id] = uuid.uuid4().hex
        session.add(
            VariantRow(
                id=new_ids[variant.id],
                campaign_id=copy_id,
                angle=variant.angle,
                headline=variant.headline,
                primary_text=variant.primary_text,
                description=variant.description,
                call_to_action=variant.call_to_action,
                fact_ids=list(variant.fact_ids or ()),
                status=variant.status,
                rejection_reason=variant.rejection_reason,
                provenance={
                    **(variant.provenance or {}),
                    "copied_from": {"campaign_id": source_id, "variant_id": variant.id},
                },
                created_at=variant.created_at,
            )
        )
    session.flush()
    if new_ids:
        specs = session.scalars(
            select(LayoutSpecRow)
            .join(VariantRow, VariantRow.id == LayoutSpecRow.variant_id)
            .where(VariantRow.campaign_id == source_id)
        ).all()
        session.add_all(
            LayoutSpecRow(
                variant_id=new_ids[spec.variant_id],
                format=spec.format,
                revision=spec.revision,
                spec=dict(spec.spec),
                created_at=spec.created_at,
            )
            for spec in specs
        )
        session.flush()
    _copy_rows(session, CampaignPlanRow, source_id, copy_id, new_ids)
    _copy_rows(session, CopyRejectionRow, source_id, copy_id, new_ids)
    _copy_rows(session, ImageChoiceRow, source_id, copy_id, new_ids)
    _copy_rows(session, RenderRow, source_id, copy_id, new_ids)
    session.flush()


def _copy_rows(session: Session, model: type[Base], source_id: int, copy_id: int,
               new_ids: dict[str, str]) -> None:
    """Every `model` row of the source campaign, for the copy: its own campaign id, the
    copied variants' ids, a new autoincrement id."""
    table = model.__table__
    columns = [c.key for c in table.columns if c.key != "id"]  # ids are numbered anew
    for row in session.scalars(select(model).where(table.c.campaign_id == source_id)):
        values: dict[str, Any] = {key: getattr(row, key) for key in columns}
        values["campaign_id"] = copy_id
        if "variant_id" in values:
            if values["variant_id"] not in new_ids:
                continue
            values["variant_id"] = new_ids[values["variant_id"]]
        session.add(model(**values))
