"""The promises a brand leads with: the title's tagline, the hero heading and its subheading,
and each feature heading with the text under it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from brandtruth_desktop.core.extract.brand import (
    TITLE_SEPARATORS,
    after_name,
    compact,
    names_page_item,
)
from brandtruth_desktop.core.extract.document import (
    Document,
    Region,
    Role,
    TextBlock,
    attr_text,
    collapse,
)
from brandtruth_desktop.core.extract.structured import Item
from brandtruth_desktop.core.models import ValueProposition

# Section labels that name a part of the site rather than promise anything.
GENERIC_HEADINGS = frozenset({
    "features", "feature", "pricing", "prices", "plans", "testimonials", "reviews", "about",
    "about us", "blog", "contact", "contact us", "faq", "faqs", "news", "news and events",
    "our team", "team", "resources", "services", "products", "solutions", "company", "careers",
    "support", "help", "menu", "home", "overview", "customers", "partners", "press", "login",
    "sign in", "sign up", "subscribe", "newsletter", "follow us", "share", "related",
    "customer reviews", "description", "item description", "details", "specifications",
    "instructions", "ingredients", "nutrition", "precios", "contacto", "sobre mí",
    "sobre nosotros", "servicios", "testimonios", "recursos", "preguntas frecuentes",
})
NOT_CONTENT = frozenset({Region.NAV, Region.FOOTER, Region.COOKIE, Region.FORM, Region.ASIDE,
                         Region.OVERLAY, Region.QUOTE})
INTRODUCTION = re.compile(r"(?:about|welcome to|sobre|acerca de|bienvenid[oa]s? a)\b", re.I)
HEADING_CLASS = re.compile(r"title|heading|headline", re.I)
MAX_TEXT = 300


@dataclass(frozen=True, slots=True)
class LeadLine:
    """A verbatim line the brand leads with (title part, hero heading or subheading)."""

    quote: str
    block: TextBlock
    sentences: bool = False  # quote it sentence by sentence (a subheading), not whole


def is_heading_like(block: TextBlock) -> bool:
    """A heading, or a short line styled as one (`<header>`, class "…title…")."""
    if block.role is Role.HEADING:
        return True
    owner = block.owner
    if owner is None or block.words > 12 or block.text.rstrip().endswith((".", ",", ";")):
        return False
    return owner.name == "header" or bool(HEADING_CLASS.search(attr_text(owner, "class")))


GENERIC_PATTERN = re.compile(
    r"(?:frequently asked questions|customer stories|case stud(?:y|ies)|privacy \w+|terms\b.*|"
    r"get in touch|contact\b.*|about\b.*|our (?:story|team|mission|values)|meet the team|"
    r"latest news|from the blog|last updated\b.*|sobre\b.*|contacto\b.*)", re.I,
)


def _is_generic(text: str, brand_key: str) -> bool:
    key = collapse(text).casefold().strip(" .:!?»›→")
    return (key in GENERIC_HEADINGS or bool(GENERIC_PATTERN.fullmatch(key))
            or compact(text) == brand_key or not compact(text))


def _content(block: TextBlock) -> bool:
    return not block.regions & NOT_CONTENT and block.link_share <= 0.5


def title_lines(doc: Document, items: Sequence[Item], brand_name: str) -> list[LeadLine]:
    """The parts of the title that are not the brand's name or the page's item's name."""
    if not doc.blocks or doc.blocks[0].role is not Role.TITLE:
        return []
    brand_key = compact(brand_name)
    out: list[LeadLine] = []
    for raw in TITLE_SEPARATORS.split(doc.title):
        part = raw.strip(" |-–—·•»›:")
        key = compact(part)
        if brand_key and key.startswith(brand_key) and key != brand_key:
            part = after_name(part, brand_key)  # "ClientTrack Software Solutions …"
            key = compact(part)
        if (not key or key == brand_key or len(part.split()) < 2 or _is_generic(part, brand_key)
                or names_page_item(part, items) or part not in doc.title):
            continue
        out.append(LeadLine(part, doc.blocks[0]))
    return out


