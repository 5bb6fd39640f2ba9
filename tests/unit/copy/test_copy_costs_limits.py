"""One price table and one limits table."""

from __future__ import annotations

import pytest

from brandtruth_desktop.core.copy import DEFAULT_MODEL, cost_usd, is_priced, limits_for
from brandtruth_desktop.core.copy.costs import MOST_EXPENSIVE, PRICES, price_for
from brandtruth_desktop.core.ports import ModelUsage


def test_a_call_costs_its_tokens_at_the_model_s_rates() -> None:
    usage = ModelUsage("claude-haiku-4-5", input_tokens=1_000_000, output_tokens=1_000_000,
                       cache_read_tokens=1_000_000, cache_write_tokens=1_000_000)
    assert cost_usd(usage) == pytest.approx(1.0 + 5.0 + 0.10 + 1.25)
    assert cost_usd(ModelUsage("claude-sonnet-4-5", 2_000, 1_000)) == pytest.approx(0.021)
    assert cost_usd(ModelUsage("claude-opus-4-1", 1_000, 1_000)) == pytest.approx(0.09)
    assert cost_usd(ModelUsage("claude-3-5-haiku", 1_000_000, 0)) == pytest.approx(0.80)


def test_dated_and_latest_model_ids_use_their_family_price() -> None:
    assert price_for(ModelUsage("claude-sonnet-4-5-20250929", 1, 1)) == PRICES[
        "claude-sonnet-4-5"]
    assert price_for(ModelUsage("claude-3-5-haiku-latest", 1, 1)) == PRICES["claude-3-5-haiku"]
    assert is_priced("Claude-Haiku-4-5") and is_priced(DEFAULT_MODEL)


def test_an_unknown_model_is_priced_at_the_most_expensive_rates() -> None:
    assert not is_priced("claude-mystery-9")
    usage = ModelUsage("claude-mystery-9", 1_000_000, 1_000_000)
    assert cost_usd(usage) == pytest.approx(MOST_EXPENSIVE.input + MOST_EXPENSIVE.output)
    assert cost_usd(usage) >= max(cost_usd(ModelUsage(m, 1_000_000, 1_000_000))
                                  for m in PRICES)


def test_a_long_prompt_moves_a_tiered_model_to_its_higher_band() -> None:
    short = ModelUsage("claude-haiku-5-5", 100_000, 0)
    long = ModelUsage("claude-haiku-5-5", 60_000, 0, cache_read_tokens=50_000)
    assert cost_usd(short) == pytest.approx(0.01)
    assert cost_usd(long) == pytest.approx(0.03 + 0.0025)  # $0.50 and $0.05 per MTok


def test_meta_limits_and_buttons() -> None:
    meta = limits_for("Meta")
    assert (meta.headline, meta.primary_text, meta.description) == (40, 125, 30)
    assert meta.default_call_to_action == "LEARN_MORE"
    assert {"LEARN_MORE", "SIGN_UP", "SHOP_NOW", "GET_OFFER", "BOOK_TRAVEL", "CONTACT_US",
            "SUBSCRIBE", "DOWNLOAD", "GET_QUOTE", "APPLY_NOW", "ORDER_NOW"} <= set(
        meta.call_to_actions)
    with pytest.raises(ValueError, match="No copy limits"):
        limits_for("myspace")
