"""What the core needs from the outside world, as Protocols.

Adapters in `integrations/`, `storage/` and `secret_store.py` implement these; tests can pass
simple fakes. Later steps add Fetcher, LanguageModel, StockSource and AdPlatform here.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO, Protocol

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import (
    Asset,
    Campaign,
    CampaignSummary,
    Decision,
    LicenceRecord,
    PageSnapshot,
    StockPhoto,
)
from brandtruth_desktop.core.secrets import SecretName


@dataclass(frozen=True, slots=True)
class SecretStoreStatus:
    """Whether secrets survive a restart, and if not, why (shown in Settings and the status bar)."""

    persistent: bool
    backend: str
    problem: str = ""


class SecretStore(Protocol):
    """Keeps API keys and tokens; never in files, the database or logs."""

    def get(self, name: SecretName) -> str | None: ...

    def set(self, name: SecretName, value: str) -> None: ...

    def delete(self, name: SecretName) -> None: ...

    def is_set(self, name: SecretName) -> bool: ...

    def status(self) -> SecretStoreStatus: ...


class CampaignRepository(Protocol):
    """Campaigns and their counts; every change also writes an audit row."""

    def list_summaries(self) -> list[CampaignSummary]: ...

    def get(self, campaign_id: int) -> Campaign | None: ...

    def find(self, id_or_name: str) -> Campaign | None: ...

    def create(self, name: str, *, actor: str, source_url: str = "") -> Campaign: ...

    def rename(self, campaign_id: int, new_name: str, *, actor: str) -> Campaign: ...

    def duplicate(
        self, campaign_id: int, *, actor: str, new_name: str | None = None
    ) -> Campaign: ...

    def delete(self, campaign_id: int, *, actor: str) -> None: ...


class DecisionLog(Protocol):
    """The append-only audit log."""

    def record(
        self,
        action: str,
        *,
        actor: str,
        campaign_id: int | None = None,
        variant_id: str | None = None,
        before: dict[str, object] | None = None,
        after: dict[str, object] | None = None,
    ) -> Decision: ...

    def for_campaign(self, campaign_id: int) -> list[Decision]: ...


@dataclass(frozen=True, slots=True)
class SiteFetch:
    """The pages a crawl brought back, and what went wrong on the way (in plain words)."""

    pages: tuple[PageSnapshot, ...]
    warnings: tuple[str, ...] = ()


class FetchError(Exception):
    """Nothing of the site could be loaded; the message says what happened and what to do.

    Raised by a Fetcher only when not a single page loaded: problems with later pages become
    warnings in the SiteFetch instead.
    """


class Fetcher(Protocol):
    """Fetches a brand's site: a URL, a `file://` URL or a saved site folder.

    `fetch_site` is a stage (core.jobs): it yields Progress and returns a SiteFetch; the pages
    that loaded are kept even when others fail.
    """

    def fetch_site(
        self, start: str, *, max_pages: int = 10, respect_robots: bool = True
    ) -> Generator[Progress, None, SiteFetch]: ...


@dataclass(frozen=True, slots=True)
class ModelUsage:
    """Tokens one language-model call used; the cost table turns them into US dollars."""

    model: str
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0


@dataclass(frozen=True, slots=True)
class ModelReply:
    """A structured answer: the JSON object the model returned (already schema-validated by the
    adapter where the SDK can), the raw text for the log, and the usage."""

    data: dict[str, Any]
    raw_text: str
    usage: ModelUsage


class LanguageModelError(Exception):
    """A model call failed. `kind` is one of: auth, rate_limit, overloaded, timeout,
    connection, bad_output, other. The message is written for the person using the app."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class LanguageModel(Protocol):
    """Something that answers a system + user prompt with JSON matching a schema (Claude)."""

    @property
    def model(self) -> str: ...

    def complete_json(
        self, *, system: str, user: str, schema: dict[str, Any], max_tokens: int = 4096
    ) -> ModelReply: ...


# --- Step 4: imagery -------------------------------------------------------------------------


class StockSourceError(Exception):
    """A stock source could not answer. `kind` is one of: auth, rate_limit, offline, timeout,
    not_found, server, bad_response, too_large, other. `retry_after_s` is how long the service
    asked us to wait, when it said. The message is written for the person using the app."""

    def __init__(self, kind: str, message: str, *, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.retry_after_s = retry_after_s


class StockSource(Protocol):
    """Somewhere images for ads come from: Pexels, Unsplash, local files, the brand's own
    site, generated backgrounds.

    `orientation` is "landscape", "portrait" or "square" (None: any). `download` returns the
    image's bytes; `mark_used` tells the source a photo is going into an ad (Unsplash counts
    downloads this way; a no-op elsewhere). Failures raise StockSourceError.
    """

    @property
    def name(self) -> str: ...

    def search(
        self, query: str, *, per_page: int = 12, orientation: str | None = None
    ) -> list[StockPhoto]: ...

    def download(self, photo: StockPhoto) -> bytes: ...

    def mark_used(self, photo: StockPhoto) -> None: ...


class ImageFiles(Protocol):
    """The content-addressed file store (storage.asset_store.AssetStore) as imagery needs it."""

    def put_bytes(
        self,
        data: bytes,
        *,
        kind: str,
        mime_type: str,
        original_name: str = "",
        source_url: str = "",
    ) -> Asset: ...

    def exists(self, sha256: str) -> bool: ...

    def open(self, sha256: str) -> BinaryIO: ...


class LicenceLedger(Protocol):
    """Every image used in an ad: source, id, photographer, licence, when, SHA-256 of the bytes.

    `record_use` is idempotent per (campaign, source, photo id): using the same photo again in
    the same campaign returns the first row and False.
    """

    def record_use(
        self, photo: StockPhoto, *, sha256: str, downloaded_at: datetime,
        campaign_id: int | None = None,
    ) -> tuple[LicenceRecord, bool]: ...

    def find(
        self, source: str, photo_id: str, *, campaign_id: int | None = None
    ) -> LicenceRecord | None: ...

    def for_campaign(self, campaign_id: int | None) -> list[LicenceRecord]: ...
