"""Publishing approved ads to Meta, PAUSED: the publish panel and what it runs.

Only `PublishPanels` is imported up front; the panel itself (and the Meta SDK it needs) loads
on the runner the first time a campaign is published.
"""

from brandtruth_desktop.ui.publish.windows import PublishPanels

__all__ = ["PublishPanels"]
