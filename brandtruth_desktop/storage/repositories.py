"""Every repository in one import; each lives in its own module.

All of them hand out core dataclasses (never ORM rows) and send every write through the
workspace's one `DatabaseWriter` thread.
"""

from __future__ import annotations

from brandtruth_desktop.storage.assets import SqlAssetRepository
from brandtruth_desktop.storage.campaigns import SqlCampaignRepository
from brandtruth_desktop.storage.content import SqlContentRepository
from brandtruth_desktop.storage.costs import SqlModelCallLedger
from brandtruth_desktop.storage.decisions import SqlDecisionLog
from brandtruth_desktop.storage.jobs import SqlJobJournal
from brandtruth_desktop.storage.licences import SqlLicenceLedger
from brandtruth_desktop.storage.runs import SqlCampaignRunRepository

__all__ = [
    "SqlAssetRepository",
    "SqlCampaignRepository",
    "SqlCampaignRunRepository",
    "SqlContentRepository",
    "SqlDecisionLog",
    "SqlJobJournal",
    "SqlLicenceLedger",
    "SqlModelCallLedger",
]