def hero_lines(doc: Document, items: Sequence[Item], brand_name: str) -> list[LeadLine]:
    """The first main heading of the page and the line under it."""
    brand_key = compact(brand_name)
    limit = max(10, int(len(doc.blocks) * 0.6))
    headings = [b for b in doc.blocks[:limit]
                if b.role is Role.HEADING and b.heading_level <= 2 and b.words >= 2
                and not b.regions & (NOT_CONTENT - {Region.ASIDE}) and b.link_share <= 0.5
                and not _is_generic(b.text, brand_key) and not b.text.rstrip().endswith("?")
                and not INTRODUCTION.match(b.text) and not names_page_item(b.text, items)]
    if not headings:
        return []
    top = min(h.heading_level for h in headings)
    hero = next(h for h in headings if h.heading_level == top)
    lines = [LeadLine(hero.text, hero)]
    for block in doc.blocks[hero.index + 1:hero.index + 3]:
        if block.role in (Role.BUTTON, Role.LABEL) or block.link_share > 0.5:
            continue
        if block.role is Role.HEADING and block.heading_level <= hero.heading_level:
            break
        if (3 <= block.words <= 50 and not block.regions & NOT_CONTENT and not _is_code(block)
                and not _is_generic(block.text, brand_key)):
            lines.append(LeadLine(block.text, block, sentences=True))
        break
    return lines


def _is_code(block: TextBlock) -> bool:
    return block.owner is not None and block.owner.name in ("pre", "code")


def feature_propositions(doc: Document, items: Sequence[Item], brand_name: str, url: str,
                         skip_blocks: frozenset[int] = frozenset()) -> list[ValueProposition]:
    """Each feature heading joined with the text under it: "Heading: text"."""
    brand_key = compact(brand_name)
    out: list[ValueProposition] = []
    blocks = doc.blocks
    for block in blocks:
        if not (is_heading_like(block) and _content(block) and 2 <= block.words <= 14):
            continue
        if (_is_generic(block.text, brand_key) or block.index in skip_blocks
                or names_page_item(block.text, items)):
            continue  # a section label, a testimonial, or the product's own name
        parent = block.owner.parent if block.owner is not None else None
        start, end = doc.spans.get(id(parent), (0, 0)) if parent is not None else (0, 0)
        body: list[str] = []
        for following in blocks[block.index + 1:block.index + 6]:
            if (is_heading_like(following) or not _content(following)
                    or following.index in skip_blocks):
                break
            if end and not start <= following.index < end:
                break  # the text belongs to the next card, not to this heading
            if following.role in (Role.BUTTON, Role.LABEL, Role.CELL) or _is_code(following):
                continue
            body.append(following.text)
            if sum(len(t) for t in body) > MAX_TEXT:
                break
        if sum(len(t.split()) for t in body) >= 5:
            heading = block.text.rstrip()
            joiner = " " if heading.endswith((".", "!", "?", ":")) else ": "
            text = " ".join(t if t.endswith((".", "!", "?", "…", ":")) else t + "."
                            for t in body[:-1])
            out.append(ValueProposition(f"{heading}{joiner}{text} {body[-1]}".replace(
                f"{joiner} ", joiner).strip(), url))
    return out


def value_propositions(doc: Document, items: Sequence[Item], brand_name: str, url: str,
                       skip_blocks: frozenset[int] = frozenset(), *, home: bool = True,
                       ) -> tuple[list[ValueProposition], list[LeadLine]]:
    """The page's value propositions, and the lead lines among them that can be quoted.

    The title's parts count only on the home page: elsewhere they name the page ("Pricing").
    """
    titles = title_lines(doc, items, brand_name) if home else []
    leads = [*titles, *hero_lines(doc, items, brand_name)]
    propositions = [ValueProposition(lead.quote, url) for lead in leads]
    propositions += feature_propositions(doc, items, brand_name, url, skip_blocks)
    seen: set[str] = set()
    unique: list[ValueProposition] = []
    for proposition in propositions:
        key = compact(proposition.text)
        if key and key not in seen:
            seen.add(key)
            unique.append(proposition)
    return unique[:15], leads
