"""Review: what the variant grid shows about each ad, its decisions, and the approved export.

Pure core code. The entry points:

- `GridRow`, `FormatState`, `WarningKind`: one ad as the review grid lists it, per format
- `qa_summary(qa)`: the warning badges and problems of a stored QA report
- `review_score(...)`: how ready an ad looks to ship, 0–100 (the grid sorts by it)
- `review_gate(...)`: the grounding gate's verdict on a stored ad, as it stands today
- `format_folder(key)`, `build_manifest(...)`, `attribution_text(...)`: the approved ZIP's parts
"""

from brandtruth_desktop.core.review.gate import review_gate
from brandtruth_desktop.core.review.manifest import (
    ExportedAd,
    ImageCredit,
    attribution_text,
    build_manifest,
    format_folder,
    safe_name,
)
from brandtruth_desktop.core.review.rows import (
    DECIDED,
    FormatState,
    GridRow,
    ReviewCounts,
    WarningKind,
    cli_status,
    qa_summary,
    review_score,
)

__all__ = [
    "DECIDED",
    "ExportedAd",
    "FormatState",
    "GridRow",
    "ImageCredit",
    "ReviewCounts",
    "WarningKind",
    "attribution_text",
    "build_manifest",
    "cli_status",
    "format_folder",
    "qa_summary",
    "review_gate",
    "review_score",
    "safe_name",
]
