"""A web page parsed once: its visible text as blocks, and what its markup says about it.

`page_text(html)` is THE definition of a page's text: every fact's quote is a substring of it,
and the proof pack and the tests use the same function. It is the page title followed by the
visible text blocks, each block's whitespace collapsed to single spaces, HTML entities decoded,
blocks joined by one space. Inline elements join without a space (`There<span>´</span>s` is
"There´s"), block elements and `<br>` separate. Scripts, styles, `<noscript>`, templates, SVG,
form controls' option lists and elements hidden with `hidden`, `display:none` or a hiding class
(`sr-only`, `hidden`, …) are not visible and are left out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag
from bs4.element import (
    CData,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
)

from brandtruth_desktop.core.extract.regions import (
    SECTIONING,
    Region,
    attr_text,
    element_regions,
    hint_tokens,
    regions_of,
)

__all__ = [
    "Document", "Image", "Link", "Region", "Role", "TextBlock", "attr_text", "collapse",
    "element_regions", "hint_tokens", "page_text", "parse_document",
]


class Role(StrEnum):
    """What a text block is on the page."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    CAPTION = "caption"
    CELL = "cell"
    BUTTON = "button"
    LABEL = "label"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class TextBlock:
    """One run of visible text owned by one block element."""

    index: int
    text: str
    role: Role
    heading_level: int  # 1-6 when inside h1-h6, else 0
    regions: frozenset[Region]
    link_share: float  # share of the characters that sit inside <a>
    owner: Tag | None  # the block element that holds the text (None for the title)
    breaks: tuple[int, ...] = ()  # offsets in `text` where a <br> was

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Image:
    """An <img> on the page."""

    src: str  # resolved
    alt: str
    width: int | None
    height: int | None
    hints: str  # class, id and alt of the image and its close ancestors, lower-case
    regions: frozenset[Region]


@dataclass(frozen=True, slots=True)
class Link:
    """An <a href> on the page."""

    href: str  # resolved
    text: str
    rel: frozenset[str]


@dataclass(slots=True)
class Document:
    """A parsed page. Build it with `parse_document`."""

    url: str
    soup: BeautifulSoup
    title: str
    blocks: list[TextBlock]
    text: str
    lang: str
    meta: dict[str, list[str]]  # lower-case name/property/itemprop -> contents, in order
    link_rels: list[tuple[frozenset[str], str, str]]  # (rel tokens, resolved href, sizes)
    images: list[Image]
    links: list[Link]
    json_ld: list[str]  # raw texts of JSON-LD scripts
    styles: list[str]  # <style> texts
    inline_styles: list[str]  # style="" attribute values
    paint: list[str] = field(default_factory=list)  # fill/stroke/color/bgcolor attribute values
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    offsets: list[int] = field(default_factory=list)  # where each block starts in `text`
    # Elements carrying itemscope / itemprop / typeof / property, in page order.
    marked: dict[str, list[Tag]] = field(default_factory=dict)

    def resolve(self, href: str) -> str:
        """An absolute URL for `href` as written on this page."""
        href = href.strip()
        if not href or href.startswith(("data:", "javascript:")):
            return href
        return urljoin(self.url, href) if self.url else href

    def blocks_at(self, start: int, end: int) -> list[TextBlock]:
        """The blocks that the slice text[start:end] touches."""
        first = max(0, bisect_right(self.offsets, start) - 1)
        last = max(first, bisect_right(self.offsets, max(start, end - 1)) - 1)
        return self.blocks[first:last + 1]

    def blocks_in(self, tag: Tag) -> list[TextBlock]:
        """The text blocks inside `tag` (an element of this document's soup)."""
        start, end = self.spans.get(id(tag), (0, 0))
        return self.blocks[start:end]


BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "button", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "label",
    "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "img", "picture", "video", "audio",
})
SKIPPED_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object",
    "embed", "select", "datalist", "option", "optgroup", "head", "meta", "link", "title",
    "map", "input", "textarea", "source", "track", "param", "base",
})
ROLE_BY_TAG = {
    "p": Role.PARAGRAPH, "li": Role.LIST_ITEM, "dd": Role.LIST_ITEM, "dt": Role.LIST_ITEM,
    "blockquote": Role.QUOTE, "figcaption": Role.CAPTION, "caption": Role.CAPTION,
    "td": Role.CELL, "th": Role.CELL, "button": Role.BUTTON, "label": Role.LABEL,
    "legend": Role.LABEL, "summary": Role.HEADING,
}
HIDING_CLASSES = frozenset({
    "hidden", "hide", "d-none", "sr-only", "visually-hidden", "visuallyhidden",
    "screen-reader-text", "screen-reader-only", "is-hidden", "u-hidden", "invisible",
    "element-invisible", "a11y-hidden",
})
HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
STRUCTURE_ATTRIBUTES = ("itemscope", "itemprop", "typeof", "property")
PAINT_ATTRIBUTES = ("fill", "stroke", "stop-color", "color", "bgcolor")
ZERO_WIDTH = str.maketrans("", "", "\u200b\u2060\ufeff\u00ad")
SPACES = re.compile(r"\s+")
NOT_TEXT = (Comment, CData, ProcessingInstruction, Declaration, Doctype)


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces and invisible characters removed, stripped."""
    return SPACES.sub(" ", text.translate(ZERO_WIDTH)).strip()


def page_text(html: str) -> str:
    """The page's normalized visible text: the one string every fact quote must occur in."""
    return parse_document(html).text


