"""`brandtruth`: the main window with no arguments, the same jobs headless with a subcommand.

Later steps add extract, generate, export, publish, insights and proof here. Exit codes:
0 done, 1 the work failed (the message says why and what to do), 2 bad usage.

Opening the window is the common case and is decided from the global options alone, before any
subcommand module (and the pipeline, storage and SDK modules they reach) is imported: start-up
to a visible window is a budgeted number (benchmarks/startup.py).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from brandtruth_desktop import APP_NAME, __version__
from brandtruth_desktop.paths import ENV_DATABASE_URL, ENV_HOME, DataFolderError, resolve

if TYPE_CHECKING:
    from brandtruth_desktop.core.models import CampaignSummary
    from brandtruth_desktop.paths import DataPaths
    from brandtruth_desktop.storage.workspace import Workspace


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", metavar="FOLDER",
        help=f"where campaigns, images and logs are kept (default: ${ENV_HOME} or the "
        "platform's user data folder)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    parser.add_argument(
        "--self-test", action="store_true",
        help="check this installation (offscreen start, migrations on a temporary folder, "
        "bundled resources and fonts, keyring backend) and exit",
    )


def _window_options(argv: Sequence[str]) -> argparse.Namespace | None:
    """The global options when `argv` asks for the window and nothing else; None otherwise.

    Anything this small parser does not know (a command, --help, --version, a typo) goes to the
    full parser, which imports the subcommand modules and gives argparse's usual answers.
    """
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    _add_global_options(parser)
    try:
        options, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:  # a malformed global option: the full parser says what
        return None
    if rest or options.self_test:
        return None
    return options


def build_parser() -> argparse.ArgumentParser:
    from brandtruth_desktop.cli_compose import add_compose_commands
    from brandtruth_desktop.cli_copy import add_copy_commands
    from brandtruth_desktop.cli_extract import add_extract_command
    from brandtruth_desktop.cli_generate import add_generate_command
    from brandtruth_desktop.cli_publish import add_publish_commands
    from brandtruth_desktop.cli_review import add_review_commands

    parser = argparse.ArgumentParser(
        prog="brandtruth",
        description=f"{APP_NAME}: ads that say only what the brand itself says. "
        "Run with no command to open the app.",
        epilog=f"Environment: {ENV_HOME} (data folder), {ENV_DATABASE_URL} (shared database).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    campaigns = commands.add_parser("campaigns", help="list, create, rename, duplicate, delete")
    actions = campaigns.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list campaigns with their counts")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    create = actions.add_parser("create", help="create an empty campaign")
    create.add_argument("name")
    create.add_argument("--url", default="", help="the brand's website")
    create.add_argument("--json", action="store_true", help="print JSON for scripts")
    rename = actions.add_parser("rename", help="rename a campaign")
    rename.add_argument("campaign", help="campaign id or exact name")
    rename.add_argument("new_name")
    duplicate = actions.add_parser(
        "duplicate", help="copy a campaign with its facts, ads, pictures and rendered images")
    duplicate.add_argument("campaign", help="campaign id or exact name")
    duplicate.add_argument("--name", dest="new_name", default=None)
    delete = actions.add_parser("delete", help="delete a campaign and everything in it")
    delete.add_argument("campaign", help="campaign id or exact name")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_extract_command(commands)
    add_copy_commands(commands)
    add_compose_commands(commands)
    add_generate_command(commands)
    add_review_commands(commands)
    add_publish_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    window = _window_options(arguments)
    if window is not None:
        return _open_window(window)
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.self_test and args.command is not None:
        parser.error("--self-test runs on its own; leave out the command")
    if args.self_test:
        from brandtruth_desktop.self_test import run_self_test

        return run_self_test(verbose=args.verbose)
    if args.command is None:
        return _open_window(args)
    return _run_command(args)


def _open_window(options: argparse.Namespace) -> int:
    from brandtruth_desktop.app import run_gui

    return run_gui(resolve(options.data_dir), verbose=options.verbose)


def _run_command(args: argparse.Namespace) -> int:
    from brandtruth_desktop.cli_compose import (
        COMPOSE_COMMANDS,
        RENDER_COMMANDS,
        run_compose,
        run_render,
    )
    from brandtruth_desktop.cli_copy import COPY_COMMANDS, run_copy_command
    from brandtruth_desktop.cli_extract import run_extract
    from brandtruth_desktop.cli_generate import GENERATE_COMMANDS, run_generate
    from brandtruth_desktop.cli_publish import PUBLISH_COMMANDS, run_publish_command
    from brandtruth_desktop.cli_review import REVIEW_COMMANDS, run_review_command

    paths = resolve(args.data_dir)
    if args.command == "extract":  # needs no database: fetched pages go to the asset store
        return run_extract(args, paths)
    if args.command in RENDER_COMMANDS:  # needs no database either
        return run_render(args, paths)
    from brandtruth_desktop.storage.errors import StorageError

    try:
        workspace = _open(paths, args.verbose)
    except (DataFolderError, StorageError) as error:
        return _fail(error)
    try:
        if args.command in COPY_COMMANDS:
            return run_copy_command(args, paths, workspace)
        if args.command in COMPOSE_COMMANDS:
            return run_compose(args, paths, workspace)
        if args.command in GENERATE_COMMANDS:
            return run_generate(args, paths, workspace)
        if args.command in REVIEW_COMMANDS:
            return run_review_command(args, paths, workspace)
        if args.command in PUBLISH_COMMANDS:
            return run_publish_command(args, paths, workspace)
        return _campaigns(args, workspace)
    except (LookupError, ValueError, StorageError, OSError) as error:
        return _fail(error)
    finally:
        workspace.close()
        from brandtruth_desktop.logging_setup import shutdown_logging

        shutdown_logging()


def _open(paths: DataPaths, verbose: bool) -> Workspace:
    from brandtruth_desktop.logging_setup import configure_logging
    from brandtruth_desktop.storage.workspace import open_workspace

    paths.ensure()
    configure_logging(paths.logs, verbose=verbose)
    return open_workspace(paths)


def _fail(error: BaseException) -> int:
    message = str(error) or error.__class__.__name__
    print(f"brandtruth: {message}", file=sys.stderr)
    return 1


def _actor() -> str:
    return getpass.getuser()


def _campaigns(args: argparse.Namespace, workspace: Workspace) -> int:
    repository = workspace.campaigns
    if args.action == "list":
        summaries = repository.list_summaries()
        if args.json:
            print(json.dumps([_summary_json(s) for s in summaries], indent=2))
        elif not summaries:
            print("No campaigns yet. Create one with: brandtruth campaigns create NAME")
        else:
            _print_table(summaries)
        return 0
    if args.action == "create":
        campaign = repository.create(args.name, actor=_actor(), source_url=args.url)
        if args.json:
            print(json.dumps({"campaign_id": campaign.id, "name": campaign.name}))
        else:
            print(f"Created campaign {campaign.id}: {campaign.name}")
        return 0
    campaign = repository.find(args.campaign)
    if campaign is None:
        raise LookupError(
            f"No campaign matches “{args.campaign}”. "
            "See the ids with: brandtruth campaigns list"
        )
    if args.action == "rename":
        renamed = repository.rename(campaign.id, args.new_name, actor=_actor())
        print(f"Renamed campaign {campaign.id}: {campaign.name} is now {renamed.name}")
    elif args.action == "duplicate":
        copy = repository.duplicate(campaign.id, actor=_actor(), new_name=args.new_name)
        print(f"Duplicated campaign {campaign.id} as {copy.id}: {copy.name}")
    elif args.action == "delete":
        if not args.yes and not _confirm(f"Delete campaign {campaign.id} “{campaign.name}”?"):
            print("Nothing was deleted.")
            return 1
        repository.delete(campaign.id, actor=_actor())
        print(f"Deleted campaign {campaign.id}: {campaign.name}")
    return 0


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        raise ValueError(f"{question} Add --yes to confirm when not running interactively.")
    return input(f"{question} [y/N] ").strip().lower() in {"y", "yes"}


def _summary_json(summary: CampaignSummary) -> dict[str, Any]:
    campaign = summary.campaign
    last = summary.last_activity or campaign.updated_at
    return {
        "id": campaign.id,
        "name": campaign.name,
        "status": str(campaign.status),
        "source_url": campaign.source_url,
        "facts": summary.facts,
        "variants": summary.variants,
        "approved": summary.approved,
        "rejected": summary.rejected,
        "renders": summary.renders,
        "created_at": campaign.created_at.isoformat() if campaign.created_at else None,
        "last_activity": last.isoformat() if last else None,
    }


def _print_table(summaries: list[CampaignSummary]) -> None:
    rows = [("ID", "NAME", "STATUS", "FACTS", "ADS", "APPROVED", "LAST ACTIVITY")]
    for s in summaries:
        last = s.last_activity or s.campaign.updated_at
        rows.append((
            str(s.campaign.id), s.campaign.name, str(s.campaign.status), str(s.facts),
            str(s.variants), str(s.approved), last.astimezone().strftime("%Y-%m-%d %H:%M")
            if last else "—",
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())


if __name__ == "__main__":
    sys.exit(main())
