"""`brandtruth variants`, `brandtruth review` and `brandtruth export`: the review without a window.

- `variants CAMPAIGN [--json]` lists a campaign's ads with their status and warnings. `--json`
  prints `{"variants": [{"id", "status", "angle", "headline", "primary_text", "fact_ids",
  "warnings", …}]}`; `status` is pending, approved or rejected (an edited ad awaiting its
  verdict is pending, with `"edited": true`); `warnings` are codes: contrast, overflow,
  safe_zone, layout (from the QA report of any format) and gate (the grounding gate);
  `warnings_by_format` and `gate` say more. Keys are added, never renamed.
- `review CAMPAIGN --approve ID… | --reject ID…` records decisions exactly as the review grid
  does: each changed ad gets an audit row signed by `--reviewer` (default: the reviewer name in
  Settings, else the account name). An unknown id changes nothing (exit 1).
- `export CAMPAIGN --out FILE.zip [--formats 1:1,9:16]` writes the approved ads as a ZIP
  (review_export.py); with nothing approved it says so and exits 1. Ctrl+C stops it (exit 130)
  and leaves no file.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.review import GridRow, WarningKind, cli_status

if TYPE_CHECKING:
    from brandtruth_desktop.core.models import Campaign
    from brandtruth_desktop.paths import DataPaths
    from brandtruth_desktop.storage.workspace import Workspace

REVIEW_COMMANDS = ("variants", "review", "export")
PAGE = 500


def add_review_commands(commands: Any) -> None:
    """Register `variants`, `review` and `export` on the `brandtruth` command's subparsers."""
    variants = commands.add_parser(
        "variants", help="list a campaign's ads with their status and warnings",
        description="List the ads of a campaign: id, status (pending, approved, rejected), "
        "angle, headline and the warnings of their QA reports and the grounding gate.",
        epilog="Example: brandtruth variants 3 --json")
    variants.add_argument("campaign", help="campaign id or exact name")
    variants.add_argument("--json", action="store_true", help="print one JSON document")

    review = commands.add_parser(
        "review", help="approve or reject ads, with audit rows",
        description="Approve or reject ads of a campaign, as the review grid does: every "
        "change is an audit row with who, when, and the status before and after.",
        epilog="Examples: brandtruth review 3 --approve c3-v-1a2b c3-v-3c4d · "
        "brandtruth review 3 --reject c3-v-5e6f")
    review.add_argument("campaign", help="campaign id or exact name")
    verdict = review.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--approve", nargs="+", metavar="ID", help="ads to approve")
    verdict.add_argument("--reject", nargs="+", metavar="ID", help="ads to reject")
    review.add_argument("--reviewer", default=None, metavar="NAME",
                        help="who decides (default: the reviewer name in Settings, else your "
                        "account name)")
    review.add_argument("--reason", default="", help="why the ads are rejected (kept in the "
                        "audit log)")
    review.add_argument("--json", action="store_true", help="print one JSON document")

    export = commands.add_parser(
        "export", help="the approved ads as a ZIP, with manifest and credits",
        description="Write the approved ads of a campaign to a ZIP: "
        "<campaign>/<format>/<variant>.jpg for each format (folders 1x1, 4x5, 9x16, 16x9, "
        "1.91x1), manifest.json (copy, cited facts with quotes and source URLs, picture "
        "credit, QA, decision and reviewer per image) and ATTRIBUTION.txt (photo credits). "
        "The file appears only when complete.",
        epilog="Example: brandtruth export 3 --out spring.zip --formats 1:1,9:16")
    export.add_argument("campaign", help="campaign id or exact name")
    export.add_argument("--out", required=True, type=Path, metavar="FILE.zip")
    export.add_argument("--formats", default=None, metavar="LIST",
                        help="comma-separated formats (default: every format of the campaign)")
    export.add_argument("--json", action="store_true", help="print the result as JSON")


def run_review_command(args: argparse.Namespace, paths: DataPaths, workspace: Workspace
                       ) -> int:
    """Run `variants`, `review` or `export`; returns the exit code."""
    campaign = workspace.campaigns.find(args.campaign)
    if campaign is None:
        raise LookupError(f"No campaign matches “{args.campaign}”. "
                          "See the ids with: brandtruth campaigns list")
    if args.command == "variants":
        return _variants(args, workspace, campaign)
    if args.command == "review":
        return _review(args, paths, workspace, campaign)
    return _export(args, paths, workspace, campaign)


