"""The extraction stage over a whole site: determinism, progress, cancel, warnings."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from brandtruth_desktop.core.extract import extract_brand_truth, extract_stage, page_text
from brandtruth_desktop.core.jobs import Cancelled, Progress, run_stage
from brandtruth_desktop.core.models import FactKind, PageSnapshot

Snapshot = Callable[..., PageSnapshot]
Page = Callable[..., str]
SITE = "https://acme.example/"

HOME = """<header><img class="logo" src="/logo.png" alt="Acme"></header>
<main><h1>Rockets for everyone</h1><p>Acme builds reusable rockets for schools.</p>
<section><h2>Why Acme</h2><p>Trusted by 1,200 schools in 40 countries.</p>
<p>Free shipping on every launch kit.</p></section>
<blockquote><p>Our students launched their first rocket within a week.</p>
<cite>Maria Lopez, Lincoln High</cite></blockquote></main>
<footer><p>© 2024 Acme, Inc.</p></footer>"""
PRICING = """<main><h1>Pricing</h1><p>Free shipping on every launch kit.</p>
<div class="pricing"><div class="plan"><h3>Classroom</h3><p class="price">$49/mo</p></div>
<div class="plan"><h3>District</h3><p class="price">$199/mo</p></div></div>
<p>30-day money-back guarantee.</p></main>"""


@pytest.fixture
def site(snapshot: Snapshot, page: Page) -> list[PageSnapshot]:
    return [snapshot(page(HOME), SITE),
            snapshot(page(PRICING, title="Pricing | Acme"), SITE + "pricing/")]


def test_a_site_becomes_one_brand_truth(site: list[PageSnapshot]) -> None:
    truth = extract_brand_truth(site, website_url=SITE)
    assert truth.brand_name == "Acme"
    assert truth.tagline == "Rockets for everyone"
    assert truth.logo_url == "https://acme.example/logo.png"
    assert [p.url for p in truth.pages] == [SITE, SITE + "pricing/"]
    kinds = {f.quote: f.kind for f in truth.facts}
    assert kinds["Trusted by 1,200 schools in 40 countries."] is FactKind.CUSTOMER
    assert kinds["30-day money-back guarantee."] is FactKind.GUARANTEE
    # Said on both pages, kept once, from the first page.
    shipping = [f for f in truth.facts if f.quote == "Free shipping on every launch kit."]
    assert [f.source_url for f in shipping] == [SITE]
    assert [(t.author, t.role) for t in truth.testimonials] == [("Maria Lopez", "Lincoln High")]
    assert [(p.plan, p.price, p.period) for p in truth.pricing] == [
        ("Classroom", "49", "month"), ("District", "199", "month")]
    texts = {p.url: page_text(p.html) for p in site}
    assert all(f.quote in texts[f.source_url] for f in truth.facts)


def test_the_same_pages_give_the_same_truth(site: list[PageSnapshot]) -> None:
    first = extract_brand_truth(site, website_url=SITE).to_dict()
    second = extract_brand_truth(site, website_url=SITE).to_dict()
    assert first == second
    assert json.loads(json.dumps(first)) == first  # the --json contract serialises


def test_the_stage_reports_each_page_and_can_be_cancelled(site: list[PageSnapshot]) -> None:
    seen: list[Progress] = []
    truth = run_stage(extract_stage(site, SITE), on_progress=seen.append)
    assert truth.brand_name == "Acme"
    assert [p.done for p in seen] == [0, 1, 2, 3, 4]
    assert all(p.total == 5 for p in seen)
    assert any(SITE + "pricing/" in p.message for p in seen)
    with pytest.raises(Cancelled):
        run_stage(extract_stage(site, SITE), should_cancel=lambda: True)


def test_a_javascript_only_page_says_so(snapshot: Snapshot) -> None:
    html = """<html><head><title>Acme</title><script src="/app.js"></script></head>
      <body><div id="root"></div><noscript>You need to enable JavaScript.</noscript>
      </body></html>"""
    truth = extract_brand_truth([snapshot(html, SITE)], website_url=SITE)
    assert truth.facts == ()
    assert truth.warnings == (
        "Few facts were found on https://acme.example/; the page seems to need JavaScript. "
        "Add facts by hand.",)


def test_what_is_not_a_web_page_is_skipped_and_the_rest_kept(
        snapshot: Snapshot, page: Page) -> None:
    pdf = snapshot("%PDF-1.7 ...", SITE + "brochure.pdf", content_type="application/pdf")
    home = snapshot(page(HOME), SITE)
    truth = extract_brand_truth([pdf, home], website_url=SITE)
    assert [p.url for p in truth.pages] == [SITE]
    assert truth.facts
    assert any("brochure.pdf is not a web page" in w for w in truth.warnings)


def test_legal_pages_give_no_facts_and_no_warning(snapshot: Snapshot, page: Page) -> None:
    privacy = snapshot(page("""<main><h1>Privacy notice</h1><p>Acme Ltd is the data controller
        for the personal data you give us. We use it to provide the service.</p></main>""",
                            title="Privacy notice | Acme"), SITE + "privacy/")
    truth = extract_brand_truth([snapshot(page(HOME), SITE), privacy], website_url=SITE)
    assert not [f for f in truth.facts if f.source_url == SITE + "privacy/"]
    assert truth.warnings == ()


def test_a_declared_slogan_is_the_tagline(snapshot: Snapshot, page: Page) -> None:
    head = """<script type="application/ld+json">{"@type": "Organization", "name": "Acme",
        "slogan": "Plan less. Launch more."}</script>"""
    truth = extract_brand_truth([snapshot(page(HOME, head=head), SITE)], website_url=SITE)
    assert truth.tagline == "Plan less. Launch more."


def test_no_pages_gives_an_empty_truth_that_says_why() -> None:
    truth = extract_brand_truth([], website_url="https://acme.example/")
    assert truth.brand_name == "Acme" and truth.facts == ()
    assert "No pages were given, so nothing could be extracted." in truth.warnings


PRODUCT_PAGE = """<!doctype html><html><head><title>Brightly Candles – Hand-poured candles</title>
<meta property="og:site_name" content="Brightly Candles"><meta name="theme-color" content="#C2410C">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product",
 "name": "Fig & Cedar Candle", "image": "https://brightly.example/fig.jpg",
 "offers": {"@type": "Offer", "price": "32.00", "priceCurrency": "USD"},
 "aggregateRating": {"@type": "AggregateRating", "ratingValue": "4.9", "reviewCount": "212"},
 "review": [{"@type": "Review", "author": {"@type": "Person", "name": "Priya S."},
   "reviewBody": "The scent fills the whole room without being overpowering."}]}</script>
