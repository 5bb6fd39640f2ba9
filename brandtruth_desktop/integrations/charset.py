"""Turning a page's bytes into text: the header's charset, then the page's own, then detection.

Browsers do the same (WHATWG encoding sniffing, simplified): a byte order mark wins, then the
`Content-Type` header, then `<meta charset>` / `http-equiv` / an XML declaration near the top,
then a guess from the bytes. Labels browsers treat as windows-1252 are decoded as windows-1252.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers read these labels as windows-1252, which is a superset; so do we.
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}
# The legacy encodings of the WHATWG Encoding Standard: what a real page can be in. Guessing
# among these only keeps detection from picking e.g. hp_roman8 for a short German page.
WEB_ENCODINGS = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "cp874", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7",
    "iso8859_8", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "koi8_r", "koi8_u", "mac_roman", "mac_cyrillic", "cp866", "shift_jis", "cp932", "euc_jp",
    "iso2022_jp", "gb18030", "gbk", "big5", "euc_kr", "cp949",
)
_META_SCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The `charset=` parameter of a Content-Type header, if it names a known encoding."""
    if not content_type:
        return None
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return _known(value.strip().strip("\"'"))
    return None


def declared_in_page(body: bytes) -> str | None:
    """The encoding the page declares in its first few kilobytes (meta tag or XML declaration)."""
    head = body[:_META_SCAN_BYTES]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            known = _known(match.group(1).decode("ascii", "replace"))
            # A page that was decoded to bytes as UTF-16 cannot carry an ASCII meta tag: a
            # declaration of UTF-16 found this way is wrong (the HTML standard says the same).
            if known and not known.startswith("utf-16"):
                return known
    return None


def decode_html(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """Decode a page; returns (text, encoding used)."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(encoding, errors="replace"), encoding
    encoding = header_charset or declared_in_page(body) or _detect(body)
    return body.decode(encoding, errors="replace"), encoding


def _detect(body: bytes) -> str:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"  # plain ASCII is UTF-8 too
    matches = charset_normalizer.from_bytes(body, cp_isolation=list(WEB_ENCODINGS))
    best = matches.best()
    if best is None:
        return "utf-8"
    # Single-byte encodings often fit a page equally well (é is the same byte in cp1250 and
    # cp1252). On a tie, take windows-1252 as browsers do: it is the web's legacy default.
    for match in matches:
        tied = abs(match.chaos - best.chaos) < 0.01 and abs(match.coherence - best.coherence) < 0.01
        if tied and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return _known(best.encoding) or "utf-8"


def _known(label: str) -> str | None:
    label = label.strip().lower()
    if not label:
        return None
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
