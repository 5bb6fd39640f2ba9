"""The brand's name and tagline, by a vote of everything a page says about who it belongs to.

Each page casts weighted votes: structured data (Organization, WebSite, LocalBusiness …),
`og:site_name`, app names, the brand part of the title, the logo's alt text or text, the
copyright line and the web address. Votes are grouped by a compact key (case, spaces and
punctuation ignored, so "Client Track" and "ClientTrack" are one brand). Names the page repeats
in its text and headings gain weight: a page about Firefox published by Mozilla names Firefox
far more often. The winning group is spelled the way the page spells it most often.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from bs4 import Tag

from brandtruth_desktop.core.extract.document import (
    Document,
    Region,
    Role,
    attr_text,
    collapse,
    element_regions,
    hint_tokens,
)
from brandtruth_desktop.core.extract.structured import Item


@dataclass(frozen=True, slots=True)
class NameVote:
    """One source's opinion of the brand's name."""

    name: str
    weight: float
    source: str


TITLE_SEPARATORS = re.compile(r"\s*[|·•»›]\s*|\s+[-–—~/]\s+|\s*[–—]\s*|:\s+")
TRADEMARKS = re.compile(r"[®™©℠]")
LEGAL_SUFFIX = re.compile(
    r"[,\s]+(?:inc|llc|ltd|limited|gmbh|ag|s\.?l|s\.?a|corp|corporation|co|plc|pty|bv|oy|ab)\.?$",
    re.I,
)
GENERIC_NAMES = frozenset({
    "home", "homepage", "home page", "welcome", "index", "untitled", "blog", "shop", "store",
    "login", "log in", "sign in", "sign up", "menu", "search", "page not found", "404", "error",
    "inicio", "accueil", "startseite", "logo", "website", "official site", "about", "contact",
    "about us", "contact us", "pricing", "prices", "plans", "features", "faq", "careers", "jobs",
    "customers", "testimonials", "reviews", "products", "services", "solutions", "support",
    "help", "news", "press", "precios", "contacto", "sobre nosotros", "servicios", "preise",
    "kontakt", "tarifs",
})
ORG_TYPE_ENDINGS = ("organization", "business", "store", "establishment", "restaurant",
                    "corporation", "brand", "airline", "ngo", "agency", "shop")
TWO_LEVEL_SUFFIXES = frozenset({
    "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.nz", "co.jp",
    "co.za", "com.br", "com.mx", "com.ar", "com.es", "com.tr", "co.in", "co.kr", "com.cn",
    "com.sg", "com.hk", "co.il", "com.co", "com.pe", "com.uy",
})
COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)", re.I)
YEARS = re.compile(r"^[\s©.,:\-–—]*(?:(?:\(c\)|©|copyright|\d{4})[\s.,:\-–—]*)*(?:by\s+)?", re.I)


NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


def compact(text: str) -> str:
    """A name's key for comparing: lower case, letters and digits only."""
    return NOT_ALPHANUMERIC.sub("", text.casefold())


def clean_name(text: str) -> str:
    """A candidate name without trademarks, legal suffixes and surrounding punctuation."""
    name = collapse(TRADEMARKS.sub("", text)).strip(" \"'“”‘’«»,.;:!?|-–—")
    name = LEGAL_SUFFIX.sub("", name).strip(" ,.")
    return name


def split_title(title: str) -> list[str]:
    """A page title's parts: "Product — tagline — Company" → three parts."""
    return [p for p in (clean_name(s) for s in TITLE_SEPARATORS.split(title)) if p]


def site_domain(url: str) -> str:
    """The registrable part of the host without its suffix: shop.dunkindonuts.com → dunkindonuts."""
    host = (urlparse(url).hostname or "").lower().rstrip(".")
    if not host or re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host) or "." not in host:
        return ""
    labels = host.split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in TWO_LEVEL_SUFFIXES:
        return labels[-3]
    return labels[-2]


def _plausible(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= 5 and len(name) <= 40 and name.casefold() not in GENERIC_NAMES
        and any(ch.isalpha() for ch in name)
    )


def _is_org(item: Item) -> bool:
    return any(t.lower().endswith(ORG_TYPE_ENDINGS) for t in item.types)


