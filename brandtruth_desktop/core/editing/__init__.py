"""Editing an ad on the canvas: pure rules the editor's widgets apply (no Qt here).

- `geometry`: the elements of a LayoutSpec a person can grab, their boxes, handles, dragging
- `snapping`: snap lines (edges, centre lines, the 9:16 safe zone, other elements) and snapping
- `crop`: panning and zooming the photo, placing another photo in the same layout
- `draft`: `AdDraft` (a variant's copy and its layout per format), `restyle`, what to save
- `sources`: a source a designer attaches to copy, as a user-supplied fact
- `regenerate`: new copy for one ad, through the same writers and gate as the campaign's
"""

from brandtruth_desktop.core.editing.draft import (
    GENERATED_COPY,
    AdDraft,
    CopyFields,
    DraftChange,
    changes_between,
    generated_copy,
    restyle,
    spec_with_copy,
    style_of,
)
from brandtruth_desktop.core.editing.geometry import (
    CTA,
    LOGO,
    RESIZE_HANDLES,
    Handle,
    box_of,
    drag_box,
    element_ids,
    element_label,
    hit_handle,
    text_role,
    with_box,
)
from brandtruth_desktop.core.editing.snapping import (
    LineKind,
    SnapLine,
    SnapResult,
    frame_lines,
    outside_safe_zone,
    snap_box,
    snap_lines,
)
from brandtruth_desktop.core.editing.sources import (
    SourceProblem,
    citing,
    source_problem,
    sourced_fact,
)

__all__ = [
    "CTA",
    "GENERATED_COPY",
    "LOGO",
    "RESIZE_HANDLES",
    "AdDraft",
    "CopyFields",
    "DraftChange",
    "Handle",
    "LineKind",
    "SnapLine",
    "SnapResult",
    "SourceProblem",
    "box_of",
    "changes_between",
    "citing",
    "drag_box",
    "element_ids",
    "element_label",
    "frame_lines",
    "generated_copy",
    "hit_handle",
    "outside_safe_zone",
    "restyle",
    "snap_box",
    "snap_lines",
    "source_problem",
    "sourced_fact",
    "spec_with_copy",
    "style_of",
    "text_role",
    "with_box",
]
