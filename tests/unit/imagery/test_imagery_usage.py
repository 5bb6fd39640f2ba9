"""Using an image: it is checked, stored and written into the licence ledger exactly once."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from typing import BinaryIO

import pytest
from PIL import Image

from brandtruth_desktop.core.imagery.loading import ImageProblem
from brandtruth_desktop.core.imagery.usage import use_photo
from brandtruth_desktop.core.models import Asset, LicenceRecord, StockPhoto
from brandtruth_desktop.core.ports import StockSourceError

WHEN = datetime(2025, 2, 3, 10, 0, tzinfo=UTC)


def jpeg(colour: tuple[int, int, int] = (200, 100, 50)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(buffer, "JPEG")
    return buffer.getvalue()


PHOTO = StockPhoto(
    source="unsplash", id="abc123", width=32, height=24, full_url="https://images.test/abc.jpg",
    photographer="Ana Lima", photographer_url="https://unsplash.com/@ana",
    page_url="https://unsplash.com/photos/abc123", licence_url="https://unsplash.com/license",
    download_location="https://api.test/photos/abc123/download",
)


class FakeSource:
    name = "unsplash"

    def __init__(self, data: bytes, *, tracking_fails: bool = False) -> None:
        self.data = data
        self.tracked: list[str] = []
        self.tracking_fails = tracking_fails

    def search(self, query: str, *, per_page: int = 12,
               orientation: str | None = None) -> list[StockPhoto]:
        return [PHOTO]

    def download(self, photo: StockPhoto) -> bytes:
        return self.data

    def mark_used(self, photo: StockPhoto) -> None:
        if self.tracking_fails:
            raise StockSourceError("offline", "Could not reach Unsplash.")
        self.tracked.append(photo.id)


class MemoryFiles:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put_bytes(self, data: bytes, *, kind: str, mime_type: str, original_name: str = "",
                  source_url: str = "") -> Asset:
        sha256 = hashlib.sha256(data).hexdigest()
        self.files[sha256] = data
        return Asset(sha256, kind, mime_type, len(data), original_name, source_url, WHEN)

    def exists(self, sha256: str) -> bool:
        return sha256 in self.files

    def open(self, sha256: str) -> BinaryIO:
        return io.BytesIO(self.files[sha256])


class MemoryLedger:
    def __init__(self) -> None:
        self.rows: list[LicenceRecord] = []

    def record_use(self, photo: StockPhoto, *, sha256: str, downloaded_at: datetime,
                   campaign_id: int | None = None) -> tuple[LicenceRecord, bool]:
        found = self.find(photo.source, photo.id, campaign_id=campaign_id)
        if found is not None:
            return found, False
        row = LicenceRecord(len(self.rows) + 1, photo.source, photo.id, photo.photographer,
                            photo.licence_url, sha256, downloaded_at, campaign_id,
                            photo.photographer_url, photo.page_url, photo.attribution)
        self.rows.append(row)
        return row, True

    def find(self, source: str, photo_id: str, *,
             campaign_id: int | None = None) -> LicenceRecord | None:
        return next((r for r in self.rows if (r.source, r.photo_id, r.campaign_id)
                     == (source, photo_id, campaign_id)), None)

    def for_campaign(self, campaign_id: int | None) -> list[LicenceRecord]:
        return [r for r in self.rows if r.campaign_id == campaign_id]


def test_a_used_photo_is_stored_and_recorded_with_the_hash_of_its_bytes() -> None:
    data = jpeg()
    source, files, ledger = FakeSource(data), MemoryFiles(), MemoryLedger()
    used = use_photo(PHOTO, source, files=files, ledger=ledger, campaign_id=7,
                     clock=lambda: WHEN)

    sha256 = hashlib.sha256(data).hexdigest()
    assert used.asset.sha256 == sha256 and files.files[sha256] == data
    assert used.asset.mime_type == "image/jpeg"
    assert used.image.size == (32, 24) and used.image.mode == "RGB"
    record = used.licence
    assert (record.source, record.photo_id, record.sha256, record.downloaded_at) == (
        "unsplash", "abc123", sha256, WHEN)
    assert record.attribution == "Photo by Ana Lima on Unsplash"
    assert record.licence_url == "https://unsplash.com/license"
    assert source.tracked == ["abc123"]


def test_the_download_is_reported_once_per_campaign_however_often_the_photo_is_used() -> None:
    source, files, ledger = FakeSource(jpeg()), MemoryFiles(), MemoryLedger()
    for _ in range(3):
        use_photo(PHOTO, source, files=files, ledger=ledger, campaign_id=1)
    assert source.tracked == ["abc123"] and len(ledger.rows) == 1
    use_photo(PHOTO, source, files=files, ledger=ledger, campaign_id=2)
    assert source.tracked == ["abc123", "abc123"] and len(ledger.rows) == 2


def test_bytes_that_are_not_an_image_are_refused_and_nothing_is_recorded() -> None:
    source, files, ledger = FakeSource(b"<html>Rate limit</html>"), MemoryFiles(), MemoryLedger()
    with pytest.raises(ImageProblem):
        use_photo(PHOTO, source, files=files, ledger=ledger)
    assert ledger.rows == [] and files.files == {} and source.tracked == []


def test_a_failed_download_report_does_not_stop_the_image_being_used() -> None:
    source = FakeSource(jpeg(), tracking_fails=True)
    used = use_photo(PHOTO, source, files=MemoryFiles(), ledger=MemoryLedger())
    assert used.licence.photo_id == "abc123"
    assert "could not be reported" in used.notices[0]
