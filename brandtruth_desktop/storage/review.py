"""Review: the grid's rows page by page, a reviewer's decisions with their audit rows, and
what the approved export reads.

A decision is a human act (DESIGN.md decision 6): each approve, reject or undo changes the
variant's status and appends its audit row in the same write transaction, with who, what, the
status before and after, and the layout revision of every format at that moment (what exactly
was approved). A batch that names an unknown variant changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Text, func, select, type_coerce, update
from sqlalchemy.orm import Session

from brandtruth_desktop.core.models import (
    Campaign,
    Decision,
    Fact,
    Variant,
    VariantStatus,
)
from brandtruth_desktop.core.pipeline.records import FORMAT_KEYS, ImageChoice, RenderRecord
from brandtruth_desktop.core.review import (
    FormatState,
    GridRow,
    ReviewCounts,
    qa_summary,
    review_gate,
    review_score,
)
from brandtruth_desktop.core.review.rows import contrast_headroom
from brandtruth_desktop.storage.convert import (
    brand_profile_from_row,
    campaign_from_row,
    decision_from_row,
    fact_from_row,
    variant_from_row,
)
from brandtruth_desktop.storage.database import Database
from brandtruth_desktop.storage.decisions import SqlDecisionLog
from brandtruth_desktop.storage.errors import CampaignNotFoundError
from brandtruth_desktop.storage.runs import choice_from_row, render_from_row
from brandtruth_desktop.storage.schema import (
    BrandProfileRow,
    CampaignPlanRow,
    CampaignRow,
    DecisionRow,
    FactRow,
    ImageChoiceRow,
    LayoutSpecRow,
    RenderRow,
    VariantRow,
)

if TYPE_CHECKING:
    from brandtruth_desktop.storage.workspace import Workspace

ACTIONS = {
    VariantStatus.APPROVED: "variant.approve",
    VariantStatus.REJECTED: "variant.reject",
}
UNDO_ACTION = "variant.undo"
DECIDABLE = frozenset(ACTIONS)


@dataclass(frozen=True, slots=True)
class ReviewContext:
    """What every page of a campaign's grid needs, read once when the campaign opens."""

    campaign: Campaign
    facts: Mapping[str, Fact]
    formats: tuple[str, ...]  # the campaign's formats, in the product's order
    angles: tuple[str, ...]
    counts: ReviewCounts
    allow_high_risk: bool = False
    brand_name: str = ""
    platform: str = "meta"


@dataclass(frozen=True, slots=True)
class DecisionOutcome:
    """What one decision did to one variant. `decision_id` is its audit row; None when the
    variant already had that status (nothing changed, nothing recorded)."""

    variant_id: str
    before: VariantStatus
    after: VariantStatus
    decision_id: int | None = None

    @property
    def changed(self) -> bool:
        return self.decision_id is not None


@dataclass(frozen=True, slots=True)
class ExportBundle:
    """What the approved export reads about a campaign besides each ad's spec and render."""

    campaign: Campaign
    approved: tuple[Variant, ...]
    facts: Mapping[str, Fact]
    formats: tuple[str, ...]
    decisions: Mapping[str, Decision] = field(default_factory=dict)
    choices: Mapping[str, ImageChoice] = field(default_factory=dict)


def review_repository(workspace: Workspace) -> SqlReviewRepository:
    """The review repository on an open workspace."""
    return SqlReviewRepository(workspace.database, workspace.decisions)


