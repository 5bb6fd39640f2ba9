"""Golden images: every template in every format, rendered small, compared with a tolerance.

The goldens live in tests/golden/compose/ (PNG, 270 pixels wide). After an intended change to
the look, regenerate them and review the pictures before committing:

    BRANDTRUTH_UPDATE_GOLDENS=1 .venv/bin/pytest tests/unit/compose/test_compose_golden.py

They are never written in CI (CI=true): a missing or different golden fails there.
Tolerance: fonts rasterise a little differently across FreeType versions, so a render
matches when its mean difference is under 1.5 levels and under 1 % of its pixels differ by
more than 48 levels in any channel.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from compose_support import AdCopyFixture, Stock
from PIL import Image, ImageChops, ImageStat

from brandtruth_desktop.core.compose import (
    FORMATS,
    BrandStyle,
    FontBook,
    GeneratedBackground,
    RenderCache,
    Template,
    layout_for,
    render,
)

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "compose"
UPDATE = os.environ.get("BRANDTRUTH_UPDATE_GOLDENS") == "1"
WIDTH = 270
MEAN_LIMIT = 1.5
PIXEL_LIMIT = 48
SHARE_LIMIT = 0.01


def compare(actual: Image.Image, expected: Image.Image) -> tuple[float, float]:
    """(mean difference in levels, share of pixels differing by more than PIXEL_LIMIT)."""
    difference = ImageChops.difference(actual.convert("RGB"), expected.convert("RGB"))
    mean = sum(ImageStat.Stat(difference).mean) / 3
    worst = Image.merge("RGB", difference.split()).convert("L", (1, 0, 0, 0))
    for band in difference.split()[1:]:
        worst = ImageChops.lighter(worst, band)
    over = sum(worst.histogram()[PIXEL_LIMIT + 1:])
    return mean, over / (actual.width * actual.height)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("template", list(Template))
def test_render_matches_its_golden(
    fonts: FontBook, stock: Stock, brand: BrandStyle, copy: AdCopyFixture, cache: RenderCache,
    fmt: str, template: Template,
) -> None:
    spec = layout_for(copy, fmt, template, stock.analysis, brand, image_sha256=stock.photo_sha,
                      fonts=fonts, generated=GeneratedBackground("radial", ("#115E59",), 2))
    image = render(spec, WIDTH, assets=stock, fonts=fonts, cache=cache)
    path = GOLDEN / f"{template}-{FORMATS[fmt].file_key}.png"
    if UPDATE:
        if os.environ.get("CI"):
            pytest.fail("Goldens are never regenerated in CI; regenerate them locally.")
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, optimize=True)
        pytest.skip(f"wrote {path.name}: review it before committing")
    if not path.exists():
        pytest.fail(f"{path} is missing. Create it with BRANDTRUTH_UPDATE_GOLDENS=1 (see the "
                    "module docstring) and review the picture.")
    with Image.open(path) as expected:
        assert expected.size == image.size
        mean, share = compare(image, expected)
    assert mean < MEAN_LIMIT and share < SHARE_LIMIT, (
        f"{path.name}: mean difference {mean:.2f}, {share:.2%} of pixels differ clearly; if "
        "the change is intended, regenerate the goldens (see the module docstring)")


def test_the_comparison_catches_a_moved_headline() -> None:
    base = Image.new("RGB", (100, 100), "white")
    moved = base.copy()
    moved.paste((0, 0, 0), (10, 10, 60, 30))
    assert compare(base, base) == (0.0, 0.0)
    mean, share = compare(base, moved)
    assert share > SHARE_LIMIT or mean > MEAN_LIMIT
