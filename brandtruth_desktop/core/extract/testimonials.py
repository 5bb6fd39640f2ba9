"""Customers' words, quoted exactly, with who said them.

Found four ways, in this order: structured `Review` items whose text is on the page;
`<blockquote>` (with `<cite>`, a `<footer>`, the `<figcaption>` of its `<figure>`, or a trailing
"— Name"); elements whose class or id says testimonial/review/quote; and repeated pairs of a
first-person paragraph followed by a short name line (testimonial sliders that say nothing about
themselves in their markup). A quote is always an exact slice of the page's text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from bs4 import Tag

from brandtruth_desktop.core.extract.document import (
    Document,
    Region,
    Role,
    TextBlock,
    attr_text,
    collapse,
    hint_tokens,
)
from brandtruth_desktop.core.extract.structured import Item, clean_text
from brandtruth_desktop.core.models import Testimonial


@dataclass(frozen=True, slots=True)
class FoundTestimonial:
    """A testimonial and the text blocks it was read from (they are not brand facts)."""

    testimonial: Testimonial
    blocks: frozenset[int]


OPENING = "\"“„«‘'"
CLOSING = "\"”»’'"
INLINE_ATTRIBUTION = re.compile(
    r"^(?P<quote>.*\S)\s*(?:[-–—~]+|\s[-–—~]+\s)\s*(?P<who>[A-ZÀ-ÖØ-Þ][^\"“”]{1,80})$"
)
FIRST_PERSON = re.compile(
    r"\b(?:i|i'm|i've|me|my|we|we're|we've|us|our|yo|me|mi|mis|nosotros|nuestr[oa]s?|"
    r"je|nous|notre|ich|wir|unser\w*)\b",
    re.I,
)
CONTAINER_HINT = re.compile(
    r"testimon|review|kundenstimme|t[ée]moignage|endorsement|customer-?stor|quote(?!-?form)",
    re.I,
)
NOT_A_NAME = re.compile(
    r"^(?:learn more|read more|see more|more|next|previous|prev|share|reply|yes|no|"
    r"contact us|sign up|log in|buy|add to cart)\b|[?!:]$|https?://|@\w+\.\w", re.I,
)
ATTRIBUTION_HINT = re.compile(r"author|name|cite|client|customer|byline|person|who", re.I)
REVIEW_CHROME = re.compile(
    r"found this (?:review )?helpful|was (?:this|it) helpful|report (?:abuse|violation)|"
    r"verified (?:buyer|purchase)|write a review|sort reviews|"
    r"\bof (?:reviewers|customers|users|buyers)\b|average rating|rating snapshot|"
    r"based on \d[\d,.]* (?:reviews|ratings)", re.I,
)
SKIP_REGIONS = frozenset({Region.NAV, Region.COOKIE, Region.FORM})


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def looks_like_name(text: str) -> bool:
    """A short attribution line: "Julie Freeman, Acme Inc." or "Texas Homeless Network"."""
    text = text.strip().lstrip("-–—~ ").strip()
    words = text.split()
    if not 1 <= len(words) <= 10 or len(text) > 90 or NOT_A_NAME.search(text):
        return False
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$|\b(?:Inc|Ltd|Co|Jr|Sr)\.$", text):
        return False
    capitals = [w for w in words if w[:1].isupper() or w[:1].isdigit()]
    return text[:1].isupper() and len(capitals) >= max(1, len(words) // 2)


def split_attribution(text: str) -> tuple[str | None, str | None]:
    """"—Julie Freeman, Sistak Creative, Member" → ("Julie Freeman", "Sistak Creative, Member")."""
    text = re.sub(r"^[\s\-–—~]+|^by\s+", "", collapse(text), flags=re.I).strip(" ,")
    if not re.search(r"\b\w\.$", text):  # keep the dot of an initial ("Lee K.")
        text = text.rstrip(". ")
    if not text:
        return None, None
    name, _, role = text.partition(", ")
    if len(name.split()) > 6 or not role:
        return text, None
    return name.strip(), role.strip() or None


def _strip_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in OPENING + " ":
        start += 1
    while end > start and text[end - 1] in CLOSING + " ":
        end -= 1
    return start, end


class _Finder:
    def __init__(self, doc: Document, url: str) -> None:
        self.doc = doc
        self.url = url
        self.found: list[FoundTestimonial] = []
        self.used: set[int] = set()

    def add(self, blocks: Sequence[TextBlock], start: int, end: int, author: str | None,
            role: str | None, attribution: Sequence[TextBlock] = ()) -> None:
        """A quote from doc.text[start:end] (already an exact slice)."""
        start, end = _strip_quotes(self.doc.text, start, end)
        quote = self.doc.text[start:end]
        if len(_words(quote)) < 4 or any(b.index in self.used for b in blocks):
            return
        indices = frozenset(b.index for b in [*blocks, *attribution])
        self.used.update(indices)
        self.found.append(FoundTestimonial(
            Testimonial(quote=quote, author=author, role=role, source_url=self.url), indices))

    def add_blocks(self, quote_blocks: Sequence[TextBlock], attribution: Sequence[TextBlock],
                   author_text: str | None) -> None:
        if not quote_blocks:
            return
        first, last = quote_blocks[0], quote_blocks[-1]
        start = self.doc.offsets[first.index]
        end = self.doc.offsets[last.index] + len(last.text)
        if author_text is None and len(quote_blocks) == 1:
            # "Great service…" – Lee K., Florida  (attribution inside the quote's own block)
            match = INLINE_ATTRIBUTION.match(first.text)
            if match and looks_like_name(match.group("who")) and (
                    first.text[:1] in OPENING or match.group("quote")[-1:] in CLOSING + ".…!"):
                author_text = match.group("who")
                end = start + match.end("quote")
        author, role = split_attribution(author_text) if author_text else (None, None)
        self.add(quote_blocks, start, end, author, role, attribution)

    # ------------------------------------------------------------ the four ways

    def from_structured(self, items: Sequence[Item]) -> None:
        for item in items:
            if not item.is_a("Review", "UserReview", "CriticReview", "Comment"):
                continue
            body = item.text("reviewBody", "description", "text")
            if not body:
                continue
            body = clean_text(body)
            start = self.doc.text.find(body)
            if start < 0:
                continue  # not visible on the page: nothing to quote
            author = item.item("author")
            name = author.text("name") if author else item.text("author")
            known = next((f for f in self.found if f.testimonial.quote == body), None)
            if known is not None:  # already quoted from the markup: it may lack the author
                if known.testimonial.author is None and name:
                    self.found[self.found.index(known)] = FoundTestimonial(
                        replace(known.testimonial, author=name), known.blocks)
                continue
            blocks = self.doc.blocks_at(start, start + len(body))
            self.add(blocks, start, start + len(body), name, None)

    def from_blockquotes(self) -> None:
        for quote in self.doc.soup.find_all("blockquote"):
            blocks = self.doc.blocks_in(quote)
            if not blocks or blocks[0].regions & SKIP_REGIONS:
                continue
            cite = [t for t in quote.find_all(["cite", "footer", "figcaption"])
                    if isinstance(t, Tag)]
            cited = {b.index for t in cite for b in self.doc.blocks_in(t)}
            author_text: str | None = None
            if cite:
                author_text = self.text_of(cite[0])
            attribution = [b for b in blocks if b.index in cited]
            parent = quote.parent
            if author_text is None and isinstance(parent, Tag) and parent.name == "figure":
                caption = parent.find("figcaption")
                if isinstance(caption, Tag):
                    author_text = self.text_of(caption)
                    attribution = self.doc.blocks_in(caption)
            body = [b for b in blocks if b.index not in cited]
            if author_text is None and len(body) > 1 and looks_like_name(body[-1].text) and (
                    body[-1].text.lstrip()[:1] in "-–—~"):
                attribution, body = [body[-1]], body[:-1]
                author_text = attribution[0].text
            self.add_blocks(body, attribution, author_text)

    def text_of(self, tag: Tag) -> str:
        """An element's text as the page shows it (inline parts joined as on the page)."""
        blocks = self.doc.blocks_in(tag)
        return " ".join(b.text for b in blocks) if blocks else collapse(tag.get_text())

    def from_containers(self) -> None:
        marked = [t for t in self.doc.soup.find_all(True)
                  if isinstance(t, Tag) and CONTAINER_HINT.search(" ".join(hint_tokens(t)))]
        marked_ids = {id(t) for t in marked}
        for container in marked:
            inner = [d for d in container.find_all(True) if id(d) in marked_ids
                     and any(len(_words(b.text)) >= 6 for b in self.doc.blocks_in(d))]
            if len(inner) >= 2:
                continue  # a list of testimonials, not one
            blocks = [b for b in self.doc.blocks_in(container)
                      if not b.regions & SKIP_REGIONS and b.index not in self.used]
            if not blocks:
                continue
            named = [b for b in blocks if _is_attribution(b)]
            named_indices = {b.index for b in named}
            candidates = [b for b in blocks if b.index not in named_indices
                          and len(_words(b.text)) >= 6 and not REVIEW_CHROME.search(b.text)
                          and b.role is not Role.HEADING]
            if not candidates:
                continue
            longest = max(candidates, key=lambda b: (len(b.text), -b.index))
            body = [longest]
            for block in candidates:  # neighbouring paragraphs of the same quote
                if block.index == body[-1].index + 1:
                    body.append(block)
            for block in reversed(candidates):
                if block.index == body[0].index - 1 and block.role is Role.PARAGRAPH:
                    body.insert(0, block)
            names = named or [b for b in blocks if b.index > body[-1].index
                              and looks_like_name(b.text)][:1]
            self.add_blocks(body, names, names[0].text if names else None)

    def from_repeated_pairs(self) -> None:
        blocks = self.doc.blocks
        groups: dict[tuple[str, str], list[tuple[TextBlock, TextBlock]]] = defaultdict(list)
        for first, second in pairwise(blocks):
            if (first.role in (Role.TITLE, Role.HEADING) or first.regions & SKIP_REGIONS
                    or first.regions & {Region.FOOTER} or first.index in self.used
                    or len(_words(first.text)) < 10 or first.link_share > 0.5
                    or not looks_like_name(second.text) or second.link_share > 0.5):
                continue
            signature, size = _pair_container(self.doc, first, second)
            if size <= 4:  # the pair is all its container holds: a slider item, not a section
                groups[signature].append((first, second))
        for pairs in groups.values():
            voiced = [p for p in pairs if FIRST_PERSON.search(p[0].text)
                      or p[0].text[:1] in OPENING]
            if len(pairs) >= 2 and len(voiced) * 2 >= len(pairs):
                for quote, name in pairs:
                    self.add_blocks([quote], [name], name.text)


