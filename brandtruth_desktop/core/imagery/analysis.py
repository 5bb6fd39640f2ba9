"""What an image offers a layout: brightness, where text can sit, and what must not be cropped.

All measures come from a small downscaled copy (about 320 pixels on the long side), so a
12-megapixel photo is analysed in a few milliseconds. Luminance is WCAG 2 relative luminance of
sRGB (0 = black, 1 = white); transparent pixels are measured as if over white.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageMath

from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.core.imagery.loading import normalise_mode
from brandtruth_desktop.core.imagery.saliency import focal_point_of

WORK_SIDE = 320
"""Long side, in pixels, of the copy the analysis works on."""

REGION_PIXEL_BUDGET = 262_144
"""`region_luminance` measures at most this many pixels (a larger box is box-averaged first)."""

CALM_THRESHOLD = 0.3
"""A cell at or below this busyness is calm enough to hold text."""

MAX_CALM_REGIONS = 8

# How busyness grows with the mean gradient (grey levels per pixel on the working copy) and the
# cell's standard deviation (grey levels): 1 - exp(-(gradient / G + std / S)). Calibrated so flat
# colour and JPEG noise stay under 0.1, a gentle sky gradient under 0.2, and foliage, text or a
# hard edge through the cell above 0.6.
_GRADIENT_SCALE = 12.0
_STD_SCALE = 40.0

_SRGB_TO_LINEAR = [
    c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    for c in (v / 255 for v in range(256))
]
_WEIGHTS = (0.2126, 0.7152, 0.0722)


@dataclass(frozen=True, slots=True)
class ImageAnalysis:
    """The measures of one image, for layout.

    `luminance_grid` and `busy_grid` are `grid` rows of `grid` cells (row-major, top row first;
    cell [r][c] covers x in [c/grid, (c+1)/grid) and y in [r/grid, (r+1)/grid) of the image):
    mean WCAG relative luminance, and how busy the cell is (0 = flat, 1 = very busy).
    `calm_regions` are non-overlapping boxes whose cells are all calm enough to hold text
    (busyness ≤ CALM_THRESHOLD), largest first; empty when no part of the image is calm.
    `focal_point` is the relative (x, y) of what a crop must keep (faces, products, the subject).
    """

    width: int
    height: int
    mean_luminance: float
    focal_point: tuple[float, float]
    calm_regions: tuple[Box, ...]
    luminance_grid: tuple[tuple[float, ...], ...]
    busy_grid: tuple[tuple[float, ...], ...]

    def luminance_at(self, box: Box) -> float:
        """Mean luminance of the grid cells a box covers, weighted by how much it covers them."""
        return _grid_mean(self.luminance_grid, box)

    def busyness_at(self, box: Box) -> float:
        """Mean busyness of the grid cells a box covers, weighted by how much it covers them."""
        return _grid_mean(self.busy_grid, box)


def relative_luminance(colour: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance of an sRGB colour given as 0..255 channels."""
    return sum(
        w * _SRGB_TO_LINEAR[max(0, min(255, c))] for w, c in zip(_WEIGHTS, colour, strict=True)
    )


def contrast_ratio(luminance_a: float, luminance_b: float) -> float:
    """WCAG 2 contrast ratio (1..21) between two relative luminances."""
    light, dark = max(luminance_a, luminance_b), min(luminance_a, luminance_b)
    return (light + 0.05) / (dark + 0.05)


