"""What the designer sees is what ships: the canvas preview and the exported creative are the
same pixels once scaled to the same size (DESIGN.md decision 3)."""

from __future__ import annotations

import io

import pytest
from canvas_support import EditorApp, box_centre, drag, wait_preview
from PIL import Image, ImageChops, ImageStat
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage

from brandtruth_desktop.core.compose import FontBook, get_format, render
from brandtruth_desktop.paths import resources_dir

TOLERANCE = 2.5
"""Mean absolute difference per channel (0-255) allowed between the preview and the export
scaled down to it: antialiasing of glyph edges at two sizes, nothing more."""


def to_pil(image: QImage) -> Image.Image:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(rgb.constBits())[: rgb.sizeInBytes()]
    stride = rgb.bytesPerLine()
    return Image.frombytes("RGB", (rgb.width(), rgb.height()), data, "raw", "RGB", stride)


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


@pytest.mark.parametrize("format_key", ["1:1", "9:16"])
def test_the_canvas_preview_matches_the_export(qtbot, editor_app: EditorApp,
                                               format_key: str) -> None:
    editor = editor_app.open(format_key=format_key)
    editor.canvas.snapping = False
    _box, centre = box_centre(editor, "cta")
    with qtbot.waitSignal(editor.autosaved, timeout=5000):
        drag(qtbot, editor.canvas, centre, centre + QPoint(24, -36))
    wait_preview(qtbot, editor)
    preview = to_pil(editor.canvas.frame.image)
    # Shown 1:1 on screen: the preview is rendered at the size it is drawn.
    assert preview.width == round(editor.canvas.ad_rect().width())

    stored = editor_app.latest(editor.variant_id, format_key)
    assert stored == editor.canvas.frame.spec
    fmt = get_format(format_key)
    exported = render(stored, fmt.width, assets=editor_app.workspace.assets,
                      fonts=FontBook(resources_dir() / "fonts"))
    assert exported.size == fmt.size
    scaled = exported.resize(preview.size, Image.Resampling.LANCZOS)
    assert mean_difference(preview, scaled) < TOLERANCE

    # The creative the grid and the ZIP use (kept at full size for this revision) too.
    qtbot.waitUntil(lambda: editor.qa.get(format_key, (0, {}))[0] == 2, timeout=15000)
    render_row = next(r for r in editor_app.workspace.runs.renders(editor_app.campaign_id)
                      if r.variant_id == editor.variant_id and r.format == format_key
                      and r.spec_revision == 2)
    with editor_app.workspace.assets.open(render_row.sha256) as handle:
        creative = Image.open(io.BytesIO(handle.read())).convert("RGB")
    assert creative.size == fmt.size
    scaled = creative.resize(preview.size, Image.Resampling.LANCZOS)
    assert mean_difference(preview, scaled) < TOLERANCE
    # A different ad is far from that tolerance: the comparison can fail.
    other = render(editor_app.latest(editor_app.variant_id(1), format_key), preview.width,
                   assets=editor_app.workspace.assets, fonts=FontBook(resources_dir() / "fonts"))
    assert mean_difference(preview, other) > 4 * TOLERANCE
