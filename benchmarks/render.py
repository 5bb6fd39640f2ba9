"""Render speed against the floor (issue 5 targets), printed per format.

    .venv/bin/python benchmarks/render.py [--runs 7]

From a 4000×3000 JPEG (made here, photo-like):

- floor: decode, cover-crop to the format's size and encode JPEG q90 with Pillow and nothing
  else (ImageOps.fit, LANCZOS: the quality the renderer uses).
- full: `render` + JPEG encode of a fresh spec with an empty cache (decode included), and
  `render` alone on a warm cache after an edit (the headline changed: re-resolved, re-laid out).
- preview: `render` at 540 pixels wide after an edit (warm cache), and of an unchanged spec.
- batch: 12 variants × 5 formats laid out, rendered with QA and written (image, QA, spec).

Targets on the 2-core reference machine: full ≤ 2× floor, preview re-render < 15 ms,
batch < 6 s.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from brandtruth_desktop.core.compose import (  # noqa: E402
    FORMATS,
    AdFormat,
    BrandStyle,
    FontBook,
    RenderCache,
    Template,
    TextRole,
    encode,
    layout_for,
    render,
)
from brandtruth_desktop.core.compose.batch import Picture, compose_stage  # noqa: E402
from brandtruth_desktop.core.imagery.analysis import ImageAnalysis, analyse_image  # noqa: E402
from brandtruth_desktop.core.imagery.loading import load_image  # noqa: E402


@dataclass(frozen=True)
class Copy:
    headline: str
    primary_text: str
    call_to_action: str = "LEARN_MORE"
    id: str = "bench"


def photo_jpeg() -> bytes:
    rng = random.Random(4)
    size = (4000, 3000)
    sky = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", (sky.point(lambda v: v // 2 + 40), sky.point(lambda v: v // 2 + 80),
                                sky.point(lambda v: 200 - v // 3)))
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y = rng.randrange(4000), rng.randrange(3000)
        draw.ellipse((x, y, x + rng.randint(20, 300), y + rng.randint(20, 300)),
                     fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    image = Image.blend(image, Image.effect_noise(size, 30).convert("RGB"), 0.15)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def median_ms(action: Callable[[int], object], runs: int) -> float:
    times = []
    for run in range(runs):
        started = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bench_format(fmt: AdFormat, copy: Copy, brand: BrandStyle, sha: str, data: bytes,
                 analysis: ImageAnalysis, fonts: FontBook, runs: int) -> tuple[float, float]:
    """Print one format's line; returns (cold full render ÷ floor, 540-px edit re-render ms)."""
    assets = {sha: data}

    def floor(_run: int) -> None:
        image = Image.open(io.BytesIO(data))
        fitted = ImageOps.fit(image, fmt.size, Image.Resampling.LANCZOS)
        fitted.save(io.BytesIO(), "JPEG", quality=90)

    spec = layout_for(copy, fmt, Template.OVERLAY, analysis, brand, image_sha256=sha,
                      fonts=fonts)

    def cold(_run: int) -> None:
        encode(render(spec, fmt.width, assets=assets.__getitem__, fonts=fonts,
                      cache=RenderCache()), "jpeg")

    warm = RenderCache()
    render(spec, fmt.width, assets=assets.__getitem__, fonts=fonts, cache=warm)
    render(spec, 540, assets=assets.__getitem__, fonts=fonts, cache=warm)

    def edited(size: int) -> Callable[[int], object]:
        return lambda run: render(spec.with_text(TextRole.HEADLINE, f"Edit {size} {run}"),
                                  size, assets=assets.__getitem__, fonts=fonts, cache=warm)

    floor_ms = median_ms(floor, runs)
    cold_ms = median_ms(cold, runs)
    full_edit = median_ms(edited(fmt.width), runs)
    preview_edit = median_ms(edited(540), runs * 3)
    preview_same = median_ms(
        lambda _r: render(spec, 540, assets=assets.__getitem__, fonts=fonts, cache=warm),
        runs * 3)
    ratio = cold_ms / floor_ms
    print(f"{fmt.key:8} {floor_ms:6.0f}ms {cold_ms:8.0f}ms {ratio:5.2f}× {full_edit:8.1f}ms "
          f"{preview_edit:7.1f}ms {preview_same:7.1f}ms")
    return ratio, preview_edit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    fonts = FontBook(ROOT / "resources" / "fonts")
    data = photo_jpeg()
    sha = hashlib.sha256(data).hexdigest()
    assets = {sha: data}
    analysis = analyse_image(load_image(data))
    brand = BrandStyle("Bench", ("#115E59", "#F97360"))
    copy = Copy("Plan a calmer week in ten minutes",
                "Tasks, notes and deadlines for the whole team in one tidy board.")
    print(f"Source: 4000×3000 JPEG, {len(data) / 1e6:.1f} MB; median of {runs} runs; "
          f"Pillow {Image.__version__}")
    print(f"{'format':8} {'floor':>8} {'full cold':>10} {'ratio':>6} {'full edit':>10} "
          f"{'540 edit':>9} {'540 same':>9}")
    worst_ratio, worst_preview = 0.0, 0.0
    for fmt in FORMATS.values():
        ratio, preview_edit = bench_format(fmt, copy, brand, sha, data, analysis, fonts, runs)
        worst_ratio, worst_preview = max(worst_ratio, ratio), max(worst_preview, preview_edit)

    variants = [Copy(f"Headline number {i} for the team", copy.primary_text, id=f"v{i:02d}")
                for i in range(12)]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        stage = compose_stage(variants, list(FORMATS.values()), brand, [Picture(sha, analysis)],
                              Path(folder), assets=assets, fonts=fonts)
        try:
            while True:
                next(stage)
        except StopIteration as done:
            manifest = done.value
        batch_s = time.perf_counter() - started
    print(f"batch: {len(manifest['items'])} ads (12 variants × 5 formats) rendered with QA and "
          f"written in {batch_s:.2f} s")
    print(f"targets: full ≤ 2× floor (worst {worst_ratio:.2f}×), 540-px re-render < 15 ms "
          f"(worst {worst_preview:.1f} ms), batch < 6 s ({batch_s:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