class SqlReviewRepository:
    """Grid rows, decisions and the export's reads (see the module docstring)."""

    def __init__(self, database: Database, decisions: SqlDecisionLog) -> None:
        self._db = database
        self._decisions = decisions

    # -- reading the grid --------------------------------------------------------------------

    def context(self, campaign_id: int) -> ReviewContext:
        """The campaign, its facts, formats, angles and counts (CampaignNotFoundError)."""
        with self._db.read() as session:
            row = session.get(CampaignRow, campaign_id)
            if row is None:
                raise CampaignNotFoundError(campaign_id)
            campaign = campaign_from_row(row)
            facts = {f.id: f for f in (fact_from_row(r) for r in session.scalars(
                select(FactRow).where(FactRow.campaign_id == campaign_id)
                .order_by(FactRow.position)))}
            plan = session.get(CampaignPlanRow, campaign_id)
            profile = session.get(BrandProfileRow, campaign_id)
            angles = tuple(a for a in session.scalars(
                select(VariantRow.angle).where(VariantRow.campaign_id == campaign_id)
                .distinct().order_by(VariantRow.angle)) if a)
            return ReviewContext(
                campaign=campaign,
                facts=facts,
                formats=self._formats(session, campaign_id, plan),
                angles=angles,
                counts=self._counts(session, campaign_id),
                allow_high_risk=bool(plan.allow_high_risk) if plan is not None else False,
                brand_name=brand_profile_from_row(profile).brand_name if profile else "",
                platform=plan.platform if plan is not None else "meta",
            )

    def counts(self, campaign_id: int) -> ReviewCounts:
        with self._db.read() as session:
            return self._counts(session, campaign_id)

    def page(self, context: ReviewContext, offset: int, limit: int) -> list[GridRow]:
        """Rows `offset` … `offset + limit - 1` in the order the ads were written."""
        with self._db.read() as session:
            variants = list(session.scalars(
                select(VariantRow).where(VariantRow.campaign_id == context.campaign.id)
                .order_by(VariantRow.created_at, VariantRow.id).offset(offset).limit(limit)))
            return self._grid_rows(session, context, variants)

    def rows(self, context: ReviewContext, variant_ids: Sequence[str]) -> list[GridRow]:
        """The rows of these variants as stored now (those that no longer exist are left out)."""
        with self._db.read() as session:
            variants = list(session.scalars(
                select(VariantRow).where(VariantRow.campaign_id == context.campaign.id,
                                         VariantRow.id.in_(list(variant_ids)))))
            return self._grid_rows(session, context, variants)

    def variants(self, campaign_id: int, variant_ids: Sequence[str] | None = None
                 ) -> list[Variant]:
        """A campaign's variants in the order written (only `variant_ids`, when given)."""
        query = select(VariantRow).where(VariantRow.campaign_id == campaign_id)
        if variant_ids is not None:
            query = query.where(VariantRow.id.in_(list(variant_ids)))
        with self._db.read() as session:
            return [variant_from_row(r) for r in session.scalars(
                query.order_by(VariantRow.created_at, VariantRow.id))]

    # -- decisions -----------------------------------------------------------------------

    def decide(self, campaign_id: int, variant_ids: Sequence[str], status: VariantStatus, *,
               actor: str, reason: str = "") -> list[DecisionOutcome]:
        """Approve or reject variants, one audit row each, all in one transaction.

        LookupError (and nothing changed) when an id is not a variant of the campaign.
        """
        if status not in DECIDABLE:
            raise ValueError(f"A reviewer approves or rejects; “{status}” is not a decision.")
        ids = list(dict.fromkeys(variant_ids))
        if not ids:
            return []
        return self._db.write(self._decide, campaign_id, ids, status, actor, reason)

    def _decide(self, session: Session, campaign_id: int, ids: list[str],
                status: VariantStatus, actor: str, reason: str) -> list[DecisionOutcome]:
        current = self._statuses(session, campaign_id, ids)
        missing = [i for i in ids if i not in current]
        if missing:
            shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            raise LookupError(f"No ad {shown} in campaign {campaign_id}; nothing was recorded. "
                              f"List the ads with: brandtruth variants {campaign_id}")
        changed = [i for i in ids if current[i][0] is not status]
        revisions = self._revisions(session, changed)
        if changed:
            session.execute(
                update(VariantRow).where(VariantRow.id.in_(changed))
                .values(status=status.value,
                        rejection_reason=reason if status is VariantStatus.REJECTED else "")
                .execution_options(synchronize_session=False))
        outcomes = []
        for variant_id in ids:
            before, before_reason = current[variant_id]
            if variant_id not in changed:
                outcomes.append(DecisionOutcome(variant_id, before, before))
                continue
            after: dict[str, Any] = {"status": status.value,
                                     "layout_revisions": revisions.get(variant_id, {})}
            if reason and status is VariantStatus.REJECTED:
                after["reason"] = reason
            if len(changed) > 1:
                after["batch"] = len(changed)
            before_payload: dict[str, Any] = {"status": before.value}
            if before_reason:
                before_payload["reason"] = before_reason
            decision = self._decisions.record_in(
                session, ACTIONS[status], actor=actor, campaign_id=campaign_id,
                variant_id=variant_id, before=before_payload, after=after)
            outcomes.append(DecisionOutcome(variant_id, before, status, decision.id))
        return outcomes

    def undo(self, campaign_id: int, outcomes: Sequence[DecisionOutcome], *, actor: str
             ) -> list[DecisionOutcome]:
        """Put variants back to their status before `outcomes`, one `variant.undo` audit row
        each (naming the decision it undoes). A variant whose status changed again since
        (another window, the command line) is left alone: its outcome shows no change."""
        done = [o for o in outcomes if o.changed]
        if not done:
            return []
        return self._db.write(self._undo, campaign_id, done, actor)

    def _undo(self, session: Session, campaign_id: int, outcomes: list[DecisionOutcome],
              actor: str) -> list[DecisionOutcome]:
        current = self._statuses(session, campaign_id, [o.variant_id for o in outcomes])
        results = []
        for outcome in outcomes:
            found = current.get(outcome.variant_id)
            if found is None or found[0] is not outcome.after:
                now = found[0] if found is not None else outcome.after
                results.append(DecisionOutcome(outcome.variant_id, now, now))
                continue
            session.execute(
                update(VariantRow).where(VariantRow.id == outcome.variant_id)
                .values(status=outcome.before.value, rejection_reason="")
                .execution_options(synchronize_session=False))
            decision = self._decisions.record_in(
                session, UNDO_ACTION, actor=actor, campaign_id=campaign_id,
                variant_id=outcome.variant_id, before={"status": outcome.after.value},
                after={"status": outcome.before.value, "undoes": outcome.decision_id})
            results.append(DecisionOutcome(outcome.variant_id, outcome.after, outcome.before,
                                           decision.id))
        return results

    def latest_decisions(self, variant_ids: Iterable[str],
                         actions: Sequence[str] = (*ACTIONS.values(), UNDO_ACTION)
                         ) -> dict[str, Decision]:
        """Each variant's most recent audit row among `actions` (approve, reject, undo)."""
        ids = list(variant_ids)
        if not ids:
            return {}
        newest = (select(func.max(DecisionRow.id))
                  .where(DecisionRow.variant_id.in_(ids), DecisionRow.action.in_(list(actions)))
                  .group_by(DecisionRow.variant_id))
        with self._db.read() as session:
            rows = session.scalars(select(DecisionRow).where(DecisionRow.id.in_(newest)))
            return {row.variant_id: decision_from_row(row) for row in rows
                    if row.variant_id is not None}

    # -- export ------------------------------------------------------------------------------

    def export_bundle(self, campaign_id: int) -> ExportBundle:
        """The approved variants with their facts, decisions and picture choices."""
        context = self.context(campaign_id)
        approved = tuple(v for v in self.variants(campaign_id)
                         if v.status is VariantStatus.APPROVED)
        ids = [v.id for v in approved]
        with self._db.read() as session:
            choices = {row.variant_id: choice_from_row(row) for row in session.scalars(
                select(ImageChoiceRow).where(ImageChoiceRow.campaign_id == campaign_id))}
        return ExportBundle(
            campaign=context.campaign, approved=approved, facts=context.facts,
            formats=context.formats,
            decisions=self.latest_decisions(ids, (ACTIONS[VariantStatus.APPROVED],)),
            choices={k: v for k, v in choices.items() if k in set(ids)},
        )

    def render_for(self, variant_id: str, format_key: str, revision: int
                   ) -> RenderRecord | None:
        """The stored render of exactly this layout revision, if there is one."""
        with self._db.read() as session:
            row = session.scalar(select(RenderRow).where(
                RenderRow.variant_id == variant_id, RenderRow.format == format_key,
                RenderRow.spec_revision == revision))
            return render_from_row(row) if row is not None else None

    # -- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _counts(session: Session, campaign_id: int) -> ReviewCounts:
        rows = session.execute(
            select(VariantRow.status, func.count()).where(VariantRow.campaign_id == campaign_id)
            .group_by(VariantRow.status)).all()
        statuses: dict[VariantStatus, int] = {}
        for status, count in rows:
            key = _status(status)
            statuses[key] = statuses.get(key, 0) + int(count)
        return ReviewCounts.of(statuses)

    @staticmethod
    def _formats(session: Session, campaign_id: int, plan: CampaignPlanRow | None
                 ) -> tuple[str, ...]:
        found = set(session.scalars(
            select(LayoutSpecRow.format).join(VariantRow, VariantRow.id == LayoutSpecRow.variant_id)
            .where(VariantRow.campaign_id == campaign_id).distinct()))
        if plan is not None:
            found.update(str(f) for f in plan.formats or ())
        order = {key: index for index, key in enumerate(FORMAT_KEYS)}
        return tuple(sorted(found, key=lambda key: (order.get(key, len(order)), key)))

    @staticmethod
    def _statuses(session: Session, campaign_id: int, ids: list[str]
                  ) -> dict[str, tuple[VariantStatus, str]]:
        rows = session.execute(
            select(VariantRow.id, VariantRow.status, VariantRow.rejection_reason)
            .where(VariantRow.campaign_id == campaign_id, VariantRow.id.in_(ids))).all()
        return {variant_id: (_status(status), reason or "") for variant_id, status, reason in rows}

    @staticmethod
    def _revisions(session: Session, ids: list[str]) -> dict[str, dict[str, int]]:
        if not ids:
            return {}
        found: dict[str, dict[str, int]] = {}
        for variant_id, format_key, revision in session.execute(
                select(LayoutSpecRow.variant_id, LayoutSpecRow.format,
                       func.max(LayoutSpecRow.revision))
                .where(LayoutSpecRow.variant_id.in_(ids))
                .group_by(LayoutSpecRow.variant_id, LayoutSpecRow.format)):
            found.setdefault(variant_id, {})[format_key] = int(revision)
        return found

    def _grid_rows(self, session: Session, context: ReviewContext,
                   variants: list[VariantRow]) -> list[GridRow]:
        ids = [v.id for v in variants]
        if not ids:
            return []
        revisions = self._revisions(session, ids)
        # Plain columns, QA as its JSON text: only the kept render's report is decoded.
        kept: dict[tuple[str, str], tuple[int, str, str | None]] = {}
        for variant_id, format_key, revision, sha256, qa_text in session.execute(
                select(RenderRow.variant_id, RenderRow.format, RenderRow.spec_revision,
                       RenderRow.sha256, type_coerce(RenderRow.qa, Text))
                .where(RenderRow.variant_id.in_(ids))):
            key = (variant_id, format_key)
            latest = revisions.get(variant_id, {}).get(format_key)
            found = kept.get(key)
            # The render of the latest revision wins; else the newest one there is.
            if found is None or revision == latest or (
                    found[0] != latest and revision > found[0]):
                kept[key] = (revision, sha256, qa_text)
        renders = {key: _StoredRender(revision, sha256, _json(qa_text))
                   for key, (revision, sha256, qa_text) in kept.items()}
        return [self._grid_row(context, variant_from_row(v), revisions.get(v.id, {}), renders)
                for v in variants]

    @staticmethod
    def _grid_row(context: ReviewContext, variant: Variant, revisions: Mapping[str, int],
                  renders: Mapping[tuple[str, str], _StoredRender]) -> GridRow:
        gate = review_gate(
            variant, context.facts, allow_high_risk=context.allow_high_risk,
            full=variant.status is VariantStatus.EDITED, brand_name=context.brand_name,
            avoid_words=context.campaign.avoid_words, platform=context.platform)
        risks = [context.facts[f].risk.value for f in variant.fact_ids if f in context.facts]
        formats: dict[str, FormatState] = {}
        for format_key, revision in revisions.items():
            render = renders.get((variant.id, format_key))
            qa = render.qa if render is not None else None
            kinds, problems, notes = qa_summary(qa)
            formats[format_key] = FormatState(
                format=format_key,
                revision=revision,
                render_sha256=render.sha256 if render is not None else None,
                render_revision=render.revision if render is not None else None,
                warnings=kinds,
                problems=problems,
                notes=notes,
                score=review_score(gate_failed=bool(gate), problems=len(problems),
                                   notes=len(notes), headroom=contrast_headroom(qa),
                                   risky_facts=risks),
            )
        return GridRow(
            variant_id=variant.id, campaign_id=variant.campaign_id, status=variant.status,
            angle=variant.angle, headline=variant.headline, primary_text=variant.primary_text,
            description=variant.description, call_to_action=variant.call_to_action,
            fact_ids=variant.fact_ids, created_at=variant.created_at, gate=gate,
            formats=formats,
        )


@dataclass(frozen=True, slots=True)
class _StoredRender:
    revision: int
    sha256: str
    qa: dict[str, Any] | None


def _json(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {"problems": ["The QA report of this render could not be read."]}
    return value if isinstance(value, dict) else None


def _status(value: str) -> VariantStatus:
    try:
        return VariantStatus(value)
    except ValueError:
        return VariantStatus.PENDING
