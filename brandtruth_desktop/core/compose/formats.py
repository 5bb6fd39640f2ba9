"""The ad formats the product makes, and where text may go in each (DESIGN.md, the numbers table).

One table: a format's key (as the person and Meta name it), its pixel size, and its safe zone.
Only 9:16 has a platform safe zone (Stories and Reels cover the top 14 % with the profile bar
and the bottom 35 % with the reply box and CTA); the other formats get the plain margin a
designer would keep anyway, which templates use but QA does not enforce.
"""

from __future__ import annotations

from dataclasses import dataclass

from brandtruth_desktop.core.imagery.geometry import Box


@dataclass(frozen=True, slots=True)
class SafeZone:
    """Parts of the canvas (fractions of its height or width) that must hold no text or logo."""

    top: float
    bottom: float
    left: float
    right: float

    @property
    def box(self) -> Box:
        """The area that may hold text and the logo, in relative coordinates."""
        return Box(self.left, self.top, 1.0 - self.left - self.right, 1.0 - self.top - self.bottom)


@dataclass(frozen=True, slots=True)
class AdFormat:
    """One ad format: its key, full pixel size and, where the platform covers parts, a safe zone."""

    key: str
    width: int
    height: int
    label: str
    safe_zone: SafeZone | None = None

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    @property
    def aspect(self) -> float:
        """Width divided by height."""
        return self.width / self.height

    @property
    def file_key(self) -> str:
        """The key as it can appear in a file name: "1:1" → "1x1", "1.91:1" → "1.91x1"."""
        return self.key.replace(":", "x")

    def content_box(self, margin: float = 0.06) -> Box:
        """Where a template places text and logo: the safe zone, or else a plain margin
        (a fraction of the shorter side, so the margin looks the same on every side)."""
        if self.safe_zone is not None:
            return self.safe_zone.box
        short = min(self.width, self.height)
        mx = margin * short / self.width
        my = margin * short / self.height
        return Box(mx, my, 1.0 - 2 * mx, 1.0 - 2 * my)

    def preview_size(self, width: int) -> tuple[int, int]:
        """The pixel size of this format at `width` pixels across (height rounded)."""
        return width, max(1, round(width * self.height / self.width))


STORY_SAFE_ZONE = SafeZone(top=0.14, bottom=0.35, left=0.06, right=0.06)

FORMATS: dict[str, AdFormat] = {
    f.key: f
    for f in (
        AdFormat("1:1", 1080, 1080, "Square (feed)"),
        AdFormat("4:5", 1080, 1350, "Portrait (feed)"),
        AdFormat("9:16", 1080, 1920, "Full screen (Stories, Reels)", STORY_SAFE_ZONE),
        AdFormat("16:9", 1920, 1080, "Landscape (video placements, right column)"),
        AdFormat("1.91:1", 1200, 628, "Link ad (feed, Audience Network)"),
    )
}
"""Every format, in the order the product lists them."""


def get_format(key: str) -> AdFormat:
    """The format for `key` ("1:1", "4:5", "9:16", "16:9", "1.91:1"); ValueError if unknown."""
    try:
        return FORMATS[key.strip()]
    except KeyError:
        raise ValueError(
            f"“{key}” is not an ad format. Use one of: {', '.join(FORMATS)}."
        ) from None


def parse_formats(text: str) -> tuple[AdFormat, ...]:
    """A comma-separated list of format keys, e.g. "1:1,9:16" (duplicates dropped, order kept)."""
    keys = [part.strip() for part in text.split(",") if part.strip()]
    if not keys:
        raise ValueError(f"No formats given. Use some of: {', '.join(FORMATS)}.")
    chosen: dict[str, AdFormat] = {}
    for key in keys:
        chosen.setdefault(key, get_format(key))
    return tuple(chosen.values())
