"""`brandtruth extract`: fetch a brand's site and print what its own pages say, with proof.

Fetching and extraction run as stages through `core.jobs.run_stage`. Progress goes to stderr
(when it is a terminal); stdout carries only the result, so `--json` output is exactly one JSON
document (the `BrandTruth.to_dict()` contract). Ctrl+C cancels cleanly with exit code 130.

With `--enrich` (or the `enrich_with_claude` setting) and an Anthropic key (`ANTHROPIC_API_KEY`,
else the keyring), Claude enriches the extraction afterwards (`core.extract.enrich_stage`):
only suggestions quoted word for word from a fetched page are kept. Without a key a notice on
stderr says so and the plain extraction is printed. `extract` opens no workspace database, so
the enrichment call's cost is not recorded in a campaign's cost ledger here; the app's wizard
records it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Generator
from dataclasses import replace
from itertools import groupby
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from brandtruth_desktop.core.jobs import Cancelled, Progress, run_stage
from brandtruth_desktop.core.models import BrandTruth, FactKind
from brandtruth_desktop.core.ports import FetchError, LanguageModel

if TYPE_CHECKING:
    from brandtruth_desktop.integrations.anthropic_model import ClaudeModel
    from brandtruth_desktop.integrations.web_fetcher import SnapshotSink
    from brandtruth_desktop.paths import DataPaths
    from brandtruth_desktop.settings import Settings

EXIT_CANCELLED = 130  # what a shell reports for a command stopped by Ctrl+C
T = TypeVar("T")
NO_KEY_TO_ENRICH = (
    "No Anthropic API key is set, so Claude did not enrich what was found; the extraction is "
    "complete without it. To use Claude, add the key in Settings → API keys or set "
    "ANTHROPIC_API_KEY."
)


def add_extract_command(commands: Any) -> None:
    """Register `extract` on the `brandtruth` command's subparsers."""
    extract = commands.add_parser(
        "extract",
        help="what a brand's site says: every fact with its quote and page",
        description="Fetch a brand's site (the start page and its about, pricing, features, "
        "customers, FAQ and contact pages) and list what its own pages say: facts with the "
        "exact quote, the page and a risk level, testimonials, rating, pricing, logo and "
        "colours. Fetched pages are kept in the workspace's asset store as proof.",
        epilog="Examples: brandtruth extract https://example.com --json · "
        "brandtruth extract ~/Saved/brand-site · brandtruth extract --demo",
    )
    add_site_arguments(extract)
    extract.add_argument(
        "--json", action="store_true",
        help="print one JSON document for scripts (keys: brand_name, tagline, website_url, "
        "pages, value_propositions, facts, testimonials, rating, pricing, logo_url, colors, "
        "images, warnings, tone)",
    )
    extract.add_argument(
        "--enrich", action=argparse.BooleanOptionalAction, default=None,
        help="let Claude add value propositions, the tone of voice and missed facts (needs an "
        "Anthropic key; the pages' text is sent to Anthropic; only quotes found word for word "
        "on a page are kept). Default: the “Let Claude enrich” setting",
    )


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """How a command is told which site to read: URL_OR_PATH or --demo, --max-pages and
    --ignore-robots (shared by every command that starts from a brand's site)."""
    parser.add_argument(
        "target", nargs="?", metavar="URL_OR_PATH",
        help="the site's address (https://…), a file:// URL, or a saved site folder or page",
    )
    parser.add_argument(
        "--demo", action="store_true",
        help="use the bundled demo brand's site (Otterdesk, fictional; no network needed)",
    )
    parser.add_argument(
        "--max-pages", type=_page_count, default=10, metavar="N",
        help="fetch at most N pages, the start page included (default 10)",
    )
    parser.add_argument(
        "--ignore-robots", action="store_true",
        help="fetch pages even where the site's robots.txt asks automated readers not to "
        "(only for your own site or with permission; the app's setting is “Respect "
        "robots.txt”)",
    )


