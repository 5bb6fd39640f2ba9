"""Which of a site's links lead to its key pages, and which of those to fetch.

A key page is one a careful reader of a brand opens after the home page: about, pricing,
features or product, customers (testimonials, reviews, case studies), FAQ and contact. Links
are matched on their path and their text, in English and, where it is cheap, the other common
languages of the web. Only the site's own pages count; blog posts, legal pages, log-in and shop
pages never do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit


class KeyPage(IntEnum):
    """The kinds of page worth reading, in the order they are chosen when slots are short."""

    ABOUT = 0
    PRICING = 1
    FEATURES = 2
    CUSTOMERS = 3
    FAQ = 4
    CONTACT = 5


# Words (accents removed, lower case) that name each kind of page, in paths and link texts.
KEY_PAGE_WORDS: dict[KeyPage, tuple[str, ...]] = {
    KeyPage.ABOUT: (
        "about", "about us", "company", "our story", "who we are", "our team", "team",
        "mission", "uber uns", "ueber uns", "unternehmen", "a propos", "qui sommes nous",
        "entreprise", "sobre", "sobre nosotros", "quienes somos", "nosotros", "empresa",
        "chi siamo", "azienda", "over ons", "om oss", "o nas",
    ),
    KeyPage.PRICING: (
        "pricing", "prices", "price", "plans", "plans and pricing", "plans pricing", "tarifs",
        "tarif", "prix", "precios", "planes", "preise", "prezzi", "prijzen", "priser",
        "cennik", "abonnements", "subscriptions", "subscribe",
    ),
    KeyPage.FEATURES: (
        "features", "feature", "product", "products", "how it works", "solutions", "tour",
        "platform", "why", "fonctionnalites", "produit", "produits", "funcionalidades",
        "caracteristicas", "funciones", "producto", "productos", "funktionen", "produkt",
        "produkte", "funzionalita", "prodotti",
    ),
    KeyPage.CUSTOMERS: (
        "customers", "customer stories", "testimonials", "reviews", "case studies",
        "case study", "success stories", "clients", "stories", "wall of love", "showcase",
        "kunden", "referenzen", "bewertungen", "erfahrungen", "temoignages", "avis",
        "clientes", "testimonios", "casos de exito", "clienti", "recensioni", "klanten",
    ),
    KeyPage.FAQ: (
        "faq", "faqs", "frequently asked questions", "questions", "help", "hilfe", "fragen",
        "aide", "preguntas frecuentes", "preguntas", "domande", "vragen",
    ),
    KeyPage.CONTACT: (
        "contact", "contact us", "contacts", "get in touch", "kontakt", "contactez nous",
        "contacto", "contato", "contatti",
    ),
}
# Path segments that mean "not a key page", wherever they appear in the path.
_EXCLUDED_SEGMENTS = frozenset({
    "blog", "blogs", "news", "article", "articles", "post", "posts", "tag", "tags",
    "category", "categories", "author", "authors", "press", "events", "jobs", "careers",
    "login", "log in", "signin", "sign in", "signup", "sign up", "register", "account",
    "cart", "basket", "checkout", "search", "privacy", "terms", "legal", "cookies",
    "cookie policy", "impressum", "datenschutz", "agb", "wp content", "wp admin", "feed",
    "cdn cgi", "static", "assets", "download", "downloads",
})
_NOT_PAGES = re.compile(
    r"\.(?:pdf|jpe?g|png|gif|webp|svg|ico|css|js|json|xml|rss|zip|gz|mp4|mp3|webm|woff2?|"
    r"ttf|docx?|xlsx?|pptx?|txt|csv)$",
    re.I,
)
_PAGE_SUFFIX = re.compile(r"\.(?:html?|xhtml|php|aspx?|jsp)$", re.I)
_MAX_DEPTH = 3
_PER_KIND = 2  # e.g. "features" and "product"; never nine case studies
_PHRASES = {
    kind: tuple(tuple(words.split()) for words in phrases)
    for kind, phrases in KEY_PAGE_WORDS.items()
}


@dataclass(frozen=True, slots=True)
class Link:
    """An `<a href>` on a page: absolute URL (no fragment) and the words a reader sees."""

    url: str
    text: str


def page_links(html: str, page_url: str) -> list[Link]:
    """Every link on a page, resolved against the page (and its `<base href>`), in order."""
    collector = _LinkCollector()
    try:
        collector.feed(html)
        collector.close()
    except (AssertionError, ValueError):  # HTMLParser on truly mangled markup
        pass
    base = urljoin(page_url, collector.base_href) if collector.base_href else page_url
    links: list[Link] = []
    for href, text in collector.links:
        href = href.strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            continue
        try:
            absolute = urljoin(base, href)
        except ValueError:  # e.g. an invalid IPv6 host
            continue
        parts = urlsplit(absolute)
        links.append(Link(urlunsplit((*parts[:4], "")), " ".join(text.split())))
    return links


def key_page_kind(link: Link, root: str = "/") -> tuple[KeyPage, int] | None:
    """Which key page a link leads to, and how sure we are (higher is surer), or None.

    `root` is the URL path the site starts at: "/" on the web, the folder of a saved site.
    """
    path = urlsplit(link.url).path
    if _NOT_PAGES.search(path):
        return None
    if root != "/" and path.startswith(root):
        path = path[len(root):]
    segments = [_words(_PAGE_SUFFIX.sub("", unquote(s))) for s in path.split("/") if s]
    if any(" ".join(s) in _EXCLUDED_SEGMENTS for s in segments):
        return None
    if len(segments) > _MAX_DEPTH:
        return None
    text = _words(link.text)
    text_kind = _match(text) if 0 < len(text) <= 5 else None
    path_kind = None
    for segment in reversed(segments):
        path_kind = _match(segment)
        if path_kind is not None:
            break
    score = 10 - len(segments)
    if text_kind is not None and path_kind is not None:
        score += 10 if text_kind[0] == path_kind[0] else 0
        kind = text_kind if text_kind[1] >= path_kind[1] else path_kind
    elif path_kind is not None:
        kind, score = path_kind, score + 5
    elif text_kind is not None:
        kind, score = text_kind, score + 3
    else:
        return None
    return kind[0], score


class CrawlPlan:
    """Chooses the pages to fetch after the start page: at most `max_pages` in all, the best
    link for each kind of key page first, never the same page twice."""

    def __init__(
        self, start_url: str, max_pages: int, same_site: Callable[[str], bool], root: str = "/"
    ) -> None:
        self._max_pages = max(1, max_pages)
        self._same_site = same_site
        self._root = root
        self._seen = {page_key(start_url)}
        self._chosen: list[str] = [start_url]
        self._per_kind: dict[KeyPage, int] = {}

    @property
    def total(self) -> int:
        """Pages planned so far, the start page included."""
        return len(self._chosen)

    def position(self, url: str) -> int:
        """Where a planned URL stands in the plan (the start page is 0)."""
        return self._chosen.index(url)

    def see(self, url: str) -> None:
        """Mark a URL as fetched already (e.g. where the start page redirected to)."""
        self._seen.add(page_key(url))

    def add_links(self, links: Iterable[Link]) -> list[str]:
        """Consider a fetched page's links; return the URLs newly chosen for fetching."""
        candidates: dict[str, tuple[KeyPage, int, int, str]] = {}
        for order, link in enumerate(links):
            key = page_key(link.url)
            if key in self._seen or not self._same_site(link.url):
                continue
            found = key_page_kind(link, self._root)
            if found is None:
                continue
            kind, score = found
            best = candidates.get(key)
            if best is None or score > best[1]:
                candidates[key] = (kind, score, order, link.url)
        ranked = sorted(candidates.values(), key=lambda c: (c[0], -c[1], c[2]))
        newly: list[str] = []
        # First the best link of each kind not yet covered, then seconds, in kind order.
        for rank in range(_PER_KIND):
            for kind, _score, _order, url in ranked:
                if self.total >= self._max_pages:
                    return newly
                if self._per_kind.get(kind, 0) != rank or page_key(url) in self._seen:
                    continue
                self._per_kind[kind] = rank + 1
                self._seen.add(page_key(url))
                self._chosen.append(url)
                newly.append(url)
        return newly


