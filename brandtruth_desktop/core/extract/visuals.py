"""The brand's look as its pages declare it: logo, colours, product and hero images.

Colours come from what the HTML itself holds: `theme-color`, `msapplication-TileColor`, CSS custom
properties named like brand colours (`--primary`, `--brand-color` …) and the most used
non-neutral colours in embedded and inline CSS and SVG paint attributes. External style sheets
and the logo's own palette need bytes this module never sees (no network in the core); a later
step that has the logo image can add its palette.
"""

from __future__ import annotations

import colorsys
import re
from collections import Counter
from collections.abc import Sequence

from brandtruth_desktop.core.extract.document import Document, Region
from brandtruth_desktop.core.extract.structured import Item

# ---------------------------------------------------------------- logo

ICON_SIZE = re.compile(r"(\d+)x(\d+)")


def _is_org(item: Item) -> bool:
    return any(t.lower().endswith(("organization", "business", "store", "establishment",
                                   "restaurant", "corporation", "brand")) for t in item.types)


def find_logo(doc: Document, items: Sequence[Item]) -> str | None:
    """The brand's logo URL, best source first.

    Structured data's logo, then an image in the page's header that says it is a logo, then
    `og:logo`, then a social image whose file is named like a logo, then the touch icon or the
    largest declared icon. Favicons in .ico format are too small to be a logo and are skipped.
    """
    for item in items:
        if _is_org(item) or item.is_a("WebSite", "WebPage"):
            url = item.url("logo")
            if url:
                return doc.resolve(url)
    for image in doc.images:
        name = image.src.lower().rsplit("/", 1)[-1]
        if ("logo" in image.hints or "logo" in name) and not image.regions & {
            Region.FOOTER, Region.ASIDE, Region.QUOTE,
        }:
            return image.src
    for key in ("og:logo", "logo"):
        if doc.meta.get(key):
            return doc.resolve(doc.meta[key][0])
    for key in ("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
                "twitter:image:src"):
        for value in doc.meta.get(key, []):
            if "logo" in value.lower().rsplit("/", 1)[-1]:
                return doc.resolve(value)
    best: tuple[int, int, str] | None = None
    for rels, href, sizes in doc.link_rels:
        if not rels & {"icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon"}:
            continue
        if href.lower().split("?")[0].endswith(".ico"):
            continue
        size = max((int(w) for w, _ in ICON_SIZE.findall(sizes)), default=0)
        if href.lower().split("?")[0].endswith(".svg"):
            size = max(size, 512)
        rank = (2 if "apple-touch-icon" in rels or "apple-touch-icon-precomposed" in rels
                else 1, size, href)
        if (size >= 96 or rank[0] == 2) and (best is None or rank[:2] > best[:2]):
            best = rank
    return best[2] if best else None


# ---------------------------------------------------------------- colours

HEX = r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b"
FUNCTION = r"(?:rgba?|hsla?)\(\s*[^)]{4,60}\)"
COLOR = re.compile(rf"{HEX}|{FUNCTION}")
CUSTOM_PROPERTY = re.compile(
    rf"--([\w-]*(?:brand|primary|accent|main|theme|secondary|highlight)[\w-]*)\s*:\s*({HEX}|{FUNCTION})",
    re.I,
)


