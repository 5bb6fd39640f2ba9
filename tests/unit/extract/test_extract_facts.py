"""Which passages become facts, of which kind, with their exact quotes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from brandtruth_desktop.core.extract import page_text
from brandtruth_desktop.core.extract.facts import clean_fact_text, fact_id
from brandtruth_desktop.core.models import BrandTruth, FactKind

Extract = Callable[[str], BrandTruth]
Page = Callable[..., str]


def kind_of(truth: BrandTruth, quote: str) -> FactKind | None:
    return next((f.kind for f in truth.facts if f.quote == quote), None)


@pytest.mark.parametrize(("sentence", "kind"), [
    ("More than 10,000+ teams ship with Acme.", FactKind.STATISTIC),
    ("99.9% uptime, every month.", FactKind.STATISTIC),
    ("Acme has been building rockets since 1998.", FactKind.STATISTIC),
    ("Millions of launches and counting.", FactKind.STATISTIC),
    ("We ship to all 50 states.", FactKind.STATISTIC),
    ("Start your 14-day free trial today.", FactKind.OFFER),
    ("Free shipping on orders over $50.", FactKind.OFFER),
    ("Get 20% off your first order.", FactKind.OFFER),
    ("Volume discounts on orders over $250!", FactKind.OFFER),
    ("No credit card required. Cancel anytime.", FactKind.OFFER),
    ("Plans start at $7/mo.", FactKind.OFFER),
    ("30-day money-back guarantee on every rocket.", FactKind.GUARANTEE),
    ("Every rocket comes with a 5-year warranty.", FactKind.GUARANTEE),
    ("Winner of the 2023 Red Dot design award.", FactKind.AWARD),
    ("Our launch pads are ISO 9001 certified.", FactKind.CERTIFICATION),
    ("Trusted by NASA, ESA and JAXA.", FactKind.CUSTOMER),
    ("Acme serves hundreds of agencies and private companies.", FactKind.CUSTOMER),
    ("The fastest rockets on the market.", FactKind.CLAIM),
    ("Acme turns any garage into a launch site.", FactKind.CLAIM),
    ("Works with any launch pad.", FactKind.CLAIM),
    ("Our rockets are made in Germany from recycled steel.", FactKind.CLAIM),
])
def test_a_sentence_becomes_a_fact_of_its_kind(extract: Extract, page: Page, sentence: str,
                                               kind: FactKind) -> None:
    truth = extract(page(f"<main><p>{sentence}</p></main>"))
    assert kind_of(truth, sentence) is kind, [(f.kind, f.quote) for f in truth.facts]


def test_spanish_copy_is_understood(extract: Extract, page: Page) -> None:
    truth = extract(page("""<main>
        <p>Envío gratis en pedidos de más de 50 €.</p>
        <p>Desde 2001 ayudamos a más de 3.000 clientes.</p>
        <p>Garantía de devolución de 30 días.</p></main>""", title="Acme | Cohetes"))
    assert kind_of(truth, "Envío gratis en pedidos de más de 50 €.") is FactKind.OFFER
    assert kind_of(truth, "Desde 2001 ayudamos a más de 3.000 clientes.") is FactKind.STATISTIC
    assert kind_of(truth, "Garantía de devolución de 30 días.") is FactKind.GUARANTEE


def test_page_furniture_is_not_a_fact(extract: Extract, page: Page) -> None:
    truth = extract(page("""
        <nav><ul><li><a href="/pricing">Free trial</a></li><li><a href="/">Home</a></li></ul></nav>
        <div class="cookie-consent"><p>We use cookies to give you the best experience.</p></div>
        <form><label>Email address</label><button>Sign up free</button></form>
        <main><h2>Products</h2><ul class="products">
          <li><a href="/p/1">Rocket Mini, 1-lb</a> $8.99</li>
          <li><a href="/p/2">Rocket Max, 5-lb</a> $19.99</li></ul>
          <p>Acme rockets reach orbit in 9 minutes.</p></main>
        <footer><p>© 2024 Acme, Inc. All rights reserved.</p>
          <ul><li><a href="/terms">Terms of Service</a></li></ul></footer>"""))
    quotes = [f.quote for f in truth.facts]
    assert "Acme rockets reach orbit in 9 minutes." in quotes
    assert not any("cookies" in q or "©" in q or "Email" in q or "$8.99" in q or q == "Home"
                   for q in quotes), quotes


def test_the_footers_about_text_is_a_fact_but_its_links_are_not(
        extract: Extract, page: Page) -> None:
    truth = extract(page("""<main><p>Rockets for everyone.</p></main><footer>
        <h6>About Acme</h6><p>Acme Inc. is a trusted maker of reusable rockets for schools,
        universities and research labs worldwide.</p>
        <ul><li><a href="/careers">Careers</a></li></ul></footer>"""))
    assert any(f.quote.startswith("Acme Inc. is a trusted maker") for f in truth.facts)
    assert all(f.quote != "Careers" for f in truth.facts)


def test_fragments_stay_together_and_trailing_links_are_dropped(
        extract: Extract, page: Page) -> None:
    truth = extract(page("""<main><h2>Pricing</h2>
        <p>No commitment. Cancel online anytime.</p>
        <p>Unlimited launches in minutes <a href="/more">Learn more »</a></p></main>"""))
    quotes = [f.quote for f in truth.facts]
    assert "No commitment. Cancel online anytime." in quotes
    assert "Unlimited launches in minutes" in quotes


def test_questions_and_labels_are_not_facts(extract: Extract, page: Page) -> None:
    truth = extract(page("""<main><h3>Is there a free trial?</h3>
        <p>Yes. Every plan starts with a free 14-day trial.</p>
        <h3>Best Selling Party Supplies</h3></main>"""))
    quotes = [f.quote for f in truth.facts]
    assert quotes == ["Rockets for everyone", "Yes. Every plan starts with a free 14-day trial."]


def test_near_duplicates_are_kept_once(extract: Extract, page: Page) -> None:
    truth = extract(page("""<main><table>
        <tr><th>Unlimited launches and TV shows</th><td>Unlimited launches and TV shows</td></tr>
        </table><p>Unlimited launches, and TV shows!</p></main>"""))
    assert sum("Unlimited launches" in f.quote for f in truth.facts) == 1


def test_every_quote_is_in_the_page_text_and_ids_are_stable(extract: Extract, page: Page) -> None:
    html = page("""<main><h1>Rockets&nbsp;for <em>everyone</em></h1>
        <p>Over   <b>1,200</b> schools fly Acme.<br>Free&nbsp;shipping worldwide.</p></main>""")
    first, second = extract(html), extract(html)
    text = page_text(html)
    assert first.facts and all(f.quote in text for f in first.facts)
    assert [f.id for f in first.facts] == [f.id for f in second.facts]
    assert len({f.id for f in first.facts}) == len(first.facts)
    fact = first.facts[0]
    assert fact.id == fact_id(fact.kind, fact.quote, fact.source_url)
    assert fact.id.startswith("f-") and len(fact.id) == 14


def test_fact_text_is_the_quote_tidied() -> None:
    assert clean_fact_text("• every plugin you'll ever need , guaranteed...") == (
        "Every plugin you'll ever need, guaranteed")
    assert clean_fact_text("“Simply the best.”") == "Simply the best."


def test_a_page_full_of_copy_is_capped(extract: Extract, page: Page) -> None:
    body = "".join(f"<p>We ship {n},000 rockets to {n} countries every year.</p>"
                   for n in range(1, 80))
    truth = extract(page(f"<main>{body}</main>"))
    assert len(truth.facts) <= 45