def run_extract(args: argparse.Namespace, paths: DataPaths) -> int:
    """Run `brandtruth extract`; returns the exit code."""
    target = site_target(args, "extract")
    if target is None:
        return 2
    settings = _load_settings(paths)
    enrich = settings.enrich_with_claude if args.enrich is None else args.enrich
    model = _claude(settings) if enrich else None
    notices = [NO_KEY_TO_ENRICH] if enrich and model is None else []
    try:
        truth, more = run_in_terminal(
            enriched_truth_stage(brand_truth_stage(target, args, paths), model))
    except CommandExit as stop:
        return stop.code
    finally:
        if model is not None:
            model.close()
    for notice in [*notices, *more]:
        print(f"brandtruth: {notice}", file=sys.stderr)
    if args.json:
        json.dump(truth.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_summary(truth, sys.stdout)
    return 0


class CommandExit(Exception):
    """A command stops with this exit code; what went wrong was already printed."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def site_target(args: argparse.Namespace, command: str) -> str | None:
    """The site `add_site_arguments` was given, or None after saying why there is none."""
    if args.demo == bool(args.target):
        print(
            f"brandtruth {command}: give a web address or a saved site folder, or --demo "
            "(one of them, not both).", file=sys.stderr,
        )
        return None
    if args.demo:
        from brandtruth_desktop.paths import resources_dir

        return str(resources_dir() / "demo_site")
    return str(args.target)


def brand_truth_stage(
    target: str, args: argparse.Namespace, paths: DataPaths
) -> Generator[Progress, None, BrandTruth]:
    """Fetch the site and extract what its pages say; the pages go to the asset store."""
    from brandtruth_desktop.core.extract import extract_stage
    from brandtruth_desktop.integrations.web_fetcher import WebFetcher

    respect_robots = not args.ignore_robots and _respect_robots_setting(paths)
    fetcher = WebFetcher(snapshot_sink=_snapshot_sink(paths))
    site = yield from fetcher.fetch_site(
        target, max_pages=args.max_pages, respect_robots=respect_robots
    )
    start = site.pages[0]
    truth: BrandTruth = yield from extract_stage(site.pages, start.final_url or start.url)
    return replace(truth, warnings=(*site.warnings, *truth.warnings))


def enriched_truth_stage(
    truth_stage: Generator[Progress, None, BrandTruth], model: LanguageModel | None
) -> Generator[Progress, None, tuple[BrandTruth, list[str]]]:
    """The truth, enriched by `model` when there is one, with the enrichment's notices."""
    truth = yield from truth_stage
    if model is None:
        return truth, []
    from brandtruth_desktop.core.extract import enrich_stage

    result = yield from enrich_stage(truth, truth.pages, model)
    return result.truth, list(result.notices)


def run_in_terminal(stage: Generator[Progress, None, T]) -> T:
    """Run a stage with a progress line on stderr (when it is a terminal) and return its result.

    A site that cannot be read or an asset store that cannot write prints the reason and raises
    CommandExit(1); Ctrl+C closes the stage (its clean-up runs) and raises CommandExit(130).
    """
    progress = _ProgressLine(sys.stderr)
    try:
        result: T = run_stage(stage, on_progress=progress.show)
    except (FetchError, OSError) as error:  # OSError: the asset store could not write
        progress.clear()
        print(f"brandtruth: {error}", file=sys.stderr)
        raise CommandExit(1) from error
    except (KeyboardInterrupt, Cancelled):
        stage.close()  # runs the fetcher's clean-up if Ctrl+C landed outside the stage
        progress.clear()
        print("Cancelled.", file=sys.stderr)
        raise CommandExit(EXIT_CANCELLED) from None
    progress.clear()
    return result


def print_summary(truth: BrandTruth, out: TextIO) -> None:
    """The readable report: brand, pages, facts by kind with risk, and everything else found."""
    def line(text: str = "") -> None:
        out.write(text + "\n")

    line(f"Brand:    {truth.brand_name}")
    if truth.tagline:
        line(f"Tagline:  {truth.tagline}")
    line(f"Website:  {truth.website_url}")
    if truth.tone:
        line(f"Tone:     {truth.tone}")
    line()
    line(f"Pages read ({len(truth.pages)}):")
    for page in truth.to_dict()["pages"]:
        line(f"  {page['title'] or '(no title)'}  {page['url']}")
    if truth.value_propositions:
        line()
        line("Value propositions:")
        for proposition in truth.value_propositions:
            line(f"  • {proposition.text}")
    line()
    line(f"Facts ({len(truth.facts)}):")
    order = {kind: index for index, kind in enumerate(FactKind)}
    by_kind = sorted(truth.facts, key=lambda f: order.get(f.kind, len(order)))
    for kind, facts in groupby(by_kind, key=lambda f: f.kind):
        line(f"  {kind.replace('_', ' ').capitalize()}:")
        for fact in facts:
            reason = f" — {fact.risk_reason}" if fact.risk_reason else ""
            line(f"    [{fact.risk.upper()}] {fact.text}")
            line(f"        {fact.source_url}{reason}")
    if truth.testimonials:
        line()
        line(f"Testimonials ({len(truth.testimonials)}):")
        for testimonial in truth.testimonials:
            who = ", ".join(p for p in (testimonial.author, testimonial.role) if p)
            line(f"  “{testimonial.quote}”" + (f" — {who}" if who else ""))
    if truth.rating is not None:
        rating = truth.rating
        best = f" out of {rating.best:g}" if rating.best else ""
        count = f" from {rating.count:,} ratings" if rating.count else ""
        line()
        line(f"Rating:   {rating.value:g}{best}{count}")
    if truth.pricing:
        line()
        line("Pricing:")
        for plan in truth.pricing:
            money = " ".join(p for p in (plan.price, plan.currency) if p)
            period = f" per {plan.period}" if plan.period else ""
            line(f"  {plan.plan}: {money}{period}")
    line()
    line(f"Logo:     {truth.logo_url or '(none found)'}")
    line(f"Colours:  {', '.join(truth.colors) or '(none found)'}")
    if truth.images:
        line(f"Images:   {len(truth.images)} found")
    if truth.warnings:
        line()
        line("Warnings:")
        for warning in truth.warnings:
            line(f"  ! {warning}")


class _ProgressLine:
    """One self-overwriting status line on a terminal; silent when stderr is not one."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._width = max(20, shutil.get_terminal_size().columns - 1)
        self._last = ""

    def show(self, progress: Progress) -> None:
        if not self._live or progress.message == self._last:
            return
        self._last = progress.message
        self._stream.write("\r" + progress.message[: self._width].ljust(self._width))
        self._stream.flush()

    def clear(self) -> None:
        if self._live and self._last:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._last = ""


def _snapshot_sink(paths: DataPaths) -> SnapshotSink | None:
    """Keep fetched pages in the workspace's asset store, when the data folder is usable."""
    from brandtruth_desktop.paths import DataFolderError

    try:
        paths.ensure()
    except DataFolderError as error:
        print(f"brandtruth: the fetched pages will not be kept: {error}", file=sys.stderr)
        return None
    from brandtruth_desktop.integrations.web_fetcher import asset_store_sink
    from brandtruth_desktop.storage.asset_store import AssetStore

    return asset_store_sink(AssetStore(paths.assets))


def _respect_robots_setting(paths: DataPaths) -> bool:
    return _load_settings(paths).respect_robots_txt


def _load_settings(paths: DataPaths) -> Settings:
    from brandtruth_desktop.settings import Settings, SettingsFile

    if not paths.settings_file.exists():
        return Settings()
    return SettingsFile(paths.settings_file).load()


def _claude(settings: Settings) -> ClaudeModel | None:
    """Claude with the key from ANTHROPIC_API_KEY or the keyring; None when there is none."""
    from brandtruth_desktop.integrations.anthropic_model import claude_from_settings
    from brandtruth_desktop.secret_store import KeyringSecretStore

    return claude_from_settings(settings, KeyringSecretStore())


def _page_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number of pages (1 or more)")
    return value

