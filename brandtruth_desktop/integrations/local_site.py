"""Loading one page of a saved site from disk, within the same limits as the web."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from brandtruth_desktop.core.ports import FetchError
from brandtruth_desktop.integrations.page_load import (
    HTML_TYPES,
    LoadedPage,
    PageProblem,
    looks_like_html,
    not_a_web_page,
    too_big,
)
from brandtruth_desktop.integrations.site_address import (
    HTML_SUFFIXES,
    file_url_to_path,
    start_page_url,
)


def load_file_page(url: str, *, max_bytes: int) -> LoadedPage:
    """Read a saved page (a folder means its index.html); raise PageProblem if it cannot be."""
    path = file_url_to_path(url)
    if path.is_dir():
        try:
            final_url = start_page_url(path)
        except FetchError as error:  # a folder with no start page
            raise PageProblem(str(error)) from None
        path = file_url_to_path(final_url)
    else:
        final_url = path.as_uri() if path.is_absolute() else url
    if not path.is_file():
        raise PageProblem(f"The saved site has no copy of {path.name}, which a page links to.")
    suffix = path.suffix.lower()
    media = (
        "application/xhtml+xml" if suffix == ".xhtml"
        else "text/html" if suffix in HTML_SUFFIXES
        else (mimetypes.guess_type(path.name)[0] or "")
    )
    try:
        if path.stat().st_size > max_bytes:
            raise too_big(str(path), max_bytes)
        if media not in HTML_TYPES and not media.startswith("text/") and media:
            raise not_a_web_page(str(path), media)
        body = path.read_bytes()
    except OSError as error:
        raise PageProblem(
            f"The saved page {path} could not be read ({error.strerror or error}). Check "
            "that the file is there and that you may open it."
        ) from None
    if media not in HTML_TYPES:
        if not looks_like_html(body):
            raise not_a_web_page(str(path), media)
        media = "text/html"
    return LoadedPage(
        url=url, final_url=final_url, status=200, media_type=media, header_charset=None,
        body=body,
    )


def inside(folder: Path, url: str) -> bool:
    """True when a file:// URL points into `folder` (the saved site's own pages)."""
    try:
        path = file_url_to_path(url).resolve()
    except (OSError, ValueError):
        return False
    return path == folder or folder in path.parents
