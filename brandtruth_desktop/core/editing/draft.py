"""One ad as the canvas editor holds it: the variant's copy and its layout in every format.

An `AdDraft` is immutable; every edit makes a new one, so undo keeps the drafts before and
after, and saving compares the draft on screen with the one last saved (`changes_between`).
The copy belongs to the variant and so to every format at once: `with_copy` changes the
variant and the text of the matching blocks (and the button label) in every format's spec.
Layout edits (`with_spec`) touch one format only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from brandtruth_desktop.core.compose.spec import (
    CallToAction,
    LayoutSpec,
    Logo,
    Shape,
    TextBlock,
    TextRole,
)
from brandtruth_desktop.core.compose.style import cta_label
from brandtruth_desktop.core.editing.geometry import CTA, LOGO, SHAPE_PREFIX, text_role
from brandtruth_desktop.core.models import Variant

GENERATED_COPY = "generated_copy"
"""The provenance key that keeps the copy as the writer made it, from the first edit on."""


@dataclass(frozen=True, slots=True)
class CopyFields:
    """The parts of a variant's copy a person can edit, and the facts it cites."""

    headline: str
    primary_text: str
    description: str = ""
    call_to_action: str = "LEARN_MORE"
    fact_ids: tuple[str, ...] = ()

    @classmethod
    def of(cls, variant: Variant) -> CopyFields:
        return cls(variant.headline, variant.primary_text, variant.description,
                   variant.call_to_action, tuple(variant.fact_ids))

    def to_dict(self) -> dict[str, Any]:
        return {"headline": self.headline, "primary_text": self.primary_text,
                "description": self.description, "call_to_action": self.call_to_action,
                "fact_ids": list(self.fact_ids)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CopyFields:
        return cls(
            headline=str(data.get("headline", "")),
            primary_text=str(data.get("primary_text", "")),
            description=str(data.get("description", "")),
            call_to_action=str(data.get("call_to_action") or "LEARN_MORE"),
            fact_ids=tuple(str(f) for f in data.get("fact_ids", ())),
        )


def generated_copy(variant: Variant) -> CopyFields:
    """The copy as the writer made it: kept in provenance once edited, else the copy itself."""
    kept = variant.provenance.get(GENERATED_COPY) if variant.provenance else None
    return CopyFields.from_dict(kept) if isinstance(kept, Mapping) else CopyFields.of(variant)


@dataclass(frozen=True, slots=True)
class AdDraft:
    """A variant and its layout spec per format, in the product's format order."""

    variant: Variant
    specs: tuple[tuple[str, LayoutSpec], ...] = ()

    @classmethod
    def of(cls, variant: Variant, specs: Mapping[str, LayoutSpec]) -> AdDraft:
        return cls(variant, tuple(specs.items()))

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(key for key, _spec in self.specs)

    @property
    def copy(self) -> CopyFields:
        return CopyFields.of(self.variant)

    def spec(self, format_key: str) -> LayoutSpec:
        """The layout in one format; KeyError if the ad has none in it."""
        for key, spec in self.specs:
            if key == format_key:
                return spec
        raise KeyError(f"Ad {self.variant.id} has no {format_key} layout.")

    def with_spec(self, format_key: str, spec: LayoutSpec) -> AdDraft:
        """The draft with one format's layout replaced."""
        return replace(self, specs=tuple(
            (key, spec if key == format_key else old) for key, old in self.specs))

    def with_specs(self, specs: Mapping[str, LayoutSpec]) -> AdDraft:
        """The draft with the layouts of these formats replaced (others kept)."""
        return replace(self, specs=tuple(
            (key, specs.get(key, old)) for key, old in self.specs))

    def with_copy(self, copy: CopyFields) -> AdDraft:
        """The draft with new copy, in the variant and in every format's text and button."""
        variant = replace(self.variant, headline=copy.headline,
                          primary_text=copy.primary_text, description=copy.description,
                          call_to_action=copy.call_to_action, fact_ids=copy.fact_ids)
        return replace(self, variant=variant, specs=tuple(
            (key, spec_with_copy(spec, copy)) for key, spec in self.specs))

    def edit_copy(self, **changes: Any) -> AdDraft:
        """`with_copy` of the current copy with some fields changed."""
        return self.with_copy(replace(self.copy, **changes))


def spec_with_copy(spec: LayoutSpec, copy: CopyFields) -> LayoutSpec:
    """`spec` showing `copy`: each text block's text from its role, the button's label."""
    texts = {TextRole.HEADLINE: copy.headline, TextRole.PRIMARY: copy.primary_text,
             TextRole.DESCRIPTION: copy.description}
    blocks = tuple(replace(b, text=texts[b.role]) if b.text != texts[b.role] else b
                   for b in spec.texts)
    cta = spec.cta
    if cta is not None and cta.label != cta_label(copy.call_to_action):
        cta = replace(cta, label=cta_label(copy.call_to_action))
    if blocks == spec.texts and cta is spec.cta:
        return spec
    return replace(spec, texts=blocks, cta=cta)


@dataclass(frozen=True, slots=True)
class DraftChange:
    """What saving a draft must write: the layouts that changed (by format) and, when the
    copy changed, the copy before and after."""

    specs: dict[str, LayoutSpec] = field(default_factory=dict)
    copy_before: CopyFields | None = None
    copy_after: CopyFields | None = None

    @property
    def empty(self) -> bool:
        return not self.specs and self.copy_after is None


def changes_between(saved: AdDraft, current: AdDraft) -> DraftChange:
    """What changed from `saved` to `current` (formats only in `current` count as changed)."""
    before = dict(saved.specs)
    specs = {key: spec for key, spec in current.specs if before.get(key) != spec}
    copy_before, copy_after = saved.copy, current.copy
    if copy_before == copy_after:
        return DraftChange(specs)
    return DraftChange(specs, copy_before, copy_after)


_EDITABLE = (TextBlock, CallToAction, Logo, Shape)


def restyle(spec: LayoutSpec, element: str, **changes: Any) -> LayoutSpec:
    """`spec` with fields of one element changed (font, size, colour, alignment …).

    Only fields the element has are applied, so one call can set `align` on a text block and
    be a no-op on a shape. A text block's `size` change keeps its shrink ratio (`min_size`)."""
    role = text_role(element)
    if role is not None:
        return replace(spec, texts=tuple(
            _changed(block, changes) if block.role is role else block for block in spec.texts))
    if element == CTA and spec.cta is not None:
        return replace(spec, cta=_changed(spec.cta, changes))
    if element == LOGO and spec.logo is not None:
        return replace(spec, logo=_changed(spec.logo, changes))
    if element.startswith(SHAPE_PREFIX):
        index = int(element[len(SHAPE_PREFIX):])
        shapes = list(spec.shapes)
        if 0 <= index < len(shapes):
            shapes[index] = _changed(shapes[index], changes)
            return replace(spec, shapes=tuple(shapes))
    return spec


def _changed(item: Any, changes: Mapping[str, Any]) -> Any:
    assert isinstance(item, _EDITABLE)
    known = {f.name for f in fields(item)}
    wanted = {key: value for key, value in changes.items() if key in known}
    if isinstance(item, TextBlock) and "size" in wanted and "min_size" not in wanted:
        ratio = item.min_size / item.size if item.min_size > 0 and item.size > 0 else 0.0
        wanted["min_size"] = round(float(wanted["size"]) * ratio, 5) if ratio else 0.0
    return replace(item, **wanted) if wanted else item


def style_of(spec: LayoutSpec, element: str) -> TextBlock | CallToAction | Logo | Shape | None:
    """The element's own dataclass in `spec` (for the side panel to show its style)."""
    role = text_role(element)
    if role is not None:
        return spec.text(role)
    if element == CTA:
        return spec.cta
    if element == LOGO:
        return spec.logo
    if element.startswith(SHAPE_PREFIX):
        index = int(element[len(SHAPE_PREFIX):])
        return spec.shapes[index] if 0 <= index < len(spec.shapes) else None
    return None
