"""Publishing on a workspace: one place for the publish panel and `brandtruth publish`.

`PublishServices` builds a campaign's plan from what is stored (variants, their newest
renders, an unfinished run to resume), checks it (the dry run), and runs it as a stage with
a Graph client it opens and closes itself. The GUI hands `publish(plan)` to the job runner;
the CLI drives it in the terminal. Previews are files in the asset store, to open in the
browser. A publish panel drives it like this::

    account = MetaAccount.from_settings(context.settings, context.secrets,
                                        on_secret_seen=redactor.register_secret)
    services = PublishServices(context.workspace, account.client, actor=context.actor)
    runner.call("Checking the plan", lambda: services.dry_run(campaign_id, settings),
                on_success=show_plan)           # (plan, problems); plan.excluded greys rows out
    runner.start("Publishing to Meta", lambda: services.publish(plan),
                 on_success=show_result, on_failure=show_error)   # cancel: between objects

A `MetaError` with `needs_reconnect` means: ask to reconnect (Settings → Meta), then publish
again; the run resumes where it stopped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import CampaignStatus, VariantStatus
from brandtruth_desktop.core.publish import (
    PlanProblem,
    PublishPlan,
    PublishResult,
    PublishRun,
    PublishSettings,
    RunState,
    SavedPreview,
    build_plan,
    check_plan,
)
from brandtruth_desktop.integrations.meta.publisher import MetaPublisher, resumable_run_key
from brandtruth_desktop.storage.publishing import WorkspaceRenders

if TYPE_CHECKING:
    from brandtruth_desktop.integrations.meta.client import GraphClient
    from brandtruth_desktop.storage.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PreviewFile:
    """A saved preview and where its HTML page is on disk (open it in the browser)."""

    preview: SavedPreview
    path: Path


class PublishServices:
    """Plans, dry runs and publishes a workspace's campaigns to Meta.

    `client_factory` opens a Graph client for the connected token (`MetaAccount.client`);
    it is only called by `publish`, so planning and the dry run work offline.
    """

    def __init__(self, workspace: Workspace, client_factory: Callable[[], GraphClient], *,
                 actor: str, sleep: Callable[[float], None] = time.sleep) -> None:
        self.workspace = workspace
        self.client_factory = client_factory
        self.actor = actor
        self._sleep = sleep

    def plan(self, campaign_id: int, settings: PublishSettings, *, new_run: bool = False
             ) -> PublishPlan:
        """The plan for publishing the campaign's approved variants with `settings`.

        An unfinished run of this campaign to this ad account is resumed (its objects are
        kept and not created again) unless `new_run` asks for a fresh one.
        """
        workspace = self.workspace
        campaign = workspace.campaigns.get(campaign_id)
        if campaign is None:
            raise LookupError(f"There is no campaign {campaign_id}.")
        variants = workspace.content.variants(campaign_id)
        approved = [v.id for v in variants if v.status is VariantStatus.APPROVED]
        renders = WorkspaceRenders(workspace.database, size_of=self._file_size
                                   ).renders_for(approved, settings.formats)
        ledger = workspace.publishing
        run_key = None if new_run else resumable_run_key(ledger, campaign_id,
                                                         settings.ad_account_id)
        return build_plan(campaign, variants, renders, settings, run_key=run_key)

    def dry_run(self, campaign_id: int, settings: PublishSettings, *, new_run: bool = False
                ) -> tuple[PublishPlan, list[PlanProblem]]:
        """The plan and everything wrong with it; nothing is sent anywhere."""
        plan = self.plan(campaign_id, settings, new_run=new_run)
        return plan, check_plan(plan)

    def published_before(self, campaign_id: int, account_id: str) -> PublishRun | None:
        """The newest finished publication of the campaign to this ad account, if any."""
        done = [r for r in self.workspace.publishing.runs(campaign_id)
                if r.account_id == account_id and r.state is RunState.DONE]
        return done[-1] if done else None

    def publish(self, plan: PublishPlan, *, fetch_previews: bool = True
                ) -> Generator[Progress, None, PublishResult]:
        """The publish stage: every object PAUSED, resumable, previews saved."""
        client = self.client_factory()
        try:
            publisher = MetaPublisher(
                client, self.workspace.publishing, self.workspace.assets, actor=self.actor,
                variant_status=self._variant_status(plan.campaign_id),
                fetch_previews=fetch_previews, sleep=self._sleep,
            )
            result = yield from publisher.publish(plan)
        finally:
            client.close()
        self.workspace.campaigns.update(plan.campaign_id, {"status": CampaignStatus.PUBLISHED},
                                        actor=self.actor)
        return result

    def previews(self, run_id: int) -> list[PreviewFile]:
        """The run's saved previews, with their files."""
        assets = self.workspace.assets
        return [PreviewFile(p, assets.path_for(p.sha256))
                for p in self.workspace.publishing.previews(run_id)]

    def _variant_status(self, campaign_id: int) -> Callable[[str], VariantStatus | None]:
        content = self.workspace.content

        def status(variant_id: str) -> VariantStatus | None:
            # Read fresh each time: an approval withdrawn mid-publish must stop that variant.
            for variant in content.variants(campaign_id):
                if variant.id == variant_id:
                    return variant.status
            return None

        return status

    def _file_size(self, sha256: str) -> int:
        try:
            return self.workspace.assets.path_for(sha256).stat().st_size
        except OSError:
            return 0
