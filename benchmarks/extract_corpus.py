"""How long extraction takes per page, on the saved real pages in ../shared/corpus.

Run: .venv/bin/python benchmarks/extract_corpus.py [repeats]
Prints, per page, its size and the median time of `extract_brand_truth` over the repeats.
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from brandtruth_desktop.core.extract import extract_brand_truth
from brandtruth_desktop.core.models import PageSnapshot

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    files = sorted(CORPUS.glob("*.html"))
    if not files:
        sys.exit(f"no corpus pages in {CORPUS}")
    # Compile the patterns and import everything once, outside the measurement.
    extract_brand_truth([_page("<p>warm up</p>")], website_url="https://example.com/")
    print(f"{'page':30} {'KB':>5} {'median ms':>10} {'max ms':>8}")
    medians = []
    for file in files:
        html = file.read_text(encoding="utf-8")
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            extract_brand_truth([_page(html)], website_url="https://example.com/")
            times.append((time.perf_counter() - start) * 1000)
        medians.append(statistics.median(times))
        print(f"{file.name:30} {len(html) // 1024:>5} {medians[-1]:>10.0f} {max(times):>8.0f}")
    print(f"{'all pages, median':30} {'':>5} {statistics.median(medians):>10.0f}")


def _page(html: str) -> PageSnapshot:
    return PageSnapshot(url="https://example.com/", html=html,
                        sha256=hashlib.sha256(html.encode()).hexdigest(),
                        fetched_at=datetime.now(UTC))


if __name__ == "__main__":
    main()
