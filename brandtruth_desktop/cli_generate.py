"""`brandtruth generate`: a stored campaign from a brand's site, exactly as the wizard makes one.

The same pipeline stages as the wizard (core.pipeline), on the same workspace, with the same
ports (campaign_services.py): read the site, write and gate the copy, choose a picture per ad,
render every ad in every format with its QA report. Everything is saved as it is made, so a
run stopped with Ctrl+C (exit 130) is continued by `brandtruth generate --resume ID`.

stdout carries only the result; `--json` prints one document:
`{"campaign_id", "name", "status", "facts", "variants", "rejected", "renders", "qa_failed",
"cost_usd", "warnings", "notices"}` (keys are added, never renamed).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from brandtruth_desktop.core.pipeline import (
    FORMAT_KEYS,
    OBJECTIVES,
    CampaignPlan,
    Notice,
    PipelineError,
    PipelineEvent,
    Writer,
    run_campaign,
)

if TYPE_CHECKING:
    from brandtruth_desktop.core.models import Campaign
    from brandtruth_desktop.paths import DataPaths
    from brandtruth_desktop.storage.workspace import Workspace

GENERATE_COMMANDS = ("generate",)


def add_generate_command(commands: Any) -> None:
    """Register `generate` on the `brandtruth` command's subparsers."""
    from brandtruth_desktop.cli_copy import _angles, _variant_count, _word_list
    from brandtruth_desktop.cli_extract import add_site_arguments

    generate = commands.add_parser(
        "generate",
        help="a finished campaign from a brand's site: facts, ads, pictures, renders",
        description="Create a campaign from a brand's site as the app's wizard does, and store "
        "it in the workspace: the facts its pages state (with quotes), ad copy through the "
        "grounding gate, a picture per ad, and every ad rendered in every format with a QA "
        "report. Prints the campaign's id and a summary.",
        epilog="Examples: brandtruth generate --demo --name 'Demo' --offline --json · "
        "brandtruth generate https://example.com --name 'Spring' --formats 1:1,9:16 · "
        "brandtruth generate --resume 7",
    )
    add_site_arguments(generate)
    generate.add_argument("--name", help="the campaign's name (default: the site's name)")
    generate.add_argument(
        "--resume", metavar="CAMPAIGN",
        help="continue a campaign (id or exact name) that did not finish, instead of a new one",
    )
    generate.add_argument(
        "--variants", type=_variant_count, default=12, metavar="N",
        help="how many ads to write (default 12)",
    )
    generate.add_argument(
        "--formats", type=_formats, default=FORMAT_KEYS, metavar="LIST",
        help=f"comma-separated formats (default all: {','.join(FORMAT_KEYS)})",
    )
    generate.add_argument("--angles", type=_angles, default=None, metavar="A,B",
                          help="the angles to write (default all)")
    generate.add_argument(
        "--offline", action="store_true",
        help="call no language model or stock-photo service (the site itself is still read)",
    )
    generate.add_argument("--objective", choices=OBJECTIVES, default="awareness")
    generate.add_argument("--audience", default="", help="who the ads speak to")
    generate.add_argument("--tone", default="", help="how the ads should sound")
    generate.add_argument("--offer", default="", help="which of the brand's offers to lead with")
    generate.add_argument("--avoid", type=_word_list, default=(), metavar="WORD,WORD",
                          help="words no ad may use")
    generate.add_argument("--allow-high-risk", action="store_true",
                          help="let ads use facts rated high risk (never blocked ones)")
    generate.add_argument("--json", action="store_true", help="print one JSON document")


