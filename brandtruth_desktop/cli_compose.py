"""`brandtruth render` and `brandtruth compose`: ads as image files, without a window.

`render --spec SPEC.json --out FILE` draws one LayoutSpec (the images it names come from the
spec's own `assets/` folder, `--assets DIR`, or the workspace's asset store).

`compose URL_OR_PATH --out DIR` runs the whole loop: read the site, write the copy (Claude
when a key is set and --offline is not given, else the offline writer), pick pictures (--images
DIR, else the brand's own images, else backgrounds generated from its colours), lay out every
variant in every format with the three templates in turn, render, and write per ad: the image,
its QA report (`.qa.json`) and its spec (`.spec.json`), plus `manifest.json` listing them all.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandtruth_desktop.core.jobs import Progress

if TYPE_CHECKING:
    from brandtruth_desktop.core.compose import BrandStyle, FontBook
    from brandtruth_desktop.core.compose.batch import Picture
    from brandtruth_desktop.core.models import BrandTruth
    from brandtruth_desktop.paths import DataPaths
    from brandtruth_desktop.storage.workspace import Workspace

COMPOSE_COMMANDS = ("compose",)
"""Commands that run with the workspace open (their model calls go to the cost ledger)."""
RENDER_COMMANDS = ("render",)
"""Commands that need no database."""
ALL_FORMATS = "1:1,4:5,9:16,16:9,1.91:1"


def add_compose_commands(commands: Any) -> None:
    """Register `render` and `compose` on the `brandtruth` command's subparsers."""
    from brandtruth_desktop.cli_extract import add_site_arguments

    render = commands.add_parser(
        "render", help="draw one layout spec as an image",
        description="Render a LayoutSpec (JSON, as `compose` writes beside each ad) to a JPEG "
        "or PNG file, with its QA report. Images the spec names are looked up in the spec's "
        "assets/ folder, in --assets, then in the workspace's asset store.",
        epilog="Example: brandtruth render --spec ads/c1-v1_1x1.spec.json --out ad.png",
    )
    render.add_argument("--spec", required=True, type=Path, metavar="SPEC.json")
    render.add_argument("--out", required=True, type=Path, metavar="FILE",
                        help="the image to write (.png for PNG, otherwise JPEG)")
    render.add_argument("--width", type=_positive, default=None, metavar="PIXELS",
                        help="render this wide (default: the format's full size)")
    render.add_argument("--assets", type=Path, action="append", default=[], metavar="DIR",
                        help="a folder of images the spec may name (repeatable)")
    render.add_argument("--qa", type=Path, default=None, metavar="FILE",
                        help="also write the QA report as JSON to FILE")

    compose = commands.add_parser(
        "compose", help="a brand's site to finished ad images in every format",
        description="Read a brand's site, write ad copy, choose pictures, lay out and render "
        "every variant in every format. Writes the images, a QA report and the layout spec "
        "per image, and manifest.json, into --out.",
        epilog="Examples: brandtruth compose --demo --out ads --offline · "
        "brandtruth compose https://example.com --out ads --formats 1:1,9:16 --images photos",
    )
    add_site_arguments(compose)
    compose.add_argument("--out", required=True, type=Path, metavar="DIR")
    compose.add_argument("--formats", default=ALL_FORMATS, metavar="LIST",
                         help=f"comma-separated formats (default {ALL_FORMATS})")
    compose.add_argument("--images", type=Path, action="append", default=[], metavar="DIR",
                         help="use the pictures in this folder (repeatable)")
    compose.add_argument("--offline", action="store_true",
                         help="call no language model (the offline writer writes the copy)")
    compose.add_argument("--variants", type=_positive, default=12, metavar="N",
                         help="how many ads to write (default 12)")
    compose.add_argument("--png", action="store_true", help="write PNG instead of JPEG")
    compose.add_argument("--seed", type=int, default=0, metavar="N",
                         help="the offline writer's seed")


