"""Aggregate ratings and pricing plans as the page states them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from brandtruth_desktop.core.extract.rating import parse_number
from brandtruth_desktop.core.models import BrandTruth, FactKind, PricePlan

Extract = Callable[[str], BrandTruth]
Page = Callable[..., str]


def test_aggregate_rating_in_json_ld(extract: Extract, page: Page) -> None:
    head = """<script type="application/ld+json">{"@type": "Product", "name": "Rocket",
        "aggregateRating": {"@type": "AggregateRating", "ratingValue": "4.7", "bestRating": 5,
        "ratingCount": "1,340", "reviewCount": 200}}</script>"""
    truth = extract(page("<p>Rated 4.7 out of 5 by our customers (1,340 ratings)</p>", head=head))
    assert truth.rating is not None
    assert (truth.rating.value, truth.rating.best, truth.rating.count) == (4.7, 5.0, 1340)
    rating_facts = [f for f in truth.facts if f.kind is FactKind.RATING]
    assert len(rating_facts) == 1 and "1,340 ratings" in rating_facts[0].quote


def test_aggregate_rating_in_microdata(extract: Extract, page: Page) -> None:
    truth = extract(page("""<div itemscope itemtype="https://schema.org/Product">
        <span itemprop="name">Rocket</span>
        <div itemprop="aggregateRating" itemscope itemtype="https://schema.org/AggregateRating">
          <span itemprop="ratingValue">4,5</span> / <span itemprop="bestRating">5</span>
          (<span itemprop="reviewCount">87</span> reviews)</div></div>"""))
    assert truth.rating is not None
    assert (truth.rating.value, truth.rating.best, truth.rating.count) == (4.5, 5.0, 87)


def test_data_vocabulary_rating_wins_over_the_visible_snapshot(
        extract: Extract, page: Page) -> None:
    truth = extract(page("""<div>Rating Snapshot (107 reviews)</div>
        <div xmlns:v="http://rdf.data-vocabulary.org/#"><span typeof="v:Review-aggregate">
        <span property="v:rating">5.0</span> <span property="v:count">38 Reviews</span>
        </span></div>"""))
    assert truth.rating is not None
    assert (truth.rating.value, truth.rating.count) == (5.0, 38)


def test_rating_from_text_when_there_is_no_structured_data(extract: Extract, page: Page) -> None:
    truth = extract(page("<main><p>Customers rate us 4.8/5 (2,310 reviews)</p></main>"))
    assert truth.rating is not None
    assert (truth.rating.value, truth.rating.best, truth.rating.count) == (4.8, 5.0, 2310)


@pytest.mark.parametrize(("text", "number"), [
    ("4,5", 4.5), ("1,340", 1340.0), ("38 Reviews", 38.0), ("1.234.567", 1234567.0),
    ("no number", None),
])
def test_numbers_as_pages_write_them(text: str, number: float | None) -> None:
    assert parse_number(text) == number


def test_pricing_table(extract: Extract, page: Page) -> None:
    truth = extract(page("""<table><tr><th></th><th>Basic</th><th>Standard</th><th>Premium</th>
        </tr><tr><td>Monthly price</td><td>EUR7.99</td><td>EUR9.99</td><td>EUR11.99</td></tr>
        <tr><td>Screens</td><td>1</td><td>2</td><td>4</td></tr></table>"""))
    assert [(p.plan, p.price, p.currency, p.period) for p in truth.pricing] == [
        ("Basic", "7.99", "EUR", "month"), ("Standard", "9.99", "EUR", "month"),
        ("Premium", "11.99", "EUR", "month")]


def test_pricing_cards(extract: Extract, page: Page) -> None:
    cards = "".join(f"""<div class="plan"><h3>{name}</h3><div class="price">{price}</div>
        <ul><li>{n} launches</li></ul></div>""" for name, price, n in [
        ("Starter", "$0", 1), ("Pro", "$29/mo", 10), ("Team", "€99 per month", 50)])
    truth = extract(page(f"<section id='pricing'><h2>Plans</h2>{cards}</section>"))
    assert [(p.plan, p.price, p.currency) for p in truth.pricing] == [
        ("Starter", "0", "USD"), ("Pro", "29", "USD"), ("Team", "99", "EUR")]
    assert truth.pricing[1].period == "month"


def test_a_product_listing_is_not_a_pricing_plan(extract: Extract, page: Page) -> None:
    listing = "".join(f"""<li class="product"><h3><a href="/p/{n}">Rocket {n}</a></h3>
        <span>$8.99</span></li>""" for n in range(3))
    truth = extract(page(f"<ul class='products'>{listing}</ul>"))
    assert truth.pricing == ()


def test_a_plan_in_structured_data_and_on_a_card_is_one_plan(extract: Extract, page: Page) -> None:
    head = """<script type="application/ld+json">{"@type": "SoftwareApplication",
        "name": "Acme", "offers": [{"@type": "Offer", "name": "Team", "price": "15.00",
        "priceCurrency": "GBP", "priceSpecification": {"@type": "UnitPriceSpecification",
        "price": "15.00", "priceCurrency": "GBP"}}]}</script>"""
    truth = extract(page("""<section class="pricing"><div class="plan">
        <h3>Team <span class="badge">Most popular</span></h3>
        <p><span class="price">£15</span> per user / month</p></div></section>""", head=head))
    assert [(p.plan, p.price, p.currency, p.period) for p in truth.pricing] == [
        ("Team", "15.00", "GBP", "month")]


def test_structured_offer(extract: Extract, page: Page) -> None:
    head = """<script type="application/ld+json">{"@type": "Product", "name": "Rocket Kit",
        "offers": {"@type": "Offer", "price": "49.00", "priceCurrency": "USD"}}</script>"""
    truth = extract(page("<p>Rocket Kit</p>", head=head))
    assert truth.pricing == (PricePlan("Rocket Kit", "49.00", "USD", None,
                                       "https://acme.example/"),)
