"""The grounding gate: every reason a variant can be turned away, and what must pass."""

from __future__ import annotations

import pytest
from conftest import MakeFact, MakeVariant
from hypothesis import given
from hypothesis import strategies as st

from brandtruth_desktop.core.copy import grounding_gate
from brandtruth_desktop.core.copy.gate import DUPLICATE_SIMILARITY
from brandtruth_desktop.core.models import (
    Angle,
    CopyRequest,
    CopyVariant,
    Fact,
    FactKind,
    Risk,
)

REQUEST = CopyRequest()


def check(variant: CopyVariant, *facts: Fact, request: CopyRequest = REQUEST,
          brand: str = "Acme") -> tuple[str, ...]:
    """The codes of the reasons the gate gives (empty when the variant passes)."""
    passed, rejected = grounding_gate([variant], facts, request, brand_name=brand)
    assert len(passed) + len(rejected) == 1
    return rejected[0].codes if rejected else ()


def reasons(variant: CopyVariant, *facts: Fact, request: CopyRequest = REQUEST) -> str:
    _, rejected = grounding_gate([variant], facts, request, brand_name="Acme")
    return " | ".join(rejected[0].reasons) if rejected else ""


# --- numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "fact_says"), [
    ("Trusted by 10,000 teams", "Trusted by 10000 teams."),
    ("Trusted by 10000 teams", "Trusted by 10,000 teams."),
    ("Trusted by 10k teams", "Trusted by 10,000 teams."),
    ("Trusted by 10.000 teams", "Trusted by 10,000 teams."),
    ("99.9% uptime", "We promise 99.9 percent uptime."),
    ("Rated 5 stars", "Rated 5.0 by our customers."),
    ("Plans from $7/mo", "Upgraded plans start at $7/mo."),
    ("2.4 million tasks done", "2,400,000 tasks ticked off last month."),
    ("Ships in 1-2 business days", "Ships from our warehouse in 1-2 business days."),
    ("Thousands of themes", "Choose from thousands of themes."),
    ("Twelve colours", "Available in 12 colours."),
    ("From an hour to 15 minutes", "From an hour to fifteen minutes."),
])
def test_a_number_the_cited_fact_holds_passes_in_any_format(
        make_fact: MakeFact, make_variant: MakeVariant, written: str, fact_says: str) -> None:
    assert check(make_variant(written), make_fact(fact_says)) == ()


@pytest.mark.parametrize(("written", "kind"), [
    ("Trusted by 12,000 teams", "number"),
    ("Loved by 50,000 teams", "number"),     # a made-up statistic
    ("99% uptime", "percentage"),            # the fact says 99.9%
    ("Plans from €7/mo", "price"),           # the fact's price is in dollars
    ("Plans from $9/mo", "price"),
    ("Delivery in 2 days", "duration"),
])
def test_a_number_the_cited_fact_lacks_is_rejected_with_its_kind(
        make_fact: MakeFact, make_variant: MakeVariant, written: str, kind: str) -> None:
    facts = make_fact("Trusted by 10,000 teams, with 99.9% uptime and plans from $7/mo.")
    variant = make_variant(written)
    assert check(variant, facts) == ("unsupported_number",)
    assert f"the headline states the {kind}" in reasons(variant, facts)


def test_a_made_up_statistic_names_the_number_in_the_reason(
        make_fact: MakeFact, make_variant: MakeVariant) -> None:
    variant = make_variant("Rockets for everyone", "Acme rockets fly 3x higher for 87% of "
                           "customers.")
    text = reasons(variant, make_fact("Rockets for everyone"))
    assert "“87%”" in text and "“3”" in text


def test_number_words_the_facts_lack_are_rejected(make_fact: MakeFact,
                                                  make_variant: MakeVariant) -> None:
    assert check(make_variant("Millions of happy launches"),
                 make_fact("Thousands of happy launches.")) == ("unsupported_number",)


def test_a_number_in_a_fact_that_is_not_cited_does_not_count(
        make_fact: MakeFact, make_variant: MakeVariant) -> None:
    cited = make_fact("Rockets for everyone", id="f-1")
    other = make_fact("Trusted by 10,000 teams.", id="f-2")
    assert check(make_variant("Trusted by 10,000 teams"), cited, other) == (
        "unsupported_number",)


