"""The risk table: each kind of wording gets the level and reason an ad reviewer needs."""

from __future__ import annotations

import pytest

from brandtruth_desktop.core.extract.risk import RISK_RULES, assess
from brandtruth_desktop.core.models import FactKind, Risk


@pytest.mark.parametrize(("text", "kind", "risk", "reason_word"), [
    ("The #1 rocket maker in Europe.", FactKind.CLAIM, Risk.HIGH, "#1"),
    ("Voted number one by pilots.", FactKind.AWARD, Risk.HIGH, "number one"),
    ("The best rockets on the web.", FactKind.CLAIM, Risk.HIGH, "best"),
    ("The most flexible launcher on the market.", FactKind.CLAIM, Risk.HIGH, "most flexible"),
    ("The only launcher you will ever need.", FactKind.CLAIM, Risk.HIGH, "only"),
    ("No other rocket gives you so much choice.", FactKind.CLAIM, Risk.HIGH, "no other"),
    ("Satisfaction guaranteed or your money back.", FactKind.GUARANTEE, Risk.HIGH, ""),
    ("Every plugin you'll ever need, guaranteed.", FactKind.CLAIM, Risk.HIGH, "guaranteed"),
    ("Clinically proven to boost your immunity.", FactKind.CLAIM, Risk.HIGH, "proven"),
    ("Earn $5,000 a month from home with our system.", FactKind.CLAIM, Risk.HIGH, "earn"),
    ("14 estrategias para aumentar los ingresos de tu empresa", FactKind.OFFER, Risk.HIGH,
     "ingresos"),
    ("La mejor consultora de marketing.", FactKind.CLAIM, Risk.HIGH, "mejor"),
    ("The average team saves £18,000 a year, so it pays for itself.", FactKind.STATISTIC,
     Risk.HIGH, "financial"),
    ("It pays for itself in the first week.", FactKind.CLAIM, Risk.HIGH, "pays for itself"),
    ("9 out of 10 customers say it helps them sleep better.", FactKind.STATISTIC, Risk.HIGH,
     "sleep better"),
    ("Less chaos means less stress for everyone.", FactKind.CLAIM, Risk.HIGH, "less stress"),
    ("Our tea cures cancer.", FactKind.CLAIM, Risk.BLOCKED, "cures cancer"),
    ("Helps prevent diabetes naturally.", FactKind.CLAIM, Risk.BLOCKED, "prevent diabetes"),
    ("Guaranteed income from day one.", FactKind.CLAIM, Risk.BLOCKED, "guaranteed income"),
    ("Amazing support with a friendly community.", FactKind.CLAIM, Risk.MEDIUM, "amazing"),
    ("Unlimited launches on every plan.", FactKind.OFFER, Risk.MEDIUM, "unlimited"),
    ("Works with any launch pad.", FactKind.CLAIM, Risk.MEDIUM, "any"),
    ("Gluten-free and dairy-free.", FactKind.CLAIM, Risk.MEDIUM, "gluten-free"),
    ("Loved by 355,852 members since 2004.", FactKind.CUSTOMER, Risk.MEDIUM, "loved"),
    ("Shipped to 50 states in 2 business days.", FactKind.STATISTIC, Risk.LOW, ""),
    ("Free shipping on orders over $50.", FactKind.OFFER, Risk.LOW, ""),
    ("ISO 9001 certified since 2012.", FactKind.CERTIFICATION, Risk.LOW, ""),
    ("Most project software is built for 5,000-person companies.", FactKind.CLAIM, Risk.LOW,
     ""),
])
def test_risk_levels_follow_the_table(text: str, kind: FactKind, risk: Risk,
                                      reason_word: str) -> None:
    level, reason = assess(text, kind)
    assert level is risk, reason
    assert reason
    assert reason_word.casefold() in reason.casefold()


def test_a_testimonial_is_an_opinion_until_it_says_more() -> None:
    assert assess("They were lovely to work with.", FactKind.TESTIMONIAL)[0] is Risk.MEDIUM
    assert assess("Their pills cured my arthritis.", FactKind.TESTIMONIAL)[0] is Risk.BLOCKED


def test_every_rule_explains_itself() -> None:
    for rule in RISK_RULES:
        assert len(rule.reason) > 20 and ":" in rule.reason, rule