def variant_json(row: GridRow) -> dict[str, Any]:
    """One ad of `brandtruth variants --json`."""
    by_format = {key: [str(w) for w in state.warnings] for key, state in row.formats.items()}
    warnings = [str(kind) for kind in WarningKind if any(
        kind in state.warnings for state in row.formats.values())]
    if row.gate:
        warnings.append(str(WarningKind.GATE))
    return {
        "id": row.variant_id,
        "status": cli_status(row.status),
        "angle": row.angle,
        "headline": row.headline,
        "primary_text": row.primary_text,
        "fact_ids": list(row.fact_ids),
        "warnings": warnings,
        "edited": row.edited,
        "description": row.description,
        "call_to_action": row.call_to_action,
        "formats": {key: {"layout_revision": state.revision, "score": state.score,
                          "rendered": state.fresh, "problems": list(state.problems)}
                    for key, state in row.formats.items()},
        "warnings_by_format": by_format,
        "gate": list(row.gate),
        "created_at": row.created_at.isoformat() if row.created_at else None,
    }


def _variants(args: argparse.Namespace, workspace: Workspace, campaign: Campaign) -> int:
    from brandtruth_desktop.storage.review import review_repository

    repository = review_repository(workspace)
    context = repository.context(campaign.id)
    rows: list[GridRow] = []
    while len(rows) < context.counts.total:
        page = repository.page(context, len(rows), PAGE)
        if not page:
            break
        rows.extend(page)
    if args.json:
        json.dump({"campaign_id": campaign.id, "variants": [variant_json(r) for r in rows]},
                  sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print(f"“{campaign.name}” has no ads yet. Make them with: brandtruth generate")
        return 0
    table = [("ID", "STATUS", "ANGLE", "WARNINGS", "HEADLINE")]
    for row in rows:
        data = variant_json(row)
        table.append((row.variant_id, data["status"] + (" (edited)" if row.edited else ""),
                      row.angle, ",".join(data["warnings"]) or "—", row.headline))
    widths = [max(len(line[i]) for line in table) for i in range(4)]
    for line in table:
        cells = [cell.ljust(width) for cell, width in zip(line[:4], widths, strict=True)]
        print("  ".join([*cells, line[4]]).rstrip())
    print(f"\n{context.counts.describe()}")
    return 0


def _review(args: argparse.Namespace, paths: DataPaths, workspace: Workspace,
            campaign: Campaign) -> int:
    from brandtruth_desktop.storage.review import review_repository

    status = VariantStatus.APPROVED if args.approve else VariantStatus.REJECTED
    ids = list(args.approve or args.reject)
    actor = (args.reviewer or "").strip() or _reviewer(paths)
    repository = review_repository(workspace)
    outcomes = repository.decide(campaign.id, ids, status, actor=actor, reason=args.reason)
    counts = repository.counts(campaign.id)
    changed = [o for o in outcomes if o.changed]
    if args.json:
        json.dump({"campaign_id": campaign.id, "reviewer": actor, "decisions": [
            {"id": o.variant_id, "before": cli_status(o.before), "after": cli_status(o.after),
             "changed": o.changed, "decision_id": o.decision_id} for o in outcomes],
            "approved": counts.approved, "rejected": counts.rejected,
            "pending": counts.pending + counts.edited}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    verb = "Approved" if status is VariantStatus.APPROVED else "Rejected"
    unchanged = len(outcomes) - len(changed)
    note = f" ({unchanged} already {verb.lower()})" if unchanged else ""
    print(f"{verb} {len(changed)} ad{'s' if len(changed) != 1 else ''}{note} as {actor}. "
          f"{counts.describe()}")
    return 0


def _export(args: argparse.Namespace, paths: DataPaths, workspace: Workspace,
            campaign: Campaign) -> int:
    from brandtruth_desktop.cli_extract import CommandExit, run_in_terminal
    from brandtruth_desktop.core.compose import parse_formats
    from brandtruth_desktop.review_export import NothingToExport, export_approved

    formats = [f.key for f in parse_formats(args.formats)] if args.formats else None
    if args.out.suffix.lower() != ".zip":
        raise ValueError(f"“{args.out}” should end in .zip: the export is a ZIP archive.")
    stage = export_approved(workspace, campaign.id, args.out, formats=formats,
                            actor=_reviewer(paths))
    try:
        result = run_in_terminal(stage)
    except CommandExit as stop:
        return stop.code
    except NothingToExport as error:
        print(f"brandtruth: {error}", file=sys.stderr)
        return 1
    if args.json:
        json.dump({"path": str(result.path), "variants": result.variants, "images": result.ads,
                   "formats": list(result.formats), "rendered": result.rendered,
                   "skipped": list(result.skipped)}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(result.describe())
    return 0


def _reviewer(paths: DataPaths) -> str:
    """The reviewer name from Settings, else the account name."""
    from brandtruth_desktop.settings import SettingsFile

    name = SettingsFile(paths.settings_file).load().reviewer_name.strip()
    return name or getpass.getuser()
