"""The canvas editor (issue 7, Step 6): one ad's LayoutSpec edited on a live canvas.

`CanvasEditor(context, campaign_id, variant_id, format_key)` is the widget; `EditorWindow` puts
it in its own window and `open_editor(...)` opens (or raises) the window of an ad. Both emit
`variant_changed(str)` after each stored change, for the review grid to refresh the row.
"""

from brandtruth_desktop.ui.review.canvas.editor import CanvasEditor
from brandtruth_desktop.ui.review.canvas.window import EditorWindow, open_editor

__all__ = ["CanvasEditor", "EditorWindow", "open_editor"]
