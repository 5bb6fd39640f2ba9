"""`brandtruth publish` and `brandtruth meta`: approved ads to Meta (PAUSED), from a terminal.

`publish CAMPAIGN --account act_ID --page PAGE_ID` builds the plan (every request, in order),
checks it (the dry run: `--dry-run` stops there) and creates campaign → ad set → images →
creatives → ads, every object PAUSED; run it again after a failure and it resumes without
creating anything twice. The token comes from `BRANDTRUTH_META_TOKEN` (used, never saved) or
the OS keyring (`meta connect`). `--json` prints one JSON document on stdout; progress and
notices go to stderr.

`meta connect --token T | --manual | --loopback`, `meta status`, `meta disconnect`, and the
lists the publish panel shows: `meta accounts`, `meta pages`, `meta interests WORDS`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from brandtruth_desktop.cli_extract import CommandExit, run_in_terminal
from brandtruth_desktop.cli_meta import (
    ENV_TOKEN,
    add_meta_command,
    meta_account,
    run_meta_command,
)
from brandtruth_desktop.core.publish import (
    SPECIAL_AD_CATEGORIES,
    BudgetLevel,
    Gender,
    Interest,
    Objective,
    Placement,
    PublishPlan,
    PublishSettings,
    Schedule,
    Severity,
    Targeting,
    errors,
    format_money,
    to_minor_units,
)

if TYPE_CHECKING:
    from brandtruth_desktop.core.publish import PlanProblem, PublishResult
    from brandtruth_desktop.integrations.meta.client import GraphClient
    from brandtruth_desktop.paths import DataPaths
    from brandtruth_desktop.storage.workspace import Workspace

PUBLISH_COMMANDS = ("publish", "meta")


def add_publish_commands(commands: Any) -> None:
    """Register `publish` and `meta` on the `brandtruth` command's subparsers."""
    publish = commands.add_parser(
        "publish", help="publish a campaign's approved ads to Meta, PAUSED",
        description="Publish the campaign's approved variants to Meta: one campaign, one ad "
        "set and an ad per variant and format, every object PAUSED. Run again after a failure "
        "to resume without duplicates. The token comes from $BRANDTRUTH_META_TOKEN or the "
        "keyring (brandtruth meta connect).",
        epilog="Example: brandtruth publish 3 --account act_123 --page 456 --objective "
        "traffic --budget 20 --countries US,CA --dry-run",
    )
    publish.add_argument("campaign", help="campaign id or exact name")
    publish.add_argument("--account", required=True, help="ad account id (act_…)")
    publish.add_argument("--page", required=True, help="the Facebook Page the ads run as")
    publish.add_argument("--objective", type=_objective, default=Objective.TRAFFIC,
                         help="awareness, traffic (default), leads or sales")
    publish.add_argument("--budget", help="daily budget in the ad account's currency, e.g. 20")
    publish.add_argument("--currency", help="the account's currency (default: asked from Meta)")
    publish.add_argument("--campaign-budget", action="store_true",
                         help="put the budget on the campaign instead of the ad set")
    publish.add_argument("--countries", type=_codes, default=("US",), metavar="US,CA")
    publish.add_argument("--age", type=_age_range, default=(18, 65), metavar="MIN-MAX")
    publish.add_argument("--genders", choices=("all", "male", "female"), default="all")
    publish.add_argument("--interests", type=_interests, default=(), metavar="ID[:NAME],…",
                         help="interest ids from: brandtruth meta interests WORDS")
    publish.add_argument("--special-categories", type=_categories, default=(),
                         metavar="HOUSING,…", help=", ".join(SPECIAL_AD_CATEGORIES))
    publish.add_argument("--url", help="where the ads send people (default: the campaign's "
                         "website)")
    publish.add_argument("--cta", help="one call to action for every ad (default: each "
                         "variant's own)")
    publish.add_argument("--placements", type=_placements, default=(), metavar="P,P",
                         help="default: Advantage+ placements; choose from "
                         + ", ".join(p.value for p in Placement))
    publish.add_argument("--formats", type=_formats, default=("1:1",), metavar="1:1,9:16",
                         help="rendered formats to publish (one ad per variant and format)")
    publish.add_argument("--start", type=_moment, help="schedule start (ISO 8601 with offset)")
    publish.add_argument("--end", type=_moment, help="schedule end (ISO 8601 with offset)")
    publish.add_argument("--pixel", default="", help="Meta pixel id (leads and sales)")
    publish.add_argument("--name", default="", help="campaign name in Meta")
    publish.add_argument("--dry-run", action="store_true",
                         help="build and check every request; send nothing")
    publish.add_argument("--again", action="store_true",
                         help="publish again although this campaign was published before")
    publish.add_argument("--no-previews", action="store_true", help="skip fetching previews")
    publish.add_argument("--json", action="store_true", help="print JSON for scripts")

    add_meta_command(commands)


