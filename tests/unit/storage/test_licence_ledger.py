"""The licence ledger in the database: one row per image used, kept after the campaign goes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from brandtruth_desktop.core.models import StockPhoto
from brandtruth_desktop.storage.workspace import Workspace

WHEN = datetime(2025, 2, 3, 9, 30, tzinfo=UTC)
PHOTO = StockPhoto(
    source="pexels", id="2014422", width=3024, height=3024,
    full_url="https://images.pexels.com/photos/2014422/pexels-photo-2014422.jpeg",
    photographer="Joey Farina", photographer_url="https://www.pexels.com/@joey",
    page_url="https://www.pexels.com/photo/brown-rocks-2014422/",
    licence_url="https://www.pexels.com/license/",
)
SHA = "ab" * 32


def test_a_use_is_recorded_with_everything_the_licence_asks_for(workspace: Workspace) -> None:
    campaign = workspace.campaigns.create("Ledger", actor="t")
    record, created = workspace.licences.record_use(
        PHOTO, sha256=SHA, downloaded_at=WHEN, campaign_id=campaign.id
    )
    assert created
    assert (record.source, record.photo_id, record.photographer, record.licence_url,
            record.sha256, record.downloaded_at, record.campaign_id) == (
        "pexels", "2014422", "Joey Farina", "https://www.pexels.com/license/", SHA, WHEN,
        campaign.id)
    assert record.attribution == "Photo by Joey Farina on Pexels"
    assert record.page_url == PHOTO.page_url and record.photographer_url == PHOTO.photographer_url
    assert workspace.licences.for_campaign(campaign.id) == [record]
    assert workspace.licences.for_sha256(SHA) == [record]
    assert workspace.licences.find("pexels", "2014422", campaign_id=campaign.id) == record


def test_using_a_photo_again_in_a_campaign_keeps_the_first_row(workspace: Workspace) -> None:
    first, _ = workspace.licences.record_use(PHOTO, sha256=SHA, downloaded_at=WHEN,
                                             campaign_id=None)
    again, created = workspace.licences.record_use(PHOTO, sha256="cd" * 32,
                                                   downloaded_at=datetime.now(UTC))
    assert not created and again == first
    other = workspace.campaigns.create("Other", actor="t")
    _, created_elsewhere = workspace.licences.record_use(
        PHOTO, sha256=SHA, downloaded_at=WHEN, campaign_id=other.id)
    assert created_elsewhere and len(workspace.licences.all()) == 2


def test_the_ledger_outlives_the_campaign(workspace: Workspace) -> None:
    campaign = workspace.campaigns.create("Short-lived", actor="t")
    record, _ = workspace.licences.record_use(PHOTO, sha256=SHA, downloaded_at=WHEN,
                                              campaign_id=campaign.id)
    workspace.campaigns.delete(campaign.id, actor="t")
    assert workspace.licences.all() == [record]


def test_bad_values_are_refused(workspace: Workspace) -> None:
    with pytest.raises(ValueError):
        workspace.licences.record_use(PHOTO, sha256="nope", downloaded_at=WHEN)
    with pytest.raises(ValueError):
        workspace.licences.record_use(PHOTO, sha256=SHA, downloaded_at=datetime(2025, 1, 1))
