"""Pexels and Unsplash on 127.0.0.1, speaking their real JSON, headers and errors.

    with FakeSite() as site:
        pexels = FakePexels(site)
        pexels.fail_next(reply(429, "", {"Retry-After": "2"}))
        PexelsSource(FakePexels.KEY, base_url=site.url(""))

The shapes follow the services' documentation: Pexels `GET /v1/search` answers
`{"page", "per_page", "photos": [{"id", "width", "height", "url", "photographer",
"photographer_url", "avg_color", "src": {"original", "large2x", "large", "medium", …}, "alt"}],
"total_results", "next_page"}` with `X-Ratelimit-*` headers; Unsplash `GET /search/photos`
answers `{"total", "total_pages", "results": [{"id", "width", "height", "color",
"alt_description", "urls": {"raw", "full", "regular", "small", "thumb"}, "links": {"self",
"html", "download", "download_location"}, "user": {"name", "username", "links": {"html"}}}]}`
and `GET /photos/:id/download` (the download tracking) answers `{"url": …}`.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from fake_site_server import FakeRequest, FakeSite, Handler
from PIL import Image

PEXELS_PHOTOS = [
    (2014422, "Joey Farina", "joey", "Brown rocks during golden hour", (190, 140, 90)),
    (3408744, "Eberhard Grossgasteiger", "eberhardgross", "Mountain lake at dawn",
     (70, 110, 160)),
    (1323550, "Pixabay", "pixabay", "Coffee beans in a cup", (90, 60, 40)),
]
UNSPLASH_PHOTOS = [
    ("eOLpJytrbsQ", "Jeff Sheldon", "ugmonk", "A man drinking a coffee.", (120, 100, 80)),
    ("Dwu85P9SOIk", "Alexander Andrews", "alex_andrews", "Flat lay of coffee beans",
     (60, 40, 30)),
]


def jpeg_bytes(colour: tuple[int, int, int], size: tuple[int, int] = (96, 64)) -> bytes:
    """A small real JPEG, different for every colour."""
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    image.paste((255 - colour[0], 255 - colour[1], 255 - colour[2]), (0, 0, size[0] // 3, size[1]))
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


class _FakeService:
    """What both fakes share: the site, queued failures and a log of the queries asked."""

    KEY = ""
    search_path = ""

    def __init__(self, site: FakeSite) -> None:
        self.site = site
        self.queries: list[dict[str, list[str]]] = []
        self.authorizations: list[str] = []
        self.images: dict[str, bytes] = {}
        self._failures: list[Handler] = []
        self._lock = threading.Lock()
        site.route(self.search_path, self._search)

    def fail_next(self, *handlers: Handler) -> None:
        """Answer the next searches (and tracking calls) with these handlers, in turn."""
        with self._lock:
            self._failures.extend(handlers)

    def _take_failure(self) -> Handler | None:
        with self._lock:
            return self._failures.pop(0) if self._failures else None

    def _serve_image(self, path: str, data: bytes) -> None:
        self.images[path] = data

        def handle(request: FakeRequest) -> None:
            request.send(200, data, {"Content-Type": "image/jpeg"})

        self.site.route(path, handle)

    def _log(self, request: FakeRequest) -> dict[str, list[str]]:
        query = parse_qs(urlsplit(request.path).query)
        with self._lock:
            self.queries.append(query)
            self.authorizations.append(request.headers.get("Authorization", ""))
        return query

    def _authorised(self, request: FakeRequest) -> bool:
        return request.headers.get("Authorization", "") == self.expected_authorization()

    def expected_authorization(self) -> str:
        raise NotImplementedError

    def _search(self, request: FakeRequest) -> None:
        query = self._log(request)
        failure = self._take_failure()
        if failure is not None:
            failure(request)
            return
        if not self._authorised(request):
            self.unauthorised(request)
            return
        self.answer(request, query)

    def unauthorised(self, request: FakeRequest) -> None:
        raise NotImplementedError

    def answer(self, request: FakeRequest, query: dict[str, list[str]]) -> None:
        raise NotImplementedError


class FakePexels(_FakeService):
    """Pexels' search API and its image CDN, on one FakeSite."""

    KEY = "pexels-test-key-563492ad6f91700001000001"
    search_path = "/v1/search"

    def __init__(self, site: FakeSite) -> None:
        super().__init__(site)
        for photo_id, _name, _handle, _alt, colour in PEXELS_PHOTOS:
            self._serve_image(self.image_path(photo_id), jpeg_bytes(colour))

    @staticmethod
    def image_path(photo_id: int) -> str:
        return f"/photos/{photo_id}/pexels-photo-{photo_id}.jpeg"

    def expected_authorization(self) -> str:
        return self.KEY

    def unauthorised(self, request: FakeRequest) -> None:
        body = json.dumps({"error": "Unauthorized"}).encode()
        request.send(401, body, {"Content-Type": "application/json"})

    def answer(self, request: FakeRequest, query: dict[str, list[str]]) -> None:
        per_page = int(query.get("per_page", ["15"])[0])
        photos = []
        for photo_id, name, handle, alt, colour in PEXELS_PHOTOS[:per_page]:
            original = self.site.url(self.image_path(photo_id))
            photos.append({
                "id": photo_id, "width": 96, "height": 64,
                "url": f"https://www.pexels.com/photo/{alt.lower().replace(' ', '-')}-{photo_id}/",
                "photographer": name, "photographer_url": f"https://www.pexels.com/@{handle}",
                "photographer_id": 680589, "avg_color": "#{:02X}{:02X}{:02X}".format(*colour),
                "src": {
                    "original": original,
                    "large2x": f"{original}?auto=compress&cs=tinysrgb&dpr=2&h=650&w=940",
                    "large": f"{original}?auto=compress&cs=tinysrgb&h=650&w=940",
                    "medium": f"{original}?auto=compress&cs=tinysrgb&h=350",
                    "small": f"{original}?auto=compress&cs=tinysrgb&h=130",
                    "portrait": f"{original}?auto=compress&cs=tinysrgb&fit=crop&h=1200&w=800",
                    "landscape": f"{original}?auto=compress&cs=tinysrgb&fit=crop&h=627&w=1200",
                    "tiny": f"{original}?auto=compress&cs=tinysrgb&dpr=1&fit=crop&h=200&w=280",
                },
                "liked": False, "alt": alt,
            })
        body = json.dumps({
            "page": 1, "per_page": per_page, "photos": photos, "total_results": len(photos),
            "next_page": self.site.url("/v1/search/?page=2&per_page=15&query=x"),
        }).encode()
        request.send(200, body, {
            "Content-Type": "application/json", "X-Ratelimit-Limit": "20000",
            "X-Ratelimit-Remaining": "19684", "X-Ratelimit-Reset": "1590529646",
        })


