"""The LayoutSpec (DESIGN.md decision 3): everything about how one ad looks, and nothing else.

A spec holds, for one variant in one format, the background, the text blocks, the CTA button,
the logo, the scrim and any flat shapes. Every position is a `Box` in relative coordinates
(0..1 of the canvas) and every font size is a fraction of the canvas height, so one spec
renders at any size: the 540-pixel preview and the 1080-pixel export are the same picture.
The canvas editor changes specs, never pixels.

Specs are stored as JSON. `to_dict()` is the `spec` payload of the stored record
(`core.models.LayoutSpec`, which adds the variant, format and revision around it); the payload
carries `"version": SPEC_VERSION`. `from_dict()` migrates older versions and refuses newer ones
with a message that says to update the app.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.core.models import LayoutSpec as LayoutSpecRecord

SPEC_VERSION = 1
AUTO = "auto"
FULL = Box(0.0, 0.0, 1.0, 1.0)


class TextRole(StrEnum):
    """Which part of the copy a text block shows."""

    HEADLINE = "headline"
    PRIMARY = "primary"
    DESCRIPTION = "description"


class Align(StrEnum):
    """Horizontal alignment. START and END follow the text's direction (right for Arabic)."""

    START = "start"
    CENTER = "center"
    END = "end"
    LEFT = "left"
    RIGHT = "right"


class VAlign(StrEnum):
    """Where the lines sit in their box when they do not fill it."""

    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


class ScrimKind(StrEnum):
    NONE = "none"
    GRADIENT = "gradient"
    SOLID = "solid"


class Edge(StrEnum):
    """The side of a gradient scrim's region where it is densest."""

    TOP = "top"
    BOTTOM = "bottom"
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class GeneratedBackground:
    """A background drawn from brand colours (no photo needed): the recipe of
    `core.imagery.backgrounds` (style: solid, linear, radial, shapes or bands)."""

    style: str = "linear"
    colors: tuple[str, ...] = ()
    seed: int = 0


