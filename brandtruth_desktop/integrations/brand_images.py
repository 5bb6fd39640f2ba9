"""Images from the brand's own site (the URLs extraction found), as a `StockSource`.

Each image is fetched once, over HTTP(S) through a `requests.Session` or from disk for a saved
site (`file://` URLs), and kept in the stock cache, so the brand's images are there offline
after the first look. "Search" returns the images large enough for an ad (icons, spacers and
tracking pixels are left out), in the order the site shows them; the query does not filter,
because the brand's own pictures are few and all on topic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import requests

from brandtruth_desktop.core.imagery.loading import image_size
from brandtruth_desktop.core.models import ImageSource, StockPhoto
from brandtruth_desktop.core.ports import StockSourceError
from brandtruth_desktop.integrations.local_files import orientation_of
from brandtruth_desktop.integrations.site_address import file_url_to_path, is_file_url
from brandtruth_desktop.integrations.stock_cache import StockCache
from brandtruth_desktop.integrations.stock_http import StockHttp, StockHttpLimits

MIN_SIDE = 300
"""Images smaller than this on their shorter side are icons or thumbnails, not ad material."""

MAX_FILE_BYTES = 40 * 1024 * 1024


class BrandImageSource:
    """The brand site's images (core.ports.StockSource).

    `problems` lists, in plain words, the images the last search could not get.
    """

    name = ImageSource.BRAND.value

    def __init__(
        self,
        image_urls: Sequence[str],
        *,
        brand_name: str = "",
        site_url: str = "",
        session: requests.Session | None = None,
        cache: StockCache | None = None,
        limits: StockHttpLimits | None = None,
        min_side: int = MIN_SIDE,
    ) -> None:
        self.image_urls = tuple(dict.fromkeys(u for u in image_urls if u))
        self.brand_name = brand_name
        self.site_url = site_url
        self.cache = cache
        self.min_side = min_side
        self._own_session = session is None
        self._http = StockHttp(brand_name or "The brand's site", session or requests.Session(),
                               limits=limits)
        self.problems: list[str] = []

    def search(
        self, query: str, *, per_page: int = 12, orientation: str | None = None
    ) -> list[StockPhoto]:
        """The brand's usable images, in site order (the query is not used to filter)."""
        self.problems = []
        photos: list[StockPhoto] = []
        for url in self.image_urls:
            stub = self._stub(url, 0, 0)
            try:
                data = self._bytes(stub)
            except StockSourceError as error:
                self.problems.append(f"{_name(url)}: {error}")
                continue
            size = image_size(data)
            if size is None:
                self.problems.append(f"{_name(url)}: not an image BrandTruth can use")
                continue
            width, height = size
            if min(width, height) < self.min_side:
                continue
            if orientation and orientation_of(width, height) != orientation:
                continue
            photos.append(self._stub(url, width, height))
            if len(photos) >= max(1, per_page):
                break
        return photos

    def download(self, photo: StockPhoto) -> bytes:
        return self._bytes(photo)

    def mark_used(self, photo: StockPhoto) -> None:
        """The brand's own images: nothing to report."""

    def close(self) -> None:
        if self._own_session:
            self._http.session.close()

    def _stub(self, url: str, width: int, height: int) -> StockPhoto:
        return StockPhoto(
            source=self.name,
            id=hashlib.sha256(url.encode("utf-8")).hexdigest()[:16],
            width=width,
            height=height,
            thumb_url=url,
            full_url=url,
            photographer=self.brand_name,
            photographer_url=self.site_url,
            page_url=self.site_url,
            description=_name(url),
        )

    def _bytes(self, photo: StockPhoto) -> bytes:
        if self.cache is not None:
            cached = self.cache.get_image(photo)
            if cached is not None:
                return cached.data
        data = self._fetch(photo.full_url)
        if self.cache is not None:
            self.cache.put_image(photo, data)
        return data

    def _fetch(self, url: str) -> bytes:
        if is_file_url(url):
            path = file_url_to_path(url)
            try:
                if path.stat().st_size > MAX_FILE_BYTES:
                    raise StockSourceError("too_large", f"“{path.name}” is too large to use.")
                return path.read_bytes()
            except OSError as error:
                raise StockSourceError(
                    "not_found", f"Could not read {path}: {error.strerror or error}."
                ) from error
        if urlsplit(url).scheme not in ("http", "https"):
            raise StockSourceError("other", "Only web and file addresses can be fetched.")
        return self._http.get_bytes(url)


def _name(url: str) -> str:
    return PurePosixPath(urlsplit(url).path).name or url
