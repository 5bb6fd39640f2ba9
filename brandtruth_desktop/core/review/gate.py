"""The grounding gate's verdict on a stored ad, as the facts stand today.

Every variant passed the gate when it was written, so re-checking all of its copy for every
row of a 5,000-ad grid would repeat that work. What can change since is cheap to check: a fact
it cites may have been removed, excluded, blocked or rated high risk. The full gate (figures,
superlatives, quotes …) runs again only for ads a person edited, whose copy is new.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from brandtruth_desktop.core.copy.gate import fact_problem, grounding_gate
from brandtruth_desktop.core.models import Angle, CopyRequest, CopyVariant, Fact, Variant


def review_gate(
    variant: Variant,
    facts: Mapping[str, Fact],
    *,
    allow_high_risk: bool = False,
    full: bool = False,
    brand_name: str = "",
    avoid_words: Iterable[str] = (),
    platform: str = "meta",
) -> tuple[str, ...]:
    """Why the ad's copy would not pass the gate today (empty when it would).

    `full` runs the whole gate on the copy too (for edited ads); otherwise only the citations
    are checked.
    """
    reasons: list[str] = []
    if not variant.fact_ids:
        reasons.append("cites no fact")
    for fact_id in variant.fact_ids:
        fact = facts.get(fact_id)
        if fact is None:
            reasons.append(f"cites fact {fact_id}, which is no longer in the campaign")
            continue
        problem = fact_problem(fact, allow_high_risk=allow_high_risk)
        if problem is not None:
            reasons.append(problem[1])
    if full and not reasons:
        request = CopyRequest(avoid_words=tuple(avoid_words), allow_high_risk=allow_high_risk,
                              platform=platform)
        cited = [facts[f] for f in variant.fact_ids if f in facts]
        _passed, rejected = grounding_gate([copy_of(variant)], cited, request,
                                           brand_name=brand_name)
        for rejection in rejected:
            reasons.extend(rejection.reasons)
    return tuple(dict.fromkeys(reasons))


def copy_of(variant: Variant) -> CopyVariant:
    """The stored variant as the gate reads copy (an unknown angle reads as benefit)."""
    try:
        angle = Angle(variant.angle)
    except ValueError:
        angle = Angle.BENEFIT
    return CopyVariant(
        id=variant.id, angle=angle, headline=variant.headline,
        primary_text=variant.primary_text, description=variant.description,
        call_to_action=variant.call_to_action, fact_ids=variant.fact_ids,
    )
