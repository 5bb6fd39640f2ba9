"""Export: JPEG quality 90 or PNG, written atomically (never a partial file)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from brandtruth_desktop.core.compose import encode, export
from brandtruth_desktop.storage.asset_store import AssetStore


def picture() -> Image.Image:
    return Image.linear_gradient("L").resize((300, 200)).convert("RGB")


def test_jpeg_and_png_files(tmp_path: Path) -> None:
    jpeg = export(picture(), tmp_path / "ad.jpg", "jpeg")
    png = export(picture(), tmp_path / "ad.png", "png")
    with Image.open(jpeg) as a, Image.open(png) as b:  # type: ignore[arg-type]
        assert (a.format, a.size, b.format, b.size) == ("JPEG", (300, 200), "PNG", (300, 200))
        assert a.info.get("icc_profile") and b.info.get("icc_profile")
    assert {p.name for p in tmp_path.iterdir()} == {"ad.jpg", "ad.png"}


def test_jpeg_quality_is_90() -> None:
    data = encode(picture(), "jpeg")
    reference = io.BytesIO()
    picture().save(reference, "JPEG", quality=90, subsampling=0)
    with Image.open(io.BytesIO(data)) as ours, Image.open(reference) as theirs:
        assert ours.quantization == theirs.quantization  # type: ignore[attr-defined]


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="jpeg or png"):
        encode(picture(), "gif")


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "ad.jpg"
    target.write_bytes(b"the old ad")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        export(picture(), target, "jpeg")
    assert target.read_bytes() == b"the old ad"
    assert [p.name for p in tmp_path.iterdir()] == ["ad.jpg"]


def test_into_the_asset_store(tmp_path: Path) -> None:
    store = AssetStore(tmp_path / "assets")
    asset = export(picture(), store, "png", name="v1_1x1.png")
    assert getattr(asset, "mime_type", None) == "image/png"
    assert store.verify(asset.sha256)  # type: ignore[attr-defined]
