"""A brand's look as layouts use it: colours in roles, logo, typefaces, button labels."""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from typing import Protocol

from brandtruth_desktop.core.compose.color import (
    BODY_CONTRAST,
    RGB,
    WHITE,
    color_contrast,
    dark_ink,
    is_color,
    lightness,
    parse_color,
    saturation,
    shade_for_contrast,
    to_hex,
)

FALLBACK_PRIMARY = "#1F2937"

CTA_LABELS = {
    "LEARN_MORE": "Learn more", "SHOP_NOW": "Shop now", "SIGN_UP": "Sign up",
    "SUBSCRIBE": "Subscribe", "GET_OFFER": "Get offer", "GET_QUOTE": "Get a quote",
    "CONTACT_US": "Contact us", "DOWNLOAD": "Download", "BOOK_NOW": "Book now",
    "BOOK_TRAVEL": "Book now", "APPLY_NOW": "Apply now", "ORDER_NOW": "Order now",
    "BUY_NOW": "Buy now", "GET_STARTED": "Get started", "WATCH_MORE": "Watch more",
    "SEE_MORE": "See more", "DONATE_NOW": "Donate now", "INSTALL_MOBILE_APP": "Install now",
    "SEND_MESSAGE": "Send message", "GET_DIRECTIONS": "Get directions",
}
"""Meta's call-to-action types as the button reads them (Meta's own English labels)."""


def cta_label(call_to_action: str) -> str:
    """The button text for a Meta CTA type; free text is used as written."""
    key = call_to_action.strip()
    return CTA_LABELS.get(key.upper(), key.replace("_", " ").capitalize() if key.isupper()
                          else key) or "Learn more"


class AdCopy(Protocol):
    """The copy a layout places (core.models.CopyVariant and Variant both fit)."""

    @property
    def headline(self) -> str: ...

    @property
    def primary_text(self) -> str: ...

    @property
    def call_to_action(self) -> str: ...


@dataclass(frozen=True, slots=True)
class BrandStyle:
    """The brand as templates use it. `colors` as found on the site, most prominent first;
    `logo_aspect` is the logo's width / height (its box is sized from it)."""

    name: str = ""
    colors: tuple[str, ...] = ()
    logo_sha256: str | None = None
    logo_aspect: float = 3.0
    headline_font: str = "display"
    body_font: str = "sans"

    def valid_colors(self) -> list[RGB]:
        return [parse_color(c) for c in self.colors if isinstance(c, str) and is_color(c)]

    @property
    def primary(self) -> RGB:
        """The brand's signature colour: its first clearly coloured one (white, black and
        greys are page furniture, not brand), else its first colour, else slate."""
        colors = self.valid_colors()
        chromatic = [c for c in colors if saturation(c) >= 0.25 and 0.1 <= lightness(c) <= 0.9]
        if chromatic:
            return chromatic[0]
        dark = [c for c in colors if lightness(c) < 0.9]
        return dark[0] if dark else parse_color(FALLBACK_PRIMARY)

    @property
    def accent(self) -> RGB | None:
        """A second brand colour of a clearly different hue, if the brand has one."""
        primary = self.primary
        for color in self.valid_colors():
            if saturation(color) >= 0.3 and 0.15 <= lightness(color) <= 0.85 and (
                _hue_distance(color, primary) >= 0.08
            ):
                return color
        return None

    def panel(self) -> tuple[RGB, bool]:
        """A colour for a panel or full background in the brand's colour that text can sit
        on, and whether its text is light. The brand colour is kept when white or dark text
        already reaches 4.5:1 on it; otherwise it is darkened until white text does."""
        primary = self.primary
        if color_contrast(primary, WHITE) >= BODY_CONTRAST:
            return primary, True
        if color_contrast(primary, dark_ink(primary)) >= BODY_CONTRAST:
            return primary, False
        return shade_for_contrast(primary, BODY_CONTRAST * 1.05), True

    def button_on(self, surface: RGB) -> RGB:
        """A button colour that stands out from `surface` (3:1, WCAG's non-text contrast):
        the accent, else the primary, else white or near-black."""
        for candidate in (self.accent, self.primary):
            if candidate is not None and color_contrast(candidate, surface) >= 3.0:
                return candidate
        return WHITE if color_contrast(WHITE, surface) >= color_contrast(
            dark_ink(self.primary), surface) else dark_ink(self.primary)

    def palette(self) -> tuple[str, ...]:
        """Colours recorded in the spec (the first tints auto dark text)."""
        accent = self.accent
        return tuple([to_hex(self.primary)] + ([to_hex(accent)] if accent else []))


def _hue_distance(a: RGB, b: RGB) -> float:
    ha = colorsys.rgb_to_hls(a[0] / 255, a[1] / 255, a[2] / 255)[0]
    hb = colorsys.rgb_to_hls(b[0] / 255, b[1] / 255, b[2] / 255)[0]
    distance = abs(ha - hb)
    return min(distance, 1 - distance)
