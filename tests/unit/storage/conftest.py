"""Fixtures for the storage tests: an opened workspace and a way to fill a campaign."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from brandtruth_desktop.core.models import Fact, FactKind, Variant, VariantStatus
from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.storage.workspace import Workspace, open_workspace

Filler = Callable[..., tuple[list[Fact], list[Variant]]]


@pytest.fixture
def workspace(data_paths: DataPaths) -> Iterator[Workspace]:
    opened = open_workspace(data_paths)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def fill(workspace: Workspace) -> Filler:
    """Give a campaign facts, variants (some approved) and two layout revisions each."""

    def fill_campaign(
        campaign_id: int, *, facts: int = 3, variants: int = 2, approved: int = 1
    ) -> tuple[list[Fact], list[Variant]]:
        saved_facts = workspace.content.save_facts(
            campaign_id,
            [
                Fact(
                    id=f"f{n}",
                    kind=FactKind.STATISTIC,
                    text=f"{n}0,000 customers",
                    quote=f"Trusted by {n}0,000 customers",
                    source_url=f"https://brand.example/page{n}",
                )
                for n in range(facts)
            ],
        )
        saved_variants = workspace.content.save_variants(
            [
                Variant(
                    id=f"c{campaign_id}-v{n}",
                    campaign_id=campaign_id,
                    angle="social proof",
                    headline=f"Headline {n}",
                    primary_text="Join the many who switched.",
                    fact_ids=("f0",) if facts else (),
                    status=VariantStatus.APPROVED if n < approved else VariantStatus.PENDING,
                    provenance={"generator": "offline"},
                )
                for n in range(variants)
            ]
        )
        for variant in saved_variants:
            for revision in range(2):
                workspace.content.add_layout_spec(
                    variant.id, "1:1", {"headline": {"size": 40 + revision}}
                )
        return saved_facts, saved_variants

    return fill_campaign
