"""The publish plan: every request that will be sent to Meta, in order, with its parameters.

The plan (made by `build.build_plan`) is what the dry run shows and checks
(`rules.check_plan`) and what the publisher executes; nothing is sent that is not in it.

Values that only exist once an earlier request has run (the campaign's id in the ad set, an
image's hash in its creative) are `Ref`s; the publisher fills them in from what it stored.

Every object's name carries our tag, `[bt:{campaign}.{run}:{subject}:{kind}]`, so after a
failure whose outcome is unknown the publisher can find the object in the ad account by name
instead of creating it twice.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from brandtruth_desktop.core.models import Variant
from brandtruth_desktop.core.publish.settings import PublishSettings

PAUSED = "PAUSED"


class ObjectKind(StrEnum):
    """The Meta objects a publish creates, in the order it creates them."""

    CAMPAIGN = "campaign"
    AD_SET = "adset"
    IMAGE = "image"
    CREATIVE = "creative"
    AD = "ad"

    @property
    def edge(self) -> str:
        """The ad account edge that creates (and lists) objects of this kind."""
        return _EDGES[self]

    @property
    def label(self) -> str:
        return _LABELS[self]


_EDGES = {
    ObjectKind.CAMPAIGN: "campaigns",
    ObjectKind.AD_SET: "adsets",
    ObjectKind.IMAGE: "adimages",
    ObjectKind.CREATIVE: "adcreatives",
    ObjectKind.AD: "ads",
}
_LABELS = {
    ObjectKind.CAMPAIGN: "campaign",
    ObjectKind.AD_SET: "ad set",
    ObjectKind.IMAGE: "ad image",
    ObjectKind.CREATIVE: "creative",
    ObjectKind.AD: "ad",
}
DELIVERING_KINDS = frozenset({ObjectKind.CAMPAIGN, ObjectKind.AD_SET, ObjectKind.AD})
"""Kinds with a delivery status. Images and creatives never deliver on their own, and Meta
has no PAUSED state for them; these three must all be created PAUSED."""


@dataclass(frozen=True, slots=True)
class Ref:
    """A value another request in the plan produces: an object's `id`, or an image's `hash`."""

    key: str
    field: str = "id"

    def __str__(self) -> str:
        return f"{{{self.key}.{self.field}}}"


@dataclass(frozen=True, slots=True)
class RenderedImage:
    """A rendered ad image for one variant in one format, stored in the asset store by hash."""

    variant_id: str
    format: str
    width: int
    height: int
    sha256: str
    mime_type: str = "image/jpeg"
    size_bytes: int = 0
    qa_passed: bool | None = None  # the renderer's QA report; None when unknown

    @property
    def extension(self) -> str:
        return ".png" if self.mime_type == "image/png" else ".jpg"


@dataclass(frozen=True, slots=True)
class PlannedRequest:
    """One object to create: `POST {edge}` with `params` (which may hold `Ref`s).

    `key` is unique in the plan and stable across runs of the same plan ("campaign",
    "adset", "image:{variant}@{format}", …); the publisher stores each created id under it.
    `name` is the object's tagged name (for an image, the file name it is uploaded as).
    """

    key: str
    kind: ObjectKind
    edge: str
    name: str
    tag: str
    params: Mapping[str, Any]
    variant_id: str | None = None
    format: str | None = None
    image: RenderedImage | None = None
    method: str = "POST"

    @property
    def status(self) -> str | None:
        value = self.params.get("status")
        return str(value) if value is not None else None

    def describe(self) -> str:
        """One line for the dry run: what will be created."""
        if self.kind is ObjectKind.IMAGE and self.image is not None:
            return (f"Upload {self.image.format} image {self.image.width}×{self.image.height} "
                    f"as {self.name}")
        status = f" ({self.status})" if self.status else ""
        return f"Create {self.kind.label} “{self.name}”{status}"

    def to_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "key": self.key,
            "kind": self.kind.value,
            "method": self.method,
            "path": self.edge,
            "name": self.name,
            "params": describe_params(self.params),
        }
        if self.variant_id is not None:
            entry["variant_id"] = self.variant_id
            entry["format"] = self.format
        if self.image is not None:
            entry["image"] = {"sha256": self.image.sha256, "width": self.image.width,
                              "height": self.image.height, "mime_type": self.image.mime_type,
                              "size_bytes": self.image.size_bytes}
        return entry


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A variant that will not be published, and why (the panel greys it out with this)."""

    variant_id: str
    headline: str
    reason: str


