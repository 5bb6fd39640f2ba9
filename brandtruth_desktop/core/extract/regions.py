"""Which part of a page an element belongs to: navigation, header, footer, cookie banner …

Worked out from the tags (`nav`, `footer` …), ARIA roles and the class and id names sites
use for them. A `<header>` or `<footer>` inside an article, section or blockquote belongs to
that section, not to the page.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bs4 import Tag


class Region(StrEnum):
    """Parts of a page whose text is page furniture rather than what the brand says."""

    NAV = "nav"
    HEADER = "header"
    FOOTER = "footer"
    ASIDE = "aside"
    FORM = "form"
    COOKIE = "cookie"
    OVERLAY = "overlay"
    QUOTE = "quote"  # inside <blockquote>


NAV_TOKEN = re.compile(
    r"^(?:nav|navbar|navigation|subnav|menu|menubar|megamenu|mainmenu|breadcrumbs?|pagination"
    r"|skip-?links?|[a-z0-9]+[-_](?:nav|navigation|menu)|(?:nav|menu)[-_][a-z0-9-_]+)$"
)
HEADER_TOKEN = re.compile(
    r"^(?:header|site-?header|global-?header|main-?header|masthead|top-?bar"
    r"|header-?(?:wrap|wrapper|container|inner|top|main))$"
)
FOOTER_TOKEN = re.compile(
    r"^(?:footer|site-?footer|global-?footer|page-?footer|main-?footer|colophon"
    r"|footer-?(?:wrap|wrapper|container|inner|main|bottom|top|widgets|links))$"
)
ASIDE_TOKEN = re.compile(r"^(?:sidebar|side-?bar|widget-?area|secondary)$")
COOKIE_HINT = re.compile(
    r"cookie|consent|gdpr|ccpa|onetrust|truste|didomi|usercentrics|cc[-_](?:banner|window)", re.I
)
OVERLAY_TOKEN = re.compile(r"^(?:modal|popup|pop-up|lightbox|dialog|overlay)(?:[-_].*)?$")
# Inside these, <header> and <footer> belong to the section, not to the page.
SECTIONING = frozenset({"article", "section", "blockquote", "figure", "li", "main", "aside"})


def attr_text(tag: Tag, name: str) -> str:
    """An attribute as one string (class lists joined by spaces), '' when absent."""
    value = tag.get(name)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return " ".join(value)


def hint_tokens(tag: Tag) -> list[str]:
    """The lower-case id and class tokens of an element."""
    return f"{attr_text(tag, 'id')} {attr_text(tag, 'class')}".lower().split()


def regions_of(tag: Tag, inherited: frozenset[Region], in_section: bool) -> frozenset[Region]:
    """The regions an element is in, given those of its parent."""
    name = tag.name
    tokens = hint_tokens(tag)
    role = attr_text(tag, "role").lower()
    found: set[Region] = set()
    if name in ("nav", "menu") or role in ("navigation", "menubar", "menu") or any(
        NAV_TOKEN.match(t) for t in tokens
    ):
        found.add(Region.NAV)
    if (name == "header" and not in_section) or role == "banner" or any(
        HEADER_TOKEN.match(t) for t in tokens
    ):
        found.add(Region.HEADER)
    if (name == "footer" and not in_section) or role == "contentinfo" or any(
        FOOTER_TOKEN.match(t) for t in tokens
    ):
        found.add(Region.FOOTER)
    if name == "aside" or role == "complementary" or any(ASIDE_TOKEN.match(t) for t in tokens):
        found.add(Region.ASIDE)
    if name in ("form", "fieldset") or role in ("search", "form"):
        found.add(Region.FORM)
    if tokens and COOKIE_HINT.search(" ".join(tokens)):
        found.add(Region.COOKIE)
    if name == "dialog" or role in ("dialog", "alertdialog") or any(
        OVERLAY_TOKEN.match(t) for t in tokens
    ):
        found.add(Region.OVERLAY)
    if name == "blockquote":
        found.add(Region.QUOTE)
    return inherited | found if found else inherited


def element_regions(tag: Tag) -> frozenset[Region]:
    """The page regions an element sits in (nav, footer …), worked out from its ancestors."""
    regions: frozenset[Region] = frozenset()
    chain = [p for p in tag.parents if isinstance(p, Tag) and p.name != "[document]"]
    in_section = False
    for element in [*reversed(chain), tag]:
        regions = regions_of(element, regions, in_section)
        in_section = in_section or element.name in SECTIONING
    return regions


