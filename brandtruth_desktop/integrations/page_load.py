"""What loading one page gives back, and the plain-English problem when it cannot be loaded.

Shared by the HTTP loader (`http_page.py`) and the saved-site loader (`local_site.py`), so the
crawl in `web_fetcher.py` treats both the same.
"""

from __future__ import annotations

from dataclasses import dataclass

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MAX_PAGE_BYTES = 5 * 1024 * 1024

# What a person calls a file of this type, for "… is a PDF, not a web page".
_TYPE_NAMES = {
    "application/pdf": "a PDF",
    "application/zip": "a ZIP archive",
    "application/json": "JSON data",
    "application/xml": "an XML file",
    "text/xml": "an XML file",
    "text/plain": "a plain text file",
    "text/css": "a style sheet",
    "text/javascript": "a script",
    "application/javascript": "a script",
    "application/msword": "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a Word document",
}


@dataclass(frozen=True, slots=True)
class LoadedPage:
    """A page's bytes as fetched (after transfer decoding), with what the server said about them."""

    url: str
    final_url: str
    status: int
    media_type: str  # "text/html", without parameters
    header_charset: str | None
    body: bytes


class PageProblem(Exception):
    """A page could not be loaded; `str()` is a complete sentence (or two) for a person."""


def media_type(content_type: str | None) -> str:
    """`text/html; charset=utf-8` → `text/html`."""
    return (content_type or "").split(";")[0].strip().lower()


def looks_like_html(body: bytes) -> bool:
    """True when the first bytes are plainly HTML (for servers that send no or a wrong type)."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<!--", b"<body", b"<meta"))


def not_a_web_page(url: str, media: str) -> PageProblem:
    """The message for a PDF, an image or another file where a web page was expected."""
    if media.startswith("image/"):
        kind = media.split("/", 1)[1].split("+")[0].upper()
        what = f"an image ({kind})" if kind else "an image"
    elif media.startswith(("video/", "audio/")):
        what = "a video" if media.startswith("video/") else "a sound file"
    else:
        what = _TYPE_NAMES.get(media, f"a file of type {media}" if media else "not HTML")
    return PageProblem(
        f"{url} is {what}, not a web page. BrandTruth reads the brand's web pages: "
        "use the address of the site's home page (or a saved site folder) instead."
    )


def too_big(url: str, limit: int) -> PageProblem:
    """The message for a page past the size limit."""
    return PageProblem(
        f"The page {url} is larger than {limit // (1024 * 1024)} MB, so it was not read "
        "(a normal web page is far smaller). Try the site's home page, or save the page and "
        "choose the saved copy."
    )
