"""The canvas editor's reads and writes: one ad with its layouts, and each saved edit.

An edit is saved in one write transaction: a new layout-spec revision for every format whose
layout changed, the variant's copy and status, the picture choice when the photo changed, and
the audit row (DESIGN.md decision 6) with the status, copy and layout revisions before and
after. So an edit is either stored whole, with its audit row, or not at all. The copy the writer
made is kept in the variant's provenance the first time the copy changes, so "Revert to
generated" can always restore it; revision 1 of each layout is the generated layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from brandtruth_desktop.core.editing.draft import GENERATED_COPY, CopyFields
from brandtruth_desktop.core.models import (
    BrandProfile,
    Campaign,
    Fact,
    LayoutSpec,
    Variant,
    VariantStatus,
)
from brandtruth_desktop.core.pipeline.records import FORMAT_KEYS, CampaignPlan, ImageChoice
from brandtruth_desktop.storage.convert import (
    brand_profile_from_row,
    campaign_from_row,
    fact_from_row,
    json_safe,
    layout_spec_from_row,
    variant_from_row,
)
from brandtruth_desktop.storage.database import Database
from brandtruth_desktop.storage.decisions import SqlDecisionLog
from brandtruth_desktop.storage.errors import CampaignNotFoundError
from brandtruth_desktop.storage.runs import SqlCampaignRunRepository, choice_from_row, plan_from_row
from brandtruth_desktop.storage.schema import (
    BrandProfileRow,
    CampaignPlanRow,
    CampaignRow,
    FactRow,
    ImageChoiceRow,
    LayoutSpecRow,
    RenderRow,
    VariantRow,
    utcnow,
)

if TYPE_CHECKING:
    from brandtruth_desktop.storage.workspace import Workspace

EDIT_ACTION = "variant.edit"
REVERT_ACTION = "variant.revert"
SOURCE_ACTION = "fact.add_source"


@dataclass(frozen=True, slots=True)
class AdForEditing:
    """Everything the editor needs about one ad, read in one go.

    `latest` and `generated` are the newest and the first layout revision of each format the
    ad has, in the product's format order; `pictures` are the campaign's chosen pictures
    (one per photo), the editor's "campaign images"; `qa` is, per format, the QA report of
    the stored render of the latest revision (when there is one) and that revision."""

    campaign: Campaign
    plan: CampaignPlan | None
    profile: BrandProfile | None
    variant: Variant
    facts: tuple[Fact, ...]
    latest: dict[str, LayoutSpec]
    generated: dict[str, LayoutSpec]
    choice: ImageChoice | None
    pictures: tuple[ImageChoice, ...] = ()
    qa: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)

    @property
    def brand_name(self) -> str:
        return self.profile.brand_name if self.profile is not None else ""

    @property
    def allow_high_risk(self) -> bool:
        return self.plan.allow_high_risk if self.plan is not None else False

    @property
    def platform(self) -> str:
        return self.plan.platform if self.plan is not None else "meta"


@dataclass(frozen=True, slots=True)
class AdEdit:
    """One save of the editor: new layouts by format (spec payloads), the copy before and
    after when it changed, the status to set (None: keep), and the picture choice when the
    photo changed. `action` names the audit row; `note` goes into its `after`."""

    campaign_id: int
    variant_id: str
    specs: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    copy_before: CopyFields | None = None
    copy_after: CopyFields | None = None
    status: VariantStatus | None = None
    choice: ImageChoice | None = None
    action: str = EDIT_ACTION
    note: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SavedEdit:
    """What a save stored: the new revision of each format saved, the variant as it is now,
    and the audit row's id."""

    revisions: dict[str, int]
    variant: Variant
    decision_id: int


def ad_edit_repository(workspace: Workspace) -> SqlAdEditRepository:
    """The editor's repository on an open workspace."""
    return SqlAdEditRepository(workspace.database, workspace.decisions)


