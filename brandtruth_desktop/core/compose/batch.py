"""Every variant in every format, rendered and written to a folder: the `compose` stage.

Variants take the templates in turn (overlay, split, statement) and the pictures in turn;
without pictures, backgrounds are generated from the brand's colours. For each ad the folder
gets the image, `NAME.qa.json` and `NAME.spec.json`; the pictures and logo the specs name go to
`assets/` (named by SHA-256) so `brandtruth render --spec` can redraw any ad; `manifest.json`
lists everything: `{"items": [{"variant_id", "format", "file", "width", "height", "qa"}]}`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from brandtruth_desktop.core.compose.export import EXTENSIONS, export, write_atomic
from brandtruth_desktop.core.compose.fonts import FontBook
from brandtruth_desktop.core.compose.formats import AdFormat
from brandtruth_desktop.core.compose.picture import RenderCache
from brandtruth_desktop.core.compose.qa import render_checked
from brandtruth_desktop.core.compose.spec import GeneratedBackground
from brandtruth_desktop.core.compose.style import BrandStyle
from brandtruth_desktop.core.compose.templates import Template, layout_for
from brandtruth_desktop.core.imagery.analysis import ImageAnalysis
from brandtruth_desktop.core.jobs import Progress

MANIFEST = "manifest.json"
_GENERATED_STYLES = ("linear", "radial", "shapes", "bands")


class VariantCopy(Protocol):
    """A copy variant with an id (core.models.CopyVariant fits)."""

    @property
    def id(self) -> str: ...

    @property
    def headline(self) -> str: ...

    @property
    def primary_text(self) -> str: ...

    @property
    def call_to_action(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Picture:
    """A photo for the ads: its hash (its bytes are in the batch's assets) and analysis."""

    sha256: str
    analysis: ImageAnalysis


def file_stem(variant_id: str, fmt: AdFormat) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", variant_id).strip("-.") or "ad"
    return f"{safe}_{fmt.file_key}"


def compose_stage(
    variants: Sequence[VariantCopy], formats: Sequence[AdFormat], brand: BrandStyle,
    pictures: Sequence[Picture], out: Path, *, assets: Mapping[str, bytes], fonts: FontBook,
    image_format: str = "jpeg", cache: RenderCache | None = None,
) -> Generator[Progress, None, dict[str, Any]]:
    """Stage: render and write every ad; returns the manifest (also written to `out`)."""
    cache = cache or RenderCache()
    out.mkdir(parents=True, exist_ok=True)
    folder = out / "assets"
    for sha, data in assets.items():
        if not (folder / sha).is_file():
            write_atomic(folder / sha, data)
    templates = list(Template)
    total = len(variants) * len(formats)
    items: list[dict[str, Any]] = []
    yield Progress(0, total, f"Rendering {total} ads…")
    for index, variant in enumerate(variants):
        template = templates[index % len(templates)]
        picture = pictures[index % len(pictures)] if pictures else None
        generated = None
        if picture is None or template is Template.STATEMENT:
            style = _GENERATED_STYLES[index % len(_GENERATED_STYLES)]
            generated = GeneratedBackground(style, brand.palette(), seed=index)
        for fmt in formats:
            spec = layout_for(
                variant, fmt, template, picture.analysis if picture else None, brand,
                image_sha256=picture.sha256 if picture and template is not Template.STATEMENT
                else None,
                generated=generated, variant_id=variant.id, fonts=fonts,
            )
            checked = render_checked(spec, fmt.width, assets=assets.__getitem__, fonts=fonts,
                                     cache=cache)
            stem = file_stem(variant.id, fmt)
            name = stem + EXTENSIONS[image_format]
            export(checked.image, out / name, image_format)
            qa = checked.qa.to_dict()
            _write_json(out / f"{stem}.qa.json", qa)
            _write_json(out / f"{stem}.spec.json", spec.to_dict())
            items.append({
                "variant_id": variant.id, "format": fmt.key, "file": name,
                "width": checked.image.width, "height": checked.image.height,
                "template": str(template), "spec": f"{stem}.spec.json", "qa": qa,
            })
            yield Progress(len(items), total, f"Rendered {len(items)} of {total} ads")
    manifest = {"items": items}
    _write_json(out / MANIFEST, manifest)
    return manifest


def _write_json(path: Path, data: Any) -> None:
    write_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