def normalize_color(value: str) -> str | None:
    """A CSS colour as lower-case #rrggbb, or None (transparent, unreadable, or see-through)."""
    value = value.strip().lower()
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) in (3, 4):
            if len(digits) == 4 and digits[3] in "0123456":
                return None
            digits = "".join(c * 2 for c in digits[:3])
        elif len(digits) == 8:
            if int(digits[6:], 16) < 128:
                return None
            digits = digits[:6]
        if len(digits) != 6 or not re.fullmatch(r"[0-9a-f]{6}", digits):
            return None
        return "#" + digits
    match = re.match(r"(rgba?|hsla?)\(\s*([^)]*)\)", value)
    if match is None:
        return None
    parts = [p for p in re.split(r"[\s,/]+", match.group(2)) if p]
    if len(parts) < 3:
        return None
    try:
        if len(parts) > 3 and _channel(parts[3], 1.0) < 0.5:
            return None
        if match.group(1).startswith("rgb"):
            r, g, b = (round(_channel(p, 255.0)) for p in parts[:3])
        else:
            hue = float(parts[0].removesuffix("deg")) / 360.0
            light = _channel(parts[2], 1.0)
            sat = _channel(parts[1], 1.0)
            r, g, b = (round(c * 255) for c in colorsys.hls_to_rgb(hue % 1.0, light, sat))
    except ValueError:
        return None
    if not all(0 <= c <= 255 for c in (r, g, b)):
        return None
    return f"#{r:02x}{g:02x}{b:02x}"


def _channel(text: str, scale: float) -> float:
    if text.endswith("%"):
        return float(text[:-1]) / 100.0 * scale
    number = float(text)
    # Alpha and hsl's s/l may be written as fractions (0.5) or percentages (50%).
    return number if scale != 1.0 or number <= 1.0 else number / 100.0


def is_neutral(color: str) -> bool:
    """White, black and greys: present on every site, they say nothing about the brand."""
    r, g, b = (int(color[i:i + 2], 16) / 255.0 for i in (1, 3, 5))
    light, sat = colorsys.rgb_to_hls(r, g, b)[1:]
    return sat < 0.15 or light < 0.08 or light > 0.96


def find_colors(doc: Document, *, limit: int = 8) -> list[str]:
    """Brand colours as #rrggbb: declared ones first, then the most used non-neutral ones."""
    declared: list[str] = []
    for key in ("theme-color", "msapplication-tilecolor", "msapplication-navbutton-color"):
        for value in doc.meta.get(key, []):
            color = normalize_color(value)
            if color:
                declared.append(color)
    css = [*doc.styles, *doc.inline_styles]
    for text in css:
        for match in CUSTOM_PROPERTY.finditer(text):
            color = normalize_color(match.group(2))
            if color and not is_neutral(color):
                declared.append(color)
    counts: Counter[str] = Counter()
    for text in [*css, *doc.paint]:
        for match in COLOR.finditer(text):
            color = normalize_color(match.group(0))
            if color and not is_neutral(color):
                counts[color] += 1
    frequent = [c for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= 2]
    out: list[str] = []
    for color in [*declared, *frequent]:
        if color not in out:
            out.append(color)
    return out[:limit]


# ---------------------------------------------------------------- images

NOT_CONTENT = re.compile(
    r"logo|icon|sprite|pixel|spacer|blank|tracking|avatar|badge|emoji|favicon|loader|"
    r"spinner|arrow|button|btn|social|share|flag|payment|rating|star", re.I,
)


def find_images(doc: Document, items: Sequence[Item], *, limit: int = 12) -> list[str]:
    """Product and hero images: social images, structured images, then large content images."""
    found: list[str] = []
    for key in ("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
                "twitter:image:src"):
        found.extend(doc.resolve(v) for v in doc.meta.get(key, []))
    for item in items:
        if item.is_a("Product", "Recipe", "Offer", "Offering", "ItemPage", "Article",
                     "Service", "Event", "Course"):
            url = item.url("image", "thumbnailUrl")
            if url:
                found.append(doc.resolve(url))
    for image in doc.images:
        if image.regions & {Region.NAV, Region.FOOTER, Region.COOKIE, Region.FORM}:
            continue
        if NOT_CONTENT.search(image.hints) or NOT_CONTENT.search(image.src.rsplit("/", 1)[-1]):
            continue
        if (image.width or 999) < 200 or (image.height or 999) < 120:
            continue
        if image.src.lower().split("?")[0].endswith((".svg", ".gif", ".ico")):
            continue
        found.append(image.src)
    out: list[str] = []
    for url in found:
        if url.startswith(("http://", "https://", "file:", "/")) and url not in out:
            out.append(url)
    return out[:limit]