def analyse_image(image: Image.Image, *, grid: int = 16) -> ImageAnalysis:
    """Measure luminance, busyness, calm regions and the focal point of `image`."""
    if grid < 1:
        raise ValueError("grid must be at least 1")
    width, height = image.size
    work = _working_copy(image, WORK_SIDE)
    luminance = linear_luminance(work)
    luminance_cells = _cell_means(luminance, grid)
    mean = _cell_means(luminance, 1)[0][0]

    grey = work.convert("L")
    gradient = _gradient(grey)
    gradient_cells = _cell_means(gradient.convert("F"), grid)
    std_cells = _cell_stds(grey.convert("F"), grid)
    busy = tuple(
        tuple(
            1.0 - math.exp(-(g / _GRADIENT_SCALE + s / _STD_SCALE))
            for g, s in zip(g_row, s_row, strict=True)
        )
        for g_row, s_row in zip(gradient_cells, std_cells, strict=True)
    )
    return ImageAnalysis(
        width=width,
        height=height,
        mean_luminance=_clamp01(mean),
        focal_point=focal_point_of(work, grey, gradient),
        calm_regions=calm_regions(busy),
        luminance_grid=tuple(tuple(_clamp01(v) for v in row) for row in luminance_cells),
        busy_grid=busy,
    )


def region_luminance(image: Image.Image, box: Box) -> tuple[float, float]:
    """(mean, standard deviation) of the WCAG relative luminance of the pixels in `box`.

    A box of more than REGION_PIXEL_BUDGET pixels is box-averaged down first: the mean stays
    exact, the spread of very fine texture is slightly understated.
    """
    crop = image.crop(box.to_pixels(image.size))
    pixels = crop.width * crop.height
    if pixels > REGION_PIXEL_BUDGET:
        factor = math.ceil(math.sqrt(pixels / REGION_PIXEL_BUDGET))
        crop = _reduce(crop, factor)
    luminance = linear_luminance(_flatten(normalise_mode(crop)))
    mean = _cell_means(luminance, 1)[0][0]
    std = _cell_stds(luminance, 1)[0][0]
    return _clamp01(mean), std


