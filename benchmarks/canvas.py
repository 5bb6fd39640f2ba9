"""The canvas editor while a designer drags: how fast the preview follows.

    .venv/bin/python benchmarks/canvas.py [--steps 90] [--data-dir DIR]

The demo campaign is built with the real pipeline (offline) unless `--data-dir` holds one.

1. render: `render(spec, 540)` of each ad's layout as its headline is dragged 90 steps (the
   renderer's own cache warm, as in the editor), per template and format: median and p95.
   Target: under 15 ms at 540 px.
2. end to end: the real `CanvasEditor` (offscreen), sized so the ad is drawn 540 px wide; the
   mouse presses on the headline and moves at 60 Hz for 1.5 s, 90 moves. For every preview put on
   screen: the time from the drag event whose spec it shows to the pixmap painted, and the
   render's own time on the worker (wall clock, and CPU time: on a busy machine the wall clock
   includes waiting for a core); also how many frames reached the screen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM",
                      f"offscreen:configfile={ROOT / 'tests' / 'offscreen-screen.json'}")

from brandtruth_desktop.core.compose import (  # noqa: E402
    FontBook,
    LayoutSpec,
    RenderCache,
    render,
)
from brandtruth_desktop.core.editing import box_of, with_box  # noqa: E402
from brandtruth_desktop.paths import DataPaths, resources_dir  # noqa: E402
from brandtruth_desktop.storage.workspace import open_workspace  # noqa: E402

PREVIEW = 540


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    return (f"median {statistics.median(values):6.1f} ms   p95 {percentile(values, 0.95):6.1f}"
            f" ms   max {max(values):6.1f} ms   (n={len(values)})")


def drag_path(spec: LayoutSpec, steps: int) -> list[LayoutSpec]:
    """The spec at each step of a drag of the headline, across and up; every position new
    (a position seen before would be a cache hit, which a real drag rarely gets)."""
    box = box_of(spec, "headline")
    assert box is not None
    path = []
    for step in range(steps):
        t = (step + 1) / steps
        moved = replace(box, x=min(1 - box.w, max(0.0, box.x + 0.1 * t)),
                        y=min(1 - box.h, max(0.0, box.y - 0.25 * t)))
        path.append(with_box(spec, "headline", moved))
    return path


def bench_render(paths: DataPaths, campaign_id: int, steps: int) -> None:
    workspace = open_workspace(paths)
    fonts = FontBook(resources_dir() / "fonts")
    everything: list[float] = []
    cpu_all: list[float] = []
    try:
        print(f"render(spec, {PREVIEW}) during a simulated drag of the headline")
        for variant in workspace.content.variants(campaign_id)[:3]:
            for format_key in ("1:1", "9:16"):
                record = workspace.content.latest_layout_spec(variant.id, format_key)
                if record is None:
                    continue
                spec = LayoutSpec.from_record(record)
                cache = RenderCache()
                render(spec, PREVIEW, assets=workspace.assets, fonts=fonts, cache=cache)
                times, cpu = [], []
                for moved in drag_path(spec, steps):
                    started, cpu_start = time.perf_counter(), time.thread_time()
                    render(moved, PREVIEW, assets=workspace.assets, fonts=fonts, cache=cache)
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.thread_time() - cpu_start) * 1000)
                everything += times
                cpu_all += cpu
                print(f"  {spec.template:<10} {format_key:<5} {summary(times)}   "
                      f"CPU median {statistics.median(cpu):.1f} ms")
        print(f"  {'all (wall)':<16} {summary(everything)}")
        print(f"  {'all (CPU)':<16} {summary(cpu_all)}")
    finally:
        workspace.close()


def bench_end_to_end(paths: DataPaths, campaign_id: int) -> None:
    from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
    from PySide6.QtTest import QTest

    from brandtruth_desktop.app import build_context, qt_application
    from brandtruth_desktop.logging_setup import shutdown_logging
    from brandtruth_desktop.ui.review.canvas import CanvasEditor
    from brandtruth_desktop.ui.theme import Theme, app_font, load_fonts

    app = qt_application()
    load_fonts()
    app.setFont(app_font())
    theme = Theme(app, "light")
    context = build_context(paths)
    context.workspace = open_workspace(paths)
    variant_id = context.workspace.content.variants(campaign_id)[0].id

    def wait(signal: object = None, ms: int = 5000) -> None:
        loop = QEventLoop()
        if signal is not None:
            signal.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    editor = CanvasEditor(context, campaign_id, variant_id, "1:1", theme=theme)
    editor.show()
    wait(editor.loaded, 15000)
    # The canvas sized so the ad is drawn 540 px wide (its margin is 28 px each side).
    side = editor.width() - editor.canvas.width()
    editor.resize(PREVIEW + 56 + side, PREVIEW + 56 + editor.height() - editor.canvas.height())
    wait(None, 800)
    print(f"\nend to end: a 60 Hz drag in the editor, ad drawn at "
          f"{round(editor.canvas.ad_rect().width())} px")
    latency: list[float] = []
    worker: list[float] = []
    cpu: list[float] = []

    def shown(frame: object) -> None:
        latency.append((time.perf_counter() - frame.requested_at) * 1000)  # type: ignore[attr-defined]
        worker.append(frame.render_ms)  # type: ignore[attr-defined]
        cpu.append(frame.render_cpu_ms)  # type: ignore[attr-defined]

    editor.canvas.set_spec(editor.document.spec)
    start_box = box_of(editor.document.spec, "headline")
    assert start_box is not None
    origin = editor.canvas.box_rect(start_box).center().toPoint()
    editor.canvas.snapping = True
    QTest.mousePress(editor.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     origin)
    editor.preview_shown.connect(shown)
    moves = 90
    state = {"step": 0}
    done = QEventLoop()

    def move() -> None:
        step = state["step"]
        if step >= moves:
            timer.stop()
            QTest.mouseRelease(editor.canvas, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier, origin + QPoint(60, -150))
            QTimer.singleShot(300, done.quit)
            return
        t = (step + 1) / moves  # every position new, as in a real drag
        QTest.mouseMove(editor.canvas, origin + QPoint(round(60 * t), round(-150 * t)))
        state["step"] = step + 1

    timer = QTimer()
    timer.setInterval(16)
    timer.timeout.connect(move)
    started = time.perf_counter()
    timer.start()
    done.exec()
    elapsed = time.perf_counter() - started
    print(f"  drag event → pixmap on screen  {summary(latency)}")
    print(f"  render on the worker (wall)    {summary(worker)}")
    print(f"  render on the worker (CPU)     {summary(cpu)}")
    print(f"  {len(latency)} previews for {moves} mouse moves in {elapsed:.2f} s "
          f"({len(latency) / elapsed:.0f} frames/s)")
    editor.finish()
    while editor.busy:
        wait(None, 50)
    editor.close()
    context.runner.shutdown()
    context.workspace.close()
    shutdown_logging()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=90)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    from review_support import build_demo_campaign

    with tempfile.TemporaryDirectory(prefix="canvas-bench-") as tmp:
        if args.data_dir is not None:
            folder = Path(tmp) / "workspace"
            shutil.copytree(args.data_dir, folder)
            paths = DataPaths(folder)
            workspace = open_workspace(paths)
            campaign_id = workspace.campaigns.list_summaries()[0].campaign.id
            workspace.close()
        else:
            paths = DataPaths(Path(tmp) / "workspace")
            started = time.perf_counter()
            campaign_id = build_demo_campaign(paths)
            print(f"demo campaign built offline in {time.perf_counter() - started:.1f} s\n")
        bench_render(paths, campaign_id, args.steps)
        bench_end_to_end(paths, campaign_id)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
