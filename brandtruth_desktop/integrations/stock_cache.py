"""A disk cache for image sources, so the same search offline returns the same images.

Search results (the photos as JSON) and downloaded image bytes both go into the asset store,
named by their SHA-256; small index files under `root` map a search (source, query, page size,
orientation) or a photo (source, id, URL) to those hashes. Index files are written to a temporary
name and renamed, so a crash leaves either the old entry or the new one.

`CachedStockSource` wraps any `StockSource`: a search younger than `max_age` is answered from
the cache without a request; an older one is refreshed, and when the service cannot be reached
(offline, rate-limited, down) the cached answer is used however old it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from brandtruth_desktop.core.imagery.loading import sniff_image_type
from brandtruth_desktop.core.models import StockPhoto
from brandtruth_desktop.core.ports import ImageFiles, StockSource, StockSourceError

log = logging.getLogger(__name__)

SEARCH_KIND = "stock_search"
IMAGE_KIND = "stock_image"
DEFAULT_MAX_AGE = timedelta(days=7)
FOLDER_NAME = "stock-cache"
"""The cache's index folder inside the data folder (the bytes live in the asset store)."""
_FORMAT = 1


@dataclass(frozen=True, slots=True)
class CachedSearch:
    """A search answer as cached, and when it was fetched."""

    photos: tuple[StockPhoto, ...]
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class CachedImage:
    """Downloaded image bytes as cached, their hash in the asset store, and when they came."""

    data: bytes
    sha256: str
    downloaded_at: datetime


