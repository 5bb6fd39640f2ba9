"""How careful an ad must be with a fact: ONE table of rules, each with the reason it gives.

Read the table top to bottom: the most severe matching rule wins; among equals, the first.
`low` is the default for specific, checkable facts (numbers, offers with terms, awards, named
customers); `medium` for what is a matter of opinion; `high` for superlatives, "#1", "only",
guarantees, health and money promises, which an ad may carry only with proof at hand;
`blocked` for what no ad may say at all (curing or treating a disease, guaranteed income).
Patterns are matched case-insensitively on the fact's text; English and Spanish are covered,
with the commonest French, German and Portuguese words where they are cheap to add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brandtruth_desktop.core.models import FactKind, Risk


@dataclass(frozen=True, slots=True)
class RiskRule:
    """One row of the risk table."""

    risk: Risk
    pattern: re.Pattern[str]
    reason: str


def _rule(risk: Risk, pattern: str, reason: str) -> RiskRule:
    return RiskRule(risk, re.compile(pattern, re.I), reason)


# "most flexible", "most trusted": "most" before an adjective, not "most project software".
MOST_ADJECTIVE = (
    r"\bmost\s+(?!people\b|of\b)[a-z-]*(?:ble|ful|ive|ous|ent|ant|ed|ing|ic|al|ar|ure|ete|"
    r"ose|ict|y|ate|ile|ern|ong|ight|ean|ear|ust|ist)\b"
)
DISEASES = (
    r"cancer|tumou?rs?|diabetes|alzheimer'?s?|dementia|arthritis|asthma|covid(?:-19)?|"
    r"coronavirus|hiv|aids|depression|anxiety disorder|heart disease|hypertension|obesity|"
    r"infections?|disease|illness|autism|adhd|parkinson'?s?|psoriasis|eczema|acne|migraines?|"
    r"insomnia|enfermedad(?:es)?|diabetes|c[aá]ncer|maladie|krankheit"
)

RISK_RULES: tuple[RiskRule, ...] = (
    # --- blocked: no ad may say this -------------------------------------------------------
    _rule(Risk.BLOCKED, rf"\b(?:cures?|cured|curing|heals?|healing|treats?|treating|prevents?|"
                        rf"reverses?|eliminates?|fights?)\b[^.]{{0,40}}\b(?:{DISEASES})\b",
          "claims to cure, treat or prevent a disease: no ad may say this"),
    _rule(Risk.BLOCKED, rf"\b(?:cura|curar|sana|previene|trata)\b[^.]{{0,40}}\b(?:{DISEASES})\b",
          "claims to cure, treat or prevent a disease: no ad may say this"),
    _rule(Risk.BLOCKED, r"\bmiracle (?:cure|pill|drug)\b|\bcure[- ]all\b",
          "promises a miracle cure: no ad may say this"),
    _rule(Risk.BLOCKED, r"\bguaranteed (?:income|returns?|profits?|earnings|wealth)\b|"
                        r"\b(?:get rich quick|risk[- ]free (?:investment|returns?|profits?))\b|"
                        r"\bingresos garantizados\b",
          "promises guaranteed income or returns: no ad may say this"),
    # --- high: needs proof at hand ---------------------------------------------------------
    _rule(Risk.HIGH, r"(?:#|no\.?\s?|nº\s?|number\s)1\b|\bnumber one\b|\bn[uú]mero uno\b",
          'ranks the brand "#1": needs a named, current source'),
    _rule(Risk.HIGH, r"\b(?:best|greatest|largest|biggest|fastest|cheapest|lowest|highest|"
                     r"strongest|smartest|safest|easiest|finest|world'?s leading|world['’]s|"
                     r"industry[- ]leading|leading|top[- ]rated|unbeatable|unmatched|"
                     r"unrivall?ed|best[- ]selling)\b",
          "a superlative: an ad needs proof that it is true"),
    _rule(Risk.HIGH, MOST_ADJECTIVE, "a superlative: an ad needs proof that it is true"),
    _rule(Risk.HIGH, r"\b(?:el|la|los|las) (?:mejor(?:es)?|m[aá]s \w+)\b|\bmejor(?:es)?\b|"
                     r"\bl[ií]der(?:es)?\b|\ble (?:meilleur|plus)\b|\bdie beste\b|\bo melhor\b",
          "a superlative: an ad needs proof that it is true"),
    _rule(Risk.HIGH, r"\b(?:the only|our only|the one and only|no other|only one|"
                     r"first and only|exclusive(?:ly)?|el [uú]nico|la [uú]nica|ning[uú]n otro)\b",
          'claims to be the "only" one: an ad needs proof that no competitor does it'),
    _rule(Risk.HIGH, r"\bguarantee[ds]?\b|\bmoney[- ]back\b|\bwarrant(?:y|ies|ed)\b|"
                     r"\brisk[- ]free\b|\bgaranti(?:a|zad[oa]s?|e|ert)\b",
          "a guarantee: the ad must state its terms as the page does"),
    _rule(Risk.HIGH, r"\b(?:clinically|scientifically|medically) (?:proven|tested)\b|"
                     r"\bdoctor[- ]recommended\b|\bfda[- ]approved\b|\bweight[- ]loss\b|"
                     r"\blose (?:weight|\d+ ?(?:lbs?|pounds|kg|kilos))\b|\bburns? fat\b|"
                     r"\bboosts? (?:your )?(?:immune|immunity|metabolism)\b|\bdetox\b|"
                     r"\banti[- ]aging\b|\bpain relief\b|\bheals?\b|\bperder peso\b|\badelgaza\w*",
          "a health claim: ads about health need evidence and may be restricted"),
    _rule(Risk.HIGH, r"\bsleep better\b|\b(?:reduces?|relieves?|lowers?|less)\b[^.]{0,25}"
                     r"\b(?:stress|anxiety|burnout|depression|fatigue)\b|\bmental health\b|"
                     r"\bwell-?being\b|\bdormir mejor\b|\bmenos estr[eé]s\b",
          "a health or well-being claim: ads about health need evidence and may be restricted"),
    _rule(Risk.HIGH, r"\b(?:earn|make|making|double|triple|increase|boost|grow)\b[^.]{0,30}"
                     r"\b(?:money|income|revenue|profits?|salary|earnings|sales)\b|"
                     r"\b(?:earn|make|making|ganar|gana)\s+(?:up to\s+|hasta\s+)?[$€£]\s?\d|"
                     r"\bpassive income\b|\bfinancial freedom\b|\bget rich\b|\broi\b|"
                     r"\bsaves?\s+(?:you\s+|teams?\s+)?(?:up to\s+)?[$€£]\s?\d|"
                     r"\bpays? for itself\b|\bse paga sol[oa]\b|"
                     r"\b(?:aumentar|duplicar|multiplicar|ganar)\b[^.]{0,30}"
                     r"\b(?:ingresos|dinero|ventas|beneficios|ganancias)\b",
          "an income or financial promise: ads may not promise money without proof"),
    _rule(Risk.MEDIUM, r"\b(?:gluten|dairy|soy|nut|sugar|fat|lactose)[- ]free\b|\borganic\b|"
                       r"\bnon-gmo\b|\bvegan\b|\bsin gluten\b|\becol[oó]gic[oa]\b",
          "a diet or free-from claim: it must hold for the whole product, as labelled"),
    # --- medium: a matter of opinion -------------------------------------------------------
    _rule(Risk.MEDIUM, r"\b(?:amazing|awesome|incredibl[ey]|great|excellent|exceptional|"
                       r"outstanding|perfect|beautiful|stunning|spectacular|powerful|premium|"
                       r"high[- ]quality|quality|superior|revolutionary|innovative|"
                       r"world[- ]class|top[- ]notch|ultimate|love|loved|favou?rite|"
                       r"delicious|famous|easy|easily|simple|effortless|seamless|intuitive|"
                       r"lightning[- ]fast|fast|friendly|smooth|better|trusted|proud)\b",
          "subjective praise: fine in an ad as the brand's own words, not as a measured fact"),
    _rule(Risk.MEDIUM, r"\b(?:incre[ií]ble|excelente|potente|f[aá]cil|perfect[oa]|"
                       r"calidad|mejor(?:ar)?|[eé]xito|impagable|exponencial)\b",
          "subjective praise: fine in an ad as the brand's own words, not as a measured fact"),
    _rule(Risk.MEDIUM, r"\bunlimited\b|\bilimitad[oa]s?\b",
          '"unlimited": the ad must not hide caps or fair-use limits'),
    _rule(Risk.MEDIUM, r"\b(?:any|every|all|always|never|anything|everything|anywhere|"
                       r"cualquier|todos?|siempre|nunca)\b",
          "a sweeping claim (any, every, always): check it holds without exceptions"),
)

DEFAULT_BY_KIND: dict[FactKind, tuple[Risk, str]] = {
    FactKind.STATISTIC: (Risk.LOW, "a specific figure the brand states: keep it exact"),
    FactKind.OFFER: (Risk.LOW, "a specific offer: keep its terms and check it is still current"),
    FactKind.GUARANTEE: (Risk.HIGH, "a guarantee: the ad must state its terms as the page does"),
    FactKind.AWARD: (Risk.LOW, "an award the brand names: verifiable"),
    FactKind.CERTIFICATION: (Risk.LOW, "a certification the brand names: verifiable"),
    FactKind.CUSTOMER: (Risk.LOW, "named customers or a customer count: verifiable"),
    FactKind.RATING: (Risk.LOW, "a rating as the page states it: keep value and count exact"),
    FactKind.TESTIMONIAL: (Risk.MEDIUM,
                           "a customer's opinion: quote it exactly and name who said it"),
    FactKind.VALUE_PROPOSITION: (Risk.LOW, "the brand's own headline promise"),
    FactKind.CLAIM: (Risk.LOW, "a plain statement the brand makes about itself"),
}
SEVERITY = {Risk.LOW: 0, Risk.MEDIUM: 1, Risk.HIGH: 2, Risk.BLOCKED: 3}


def assess(text: str, kind: FactKind) -> tuple[Risk, str]:
    """The risk level of a fact and the reason, from the table and the fact's kind."""
    risk, reason = DEFAULT_BY_KIND[kind]
    for rule in RISK_RULES:
        if SEVERITY[rule.risk] <= SEVERITY[risk]:
            continue
        match = rule.pattern.search(text)
        if match:
            risk, reason = rule.risk, f'{rule.reason} ("{match.group(0).strip()}")'
    return risk, reason
