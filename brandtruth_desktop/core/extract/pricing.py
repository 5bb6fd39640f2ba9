"""Pricing plans as a page states them: structured offers, pricing tables and plan cards.

A price on a page is not yet a plan: product listings ("Hazelnut Coffee $8.99") are left out.
Cards count as plans only inside something that says it is about pricing (a class or heading
like "pricing" / "plans" / "precios") or when their prices carry a period ("/mo").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
from brandtruth_desktop.core.extract.structured import Item
from brandtruth_desktop.core.models import PricePlan

SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
           "r$": "BRL", "zł": "PLN", "kr": "SEK", "₩": "KRW", "chf": "CHF"}
CODES = r"USD|EUR|GBP|CAD|AUD|NZD|CHF|JPY|MXN|BRL|INR|SEK|NOK|DKK|PLN"
AMOUNT = r"\d{1,3}(?:[,.\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
PRICE = re.compile(
    rf"(?P<cur1>US\$|R\$|[$€£¥₹₩]|\b(?:{CODES}))\s?(?P<amt1>{AMOUNT})"
    rf"|(?P<amt2>{AMOUNT})\s?(?P<cur2>[€£$]|zł|kr|\b(?:{CODES})\b)",
)
PERIODS = (
    ("month", r"/\s?(?:mo|mth|month|mes|monat|mois)\b|per month|a month|monthly|al mes|por mes|"
              r"mensual|pro monat|par mois|/mo\.?"),
    ("year", r"/\s?(?:yr|year|año|jahr|an)\b|per year|a year|yearly|annual(?:ly)?|al año|"
             r"por año|anual|pro jahr|par an"),
    ("week", r"/\s?(?:wk|week|semana)\b|per week|weekly|semanal"),
    ("day", r"/\s?day\b|per day|daily|al d[ií]a|por d[ií]a"),
)
PRICING_HINT = re.compile(r"pricing|price-?table|plans?\b|plan-|tiers?|packages?|precios|"
                          r"tarif|preise|prix", re.I)


def find_period(text: str) -> str | None:
    """"/mo", "per month", "Monthly price" → "month"; None when the text names no period."""
    for period, pattern in PERIODS:
        if re.search(pattern, text, re.I):
            return period
    return None


def parse_price(text: str) -> tuple[str, str | None] | None:
    """("7.99", "EUR") from "EUR7.99"; None when the text holds no price."""
    match = PRICE.search(text)
    if match is None:
        return None
    symbol = (match.group("cur1") or match.group("cur2") or "").lower()
    amount = (match.group("amt1") or match.group("amt2") or "").replace(" ", "")
    currency = SYMBOLS.get(symbol, symbol.upper() or None)
    return amount, currency


def _structured_plans(items: Sequence[Item], url: str) -> list[PricePlan]:
    plans: list[PricePlan] = []
    names = [i.text("name") for i in items if i.is_a("Product", "Offering", "Service")]
    only_name = names[0] if len(names) == 1 and names[0] else ""
    # An offer's own price specification is read with the offer, not again on its own.
    nested = {id(v) for i in items if i.is_a("Offer", "AggregateOffer")
              for v in i.values("priceSpecification") if isinstance(v, Item)}
    for item in items:
        if id(item) in nested:
            continue
        if item.is_a("Product", "Service", "SoftwareApplication"):
            for offer in item.values("offers"):
                if isinstance(offer, Item):
                    plans.extend(_offer_plans(offer, item.text("name") or "", url))
        elif item.is_a("UnitPriceSpecification", "PriceSpecification"):
            price = item.text("price", "hasCurrencyValue")
            if price:
                plans.append(PricePlan(only_name, price, item.text("priceCurrency", "hasCurrency"),
                                       None, url))
    return plans


def _offer_plans(offer: Item, product: str, url: str) -> list[PricePlan]:
    price = offer.text("price", "lowPrice")
    if not price:
        spec = offer.item("priceSpecification")
        price = spec.text("price") if spec else None
    if not price:
        return []
    period = None
    spec = offer.item("priceSpecification")
    if spec is not None:
        period = find_period(spec.text("unitText", "billingDuration") or "")
    return [PricePlan(offer.text("name") or product, price, offer.text("priceCurrency"),
                      period, url)]


def _table_plans(doc: Document, url: str) -> list[PricePlan]:
    plans: list[PricePlan] = []
    for table in doc.soup.find_all("table"):
        rows: list[list[str]] = []
        for row in table.find_all("tr"):
            cells: list[str] = []
            for cell in row.find_all(["td", "th"]):
                span = int(attr_text(cell, "colspan") or 1) if attr_text(
                    cell, "colspan").isdigit() else 1
                cells.extend([collapse(cell.get_text(" "))] * min(span, 20))
            rows.append(cells)
        header: list[str] | None = None
        for cells in rows:
            priced = [c for c in cells[1:] if parse_price(c) and len(c.split()) <= 4]
            if header is None and len([c for c in cells[1:] if c and len(c.split()) <= 4]) >= 2 \
                    and not priced:
                header = cells
                continue
            if header is None or len(priced) < 2:
                continue
            label = cells[0] if cells else ""
            for column, text in enumerate(cells):
                parsed = parse_price(text) if column else None
                if parsed and column < len(header) and header[column]:
                    period = find_period(text) or find_period(label)
                    plans.append(PricePlan(header[column], parsed[0], parsed[1], period, url))
    return plans


def _card_plans(doc: Document, url: str) -> list[PricePlan]:
    plans: list[PricePlan] = []
    for block in doc.blocks:
        if (block.role in (Role.TITLE, Role.CELL) or block.words > 6 or block.link_share > 0.5
                or block.regions & {Region.NAV, Region.FOOTER, Region.COOKIE}):
            continue
        parsed = parse_price(block.text)
        if parsed is None:
            continue
        card, name = _card_of(doc, block)
        if card is None or not name:
            continue
        in_pricing = any(PRICING_HINT.search(" ".join(hint_tokens(t)))
                         for t in [card, *card.parents] if isinstance(t, Tag))
        period = find_period(" ".join(b.text for b in doc.blocks_in(card)))
        if in_pricing or period:
            plans.append(PricePlan(name, parsed[0], parsed[1], period, url))
    return plans


def _card_of(doc: Document, price: TextBlock) -> tuple[Tag | None, str]:
    """The smallest element around a price that also holds a title, and that title."""
    element = price.owner
    for _ in range(5):
        if element is None:
            return None, ""
        blocks = doc.blocks_in(element)
        priced = [b for b in blocks if b.words <= 6 and parse_price(b.text)]
        if len(priced) > 1:
            return None, ""
        titles = [b for b in blocks if b.index < price.index and b.words <= 4
                  and (b.role is Role.HEADING or re.search(r"title|name|head", attr_text(
                      b.owner, "class") if b.owner else "", re.I))]
        if titles:
            return element, titles[-1].text
        parent = element.parent
        element = parent if isinstance(parent, Tag) else None
    return None, ""


def _amount(price: str) -> float | None:
    digits = re.sub(r"[^\d.,]", "", price)
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", digits):
        digits = re.sub(r"[,.]", "", digits)
    try:
        return float(digits.replace(",", "."))
    except ValueError:
        return None


def same_plan(first: PricePlan, second: PricePlan) -> bool:
    """The same plan found twice ("Team", 15.00 in JSON-LD; "Team Most popular", £15 on a card)."""
    if _amount(first.price) != _amount(second.price) or (
            first.currency and second.currency and first.currency != second.currency):
        return False
    a, b = first.plan.casefold(), second.plan.casefold()
    return not a or not b or a.startswith(b) or b.startswith(a)


def find_pricing(doc: Document, items: Sequence[Item], url: str) -> list[PricePlan]:
    """The page's plans, without duplicates, in the order found (structured data first)."""
    out: list[PricePlan] = []
    for plan in [*_structured_plans(items, url), *_table_plans(doc, url), *_card_plans(doc, url)]:
        known = next((i for i, p in enumerate(out) if same_plan(p, plan)), None)
        if known is None:
            out.append(plan)
        elif not out[known].plan and plan.plan:
            out[known] = plan
        elif out[known].period is None and plan.period:
            out[known] = PricePlan(out[known].plan, out[known].price, out[known].currency,
                                   plan.period, out[known].source_url)
    return out
