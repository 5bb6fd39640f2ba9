"""The append-only audit log (DESIGN.md decision 6): who did what, when, before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from brandtruth_desktop.core.models import Decision
from brandtruth_desktop.storage.convert import decision_from_row, json_safe
from brandtruth_desktop.storage.database import Database
from brandtruth_desktop.storage.schema import CampaignRow, DecisionRow, utcnow


class SqlDecisionLog:
    """`core.ports.DecisionLog` on the `decisions` table.

    Rows are only ever inserted; database triggers refuse UPDATE and DELETE, so not even a bug
    here could rewrite history. Other repositories call `record_in` with their own session so
    that the audit row commits or rolls back together with the change it describes.
    """

    def __init__(self, database: Database) -> None:
        self._db = database

    def record(
        self,
        action: str,
        *,
        actor: str,
        campaign_id: int | None = None,
        variant_id: str | None = None,
        before: dict[str, object] | None = None,
        after: dict[str, object] | None = None,
    ) -> Decision:
        """Append one audit row in its own transaction and return it."""
        return self._db.write(
            self.record_in,
            action,
            actor=actor,
            campaign_id=campaign_id,
            variant_id=variant_id,
            before=before,
            after=after,
        )

    def record_in(
        self,
        session: Session,
        action: str,
        *,
        actor: str,
        campaign_id: int | None = None,
        variant_id: str | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> Decision:
        """Append one audit row inside the caller's write transaction."""
        if not action.strip():
            raise ValueError("An audit row needs an action, e.g. 'variant.approve'.")
        if not actor.strip():
            raise ValueError("An audit row needs an actor: who made the decision.")
        at = utcnow()
        row = DecisionRow(
            campaign_id=campaign_id,
            variant_id=variant_id,
            action=action,
            actor=actor.strip(),
            at=at,
            before=json_safe(before) if before is not None else None,
            after=json_safe(after) if after is not None else None,
        )
        session.add(row)
        session.flush()
        if campaign_id is not None:
            # A decision is activity: it moves the campaign up the Campaigns screen.
            session.execute(
                update(CampaignRow)
                .where(CampaignRow.id == campaign_id)
                .values(last_activity_at=at)
                .execution_options(synchronize_session=False)
            )
        return decision_from_row(row)

    def for_campaign(self, campaign_id: int) -> list[Decision]:
        """Every audit row about a campaign, oldest first, including after it was deleted."""
        with self._db.read() as session:
            rows = session.scalars(
                select(DecisionRow)
                .where(DecisionRow.campaign_id == campaign_id)
                .order_by(DecisionRow.id)
            )
            return [decision_from_row(row) for row in rows]

    def for_variant(self, variant_id: str) -> list[Decision]:
        """Every audit row about one variant, oldest first."""
        with self._db.read() as session:
            rows = session.scalars(
                select(DecisionRow)
                .where(DecisionRow.variant_id == variant_id)
                .order_by(DecisionRow.id)
            )
            return [decision_from_row(row) for row in rows]
