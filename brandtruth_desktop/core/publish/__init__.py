"""Publishing approved ads to Meta, as plain core logic (no SDK, no network, no database).

- `PublishSettings` → what the publish panel asks (account, Page, objective, budget, audience)
- `build_plan(campaign, variants, renders, settings)` → every request, in order (`PublishPlan`)
- `check_plan(plan)` → the dry run: every rule the plan breaks (`PlanProblem`)
- `PublishLedger`, `RenderSource` → the ports storage implements; `PublishResult` → the outcome

The adapters that talk to Meta are in `integrations.meta`.
"""

from brandtruth_desktop.core.publish.build import build_plan, targeting_spec
from brandtruth_desktop.core.publish.plan import (
    PAUSED,
    Exclusion,
    ObjectKind,
    PlannedRequest,
    PublishPlan,
    Ref,
    RenderedImage,
    make_tag,
    new_run_key,
    parse_tag,
    resolve_params,
)
from brandtruth_desktop.core.publish.records import (
    ObjectState,
    PublishedAd,
    PublishedObject,
    PublishLedger,
    PublishResult,
    PublishRun,
    RenderSource,
    RunState,
    SavedPreview,
)
from brandtruth_desktop.core.publish.rules import PlanProblem, Severity, check_plan, errors
from brandtruth_desktop.core.publish.settings import (
    SPECIAL_AD_CATEGORIES,
    BudgetLevel,
    Destination,
    Gender,
    Interest,
    Objective,
    Placement,
    PublishSettings,
    Schedule,
    Targeting,
    format_money,
    to_minor_units,
)

__all__ = [
    "PAUSED",
    "SPECIAL_AD_CATEGORIES",
    "BudgetLevel",
    "Destination",
    "Exclusion",
    "Gender",
    "Interest",
    "ObjectKind",
    "ObjectState",
    "Objective",
    "Placement",
    "PlanProblem",
    "PlannedRequest",
    "PublishLedger",
    "PublishPlan",
    "PublishResult",
    "PublishRun",
    "PublishSettings",
    "PublishedAd",
    "PublishedObject",
    "Ref",
    "RenderSource",
    "RenderedImage",
    "RunState",
    "SavedPreview",
    "Schedule",
    "Severity",
    "Targeting",
    "build_plan",
    "check_plan",
    "errors",
    "format_money",
    "make_tag",
    "new_run_key",
    "parse_tag",
    "resolve_params",
    "targeting_spec",
    "to_minor_units",
]