def page_key(url: str) -> str:
    """The same page written differently (`/about/`, `/about`, `/about/index.html`) → one key."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    port = parts.port if parts.port not in (None, 80, 443) else None
    path = re.sub(r"/(?:index|default)\.(?:html?|php|aspx?)$", "/", parts.path, flags=re.I)
    path = path.rstrip("/") or "/"
    return urlunsplit(
        (parts.scheme.lower(), host + (f":{port}" if port else ""), path, parts.query, "")
    )


def _words(text: str) -> tuple[str, ...]:
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return tuple(re.findall(r"[^\W_]+", plain))


def _match(words: tuple[str, ...]) -> tuple[KeyPage, int] | None:
    """The key page whose longest phrase occurs in `words`, with that phrase's length."""
    best: tuple[KeyPage, int] | None = None
    for kind, phrases in _PHRASES.items():
        for phrase in phrases:
            n = len(phrase)
            if any(words[i:i + n] == phrase for i in range(len(words) - n + 1)) and (
                best is None or n > best[1]
            ):
                best = (kind, n)
    return best


class _LinkCollector(HTMLParser):
    """Collects `<a href>` with their visible text (or aria-label/title), and `<base href>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.base_href = ""
        self._open: list[tuple[str, list[str], str]] = []  # href, text parts, label
        self._skip = 0  # inside <script>/<style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "base" and not self.base_href:
            self.base_href = values.get("href", "")
        elif tag == "a":
            self._finish()  # an unclosed <a> ends where the next begins
            if "href" in values:
                label = values.get("aria-label") or values.get("title") or ""
                self._open.append((values["href"], [], label))
        elif tag in ("script", "style"):
            self._skip += 1
        elif tag == "img" and self._open:
            self._open[-1][1].append(values.get("alt", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._finish()
        elif tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data: str) -> None:
        if self._open and not self._skip:
            self._open[-1][1].append(data)

    def close(self) -> None:
        super().close()
        self._finish()

    def _finish(self) -> None:
        while self._open:
            href, parts, label = self._open.pop()
            text = " ".join(" ".join(parts).split())
            self.links.append((href, text or label))