def test_numbers_in_the_brand_name_are_the_brand_s(make_fact: MakeFact,
                                                   make_variant: MakeVariant) -> None:
    variant = make_variant("Meet 3M Rockets", "3M Rockets: rockets for everyone.")
    assert check(variant, make_fact("Rockets for everyone"), brand="3M Rockets") == ()


# --- superlatives, guarantees, offers, time promises ------------------------------------------

@pytest.mark.parametrize("headline", [
    "The #1 rocket maker", "Acme is No. 1 for rockets", "The best rockets", "Our fastest rocket",
    "The only rocket you need", "The most reliable rockets", "Industry-leading rockets",
    "World's favourite rockets", "Better than any other rocket",
])
def test_superlatives_the_facts_do_not_state_are_rejected(
        make_fact: MakeFact, make_variant: MakeVariant, headline: str) -> None:
    codes = check(make_variant(headline), make_fact("Rockets for everyone"))
    assert codes == ("unsupported_superlative",)


def test_a_superlative_the_cited_fact_states_passes(make_fact: MakeFact,
                                                    make_variant: MakeVariant) -> None:
    facts = make_fact("The most flexible browser on the Web. The best rockets.")
    assert check(make_variant("The most flexible browser", "The best rockets, from Acme."),
                 facts) == ()


def test_a_guarantee_needs_a_fact_that_guarantees(make_fact: MakeFact,
                                                  make_variant: MakeVariant) -> None:
    variant = make_variant("Satisfaction guaranteed")
    assert check(variant, make_fact("Rockets for everyone")) == ("unsupported_guarantee",)
    assert check(variant, make_fact("100% Satisfaction Guarantee")) == ()


def test_a_free_offer_needs_a_fact_that_offers_it(make_fact: MakeFact,
                                                  make_variant: MakeVariant) -> None:
    variant = make_variant("Free shipping on every rocket")
    assert check(variant, make_fact("Rockets for everyone")) == ("unsupported_offer",)
    assert check(variant, make_fact("Free shipping on every rocket.")) == ()
    assert check(make_variant("Feel free to ask"), make_fact("Rockets for everyone")) == ()


def test_a_time_promise_needs_a_fact_that_makes_it(make_fact: MakeFact,
                                                   make_variant: MakeVariant) -> None:
    variant = make_variant("Set up within minutes")
    assert check(variant, make_fact("Rockets for everyone")) == ("unsupported_duration",)
    assert check(variant, make_fact("Get set up in minutes")) == ()


# --- quotations ---------------------------------------------------------------------------

TESTIMONIAL = ("The offline mode saved our launch week when the venue Wi-Fi died. Everyone "
               "loved it.")


@pytest.fixture
def testimonial(make_fact: MakeFact) -> Fact:
    return make_fact(f"{TESTIMONIAL} — Jess Tran", kind=FactKind.TESTIMONIAL, quote=TESTIMONIAL)


@pytest.mark.parametrize("primary", [
    f"“{TESTIMONIAL}” — Jess Tran",
    "“The offline mode saved our launch week…” — Jess Tran",
    "\"the offline mode saved our launch week when the venue Wi-Fi died.\" — Jess Tran",
    "“The offline mode saved our launch week … Everyone loved it.” — Jess Tran",
])
def test_a_verbatim_or_abridged_quote_passes(make_variant: MakeVariant, testimonial: Fact,
                                             primary: str) -> None:
    assert check(make_variant("Hear it from Jess Tran", primary), testimonial) == ()


@pytest.mark.parametrize("primary", [
    "“The offline mode saved our whole launch week.” — Jess Tran",   # a word added
    "“Acme saved our launch.” — Jess Tran",                           # not her words
    "“Everyone loved it … the offline mode saved our launch week” — Jess Tran",  # reordered
])
def test_a_quote_that_is_not_in_the_testimonial_is_rejected(
        make_variant: MakeVariant, testimonial: Fact, primary: str) -> None:
    assert check(make_variant("Hear it from Jess Tran", primary), testimonial) == (
        "unsupported_quote",)


# --- names --------------------------------------------------------------------------------

