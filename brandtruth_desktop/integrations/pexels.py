"""Pexels photo search (https://www.pexels.com/api/documentation/), a `StockSource`.

`GET {base}/v1/search?query=…&per_page=…&orientation=…` with the key in the `Authorization`
header. Each photo keeps its photographer, their profile and the photo's page, for the
attribution "Photo by NAME on Pexels" and the licence ledger.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests

from brandtruth_desktop.core.models import ImageSource, StockPhoto
from brandtruth_desktop.core.ports import SecretStore, StockSourceError
from brandtruth_desktop.core.secrets import SecretName
from brandtruth_desktop.integrations.stock_http import StockHttp, StockHttpLimits

LICENCE_URL = "https://www.pexels.com/license/"
MAX_PER_PAGE = 80
DOWNLOAD_MAX_SIDE = 2560
"""Originals can be 6000+ pixels; Pexels resizes on its side when asked (imgix parameters)."""

_ORIENTATIONS = {"landscape": "landscape", "portrait": "portrait", "square": "square",
                 "squarish": "square"}


class PexelsSource:
    """Searches and downloads Pexels photos (core.ports.StockSource)."""

    name = ImageSource.PEXELS.value

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = "https://api.pexels.com",
        session: requests.Session | None = None,
        limits: StockHttpLimits | None = None,
        http: StockHttp | None = None,
    ) -> None:
        self._key = api_key.strip()
        self._base = base_url.rstrip("/")
        self._own_session = session is None and http is None
        self._http = http or StockHttp("Pexels", session or requests.Session(), limits=limits)

    def __repr__(self) -> str:  # never the key
        return f"PexelsSource(base_url={self._base!r})"

    def search(
        self, query: str, *, per_page: int = 12, orientation: str | None = None
    ) -> list[StockPhoto]:
        """Photos matching `query`, best match first."""
        params: dict[str, str | int] = {
            "query": query.strip(),
            "per_page": max(1, min(MAX_PER_PAGE, per_page)),
            "page": 1,
        }
        if orientation and orientation in _ORIENTATIONS:
            params["orientation"] = _ORIENTATIONS[orientation]
        data = self._http.get_json(f"{self._base}/v1/search", params=params,
                                   headers=self._headers())
        photos = data.get("photos")
        if not isinstance(photos, list):
            raise StockSourceError("bad_response", "Pexels answered without a list of photos.")
        return [photo for item in photos if (photo := photo_from_pexels(item)) is not None]

    def download(self, photo: StockPhoto) -> bytes:
        """The photo's bytes, at most DOWNLOAD_MAX_SIDE pixels on its long side."""
        return self._http.get_bytes(download_url(photo))

    def mark_used(self, photo: StockPhoto) -> None:
        """Pexels has no download tracking; attribution is kept in the ledger instead."""

    def close(self) -> None:
        if self._own_session:
            self._http.session.close()

    def _headers(self) -> dict[str, str]:
        if not self._key:
            raise StockSourceError(
                "auth", "No Pexels API key is set. Add one in Settings → API keys "
                "(free at pexels.com/api), or use local images or generated backgrounds."
            )
        return {"Authorization": self._key, "Accept": "application/json"}


def photo_from_pexels(item: Any) -> StockPhoto | None:
    """A StockPhoto from one entry of Pexels' `photos` list (None when it is unusable)."""
    if not isinstance(item, Mapping) or "id" not in item:
        return None
    src: Mapping[str, Any] = item["src"] if isinstance(item.get("src"), Mapping) else {}
    full = str(src.get("original") or src.get("large2x") or "")
    if not full:
        return None
    return StockPhoto(
        source=ImageSource.PEXELS.value,
        id=str(item["id"]),
        width=_int(item.get("width")),
        height=_int(item.get("height")),
        thumb_url=str(src.get("medium") or src.get("small") or full),
        full_url=full,
        photographer=str(item.get("photographer") or ""),
        photographer_url=str(item.get("photographer_url") or ""),
        page_url=str(item.get("url") or ""),
        licence_url=LICENCE_URL,
        description=str(item.get("alt") or ""),
        avg_colour=str(item.get("avg_color") or ""),
    )


def download_url(photo: StockPhoto) -> str:
    """The original's URL, asking Pexels' image CDN for a smaller copy when it is huge."""
    url = photo.full_url
    if max(photo.width, photo.height) <= DOWNLOAD_MAX_SIDE or urlsplit(url).query:
        return url
    side = "w" if photo.width >= photo.height else "h"
    return f"{url}?auto=compress&cs=tinysrgb&{side}={DOWNLOAD_MAX_SIDE}"


def pexels_from_settings(
    base_url: str, secrets: SecretStore, *, session: requests.Session | None = None
) -> PexelsSource | None:
    """A Pexels source with the key from the keyring, or None when no key is set."""
    key = secrets.get(SecretName.PEXELS_API_KEY)
    if not key:
        return None
    return PexelsSource(key, base_url=base_url, session=session)


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0