class SqlAdEditRepository:
    """Reads an ad for editing and saves edits (see the module docstring)."""

    def __init__(self, database: Database, decisions: SqlDecisionLog) -> None:
        self._db = database
        self._decisions = decisions

    # -- reading -----------------------------------------------------------------------------

    def load(self, campaign_id: int, variant_id: str) -> AdForEditing:
        """The ad and its campaign (CampaignNotFoundError, or LookupError for the ad)."""
        with self._db.read() as session:
            campaign_row = session.get(CampaignRow, campaign_id)
            if campaign_row is None:
                raise CampaignNotFoundError(campaign_id)
            row = session.get(VariantRow, variant_id)
            if row is None or row.campaign_id != campaign_id:
                raise LookupError(f"Ad {variant_id} is not in campaign {campaign_id} any more; "
                                  "it may have been deleted or written again.")
            plan_row = session.get(CampaignPlanRow, campaign_id)
            profile_row = session.get(BrandProfileRow, campaign_id)
            facts = tuple(fact_from_row(r) for r in session.scalars(
                select(FactRow).where(FactRow.campaign_id == campaign_id)
                .order_by(FactRow.position, FactRow.id)))
            latest: dict[str, LayoutSpec] = {}
            generated: dict[str, LayoutSpec] = {}
            for spec_row in session.scalars(
                    select(LayoutSpecRow).where(LayoutSpecRow.variant_id == variant_id)
                    .order_by(LayoutSpecRow.format, LayoutSpecRow.revision)):
                record = layout_spec_from_row(spec_row)
                generated.setdefault(record.format, record)
                latest[record.format] = record
            qa: dict[str, tuple[int, dict[str, Any]]] = {}
            for render in session.scalars(
                    select(RenderRow).where(RenderRow.variant_id == variant_id)
                    .order_by(RenderRow.spec_revision)):
                newest = latest.get(render.format)
                if newest is not None and render.spec_revision == newest.revision:
                    qa[render.format] = (render.spec_revision, dict(render.qa or {}))
            choices = [choice_from_row(r) for r in session.scalars(
                select(ImageChoiceRow).where(ImageChoiceRow.campaign_id == campaign_id)
                .order_by(ImageChoiceRow.created_at, ImageChoiceRow.variant_id))]
            return AdForEditing(
                campaign=campaign_from_row(campaign_row),
                plan=plan_from_row(plan_row) if plan_row is not None else None,
                profile=brand_profile_from_row(profile_row) if profile_row is not None else None,
                variant=variant_from_row(row),
                facts=facts,
                latest=_in_format_order(latest),
                generated=_in_format_order(generated),
                choice=next((c for c in choices if c.variant_id == variant_id), None),
                pictures=_distinct_pictures(choices),
                qa=qa,
            )

    def other_copies(self, campaign_id: int, variant_id: str) -> list[Variant]:
        """The campaign's other ads (regenerated copy must not repeat them)."""
        with self._db.read() as session:
            return [variant_from_row(r) for r in session.scalars(
                select(VariantRow).where(VariantRow.campaign_id == campaign_id,
                                         VariantRow.id != variant_id))]

    # -- writing -----------------------------------------------------------------------------

    def save(self, edit: AdEdit, *, actor: str) -> SavedEdit:
        """Store an edit with its audit row, all or nothing (LookupError if the ad is gone)."""
        return self._db.write(self._save, edit, actor)

    def _save(self, session: Session, edit: AdEdit, actor: str) -> SavedEdit:
        row = session.get(VariantRow, edit.variant_id)
        if row is None or row.campaign_id != edit.campaign_id:
            raise LookupError(f"Ad {edit.variant_id} no longer exists, so the edit could not "
                              "be saved.")
        before: dict[str, Any] = {"status": row.status}
        after: dict[str, Any] = {}
        revisions: dict[str, int] = {}
        if edit.specs:
            old = _latest_revisions(session, edit.variant_id)
            before["layout_revisions"] = {key: old[key] for key in edit.specs if key in old}
            now = utcnow()
            for format_key, payload in edit.specs.items():
                revision = old.get(format_key, 0) + 1
                session.add(LayoutSpecRow(variant_id=edit.variant_id, format=format_key,
                                          revision=revision, spec=json_safe(payload),
                                          created_at=now))
                revisions[format_key] = revision
            after["layout_revisions"] = revisions
        if edit.copy_after is not None:
            stored = CopyFields(row.headline, row.primary_text, row.description,
                                row.call_to_action, tuple(row.fact_ids or ()))
            provenance = dict(row.provenance or {})
            provenance.setdefault(GENERATED_COPY, stored.to_dict())
            copy = edit.copy_after
            row.headline, row.primary_text = copy.headline, copy.primary_text
            row.description, row.call_to_action = copy.description, copy.call_to_action
            row.fact_ids = list(copy.fact_ids)
            row.provenance = json_safe(provenance)
            before["copy"] = stored.to_dict()
            after["copy"] = copy.to_dict()
        if edit.status is not None and edit.status.value != row.status:
            row.status = edit.status.value
            row.rejection_reason = ""
        after["status"] = row.status
        if edit.choice is not None:
            SqlCampaignRunRepository._save_image_choice(session, edit.choice)
            after["picture"] = {"source": edit.choice.photo.source,
                                "photo_id": edit.choice.photo.id, "sha256": edit.choice.sha256}
        after.update(edit.note)
        session.flush()
        decision = self._decisions.record_in(
            session, edit.action, actor=actor, campaign_id=edit.campaign_id,
            variant_id=edit.variant_id, before=before, after=after)
        return SavedEdit(revisions, variant_from_row(row), decision.id)

    def add_source(self, campaign_id: int, fact: Fact, *, actor: str,
                   variant_id: str | None = None) -> Fact:
        """Store a source a person attached (a user-supplied fact) with its audit row."""
        return self._db.write(self._add_source, campaign_id, fact, actor, variant_id)

    def _add_source(self, session: Session, campaign_id: int, fact: Fact, actor: str,
                    variant_id: str | None) -> Fact:
        saved = SqlCampaignRunRepository._save_fact(session, campaign_id, fact)
        self._decisions.record_in(
            session, SOURCE_ACTION, actor=actor, campaign_id=campaign_id,
            variant_id=variant_id, after={
                "fact_id": saved.id, "quote": saved.quote, "source_url": saved.source_url,
                "risk": saved.risk.value, "risk_reason": saved.risk_reason})
        return saved


def _latest_revisions(session: Session, variant_id: str) -> dict[str, int]:
    rows = session.execute(
        select(LayoutSpecRow.format, func.max(LayoutSpecRow.revision))
        .where(LayoutSpecRow.variant_id == variant_id).group_by(LayoutSpecRow.format)).all()
    return {format_key: int(revision) for format_key, revision in rows}


def _in_format_order(specs: dict[str, LayoutSpec]) -> dict[str, LayoutSpec]:
    order = {key: index for index, key in enumerate(FORMAT_KEYS)}
    return dict(sorted(specs.items(), key=lambda item: (order.get(item[0], len(order)),
                                                        item[0])))


def _distinct_pictures(choices: list[ImageChoice]) -> tuple[ImageChoice, ...]:
    seen: dict[str, ImageChoice] = {}
    for choice in choices:
        key = choice.sha256 or f"{choice.photo.source}:{choice.photo.id}"
        seen.setdefault(key, choice)
    return tuple(seen.values())