def run_publish_command(args: argparse.Namespace, paths: DataPaths, workspace: Workspace
                        ) -> int:
    """Run `publish` or `meta`; returns the exit code."""
    from brandtruth_desktop.integrations.meta.errors import MetaError
    from brandtruth_desktop.integrations.meta.oauth import OAuthError

    try:
        if args.command == "meta":
            return run_meta_command(args, paths)
        return _publish(args, paths, workspace)
    except CommandExit as stop:
        return stop.code
    except (MetaError, OAuthError) as error:
        print(f"brandtruth: {error}", file=sys.stderr)
        return 1


# -- publish ----------------------------------------------------------------------------------


def _publish(args: argparse.Namespace, paths: DataPaths, workspace: Workspace) -> int:
    from brandtruth_desktop.publish_services import PublishServices

    campaign = workspace.campaigns.find(args.campaign)
    if campaign is None:
        raise LookupError(f"No campaign matches “{args.campaign}”. See the ids with: "
                          "brandtruth campaigns list")
    token = os.environ.get(ENV_TOKEN, "").strip() or None
    account = meta_account(paths)
    if token is None and not args.dry_run:
        token = account.token()
        if not token:
            raise LookupError("BrandTruth is not connected to Meta. Run: brandtruth meta "
                              f"connect --token TOKEN (or set {ENV_TOKEN}).")

    def client() -> GraphClient:
        return account.client(token or account.token())

    settings = _settings(args, campaign.source_url, lambda: client() if (
        token or account.is_connected()) else None)
    services = PublishServices(workspace, client, actor=_actor())
    if not args.again and not args.dry_run:
        before = services.published_before(campaign.id, settings.ad_account_id)
        if before is not None:
            raise LookupError(f"Campaign {campaign.id} was already published to "
                              f"{settings.ad_account_id} (run {before.id}). Add --again to "
                              "publish it a second time.")
    plan, problems = services.dry_run(campaign.id, settings, new_run=args.again)
    if args.dry_run:
        _print_dry_run(plan, problems, args.json)
        return 1 if errors(problems) else 0
    if errors(problems):
        _print_dry_run(plan, problems, args.json, out=sys.stderr)
        print("brandtruth: nothing was published; fix the problems above and try again.",
              file=sys.stderr)
        return 1
    for problem in problems:
        print(f"brandtruth: warning: {problem.message}", file=sys.stderr)
    result: PublishResult = run_in_terminal(services.publish(plan,
                                                             fetch_previews=not args.no_previews))
    for notice in result.notices:
        print(f"brandtruth: {notice}", file=sys.stderr)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_result(result, services, plan)
    return 0


def _settings(args: argparse.Namespace, website: str,
              client: Callable[[], GraphClient | None]) -> PublishSettings:
    currency = (args.currency or "").upper()
    if args.budget is not None and not currency:
        opened = client()
        if opened is None:
            currency = "USD"
            print("brandtruth: assuming the account's currency is USD (not connected to "
                  "Meta to ask); pass --currency to be sure.", file=sys.stderr)
        else:
            with opened:
                currency = opened.ad_account(_act(args.account)).currency or "USD"
    budget = to_minor_units(args.budget, currency or "USD") if args.budget is not None else 0
    genders = {"all": (), "male": (Gender.MALE,), "female": (Gender.FEMALE,)}[args.genders]
    return PublishSettings(
        ad_account_id=_act(args.account), page_id=args.page, objective=args.objective,
        special_ad_categories=args.special_categories, daily_budget=budget,
        currency=currency or "USD",
        budget_level=BudgetLevel.CAMPAIGN if args.campaign_budget else BudgetLevel.AD_SET,
        schedule=Schedule(args.start, args.end),
        targeting=Targeting(countries=args.countries, age_min=args.age[0], age_max=args.age[1],
                            genders=genders, interests=args.interests),
        destination_url=args.url or website,
        call_to_action=(args.cta or "").strip().upper(),
        placements=args.placements, formats=args.formats, pixel_id=args.pixel,
        campaign_name=args.name,
    )


