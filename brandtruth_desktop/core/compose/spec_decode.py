"""Reading a LayoutSpec payload (already migrated to the current version), with messages that
say exactly which field is wrong and what it must be."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from brandtruth_desktop.core.compose.color import is_color
from brandtruth_desktop.core.compose.spec import (
    AUTO,
    FULL,
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
from brandtruth_desktop.core.imagery.geometry import Box

_T = TypeVar("_T")
_E = TypeVar("_E", bound=StrEnum)


class _Reader:
    """Reads one JSON object, remembering where it is for error messages."""

    def __init__(self, data: Any, where: str, allowed: set[str]) -> None:
        if not isinstance(data, Mapping):
            raise ValueError(f"{where} must be a JSON object.")
        unknown = set(data) - allowed
        if unknown:
            raise ValueError(f"{where} has unknown fields: {', '.join(sorted(unknown))}.")
        self.data = data
        self.where = where

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str, default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                raise ValueError(f"{self.where} is missing “{key}”.")
            return default
        return self.data[key]

    def text(self, key: str, default: Any = ...) -> str:
        value = self.raw(key, default)
        if not isinstance(value, str):
            raise ValueError(f"{self.where}.{key} must be text.")
        return value

    def number(self, key: str, default: Any = ..., lo: float = 0.0, hi: float = 1.0) -> float:
        value = self.raw(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            raise ValueError(f"{self.where}.{key} must be a number from {lo:g} to {hi:g}.")
        return float(value)

    def integer(self, key: str, default: Any = ..., lo: int = 0, hi: int = 2**31) -> int:
        value = self.raw(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise ValueError(f"{self.where}.{key} must be a whole number from {lo} to {hi}.")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise ValueError(f"{self.where}.{key} must be true or false.")
        return value

    def color(self, key: str, default: Any = ..., allow_auto: bool = False) -> str:
        value = self.text(key, default)
        if (allow_auto and value == AUTO) or is_color(value):
            return value
        hint = ' or "auto"' if allow_auto else ""
        raise ValueError(f"{self.where}.{key} must be a hex colour like #1A2B3C{hint}.")

    def choice(self, key: str, enum: type[_E], default: Any = ...) -> _E:
        value = self.raw(key, default)
        try:
            return enum(value)
        except ValueError:
            options = ", ".join(str(member) for member in enum)
            raise ValueError(f"{self.where}.{key} must be one of: {options}.") from None

    def box(self, key: str, default: Any = ...) -> Box:
        value = self.raw(key, default)
        if isinstance(value, Box):
            return value
        reader = _Reader(value, f"{self.where}.{key}", {"x", "y", "w", "h"})
        x, y = reader.number("x", lo=-1, hi=2), reader.number("y", lo=-1, hi=2)
        w, h = reader.number("w", lo=0, hi=3), reader.number("h", lo=0, hi=3)
        return Box(x, y, w, h)

    def items(self, key: str, read: Callable[[Any, str], _T]) -> tuple[_T, ...]:
        value = self.raw(key, [])
        if not isinstance(value, list):
            raise ValueError(f"{self.where}.{key} must be a list.")
        return tuple(read(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(value))

    def optional(self, key: str, read: Callable[[Any, str], _T]) -> _T | None:
        return read(self.data[key], f"{self.where}.{key}") if self.has(key) else None


def _fields(cls: type) -> set[str]:
    return set(cls.__dataclass_fields__)  # type: ignore[attr-defined]


def decode_spec(data: Mapping[str, Any]) -> LayoutSpec:
    """The spec in `data` (a current-version payload without its version key)."""
    r = _Reader(data, "layout", _fields(LayoutSpec))
    return LayoutSpec(
        format=r.text("format"),
        background=_decode_background(r.raw("background", {}), "layout.background"),
        texts=r.items("texts", _decode_text),
        cta=r.optional("cta", _decode_cta),
        logo=r.optional("logo", _decode_logo),
        scrim=_decode_scrim(r.raw("scrim", {}), "layout.scrim"),
        shapes=r.items("shapes", _decode_shape),
        palette=r.items("palette", _decode_color_item),
        template=r.text("template", ""),
        variant_id=r.text("variant_id", ""),
    )


def _decode_color_item(value: Any, where: str) -> str:
    if not isinstance(value, str) or not is_color(value):
        raise ValueError(f"{where} must be a hex colour like #1A2B3C.")
    return value


def _decode_generated(value: Any, where: str) -> GeneratedBackground:
    r = _Reader(value, where, _fields(GeneratedBackground))
    return GeneratedBackground(
        style=r.text("style", "linear"),
        colors=r.items("colors", _decode_color_item),
        seed=r.integer("seed", 0, lo=-(2**63), hi=2**63),
    )


def _decode_background(value: Any, where: str) -> Background:
    r = _Reader(value, where, _fields(Background))
    sha = r.raw("image_sha256", None)
    if sha is not None and not isinstance(sha, str):
        raise ValueError(f"{where}.image_sha256 must be text.")
    return Background(
        fill=r.color("fill", "#FFFFFF"),
        image_sha256=sha,
        crop=r.box("crop") if r.has("crop") else None,
        image_box=r.box("image_box", FULL),
        generated=r.optional("generated", _decode_generated),
    )


def _decode_text(value: Any, where: str) -> TextBlock:
    r = _Reader(value, where, _fields(TextBlock))
    return TextBlock(
        role=r.choice("role", TextRole),
        text=r.text("text"),
        box=r.box("box"),
        font=r.text("font", "sans"),
        size=r.number("size", 0.05, lo=0.001, hi=1.0),
        min_size=r.number("min_size", 0.0, lo=0.0, hi=1.0),
        weight=r.integer("weight", 400, lo=100, hi=1000),
        color=r.color("color", AUTO, allow_auto=True),
        align=r.choice("align", Align, Align.START),
        valign=r.choice("valign", VAlign, VAlign.TOP),
        line_spacing=r.number("line_spacing", 1.2, lo=0.5, hi=4.0),
    )


def _decode_cta(value: Any, where: str) -> CallToAction:
    r = _Reader(value, where, _fields(CallToAction))
    return CallToAction(
        label=r.text("label"),
        box=r.box("box"),
        fill=r.color("fill"),
        text_color=r.color("text_color", AUTO, allow_auto=True),
        font=r.text("font", "sans"),
        weight=r.integer("weight", 700, lo=100, hi=1000),
        size=r.number("size", 0.03, lo=0.001, hi=1.0),
        radius=r.number("radius", 0.5, lo=0.0, hi=0.5),
    )


def _decode_logo(value: Any, where: str) -> Logo:
    r = _Reader(value, where, _fields(Logo))
    plate = r.text("plate", AUTO)
    if plate not in (AUTO, "none") and not is_color(plate):
        raise ValueError(f'{where}.plate must be "auto", "none" or a hex colour.')
    return Logo(
        asset_sha256=r.text("asset_sha256"),
        box=r.box("box"),
        clear_space=r.number("clear_space", 0.25, lo=0.0, hi=2.0),
        align=r.choice("align", Align, Align.START),
        plate=plate,
    )


def _decode_scrim(value: Any, where: str) -> Scrim:
    r = _Reader(value, where, _fields(Scrim))
    return Scrim(
        kind=r.choice("kind", ScrimKind, ScrimKind.NONE),
        color=r.color("color", "#000000"),
        strength=r.number("strength", 0.0),
        region=r.box("region", FULL),
        edge=r.choice("edge", Edge, Edge.BOTTOM),
        auto=r.flag("auto", True),
        ramp=r.number("ramp", 0.55, lo=0.01, hi=1.0),
    )


def _decode_shape(value: Any, where: str) -> Shape:
    r = _Reader(value, where, _fields(Shape))
    return Shape(
        box=r.box("box"),
        color=r.color("color"),
        radius=r.number("radius", 0.0, lo=0.0, hi=0.5),
        opacity=r.number("opacity", 1.0),
    )
