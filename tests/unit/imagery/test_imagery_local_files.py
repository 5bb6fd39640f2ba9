"""The person's own image files as a source (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from brandtruth_desktop.core.ports import StockSourceError
from brandtruth_desktop.integrations.local_files import LocalImageSource, orientation_of


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    Image.new("RGB", (300, 200), "red").save(tmp_path / "beach-sunset.jpg")
    Image.new("RGB", (200, 300), "blue").save(tmp_path / "portrait.png")
    Image.new("RGB", (250, 250), "green").save(tmp_path / "square.webp")
    Image.radial_gradient("L").resize((300, 200)).save(tmp_path / "broken.jpg")
    whole = (tmp_path / "broken.jpg").read_bytes()
    (tmp_path / "broken.jpg").write_bytes(whole[: len(whole) // 2])  # header intact, cut short
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / "fake.png").write_text("not a png either")
    (tmp_path / ".hidden.jpg").write_bytes(b"")
    return tmp_path


def test_a_folder_lists_its_images_with_query_matches_first(folder: Path) -> None:
    source = LocalImageSource([folder])
    photos = source.search("sunset over the water")
    names = [Path(p.id).name for p in photos]
    assert names[0] == "beach-sunset.jpg"
    assert set(names) == {"beach-sunset.jpg", "portrait.png", "square.webp", "broken.jpg"}
    assert any("fake.png" in problem for problem in source.skipped)
    first = photos[0]
    assert (first.source, first.width, first.height) == ("local", 300, 200)
    assert first.full_url.startswith("file://") and first.attribution == ""
    assert source.search("sunset") == photos  # stable


def test_orientation_filters_by_the_image_shape(folder: Path) -> None:
    source = LocalImageSource([folder])
    assert [Path(p.id).name for p in source.search("", orientation="portrait")] == [
        "portrait.png"]
    assert [Path(p.id).name for p in source.search("", orientation="square")] == ["square.webp"]
    assert orientation_of(100, 102) == "square" and orientation_of(0, 5) == ""


def test_download_reads_the_file_through_the_image_loader(folder: Path) -> None:
    source = LocalImageSource([folder / "portrait.png", folder / "broken.jpg"])
    by_name = {Path(p.id).name: p for p in source.search("")}
    assert source.download(by_name["portrait.png"]) == (folder / "portrait.png").read_bytes()
    with pytest.raises(StockSourceError, match="damaged or incomplete") as caught:
        source.download(by_name["broken.jpg"])
    assert caught.value.kind == "bad_image"


def test_only_the_chosen_files_can_be_downloaded(folder: Path, tmp_path: Path) -> None:
    source = LocalImageSource([folder / "portrait.png"])
    outsider = LocalImageSource([folder]).search("square")[0]
    with pytest.raises(StockSourceError) as caught:
        source.download(outsider)
    assert caught.value.kind == "not_found"


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(StockSourceError, match="No such file or folder") as caught:
        LocalImageSource([tmp_path / "nowhere"]).search("")
    assert caught.value.kind == "not_found"
