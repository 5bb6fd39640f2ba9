"""The review grid on an agency-sized campaign (issue 7 targets), printed.

    .venv/bin/python benchmarks/review_grid.py [--variants 5000] [--data-dir DIR]

Builds a campaign the way the app does (the demo site through the real pipeline, offline, in
all five formats), grows it to --variants ads by copying rows (tests/review_support.py), then
on the offscreen platform at 1440×900:

- model load: from asking the Review screen to open the campaign to its first page in the
  grid model (the storage query runs on the job runner, as in the app). Target < 300 ms.
- thumbnail: making one 1:1 grid thumbnail from the stored render (JPEG draft decode, scale)
  and from the layout with the renderer; the grid uses the stored render whenever it shows
  the latest layout.
- scrolling: the grid scrolled programmatically, a step per frame, down the whole campaign
  while thumbnails arrive from the workers and pages load. A frame is all the GUI thread does
  between two steps: the synchronous repaint of the viewport plus every event handled before
  the next step (arriving thumbnails, pages, their repaints). Target: worst frame < 16 ms.

The first run builds the campaign (about 15 s); pass --data-dir to keep and reuse it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM",
                      f"offscreen:configfile={ROOT / 'tests' / 'offscreen-screen.json'}")

from review_support import build_demo_campaign, clone_variants  # noqa: E402

from brandtruth_desktop.paths import DataPaths  # noqa: E402
from brandtruth_desktop.storage.workspace import open_workspace  # noqa: E402

ALL_FORMATS = ("1:1", "4:5", "9:16", "16:9", "1.91:1")


def prepare(root: Path, variants: int) -> int:
    marker = root / "benchmark-campaign"
    if marker.exists() and int(marker.read_text().split()[1]) == variants:
        return int(marker.read_text().split()[0])
    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    campaign_id = build_demo_campaign(DataPaths(root), formats=ALL_FORMATS, name="Agency")
    workspace = open_workspace(DataPaths(root))
    try:
        clone_variants(workspace, campaign_id, variants)
    finally:
        workspace.close()
    marker.write_text(f"{campaign_id} {variants}")
    print(f"built a campaign of {variants:,} ads × {len(ALL_FORMATS)} formats in "
          f"{time.perf_counter() - started:.1f} s")
    return campaign_id


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=5000)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--step", type=int, default=90, help="pixels scrolled per frame")
    args = parser.parse_args()
    root = args.data_dir or Path(tempfile.mkdtemp(prefix="brandtruth-review-bench-"))
    campaign_id = prepare(root, args.variants)
    # Thumbnails are measured as the app makes them, so start from an empty disk cache.
    shutil.rmtree(root / "cache" / "thumbnails", ignore_errors=True)

    from PySide6.QtCore import QEventLoop, Qt, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    def quiet(_kind: object, _where: object, text: str) -> None:
        if "propagateSizeHints" not in text:  # the offscreen platform's chatter
            print(text, file=sys.stderr)

    qInstallMessageHandler(quiet)

    from brandtruth_desktop.app import build_context, qt_application
    from brandtruth_desktop.settings import Settings
    from brandtruth_desktop.ui.review.screen import ReviewScreen
    from brandtruth_desktop.ui.theme import Theme, app_font, load_fonts

    app = qt_application()
    load_fonts()
    app.setFont(app_font())
    paths = DataPaths(root)
    context = build_context(paths)
    context.settings = Settings(reviewer_name="Benchmark", theme="light")
    theme = Theme(app, "light")
    context.workspace = open_workspace(paths)
    screen = ReviewScreen(context, theme)
    screen.resize(1440, 900)
    screen.show()

    def spin_until(condition, timeout_s: float = 60.0) -> None:
        deadline = time.perf_counter() + timeout_s
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError("the grid did not get there in time")
            loop = QEventLoop()
            QTimer.singleShot(2, loop.quit)
            loop.exec()

    # -- model load -------------------------------------------------------------------------
    loads = []
    opened: list[float] = []
    screen.campaign_opened.connect(lambda _id: opened.append(time.perf_counter()))
    for number in range(5):
        started = time.perf_counter()
        screen.open_campaign(campaign_id)
        spin_until(lambda n=number: len(opened) > n)
        loads.append(opened[number] - started)
    model = screen.model
    print(f"model load ({model.total:,} ads, first page of {model.rowCount()} rows): "
          f"median {ms(statistics.median(loads))}, worst {ms(max(loads))}  (target < 300 ms)")

    from brandtruth_desktop.storage.review import review_repository

    repository = review_repository(context.workspace)
    started = time.perf_counter()
    review = repository.context(campaign_id)
    rows = 0
    while rows < review.counts.total:
        rows += len(repository.page(review, rows, 500))
    print(f"every row from storage, in pages of 500: {ms(time.perf_counter() - started)} "
          "(on a worker; only filters and sorts other than 'as written' need them all)")

    # -- thumbnail methods ------------------------------------------------------------------
    from brandtruth_desktop.ui.review.thumbnails import (
        ThumbnailRequest,
        WorkspaceThumbnailSource,
        make_thumbnail,
    )

    source = WorkspaceThumbnailSource(context.workspace)
    sample = [model.row_at(n) for n in range(40)]
    size = screen.thumbnails.pixel_size("1:1")
    for label, stored in (("stored render, scaled", True), ("layout, rendered", False)):
        times = []
        for row in sample:
            state = row.state("1:1")
            request = ThumbnailRequest(row.variant_id, "1:1", state.revision,
                                       state.render_sha256 if stored else None)
            started = time.perf_counter()
            make_thumbnail(source, request, size, None)
            times.append(time.perf_counter() - started)
        print(f"thumbnail {size[0]}×{size[1]} from the {label}: median "
              f"{ms(statistics.median(times))}, worst {ms(max(times))}")

    # -- scrolling --------------------------------------------------------------------------
    view = screen.view
    bar = view.verticalScrollBar()
    spin_until(lambda: screen.thumbnails.pending == 0, 30)
    inserts: list[float] = []
    original_append = model.append_page

    def timed_append(*page_args):
        started = time.perf_counter()
        original_append(*page_args)
        inserts.append(time.perf_counter() - started)

    model.append_page = timed_append  # type: ignore[method-assign]

    cpu: dict[str, list[float]] = {"fling": [], "browse": []}

    def frame(step: int, kind: str) -> float:
        """One frame: scroll, then everything the GUI thread does before it is idle again
        (the exposed strip painted, arrived thumbnails and pages applied and repainted).
        Wall time, and the GUI thread's own CPU time (what other processes cannot inflate)."""
        started, started_cpu = time.perf_counter(), time.thread_time()
        bar.setValue(bar.value() + step)
        QApplication.processEvents()
        cpu[kind].append(time.thread_time() - started_cpu)
        return time.perf_counter() - started

    def rest(seconds: float, gaps: list[float]) -> None:
        """Let the event loop run (thumbnails arrive) and record how late a 16 ms timer
        fires: the longest the GUI thread was busy with one thing."""
        last = [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0] - 0.016)
            last[0] = now

        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(16)
        timer.timeout.connect(tick)
        timer.start()
        loop = QEventLoop()
        QTimer.singleShot(round(seconds * 1000), loop.quit)
        loop.exec()
        timer.stop()

    # A fling: the whole campaign, a step per frame, pages loading as the end comes near.
    fling: list[float] = []
    started_all = time.perf_counter()
    while not (bar.value() >= bar.maximum() and model.complete):
        fling.append(frame(args.step, "fling"))
        if bar.value() >= bar.maximum() and not model.complete:
            spin_until(lambda: not model.loading, 10)
    fling_s = time.perf_counter() - started_all
    # Browsing: a screenful in eight frames, then a look while its thumbnails arrive.
    bar.setValue(0)
    browse: list[float] = []
    gaps: list[float] = []
    made = screen.thumbnails.made
    for _ in range(25):
        for _ in range(8):
            browse.append(frame(90, "browse"))
        rest(0.4, gaps)
    made = screen.thumbnails.made - made

    def summary(label: str, values: list[float]) -> None:
        ordered = sorted(values)
        p95 = ordered[int(len(ordered) * 0.95)]
        over = sum(1 for v in ordered if v > 0.016)
        print(f"  {label}: median {ms(statistics.median(ordered))}, p95 {ms(p95)}, "
              f"worst {ms(ordered[-1])}; {over} of {len(ordered)} over 16 ms")

    print(f"scrolling (viewport {view.viewport().width()}×{view.viewport().height()}, "
          f"{args.step} px per frame, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}):")
    summary(f"fling through {model.rowCount():,} ads ({len(fling):,} frames, "
            f"{fling_s:.1f} s)", fling)
    summary(f"browse: 25 screens, {made} thumbnails made while looking; frames", browse)
    for kind, values in cpu.items():
        summary(f"{kind}: GUI thread CPU per frame", values)
    print(f"  browse: event loop late by at most {ms(max(gaps))} while thumbnails arrive "
          f"(median {ms(statistics.median(gaps))})")
    if inserts:
        print(f"  a page of {model.page_size} rows joining the grid: median "
              f"{ms(statistics.median(inserts))}, worst {ms(max(inserts))}")
    full = []
    for _ in range(30):
        started = time.perf_counter()
        view.viewport().repaint()
        full.append(time.perf_counter() - started)
    print(f"  whole viewport repainted ({model.format}, thumbnails cached): median "
          f"{ms(statistics.median(full))}, worst {ms(max(full))}")

    screen.close()
    context.runner.shutdown()
    context.workspace.close()
    if args.data_dir is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
