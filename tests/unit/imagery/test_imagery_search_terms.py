"""Search terms come from what the ad says, never from chance."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from brandtruth_desktop.core.imagery.search_terms import FALLBACK_TERM, search_terms
from brandtruth_desktop.core.models import Fact, FactKind

ROASTING = Fact(
    "f1", FactKind.CLAIM, "Our beans are roasted fresh every Monday in Portland.",
    "Our beans are roasted fresh every Monday in Portland by Acme Roasters.",
    "https://acme.example/about",
)


def coffee_terms(angle: str = "benefit") -> tuple[str, ...]:
    return search_terms(
        angle,
        headline="Fresh Coffee Beans, Roasted Weekly",
        primary_text="Acme Roasters roasts small-batch coffee beans every Monday.",
        facts=[ROASTING],
        brand_name="Acme Roasters",
        brand_context=["Small-batch coffee, delivered"],
    )


def test_terms_name_what_the_ad_is_about_with_the_angles_mood() -> None:
    assert coffee_terms() == ("coffee beans", "beans lifestyle", "beans")
    assert coffee_terms("social_proof")[1] == "beans people"
    assert coffee_terms("Social proof")[1] == "beans people"


def test_the_brand_and_product_names_never_become_search_words() -> None:
    terms = " ".join(coffee_terms())
    for name in ("acme", "roasters", "portland", "monday"):
        assert name not in terms


def test_sales_words_and_numbers_are_left_out() -> None:
    terms = search_terms(
        "offer", headline="Save 20% today — best deal, free shipping",
        primary_text="Order now and get free shipping on every pair of hiking boots.",
    )
    assert terms[0] == "hiking boots"
    assert all(word not in " ".join(terms) for word in ("save", "deal", "free", "20"))
    assert "boots shopping" in terms


def test_with_nothing_to_show_the_mood_or_a_neutral_texture_is_searched() -> None:
    assert search_terms("pain") == ("stress",)
    assert search_terms("unknown angle", headline="The best, now!") == (FALLBACK_TERM,)


def test_at_most_max_terms_and_never_a_duplicate() -> None:
    terms = search_terms("curiosity", headline="Trail running shoes for rocky trails",
                         max_terms=2)
    assert len(terms) == 2 and len(set(terms)) == 2


def test_the_same_input_gives_the_same_terms_in_any_process() -> None:
    script = textwrap.dedent(
        """
        from brandtruth_desktop.core.imagery.search_terms import search_terms
        print(search_terms("benefit", headline="Organic tea leaves and herbal tea blends",
                           primary_text="Loose leaf tea from small farms, packed by hand.",
                           brand_context=["Tea for slow mornings"]))
        """
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    assert "tea" in outputs.pop()
