"""What can go wrong with the workspace's database, in words a person can act on.

Every `StorageError` message says what happened and what to do next; the message bridge shows
it as it is. This module imports nothing heavy so the UI can catch these errors without pulling
in SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """The database or asset store cannot be used; `str(error)` is the message for the user."""


class DatabaseCorruptError(StorageError):
    """The database file is not a database, or is damaged. The file is never touched."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"The database {path} is damaged and cannot be opened ({detail}). "
            "Nothing was changed. Quit BrandTruth, move the file aside (or restore it from a "
            "backup) and start again: a new, empty database will be created."
        )


class DatabaseTooNewError(StorageError):
    """The database was made by a newer version of the app; this version leaves it alone."""

    def __init__(self, location: str, revision: str) -> None:
        self.location = location
        self.revision = revision
        super().__init__(
            f"The database {location} was made by a newer version of BrandTruth "
            f"(schema {revision}), so this version cannot open it. Nothing was changed. "
            "Update BrandTruth to the latest version, or choose another data folder with "
            "--data-dir."
        )


class ForeignDatabaseError(StorageError):
    """The file is a database, but not one BrandTruth made; it is left alone."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(
            f"{location} is a database that BrandTruth did not create, so it was not changed. "
            "Move it aside, or choose another data folder with --data-dir."
        )


class DatabaseLockedError(StorageError):
    """Another program holds the database's write lock for longer than we can wait."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(
            f"The database {location} is locked by another program (perhaps another "
            "BrandTruth window or a backup tool). Close it and try again."
        )


class DatabaseNotWritableError(StorageError):
    """The database file (or its folder) is read-only."""

    def __init__(self, location: str, detail: str) -> None:
        self.location = location
        self.detail = detail
        super().__init__(
            f"The database {location} cannot be written to ({detail}). Fix the permissions "
            "of the file and its folder, or choose another data folder with --data-dir."
        )


class MigrationError(StorageError):
    """Upgrading the database's schema failed; the upgrade was rolled back."""


class CampaignNameError(ValueError):
    """A campaign name is empty, too long, or already taken; the message says which."""


class CampaignNotFoundError(LookupError):
    """No campaign has the given id (it may have been deleted)."""

    def __init__(self, campaign_id: int) -> None:
        self.campaign_id = campaign_id
        super().__init__(f"There is no campaign with id {campaign_id}; it may have been deleted.")