def run_render(args: argparse.Namespace, paths: DataPaths) -> int:
    """Run `brandtruth render`; returns the exit code."""
    from brandtruth_desktop.core.compose import (
        LayoutSpec,
        MissingAsset,
        export,
        get_format,
        render_checked,
    )

    try:
        spec = LayoutSpec.from_json(args.spec.read_text(encoding="utf-8"))
        width = args.width or get_format(spec.format).width
    except (OSError, ValueError) as error:
        print(f"brandtruth render: {error}", file=sys.stderr)
        return 1
    folders = [*args.assets, args.spec.parent / "assets"]
    try:
        checked = render_checked(spec, width, assets=_FolderAssets(folders, paths),
                                 fonts=_fonts())
        fmt = "png" if args.out.suffix.lower() == ".png" else "jpeg"
        export(checked.image, args.out, fmt)
        if args.qa is not None:
            _write_json(args.qa, checked.qa.to_dict())
    except (MissingAsset, OSError, ValueError) as error:
        print(f"brandtruth render: {error}", file=sys.stderr)
        return 1
    for problem in checked.qa.problems:
        print(f"brandtruth render: QA: {problem}", file=sys.stderr)
    print(f"Wrote {args.out} ({checked.image.width}×{checked.image.height}).")
    return 0


def run_compose(args: argparse.Namespace, paths: DataPaths, workspace: Workspace) -> int:
    """Run `brandtruth compose`; returns the exit code."""
    from brandtruth_desktop.cli_extract import (
        CommandExit,
        brand_truth_stage,
        run_in_terminal,
        site_target,
    )
    from brandtruth_desktop.core.compose import parse_formats
    from brandtruth_desktop.core.copy import write_copy
    from brandtruth_desktop.core.models import CopyRequest, CopyResult

    target = site_target(args, "compose")
    if target is None:
        return 2
    try:
        formats = parse_formats(args.formats)
    except ValueError as error:
        print(f"brandtruth compose: {error}", file=sys.stderr)
        return 2
    model = None if args.offline else _claude(paths, workspace)

    def pipeline() -> Generator[Progress, None, tuple[BrandTruth, CopyResult]]:
        truth = yield from brand_truth_stage(target, args, paths)
        request = CopyRequest(count=args.variants, seed=args.seed)
        result: CopyResult = yield from write_copy(truth, request, model)
        return truth, result

    try:
        truth, result = run_in_terminal(pipeline())
    except CommandExit as stop:
        return stop.code
    finally:
        close = getattr(model, "close", None)
        if close is not None:
            close()
    for notice in result.notices:
        print(f"brandtruth: {notice}", file=sys.stderr)
    if not result.variants:
        print("brandtruth compose: no ad passed the grounding gate, so there is nothing to "
              "render. Check what the site says with `brandtruth extract`.", file=sys.stderr)
        return 1
    from brandtruth_desktop.core.compose.batch import compose_stage

    assets, pictures, logo, problems = _gather_pictures(args.images, truth)
    stage = compose_stage(
        result.variants, formats, brand_style(truth, logo), pictures, args.out, assets=assets,
        fonts=_fonts(), image_format="png" if args.png else "jpeg",
    )
    for problem in problems:
        print(f"brandtruth compose: {problem}", file=sys.stderr)
    try:
        manifest = run_in_terminal(stage)
    except CommandExit as stop:
        return stop.code
    failing = sum(1 for item in manifest["items"] if not item["qa"]["passed"])
    print(f"Wrote {len(manifest['items'])} ads ({len(result.variants)} variants × "
          f"{len(formats)} formats) to {args.out}; {failing} with QA problems (see the "
          ".qa.json files).")
    return 0


def _fonts() -> FontBook:
    from brandtruth_desktop.core.compose import FontBook
    from brandtruth_desktop.paths import resources_dir

    return FontBook(resources_dir() / "fonts")


def _claude(paths: DataPaths, workspace: Workspace) -> Any:
    """Claude when a key is set (its calls recorded in the workspace's cost ledger), else None."""
    from brandtruth_desktop.integrations.anthropic_model import claude_from_settings
    from brandtruth_desktop.secret_store import KeyringSecretStore
    from brandtruth_desktop.settings import SettingsFile

    settings = SettingsFile(paths.settings_file).load()

    def record(usage: Any) -> None:
        workspace.model_calls.record_usage(usage, campaign_id=None)

    return claude_from_settings(settings, KeyringSecretStore(), on_usage=record)


