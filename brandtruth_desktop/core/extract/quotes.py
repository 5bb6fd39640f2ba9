"""Where a quote is on the fetched pages: the one check every model suggestion must pass.

A quote counts when it occurs in a page's text (`page_text`) word for word. The match forgives
only whitespace, invisible characters (soft hyphens, zero-width spaces) and the style of quote
marks (’ for ', “ for "), and it returns the passage exactly as the page has it, so a stored
quote is always a substring of its page's text. Case, spelling, punctuation and word order must
match: a paraphrase is not a quote. The passage must start and end at word boundaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from brandtruth_desktop.core.extract.document import parse_document
from brandtruth_desktop.core.extract.facts import is_legal_page
from brandtruth_desktop.core.models import PageSnapshot

# Quote marks a model may straighten or curl; whitespace-like characters it may drop.
_QUOTE_MARKS = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "´": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
})
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A text with whitespace runs as one space, quote marks straight and invisible characters
    gone (`folded`), and for each character of `folded` its index in `text`."""

    text: str
    folded: str
    origin: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class QuotablePage:
    """A page the model may quote: its URL as fetched, title and `page_text` (folded once for
    the quote search)."""

    url: str
    title: str
    text: FoldedText
    aliases: frozenset[str]  # the URLs a model may use for it (as fetched, after redirects)


@dataclass(frozen=True, slots=True)
class Located:
    """A quote found on a page: the exact text as the page has it, and the page."""

    quote: str
    page: QuotablePage


def _is_html(page: PageSnapshot) -> bool:
    kind = page.content_type.split(";")[0].strip().lower()
    return not kind or kind in ("text/html", "application/xhtml+xml") or kind.endswith("+html")


def _url_key(url: str) -> str:
    return url.strip().rstrip("/")


def quotable_pages(pages: Sequence[PageSnapshot]) -> list[QuotablePage]:
    """The pages whose text the model may quote: web pages with text, legal pages left out."""
    out: list[QuotablePage] = []
    for page in pages:
        if not _is_html(page):
            continue
        doc = parse_document(page.html, page.final_url or page.url)
        if not doc.text.strip() or is_legal_page(doc):
            continue
        aliases = frozenset(_url_key(u) for u in (page.url, page.final_url) if u)
        out.append(QuotablePage(url=page.url, title=doc.title, text=fold(doc.text),
                                aliases=aliases))
    return out


def fold(text: str) -> FoldedText:
    """`text` folded for the quote search (see FoldedText), trimmed."""
    chars: list[str] = []
    origin: list[int] = []
    space = False
    for index, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        if char.isspace():
            space = bool(chars)
            continue
        if space:
            chars.append(" ")
            origin.append(index)
            space = False
        chars.append(char.translate(_QUOTE_MARKS))
        origin.append(index)
    return FoldedText(text, "".join(chars), tuple(origin))


def find_quote(quote: str, text: str) -> str | None:
    """The passage of `text` that `quote` is, forgiving whitespace and quote-mark style, as
    `text` has it; None when `text` does not hold it. The passage must start and end at word
    boundaries ("rack" is not quoted from "Track")."""
    return _find_folded(fold(quote).folded, fold(text))


def _find_folded(wanted: str, page: FoldedText) -> str | None:
    if not wanted:
        return None
    haystack, origin = page.folded, page.origin
    at = haystack.find(wanted)
    while at >= 0:
        end = at + len(wanted)
        before_ok = at == 0 or not (haystack[at - 1].isalnum() and wanted[0].isalnum())
        after_ok = end == len(haystack) or not (haystack[end].isalnum() and wanted[-1].isalnum())
        if before_ok and after_ok:
            return page.text[origin[at]:origin[end - 1] + 1]
        at = haystack.find(wanted, at + 1)
    return None


def locate(quote: str, cited_url: str, pages: Sequence[QuotablePage]) -> Located | None:
    """Where a quote is: on the cited page if it is there, else on the first page holding it."""
    cited = _url_key(cited_url)
    wanted = fold(quote).folded
    ordered = sorted(pages, key=lambda page: cited not in page.aliases)  # stable: cited first
    for page in ordered:
        exact = _find_folded(wanted, page.text)
        if exact is not None:
            return Located(exact, page)
    return None
