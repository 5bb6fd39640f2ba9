"""The content-addressed asset store: every image file named by the SHA-256 of its bytes.

Files live at `root/ab/abcdef…` (the first two hex digits shard the folder so no directory
grows huge). A file is written to a temporary name in the same folder, flushed and fsynced,
then renamed into place, and the folder is fsynced too: after a crash a name holds either
nothing or all of its bytes, never part of them.

This module knows only files: no Qt, no SQL. The `assets` table rows are kept by
`SqlAssetRepository`, so the core can use the store through a port.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from brandtruth_desktop.core.models import Asset

CHUNK = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TEMP_PREFIX = ".incoming-"


class AssetStore:
    """Files named by their SHA-256 under `root`; writing the same bytes twice is a no-op."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        """Where the file with this hash lives (whether or not it exists yet)."""
        if not _SHA256.fullmatch(sha256):
            # Also keeps a crafted "hash" from pointing outside the store.
            raise ValueError(f"Not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        """The stored file, opened for reading in binary mode (FileNotFoundError if absent)."""
        return self.path_for(sha256).open("rb")

    def verify(self, sha256: str) -> bool:
        """Re-hash the stored file: True when its bytes still match its name."""
        try:
            with self.open(sha256) as handle:
                return _hash_stream(handle)[0] == sha256
        except FileNotFoundError:
            return False

    def put_bytes(
        self,
        data: bytes,
        *,
        kind: str,
        mime_type: str,
        original_name: str = "",
        source_url: str = "",
    ) -> Asset:
        """Store `data` and describe it; idempotent for the same bytes."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha256)
        if not _complete(target, len(data)):
            with _incoming(target.parent) as incoming:
                incoming.handle.write(data)
                incoming.commit(target)
        return Asset(
            sha256, kind, mime_type, len(data), original_name, source_url, datetime.now(UTC)
        )

    def put_file(
        self,
        path: Path,
        *,
        kind: str,
        mime_type: str,
        original_name: str | None = None,
        source_url: str = "",
    ) -> Asset:
        """Store a copy of the file at `path`, streamed (large files never sit in memory)."""
        self.root.mkdir(parents=True, exist_ok=True)
        # The hash is only known once the file is read, so the copy starts in the root and is
        # renamed into its shard: same file system, so the rename is still atomic.
        with path.open("rb") as source, _incoming(self.root) as incoming:
            sha256, size = _hash_stream(source, copy_to=incoming.handle)
            target = self.path_for(sha256)
            if not _complete(target, size):
                _ensure_folder(target.parent)
                incoming.commit(target)
        name = path.name if original_name is None else original_name
        return Asset(sha256, kind, mime_type, size, name, source_url, datetime.now(UTC))

    def stale_temp_files(self) -> list[Path]:
        """Temporary files left by a crash mid-write (safe to delete when nothing is writing)."""
        if not self.root.is_dir():
            return []
        return sorted([*self.root.glob(f"{_TEMP_PREFIX}*"), *self.root.glob(f"??/{_TEMP_PREFIX}*")])


class _Incoming:
    """A temporary file being written; `commit` moves it to its final name."""

    def __init__(self, folder: Path) -> None:
        descriptor, name = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=folder)
        self.temp = Path(name)
        self.handle: BinaryIO = os.fdopen(descriptor, "wb")

    def commit(self, target: Path) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        # Closed before the rename: Windows cannot rename a file that is still open.
        self.handle.close()
        os.replace(self.temp, target)
        _fsync_folder(target.parent)


@contextlib.contextmanager
def _incoming(folder: Path) -> Iterator[_Incoming]:
    """A temporary file in `folder`; whatever happens, no temporary file is left behind."""
    _ensure_folder(folder)
    incoming = _Incoming(folder)
    try:
        yield incoming
    finally:
        incoming.handle.close()
        incoming.temp.unlink(missing_ok=True)


def _complete(target: Path, size: int) -> bool:
    """Already stored? A file of the wrong size (damaged) is replaced by the good bytes."""
    try:
        return target.stat().st_size == size
    except FileNotFoundError:
        return False


def _ensure_folder(folder: Path) -> None:
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        _fsync_folder(folder.parent)  # make the new folder's name durable too


def _fsync_folder(folder: Path) -> None:
    # POSIX needs the directory fsynced for a rename to survive power loss; Windows cannot
    # open a directory this way and makes renames durable by itself (MoveFileEx).
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _hash_stream(source: BinaryIO, copy_to: BinaryIO | None = None) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return digest.hexdigest(), size
