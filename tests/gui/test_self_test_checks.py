"""The self-test's Qt checks catch what a bundle would lose: the SVG plugin, an icon, the fonts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brandtruth_desktop.paths import resources_dir
from brandtruth_desktop.self_test import CheckFailed, check_fonts, check_icons


def test_every_bundled_icon_renders(qapp) -> None:
    detail = check_icons(resources_dir() / "icons")
    count = len(list((resources_dir() / "icons").glob("*.svg")))
    assert detail == f"{count} icons render"


def test_an_icon_that_does_not_render_is_named(qapp, tmp_path: Path) -> None:
    shutil.copy(resources_dir() / "icons" / "app.svg", tmp_path / "app.svg")
    (tmp_path / "broken.svg").write_text("<svg this is not", encoding="utf-8")

    with pytest.raises(CheckFailed, match=r"1 of 2 icons did not render: broken\.svg"):
        check_icons(tmp_path)


def test_an_empty_icons_folder_fails(qapp, tmp_path: Path) -> None:
    with pytest.raises(CheckFailed, match="no SVG icons"):
        check_icons(tmp_path)


def test_the_bundled_fonts_provide_inter(qapp) -> None:
    assert check_fonts(resources_dir() / "fonts").startswith("Inter")


def test_fonts_missing_from_the_bundle_fail(qapp, tmp_path: Path) -> None:
    with pytest.raises(CheckFailed, match="the Inter family did not load"):
        check_fonts(tmp_path)