def run_generate(args: argparse.Namespace, paths: DataPaths, workspace: Workspace) -> int:
    """Run `brandtruth generate`; returns the exit code."""
    from brandtruth_desktop.campaign_services import PipelineServices
    from brandtruth_desktop.cli_extract import CommandExit, run_in_terminal, site_target
    from brandtruth_desktop.secret_store import KeyringSecretStore
    from brandtruth_desktop.settings import SettingsFile

    settings = SettingsFile(paths.settings_file).load()
    if args.ignore_robots:
        settings = settings.with_changes(respect_robots_txt=False)
    services = PipelineServices(workspace, settings, KeyringSecretStore(), actor=_actor(),
                                offline=args.offline)
    if args.resume:
        campaign = workspace.campaigns.find(args.resume)
        if campaign is None:
            raise LookupError(f"No campaign matches “{args.resume}”. "
                              "See the ids with: brandtruth campaigns list")
        if workspace.runs.plan(campaign.id) is None:
            raise ValueError(f"Campaign {campaign.id} was not made by the wizard or "
                             "`brandtruth generate`; there is nothing to resume.")
    else:
        target = site_target(args, "generate")
        if target is None:
            return 2
        from brandtruth_desktop.core.ports import FetchError
        from brandtruth_desktop.integrations.site_address import site_address

        try:
            site_address(target)  # a campaign is made only for a site that can be read
        except FetchError as error:
            print(f"brandtruth: {error}", file=sys.stderr)
            return 1
        campaign = create_campaign(workspace, args, target, services.claude_available())
    notices: list[str] = []

    def heard(event: PipelineEvent) -> None:
        if isinstance(event, Notice) and event.text not in notices:
            notices.append(event.text)

    stage = services.run(campaign.id, run_campaign, on_event=heard)
    try:
        run_in_terminal(stage)
    except CommandExit as stop:
        print(f"brandtruth: campaign {campaign.id} keeps what was finished; continue it with "
              f"`brandtruth generate --resume {campaign.id}`.", file=sys.stderr)
        return stop.code
    except PipelineError as error:
        print(f"brandtruth: {error}", file=sys.stderr)
        return 1
    for notice in notices:
        print(f"brandtruth: {notice}", file=sys.stderr)
    summary = campaign_summary(workspace, campaign.id, notices)
    if args.json:
        json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(f"Campaign {summary['campaign_id']} “{summary['name']}”: {summary['facts']} facts, "
              f"{summary['variants']} ads ({summary['rejected']} rejected by the grounding "
              f"gate), {summary['renders']} renders ({summary['qa_failed']} with QA problems), "
              f"${summary['cost_usd']:.4f} in model calls.")
        print("Open it in the app to review, or list campaigns with: brandtruth campaigns list")
    return 0


def create_campaign(workspace: Workspace, args: argparse.Namespace, target: str,
                    claude_available: bool) -> Campaign:
    """The campaign and its plan, as the wizard's first page stores them."""
    actor = _actor()
    name = args.name or default_name(target)
    campaign = workspace.campaigns.create(name, actor=actor, source_url=target)
    campaign = workspace.campaigns.update(campaign.id, {
        "objective": args.objective, "audience": args.audience, "tone": args.tone,
        "offer": args.offer, "avoid_words": list(args.avoid),
    }, actor=actor)
    plan = CampaignPlan(
        campaign_id=campaign.id,
        site=target,
        variant_count=args.variants,
        writer=(Writer.CLAUDE if claude_available and not args.offline else Writer.OFFLINE).value,
        allow_high_risk=args.allow_high_risk,
        formats=tuple(args.formats),
        max_pages=args.max_pages,
    )
    if args.angles:
        plan = replace(plan, angles=tuple(a.value for a in args.angles))
    workspace.runs.save_plan(plan)
    return campaign


def campaign_summary(workspace: Workspace, campaign_id: int, notices: list[str]
                     ) -> dict[str, Any]:
    """The `generate --json` document for a stored campaign."""
    campaign = workspace.campaigns.get(campaign_id)
    plan = workspace.runs.plan(campaign_id)
    counts = workspace.runs.counts(campaign_id)
    renders = workspace.runs.renders(campaign_id)
    return {
        "campaign_id": campaign_id,
        "name": campaign.name if campaign else "",
        "status": str(campaign.status) if campaign else "",
        "facts": counts.facts,
        "variants": counts.variants,
        "rejected": counts.rejected,
        "renders": counts.renders,
        "qa_failed": sum(1 for render in renders if not render.passed),
        "cost_usd": round(counts.cost_usd, 6),
        "warnings": list(plan.warnings) if plan else [],
        "notices": notices,
    }


def default_name(target: str) -> str:
    """A campaign name from the site: its host ("example.com") or folder name."""
    from pathlib import Path

    parts = urlsplit(target)
    if parts.scheme in ("http", "https") and parts.hostname:
        return parts.hostname.removeprefix("www.")
    path = Path(parts.path if parts.scheme == "file" else target)
    folder = path if path.is_dir() or not path.suffix else path.parent
    return folder.name.replace("_", " ").replace("-", " ").strip() or "New campaign"


def _formats(text: str) -> tuple[str, ...]:
    keys = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [key for key in keys if key not in FORMAT_KEYS]
    if unknown or not keys:
        raise argparse.ArgumentTypeError(
            f"unknown format “{', '.join(unknown) or text}”; choose from {','.join(FORMAT_KEYS)}")
    return keys


def _actor() -> str:
    return getpass.getuser()
