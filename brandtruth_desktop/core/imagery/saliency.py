"""A focal point from a cheap saliency proxy, so crops keep faces and products.

No model, just four cues on a small map: edge density (detail draws the eye), colour that
stands out from its surroundings and from the whole image, skin tone (faces and hands), and a
mild bias to the centre where photographers put the subject. The focal point is the weighted
centre of the most salient connected blob, not of the whole map, so two subjects far apart do
not give a point in the empty space between them.
"""

from __future__ import annotations

import math

from PIL import Image, ImageChops, ImageFilter

MAP_SIDE = 48
"""Long side, in cells, of the saliency map."""

_BLOB_SHARE = 0.7  # cells at or above this share of the peak belong to the focal blob
_EDGE_WEIGHT = 0.35
_CONTRAST_WEIGHT = 0.35
_SKIN_WEIGHT = 0.35
_CENTRE = (0.5, 0.45)
_CENTRE_SIGMA = 0.35


def focal_point_of(
    work: Image.Image, grey: Image.Image, gradient: Image.Image
) -> tuple[float, float]:
    """Relative (x, y) of the most salient part of `work` (an RGB image of a few hundred
    pixels), given its greyscale and gradient-magnitude images."""
    width, height = work.size
    scale = MAP_SIDE / max(width, height)
    map_w, map_h = max(1, round(width * scale)), max(1, round(height * scale))

    edges = _normalised(_as_floats(_blurred(gradient, max(width, height) / 40), (map_w, map_h)))
    contrast = _normalised(_colour_contrast(work, (map_w, map_h)))
    skin = [v / 255 for v in _as_floats(_skin_mask(work), (map_w, map_h))]
    # A cue present everywhere (texture all over, a sand-coloured beach) singles nothing out:
    # each map counts by how peaked it is.
    edge_weight = _EDGE_WEIGHT * _peakedness(edges, map_w, map_h)
    contrast_weight = _CONTRAST_WEIGHT * _peakedness(contrast, map_w, map_h)
    skin_weight = _SKIN_WEIGHT * _peakedness(skin, map_w, map_h)

    saliency = []
    for i, (e, c, s) in enumerate(zip(edges, contrast, skin, strict=True)):
        x = (i % map_w + 0.5) / map_w
        y = (i // map_w + 0.5) / map_h
        distance2 = (x - _CENTRE[0]) ** 2 + (y - _CENTRE[1]) ** 2
        centre = 0.55 + 0.45 * math.exp(-distance2 / (2 * _CENTRE_SIGMA**2))
        saliency.append(centre * (edge_weight * e + contrast_weight * c + skin_weight * s))
    saliency = _smoothed(saliency, map_w, map_h)
    return _blob_centre(saliency, map_w, map_h)


def _peakedness(values: list[float], width: int, height: int) -> float:
    """How much a normalised map singles something out (Itti and Koch's map normalisation):
    (1 - m)² where m is the mean of its other local maxima. One peak gives 1; a texture that
    peaks all over gives nearly 0."""
    levels = bytes(max(0, min(255, round(v * 255))) for v in values)
    plane = Image.frombytes("L", (width, height), levels)
    neighbourhood_max = plane.filter(ImageFilter.MaxFilter(3)).tobytes()
    others = [
        level / 255 for level, highest in zip(levels, neighbourhood_max, strict=True)
        if level == highest and 13 <= level < 250  # a local maximum, not the peak itself
    ]
    if not others:
        return 1.0
    return (1.0 - sum(others) / len(others)) ** 2


def _blurred(image: Image.Image, radius: float) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(max(0.5, radius)))


def _as_floats(image: Image.Image, size: tuple[int, int]) -> list[float]:
    small = image.resize(size, Image.Resampling.BOX)
    return [float(v) for v in small.tobytes()]


def _normalised(values: list[float]) -> list[float]:
    peak = max(values, default=0.0)
    if peak <= 1e-6:
        return [0.0] * len(values)
    return [v / peak for v in values]


def _colour_contrast(work: Image.Image, size: tuple[int, int]) -> list[float]:
    """How much each cell's colour differs from its surroundings and from the whole image."""
    small = work.resize(size, Image.Resampling.BOX)
    surround = small.filter(ImageFilter.GaussianBlur(max(size) / 6))
    mean_colour = small.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    assert isinstance(mean_colour, tuple)
    overall = Image.new("RGB", size, mean_colour)
    local = _channel_sum(ImageChops.difference(small, surround))
    global_ = _channel_sum(ImageChops.difference(small, overall))
    return [0.6 * a + 0.4 * b for a, b in zip(local, global_, strict=True)]


def _channel_sum(image: Image.Image) -> list[float]:
    raw = image.tobytes()
    return [float(raw[i] + raw[i + 1] + raw[i + 2]) for i in range(0, len(raw), 3)]


def _skin_mask(work: Image.Image) -> Image.Image:
    """255 where the colour falls in the classic YCbCr skin range (Chai & Ngan), else 0."""
    luma, blue, red = work.convert("YCbCr").split()
    bright = luma.point(lambda v: 255 if 50 <= v <= 250 else 0)
    cb = blue.point(lambda v: 255 if 77 <= v <= 127 else 0)
    cr = red.point(lambda v: 255 if 133 <= v <= 173 else 0)
    return ImageChops.multiply(ImageChops.multiply(bright, cb), cr)


def _smoothed(values: list[float], width: int, height: int) -> list[float]:
    """A 3×3 mean (separable, edges averaged over the cells that exist), so one stray cell
    cannot be the peak."""
    rows = [values[y * width:(y + 1) * width] for y in range(height)]
    across = [_mean3(row) for row in rows]
    columns = [_mean3([across[y][x] for y in range(height)]) for x in range(width)]
    return [columns[x][y] for y in range(height) for x in range(width)]


def _mean3(line: list[float]) -> list[float]:
    n = len(line)
    if n == 1:
        return list(line)
    out = [(line[0] + line[1]) / 2]
    out.extend((line[i - 1] + line[i] + line[i + 1]) / 3 for i in range(1, n - 1))
    out.append((line[-2] + line[-1]) / 2)
    return out


def _blob_centre(values: list[float], width: int, height: int) -> tuple[float, float]:
    peak = max(values, default=0.0)
    if peak <= 1e-9:
        return (0.5, 0.5)
    start = values.index(peak)  # the first peak in reading order: deterministic
    floor = peak * _BLOB_SHARE
    seen = {start}
    queue = [start]
    total = sum_x = sum_y = 0.0
    while queue:
        index = queue.pop()
        x, y = index % width, index // width
        # Weighted by how far above the floor: the peak counts most, the blob's rim least.
        weight = values[index] - floor * 0.9
        total += weight
        sum_x += weight * (x + 0.5)
        sum_y += weight * (y + 0.5)
        for nx, ny in ((x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)):
            neighbour = ny * width + nx
            if (0 <= nx < width and 0 <= ny < height and neighbour not in seen
                    and values[neighbour] >= floor):
                seen.add(neighbour)
                queue.append(neighbour)
    return (sum_x / total / width, sum_y / total / height)