def name_votes(doc: Document, items: Sequence[Item]) -> list[NameVote]:
    """Everything on one page that names its owner, with how much each source is trusted."""
    votes: list[NameVote] = []

    def vote(raw: str | None, weight: float, source: str, *, split: bool = False) -> None:
        if not raw:
            return
        parts = split_title(raw) if split else [clean_name(raw)]
        if len(parts) > 1:
            # "My Paper Shop - Discount Party Supplies": each part may be the name.
            for index, part in enumerate(parts):
                first_or_last = index in (0, len(parts) - 1)
                votes.append(NameVote(part, weight * (0.6 if first_or_last else 0.3), source))
        elif parts and parts[0]:
            votes.append(NameVote(parts[0], weight, source))
            words = parts[0].split()
            if split and len(words) > 1:
                # A title with no separator ("ClientTrack Software Solutions …") may start
                # with the name: weak votes for its first words.
                for size in range(1, min(4, len(words))):
                    votes.append(NameVote(" ".join(words[:size]), weight * 0.2, source))
            elif len(words) > 1:
                votes.append(NameVote(" ".join(words[:-1]), weight * 0.3, source))

    for item in items:
        if _is_org(item):
            vote(item.text("name"), 3.0, "structured data", split=True)
            vote(item.text("alternateName"), 1.0, "structured data")
        elif item.is_a("WebSite"):
            vote(item.text("name"), 2.5, "structured data", split=True)
        elif item.is_a("Product"):
            brand = item.item("brand")
            vote(brand.text("name") if brand else item.text("brand"), 1.0, "product brand")
    for key, weight in (("og:site_name", 3.0), ("application-name", 1.5),
                        ("apple-mobile-web-app-title", 1.5), ("al:ios:app_name", 1.5),
                        ("al:android:app_name", 1.0), ("twitter:app:name:googleplay", 1.0),
                        ("twitter:app:name:iphone", 1.0)):
        values = doc.meta.get(key)
        if values:
            vote(values[0], weight, key, split=True)
    for key in ("twitter:site", "twitter:creator"):
        handle = (doc.meta.get(key) or [""])[0].lstrip("@")
        if re.fullmatch(r"\w{2,30}", handle):
            votes.append(NameVote(handle, 1.0, key))
            break
    vote(doc.title, 3.0, "title", split=True)
    votes.extend(_logo_votes(doc))
    votes.extend(_copyright_votes(doc))
    return [v for v in votes if _plausible(v.name)]


def _logo_votes(doc: Document) -> list[NameVote]:
    votes: list[NameVote] = []
    for image in doc.images:
        if "logo" in image.hints or "logo" in image.src.lower().rsplit("/", 1)[-1]:
            alt = re.sub(r"\blogo\b", "", image.alt, flags=re.I)
            if alt.strip():
                weight = 0.5 if Region.FOOTER in image.regions else 3.0
                votes.append(NameVote(clean_name(alt), weight, "logo"))
    marked = [t for t in doc.soup.find_all(True) if "logo" in " ".join(hint_tokens(t))]
    for tag in marked[:20]:
        votes.extend(_logo_text_vote(tag))
    return votes


def _logo_text_vote(tag: Tag) -> list[NameVote]:
    text = clean_name(tag.get_text(" "))
    if not text or len(text.split()) > 5:
        title = clean_name(attr_text(tag, "title") or attr_text(tag, "aria-label"))
        text = title if title and len(title.split()) <= 5 else ""
    if not text:
        return []
    weight = 0.5 if Region.FOOTER in element_regions(tag) else 3.0
    return [NameVote(text, weight, "logo")]


def _copyright_votes(doc: Document) -> list[NameVote]:
    votes: list[NameVote] = []
    for block in reversed(doc.blocks):
        match = COPYRIGHT.search(block.text)
        # "© 2015 GitHub, Inc." – not "Portions of this content are ©1998 by …"
        if match is None or block.words > 40 or len(block.text[:match.start()].split()) > 1:
            continue
        rest = YEARS.sub("", block.text[match.start():])
        name = re.split(r"[,|.]\s|[,|]|\s+all rights|\s+todos los derechos|\.$", rest,
                        maxsplit=1, flags=re.I)[0]
        name = clean_name(re.sub(r"(?:\s+\S*\d\S*)+$", "", name))
        if name:
            votes.append(NameVote(name, 1.5, "copyright"))
        break
    return votes


@dataclass(slots=True)
class _Mentions:
    """How often each compact key occurs as 1-4 consecutive words in the page's text."""

    counts: Counter[str]
    spellings: dict[str, Counter[str]]
    headings: Counter[str]


