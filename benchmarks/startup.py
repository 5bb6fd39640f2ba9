"""Start-up time to a visible main window (issue: target under 0.5 s), median of 5 runs.

Each run starts `python -m brandtruth_desktop` in a fresh process on the offscreen platform with
BRANDTRUTH_STARTUP_PROBE set; the app prints wall-clock stamps when its window is visible and when
the workspace (database) is open, then quits. The first run creates and migrates the database and
is reported separately (it also caches the bytecode); the five measured runs find the database
current and the bytecode compiled, as a user's normal start does.

    .venv/bin/python benchmarks/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def one_run(data_dir: str) -> tuple[float, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRANDTRUTH_STARTUP_PROBE="1")
    env.pop("BRANDTRUTH_HOME", None)
    # An installed app starts from compiled bytecode (pip and PyInstaller compile it; a source
    # checkout caches it on the first run). Without this, a shell that sets
    # PYTHONDONTWRITEBYTECODE would time the compiler on every run instead of the app.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-m", "brandtruth_desktop", "--data-dir", data_dir],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )
    stamps = dict(line.split() for line in result.stdout.splitlines() if line.count(" ") == 1)
    return float(stamps["window-visible"]) - started, float(stamps["workspace-ready"]) - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        first_window, first_ready = one_run(data_dir)
        print(f"first start (creates and migrates the database): window {first_window:.3f} s, "
              f"workspace ready {first_ready:.3f} s")
        runs = [one_run(data_dir) for _ in range(args.runs)]
    windows = [w for w, _ in runs]
    readies = [r for _, r in runs]
    print("window visible:  " + "  ".join(f"{w:.3f}" for w in windows))
    print("workspace ready: " + "  ".join(f"{r:.3f}" for r in readies))
    print(f"median start-up to a visible window: {statistics.median(windows):.3f} s "
          f"(target < 0.5 s); workspace ready: {statistics.median(readies):.3f} s")


if __name__ == "__main__":
    main()
