"""The bundled typefaces and the fallback chain that keeps tofu boxes out of the ads.

Families are chosen by key in a LayoutSpec: "sans" (Inter), "serif" (Noto Serif) and
"display" (League Spartan). Characters a family lacks are drawn from, in order: Inter (symbols,
Cyrillic, Greek for the other families), Noto Sans Arabic, Noto Sans Hebrew, Droid Sans
Fallback (Chinese, Japanese, Korean) and Noto Color Emoji. All are under the SIL Open Font
Licence or Apache 2.0; their licence files sit beside them in `resources/fonts/`.

Every font is laid out with Pillow's RAQM engine (HarfBuzz shaping, FriBiDi), so Arabic joins
and Hebrew and Arabic run right to left.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import ImageFont

from brandtruth_desktop.core.compose.cmap import Coverage, read_coverage
from brandtruth_desktop.core.compose.lru import LRU

EMOJI_STRIKE = 109
"""Noto Color Emoji is a bitmap font with one size: draw at 109 pixels, then scale."""


@dataclass(frozen=True, slots=True)
class Family:
    """A typeface family: its display name and one file per weight (100-900)."""

    name: str
    files: tuple[tuple[int, str], ...]

    def file_for(self, weight: int) -> str:
        """The file whose weight is nearest to `weight` (ties go to the bolder one)."""
        return min(self.files, key=lambda item: (abs(item[0] - weight), -item[0]))[1]


FAMILIES: dict[str, Family] = {
    "sans": Family("Inter", (
        (400, "inter/Inter-Regular.otf"), (500, "inter/Inter-Medium.otf"),
        (600, "inter/Inter-SemiBold.otf"), (700, "inter/Inter-Bold.otf"),
    )),
    "serif": Family("Noto Serif", (
        (400, "noto-serif/NotoSerif-Regular.ttf"), (700, "noto-serif/NotoSerif-Bold.ttf"),
    )),
    "display": Family("League Spartan", (
        (600, "league-spartan/LeagueSpartan-SemiBold.otf"),
        (700, "league-spartan/LeagueSpartan-Bold.otf"),
        (900, "league-spartan/LeagueSpartan-Black.otf"),
    )),
}
"""The families a LayoutSpec may name; an unknown key falls back to "sans"."""

_FALLBACKS: tuple[Family, ...] = (
    Family("Noto Sans Arabic", (
        (400, "fallback/noto-sans-arabic/NotoSansArabic-Regular.ttf"),
        (700, "fallback/noto-sans-arabic/NotoSansArabic-Bold.ttf"),
    )),
    Family("Noto Sans Hebrew", (
        (400, "fallback/noto-sans-hebrew/NotoSansHebrew-Regular.ttf"),
        (700, "fallback/noto-sans-hebrew/NotoSansHebrew-Bold.ttf"),
    )),
    Family("Droid Sans Fallback", ((400, "fallback/droid-sans-fallback/DroidSansFallback.ttf"),)),
)
_EMOJI = "fallback/noto-color-emoji/NotoColorEmoji.ttf"


@dataclass(frozen=True, slots=True)
class Face:
    """One font file in a fallback chain; `emoji` faces are colour bitmaps drawn at 109 px."""

    path: Path
    emoji: bool = False


class FontBook:
    """The fonts under one `resources/fonts` folder, with their character maps and a cache of
    sized font objects. One per app (the AppContext makes it); safe to share between renders
    on one thread."""

    def __init__(self, fonts_dir: Path, *, cache_size: int = 96) -> None:
        self.fonts_dir = fonts_dir
        self._coverage: dict[Path, Coverage] = {}
        self._fonts: LRU[tuple[Path, float], ImageFont.FreeTypeFont] = LRU(cache_size)
        self._chains: dict[tuple[str, int], tuple[Face, ...]] = {}
        self.memo: LRU[tuple[Any, ...], Any] = LRU(4096)
        """Text measurements and runs, keyed by what they depend on (for the text module)."""
        missing = [f for f in self.files() if not f.is_file()]
        if missing:
            raise FileNotFoundError(
                f"Bundled fonts are missing: {', '.join(str(p) for p in missing)}. "
                "Reinstall the app."
            )

    def files(self) -> list[Path]:
        """Every font file the book uses."""
        names = [name for family in (*FAMILIES.values(), *_FALLBACKS) for _, name in family.files]
        return [self.fonts_dir / name for name in [*names, _EMOJI]]

    @staticmethod
    def family_key(key: str) -> str:
        return key if key in FAMILIES else "sans"

    def chain(self, family: str, weight: int) -> tuple[Face, ...]:
        """The faces to try for a character, in order: the family's own, Inter, the script
        fallbacks, then colour emoji."""
        cache_key = (family, weight)
        found = self._chains.get(cache_key)
        if found is None:
            primary = FAMILIES[self.family_key(family)]
            families = [primary] + ([FAMILIES["sans"]] if primary is not FAMILIES["sans"] else [])
            faces = [Face(self.fonts_dir / f.file_for(weight)) for f in (*families, *_FALLBACKS)]
            found = (*faces, Face(self.fonts_dir / _EMOJI, emoji=True))
            self._chains[cache_key] = found
        return found

    def emoji_face(self) -> Face:
        return Face(self.fonts_dir / _EMOJI, emoji=True)

    def coverage(self, face: Face) -> Coverage:
        found = self._coverage.get(face.path)
        if found is None:
            found = read_coverage(face.path)
            self._coverage[face.path] = found
        return found

    def font(self, face: Face, size: float) -> ImageFont.FreeTypeFont:
        """`face` at `size` pixels (quantised to a quarter pixel), laid out with RAQM.
        Emoji faces always come at their one bitmap size."""
        size = float(EMOJI_STRIKE) if face.emoji else max(1.0, round(size * 4) / 4)
        return self._fonts.get_or_make(
            (face.path, size),
            lambda: ImageFont.truetype(str(face.path), size, layout_engine=ImageFont.Layout.RAQM),
        )

    def metrics(self, face: Face) -> tuple[float, float]:
        """(ascent, descent) of `face` as fractions of its size."""
        font = self.font(face, 100.0)
        ascent, descent = font.getmetrics()
        return ascent / 100.0, descent / 100.0
