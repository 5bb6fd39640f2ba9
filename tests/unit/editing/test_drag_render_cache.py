"""While a designer drags, the renderer reuses what the move did not change (the probe canvas,
the other blocks, the logo's plate): the ad drawn from a warm cache must be exactly the ad
drawn from nothing, or the canvas would show something the export does not."""

from __future__ import annotations

from dataclasses import replace

from PIL import ImageChops

from brandtruth_desktop.core.compose import FontBook, LayoutSpec, RenderCache, render
from brandtruth_desktop.core.compose.resolve import resolve
from brandtruth_desktop.core.editing import box_of, element_ids, with_box
from brandtruth_desktop.paths import resources_dir
from brandtruth_desktop.storage.workspace import Workspace


def test_a_drag_renders_exactly_what_a_cold_cache_renders(demo: tuple[Workspace, int]) -> None:
    workspace, campaign_id = demo
    fonts = FontBook(resources_dir() / "fonts")
    for variant in workspace.content.variants(campaign_id)[:3]:
        for format_key in ("1:1", "9:16"):
            record = workspace.content.latest_layout_spec(variant.id, format_key)
            assert record is not None
            spec = LayoutSpec.from_record(record)
            warm = RenderCache()
            for element in element_ids(spec):
                box = box_of(spec, element)
                assert box is not None
                for step in range(3):
                    moved = with_box(spec, element, replace(
                        box, x=min(1 - box.w, box.x + 0.04 * step),
                        y=max(0.0, box.y - 0.06 * step)))
                    moved = replace(moved, scrim=replace(moved.scrim, strength=0.3 * step))
                    cold = RenderCache()
                    assert repr(resolve(moved, fonts=fonts, assets=workspace.assets,
                                        cache=warm)) == repr(
                        resolve(moved, fonts=fonts, assets=workspace.assets, cache=cold))
            last = render(moved, 360, assets=workspace.assets, fonts=fonts, cache=warm)
            fresh = render(moved, 360, assets=workspace.assets, fonts=fonts,
                           cache=RenderCache())
            assert ImageChops.difference(last, fresh).getbbox() is None
