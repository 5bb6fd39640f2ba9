"""Unsplash photo search (https://unsplash.com/documentation), a `StockSource`.

`GET {base}/search/photos?query=…&per_page=…&orientation=…` with `Authorization: Client-ID KEY`.
Unsplash's API guidelines ask three things, all done here: hotlinked image URLs are used as
given, links to the photo and photographer carry `utm_source`/`utm_medium=referral`, and when a
photo is used, its `links.download_location` is requested once (`mark_used`) so the photographer
gets the download counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests

from brandtruth_desktop.core.models import ImageSource, StockPhoto
from brandtruth_desktop.core.ports import SecretStore, StockSourceError
from brandtruth_desktop.core.secrets import SecretName
from brandtruth_desktop.integrations.stock_http import StockHttp, StockHttpLimits

LICENCE_URL = "https://unsplash.com/license"
MAX_PER_PAGE = 30
UTM = {"utm_source": "brandtruth_desktop", "utm_medium": "referral"}

_ORIENTATIONS = {"landscape": "landscape", "portrait": "portrait", "square": "squarish",
                 "squarish": "squarish"}


class UnsplashSource:
    """Searches, downloads and reports the use of Unsplash photos (core.ports.StockSource)."""

    name = ImageSource.UNSPLASH.value

    def __init__(
        self,
        access_key: str,
        *,
        base_url: str = "https://api.unsplash.com",
        session: requests.Session | None = None,
        limits: StockHttpLimits | None = None,
        http: StockHttp | None = None,
    ) -> None:
        self._key = access_key.strip()
        self._base = base_url.rstrip("/")
        self._own_session = session is None and http is None
        self._http = http or StockHttp("Unsplash", session or requests.Session(), limits=limits)

    def __repr__(self) -> str:  # never the key
        return f"UnsplashSource(base_url={self._base!r})"

    def search(
        self, query: str, *, per_page: int = 12, orientation: str | None = None
    ) -> list[StockPhoto]:
        """Photos matching `query`, most relevant first."""
        params: dict[str, str | int] = {
            "query": query.strip(),
            "per_page": max(1, min(MAX_PER_PAGE, per_page)),
            "page": 1,
            "content_filter": "high",
        }
        if orientation and orientation in _ORIENTATIONS:
            params["orientation"] = _ORIENTATIONS[orientation]
        data = self._http.get_json(f"{self._base}/search/photos", params=params,
                                   headers=self._headers())
        results = data.get("results")
        if not isinstance(results, list):
            raise StockSourceError("bad_response", "Unsplash answered without a list of photos.")
        return [photo for item in results if (photo := photo_from_unsplash(item)) is not None]

    def download(self, photo: StockPhoto) -> bytes:
        """The photo's bytes (`urls.full`: the original's size, as a high-quality JPEG)."""
        return self._http.get_bytes(photo.full_url)

    def mark_used(self, photo: StockPhoto) -> None:
        """Request the photo's download-tracking endpoint (Unsplash API guideline)."""
        if not photo.download_location:
            raise StockSourceError(
                "bad_response", "This Unsplash photo has no download link to report its use."
            )
        self._http.get_json(photo.download_location, headers=self._headers())

    def close(self) -> None:
        if self._own_session:
            self._http.session.close()

    def _headers(self) -> dict[str, str]:
        if not self._key:
            raise StockSourceError(
                "auth", "No Unsplash access key is set. Add one in Settings → API keys "
                "(free at unsplash.com/developers), or use local images or generated "
                "backgrounds."
            )
        return {"Authorization": f"Client-ID {self._key}", "Accept-Version": "v1"}


def photo_from_unsplash(item: Any) -> StockPhoto | None:
    """A StockPhoto from one entry of Unsplash's `results` (None when it is unusable)."""
    if not isinstance(item, Mapping) or "id" not in item:
        return None
    urls = _mapping(item.get("urls"))
    links = _mapping(item.get("links"))
    user = _mapping(item.get("user"))
    user_links = _mapping(user.get("links"))
    full = str(urls.get("full") or urls.get("raw") or urls.get("regular") or "")
    if not full:
        return None
    return StockPhoto(
        source=ImageSource.UNSPLASH.value,
        id=str(item["id"]),
        width=_int(item.get("width")),
        height=_int(item.get("height")),
        thumb_url=str(urls.get("small") or urls.get("thumb") or urls.get("regular") or full),
        full_url=full,
        photographer=str(user.get("name") or user.get("username") or ""),
        photographer_url=with_referral(str(user_links.get("html") or "")),
        page_url=with_referral(str(links.get("html") or "")),
        licence_url=LICENCE_URL,
        description=str(item.get("alt_description") or item.get("description") or ""),
        download_location=str(links.get("download_location") or ""),
        avg_colour=str(item.get("color") or ""),
    )


def with_referral(url: str) -> str:
    """`url` with Unsplash's required referral parameters (unchanged when empty)."""
    if not url:
        return url
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(UTM)
    return urlunsplit(parts._replace(query=urlencode(query)))


def unsplash_from_settings(
    base_url: str, secrets: SecretStore, *, session: requests.Session | None = None
) -> UnsplashSource | None:
    """An Unsplash source with the key from the keyring, or None when no key is set."""
    key = secrets.get(SecretName.UNSPLASH_ACCESS_KEY)
    if not key:
        return None
    return UnsplashSource(key, base_url=base_url, session=session)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0