@dataclass(frozen=True, slots=True)
class PublishPlan:
    """Every request a publish will make, in order, plus what was left out and why."""

    campaign_id: int
    campaign_name: str
    run_key: str
    settings: PublishSettings
    requests: tuple[PlannedRequest, ...]
    variants: tuple[Variant, ...] = ()
    excluded: tuple[Exclusion, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def request(self, key: str) -> PlannedRequest:
        for request in self.requests:
            if request.key == key:
                return request
        raise KeyError(key)

    def of_kind(self, kind: ObjectKind) -> list[PlannedRequest]:
        return [r for r in self.requests if r.kind is kind]

    @property
    def ads(self) -> list[PlannedRequest]:
        return self.of_kind(ObjectKind.AD)

    @property
    def preview_count(self) -> int:
        return len(self.ads) * len(self.settings.preview_formats)

    def to_dict(self) -> dict[str, Any]:
        """The dry run's JSON: settings, requests in order, exclusions."""
        return {
            "campaign_id": self.campaign_id,
            "campaign_name": self.campaign_name,
            "run_key": self.run_key,
            "settings": self.settings.to_dict(),
            "requests": [r.to_dict() for r in self.requests],
            "previews": {
                "ad_formats": list(self.settings.preview_formats),
                "count": self.preview_count,
            },
            "excluded": [
                {"variant_id": e.variant_id, "headline": e.headline, "reason": e.reason}
                for e in self.excluded
            ],
            "notes": list(self.notes),
        }


def new_run_key() -> str:
    """A short random key that tells this publish's objects from any other's."""
    return secrets.token_hex(3)


def make_tag(campaign_id: int, run_key: str, subject: str, kind: ObjectKind) -> str:
    """`[bt:7.a1b2c3:c7-v1@1x1:ad]`: campaign, run, what (variant@format or "-"), kind."""
    return f"[bt:{campaign_id}.{run_key}:{subject}:{kind.value}]"


_TAG = re.compile(r"\[bt:(?P<campaign>\d+)\.(?P<run>[0-9a-z]+):(?P<subject>[^:\]]+):"
                  r"(?P<kind>[a-z]+)\]")


def parse_tag(name: str) -> tuple[int, str, str, ObjectKind] | None:
    """The (campaign id, run key, subject, kind) of a tagged name, or None."""
    match = _TAG.search(name)
    if match is None:
        return None
    try:
        kind = ObjectKind(match["kind"])
    except ValueError:
        return None
    return int(match["campaign"]), match["run"], match["subject"], kind


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"


def subject_for(variant_id: str, fmt: str) -> str:
    """The tag's subject for one variant in one format: `c7-v1@1x1`."""
    return f"{_safe(variant_id)}@{_safe(fmt.replace(':', 'x'))}"


def resolve_params(value: Any, lookup: Callable[[Ref], str]) -> Any:
    """`value` with every `Ref` replaced by what `lookup` returns for it (recursively)."""
    if isinstance(value, Ref):
        return lookup(value)
    if isinstance(value, Mapping):
        return {key: resolve_params(item, lookup) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [resolve_params(item, lookup) for item in value]
    return value


def describe_params(value: Any) -> Any:
    """`value` as JSON, each `Ref` written as `{key.field}` (the dry run shows these)."""
    return resolve_params(value, str)


def refs_in(value: Any) -> Iterable[Ref]:
    """Every `Ref` in `value` (the requests it waits for)."""
    if isinstance(value, Ref):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from refs_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from refs_in(item)
