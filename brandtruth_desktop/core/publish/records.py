"""What a publish leaves behind, and the ports the publisher needs from storage.

A `PublishRun` is one publication of a campaign to one ad account. Each Meta object it
creates is a `PublishedObject`, stored the moment Meta answers with its id, so a publish cut
short by a crash, a cancel or the network resumes where it stopped (DESIGN.md decision 6:
every created object is also an audit row). Tokens are never part of any of these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from brandtruth_desktop.core.publish.plan import ObjectKind, RenderedImage


class RunState(StrEnum):
    """Where a publish run stands. Only DONE runs are finished: the others resume."""

    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    NEEDS_RECONNECT = "needs_reconnect"


class ObjectState(StrEnum):
    """SENDING: the request went out and no answer was stored: it may exist in Meta.
    CREATED: Meta answered with its id. FAILED: Meta refused it (it does not exist)."""

    SENDING = "sending"
    CREATED = "created"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class PublishRun:
    """One publication of a campaign to an ad account; `key` is in every object's tag."""

    id: int
    campaign_id: int
    key: str
    account_id: str
    page_id: str
    state: RunState
    actor: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    error: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PublishedObject:
    """A Meta object a run created (or tried to): its plan key, tagged name and Meta id."""

    run_id: int
    key: str
    kind: ObjectKind
    name: str
    state: ObjectState
    meta_id: str = ""
    image_hash: str = ""
    variant_id: str | None = None
    format: str | None = None
    attempts: int = 0
    error: str = ""
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SavedPreview:
    """A preview of one ad in one placement, saved as an HTML page in the asset store."""

    run_id: int
    ad_key: str
    ad_id: str
    ad_format: str
    sha256: str
    fetched_at: datetime | None = None


class PublishLedger(Protocol):
    """Where publish runs and the objects they create are kept (storage.publishing)."""

    def start_run(self, campaign_id: int, *, key: str, account_id: str, page_id: str,
                  settings: Mapping[str, Any], actor: str) -> PublishRun: ...

    def open_run(self, campaign_id: int, account_id: str) -> PublishRun | None: ...

    def get_run(self, run_id: int) -> PublishRun | None: ...

    def runs(self, campaign_id: int) -> list[PublishRun]: ...

    def objects(self, run_id: int) -> list[PublishedObject]: ...

    def mark_sending(self, run_id: int, *, key: str, kind: ObjectKind, name: str,
                     variant_id: str | None = None, format: str | None = None
                     ) -> PublishedObject: ...

    def mark_created(self, run_id: int, key: str, *, meta_id: str, image_hash: str = "",
                     actor: str, found_by_name: bool = False) -> PublishedObject: ...

    def mark_failed(self, run_id: int, key: str, *, error: str) -> PublishedObject: ...

    def set_run_state(self, run_id: int, state: RunState, *, actor: str, error: str = ""
                      ) -> PublishRun: ...

    def save_preview(self, run_id: int, *, ad_key: str, ad_id: str, ad_format: str,
                     sha256: str) -> SavedPreview: ...

    def previews(self, run_id: int) -> list[SavedPreview]: ...


class RenderSource(Protocol):
    """The rendered images of a campaign's variants (the renders table, or files on disk)."""

    def renders_for(self, variant_ids: Sequence[str], formats: Sequence[str]
                    ) -> dict[str, list[RenderedImage]]: ...


@dataclass(frozen=True, slots=True)
class PublishedAd:
    """One ad as published: the `--json` contract's `ads` entries."""

    variant_id: str
    format: str
    ad_id: str
    creative_id: str
    image_hash: str
    status: str = "PAUSED"

    def to_dict(self) -> dict[str, Any]:
        return {"variant_id": self.variant_id, "format": self.format, "ad_id": self.ad_id,
                "creative_id": self.creative_id, "image_hash": self.image_hash,
                "status": self.status}


@dataclass(frozen=True, slots=True)
class PublishResult:
    """What a finished publish made. `resumed` counts objects found already created (stored
    or found in Meta by their tagged name) instead of being created again."""

    run: PublishRun
    campaign_id: str
    adset_id: str
    ads: tuple[PublishedAd, ...]
    previews: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    created: int = 0
    resumed: int = 0
    skipped: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The `brandtruth publish --json` document (keys are added, never renamed).

        `previews` maps each ad id to {ad_format: preview file's SHA-256 in the asset store}.
        """
        return {
            "campaign_id": self.campaign_id,
            "adset_id": self.adset_id,
            "ads": [ad.to_dict() for ad in self.ads],
            "previews": {ad: dict(formats) for ad, formats in self.previews.items()},
            "run_id": self.run.id,
            "run_key": self.run.key,
            "created": self.created,
            "resumed": self.resumed,
            "skipped": list(self.skipped),
            "notices": list(self.notices),
        }
