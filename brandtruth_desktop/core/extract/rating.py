"""The aggregate rating a page states: structured data first, the visible text as a fallback.

schema.org `AggregateRating` (JSON-LD or microdata, on its own or as a Product's or Recipe's
`aggregateRating`) and data-vocabulary's `Review-aggregate` (microdata or RDFa: `v:rating`,
`v:count`, `v:votes`) are read the same way. When the structured count and the visible text
disagree, the structured value is kept: it is what the site declares to search engines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from brandtruth_desktop.core.extract.document import Document, Region
from brandtruth_desktop.core.extract.structured import Item
from brandtruth_desktop.core.models import Rating

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
REVIEW_WORDS = (r"(?:reviews?|ratings?|votes?|rese[ñn]as?|opiniones|valoraciones|avis|"
                r"bewertungen|avalia[çc][õo]es)")
TEXT_RATING = re.compile(
    rf"(?P<value>\d(?:[.,]\d{{1,2}})?)\s*(?:out of|/|de|sur|von|of)\s*(?P<best>5|10)\b"
    rf"(?:\s*stars?|\s*estrellas)?(?:[^\d]{{0,32}}?(?P<count>\d[\d,.]*)\s+{REVIEW_WORDS})?",
    re.I,
)
COUNT_TEXT = re.compile(rf"\b(?P<count>\d[\d,.]*)\s+{REVIEW_WORDS}\b", re.I)


def parse_number(text: str | None) -> float | None:
    """A number as a page writes it: "4,5", "1,340", "38 Reviews", "5.0"."""
    if not text:
        return None
    match = NUMBER.search(text)
    if match is None:
        return None
    raw = match.group(0)
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", raw):  # thousands separators
        return float(re.sub(r"[,.]", "", raw))
    raw = raw.replace(",", ".")
    if raw.count(".") > 1:
        return None
    return float(raw)


def _rating_from(item: Item, url: str) -> Rating | None:
    value_item = item.item("rating", "ratingValue")
    value = parse_number(
        value_item.text("average", "ratingValue", "value") if value_item
        else item.text("ratingValue", "rating", "average", "value")
    )
    if value is None or value <= 0:
        return None
    best = parse_number(item.text("bestRating", "best"))
    if value_item is not None and best is None:
        best = parse_number(value_item.text("bestRating", "best"))
    count = parse_number(item.text("ratingCount", "reviewCount", "count", "votes"))
    if best is not None and value > best:
        return None
    if best is None and value > 100:
        return None
    return Rating(value=value, best=best, count=int(count) if count is not None else None,
                  source_url=url)


def structured_rating(items: Sequence[Item], url: str) -> Rating | None:
    """The aggregate rating the page declares in its structured data, or None."""
    for item in items:
        if item.is_a("AggregateRating", "Review-aggregate", "ReviewAggregate"):
            rating = _rating_from(item, url)
            if rating is not None:
                return rating
    return None


def find_rating(doc: Document, items: Sequence[Item], url: str) -> Rating | None:
    """The page's aggregate rating: declared in structured data, else stated in its text."""
    return structured_rating(items, url) or text_rating(doc, url)


def text_rating(doc: Document, url: str) -> Rating | None:
    """A rating the visible text states ("4.8/5 from 1,240 reviews"), or None."""
    for block in doc.blocks:
        if block.regions & {Region.NAV, Region.FOOTER, Region.COOKIE}:
            continue
        match = TEXT_RATING.search(block.text)
        if match:
            value = parse_number(match.group("value"))
            best = parse_number(match.group("best"))
            count = parse_number(match.group("count"))
            if value is not None and best is not None and 0 < value <= best:
                return Rating(value, best, int(count) if count is not None else None, url)
    return None


def rating_quote(doc: Document, rating: Rating) -> str | None:
    """Where the page's visible text states the rating (its count or its value), if it does."""
    for block in doc.blocks:
        if block.regions & {Region.NAV, Region.COOKIE}:
            continue
        for match in COUNT_TEXT.finditer(block.text):
            if rating.count is not None and parse_number(match.group("count")) == rating.count:
                return block.text if len(block.text.split()) <= 12 else match.group(0)
        stated = TEXT_RATING.search(block.text)
        if stated and parse_number(stated.group("value")) == rating.value:
            return stated.group(0).strip()
    return None
