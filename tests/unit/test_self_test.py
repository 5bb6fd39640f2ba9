"""The self-test's report: one line per check, every check runs, exit 0 only when all passed.

The checks that need Qt are in tests/gui/test_self_test_checks.py; the whole self-test runs as
`brandtruth --self-test` in tests/integration/test_cli_entry_points.py and, inside the bundle,
in packaging/build.sh.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from brandtruth_desktop.paths import DataPaths, resources_dir
from brandtruth_desktop.self_test import (
    SELF_TEST_CAMPAIGN,
    CheckFailed,
    check_licences,
    check_resources_folder,
    check_workspace,
    exit_code,
    run_checks,
    summary_line,
)
from brandtruth_desktop.storage import migrate
from brandtruth_desktop.storage.errors import MigrationError


def _ok() -> str:
    return "all good"


def _refuses() -> str:
    raise CheckFailed("the icons folder is empty")


def _crashes() -> str:
    raise RuntimeError("boom")


def test_every_check_runs_and_prints_one_line() -> None:
    out = io.StringIO()
    results = run_checks([("first", _ok), ("second", _refuses), ("third", _ok)], out)

    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("first") and lines[0].endswith("ok (all good)")
    assert lines[1].startswith("second") and lines[1].endswith(
        "FAILED: the icons folder is empty"
    )
    assert lines[2].startswith("third") and " ok" in lines[2]
    assert [r.ok for r in results] == [True, False, True]


def test_a_crashing_check_is_reported_as_failed_with_its_error() -> None:
    out = io.StringIO()
    results = run_checks([("crashes", _crashes), ("after", _ok)], out)

    assert "FAILED: RuntimeError: boom" in out.getvalue()
    assert results[1].ok, "a crash in one check must not stop the ones after it"
    assert exit_code(results) == 1


def test_exit_code_is_zero_only_when_every_check_passed() -> None:
    assert exit_code(run_checks([("a", _ok), ("b", _ok)], io.StringIO())) == 0
    assert exit_code(run_checks([("a", _ok), ("b", _refuses)], io.StringIO())) == 1
    assert exit_code([]) == 1, "no checks run is not a pass"


def test_summary_names_the_failed_checks() -> None:
    results = run_checks([("icons", _refuses), ("fonts", _ok)], io.StringIO())
    assert summary_line(results) == "Self-test FAILED: 1 of 2 checks failed (icons)."
    passed = run_checks([("fonts", _ok)], io.StringIO())
    assert summary_line(passed) == "Self-test passed: all 1 checks ok."


def test_the_source_resources_pass_the_file_checks() -> None:
    resources = resources_dir()
    assert "files in" in check_resources_folder(resources)
    assert "each with its licence" in check_licences(resources)


def test_a_missing_resources_folder_fails(tmp_path: Path) -> None:
    with pytest.raises(CheckFailed, match="missing"):
        check_resources_folder(tmp_path / "nowhere")
    (tmp_path / "icons").mkdir()
    with pytest.raises(CheckFailed, match="no fonts folder"):
        check_resources_folder(tmp_path)


def test_fonts_without_their_licence_fail(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts" / "inter"
    shutil.copytree(resources_dir() / "fonts" / "inter", fonts)
    assert "each with its licence" in check_licences(tmp_path)

    for licence in fonts.iterdir():
        if not licence.name.lower().endswith((".otf", ".ttf")):
            licence.unlink()
    with pytest.raises(CheckFailed, match=r"no licence file beside the files in: fonts/inter"):
        check_licences(tmp_path)


def test_a_long_or_multi_line_reason_stays_on_one_line() -> None:
    def sql_error() -> str:
        raise CheckFailed("no such column: campaigns.x\n[SQL: SELECT campaigns.x FROM campaigns]")

    def chatty() -> str:
        raise CheckFailed("x" * 500)

    out = io.StringIO()
    run_checks([("sql", sql_error), ("chatty", chatty)], out)

    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("FAILED: no such column: campaigns.x")
    assert lines[1].endswith("...") and len(lines[1]) < 300


def test_the_workspace_check_migrates_creates_and_lists(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "workspace")

    detail = check_workspace(paths)

    assert f"to {migrate.HEAD_REVISION}" in detail
    assert paths.database.is_file()
    assert "created and listed campaign" in detail
    with closing(sqlite3.connect(paths.database)) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM campaigns")]
    assert names == [SELF_TEST_CAMPAIGN]


def test_a_migration_script_missing_from_the_bundle_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts,
                    ignore=shutil.ignore_patterns("__pycache__"))
    newest = sorted((scripts / "versions").glob("*.py"))[-1]
    newest.unlink()
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)

    expected = rf"not {migrate.HEAD_REVISION}: this installation is missing migration"
    with pytest.raises(MigrationError, match=expected):
        check_workspace(DataPaths(tmp_path / "workspace"))


def test_our_own_demo_material_needs_no_licence_file(tmp_path: Path) -> None:
    shutil.copytree(resources_dir() / "icons", tmp_path / "icons")
    demo = tmp_path / "demo_site" / "assets"
    demo.mkdir(parents=True)
    (demo / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")

    assert check_licences(tmp_path) == "1 font and icon folder(s), each with its licence"