def focal_crop(
    size: tuple[int, int], target_aspect: float, focal_point: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest crop box (left, upper, right, lower) of `target_aspect` (width / height)
    inside an image of `size`, placed so the focal point is as central as the edges allow."""
    width, height = size
    if width <= 0 or height <= 0 or target_aspect <= 0 or not math.isfinite(target_aspect):
        raise ValueError("focal_crop needs a non-empty size and a positive aspect ratio")
    if width / height > target_aspect:
        crop_w, crop_h = max(1, min(width, round(height * target_aspect))), height
    else:
        crop_w, crop_h = width, max(1, min(height, round(width / target_aspect)))
    fx = _clamp01(focal_point[0]) * width
    fy = _clamp01(focal_point[1]) * height
    left = min(max(0, round(fx - crop_w / 2)), width - crop_w)
    top = min(max(0, round(fy - crop_h / 2)), height - crop_h)
    return left, top, left + crop_w, top + crop_h


def linear_luminance(image: Image.Image) -> Image.Image:
    """Per-pixel WCAG relative luminance of an RGB image, as a mode "F" image (0..1)."""
    red, green, blue = image.convert("RGB").split()
    planes = {
        name: band.point([w * v for v in _SRGB_TO_LINEAR], "F")
        for name, band, w in zip("rgb", (red, green, blue), _WEIGHTS, strict=True)
    }
    result = ImageMath.lambda_eval(lambda a: a["r"] + a["g"] + a["b"], **planes)
    assert isinstance(result, Image.Image)
    return result


def calm_regions(busy: tuple[tuple[float, ...], ...]) -> tuple[Box, ...]:
    """Greedy non-overlapping maximal rectangles of calm cells, largest first.

    Each region is at least two cells wide and two cells in area; ties go to the top-most,
    then left-most rectangle, so the answer is deterministic.
    """
    rows = len(busy)
    cols = len(busy[0]) if rows else 0
    free = [[value <= CALM_THRESHOLD for value in row] for row in busy]
    regions: list[Box] = []
    while len(regions) < MAX_CALM_REGIONS:
        best = _largest_rectangle(free, min_width=min(2, cols))
        if best is None:
            break
        top, left, bottom, right = best
        if (bottom - top) * (right - left) < min(2, rows * cols):
            break
        for r in range(top, bottom):
            for c in range(left, right):
                free[r][c] = False
        regions.append(Box(left / cols, top / rows, (right - left) / cols, (bottom - top) / rows))
    return tuple(regions)


def _largest_rectangle(
    free: list[list[bool]], *, min_width: int
) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right), exclusive, of the largest all-True rectangle at least
    `min_width` wide, by the histogram method."""
    if not free:
        return None
    cols = len(free[0])
    heights = [0] * cols
    best: tuple[int, int, int, int] | None = None
    best_key: tuple[int, int, int] | None = None
    for r, row in enumerate(free):
        heights = [h + 1 if cell else 0 for h, cell in zip(heights, row, strict=True)]
        stack: list[int] = []
        for c in range(cols + 1):
            current = heights[c] if c < cols else 0
            while stack and heights[stack[-1]] >= current:
                h = heights[stack.pop()]
                left = stack[-1] + 1 if stack else 0
                width = c - left
                if h == 0 or width < min_width:
                    continue
                top = r - h + 1
                key = (-(h * width), top, left)
                if best_key is None or key < best_key:
                    best_key, best = key, (top, left, r + 1, c)
            stack.append(c)
    return best


def _working_copy(image: Image.Image, side: int) -> Image.Image:
    """An RGB copy at most about `side` pixels on its long side, transparency over white."""
    factor = max(1, math.ceil(max(image.size) / side))
    small = _reduce(image, factor) if factor > 1 else image
    return _flatten(normalise_mode(small))


def _reduce(image: Image.Image, factor: int) -> Image.Image:
    if image.mode not in ("RGB", "RGBA", "L", "LA", "I", "F", "CMYK", "RGBa", "La"):
        image = normalise_mode(image)
    factor = max(1, min(factor, image.width, image.height))
    return image.reduce(factor)


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


def _gradient(grey: Image.Image) -> Image.Image:
    """|∂x| + |∂y| of a greyscale image, by differences of neighbours (no border artefacts)."""
    width, height = grey.size
    if width < 2 or height < 2:
        return Image.new("L", grey.size, 0)
    dx = ImageChops.difference(grey.crop((1, 0, width, height - 1)),
                               grey.crop((0, 0, width - 1, height - 1)))
    dy = ImageChops.difference(grey.crop((0, 1, width - 1, height)),
                               grey.crop((0, 0, width - 1, height - 1)))
    return ImageChops.add(dx, dy)


def _cell_means(image: Image.Image, grid: int) -> tuple[tuple[float, ...], ...]:
    cells = image.resize((grid, grid), Image.Resampling.BOX)
    values = array("f", cells.tobytes())
    return tuple(tuple(values[r * grid:(r + 1) * grid]) for r in range(grid))


def _cell_stds(image: Image.Image, grid: int) -> tuple[tuple[float, ...], ...]:
    squares = ImageMath.lambda_eval(lambda a: a["v"] * a["v"], v=image)
    assert isinstance(squares, Image.Image)
    means = _cell_means(image, grid)
    mean_squares = _cell_means(squares, grid)
    return tuple(
        tuple(math.sqrt(max(0.0, q - m * m)) for m, q in zip(m_row, q_row, strict=True))
        for m_row, q_row in zip(means, mean_squares, strict=True)
    )


def _grid_mean(cells: tuple[tuple[float, ...], ...], box: Box) -> float:
    rows = len(cells)
    cols = len(cells[0]) if rows else 0
    box = box.clamped()
    total = weight = 0.0
    for r in range(rows):
        overlap_y = min(box.bottom, (r + 1) / rows) - max(box.y, r / rows)
        if overlap_y <= 0:
            continue
        for c in range(cols):
            overlap_x = min(box.right, (c + 1) / cols) - max(box.x, c / cols)
            if overlap_x > 0:
                total += cells[r][c] * overlap_x * overlap_y
                weight += overlap_x * overlap_y
    if weight == 0:
        return 0.0
    return total / weight


def _clamp01(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


__all__ = [
    "ImageAnalysis",
    "analyse_image",
    "contrast_ratio",
    "focal_crop",
    "linear_luminance",
    "region_luminance",
    "relative_luminance",
]
