"""A source a designer attaches to copy the gate turned away: it becomes a user-supplied fact.

An edited headline such as "#1 in the world" states something no fact of the campaign holds,
so the grounding gate rejects it. The only way to ship it is to show where it is said: the
page's address and the exact words on it. Those become a `Fact` (a claim, `user_supplied`,
its risk rated by the same table as extracted facts), stored with the campaign, and the ad
cites it. The gate then judges the copy against that quote like any other fact, so a source
that does not say what the copy says does not help; and a claim the risk table rates high
still needs the campaign to allow high-risk facts, as for facts found on the brand's site.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from brandtruth_desktop.core.extract.risk import assess
from brandtruth_desktop.core.models import Fact, FactKind

MIN_QUOTE = 8
MAX_QUOTE = 1000
USER_FACT_PREFIX = "u-src-"


class SourceProblem(ValueError):
    """The address or quote cannot be a source; the message says what to fix."""


def source_problem(url: str, quote: str) -> str | None:
    """What is wrong with a source (None when it will do)."""
    address = url.strip()
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc or "." not in parts.netloc:
        return "Give the full address of the page that says it, starting with https://."
    words = " ".join(quote.split())
    if len(words) < MIN_QUOTE:
        return "Paste the exact sentence from that page that says it."
    if len(words) > MAX_QUOTE:
        return f"The quote is too long: keep it to the sentence that says it ({MAX_QUOTE} " \
               "characters at most)."
    return None


def sourced_fact(url: str, quote: str, *, campaign_id: int | None = None) -> Fact:
    """The user-supplied fact for a source (SourceProblem when it cannot be one).

    The id is derived from the address and quote, so attaching the same source twice gives
    the same fact rather than two."""
    problem = source_problem(url, quote)
    if problem is not None:
        raise SourceProblem(problem)
    address = url.strip()
    words = " ".join(quote.split())
    digest = hashlib.sha256(f"{address}\n{words}".encode()).hexdigest()[:12]
    risk, reason = assess(words, FactKind.CLAIM)
    return Fact(id=f"{USER_FACT_PREFIX}{digest}", kind=FactKind.CLAIM, text=words, quote=words,
                source_url=address, risk=risk, risk_reason=reason, user_supplied=True,
                campaign_id=campaign_id)


def citing(fact_ids: tuple[str, ...], fact: Fact) -> tuple[str, ...]:
    """`fact_ids` with `fact` cited too (once)."""
    return fact_ids if fact.id in fact_ids else (*fact_ids, fact.id)
