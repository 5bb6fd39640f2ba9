"""What a person typed or chose, made into the address of a site's start page.

Accepts `http(s)://` addresses, bare domains (`example.com` → `https://example.com/`),
`file://` URLs and plain paths to a saved site: a folder (its index.html, or its only .html
file, as browsers save a page) or one HTML file. Anything else is a FetchError that says what
to paste instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from urllib.request import url2pathname

from brandtruth_desktop.core.ports import FetchError

_INDEX_NAMES = ("index.html", "index.htm", "index.xhtml", "default.html", "default.htm")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_LABEL = r"[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?"
_BARE_DOMAIN = re.compile(
    rf"^(?:{_LABEL}\.)+[a-z\u00a1-\uffff]{{2,63}}\.?(?::\d{{1,5}})?(?:[/?#]\S*)?$", re.I
)
# ftp://…, mailto:… (but not a Windows drive "C:\\" nor a port "example.com:8080")
_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]+:(?!\d+(?:[/?#]|$))(?://|[^\\/])", re.I)
_HOST = re.compile(rf"^(?:{_LABEL}\.)*{_LABEL}\.?$|^[0-9a-f:.]+$", re.I)  # names, IPv4, IPv6


def site_address(text: str) -> str:
    """The start page's URL (`https://…` or `file://…`) for what the person entered."""
    raw = text.strip().strip("\"'<>").strip()
    lowered = raw.lower()
    if lowered.startswith(("http://", "https://")):
        return _web_address(raw)
    if lowered.startswith("file:"):
        return start_page_url(file_url_to_path(raw), shown=raw)
    if raw and not _OTHER_SCHEME.match(raw):
        path = Path(raw).expanduser()
        if _exists(path):
            return start_page_url(path, shown=raw)
        if _BARE_DOMAIN.match(raw) and not raw.lower().endswith(HTML_SUFFIXES):
            return _web_address("https://" + raw)
        if "/" in raw or "\\" in raw or raw.startswith(("~", ".")) or lowered.endswith(
            HTML_SUFFIXES
        ):
            raise FetchError(
                f"There is no file or folder at {path}. Choose the folder of a saved site, or "
                "paste a web address like https://example.com."
            )
    raise FetchError(
        f"“{raw}” is not a web address or a folder. Paste an address like "
        "https://example.com or choose a saved site folder."
    )


def start_page_url(path: Path, *, shown: str = "") -> str:
    """The file:// URL of a saved site's start page: the file itself, or the folder's index."""
    shown = shown or str(path)
    path = path.expanduser()
    if not _exists(path):
        raise FetchError(
            f"There is no file or folder at {path}. Choose the folder of a saved site, or "
            "paste a web address like https://example.com."
        )
    path = path.resolve()
    if path.is_file():
        return path.as_uri()
    for name in _INDEX_NAMES:
        if (path / name).is_file():
            return (path / name).as_uri()
    pages = sorted(p for p in path.iterdir() if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
    if len(pages) == 1:  # "Save page as…" makes `Page.html` beside `Page_files/`
        return pages[0].as_uri()
    found = f" It has {len(pages)} pages but none is called index.html." if pages else ""
    raise FetchError(
        f"The folder {shown} has no index.html, so there is no start page.{found} Choose "
        "the folder that holds the saved site's index.html, or one of its .html files."
    )


def file_url_to_path(url: str) -> Path:
    """`file:///home/me/site/index.html` → `/home/me/site/index.html` (also on Windows)."""
    parts = urlsplit(url)
    netloc = parts.netloc if parts.netloc not in ("", "localhost") else ""
    return Path(url2pathname(f"//{netloc}{parts.path}" if netloc else parts.path))


def is_file_url(url: str) -> bool:
    """True for a file:// URL."""
    return url[:5].lower() == "file:"


def _web_address(raw: str) -> str:
    parts = urlsplit(raw)
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        port = -1
    if not host or port == -1 or not _HOST.match(host) or " " in raw:
        raise FetchError(
            f"“{raw}” is not a web address or a folder. Paste an address like "
            "https://example.com or choose a saved site folder."
        )
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long or with a NUL byte is no path at all
        return False
