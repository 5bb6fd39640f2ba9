"""The copy stage with a fake language model: Claude's answers through the gate, bounded
retries, the offline writer filling in, notices that say why, usage for the cost ledger."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import FakeModel

from brandtruth_desktop.core.copy import MAX_RETRIES, cost_usd, write_copy
from brandtruth_desktop.core.jobs import Cancelled, Progress, run_stage
from brandtruth_desktop.core.models import BrandTruth, CopyRequest, CopyResult, Risk
from brandtruth_desktop.core.ports import LanguageModelError, ModelUsage

USABLE = ["f-vp", "f-stat", "f-offer", "f-claim", "f-rating", "f-setup", "f-quote", "f-trial"]
HEADLINES = ["Rockets for everyone", "Trusted by 10,000 teams", "Free shipping over $50",
             "Assembled by hand in Leeds", "Rated 4.8 out of 5", "Launch in minutes",
             "Try any rocket free for 30 days", "Meet Acme", "Your next launch starts here",
             "Rockets built by hand", "Launch day, sorted", "A rocket for every team",
             "Acme rockets, ready when you are", "Rockets that teams trust",
             "Plan your launch with Acme"]
PRIMARIES = ["Trusted by 10,000 teams in 40 countries.",
             "Every rocket is assembled by hand in Leeds.", "Free shipping on orders over $50.",
             "Launch in minutes with our guided setup.", "Rated 4.8 out of 5 (1240 reviews)",
             "Try any rocket free for 30 days."]


def item(headline: str, primary: str, **overrides: Any) -> dict[str, Any]:
    data = {"angle": "benefit", "headline": headline, "primary_text": primary,
            "description": "Acme", "call_to_action": "LEARN_MORE", "fact_ids": USABLE,
            "persona": "hobby rocketeers", "emotion": "trust"}
    data.update(overrides)
    return data


def answer(start: int = 0, count: int = 12) -> dict[str, Any]:
    return {"variants": [item(HEADLINES[i], PRIMARIES[i % len(PRIMARIES)])
                         for i in range(start, start + count)]}


def run(truth: BrandTruth, model: FakeModel | None,
        request: CopyRequest | None = None) -> tuple[CopyResult, list[Progress]]:
    seen: list[Progress] = []
    result = run_stage(write_copy(truth, request or CopyRequest(), model), seen.append)
    assert isinstance(result, CopyResult)
    return result, seen


def test_good_output_gives_claude_variants_and_their_cost(acme: BrandTruth) -> None:
    model = FakeModel([answer()])
    result, progress = run(acme, model)
    assert len(result.variants) == 12 and result.rejected == () and result.notices == ()
    assert {v.generator for v in result.variants} == {"claude"}
    assert {v.model for v in result.variants} == {"claude-haiku-4-5"}
    assert len({v.prompt_hash for v in result.variants}) == 1
    assert result.usage == (ModelUsage("claude-haiku-4-5", 2_000, 1_000),)
    assert result.cost_usd == pytest.approx(cost_usd(result.usage[0])) == pytest.approx(0.007)
    assert len(model.calls) == 1
    assert progress[0].message == "Asking claude-haiku-4-5 for 12 variants"
    assert progress[-1] == Progress(12, 12, "12 of 12 variants ready")


def test_malformed_output_is_retried(acme: BrandTruth) -> None:
    model = FakeModel([LanguageModelError("bad_output", "not JSON"), {"oops": 1}, answer()])
    result, _ = run(acme, model)
    assert len(model.calls) == 1 + MAX_RETRIES == 3
    assert len(result.variants) == 12 and {v.generator for v in result.variants} == {"claude"}
    assert len(result.usage) == 2  # the call that raised reported no usage
    assert result.notices == ()
    assert "could not be read" in model.calls[1]["user"]


def test_output_that_stays_malformed_falls_back_to_the_offline_writer(acme: BrandTruth) -> None:
    model = FakeModel([{"variants": "nothing useful"}])
    result, _ = run(acme, model)
    assert len(model.calls) == 3
    assert len(result.variants) == 12 and {v.generator for v in result.variants} == {"offline"}
    assert result.notices == ("Claude's answers could not be read after 3 tries. The offline "
                              "writer wrote these variants instead.",)
    assert len(result.usage) == 3 and result.cost_usd > 0


def test_a_short_answer_is_topped_up_by_asking_again(acme: BrandTruth) -> None:
    model = FakeModel([answer(0, 5), answer(5, 5), answer(10, 5)])
    result, progress = run(acme, model)
    assert len(model.calls) == 3
    assert '"variants_wanted": 7' in model.calls[1]["user"]
    assert len(result.variants) == 12 and {v.generator for v in result.variants} == {"claude"}
    assert [p.message for p in progress if p.message.endswith("ready")] == [
        "5 of 12 variants ready", "10 of 12 variants ready", "12 of 12 variants ready"]


def test_a_made_up_statistic_is_rejected_and_the_offline_writer_fills_in(
        acme: BrandTruth) -> None:
    made_up = item("Loved by 50,000 teams", "Acme rockets are 3x faster than the rest.")
    data = answer(0, 11)
    data["variants"].insert(2, made_up)
    model = FakeModel([data])
    result, _ = run(acme, model)
    assert len(model.calls) == 3
    claude = [v for v in result.variants if v.generator == "claude"]
    offline = [v for v in result.variants if v.generator == "offline"]
    assert len(claude) == 11 and len(offline) == 1 and len(result.variants) == 12
    made_up_rejections = [r for r in result.rejected if r.variant.headline == made_up["headline"]]
    assert len(made_up_rejections) == 1
    reasons = " ".join(made_up_rejections[0].reasons)
    assert "“50,000”" in reasons and "“3”" in reasons
    assert "unsupported_number" in made_up_rejections[0].codes
    assert "rejected because the headline states the number “50,000”" in model.calls[1]["user"]
    prompts = {v.prompt_hash for v in claude}
    assert len(prompts) == 1
    assert any("passed the fact check" in n and "offline writer wrote the rest" in n
               for n in result.notices)
    assert len(result.usage) == 3


@pytest.mark.parametrize(("kind", "says"), [
    ("auth", "Claude refused the API key; check it in Settings → API keys."),
    ("rate_limit", "Claude is limiting requests"),
    ("overloaded", "Claude is overloaded right now"),
    ("timeout", "Claude did not answer in time"),
    ("connection", "Claude could not be reached"),
    ("other", "Claude could not write the ads (boom)"),
])
def test_when_claude_fails_the_offline_writer_writes_and_the_person_is_told_why(
        acme: BrandTruth, kind: str, says: str) -> None:
    model = FakeModel([LanguageModelError(kind, "boom")])
    result, _ = run(acme, model)
    assert len(model.calls) == 1
    assert len(result.variants) == 12 and {v.generator for v in result.variants} == {"offline"}
    assert len(result.notices) == 1
    assert result.notices[0].startswith(says)
    assert result.notices[0].endswith("The offline writer wrote these variants instead.")
    assert result.usage == () and result.cost_usd == 0


def test_without_a_model_the_offline_writer_writes_everything_quietly(
        acme: BrandTruth) -> None:
    result, progress = run(acme, None)
    assert len(result.variants) == 12 and result.notices == () and result.usage == ()
    assert progress[-1].message == "12 of 12 variants ready"


def test_claude_is_not_asked_when_no_fact_may_be_used(acme: BrandTruth) -> None:
    bare = BrandTruth("Acme", "https://acme.example/",
                      facts=tuple(f for f in acme.facts if f.risk is Risk.BLOCKED))
    model = FakeModel([answer()])
    result, _ = run(bare, model)
    assert model.calls == [] and result.variants == ()
    assert "None of the facts may be used" in result.notices[0]
    assert "Only 0 of 12 variants could be written" in result.notices[1]


def test_the_stage_can_be_cancelled_before_any_call(acme: BrandTruth) -> None:
    model = FakeModel([answer()])
    with pytest.raises(Cancelled):
        run_stage(write_copy(acme, CopyRequest(), model), should_cancel=lambda: True)
    assert model.calls == []


def test_the_stage_can_be_cancelled_between_calls(acme: BrandTruth) -> None:
    model = FakeModel([{"oops": 1}])
    stage = write_copy(acme, CopyRequest(), model)
    assert next(stage).message.startswith("Asking")
    assert next(stage).message.startswith("Asking again")
    stage.close()
    assert len(model.calls) == 1
