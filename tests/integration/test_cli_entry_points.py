"""The installed entry points as a user types them: `brandtruth ...` and `python -m ...`.

Every command runs in a subprocess on a temporary data folder, with BRANDTRUTH_HOME and
BRANDTRUTH_DATABASE_URL removed, so nothing reads or writes the developer's own workspace.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from brandtruth_desktop import __version__

BRANDTRUTH = Path(sys.executable).parent / ("brandtruth.exe" if os.name == "nt" else "brandtruth")
SUMMARY_KEYS = {"id", "name", "status", "facts", "variants", "approved"}
TIMEOUT = 120


@pytest.fixture(scope="module", autouse=True)
def console_script_installed() -> None:
    if not BRANDTRUTH.exists():
        pytest.fail(f"{BRANDTRUTH} is missing: install the app into this venv (scripts/venv.sh)")


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items()
        if key not in {"BRANDTRUTH_HOME", "BRANDTRUTH_DATABASE_URL"}
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def run(
    *args: str, data_dir: Path | None = None, env: dict[str, str] | None = None,
    module: bool = False,
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "brandtruth_desktop"] if module else [str(BRANDTRUTH)]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, encoding="utf-8",
        stdin=subprocess.DEVNULL, env=env or clean_env(), timeout=TIMEOUT, check=False,
    )


def listed(data_dir: Path) -> list[dict[str, Any]]:
    result = run("campaigns", "list", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    campaigns: list[dict[str, Any]] = json.loads(result.stdout)
    return campaigns


def create(data_dir: Path, name: str) -> int:
    result = run("campaigns", "create", name, "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    campaign_id: int = json.loads(result.stdout)["campaign_id"]
    return campaign_id


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "workspace"


def test_help_lists_the_commands_and_options() -> None:
    result = run("--help")
    assert result.returncode == 0, result.stderr
    for text in ("campaigns", "--data-dir", "--version", "--self-test"):
        assert text in result.stdout


def test_campaigns_help_lists_every_action() -> None:
    result = run("campaigns", "--help")
    assert result.returncode == 0, result.stderr
    for action in ("list", "create", "rename", "duplicate", "delete"):
        assert action in result.stdout


@pytest.mark.parametrize("module", [True, False], ids=["python -m", "console script"])
def test_version_is_the_package_version(module: bool) -> None:
    result = run("--version", module=module)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"brandtruth {__version__}"


def test_a_command_without_its_action_is_a_usage_error() -> None:
    result = run("campaigns")
    assert result.returncode == 2
    assert "usage:" in result.stderr


@pytest.mark.parametrize("args", [["--data-dir"], ["--verbose", "--nonsense"]])
def test_a_bad_global_option_is_named_once_and_opens_no_window(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.count("error:") == 1 and result.stderr.startswith("usage: brandtruth")


def test_created_campaign_is_listed_with_its_counts(data_dir: Path) -> None:
    campaign_id = create(data_dir, "Spring sale")

    campaigns = listed(data_dir)
    assert len(campaigns) == 1
    spring = campaigns[0]
    assert spring.keys() >= SUMMARY_KEYS
    assert spring["id"] == campaign_id
    assert spring["name"] == "Spring sale"
    assert (spring["facts"], spring["variants"], spring["approved"]) == (0, 0, 0)
    assert (data_dir / "brandtruth.sqlite3").is_file(), "--data-dir was not used"


def test_the_module_form_sees_the_same_workspace(data_dir: Path) -> None:
    create(data_dir, "Spring sale")
    result = run("campaigns", "list", "--json", data_dir=data_dir, module=True)
    assert result.returncode == 0, result.stderr
    assert [c["name"] for c in json.loads(result.stdout)] == ["Spring sale"]


def test_plain_list_is_a_table_and_says_when_empty(data_dir: Path) -> None:
    empty = run("campaigns", "list", data_dir=data_dir)
    assert empty.returncode == 0, empty.stderr
    assert "No campaigns yet" in empty.stdout

    create(data_dir, "Spring sale")
    table = run("campaigns", "list", data_dir=data_dir)
    assert table.returncode == 0, table.stderr
    header, row = table.stdout.splitlines()[:2]
    assert header.split()[:3] == ["ID", "NAME", "STATUS"]
    assert "Spring sale" in row


def test_rename_duplicate_and_delete(data_dir: Path) -> None:
    campaign_id = create(data_dir, "Spring sale")

    renamed = run("campaigns", "rename", str(campaign_id), "Summer sale", data_dir=data_dir)
    assert renamed.returncode == 0, renamed.stderr
    assert [c["name"] for c in listed(data_dir)] == ["Summer sale"]

    copied = run("campaigns", "duplicate", "Summer sale", "--name", "Autumn sale",
                 data_dir=data_dir)
    assert copied.returncode == 0, copied.stderr
    by_name = {c["name"]: c["id"] for c in listed(data_dir)}
    assert set(by_name) == {"Summer sale", "Autumn sale"}
    assert by_name["Autumn sale"] != campaign_id

    deleted = run("campaigns", "delete", str(by_name["Autumn sale"]), "--yes",
                  data_dir=data_dir)
    assert deleted.returncode == 0, deleted.stderr
    assert [c["id"] for c in listed(data_dir)] == [campaign_id]


def test_delete_without_yes_and_no_terminal_asks_for_yes_and_keeps_it(data_dir: Path) -> None:
    campaign_id = create(data_dir, "Spring sale")

    result = run("campaigns", "delete", str(campaign_id), data_dir=data_dir)

    assert result.returncode == 1
    assert "--yes" in result.stderr
    assert "Traceback" not in result.stderr
    assert [c["id"] for c in listed(data_dir)] == [campaign_id]


@pytest.mark.parametrize("action", [
    ["rename", "No such campaign", "New name"],
    ["duplicate", "No such campaign"],
    ["delete", "No such campaign", "--yes"],
])
def test_an_unknown_campaign_says_how_to_find_one(data_dir: Path, action: list[str]) -> None:
    create(data_dir, "Spring sale")

    result = run("campaigns", *action, data_dir=data_dir)

    assert result.returncode == 1
    assert "No such campaign" in result.stderr
    assert "brandtruth campaigns list" in result.stderr
    assert "Traceback" not in result.stderr
    assert [c["name"] for c in listed(data_dir)] == ["Spring sale"]


def test_a_data_dir_inside_a_file_names_the_folder_and_the_fix(tmp_path: Path) -> None:
    regular_file = tmp_path / "notes.txt"
    regular_file.write_text("not a folder", encoding="utf-8")
    impossible = regular_file / "workspace"

    result = run("campaigns", "list", data_dir=impossible)

    assert result.returncode == 1
    assert str(impossible) in result.stderr
    assert "--data-dir" in result.stderr
    assert "Traceback" not in result.stderr
    assert regular_file.read_text(encoding="utf-8") == "not a folder"


def test_brandtruth_home_is_used_and_data_dir_wins_over_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    chosen = tmp_path / "chosen"
    env = clean_env(BRANDTRUTH_HOME=str(home))

    assert run("campaigns", "create", "From home", env=env).returncode == 0
    assert run("campaigns", "create", "Chosen", data_dir=chosen, env=env).returncode == 0

    assert [c["name"] for c in listed(home)] == ["From home"]
    assert [c["name"] for c in listed(chosen)] == ["Chosen"]


def test_self_test_passes_and_prints_each_check(tmp_path: Path) -> None:
    # From another folder, like a user would, so no path relative to the checkout is used.
    result = subprocess.run(
        [str(BRANDTRUTH), "--self-test"], capture_output=True, text=True, encoding="utf-8",
        stdin=subprocess.DEVNULL, env=clean_env(), cwd=tmp_path, timeout=TIMEOUT, check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    checks = [line for line in lines[1:-1] if line.strip()]
    for name in ("qt offscreen start", "icons", "fonts", "database migrations", "keyring",
                 "main window"):
        line = next((c for c in checks if c.startswith(name)), None)
        assert line is not None, f"no line for the {name} check in:\n{result.stdout}"
        assert " ok" in line and "FAILED" not in line
    assert lines[-1].startswith("Self-test passed")
    assert list(tmp_path.iterdir()) == [], "the self-test wrote into the working folder"