@dataclass(frozen=True, slots=True)
class Background:
    """The canvas fill, and the photo (by asset SHA-256) or generated background on top.

    `image_box` is where on the canvas the picture goes (the whole canvas, or one side in a
    split layout); `crop` is the part of the source image shown there, relative to the source.
    Without a crop the picture is cover-cropped around its centre.
    """

    fill: str = "#FFFFFF"
    image_sha256: str | None = None
    crop: Box | None = None
    image_box: Box = FULL
    generated: GeneratedBackground | None = None


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A block of copy in a box. `size` is the font size as a fraction of the canvas height;
    the renderer shrinks it down to `min_size` (0: 60 % of `size`) to fit, then reports
    overflow. `color` is a hex colour or "auto" (chosen for contrast on the pixels behind)."""

    role: TextRole
    text: str
    box: Box
    font: str = "sans"
    size: float = 0.05
    min_size: float = 0.0
    weight: int = 400
    color: str = AUTO
    align: Align = Align.START
    valign: VAlign = VAlign.TOP
    line_spacing: float = 1.2

    @property
    def smallest(self) -> float:
        return self.min_size if self.min_size > 0 else self.size * 0.6


@dataclass(frozen=True, slots=True)
class CallToAction:
    """The button: label, fill colour, label colour ("auto" = readable on the fill), box, and
    corner radius as a fraction of the button height (0.5 = pill)."""

    label: str
    box: Box
    fill: str
    text_color: str = AUTO
    font: str = "sans"
    weight: int = 700
    size: float = 0.03
    radius: float = 0.5


@dataclass(frozen=True, slots=True)
class Logo:
    """The brand's logo (an asset), fitted inside `box` and aligned in it. `clear_space` is the
    free margin kept around the drawn logo, as a fraction of its drawn height. `plate` puts a
    rounded backing behind it: "auto" (only when the logo would not stand out), "none" or hex."""

    asset_sha256: str
    box: Box
    clear_space: float = 0.25
    align: Align = Align.START
    plate: str = AUTO


@dataclass(frozen=True, slots=True)
class Scrim:
    """A veil over the picture so text reads: a gradient densest at `edge` or a solid fill,
    over `region`. A gradient rises from nothing at the open side over `ramp` (a share of
    the region), then stays at full strength. `strength` is its opacity (0-1); with `auto`
    the renderer may raise it as far as the text behind it needs to reach its contrast."""

    kind: ScrimKind = ScrimKind.NONE
    color: str = "#000000"
    strength: float = 0.0
    region: Box = FULL
    edge: Edge = Edge.BOTTOM
    auto: bool = True
    ramp: float = 0.55


@dataclass(frozen=True, slots=True)
class Shape:
    """A flat rectangle (an accent bar, a divider) drawn over the background."""

    box: Box
    color: str
    radius: float = 0.0
    opacity: float = 1.0


@dataclass(frozen=True, slots=True)
class LayoutSpec:
    """How one variant looks in one format: see the module docstring."""

    format: str
    background: Background = field(default_factory=Background)
    texts: tuple[TextBlock, ...] = ()
    cta: CallToAction | None = None
    logo: Logo | None = None
    scrim: Scrim = field(default_factory=Scrim)
    shapes: tuple[Shape, ...] = ()
    palette: tuple[str, ...] = ()
    template: str = ""
    variant_id: str = ""

    def text(self, role: TextRole) -> TextBlock | None:
        """The first text block with this role, if any."""
        return next((block for block in self.texts if block.role == role), None)

    def with_text(self, role: TextRole, text: str) -> LayoutSpec:
        """A copy with the text of the blocks of `role` replaced (an edit on the canvas)."""
        return replace(
            self,
            texts=tuple(replace(b, text=text) if b.role == role else b for b in self.texts),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready payload, with `"version"` first."""
        return {"version": SPEC_VERSION, **_encode(self)}

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LayoutSpec:
        """Read a payload written by this or an older version; ValueError says what is wrong."""
        if not isinstance(data, Mapping):
            raise ValueError("A layout spec must be a JSON object.")
        from brandtruth_desktop.core.compose.spec_decode import decode_spec

        migrated = migrate(dict(data))
        migrated.pop("version")
        return decode_spec(migrated)

    @classmethod
    def from_json(cls, text: str) -> LayoutSpec:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"The layout spec is not valid JSON: {error}.") from error
        return cls.from_dict(data)

    def to_record(self, revision: int) -> LayoutSpecRecord:
        """The stored record (storage keeps variant, format and revision beside the payload)."""
        return LayoutSpecRecord(self.variant_id, self.format, revision, self.to_dict())

    @classmethod
    def from_record(cls, record: LayoutSpecRecord) -> LayoutSpec:
        spec = cls.from_dict(record.spec)
        return replace(spec, variant_id=record.variant_id, format=record.format)


# -- versions -------------------------------------------------------------------------------


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (drafts written before specs were versioned) called the text blocks
    `text_blocks` and had no palette; otherwise the shape is the same."""
    data = dict(data)
    if "text_blocks" in data:
        data["texts"] = data.pop("text_blocks")
    data["version"] = 1
    return data


_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a payload up to SPEC_VERSION, one version at a time; refuse future versions."""
    version = data.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ValueError(f"The layout spec has an invalid version: {version!r}.")
    if version > SPEC_VERSION:
        raise ValueError(
            f"This layout was saved by a newer version of BrandTruth (layout format "
            f"{version}; this app reads up to {SPEC_VERSION}). Update the app to open it."
        )
    while version < SPEC_VERSION:
        data = _MIGRATIONS[version](data)
        version = data["version"]
    return data


# -- encoding -------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, Box):
        return {"x": value.x, "y": value.y, "w": value.w, "h": value.h}
    if isinstance(value, StrEnum):
        return str(value)
    if hasattr(value, "__dataclass_fields__"):
        return {name: _encode(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    return value
