"""Testimonials: exact quotes with who said them, however the page marks them up."""

from __future__ import annotations

from collections.abc import Callable

from brandtruth_desktop.core.extract import page_text
from brandtruth_desktop.core.models import BrandTruth, FactKind

Extract = Callable[[str], BrandTruth]
Page = Callable[..., str]


def by_author(truth: BrandTruth) -> dict[str | None, tuple[str, str | None]]:
    return {t.author: (t.quote, t.role) for t in truth.testimonials}


def test_blockquote_with_cite(extract: Extract, page: Page) -> None:
    truth = extract(page("""<aside><blockquote><p>There&acute;s an Acme rocket for everything
        my clients dream up</p><footer><cite>&mdash;Julie Freeman, Sistak Creative, Member</cite>
        </footer></blockquote></aside>"""))
    assert by_author(truth)["Julie Freeman"] == (
        "There´s an Acme rocket for everything my clients dream up", "Sistak Creative, Member")


def test_figure_with_figcaption(extract: Extract, page: Page) -> None:
    truth = extract(page("""<figure><blockquote>“Launch day went perfectly, and the support
        team answered within minutes.”</blockquote><figcaption>Ana Ruiz, CTO at Orbita
        </figcaption></figure>"""))
    quote, role = by_author(truth)["Ana Ruiz"]
    assert quote == ("Launch day went perfectly, and the support team answered within minutes.")
    assert role == "CTO at Orbita"


def test_quote_with_a_trailing_dash_attribution(extract: Extract, page: Page) -> None:
    truth = extract(page("""<div class="testimonial"><blockquote>"I would recommend Acme to
        anyone. Ordering is easy and service is excellent..." <em>- Nancy D., Maryland</em>
        </blockquote></div>"""))
    assert by_author(truth)["Nancy D."] == (
        "I would recommend Acme to anyone. Ordering is easy and service is excellent...",
        "Maryland")


def test_json_ld_review_that_is_on_the_page(extract: Extract, page: Page) -> None:
    head = """<script type="application/ld+json">{"@type": "Product", "name": "Rocket",
        "review": [{"@type": "Review", "author": {"@type": "Person", "name": "Sam Lee"},
                    "reviewBody": "Best purchase of the year, it flew on the first try."},
                   {"@type": "Review", "author": "Kim", "reviewBody": "Not shown anywhere."}]}
        </script>"""
    truth = extract(page("""<section><p>Best purchase of the year, it flew on the first try.</p>
        <p>Sam Lee</p></section>""", head=head))
    assert by_author(truth)["Sam Lee"][0] == "Best purchase of the year, it flew on the first try."
    # A review that is not on the page cannot be quoted, so it is not a testimonial.
    assert "Kim" not in by_author(truth)


def test_slider_of_quotes_and_names_without_telling_markup(extract: Extract, page: Page) -> None:
    items = "".join(f"""<div class="item"><div class="wrapper"><p>{quote}</p><h6>{who}</h6>
        </div></div>""" for quote, who in [
        ("We track every launch. Acme shows us how we are doing at any given moment.",
         "Region 6 Space Agency"),
        ("I highly recommend Acme for your rockets! The workflow makes it very friendly.",
         "Texas Rocket Network"),
        ("The customer service is always prompt and the team has always responded quickly.",
         "Yellowknife Flying Club"),
    ])
    truth = extract(page(f"<div class='carousel'>{items}</div>"))
    assert list(by_author(truth)) == [
        "Region 6 Space Agency", "Texas Rocket Network", "Yellowknife Flying Club"]


def test_section_headings_after_paragraphs_are_not_authors(extract: Extract, page: Page) -> None:
    truth = extract(page("""<div class="about"><h2>Rockets</h2>
        <p>We build our rockets by hand in our own workshop, one at a time, with care.</p>
        <h2>Launch Pads</h2>
        <p>Our launch pads fold away in minutes and fit in the boot of any car we know.</p>
        <h2>Spare Parts</h2><p>Spare parts ship the same day from our warehouse in Ohio.</p>
        </div>"""))
    assert truth.testimonials == ()


def test_testimonials_are_facts_and_not_brand_claims(extract: Extract, page: Page) -> None:
    html = page("""<blockquote><p>Acme is the best rocket maker in the world, period.</p>
        <cite>Lee K.</cite></blockquote>""")
    truth = extract(html)
    facts = [f for f in truth.facts if "best rocket maker" in f.quote]
    assert [f.kind for f in facts] == [FactKind.TESTIMONIAL]
    assert facts[0].quote in page_text(html)
    assert facts[0].text.endswith("— Lee K.")