def test_a_named_customer_not_in_the_facts_is_rejected(make_fact: MakeFact,
                                                       make_variant: MakeVariant) -> None:
    variant = make_variant("Loved by Nike", "Teams at Globex Corporation launch with Acme.")
    _, rejected = grounding_gate([variant], [make_fact("Rockets for everyone")], REQUEST,
                                 brand_name="Acme")
    assert rejected[0].codes == ("unsupported_name", "unsupported_name")
    assert "“Nike”" in rejected[0].reasons[0]
    assert "“Globex Corporation”" in rejected[0].reasons[1]


def test_a_name_the_cited_fact_holds_passes(make_fact: MakeFact,
                                            make_variant: MakeVariant) -> None:
    facts = make_fact("Northwind Bicycle Co. ships 30% more repairs on time with Acme.")
    variant = make_variant("Northwind ships 30% more repairs on time",
                           "Northwind Bicycle Co. ships 30% more repairs on time.")
    assert check(variant, facts) == ()


def test_the_brand_name_and_title_case_headlines_are_allowed(
        make_fact: MakeFact, make_variant: MakeVariant) -> None:
    variant = make_variant("Start Your Free Trial Today", "Meet Acme. Launch Rockets Today.",
                           description="Acme")
    assert check(variant, make_fact("Start your free trial and launch rockets.")) == ()


# --- cited facts ---------------------------------------------------------------------------

@pytest.mark.parametrize(("cited", "code"), [
    ((), "no_facts"),
    (("f-404",), "unknown_fact"),
    (("f-excluded",), "excluded_fact"),
    (("f-blocked",), "blocked_fact"),
    (("f-high",), "high_risk_fact"),
])
def test_a_variant_must_cite_facts_that_exist_and_may_be_used(
        make_fact: MakeFact, make_variant: MakeVariant, cited: tuple[str, ...],
        code: str) -> None:
    facts = [make_fact("Rockets for everyone", id="f-excluded", excluded=True),
             make_fact("Rockets for everyone", id="f-blocked", risk=Risk.BLOCKED),
             make_fact("Rockets for everyone", id="f-high", risk=Risk.HIGH)]
    assert check(make_variant(fact_ids=cited), *facts) == (code,)


def test_high_risk_facts_pass_when_the_person_allows_them(make_fact: MakeFact,
                                                          make_variant: MakeVariant) -> None:
    high = make_fact("The best rockets", risk=Risk.HIGH)
    variant = make_variant("The best rockets")
    assert check(variant, high) == ("high_risk_fact",)
    assert check(variant, high, request=CopyRequest(allow_high_risk=True)) == ()
    blocked = make_fact("The best rockets", risk=Risk.BLOCKED)
    assert check(variant, blocked, request=CopyRequest(allow_high_risk=True)) == (
        "blocked_fact",)


# --- avoided words, lengths, call to action ----------------------------------------------------

@pytest.mark.parametrize("headline", ["CHEAP rockets", "Cheaper rockets", "The cheapest rocket",
                                      "Rockets, cheap!"])
def test_an_avoided_word_is_caught_whatever_its_case_or_ending(
        make_fact: MakeFact, make_variant: MakeVariant, headline: str) -> None:
    facts = make_fact("Cheap rockets, the cheapest and cheaper rockets.")
    request = CopyRequest(avoid_words=("cheap",))
    assert check(make_variant(headline), facts, request=request) == ("avoided_word",)


def test_avoided_words_are_whole_words_and_phrases(make_fact: MakeFact,
                                                   make_variant: MakeVariant) -> None:
    facts = make_fact("Sign up for rockets; cheapskates welcome.")
    request = CopyRequest(avoid_words=("sign up", "cheap"))
    assert check(make_variant("Cheapskates welcome"), facts, request=request) == ()
    assert check(make_variant("Sign  up for rockets"), facts, request=request) == (
        "avoided_word",)


@pytest.mark.parametrize(("field", "limit"), [("headline", 40), ("primary_text", 125),
                                               ("description", 30)])
def test_lengths_exactly_at_the_limit_pass_and_one_more_is_rejected(
        make_fact: MakeFact, make_variant: MakeVariant, field: str, limit: int) -> None:
    facts = make_fact("rockets " * 30)
    parts = {"headline": "Rockets", "primary_text": "Rockets.", "description": ""}

    def with_length(length: int) -> CopyVariant:
        text = ("rockets " * 30)[:length - 1].rstrip() + "s"
        text = text + "s" * (length - len(text))
        return make_variant(**{**parts, field: text})

    assert len(getattr(with_length(limit), field)) == limit
    assert check(with_length(limit), facts) == ()
    assert check(with_length(limit + 1), facts) == ("too_long",)
    assert f"{limit + 1} characters" in reasons(with_length(limit + 1), facts)


