"""The ledger of language-model calls: tokens and dollars, per campaign."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from brandtruth_desktop.core.models import ModelCall
from brandtruth_desktop.core.ports import ModelUsage
from brandtruth_desktop.storage.convert import model_call_from_row
from brandtruth_desktop.storage.database import Database
from brandtruth_desktop.storage.schema import ModelCallRow, utcnow


class SqlModelCallLedger:
    """Records each model call's tokens and cost, and adds them up for a campaign."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def record(
        self,
        model: str,
        *,
        input_tokens: int,
        output_tokens: int,
        cache_read_tokens: int = 0,
        cache_write_tokens: int = 0,
        cost_usd: float = 0.0,
        campaign_id: int | None = None,
    ) -> ModelCall:
        """Append one call to the ledger."""
        if min(input_tokens, output_tokens, cache_read_tokens, cache_write_tokens) < 0:
            raise ValueError("Token counts cannot be negative.")
        if cost_usd < 0:
            raise ValueError("A cost cannot be negative.")
        row = ModelCallRow(
            campaign_id=campaign_id,
            model=model,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cache_read_tokens=cache_read_tokens,
            cache_write_tokens=cache_write_tokens,
            cost_usd=float(cost_usd),
            at=utcnow(),
        )
        return self._db.write(self._add, row)

    def record_usage(self, usage: ModelUsage, *, campaign_id: int | None = None) -> ModelCall:
        """Append one call's usage, priced from the one price table (`core.copy.costs`)."""
        # Imported here: opening a workspace should not load the whole copy package.
        from brandtruth_desktop.core.copy.costs import cost_usd

        return self.record(
            usage.model,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cache_read_tokens=usage.cache_read_tokens,
            cache_write_tokens=usage.cache_write_tokens,
            cost_usd=cost_usd(usage),
            campaign_id=campaign_id,
        )

    @staticmethod
    def _add(session: Session, row: ModelCallRow) -> ModelCall:
        session.add(row)
        session.flush()
        return model_call_from_row(row)

    def total_cost(self, campaign_id: int | None = None) -> float:
        """Dollars spent on one campaign, or on everything when `campaign_id` is None."""
        query = select(func.coalesce(func.sum(ModelCallRow.cost_usd), 0.0))
        if campaign_id is not None:
            query = query.where(ModelCallRow.campaign_id == campaign_id)
        with self._db.read() as session:
            return float(session.scalar(query) or 0.0)

    def for_campaign(self, campaign_id: int) -> list[ModelCall]:
        """A campaign's calls, oldest first."""
        with self._db.read() as session:
            rows = session.scalars(
                select(ModelCallRow)
                .where(ModelCallRow.campaign_id == campaign_id)
                .order_by(ModelCallRow.id)
            )
            return [model_call_from_row(row) for row in rows]
