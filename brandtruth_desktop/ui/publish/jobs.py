"""What the publish panel asks of the workspace and of Meta, as plain functions for the runner.

Nothing here touches a widget: each function runs on a worker thread (`JobRunner.call`) and
returns plain values that the panel shows. Planning and the dry run read the database only;
listing accounts, Pages and interests talks to Meta.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from brandtruth_desktop.core.compose.formats import FORMATS
from brandtruth_desktop.core.models import Campaign, Variant, VariantStatus
from brandtruth_desktop.core.publish import (
    Interest,
    ObjectState,
    PlanProblem,
    PublishedObject,
    PublishPlan,
    PublishRun,
    PublishSettings,
    RunState,
    errors,
)
from brandtruth_desktop.storage.publishing import WorkspaceRenders

if TYPE_CHECKING:
    from brandtruth_desktop.integrations.meta.client import AdAccountInfo, PageInfo
    from brandtruth_desktop.integrations.meta.connection import MetaAccount
    from brandtruth_desktop.publish_services import PublishServices
    from brandtruth_desktop.storage.workspace import Workspace


@dataclass(frozen=True, slots=True)
class CampaignToPublish:
    """A campaign as the panel opens it: its ads, which formats are rendered, and the
    settings of its newest publish run (to start from)."""

    campaign: Campaign
    variants: tuple[Variant, ...]
    rendered: dict[str, tuple[str, ...]] = field(default_factory=dict)
    last_settings: PublishSettings | None = None

    @property
    def formats(self) -> tuple[str, ...]:
        """Formats rendered for at least one approved ad, in the product's order."""
        approved = {v.id for v in self.variants if v.status is VariantStatus.APPROVED}
        found = {fmt for vid, fmts in self.rendered.items() if vid in approved for fmt in fmts}
        return tuple(key for key in FORMATS if key in found)

    @property
    def approved(self) -> int:
        return sum(v.status is VariantStatus.APPROVED for v in self.variants)


def load_campaign(workspace: Workspace, campaign_id: int) -> CampaignToPublish:
    """The campaign, its variants and their rendered formats (database only)."""
    campaign = workspace.campaigns.get(campaign_id)
    if campaign is None:
        raise LookupError(f"Campaign {campaign_id} no longer exists.")
    variants = tuple(workspace.content.variants(campaign_id))
    renders = WorkspaceRenders(workspace.database).renders_for(
        [v.id for v in variants], tuple(FORMATS))
    rendered = {vid: tuple(image.format for image in images) for vid, images in renders.items()}
    last_settings = None
    runs = workspace.publishing.runs(campaign_id)
    if runs:
        try:
            last_settings = PublishSettings.from_dict(runs[-1].settings)
        except (KeyError, ValueError, TypeError):
            last_settings = None  # an older run's settings in another shape: start afresh
    return CampaignToPublish(campaign, variants, rendered, last_settings)


@dataclass(frozen=True, slots=True)
class Resumption:
    """An unfinished publish this plan continues: what already exists in Meta."""

    run: PublishRun
    existing: int  # created and stored: reused as they are
    uncertain: int  # sent, answer lost: looked up by name before anything is sent again

    def describe(self) -> str:
        parts = []
        if self.existing:
            parts.append(f"{self.existing} object{'s' if self.existing != 1 else ''} already "
                         f"exist{'s' if self.existing == 1 else ''} from the last attempt; "
                         f"{'it' if self.existing == 1 else 'they'} will be reused, not "
                         "created again.")
        if self.uncertain:
            parts.append(f"{self.uncertain} may exist (their answer was lost); they are looked "
                         "up in the ad account by name before anything is sent again.")
        if not parts:
            parts.append("The last attempt stopped before anything was created; it continues "
                         "from the start.")
        when = self.run.updated_at or self.run.created_at
        stamp = f" ({when.astimezone():%d %b %Y, %H:%M})" if when else ""
        return (f"Continuing the publish that stopped{stamp}: " + " ".join(parts)
                + " Settings of objects that already exist are not changed.")


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The dry run: the plan, every problem, and whether it continues or repeats a publish."""

    plan: PublishPlan
    problems: tuple[PlanProblem, ...]
    resumption: Resumption | None = None
    published_before: PublishRun | None = None

    @property
    def errors(self) -> list[PlanProblem]:
        return errors(self.problems)

    @property
    def blocked(self) -> bool:
        return bool(self.errors)

    def verdict(self) -> str:
        """One line on what to do next."""
        if self.blocked:
            count = len(self.errors)
            return f"The check found {count} problem{'s' if count != 1 else ''} to fix first."
        warnings = len(self.problems)
        extra = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
        if self.resumption is not None:
            return f"Ready{extra}: press Publish to continue where the last attempt stopped."
        return f"The plan is ready{extra}: press Publish to create it in Meta, PAUSED."


def check(services: PublishServices, workspace: Workspace, campaign_id: int,
          settings: PublishSettings, *, new_run: bool = False) -> CheckReport:
    """Build and check the plan (nothing is sent), and say what it resumes or repeats."""
    plan, problems = services.dry_run(campaign_id, settings, new_run=new_run)
    resumption = None
    ledger = workspace.publishing
    run = ledger.open_run(campaign_id, settings.ad_account_id)
    if run is not None and run.key == plan.run_key:
        keys = {r.key for r in plan.requests}
        objects = [o for o in ledger.objects(run.id) if o.key in keys]
        resumption = Resumption(
            run,
            existing=sum(o.state is ObjectState.CREATED for o in objects),
            uncertain=sum(o.state is ObjectState.SENDING for o in objects),
        )
    before = None
    if settings.ad_account_id:
        before = services.published_before(campaign_id, settings.ad_account_id)
    return CheckReport(plan, tuple(problems), resumption, before)


def run_objects(workspace: Workspace, campaign_id: int, plan: PublishPlan
                ) -> dict[str, PublishedObject]:
    """The objects the plan's run has made so far, by plan key (after a cancel or failure)."""
    for run in reversed(workspace.publishing.runs(campaign_id)):
        if run.key == plan.run_key and run.account_id == plan.settings.ad_account_id:
            return {o.key: o for o in workspace.publishing.objects(run.id)}
    return {}


def last_run_state(workspace: Workspace, campaign_id: int, plan: PublishPlan
                   ) -> RunState | None:
    for run in reversed(workspace.publishing.runs(campaign_id)):
        if run.key == plan.run_key:
            return run.state
    return None


@dataclass(frozen=True, slots=True)
class Destinations:
    """Where the login may publish: its ad accounts and Pages."""

    accounts: tuple[AdAccountInfo, ...]
    pages: tuple[PageInfo, ...]


def list_destinations(account: MetaAccount) -> Destinations:
    """The login's ad accounts and Pages (network)."""
    with account.client() as client:
        return Destinations(tuple(client.ad_accounts()), tuple(client.pages()))


def search_interests(account: MetaAccount, words: str) -> list[Interest]:
    """Targeting interests matching `words` (network)."""
    with account.client() as client:
        return client.search_interests(words)