class FakeUnsplash(_FakeService):
    """Unsplash's search API, its image CDN and the download-tracking endpoint."""

    KEY = "unsplash-test-access-key"
    search_path = "/search/photos"

    def __init__(self, site: FakeSite) -> None:
        super().__init__(site)
        self.tracked: list[str] = []
        self.tracking_authorizations: list[str] = []
        for photo_id, _name, _handle, _alt, colour in UNSPLASH_PHOTOS:
            self._serve_image(self.image_path(photo_id), jpeg_bytes(colour, (80, 120)))
            site.route(f"/photos/{photo_id}/download", self._track(photo_id))

    @staticmethod
    def image_path(photo_id: str) -> str:
        return f"/photo-{photo_id}"

    def expected_authorization(self) -> str:
        return f"Client-ID {self.KEY}"

    def tracked_count(self, photo_id: str) -> int:
        with self._lock:
            return self.tracked.count(photo_id)

    def unauthorised(self, request: FakeRequest) -> None:
        body = json.dumps({"errors": ["OAuth error: The access token is invalid"]}).encode()
        request.send(401, body, {"Content-Type": "application/json"})

    def _track(self, photo_id: str) -> Callable[[FakeRequest], None]:
        def handle(request: FakeRequest) -> None:
            failure = self._take_failure()
            if failure is not None:
                failure(request)
                return
            with self._lock:
                self.tracking_authorizations.append(request.headers.get("Authorization", ""))
            if not self._authorised(request):
                self.unauthorised(request)
                return
            with self._lock:
                self.tracked.append(photo_id)
            body = json.dumps({"url": self.site.url(self.image_path(photo_id))}).encode()
            request.send(200, body, {"Content-Type": "application/json"})

        return handle

    def answer(self, request: FakeRequest, query: dict[str, list[str]]) -> None:
        per_page = int(query.get("per_page", ["10"])[0])
        results = []
        for photo_id, name, handle, alt, colour in UNSPLASH_PHOTOS[:per_page]:
            raw = self.site.url(self.image_path(photo_id)) + "?ixid=M3w1&ixlib=rb-4.0.3"
            results.append({
                "id": photo_id, "created_at": "2016-05-03T11:00:28-04:00",
                "width": 80, "height": 120, "color": "#{:02X}{:02X}{:02X}".format(*colour),
                "blur_hash": "LoC%a7IoIVxZ_NM|M{s:%hRjWAo0", "likes": 12,
                "description": None, "alt_description": alt,
                "urls": {
                    "raw": raw, "full": f"{raw}&q=85&fm=jpg&crop=entropy&cs=srgb",
                    "regular": f"{raw}&q=80&w=1080", "small": f"{raw}&q=80&w=400",
                    "thumb": f"{raw}&q=80&w=200",
                },
                "links": {
                    "self": f"https://api.unsplash.com/photos/{photo_id}",
                    "html": f"https://unsplash.com/photos/{photo_id}",
                    "download": f"https://unsplash.com/photos/{photo_id}/download",
                    "download_location": self.site.url(
                        f"/photos/{photo_id}/download?ixid=M3w1"),
                },
                "user": {
                    "id": "Ul0QVz12Goo", "username": handle, "name": name,
                    "links": {
                        "self": f"https://api.unsplash.com/users/{handle}",
                        "html": f"https://unsplash.com/@{handle}",
                        "photos": f"https://api.unsplash.com/users/{handle}/photos",
                    },
                },
            })
        body = json.dumps({"total": len(results), "total_pages": 1, "results": results}).encode()
        request.send(200, body, {
            "Content-Type": "application/json", "X-Ratelimit-Limit": "50",
            "X-Ratelimit-Remaining": "49",
        })
