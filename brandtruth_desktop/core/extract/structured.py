"""Structured data a page declares about itself: JSON-LD, microdata, RDFa, data-vocabulary.

All three become the same `Item` tree so the rest of the extractor asks one question ("is there
an AggregateRating?") whatever syntax the site used. Types and property names are shortened to
their last part: `http://schema.org/LocalBusiness` → `LocalBusiness`, `v:count` → `count`.
JSON-LD is read forgivingly: HTML comments and CDATA around it, trailing commas, raw control
characters, several objects in one script, `@graph`, lists and `@id` references all work.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape

from bs4 import Tag

from brandtruth_desktop.core.extract.document import Document, attr_text, collapse


@dataclass(slots=True)
class Item:
    """One thing the page describes (an Organization, a Product, an AggregateRating …)."""

    types: tuple[str, ...]
    props: dict[str, list[str | Item]] = field(default_factory=dict)
    source: str = "json-ld"  # "json-ld" | "microdata" | "rdfa"

    def is_a(self, *names: str) -> bool:
        """Whether any of the item's types is one of `names` (case-insensitive)."""
        wanted = {n.lower() for n in names}
        return any(t.lower() in wanted for t in self.types)

    def values(self, *names: str) -> list[str | Item]:
        """All values of the first of `names` the item has (property names case-insensitive)."""
        lowered = {k.lower(): v for k, v in self.props.items()}
        for name in names:
            found = lowered.get(name.lower())
            if found:
                return found
        return []

    def text(self, *names: str) -> str | None:
        """The first plain-text value of the first property of `names` the item has."""
        for value in self.values(*names):
            if isinstance(value, str):
                cleaned = clean_text(value)
                if cleaned:
                    return cleaned
            elif value.text("name", "@value") is not None:
                return value.text("name", "@value")
        return None

    def item(self, *names: str) -> Item | None:
        """The first nested item among the values of `names`."""
        for value in self.values(*names):
            if isinstance(value, Item):
                return value
        return None

    def url(self, *names: str) -> str | None:
        """A URL value: a plain string, or an ImageObject's url/contentUrl."""
        for value in self.values(*names):
            if isinstance(value, str) and value.strip():
                return value.strip()
            if isinstance(value, Item):
                nested = value.text("url", "contentUrl", "@id")
                if nested:
                    return nested
        return None


TAGS = re.compile(r"<[^>]+>")


def clean_text(value: str) -> str:
    """Plain text from a structured value that may hold HTML and entities."""
    return collapse(unescape(TAGS.sub(" ", value)))


def short_name(name: str) -> str:
    """`http://schema.org/Offer` → `Offer`; `v:Review-aggregate` → `Review-aggregate`."""
    name = name.strip().rstrip("/#")
    return re.split(r"[/#:]", name)[-1] if name else ""


# ---------------------------------------------------------------- JSON-LD

TRAILING_COMMA = re.compile(r",\s*([}\]])")


def load_json_ld(raw: str) -> list[object]:
    """Every JSON value in a JSON-LD script, forgiving the usual mistakes; [] if hopeless."""
    text = raw.strip()
    text = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)", "", text)
    text = re.sub(r"(?:-->|//\s*\]\]>|\]\]>)\s*$", "", text).strip()
    if not text:
        return []
    for attempt in (text, TRAILING_COMMA.sub(r"\1", text)):
        values: list[object] = []
        decoder = json.JSONDecoder(strict=False)
        position = 0
        try:
            while position < len(attempt):
                while position < len(attempt) and attempt[position] in " \t\r\n;,":
                    position += 1
                if position >= len(attempt):
                    break
                value, position = decoder.raw_decode(attempt, position)
                values.append(value)
        except ValueError:
            if values:
                return values
            continue
        return values
    return []


def _from_json(value: object, ids: dict[str, Item]) -> list[str | Item]:
    if isinstance(value, dict):
        return [_item_from_json(value, ids)]
    if isinstance(value, list):
        out: list[str | Item] = []
        for element in value:
            out.extend(_from_json(element, ids))
        return out
    if value is None or isinstance(value, bool):
        return []
    return [str(value)]


