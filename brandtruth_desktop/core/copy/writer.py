"""The copy stage: Claude when there is a model, the offline writer for whatever it could not
do, the grounding gate over everything (DESIGN.md decisions 2, 4 and 5).

With a model, the stage asks for `request.count` variants and gates the answer. A malformed
or short answer, or one whose variants the gate turns away, is followed by another call
asking for the variants still missing, at most MAX_RETRIES more calls; a retry after gate
rejections tells the model what was wrong (so its prompt, and hash, differ). When the model
cannot be reached, refuses the key, or its variants still fall short, the offline writer
fills in the rest and a notice says why. Without a model the offline writer does it all, and
no notice is given (the caller knows why there was no model).

The stage yields Progress before every model call and as variants pass ("3 of 12 variants
ready"); a runner can cancel at any yield, so between calls. Every call's usage is returned,
whether its answer was used or not, for the cost ledger.
"""

from __future__ import annotations

from collections.abc import Generator

from brandtruth_desktop.core.copy.costs import cost_usd
from brandtruth_desktop.core.copy.gate import grounding_gate, usable_facts
from brandtruth_desktop.core.copy.offline_writer import offline_drafts
from brandtruth_desktop.core.copy.prompt import build_copy_prompt, parse_model_variants
from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import (
    BrandTruth,
    CopyRequest,
    CopyResult,
    CopyVariant,
    GateRejection,
)
from brandtruth_desktop.core.ports import LanguageModel, LanguageModelError, ModelUsage

MAX_RETRIES = 2
OFFLINE_INSTEAD = "The offline writer wrote these variants instead."

_UNREACHABLE = {
    "auth": "Claude refused the API key; check it in Settings → API keys.",
    "rate_limit": "Claude is limiting requests for this API key right now; try again in a "
                  "minute.",
    "overloaded": "Claude is overloaded right now; try again later.",
    "timeout": "Claude did not answer in time; check the network and try again.",
    "connection": "Claude could not be reached; check the network connection.",
}


def _unreachable_notice(error: LanguageModelError) -> str:
    reason = _UNREACHABLE.get(error.kind) or f"Claude could not write the ads ({error})."
    return f"{reason} {OFFLINE_INSTEAD}"


def _feedback(rejected: list[GateRejection]) -> list[str]:
    reasons = dict.fromkeys(r for rejection in rejected for r in rejection.reasons)
    return [f"A variant was rejected because {reason}." for reason in list(reasons)[:8]]


def _ready(count: int, total: int) -> Progress:
    return Progress(count, total, f"{count} of {total} variants ready")


def write_copy(truth: BrandTruth, request: CopyRequest, model: LanguageModel | None, *,
               max_tokens: int = 4096) -> Generator[Progress, None, CopyResult]:
    """The copy stage: yields Progress, returns the CopyResult (see the module docstring)."""
    total = max(request.count, 0)
    passed: list[CopyVariant] = []
    rejected: list[GateRejection] = []
    notices: list[str] = []
    usage: list[ModelUsage] = []
    if total == 0:
        return CopyResult()
    usable = usable_facts(truth.facts, allow_high_risk=request.allow_high_risk)
    if model is not None and not usable:
        notices.append("None of the facts may be used in an ad (all are excluded, blocked or "
                       "high-risk), so Claude was not asked.")
    elif model is not None:
        notice = yield from _ask_model(truth, request, model, max_tokens, passed, rejected,
                                       usage)
        if notice:
            notices.append(notice)

    missing = total - len(passed)
    if missing > 0:
        yield Progress(len(passed), total, "The offline writer is writing variants")
        drafts = offline_drafts(truth, request)
        offline, _ = grounding_gate(drafts, truth.facts, request, brand_name=truth.brand_name,
                                    already_passed=passed)
        passed += offline[:missing]
        short = total - len(passed)
        if short > 0:
            notices.append(
                f"Only {len(passed)} of {total} variants could be written: the site gives too "
                "few facts an ad may use. Add facts by hand, or allow high-risk facts.")
        yield _ready(len(passed), total)
    return CopyResult(variants=tuple(passed), rejected=tuple(rejected), notices=tuple(notices),
                      usage=tuple(usage), cost_usd=round(sum(cost_usd(u) for u in usage), 10))


def _ask_model(truth: BrandTruth, request: CopyRequest, model: LanguageModel, max_tokens: int,
               passed: list[CopyVariant], rejected: list[GateRejection],
               usage: list[ModelUsage]) -> Generator[Progress, None, str]:
    """Up to 1 + MAX_RETRIES calls; fills `passed`, `rejected` and `usage`; returns a notice
    for the person when the offline writer will have to fill in ("" when it need not)."""
    total = request.count
    feedback: list[str] = []
    unreadable = 0
    for attempt in range(1 + MAX_RETRIES):
        wanted = total - len(passed)
        prompt = build_copy_prompt(truth, request, count=wanted, feedback=feedback)
        verb = "Asking" if attempt == 0 else "Asking again:"
        yield Progress(len(passed), total, f"{verb} {model.model} for {wanted} variants")
        try:
            reply = model.complete_json(system=prompt.system, user=prompt.user,
                                        schema=prompt.schema, max_tokens=max_tokens)
        except LanguageModelError as error:
            if error.kind != "bad_output":
                return _unreachable_notice(error)
            unreadable += 1
            feedback = ["Your answer could not be read as JSON matching the schema."]
            continue
        usage.append(reply.usage)
        try:
            proposed = parse_model_variants(reply.data, prompt.prompt_hash, model.model,
                                            request.seed)
        except LanguageModelError:
            unreadable += 1
            feedback = ["Your answer did not hold readable variants matching the schema."]
            continue
        ok, bad = grounding_gate(proposed, truth.facts, request, brand_name=truth.brand_name,
                                 already_passed=passed)
        passed += ok[:wanted]
        # The same variant turned away again on a retry is shown once.
        known = {r.variant.id for r in rejected}
        rejected += [r for r in bad if r.variant.id not in known]
        yield _ready(len(passed), total)
        if len(passed) >= total:
            return ""
        feedback = _feedback(bad) or [
            f"You wrote {len(proposed)} variants; {wanted} different ones were wanted."]
    calls = 1 + MAX_RETRIES
    if unreadable == calls:
        return (f"Claude's answers could not be read after {calls} tries. "
                f"{OFFLINE_INSTEAD}")
    return (f"Only {len(passed)} of Claude's variants passed the fact check after {calls} "
            f"tries ({len(rejected)} were rejected; see why below). The offline writer wrote "
            "the rest.")
