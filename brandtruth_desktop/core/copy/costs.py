"""What a language-model call cost: ONE price table, US dollars per million tokens.

Prices are Anthropic's published list prices (platform.claude.com/docs/en/about-claude/pricing
and the model overview pages), checked on 2026-11-26. Cache writes use the 5-minute rate (the
SDK's default `ephemeral` cache); long-context surcharges and Batch discounts are not modelled,
as the copy prompts are small and synchronous. Claude Haiku 5.5 is billed in two bands by
prompt length (input + cache reads + cache writes); each call is priced on its own band.

A model id is matched exactly, then with a trailing date or `-latest` removed
("claude-sonnet-4-5-20250929" → "claude-sonnet-4-5"). A model that is not in the table is
priced at the most expensive known rates, so the ledger never under-reports what was spent;
`is_priced(model)` tells the UI to say the figure is an upper estimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brandtruth_desktop.core.ports import ModelUsage

DEFAULT_MODEL = "claude-haiku-4-5"
"""The cheap, capable default for writing ad copy (Settings may choose another)."""


@dataclass(frozen=True, slots=True)
class ModelPrice:
    """US dollars per million tokens."""

    input: float
    output: float
    cache_write: float
    cache_read: float


@dataclass(frozen=True, slots=True)
class TieredPrice:
    """A price that changes when a call's prompt is longer than `threshold` tokens."""

    base: ModelPrice
    threshold: int
    long_prompt: ModelPrice


_OPUS_4 = ModelPrice(input=15.0, output=75.0, cache_write=18.75, cache_read=1.50)
_OPUS_45 = ModelPrice(input=5.0, output=25.0, cache_write=6.25, cache_read=0.50)
_SONNET_4 = ModelPrice(input=3.0, output=15.0, cache_write=3.75, cache_read=0.30)
_SONNET_5 = ModelPrice(input=2.0, output=10.0, cache_write=2.50, cache_read=0.20)
_FABLE_5 = ModelPrice(input=10.0, output=50.0, cache_write=12.50, cache_read=1.00)
_FABLE_51 = ModelPrice(input=10.0, output=50.0, cache_write=12.50, cache_read=0.25)

PRICES: dict[str, ModelPrice | TieredPrice] = {
    "claude-fable-5-1": _FABLE_51,
    "claude-mythos-5-1": _FABLE_51,
    "claude-fable-5": _FABLE_5,
    "claude-mythos-5": _FABLE_5,
    "claude-opus-5-5": ModelPrice(input=4.0, output=20.0, cache_write=5.0, cache_read=0.20),
    "claude-opus-5": _OPUS_45,
    "claude-opus-4-8": _OPUS_45,
    "claude-opus-4-7": _OPUS_45,
    "claude-opus-4-6": _OPUS_45,
    "claude-opus-4-5": _OPUS_45,
    "claude-opus-4-1": _OPUS_4,
    "claude-opus-4-0": _OPUS_4,
    "claude-opus-4": _OPUS_4,
    "claude-3-opus": _OPUS_4,
    # Sonnet 5.5 cache reads were cut from $0.20 to $0.10 on 2026-10-07.
    "claude-sonnet-5-5": ModelPrice(input=2.0, output=10.0, cache_write=2.50, cache_read=0.10),
    "claude-sonnet-5": _SONNET_5,
    "claude-sonnet-4-6": _SONNET_4,
    "claude-sonnet-4-5": _SONNET_4,
    "claude-sonnet-4-0": _SONNET_4,
    "claude-sonnet-4": _SONNET_4,
    "claude-3-7-sonnet": _SONNET_4,
    "claude-3-5-sonnet": _SONNET_4,
    "claude-haiku-5-5": TieredPrice(
        base=ModelPrice(input=0.10, output=0.50, cache_write=0.125, cache_read=0.01),
        threshold=100_000,
        long_prompt=ModelPrice(input=0.50, output=2.50, cache_write=0.625, cache_read=0.05),
    ),
    "claude-haiku-4-5": ModelPrice(input=1.0, output=5.0, cache_write=1.25, cache_read=0.10),
    "claude-3-5-haiku": ModelPrice(input=0.80, output=4.0, cache_write=1.0, cache_read=0.08),
    "claude-3-haiku": ModelPrice(input=0.25, output=1.25, cache_write=0.30, cache_read=0.03),
}

_DATED = re.compile(r"(?:-\d{8}|-latest)$")


def _rates(price: ModelPrice | TieredPrice) -> list[ModelPrice]:
    return [price] if isinstance(price, ModelPrice) else [price.base, price.long_prompt]


MOST_EXPENSIVE = ModelPrice(
    input=max(r.input for p in PRICES.values() for r in _rates(p)),
    output=max(r.output for p in PRICES.values() for r in _rates(p)),
    cache_write=max(r.cache_write for p in PRICES.values() for r in _rates(p)),
    cache_read=max(r.cache_read for p in PRICES.values() for r in _rates(p)),
)
"""What an unknown model is charged at: the highest known rate for each kind of token."""


def _lookup(model: str) -> ModelPrice | TieredPrice | None:
    name = model.strip().lower()
    return PRICES.get(name) or PRICES.get(_DATED.sub("", name))


def is_priced(model: str) -> bool:
    """Whether the table knows this model; if not, its cost is an upper estimate."""
    return _lookup(model) is not None


def price_for(usage: ModelUsage) -> ModelPrice:
    """The rates that apply to one call (its model, and for tiered models its prompt length)."""
    price = _lookup(usage.model)
    if price is None:
        return MOST_EXPENSIVE
    if isinstance(price, ModelPrice):
        return price
    prompt = usage.input_tokens + usage.cache_read_tokens + usage.cache_write_tokens
    return price.long_prompt if prompt > price.threshold else price.base


def cost_usd(usage: ModelUsage) -> float:
    """The cost of one call in US dollars (unknown models at the most expensive known rates)."""
    rate = price_for(usage)
    dollars = (usage.input_tokens * rate.input + usage.output_tokens * rate.output
               + usage.cache_write_tokens * rate.cache_write
               + usage.cache_read_tokens * rate.cache_read) / 1_000_000
    return round(dollars, 10)