def _mentions(doc: Document, keys: set[str]) -> _Mentions:
    """Where the page's text names any of `keys` (runs of 1-4 words, compared compactly)."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    headings: Counter[str] = Counter()
    prefixes = {key[:n] for key in keys for n in range(1, len(key) + 1)}
    for block in doc.blocks:
        if block.role is Role.TITLE:
            continue
        tokens = block.text.split()
        keyed = [compact(t) for t in tokens]
        in_heading = (block.heading_level and block.heading_level <= 3
                      and not block.regions & {Region.FOOTER, Region.NAV})
        found: set[str] = set()
        for start in range(len(tokens)):
            joined = ""
            for end in range(start, min(start + 4, len(tokens))):
                token = tokens[end]
                # "Acme's" names Acme too: try the word with and without a possessive 's.
                plain = token[:-2] if token.endswith(("'s", "’s")) else token
                for key in {joined + keyed[end], joined + compact(plain) if plain != token
                            else joined + keyed[end]}:
                    if key in keys:
                        surface = " ".join([*tokens[start:end], plain])
                        counts[key] += 1
                        spellings.setdefault(key, Counter())[clean_name(surface)] += 1
                        found.add(key)
                joined += keyed[end]
                if not keyed[end] or joined not in prefixes:
                    break
        if in_heading:
            headings.update(found)
    return _Mentions(counts, spellings, headings)


@dataclass(slots=True)
class BrandVote:
    """The running tally of names across pages."""

    scores: dict[str, float]
    spellings: dict[str, Counter[str]]
    sources: dict[str, set[str]]

    @classmethod
    def empty(cls) -> BrandVote:
        return cls({}, {}, {})

    def add_page(self, doc: Document, items: Sequence[Item], website_url: str) -> None:
        """Count one page's votes."""
        domain = site_domain(doc.url or website_url) or site_domain(website_url)
        page_scores: dict[str, float] = {}
        counted: set[tuple[str, str]] = set()
        for vote in name_votes(doc, items):
            key = compact(vote.name)
            if not key or (key, vote.source) in counted:
                continue
            counted.add((key, vote.source))
            page_scores[key] = page_scores.get(key, 0.0) + vote.weight
            self.sources.setdefault(key, set()).add(vote.source)
            self.spellings.setdefault(key, Counter())[vote.name] += 0  # known, not yet seen
        if domain and len(domain) >= 2:
            page_scores[domain] = page_scores.get(domain, 0.0) + 2.5
            self.sources.setdefault(domain, set()).add("web address")
            self.spellings.setdefault(domain, Counter())
        mentions = _mentions(doc, set(page_scores))
        for key in list(page_scores):
            page_scores[key] += min(4.0, math.log2(1 + mentions.counts[key]))
            page_scores[key] += min(2.0, float(mentions.headings[key]))
            for spelling, count in mentions.spellings.get(key, Counter()).items():
                if spelling:
                    self.spellings[key][spelling] += count
        for key, score in page_scores.items():
            self.scores[key] = self.scores.get(key, 0.0) + score

    def winner(self) -> tuple[str, set[str]]:
        """The best name as the site spells it, and which sources backed it."""
        if not self.scores:
            return "", set()
        key = min(self.scores, key=lambda k: (-self.scores[k], k))
        spellings = self.spellings.get(key, Counter())
        seen = [(count, s) for s, count in spellings.items() if count > 0]
        if seen:
            best = max(seen, key=lambda pair: (pair[0], _capital_share(pair[1])))[1]
        else:
            known = sorted(spellings, key=lambda s: (-_capital_share(s), s))
            best = known[0] if known else key.capitalize()
        if best == best.lower():
            best = best[:1].upper() + best[1:]
        return best, self.sources.get(key, set())


def _capital_share(name: str) -> float:
    letters = [c for c in name if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


PAGE_ITEM_TYPES = ("Product", "Offering", "Recipe", "Article", "NewsArticle", "BlogPosting",
                   "Event", "Book", "Movie", "Course")


def names_page_item(text: str, items: Sequence[Item]) -> bool:
    """Whether `text` is mostly the name of the product/recipe/article the page is about."""
    words = _words(text)
    if not words:
        return False
    for item in items:
        if item.is_a(*PAGE_ITEM_TYPES):
            name = set(_words(item.text("name") or ""))
            if name and sum(w in name for w in words) >= 0.6 * len(words):
                return True
    return False


def tagline(doc: Document, items: Sequence[Item], brand_name: str) -> str | None:
    """The brand's short promise: its declared slogan, else the title's part that is not the
    name (or the product the page is about), when there is one."""
    for item in items:
        if _is_org(item) or item.is_a("WebSite"):
            slogan = item.text("slogan")
            if slogan and 1 <= len(slogan.split()) <= 14:
                return slogan
    brand_key = compact(brand_name)
    for source in (doc.title, *(doc.meta.get("og:title") or [])[:1]):
        parts = [p for p in (collapse(s).strip(" |-–—") for s in TITLE_SEPARATORS.split(source))
                 if p]
        if len(parts) == 1 and brand_key and compact(parts[0]).startswith(brand_key):
            parts = [after_name(parts[0], brand_key)]
        for part in parts:
            key = compact(part)
            words = _words(part)
            if (key and brand_key not in key and not names_page_item(part, items)
                    and 2 <= len(words) <= 14):
                return part
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def after_name(text: str, brand_key: str) -> str:
    """What follows the brand's name at the start of `text` ("ClientTrack Software …")."""
    words = text.split()
    consumed = ""
    for index, word in enumerate(words):
        consumed += compact(word)
        if consumed == brand_key:
            return " ".join(words[index + 1:])
        if not brand_key.startswith(consumed):
            break
    return ""
