"""Composition: LayoutSpecs, layout templates, the one Pillow renderer, QA and export.

Pure core code (Pillow only). The entry points:

- `FORMATS`, `get_format(key)`, `parse_formats(text)`: the five ad formats and the 9:16 safe zone
- `LayoutSpec` (and its parts): how one variant looks in one format; versioned JSON
- `layout_for(copy, fmt, template, analysis, brand, ...)` → LayoutSpec, with `Template` and
  `BrandStyle`
- `render(spec, size, assets=, fonts=)` → PIL image: previews and exports alike
- `render_checked(...)` → image and `QAReport`; `export(image, path_or_store, fmt)`
- `FontBook(fonts_dir)`: the bundled typefaces and their fallbacks

`core.models.LayoutSpec` is the *stored record* (variant, format, revision and this spec's
`to_dict()` payload); `LayoutSpec.to_record()` / `LayoutSpec.from_record()` convert.
"""

from brandtruth_desktop.core.compose.export import encode, export, write_atomic
from brandtruth_desktop.core.compose.fonts import FAMILIES, FontBook
from brandtruth_desktop.core.compose.formats import (
    FORMATS,
    STORY_SAFE_ZONE,
    AdFormat,
    SafeZone,
    get_format,
    parse_formats,
)
from brandtruth_desktop.core.compose.picture import Assets, AssetSource, MissingAsset, RenderCache
from brandtruth_desktop.core.compose.qa import CheckedRender, QAReport, TextCheck, render_checked
from brandtruth_desktop.core.compose.renderer import Composition, compose, render
from brandtruth_desktop.core.compose.spec import (
    AUTO,
    SPEC_VERSION,
    Align,
    Background,
    CallToAction,
    Edge,
    GeneratedBackground,
    LayoutSpec,
    Logo,
    Scrim,
    ScrimKind,
    Shape,
    TextBlock,
    TextRole,
    VAlign,
)
from brandtruth_desktop.core.compose.style import AdCopy, BrandStyle, cta_label
from brandtruth_desktop.core.compose.templates import Template, layout_for

__all__ = [
    "AUTO",
    "FAMILIES",
    "FORMATS",
    "SPEC_VERSION",
    "STORY_SAFE_ZONE",
    "AdCopy",
    "AdFormat",
    "Align",
    "AssetSource",
    "Assets",
    "Background",
    "BrandStyle",
    "CallToAction",
    "CheckedRender",
    "Composition",
    "Edge",
    "FontBook",
    "GeneratedBackground",
    "LayoutSpec",
    "Logo",
    "MissingAsset",
    "QAReport",
    "RenderCache",
    "SafeZone",
    "Scrim",
    "ScrimKind",
    "Shape",
    "Template",
    "TextBlock",
    "TextCheck",
    "TextRole",
    "VAlign",
    "compose",
    "cta_label",
    "encode",
    "export",
    "get_format",
    "layout_for",
    "parse_formats",
    "render",
    "render_checked",
    "write_atomic",
]
