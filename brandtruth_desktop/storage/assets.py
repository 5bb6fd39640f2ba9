"""Metadata rows for files in the asset store (the store itself knows only files)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandtruth_desktop.core.models import Asset
from brandtruth_desktop.storage.convert import asset_from_row
from brandtruth_desktop.storage.database import Database
from brandtruth_desktop.storage.schema import AssetRow, utcnow


class SqlAssetRepository:
    """The `assets` table: what each stored file is, where it came from, and when.

    Recording the same bytes twice keeps the first row: the file is the same, and its first
    origin is the one worth remembering.
    """

    def __init__(self, database: Database) -> None:
        self._db = database

    def record(self, asset: Asset) -> Asset:
        """Record an asset the store has written; returns the row as stored."""
        return self._db.write(self._record, asset)

    @staticmethod
    def _record(session: Session, asset: Asset) -> Asset:
        row = session.get(AssetRow, asset.sha256)
        if row is None:
            row = AssetRow(
                sha256=asset.sha256,
                kind=asset.kind,
                mime_type=asset.mime_type,
                size=asset.size,
                original_name=asset.original_name,
                source_url=asset.source_url,
                created_at=asset.created_at or utcnow(),
            )
            session.add(row)
            session.flush()
        return asset_from_row(row)

    def get(self, sha256: str) -> Asset | None:
        with self._db.read() as session:
            row = session.get(AssetRow, sha256)
            return asset_from_row(row) if row is not None else None

    def list_assets(self, kind: str | None = None) -> list[Asset]:
        """Every recorded asset (of one kind, if given), oldest first."""
        query = select(AssetRow).order_by(AssetRow.created_at, AssetRow.sha256)
        if kind is not None:
            query = query.where(AssetRow.kind == kind)
        with self._db.read() as session:
            return [asset_from_row(row) for row in session.scalars(query)]
