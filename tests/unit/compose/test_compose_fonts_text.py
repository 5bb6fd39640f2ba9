"""Fonts and text: licences beside the files, fallbacks instead of tofu, RTL, fitting."""

from __future__ import annotations

from pathlib import Path

import pytest
from compose_support import FONTS_DIR
from PIL import Image, ImageFont

from brandtruth_desktop.core.compose import (
    Background,
    FontBook,
    LayoutSpec,
    TextBlock,
    TextRole,
    compose,
)
from brandtruth_desktop.core.compose.cmap import read_coverage
from brandtruth_desktop.core.compose.runs import clusters, itemize, paragraph_rtl, visual_order
from brandtruth_desktop.core.compose.text import ELLIPSIS, fit_text, unit_width
from brandtruth_desktop.core.imagery.geometry import Box

LICENCE_NAMES = ("ofl", "license", "licence", "copyright")


def test_every_font_folder_ships_its_licence_and_the_set_stays_small() -> None:
    files = [p for p in FONTS_DIR.rglob("*") if p.suffix.lower() in (".ttf", ".otf")]
    assert files
    for folder in {p.parent for p in files}:
        names = [p.name.lower() for p in folder.iterdir()]
        assert any(n.startswith(LICENCE_NAMES) for n in names), folder
    total = sum(p.stat().st_size for p in FONTS_DIR.rglob("*") if p.is_file())
    assert total < 25 * 1024 * 1024


def test_every_face_the_book_uses_exists(fonts: FontBook) -> None:
    assert all(path.is_file() for path in fonts.files())


def test_a_missing_font_folder_says_to_reinstall(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="Reinstall"):
        FontBook(tmp_path)


def test_the_character_map_reader_agrees_with_what_freetype_draws(fonts: FontBook) -> None:
    inter = FONTS_DIR / "inter" / "Inter-Regular.otf"
    coverage = read_coverage(inter)
    font = ImageFont.truetype(str(inter), 40)
    tofu = font.getmask("\U0010fffd").getbbox()
    for ch in "Aé€→中ا😀":
        drawn_as_tofu = font.getmask(ch).getbbox() == tofu
        assert (ord(ch) in coverage) != drawn_as_tofu, ch


@pytest.mark.parametrize(("text", "face"), [
    ("Hello", "LeagueSpartan"), ("Привет", "Inter"), ("مرحبا", "NotoSansArabic"),
    ("שלום", "NotoSansHebrew"),
    ("你好", "DroidSansFallback"), ("안녕", "DroidSansFallback"), ("😀", "NotoColorEmoji"),
])
def test_each_script_goes_to_a_face_that_has_it(fonts: FontBook, text: str, face: str) -> None:
    runs = itemize(text, fonts.chain("display", 700), fonts)
    assert len(runs) == 1 and face in runs[0].face.path.name


def test_emoji_sequences_stay_whole() -> None:
    assert clusters("👨‍👩‍👧🇫🇷👍🏽1️⃣é") == ["👨‍👩‍👧", "🇫🇷", "👍🏽", "1️⃣", "é"]


def test_mixed_direction_runs_are_ordered_for_display(fonts: FontBook) -> None:
    chain = fonts.chain("sans", 400)
    runs = itemize("Save 20% عرض خاص today", chain, fonts)
    shown = [r.text.strip() for r in visual_order(runs, paragraph_rtl("Save"))]
    assert shown[0].startswith("Save") and shown[-1] == "today"
    rtl = itemize("عرض خاص for you", chain, fonts)
    assert paragraph_rtl("عرض خاص for you")
    assert visual_order(rtl, True)[0].text.strip() == "for you"  # leftmost in an RTL line


def test_arabic_is_shaped(fonts: FontBook) -> None:
    """Joined Arabic letters are narrower than the same letters in their isolated forms."""
    text = "مرحبا بالعالم"
    shaped = unit_width(fonts, text, "sans", 400)
    isolated = sum(unit_width(fonts, ch, "sans", 400) for ch in text)
    assert shaped < isolated * 0.92