class StockCache:
    """Search results and image bytes for every source, under `root` and in the asset store."""

    def __init__(self, root: Path, files: ImageFiles) -> None:
        self.root = root
        self.files = files

    @classmethod
    def in_data_folder(cls, data_root: Path, files: ImageFiles) -> StockCache:
        """The cache of a workspace: its index under `data_root/stock-cache`."""
        return cls(data_root / FOLDER_NAME, files)

    @staticmethod
    def search_key(source: str, query: str, per_page: int, orientation: str | None) -> str:
        """The cache key of a search: the same words in any case or spacing are one search."""
        canonical = json.dumps(
            {"source": source, "query": " ".join(query.casefold().split()),
             "per_page": per_page, "orientation": orientation or ""},
            sort_keys=True,
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @staticmethod
    def image_key(photo: StockPhoto) -> str:
        canonical = json.dumps([photo.source, photo.id, photo.full_url])
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def get_search(
        self, source: str, query: str, per_page: int, orientation: str | None
    ) -> CachedSearch | None:
        """The cached answer to this search, or None (never cached, or its file is gone)."""
        entry = self._read_index(self._search_index(source, query, per_page, orientation))
        if entry is None:
            return None
        raw = self._read_asset(str(entry.get("sha256", "")))
        if raw is None:
            return None
        try:
            items = json.loads(raw.decode("utf-8"))
            photos = tuple(StockPhoto.from_dict(item) for item in items)
        except (ValueError, KeyError, TypeError):
            return None
        return CachedSearch(photos, _when(entry.get("fetched_at")))

    def put_search(
        self,
        source: str,
        query: str,
        per_page: int,
        orientation: str | None,
        photos: list[StockPhoto],
        *,
        fetched_at: datetime | None = None,
    ) -> None:
        """Remember the answer to a search."""
        body = json.dumps([p.to_dict() for p in photos], sort_keys=True).encode("utf-8")
        asset = self.files.put_bytes(
            body, kind=SEARCH_KIND, mime_type="application/json",
            original_name=f"{source}-search.json",
        )
        self._write_index(
            self._search_index(source, query, per_page, orientation),
            {"format": _FORMAT, "source": source, "query": query, "per_page": per_page,
             "orientation": orientation or "", "sha256": asset.sha256,
             "fetched_at": (fetched_at or datetime.now(UTC)).isoformat()},
        )

    def get_image(self, photo: StockPhoto) -> CachedImage | None:
        """The cached bytes of a photo, or None."""
        entry = self._read_index(self._image_index(photo))
        if entry is None:
            return None
        sha256 = str(entry.get("sha256", ""))
        data = self._read_asset(sha256)
        if data is None:
            return None
        return CachedImage(data, sha256, _when(entry.get("downloaded_at")))

    def put_image(
        self, photo: StockPhoto, data: bytes, *, downloaded_at: datetime | None = None
    ) -> CachedImage:
        """Remember a photo's bytes (in the asset store) and return them as cached."""
        asset = self.files.put_bytes(
            data, kind=IMAGE_KIND, mime_type=sniff_image_type(data),
            original_name=f"{photo.source}-{photo.id}", source_url=photo.full_url,
        )
        when = downloaded_at or datetime.now(UTC)
        self._write_index(
            self._image_index(photo),
            {"format": _FORMAT, "source": photo.source, "id": photo.id,
             "url": photo.full_url, "sha256": asset.sha256, "downloaded_at": when.isoformat()},
        )
        return CachedImage(data, asset.sha256, when)

    def _search_index(
        self, source: str, query: str, per_page: int, orientation: str | None
    ) -> Path:
        key = self.search_key(source, query, per_page, orientation)
        return self.root / "searches" / f"{key}.json"

    def _image_index(self, photo: StockPhoto) -> Path:
        return self.root / "images" / f"{self.image_key(photo)}.json"

    def _read_asset(self, sha256: str) -> bytes | None:
        try:
            if not self.files.exists(sha256):
                return None
            with self.files.open(sha256) as handle:
                data = handle.read()
        except (OSError, ValueError):
            return None
        # A damaged file must not pass for the cached answer.
        return data if hashlib.sha256(data).hexdigest() == sha256 else None

    @staticmethod
    def _read_index(path: Path) -> dict[str, Any] | None:
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry if isinstance(entry, dict) else None

    @staticmethod
    def _write_index(path: Path, entry: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temp = tempfile.mkstemp(prefix=".entry-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(entry, handle, sort_keys=True)
            os.replace(temp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)


class CachedStockSource:
    """Any StockSource with the disk cache in front (itself a core.ports.StockSource).

    `notices` collects what the person should know about answers served from the cache
    because the service could not be reached (cleared by `take_notices`).
    """

    def __init__(
        self,
        source: StockSource,
        cache: StockCache,
        *,
        max_age: timedelta = DEFAULT_MAX_AGE,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.source = source
        self.cache = cache
        self.max_age = max_age
        self._clock = clock
        self.notices: list[str] = []

    @property
    def name(self) -> str:
        return self.source.name

    def search(
        self, query: str, *, per_page: int = 12, orientation: str | None = None
    ) -> list[StockPhoto]:
        cached = self.cache.get_search(self.name, query, per_page, orientation)
        if cached is not None and self._clock() - cached.fetched_at <= self.max_age:
            return list(cached.photos)
        try:
            photos = self.source.search(query, per_page=per_page, orientation=orientation)
        except StockSourceError as error:
            if cached is None:
                raise
            log.info("%s unavailable (%s); using the cached search", self.name, error.kind)
            self.notices.append(
                f"{error} Showing the results saved on {cached.fetched_at:%d %b %Y}."
            )
            return list(cached.photos)
        self.cache.put_search(self.name, query, per_page, orientation, photos,
                              fetched_at=self._clock())
        return photos

    def download(self, photo: StockPhoto) -> bytes:
        return self.fetch(photo).data

    def fetch(self, photo: StockPhoto) -> CachedImage:
        """The photo's bytes with their hash and when they were downloaded (cache first)."""
        cached = self.cache.get_image(photo)
        if cached is not None:
            return cached
        data = self.source.download(photo)
        return self.cache.put_image(photo, data, downloaded_at=self._clock())

    def mark_used(self, photo: StockPhoto) -> None:
        self.source.mark_used(photo)

    def take_notices(self) -> list[str]:
        notices, self.notices = self.notices, []
        return notices


def _when(value: Any) -> datetime:
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.fromtimestamp(0, UTC)
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
