"""How long image loading and analysis take on a 4000×3000 photo-like JPEG.

Run: .venv/bin/python benchmarks/imagery.py [repeats]
Prints the median (and worst) time of `load_image` (JPEG decode and normalisation),
`analyse_image` on the decoded image, `region_luminance` of a headline-sized box, `focal_crop`,
and `generate_background` per style at 1080×1920. No network; the picture is drawn here.
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import time
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

from brandtruth_desktop.core.imagery.analysis import analyse_image, focal_crop, region_luminance
from brandtruth_desktop.core.imagery.backgrounds import BackgroundStyle, generate_background
from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.core.imagery.loading import load_image


def photo_like_jpeg(size: tuple[int, int] = (4000, 3000)) -> bytes:
    """Sky gradient, textured ground, a bright subject: detail at several scales, like a photo."""
    width, height = size
    rng = random.Random(7)
    sky = Image.linear_gradient("L").resize(size).convert("RGB")
    image = Image.blend(sky, Image.new("RGB", size, (40, 110, 200)), 0.6)
    texture = Image.frombytes("L", (width // 8, height // 16),
                              rng.randbytes((width // 8) * (height // 16)))
    ground = texture.resize((width, height // 2)).filter(ImageFilter.GaussianBlur(2))
    image.paste(Image.merge("RGB", (ground, ground.point(lambda v: v // 2), ground.point(
        lambda v: v // 4))), (0, height // 2))
    ImageDraw.Draw(image).ellipse((2600, 900, 3200, 1700), fill=(230, 180, 150))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def timed(function: Callable[[], object], repeats: int) -> tuple[float, float]:
    function()  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, max(times) * 1000


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    data = photo_like_jpeg()
    image = load_image(data)
    analysis = analyse_image(image)
    print(f"4000×3000 JPEG, {len(data) / 1e6:.1f} MB; focal point "
          f"({analysis.focal_point[0]:.2f}, {analysis.focal_point[1]:.2f}), "
          f"{len(analysis.calm_regions)} calm regions")
    rows = [
        ("load_image (decode + normalise)", lambda: load_image(data)),
        ("analyse_image (grid 16)", lambda: analyse_image(image)),
        ("analyse_image (grid 32)", lambda: analyse_image(image, grid=32)),
        ("region_luminance (40 % × 15 % box)",
         lambda: region_luminance(image, Box(0.05, 0.7, 0.4, 0.15))),
        ("focal_crop", lambda: focal_crop(image.size, 9 / 16, analysis.focal_point)),
    ]
    rows += [
        (f"generate_background {style.value} 1080×1920",
         lambda style=style: generate_background(["#0B5FFF", "#3D8BFF"], (1080, 1920),
                                                 style=style, seed=1))
        for style in BackgroundStyle
    ]
    print(f"{'step':42} {'median ms':>10} {'max ms':>8}")
    for name, function in rows:
        median, worst = timed(function, repeats)
        print(f"{name:42} {median:10.2f} {worst:8.2f}")


if __name__ == "__main__":
    main()
