"""The asset store: files named by their SHA-256, written atomically, verifiable."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from brandtruth_desktop.storage.asset_store import AssetStore

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_same_bytes_get_the_same_name_and_are_stored_once(tmp_path: Path) -> None:
    store = AssetStore(tmp_path / "assets")
    first = store.put_bytes(PNG, kind="image", mime_type="image/png", original_name="a.png")
    second = store.put_bytes(PNG, kind="image", mime_type="image/png", original_name="b.png")
    sha = hashlib.sha256(PNG).hexdigest()
    assert first.sha256 == second.sha256 == sha
    assert (first.size, first.mime_type, first.original_name) == (len(PNG), "image/png", "a.png")
    assert store.path_for(sha) == tmp_path / "assets" / sha[:2] / sha
    assert all_files(tmp_path / "assets") == [store.path_for(sha)]
    with store.open(sha) as handle:
        assert handle.read() == PNG
    assert store.exists(sha) and store.verify(sha)
    other = store.put_bytes(b"different", kind="image", mime_type="image/png")
    assert other.sha256 != sha and store.exists(other.sha256)


def test_verify_notices_a_damaged_file_and_a_put_repairs_it(tmp_path: Path) -> None:
    store = AssetStore(tmp_path)
    asset = store.put_bytes(PNG, kind="image", mime_type="image/png")
    path = store.path_for(asset.sha256)
    path.write_bytes(PNG[:100])  # a disk error or a half copy from elsewhere
    assert not store.verify(asset.sha256)
    store.put_bytes(PNG, kind="image", mime_type="image/png")
    assert store.verify(asset.sha256)
    assert not store.verify("f" * 64)  # missing


def test_put_file_streams_a_large_file(tmp_path: Path) -> None:
    source = tmp_path / "photo.jpg"
    data = os.urandom(3 * 1024 * 1024 + 17)  # more than one chunk
    source.write_bytes(data)
    store = AssetStore(tmp_path / "assets")
    asset = store.put_file(source, kind="image", mime_type="image/jpeg")
    assert asset.sha256 == hashlib.sha256(data).hexdigest()
    assert (asset.size, asset.original_name) == (len(data), "photo.jpg")
    assert store.path_for(asset.sha256).read_bytes() == data
    again = store.put_file(source, kind="image", mime_type="image/jpeg", original_name="x.jpg")
    assert again.sha256 == asset.sha256 and again.original_name == "x.jpg"
    assert all_files(tmp_path / "assets") == [store.path_for(asset.sha256)]


@pytest.mark.parametrize("how", ["bytes", "file"])
def test_a_failure_mid_write_leaves_no_partial_or_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    store = AssetStore(tmp_path / "assets")
    kept = store.put_bytes(b"already here", kind="image", mime_type="image/png")
    source = tmp_path / "new.png"
    source.write_bytes(PNG)

    def power_cut(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError, match="No space"):
        if how == "bytes":
            store.put_bytes(PNG, kind="image", mime_type="image/png")
        else:
            store.put_file(source, kind="image", mime_type="image/png")
    monkeypatch.undo()

    assert not store.exists(hashlib.sha256(PNG).hexdigest())
    assert all_files(tmp_path / "assets") == [store.path_for(kept.sha256)]
    assert store.stale_temp_files() == []
    assert store.verify(kept.sha256)


def test_names_that_are_not_hashes_are_refused(tmp_path: Path) -> None:
    store = AssetStore(tmp_path)
    for bad in ("../../etc/passwd", "ABC", "a" * 63, "A" * 64):
        with pytest.raises(ValueError, match="SHA-256"):
            store.path_for(bad)
