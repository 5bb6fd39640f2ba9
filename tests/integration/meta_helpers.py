"""Shared set-up for the Meta tests: a workspace with a reviewed campaign (approved, pending
and rejected variants, each rendered), publish settings, and clients wired to the fake Graph
API (the `fake_graph` and `workspace` fixtures are in conftest.py)."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from fake_graph import ACCOUNT_ID, PAGE_ID, TOKEN, FakeGraph
from PIL import Image

from brandtruth_desktop.core.models import Campaign, Variant, VariantStatus
from brandtruth_desktop.core.pipeline import RenderRecord
from brandtruth_desktop.core.publish import PublishSettings, Targeting
from brandtruth_desktop.integrations.meta.client import GraphClient, GraphEndpoint, RetryPolicy
from brandtruth_desktop.publish_services import PublishServices
from brandtruth_desktop.storage.workspace import Workspace

SIZES = {"1:1": (1080, 1080), "4:5": (1080, 1350), "9:16": (1080, 1920)}


@cache
def jpeg(width: int, height: int, shade: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (shade, 90, 160)).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def seed_campaign(workspace: Workspace, *, approved: int = 2, pending: int = 1,
                  rejected: int = 1, edited: int = 0, formats: tuple[str, ...] = ("1:1",),
                  name: str = "Acme Spring") -> Campaign:
    """A reviewed campaign: variants in every state, each rendered in `formats`."""
    campaign = workspace.campaigns.create(name, actor="test", source_url="https://acme.example")
    statuses = ([VariantStatus.APPROVED] * approved + [VariantStatus.PENDING] * pending
                + [VariantStatus.REJECTED] * rejected + [VariantStatus.EDITED] * edited)
    variants = [
        Variant(
            id=f"c{campaign.id}-v{n}", campaign_id=campaign.id, angle="benefit",
            headline=f"Run further {n}", primary_text=f"Trusted by 10,000 runners. #{n}",
            description="Free returns", call_to_action="SHOP_NOW", fact_ids=("f1",),
            status=status,
            rejection_reason="off brand" if status is VariantStatus.REJECTED else "",
        )
        for n, status in enumerate(statuses)
    ]
    workspace.content.save_variants(variants)
    for n, variant in enumerate(variants):
        for fmt in formats:
            width, height = SIZES[fmt]
            asset = workspace.assets.put_bytes(jpeg(width, height, 20 + n * 10),
                                               kind="creative", mime_type="image/jpeg")
            workspace.runs.save_render(RenderRecord(
                campaign_id=campaign.id, variant_id=variant.id, format=fmt, spec_revision=1,
                sha256=asset.sha256, width=width, height=height, passed=True,
            ))
    return campaign


def settings(**changes: Any) -> PublishSettings:
    base = PublishSettings(
        ad_account_id=ACCOUNT_ID, page_id=PAGE_ID, daily_budget=2500,
        destination_url="https://acme.example/shop",
        targeting=Targeting(countries=("US", "CA")),
    )
    return base.with_changes(**changes)


def client_for(fake: FakeGraph, waits: list[float] | None = None, *,
               token: str = TOKEN, **options: Any) -> GraphClient:
    record = waits.append if waits is not None else (lambda _s: None)
    return GraphClient(token, endpoint=GraphEndpoint(fake.base_url, "v26.0"), sleep=record,
                       retry=options.pop("retry", RetryPolicy()), **options)


def services(workspace: Workspace, fake: FakeGraph, waits: list[float] | None = None,
             **options: Any) -> PublishServices:
    record = waits.append if waits is not None else (lambda _s: None)
    return PublishServices(workspace, lambda: client_for(fake, waits, **options),
                           actor="publisher@test", sleep=record)