</head><body>
<div id="onetrust-banner-sdk"><p>We use cookies to improve your experience.</p></div>
<div class="announcement-bar"><a href="/shipping">Free shipping on orders over $50</a></div>
<header class="site-header"><a href="/"><img class="header__logo" src="/logo.svg"
 alt="Brightly Candles"></a><nav><ul><li><a href="/shop">Shop</a></li></ul></nav></header>
<main><h1>Fig & Cedar Candle</h1><div class="price">$32.00</div>
<div class="rating">4.9 (212 reviews)</div>
<ul><li>Hand-poured in small batches in Portland, Oregon</li><li>50+ hour burn time</li></ul>
<button>Add to cart</button>
<section class="reviews"><h2>Customer reviews</h2>
<div class="review"><p class="review__body">The scent fills the whole room without being
 overpowering.</p><p class="review__author">Priya S.</p></div>
<div class="review"><p class="review__body">Lovely candle, I already ordered three more as
 gifts.</p><p class="review__author">Tom R.</p></div></section>
<section><h2>Why Brightly</h2><p>Featured in Vogue, The Guardian and Real Simple.</p></section>
</main><footer><p>© 2024 Brightly Candles LLC. All rights reserved.</p></footer></body></html>"""


def test_a_shops_product_page(snapshot: Snapshot) -> None:
    url = "https://brightly.example/products/fig"
    truth = extract_brand_truth([snapshot(PRODUCT_PAGE, url)], website_url="https://brightly.example/")
    assert truth.brand_name == "Brightly Candles"
    assert truth.logo_url == "https://brightly.example/logo.svg"
    assert truth.colors[0] == "#c2410c"
    assert truth.images[0] == "https://brightly.example/fig.jpg"
    assert truth.rating is not None and (truth.rating.value, truth.rating.count) == (4.9, 212)
    assert [(p.plan, p.price, p.currency) for p in truth.pricing] == [
        ("Fig & Cedar Candle", "32.00", "USD")]
    assert [(t.author, t.quote[:9]) for t in truth.testimonials] == [
        ("Priya S.", "The scent"), ("Tom R.", "Lovely ca")]
    kinds = {f.quote: f.kind for f in truth.facts}
    assert kinds["Free shipping on orders over $50"] is FactKind.OFFER
    assert kinds["Hand-poured in small batches in Portland, Oregon"] is FactKind.CLAIM
    assert kinds["50+ hour burn time"] is FactKind.STATISTIC
    assert kinds["Featured in Vogue, The Guardian and Real Simple."] is FactKind.AWARD
    assert kinds["4.9 (212 reviews)"] is FactKind.RATING
    assert not any("cookies" in q or "©" in q or q == "Add to cart" for q in kinds)
    assert truth.tagline is None  # a product page's title names the product, not a promise