def _pair_container(doc: Document, first: TextBlock, second: TextBlock) -> tuple[
        tuple[str, str], int]:
    """Tag and class of the smallest element holding both blocks, and how many blocks it has."""
    element = first.owner
    while element is not None:
        start, end = doc.spans.get(id(element), (0, 0))
        if start <= second.index < end:
            signature = (element.name, " ".join(sorted(attr_text(element, "class").split())))
            return signature, end - start
        parent = element.parent
        element = parent if isinstance(parent, Tag) else None
    return ("", ""), len(doc.blocks)


def _is_attribution(block: TextBlock) -> bool:
    owner = block.owner
    if owner is not None and (owner.name == "cite" or ATTRIBUTION_HINT.search(
            attr_text(owner, "class"))):
        return len(_words(block.text)) <= 12
    text = block.text.strip()
    return bool(re.match(r"(?:by\s|[-–—~])", text, re.I)) and looks_like_name(
        re.sub(r"^by\s+", "", text, flags=re.I))


def find_testimonials(doc: Document, items: Sequence[Item], url: str) -> list[FoundTestimonial]:
    """Every testimonial on the page, in page order."""
    finder = _Finder(doc, url)
    finder.from_blockquotes()
    finder.from_containers()
    finder.from_structured(items)
    finder.from_repeated_pairs()
    return sorted(finder.found, key=lambda f: min(f.blocks, default=0))
