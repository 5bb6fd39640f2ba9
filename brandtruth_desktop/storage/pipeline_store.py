"""`core.pipeline.CampaignStore` on a workspace: the pipeline's saves, through the repositories.

Every write goes through the workspace's one writer thread, so a stage on any worker thread
can call it; every read opens its own session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brandtruth_desktop.core.models import (
    BrandProfile,
    BrandTruth,
    Campaign,
    CampaignStatus,
    Fact,
    GateRejection,
    LayoutSpec,
    Variant,
)
from brandtruth_desktop.core.pipeline.records import CampaignPlan, ImageChoice, RenderRecord
from brandtruth_desktop.core.ports import ModelUsage
from brandtruth_desktop.storage.errors import CampaignNotFoundError

if TYPE_CHECKING:
    from brandtruth_desktop.storage.workspace import Workspace


class WorkspaceCampaignStore:
    """The pipeline's store on a workspace. Status changes are audited as `actor`'s."""

    def __init__(self, workspace: Workspace, *, actor: str) -> None:
        self._workspace = workspace
        self._actor = actor

    def campaign(self, campaign_id: int) -> Campaign:
        campaign = self._workspace.campaigns.get(campaign_id)
        if campaign is None:
            raise CampaignNotFoundError(campaign_id)
        return campaign

    def set_status(self, campaign_id: int, status: CampaignStatus) -> None:
        self._workspace.campaigns.update(campaign_id, {"status": status}, actor=self._actor)

    def plan(self, campaign_id: int) -> CampaignPlan | None:
        return self._workspace.runs.plan(campaign_id)

    def save_plan(self, plan: CampaignPlan) -> CampaignPlan:
        return self._workspace.runs.save_plan(plan)

    def save_truth(
        self, campaign_id: int, truth: BrandTruth, *, logo_sha256: str | None
    ) -> list[Fact]:
        return self._workspace.runs.save_truth(campaign_id, truth, logo_sha256=logo_sha256)

    def brand_profile(self, campaign_id: int) -> BrandProfile | None:
        return self._workspace.content.brand_profile(campaign_id)

    def facts(self, campaign_id: int) -> list[Fact]:
        return self._workspace.content.facts(campaign_id)

    def variants(self, campaign_id: int) -> list[Variant]:
        return self._workspace.content.variants(campaign_id)

    def save_variant(self, variant: Variant) -> Variant:
        return self._workspace.content.save_variants([variant])[0]

    def save_rejection(self, campaign_id: int, rejection: GateRejection) -> None:
        self._workspace.runs.save_rejection(campaign_id, rejection)

    def rejections(self, campaign_id: int) -> list[GateRejection]:
        return self._workspace.runs.rejections(campaign_id)

    def clear_copy(self, campaign_id: int) -> None:
        self._workspace.runs.clear_copy(campaign_id)

    def record_usage(self, campaign_id: int, usage: ModelUsage) -> float:
        return self._workspace.model_calls.record_usage(usage, campaign_id=campaign_id).cost_usd

    def image_choices(self, campaign_id: int) -> list[ImageChoice]:
        return self._workspace.runs.image_choices(campaign_id)

    def save_image_choice(self, choice: ImageChoice) -> ImageChoice:
        return self._workspace.runs.save_image_choice(choice)

    def add_layout_spec(self, variant_id: str, format: str, spec: dict[str, object]
                        ) -> LayoutSpec:
        return self._workspace.content.add_layout_spec(variant_id, format, dict(spec))

    def renders(self, campaign_id: int) -> list[RenderRecord]:
        return self._workspace.runs.renders(campaign_id)

    def save_render(self, render: RenderRecord) -> RenderRecord:
        return self._workspace.runs.save_render(render)