def render_text(fonts: FontBook, text: str, box: Box, **kw: object) -> Image.Image:
    spec = LayoutSpec(format="1:1", background=Background(fill="#FFFFFF"),
                      texts=(TextBlock(TextRole.PRIMARY, text, box, size=0.06,
                                       color="#000000", **kw),))  # type: ignore[arg-type]
    return compose(spec, 540, assets=lambda s: b"", fonts=fonts).image


def ink_columns(image: Image.Image) -> tuple[int, int]:
    box = Image.eval(image.convert("L"), lambda v: 255 - v).getbbox()
    assert box is not None
    return box[0], box[2]


def test_rtl_text_is_right_aligned_by_default_and_ltr_left(fonts: FontBook) -> None:
    box = Box(0.1, 0.1, 0.8, 0.2)
    left, right = ink_columns(render_text(fonts, "שלום עולם", box))
    assert right > 0.85 * 540 and left > 0.3 * 540
    left, right = ink_columns(render_text(fonts, "Hello world", box))
    assert left < 0.15 * 540 and right < 0.7 * 540


def test_emoji_render_in_colour_not_as_boxes(fonts: FontBook) -> None:
    image = render_text(fonts, "🍎🍎🍎", Box(0.1, 0.1, 0.8, 0.3)).convert("HSV")
    saturated = sum(1 for _h, s, v in image.get_flattened_data() if s > 120 and v > 80)
    assert saturated > 500  # red apples, not black outlines


def test_long_text_shrinks_then_reports_overflow(fonts: FontBook) -> None:
    lines, size, overflow, hidden = fit_text(
        fonts, "Short words fit", family="sans", weight=400, box_px=(400, 200), size_px=60,
        min_px=30, line_spacing=1.2)
    assert size == 60 and not overflow and hidden == 0
    long = "A much longer sentence that cannot fit at the first size " * 2
    lines, size, overflow, hidden = fit_text(
        fonts, long, family="sans", weight=400, box_px=(400, 200), size_px=60, min_px=20,
        line_spacing=1.2)
    assert 20 <= size < 60 and not overflow
    assert " ".join(t for t, _ in lines).split() == long.split()
    lines, size, overflow, hidden = fit_text(
        fonts, long * 4, family="sans", weight=400, box_px=(400, 120), size_px=60, min_px=30,
        line_spacing=1.2)
    assert overflow and hidden > 100 and size == 30
    assert lines[-1][0].endswith(ELLIPSIS)
    assert all(width * size <= 400.5 for _t, width in lines)


def test_a_word_wider_than_the_box_is_broken_only_as_a_last_resort(fonts: FontBook) -> None:
    word = "Supercalifragilisticexpialidocious"
    lines, size, overflow, _ = fit_text(
        fonts, word, family="sans", weight=700, box_px=(300, 400), size_px=80, min_px=10,
        line_spacing=1.2)
    assert len(lines) == 1 and size < 80 and not overflow
    lines, size, overflow, _ = fit_text(
        fonts, word, family="sans", weight=700, box_px=(300, 400), size_px=80, min_px=60,
        line_spacing=1.2)
    assert len(lines) > 1 and "".join(t for t, _ in lines) == word


def test_chinese_wraps_between_characters(fonts: FontBook) -> None:
    lines, *_ = fit_text(fonts, "我们的团队每天都在使用这个计划工具。", family="sans",
                         weight=400, box_px=(300, 1000), size_px=40, min_px=40,
                         line_spacing=1.2)
    assert len(lines) > 1
    assert not any(text.startswith("。") for text, _ in lines)


def test_newlines_are_kept(fonts: FontBook) -> None:
    lines, *_ = fit_text(fonts, "One\nTwo", family="sans", weight=400, box_px=(900, 900),
                         size_px=40, min_px=40, line_spacing=1.2)
    assert [t for t, _ in lines] == ["One", "Two"]