def _item_from_json(data: dict[str, object], ids: dict[str, Item]) -> Item:
    raw_type = data.get("@type", ())
    types = tuple(
        short_name(t) for t in (raw_type if isinstance(raw_type, list) else [raw_type])
        if isinstance(t, str)
    )
    item = Item(types=types)
    for key, value in data.items():
        if key in ("@type", "@context"):
            continue
        name = short_name(key) if not key.startswith("@") else key
        item.props[name] = _from_json(value, ids)
    identifier = data.get("@id")
    if isinstance(identifier, str) and len(data) > 1:
        ids.setdefault(identifier, item)
    return item


def _json_ld_items(doc: Document) -> list[Item]:
    ids: dict[str, Item] = {}
    roots: list[Item] = []
    for raw in doc.json_ld:
        for value in load_json_ld(raw):
            for element in value if isinstance(value, list) else [value]:
                if not isinstance(element, dict):
                    continue
                graph = element.get("@graph")
                if isinstance(graph, list):
                    roots.extend(_from_json_items(graph, ids))
                    rest = {k: v for k, v in element.items() if k not in ("@graph", "@context")}
                    if rest:
                        roots.append(_item_from_json(rest, ids))
                else:
                    roots.append(_item_from_json(element, ids))
    _resolve_references(roots, ids)
    return roots


def _from_json_items(values: list[object], ids: dict[str, Item]) -> list[Item]:
    return [v for v in _from_json(values, ids) if isinstance(v, Item)]


def _resolve_references(roots: list[Item], ids: dict[str, Item]) -> None:
    """Replace `{"@id": …}` stubs with the full item of that id (Yoast-style graphs)."""
    if not ids:
        return
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        for values in item.props.values():
            for index, value in enumerate(values):
                if isinstance(value, Item):
                    if not value.types and set(value.props) == {"@id"}:
                        ref = value.props["@id"][0]
                        target = ids.get(ref) if isinstance(ref, str) else None
                        if target is not None:
                            values[index] = target
                            value = target
                    stack.append(value)


# ---------------------------------------------------------------- microdata and RDFa

def _element_value(tag: Tag, *, rdfa: bool) -> str:
    if tag.get("content") is not None:
        return attr_text(tag, "content").strip()
    name = tag.name
    if not rdfa:
        if name in ("a", "area", "link"):
            return attr_text(tag, "href").strip()
        if name in ("img", "audio", "video", "source", "embed", "iframe", "track"):
            return attr_text(tag, "src").strip()
        if name == "object":
            return attr_text(tag, "data").strip()
        if name in ("data", "meter") and tag.get("value") is not None:
            return attr_text(tag, "value").strip()
    elif name == "img" and tag.get("src") is not None:
        return attr_text(tag, "src").strip()
    if name == "time" and tag.get("datetime") is not None:
        return attr_text(tag, "datetime").strip()
    return collapse(tag.get_text(" "))


def _scoped_items(doc: Document, scope_attr: str, prop_attr: str, source: str) -> list[Item]:
    """Items declared with `scope_attr` (itemscope / typeof), properties with `prop_attr`."""
    scopes = doc.marked.get(scope_attr, [])
    if not scopes:
        return []
    items: dict[int, Item] = {}
    for scope in scopes:
        type_attr = "itemtype" if scope_attr == "itemscope" else "typeof"
        types = tuple(short_name(t) for t in attr_text(scope, type_attr).split())
        items[id(scope)] = Item(types=types, source=source)
    for element in doc.marked.get(prop_attr, []):
        owner = next((p for p in element.parents if p.has_attr(scope_attr)), None)
        if owner is None or id(owner) not in items:
            continue
        value: str | Item
        if id(element) in items:
            value = items[id(element)]
        else:
            value = _element_value(element, rdfa=source == "rdfa")
        for name in attr_text(element, prop_attr).split():
            items[id(owner)].props.setdefault(short_name(name), []).append(value)
    return [items[id(scope)] for scope in scopes]


def structured_items(doc: Document) -> list[Item]:
    """Every item on the page, nested ones included, JSON-LD first, then microdata, then RDFa."""
    roots = (
        _json_ld_items(doc)
        + _scoped_items(doc, "itemscope", "itemprop", "microdata")
        + _scoped_items(doc, "typeof", "property", "rdfa")
    )
    return list(_flatten(roots))


def _flatten(roots: list[Item]) -> Iterator[Item]:
    seen: set[int] = set()
    stack = list(reversed(roots))
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        nested = [v for values in item.props.values() for v in values if isinstance(v, Item)]
        stack.extend(reversed(nested))