def _is_hidden(tag: Tag) -> bool:
    if tag.get("hidden") is not None or attr_text(tag, "type").lower() == "hidden":
        return True
    if HIDING_CLASSES.intersection(attr_text(tag, "class").lower().split()):
        return True
    style = attr_text(tag, "style")
    return bool(style and HIDING_STYLE.search(style))


@dataclass(slots=True)
class _Context:
    regions: frozenset[Region]
    heading_level: int
    in_link: bool
    owner: Tag | None
    in_section: bool  # inside article, section, li …: a <header>/<footer> there is local


@dataclass(slots=True)
class _Buffer:
    """The text of the block being built, with how much of it is link text."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    link_chars: int = 0
    breaks: list[int] = field(default_factory=list)
    context: _Context | None = None

    def add(self, raw: str, context: _Context) -> None:
        text = SPACES.sub(" ", raw.translate(ZERO_WIDTH))
        if not text:
            return
        if text.startswith(" ") and (not self.parts or self.parts[-1].endswith(" ")):
            text = text[1:]
            if not text:
                return
        if self.context is None and text.strip():
            self.context = context
        self.parts.append(text)
        self.length += len(text)
        if context.in_link:
            self.link_chars += len(text.strip())

    def add_break(self) -> None:
        if self.parts and not self.parts[-1].endswith(" "):
            self.parts.append(" ")
            self.length += 1
        self.breaks.append(self.length)


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[TextBlock] = []
        self.buffer = _Buffer()

    def flush(self) -> None:
        buffer, self.buffer = self.buffer, _Buffer()
        raw = "".join(buffer.parts)
        text = raw.strip()
        if not text or buffer.context is None:
            return
        lead = len(raw) - len(raw.lstrip())
        breaks = tuple(b - lead for b in buffer.breaks if 0 < b - lead < len(text))
        ctx = buffer.context
        owner = ctx.owner
        role = Role.TEXT
        if ctx.heading_level:
            role = Role.HEADING
        elif owner is not None:
            role = ROLE_BY_TAG.get(owner.name, Role.TEXT)
            if role is Role.TEXT and Region.QUOTE in ctx.regions:
                role = Role.QUOTE
        self.blocks.append(TextBlock(
            index=len(self.blocks), text=text, role=role, heading_level=ctx.heading_level,
            regions=ctx.regions, link_share=min(1.0, buffer.link_chars / max(1, len(text))),
            owner=owner, breaks=breaks,
        ))


def _walk_body(root: Tag, spans: dict[int, tuple[int, int]]) -> list[TextBlock]:
    """Turn the body into text blocks, without recursion (broken pages nest deeply)."""
    builder = _Builder()
    base = _Context(frozenset(), 0, False, None, False)
    # Each entry: (node, context of its parent, exiting?)
    stack: list[tuple[object, _Context, bool]] = [(root, base, False)]
    entered: dict[int, int] = {}
    while stack:
        node, ctx, exiting = stack.pop()
        if isinstance(node, Tag):
            if exiting:
                if node.name in BLOCK_TAGS:
                    builder.flush()
                spans[id(node)] = (entered.pop(id(node)), len(builder.blocks) + (
                    1 if builder.buffer.parts else 0))
                continue
            name = node.name
            if name in SKIPPED_TAGS or _is_hidden(node):
                if name == "br":  # pragma: no cover - br is never skipped
                    builder.buffer.add_break()
                continue
            if name == "br":
                builder.buffer.add_break()
                continue
            is_block = name in BLOCK_TAGS
            if is_block:
                builder.flush()
            entered[id(node)] = len(builder.blocks)
            level = ctx.heading_level
            if len(name) == 2 and name[0] == "h" and name[1] in "123456":
                level = int(name[1])
            child = _Context(
                regions=regions_of(node, ctx.regions, ctx.in_section),
                heading_level=level,
                in_link=ctx.in_link or name == "a",
                owner=node if is_block else ctx.owner,
                in_section=ctx.in_section or name in SECTIONING,
            )
            stack.append((node, ctx, True))
            stack.extend((c, child, False) for c in reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, NOT_TEXT):
            builder.buffer.add(str(node), ctx)
    builder.flush()
    return builder.blocks


def _title_of(soup: BeautifulSoup) -> str:
    head = soup.head
    title = head.find("title") if head is not None else None
    if title is None:
        title = next((t for t in soup.find_all("title") if t.find_parent("svg") is None), None)
    return collapse(title.get_text()) if isinstance(title, Tag) else ""


def _size(value: str) -> int | None:
    match = re.match(r"\s*(\d+)", value)
    return int(match.group(1)) if match else None


def _image_hints(img: Tag) -> str:
    parts = [attr_text(img, "class"), attr_text(img, "id"), attr_text(img, "alt")]
    parent = img.parent
    for _ in range(3):
        if not isinstance(parent, Tag):
            break
        parts += [attr_text(parent, "class"), attr_text(parent, "id")]
        parent = parent.parent
    return " ".join(parts).lower()


def parse_document(html: str, url: str = "") -> Document:
    """Parse a page once; everything else reads the result."""
    soup = BeautifulSoup(html.replace("\x00", ""), "lxml")
    base = soup.find("base", href=True)
    doc = Document(
        url=url, soup=soup, title=_title_of(soup), blocks=[], text="", lang="", meta={},
        link_rels=[], images=[], links=[], json_ld=[], styles=[], inline_styles=[],
    )
    if isinstance(base, Tag) and url:
        doc.url = urljoin(url, attr_text(base, "href"))
    html_tag = soup.find("html")
    if isinstance(html_tag, Tag):
        doc.lang = attr_text(html_tag, "lang").strip().lower()
    for tag in soup.find_all(True):
        name = tag.name
        for marker in STRUCTURE_ATTRIBUTES:
            if tag.has_attr(marker):
                doc.marked.setdefault(marker, []).append(tag)
        if name == "meta":
            key = (attr_text(tag, "name") or attr_text(tag, "property")
                   or attr_text(tag, "itemprop") or attr_text(tag, "http-equiv")).strip().lower()
            content = attr_text(tag, "content").strip()
            if key and content:
                doc.meta.setdefault(key, []).append(collapse(content))
        elif name == "link" and tag.get("href"):
            rels = frozenset(attr_text(tag, "rel").lower().split())
            doc.link_rels.append((rels, doc.resolve(attr_text(tag, "href")),
                                  attr_text(tag, "sizes")))
        elif name == "a" and tag.get("href"):
            href = attr_text(tag, "href").strip()
            if not href.startswith(("#", "javascript:", "mailto:", "tel:")):
                doc.links.append(Link(doc.resolve(href), collapse(tag.get_text(" ")),
                                      frozenset(attr_text(tag, "rel").lower().split())))
        elif name == "script":
            if "ld+json" in attr_text(tag, "type").lower():
                doc.json_ld.append(tag.get_text())
        elif name == "style":
            doc.styles.append(tag.get_text())
        elif name == "img":
            src = (attr_text(tag, "src") or attr_text(tag, "data-src")
                   or attr_text(tag, "data-lazy-src")).strip()
            if src and not src.startswith("data:"):
                doc.images.append(Image(
                    src=doc.resolve(src), alt=collapse(attr_text(tag, "alt")),
                    width=_size(attr_text(tag, "width")), height=_size(attr_text(tag, "height")),
                    hints=_image_hints(tag), regions=element_regions(tag),
                ))
        if name != "style":
            style = attr_text(tag, "style")
            if style:
                doc.inline_styles.append(style)
        for paint in PAINT_ATTRIBUTES:
            value = tag.get(paint)
            if isinstance(value, str) and value.startswith(("#", "rgb", "hsl")):
                doc.paint.append(value)
    blocks: list[TextBlock] = []
    if doc.title:
        blocks.append(TextBlock(0, doc.title, Role.TITLE, 0, frozenset(), 0.0, None))
    root = soup.body or soup
    body_blocks = _walk_body(root, doc.spans) if isinstance(root, Tag) else []
    offset = len(blocks)
    if offset:
        doc.spans = {k: (a + offset, b + offset) for k, (a, b) in doc.spans.items()}
        body_blocks = [
            TextBlock(b.index + offset, b.text, b.role, b.heading_level, b.regions, b.link_share,
                      b.owner, b.breaks)
            for b in body_blocks
        ]
    blocks.extend(body_blocks)
    doc.blocks = blocks
    position = 0
    for block in blocks:
        doc.offsets.append(position)
        position += len(block.text) + 1
    doc.text = " ".join(b.text for b in blocks)
    return doc
