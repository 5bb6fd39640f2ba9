"""ORM rows to core dataclasses, and values to what a JSON column can hold.

Repositories call these so that no ORM object (with its lazy loads and session ties) ever
leaves `storage/`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any

from brandtruth_desktop.core.models import (
    Asset,
    BrandProfile,
    Campaign,
    CampaignStatus,
    Decision,
    Fact,
    FactKind,
    JobRecord,
    JobState,
    LayoutSpec,
    ModelCall,
    Risk,
    Variant,
    VariantStatus,
)
from brandtruth_desktop.storage.schema import (
    AssetRow,
    BrandProfileRow,
    CampaignRow,
    DecisionRow,
    FactRow,
    JobRow,
    LayoutSpecRow,
    ModelCallRow,
    VariantRow,
)


def json_safe(value: Any) -> Any:
    """`value` with datetimes as ISO 8601, enums as their values and tuples as lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return json_safe(dataclasses.asdict(value))
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(item) for item in value]
    return value


def snapshot(value: Any) -> dict[str, Any]:
    """A dataclass as a JSON-ready dict, for an audit row's before/after."""
    result = json_safe(value)
    assert isinstance(result, dict)
    return result


def campaign_from_row(row: CampaignRow) -> Campaign:
    return Campaign(
        id=row.id,
        name=row.name,
        status=CampaignStatus(row.status),
        source_url=row.source_url,
        objective=row.objective,
        audience=row.audience,
        tone=row.tone,
        offer=row.offer,
        avoid_words=tuple(row.avoid_words or ()),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def brand_profile_from_row(row: BrandProfileRow) -> BrandProfile:
    return BrandProfile(
        campaign_id=row.campaign_id,
        brand_name=row.brand_name,
        tagline=row.tagline,
        logo_sha256=row.logo_sha256,
        colors=tuple(row.colors or ()),
        source_pages=tuple(row.source_pages or ()),
    )


def fact_from_row(row: FactRow) -> Fact:
    return Fact(
        id=row.id,
        campaign_id=row.campaign_id,
        kind=FactKind(row.kind),
        text=row.text,
        quote=row.quote,
        source_url=row.source_url,
        risk=Risk(row.risk),
        risk_reason=row.risk_reason,
        excluded=row.excluded,
        user_supplied=row.user_supplied,
    )


def variant_from_row(row: VariantRow) -> Variant:
    return Variant(
        id=row.id,
        campaign_id=row.campaign_id,
        angle=row.angle,
        headline=row.headline,
        primary_text=row.primary_text,
        description=row.description,
        call_to_action=row.call_to_action,
        fact_ids=tuple(row.fact_ids or ()),
        status=VariantStatus(row.status),
        rejection_reason=row.rejection_reason,
        provenance=dict(row.provenance or {}),
        created_at=row.created_at,
    )


def layout_spec_from_row(row: LayoutSpecRow) -> LayoutSpec:
    return LayoutSpec(
        variant_id=row.variant_id, format=row.format, revision=row.revision, spec=dict(row.spec)
    )


def asset_from_row(row: AssetRow) -> Asset:
    return Asset(
        sha256=row.sha256,
        kind=row.kind,
        mime_type=row.mime_type,
        size=row.size,
        original_name=row.original_name,
        source_url=row.source_url,
        created_at=row.created_at,
    )


def decision_from_row(row: DecisionRow) -> Decision:
    return Decision(
        id=row.id,
        campaign_id=row.campaign_id,
        variant_id=row.variant_id,
        action=row.action,
        actor=row.actor,
        at=row.at,
        before=row.before,
        after=row.after,
    )


def job_from_row(row: JobRow) -> JobRecord:
    return JobRecord(
        id=row.id,
        kind=row.kind,
        title=row.title,
        state=JobState(row.state),
        campaign_id=row.campaign_id,
        done=row.done,
        total=row.total,
        message=row.message,
        error=row.error,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )


def model_call_from_row(row: ModelCallRow) -> ModelCall:
    return ModelCall(
        id=row.id,
        campaign_id=row.campaign_id,
        model=row.model,
        input_tokens=row.input_tokens,
        output_tokens=row.output_tokens,
        cache_read_tokens=row.cache_read_tokens,
        cache_write_tokens=row.cache_write_tokens,
        cost_usd=row.cost_usd,
        at=row.at,
    )