def test_an_empty_headline_is_rejected(make_fact: MakeFact, make_variant: MakeVariant) -> None:
    assert check(make_variant("  "), make_fact("Rockets")) == ("empty",)


@pytest.mark.parametrize("cta", ["CLICK_HERE", "learn_more", ""])
def test_a_call_to_action_outside_the_platform_list_is_rejected(
        make_fact: MakeFact, make_variant: MakeVariant, cta: str) -> None:
    assert check(make_variant(cta=cta), make_fact("Rockets for everyone")) == ("bad_cta",)
    assert check(make_variant(cta="GET_OFFER"), make_fact("Rockets for everyone")) == ()


def test_an_unknown_platform_is_an_error(make_fact: MakeFact,
                                         make_variant: MakeVariant) -> None:
    with pytest.raises(ValueError, match="tiktok"):
        grounding_gate([make_variant()], [make_fact("Rockets")], REQUEST, platform="tiktok")


# --- duplicates, order, determinism -----------------------------------------------------------

def test_a_near_duplicate_of_an_earlier_passing_variant_is_rejected(
        make_fact: MakeFact, make_variant: MakeVariant) -> None:
    facts = [make_fact("Rockets for everyone. Every rocket is assembled by hand in Leeds.")]
    first = make_variant("Rockets for everyone",
                         "Every rocket is assembled by hand in Leeds. Meet Acme.")
    twin = make_variant("Rockets for everyone!",
                        "Every rocket is assembled by hand in Leeds. Meet Acme today.")
    headline_test = make_variant("Meet Acme", first.primary_text)
    passed, rejected = grounding_gate([first, twin, headline_test], facts, REQUEST,
                                      brand_name="Acme")
    assert passed == [first, headline_test]
    assert rejected[0].variant == twin and rejected[0].codes == ("duplicate",)
    assert first.id in rejected[0].reasons[0]
    assert DUPLICATE_SIMILARITY == 0.8
    _, again = grounding_gate([twin], facts, REQUEST, brand_name="Acme",
                              already_passed=[first])
    assert again[0].codes == ("duplicate",)


def test_rejected_variants_are_kept_in_order_with_every_reason(
        make_fact: MakeFact, make_variant: MakeVariant) -> None:
    facts = [make_fact("Rockets for everyone")]
    bad = make_variant("The best rockets, now 50% off and guaranteed" + "!" * 10,
                       cta="CLICK", fact_ids=("f-1", "f-9"))
    good = make_variant()
    passed, rejected = grounding_gate([bad, good], facts, REQUEST, brand_name="Acme")
    assert passed == [good]
    assert rejected[0].variant == bad
    assert set(rejected[0].codes) == {"unknown_fact", "unsupported_number",
                                      "unsupported_superlative", "unsupported_guarantee",
                                      "too_long", "bad_cta"}
    assert len(rejected[0].reasons) == len(rejected[0].codes)
    assert all(reason and reason[0].islower() for reason in rejected[0].reasons)
    assert grounding_gate([bad, good], facts, REQUEST, brand_name="Acme") == (passed, rejected)


@given(st.integers(min_value=1_000, max_value=10**9))
def test_property_a_figure_matches_itself_in_any_grouping(number: int) -> None:
    grouped = f"{number:,}"
    fact = Fact("f-1", FactKind.STATISTIC, f"Loved by {grouped} members.",
                f"Loved by {grouped} members.", "https://acme.example/")
    plain = CopyVariant("v-1", angle=Angle.SOCIAL_PROOF, headline=f"Loved by {number} members",
                        primary_text="Meet Acme.", fact_ids=("f-1",))
    other = CopyVariant("v-2", angle=plain.angle, headline=f"Loved by {number + 1:,} members",
                        primary_text="Acme, for everyone.", fact_ids=("f-1",))
    passed, rejected = grounding_gate([plain, other], [fact], REQUEST, brand_name="Acme")
    assert passed == [plain]
    assert rejected[0].codes == ("unsupported_number",)