def _print_dry_run(plan: PublishPlan, problems: Sequence[PlanProblem], as_json: bool,
                   out: Any = None) -> None:
    out = out or sys.stdout
    if as_json:
        document = {"ok": not errors(problems), "plan": plan.to_dict(),
                    "problems": [p.to_dict() for p in problems]}
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    settings = plan.settings
    out.write(f"Dry run: campaign “{plan.campaign_name}” to {settings.ad_account_id} as Page "
              f"{settings.page_id}, {settings.objective.label.lower()}, "
              f"{format_money(settings.daily_budget, settings.currency)} a day\n")
    out.write(f"Requests ({len(plan.requests)}, then {plan.preview_count} previews):\n")
    for number, request in enumerate(plan.requests, 1):
        out.write(f"  {number:>2}. POST {request.edge}: {request.describe()}\n")
    for exclusion in plan.excluded:
        out.write(f"  – not published: “{exclusion.headline}” ({exclusion.variant_id}): "
                  f"{exclusion.reason}\n")
    for note in plan.notes:
        out.write(f"  · {note}\n")
    if not problems:
        out.write("No problems found.\n")
    for problem in problems:
        mark = "✗" if problem.severity is Severity.ERROR else "!"
        out.write(f"  {mark} {problem.severity.value}: {problem.message}\n")


def _print_result(result: PublishResult, services: Any, plan: PublishPlan) -> None:
    print(f"Published to Meta, everything PAUSED: campaign {result.campaign_id}, ad set "
          f"{result.adset_id}, {len(result.ads)} ad(s) "
          f"({result.created} created, {result.resumed} already there).")
    for ad in result.ads:
        print(f"  ad {ad.ad_id}  {ad.variant_id} ({ad.format})  creative {ad.creative_id}  "
              f"image {ad.image_hash}")
    for preview in services.previews(result.run.id):
        print(f"  preview {preview.preview.ad_format} of ad {preview.preview.ad_id}: "
              f"{preview.path}")
    print("Switch them on in Meta Ads Manager when you are ready.")


def _actor() -> str:
    import getpass

    return getpass.getuser()


# -- argument types -----------------------------------------------------------------------------


def _act(text: str) -> str:
    text = text.strip()
    return text if text.startswith("act_") else f"act_{text}"


def _objective(text: str) -> Objective:
    try:
        return Objective.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _codes(text: str) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(c.strip().upper() for c in text.split(",") if c.strip()))
    if not codes:
        raise argparse.ArgumentTypeError("give at least one country code, e.g. US,CA")
    return codes


def _age_range(text: str) -> tuple[int, int]:
    try:
        low, high = (int(part) for part in text.split("-", 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not an age range like 18-65") from None
    return low, high


def _interests(text: str) -> tuple[Interest, ...]:
    found = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        interest_id, _, name = part.partition(":")
        if not interest_id.isdigit():
            raise argparse.ArgumentTypeError(f"“{interest_id}” is not an interest id; find "
                                             "ids with: brandtruth meta interests WORDS")
        found.append(Interest(interest_id, name))
    return tuple(found)


def _categories(text: str) -> tuple[str, ...]:
    chosen = tuple(c.strip().upper() for c in text.split(",") if c.strip())
    unknown = [c for c in chosen if c not in SPECIAL_AD_CATEGORIES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown special ad category {', '.join(unknown)}; "
                                         f"use {', '.join(SPECIAL_AD_CATEGORIES)}")
    return chosen


def _placements(text: str) -> tuple[Placement, ...]:
    try:
        return tuple(dict.fromkeys(Placement.parse(p) for p in text.split(",") if p.strip()))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _formats(text: str) -> tuple[str, ...]:
    from brandtruth_desktop.core.compose.formats import parse_formats

    try:
        return tuple(f.key for f in parse_formats(text))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date and time like "
                                         "2025-03-01T09:00+01:00") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"“{text}” needs a time zone offset, e.g. +01:00")
    return moment
