"""Campaigns: the list with its counts, and create / rename / update / duplicate / delete."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import case, delete, exc, func, select
from sqlalchemy.orm import Session

from brandtruth_desktop.core.models import Campaign, CampaignStatus, CampaignSummary, VariantStatus
from brandtruth_desktop.storage.campaign_copies import copy_children, copy_name, copy_status
from brandtruth_desktop.storage.convert import campaign_from_row, snapshot
from brandtruth_desktop.storage.database import Database
from brandtruth_desktop.storage.decisions import SqlDecisionLog
from brandtruth_desktop.storage.errors import CampaignNameError, CampaignNotFoundError
from brandtruth_desktop.storage.schema import (
    CAMPAIGN_NAME_MAX,
    CampaignRow,
    CopyRejectionRow,
    FactRow,
    RenderRow,
    VariantRow,
    utcnow,
)

# Fields of the brief that `update` may change (the name has `rename`, which checks it).
EDITABLE_FIELDS = frozenset(
    {"status", "source_url", "objective", "audience", "tone", "offer", "avoid_words"}
)


def clean_campaign_name(name: str) -> str:
    """The name as it will be stored, or CampaignNameError saying what is wrong with it."""
    cleaned = name.strip()
    if not cleaned:
        raise CampaignNameError("A campaign needs a name.")
    if len(cleaned) > CAMPAIGN_NAME_MAX:
        raise CampaignNameError(
            f"A campaign name can be at most {CAMPAIGN_NAME_MAX} characters "
            f"(this one has {len(cleaned)})."
        )
    if any(unicodedata.category(char) == "Cc" for char in cleaned):
        raise CampaignNameError("A campaign name cannot contain line breaks or tabs.")
    return cleaned


def _normalise(key: str, value: Any) -> Any:
    if key == "status":
        return CampaignStatus(value)
    if key == "avoid_words":
        if isinstance(value, str):
            raise ValueError("avoid_words is a list of words, not one string")
        return tuple(str(word).strip() for word in value if str(word).strip())
    return str(value).strip()


def name_key(name: str) -> str:
    """What two names must share to count as the same name: NFKC, then case folding."""
    return unicodedata.normalize("NFKC", name).casefold()


class SqlCampaignRepository:
    """`core.ports.CampaignRepository` on SQL: every change also appends an audit row.

    Names are unique ignoring case. Deleting a campaign deletes everything in it (the
    database cascades) but never its audit rows.
    """

    def __init__(self, database: Database, decisions: SqlDecisionLog) -> None:
        self._db = database
        self._decisions = decisions

    # -- reading -------------------------------------------------------------------------

    def list_summaries(self) -> list[CampaignSummary]:
        """Every campaign with its counts, most recently active first, in one query."""
        facts = (
            select(FactRow.campaign_id, func.count().label("facts"))
            .group_by(FactRow.campaign_id)
            .subquery()
        )
        variants = (
            select(
                VariantRow.campaign_id,
                func.count().label("variants"),
                func.sum(
                    case((VariantRow.status == VariantStatus.APPROVED.value, 1), else_=0)
                ).label("approved"),
            )
            .group_by(VariantRow.campaign_id)
            .subquery()
        )
        rejected = (
            select(CopyRejectionRow.campaign_id, func.count().label("rejected"))
            .group_by(CopyRejectionRow.campaign_id)
            .subquery()
        )
        renders = (
            select(RenderRow.campaign_id, func.count().label("renders"))
            .group_by(RenderRow.campaign_id)
            .subquery()
        )
        query = (
            select(
                CampaignRow,
                func.coalesce(facts.c.facts, 0),
                func.coalesce(variants.c.variants, 0),
                func.coalesce(variants.c.approved, 0),
                func.coalesce(rejected.c.rejected, 0),
                func.coalesce(renders.c.renders, 0),
            )
            .outerjoin(facts, facts.c.campaign_id == CampaignRow.id)
            .outerjoin(variants, variants.c.campaign_id == CampaignRow.id)
            .outerjoin(rejected, rejected.c.campaign_id == CampaignRow.id)
            .outerjoin(renders, renders.c.campaign_id == CampaignRow.id)
            .order_by(CampaignRow.last_activity_at.desc(), CampaignRow.id.desc())
        )
        with self._db.read() as session:
            return [
                CampaignSummary(
                    campaign=campaign_from_row(row),
                    facts=int(fact_count),
                    variants=int(variant_count),
                    approved=int(approved_count),
                    last_activity=row.last_activity_at,
                    rejected=int(rejected_count),
                    renders=int(render_count),
                )
                for row, fact_count, variant_count, approved_count, rejected_count, render_count
                in session.execute(query)
            ]

    def get(self, campaign_id: int) -> Campaign | None:
        with self._db.read() as session:
            row = session.get(CampaignRow, campaign_id)
            return campaign_from_row(row) if row is not None else None

    def find(self, id_or_name: str) -> Campaign | None:
        """A campaign by id ("12") or by exact name ignoring case; an id wins over a name."""
        text = id_or_name.strip()
        if text.isascii() and text.isdigit():
            found = self.get(int(text))
            if found is not None:
                return found
        with self._db.read() as session:
            row = session.scalar(select(CampaignRow).where(CampaignRow.name_key == name_key(text)))
            return campaign_from_row(row) if row is not None else None

    # -- changing ------------------------------------------------------------------------

    def create(self, name: str, *, actor: str, source_url: str = "") -> Campaign:
        """A new draft campaign; CampaignNameError if the name is unusable or taken."""
        return self._db.write(self._create, clean_campaign_name(name), actor, source_url.strip())

    def _create(self, session: Session, name: str, actor: str, source_url: str) -> Campaign:
        self._ensure_name_free(session, name)
        now = utcnow()
        row = CampaignRow(
            name=name,
            name_key=name_key(name),
            status=CampaignStatus.DRAFT.value,
            source_url=source_url,
            avoid_words=[],
            created_at=now,
            updated_at=now,
            last_activity_at=now,
        )
        self._flush_new_name(session, row)
        campaign = campaign_from_row(row)
        self._decisions.record_in(
            session, "campaign.create", actor=actor, campaign_id=row.id, after=snapshot(campaign)
        )
        return campaign

    def rename(self, campaign_id: int, new_name: str, *, actor: str) -> Campaign:
        """Give a campaign a new name (changing only its case is allowed)."""
        return self._db.write(self._rename, campaign_id, clean_campaign_name(new_name), actor)

    def _rename(self, session: Session, campaign_id: int, name: str, actor: str) -> Campaign:
        row = self._row(session, campaign_id)
        if row.name == name:
            return campaign_from_row(row)  # nothing changed, nothing to audit
        self._ensure_name_free(session, name, except_id=campaign_id)
        old = row.name
        row.name, row.name_key = name, name_key(name)
        row.updated_at = row.last_activity_at = utcnow()
        self._flush_new_name(session, row)
        self._decisions.record_in(
            session,
            "campaign.rename",
            actor=actor,
            campaign_id=campaign_id,
            before={"name": old},
            after={"name": name},
        )
        return campaign_from_row(row)

    def update(self, campaign_id: int, changes: Mapping[str, Any], *, actor: str) -> Campaign:
        """Change the brief (status, source URL, objective, audience, tone, offer, words)."""
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise ValueError(f"These campaign fields cannot be changed here: {sorted(unknown)}")
        return self._db.write(self._update, campaign_id, dict(changes), actor)

    def _update(
        self, session: Session, campaign_id: int, changes: dict[str, Any], actor: str
    ) -> Campaign:
        row = self._row(session, campaign_id)
        current = campaign_from_row(row)
        wanted = replace(current, **{key: _normalise(key, value) for key, value in changes.items()})
        changed = [key for key in changes if getattr(current, key) != getattr(wanted, key)]
        if not changed:
            return current  # nothing changed, nothing to audit
        for key in changed:
            value = getattr(wanted, key)
            setattr(row, key, list(value) if key == "avoid_words" else str(value))
        row.updated_at = row.last_activity_at = utcnow()
        session.flush()
        self._decisions.record_in(
            session,
            "campaign.update",
            actor=actor,
            campaign_id=campaign_id,
            before=snapshot({key: getattr(current, key) for key in changed}),
            after=snapshot({key: getattr(wanted, key) for key in changed}),
        )
        return campaign_from_row(row)

    def duplicate(self, campaign_id: int, *, actor: str, new_name: str | None = None) -> Campaign:
        """A copy with the brand profile, facts, variants and layout specs.

        Named "X (copy)", "X (copy 2)" … unless `new_name` is given. Variants get new ids
        (they are unique across campaigns); facts keep theirs, so `fact_ids` stay valid.
        """
        name = clean_campaign_name(new_name) if new_name is not None else None
        return self._db.write(self._duplicate, campaign_id, name, actor)

    def _duplicate(
        self, session: Session, campaign_id: int, name: str | None, actor: str
    ) -> Campaign:
        source = self._row(session, campaign_id)
        if name is None:
            name = copy_name(source.name, lambda candidate: self._name_taken(session, candidate))
        self._ensure_name_free(session, name)
        now = utcnow()
        status = CampaignStatus(source.status)
        copy = CampaignRow(
            name=name,
            name_key=name_key(name),
            status=copy_status(status).value,
            source_url=source.source_url,
            objective=source.objective,
            audience=source.audience,
            tone=source.tone,
            offer=source.offer,
            avoid_words=list(source.avoid_words or ()),
            created_at=now,
            updated_at=now,
            last_activity_at=now,
        )
        self._flush_new_name(session, copy)
        copy_children(session, source.id, copy.id)
        campaign = campaign_from_row(copy)
        self._decisions.record_in(
            session,
            "campaign.duplicate",
            actor=actor,
            campaign_id=copy.id,
            after={**snapshot(campaign), "copied_from": source.id},
        )
        return campaign

    def delete(self, campaign_id: int, *, actor: str) -> None:
        """Delete a campaign and everything in it; its audit rows stay."""
        self._db.write(self._delete, campaign_id, actor)

    def _delete(self, session: Session, campaign_id: int, actor: str) -> None:
        row = self._row(session, campaign_id)
        before = snapshot(campaign_from_row(row))
        before["facts"] = session.scalar(
            select(func.count()).where(FactRow.campaign_id == campaign_id)
        )
        before["variants"] = session.scalar(
            select(func.count()).where(VariantRow.campaign_id == campaign_id)
        )
        session.expunge(row)
        # Children go by ON DELETE CASCADE in the database, not by ORM relationships.
        session.execute(
            delete(CampaignRow)
            .where(CampaignRow.id == campaign_id)
            .execution_options(synchronize_session=False)
        )
        self._decisions.record_in(
            session, "campaign.delete", actor=actor, campaign_id=campaign_id, before=before
        )

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _row(session: Session, campaign_id: int) -> CampaignRow:
        row = session.get(CampaignRow, campaign_id)
        if row is None:
            raise CampaignNotFoundError(campaign_id)
        return row

    @staticmethod
    def _name_taken(session: Session, name: str, except_id: int | None = None) -> bool:
        query = select(CampaignRow.id).where(CampaignRow.name_key == name_key(name))
        if except_id is not None:
            query = query.where(CampaignRow.id != except_id)
        return session.scalar(query.limit(1)) is not None

    def _ensure_name_free(self, session: Session, name: str, except_id: int | None = None) -> None:
        if self._name_taken(session, name, except_id):
            raise CampaignNameError(
                f"A campaign called “{name}” already exists (names ignore upper and lower case). "
                "Choose another name."
            )

    @staticmethod
    def _flush_new_name(session: Session, row: CampaignRow) -> None:
        session.add(row)
        try:
            session.flush()
        except exc.IntegrityError as error:
            # Another process took the name between our check and this insert.
            raise CampaignNameError(
                f"A campaign called “{row.name}” already exists. Choose another name."
            ) from error
