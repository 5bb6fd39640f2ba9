"""Copy limits and call-to-action types: ONE table, one row per ad platform.

Meta's numbers are its *recommended* lengths (DESIGN.md): longer copy is accepted by the API
but truncated in most placements, so the grounding gate treats them as hard limits. The call
to action types are values of Meta's `call_to_action.type` enum (facebook-business SDK
`AdCreativeLinkDataCallToAction.Type`), narrowed to those that make sense on a link ad that
sends people to the brand's website; the first one is the default.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PlatformLimits:
    """How long each part of an ad may be (in characters) and which buttons it may carry."""

    platform: str
    display_name: str
    headline: int
    primary_text: int
    description: int
    call_to_actions: tuple[str, ...]

    @property
    def default_call_to_action(self) -> str:
        return self.call_to_actions[0]


PLATFORM_LIMITS: dict[str, PlatformLimits] = {
    "meta": PlatformLimits(
        platform="meta",
        display_name="Meta",
        headline=40,
        primary_text=125,
        description=30,
        call_to_actions=(
            "LEARN_MORE", "SHOP_NOW", "SIGN_UP", "SUBSCRIBE", "GET_OFFER", "GET_QUOTE",
            "CONTACT_US", "DOWNLOAD", "BOOK_NOW", "BOOK_TRAVEL", "APPLY_NOW", "ORDER_NOW",
            "BUY_NOW", "GET_STARTED", "WATCH_MORE", "SEE_MORE", "DONATE_NOW",
        ),
    ),
}


def limits_for(platform: str) -> PlatformLimits:
    """The row for `platform` (case-insensitive); ValueError names the known platforms."""
    try:
        return PLATFORM_LIMITS[platform.strip().lower()]
    except KeyError:
        known = ", ".join(sorted(PLATFORM_LIMITS))
        raise ValueError(f"No copy limits are known for the platform “{platform}” "
                         f"(known: {known}).") from None
