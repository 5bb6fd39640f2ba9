"""The licence ledger: every image used in an ad, with its source, terms and SHA-256."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from brandtruth_desktop.core.models import LicenceRecord, StockPhoto
from brandtruth_desktop.storage.database import Database
from brandtruth_desktop.storage.schema import LicenceRow


class SqlLicenceLedger:
    """Records image uses (core.ports.LicenceLedger); rows are only ever added.

    One row per (campaign, source, photo id): using the same photo again in the same campaign
    returns the first row, whose download time and hash are the ones that count.
    """

    def __init__(self, database: Database) -> None:
        self._db = database

    def record_use(
        self,
        photo: StockPhoto,
        *,
        sha256: str,
        downloaded_at: datetime,
        campaign_id: int | None = None,
    ) -> tuple[LicenceRecord, bool]:
        """Add the row for this use unless there is one; returns it and whether it is new."""
        if len(sha256) != 64:
            raise ValueError(f"Not a SHA-256 hex digest: {sha256!r}")
        if downloaded_at.tzinfo is None:
            raise ValueError("downloaded_at must be timezone-aware")
        return self._db.write(self._record, photo, sha256, downloaded_at, campaign_id)

    @staticmethod
    def _record(
        session: Session,
        photo: StockPhoto,
        sha256: str,
        downloaded_at: datetime,
        campaign_id: int | None,
    ) -> tuple[LicenceRecord, bool]:
        # Check and insert in one write on the writer thread: two uses at once cannot both
        # count as the first (which is what decides Unsplash's one download report).
        existing = session.scalars(_query(photo.source, photo.id, campaign_id)).first()
        if existing is not None:
            return licence_from_row(existing), False
        row = LicenceRow(
            campaign_id=campaign_id,
            source=photo.source,
            photo_id=photo.id,
            photographer=photo.photographer,
            photographer_url=photo.photographer_url,
            page_url=photo.page_url,
            licence_url=photo.licence_url,
            attribution=photo.attribution,
            sha256=sha256,
            downloaded_at=downloaded_at,
        )
        session.add(row)
        session.flush()
        return licence_from_row(row), True

    def find(
        self, source: str, photo_id: str, *, campaign_id: int | None = None
    ) -> LicenceRecord | None:
        with self._db.read() as session:
            row = session.scalars(_query(source, photo_id, campaign_id)).first()
            return licence_from_row(row) if row is not None else None

    def for_campaign(self, campaign_id: int | None) -> list[LicenceRecord]:
        """A campaign's rows (None: uses outside any campaign, e.g. the CLI), oldest first."""
        query = select(LicenceRow).order_by(LicenceRow.id)
        if campaign_id is None:
            query = query.where(LicenceRow.campaign_id.is_(None))
        else:
            query = query.where(LicenceRow.campaign_id == campaign_id)
        with self._db.read() as session:
            return [licence_from_row(row) for row in session.scalars(query)]

    def all(self) -> list[LicenceRecord]:
        """Every row, oldest first (for the proof pack and an export of the ledger)."""
        with self._db.read() as session:
            rows = session.scalars(select(LicenceRow).order_by(LicenceRow.id))
            return [licence_from_row(row) for row in rows]

    def for_sha256(self, sha256: str) -> list[LicenceRecord]:
        """The rows for one stored file: where the bytes behind a render came from."""
        with self._db.read() as session:
            rows = session.scalars(
                select(LicenceRow).where(LicenceRow.sha256 == sha256).order_by(LicenceRow.id)
            )
            return [licence_from_row(row) for row in rows]


def _query(source: str, photo_id: str, campaign_id: int | None) -> Select[LicenceRow]:
    query = select(LicenceRow).where(
        LicenceRow.source == source, LicenceRow.photo_id == photo_id
    )
    if campaign_id is None:
        return query.where(LicenceRow.campaign_id.is_(None)).order_by(LicenceRow.id)
    return query.where(LicenceRow.campaign_id == campaign_id).order_by(LicenceRow.id)


def licence_from_row(row: LicenceRow) -> LicenceRecord:
    return LicenceRecord(
        id=row.id,
        source=row.source,
        photo_id=row.photo_id,
        photographer=row.photographer,
        licence_url=row.licence_url,
        sha256=row.sha256,
        downloaded_at=row.downloaded_at,
        campaign_id=row.campaign_id,
        photographer_url=row.photographer_url,
        page_url=row.page_url,
        attribution=row.attribution,
    )