class _FolderAssets:
    """Images by SHA-256 from folders (files named by hash, or any image, hashed on first
    look), then the workspace's asset store."""

    def __init__(self, folders: list[Path], paths: DataPaths) -> None:
        self._folders = folders
        self._paths = paths
        self._index: dict[str, Path] | None = None

    def __call__(self, sha256: str) -> bytes:
        for folder in self._folders:
            named = folder / sha256
            if named.is_file():
                return named.read_bytes()
        if self._index is None:
            self._index = {}
            for folder in self._folders:
                if folder.is_dir():
                    for path in sorted(folder.iterdir()):
                        if path.is_file() and path.stat().st_size < 200 << 20:
                            self._index.setdefault(
                                hashlib.sha256(path.read_bytes()).hexdigest(), path)
        if sha256 in self._index:
            return self._index[sha256].read_bytes()
        from brandtruth_desktop.storage.asset_store import AssetStore

        with AssetStore(self._paths.assets).open(sha256) as handle:
            return handle.read()


def _write_json(path: Path, data: Any) -> None:
    from brandtruth_desktop.core.compose import write_atomic

    write_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"“{text}” is not a positive whole number")
    return value


MAX_PICTURES = 12


def _gather_pictures(
    folders: list[Path], truth: BrandTruth
) -> tuple[dict[str, bytes], list[Picture], tuple[str, float] | None, list[str]]:
    """The pictures (from --images, else the brand's site), analysed; the logo; problems."""
    from brandtruth_desktop.core.compose.batch import Picture
    from brandtruth_desktop.core.imagery.analysis import analyse_image
    from brandtruth_desktop.core.imagery.loading import ImageProblem, load_image
    from brandtruth_desktop.core.ports import StockSourceError
    from brandtruth_desktop.integrations.brand_images import BrandImageSource
    from brandtruth_desktop.integrations.local_files import LocalImageSource

    problems: list[str] = []
    found: list[bytes] = []
    source: LocalImageSource | BrandImageSource
    if folders:
        source = LocalImageSource(folders)
    else:
        source = BrandImageSource(truth.images, brand_name=truth.brand_name,
                                  site_url=truth.website_url)
    try:
        for photo in source.search("", per_page=MAX_PICTURES):
            try:
                found.append(source.download(photo))
            except StockSourceError as error:
                problems.append(str(error))
    except StockSourceError as error:
        problems.append(str(error))
    finally:
        if isinstance(source, BrandImageSource):
            problems.extend(source.problems)
            source.close()
        else:
            problems.extend(source.skipped)
    assets: dict[str, bytes] = {}
    pictures: list[Picture] = []
    for data in found:
        try:
            analysis = analyse_image(load_image(data))
        except ImageProblem as problem:
            problems.append(str(problem))
            continue
        sha = hashlib.sha256(data).hexdigest()
        if sha not in assets:
            assets[sha] = data
            pictures.append(Picture(sha, analysis))
    if not pictures:
        problems.append("No usable pictures: the ads use backgrounds made from the brand's "
                        "colours.")
    logo = None
    if truth.logo_url:
        logos = BrandImageSource([truth.logo_url], brand_name=truth.brand_name, min_side=1)
        try:
            data = logos.download(logos.search("", per_page=1)[0])
            image = load_image(data)
            sha = hashlib.sha256(data).hexdigest()
            assets[sha] = data
            logo = (sha, image.width / max(1, image.height))
        except (StockSourceError, ImageProblem, IndexError):
            problems.append(f"The logo ({truth.logo_url}) could not be used (only PNG, JPEG, "
                            "WebP or GIF logos can be drawn); the ads have none.")
        finally:
            logos.close()
    return assets, pictures, logo, problems


def brand_style(truth: BrandTruth, logo: tuple[str, float] | None) -> BrandStyle:
    """The brand's look from what extraction found: its colours and logo."""
    from brandtruth_desktop.core.compose import BrandStyle

    sha, aspect = logo if logo else (None, 3.0)
    return BrandStyle(truth.brand_name, tuple(truth.colors), sha, aspect)
