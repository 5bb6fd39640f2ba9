"""`brandtruth generate` as a script runs it: a stored campaign from the demo site, offline,
then listed with its counts, and an unfinished one resumed."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fake_anthropic import FakeAnthropic, grounded_answer

from brandtruth_desktop.paths import resources_dir

DEMO = resources_dir() / "demo_site"
TIMEOUT = 240
SUMMARY_KEYS = {"campaign_id", "facts", "variants", "rejected", "renders", "cost_usd"}


KEY = "sk-ant-api03-generate-test-key-0000000000000000"


def clean_env(**extra: str) -> dict[str, str]:
    """No developer workspace or keys, and no OS keyring (the null backend)."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"BRANDTRUTH_HOME", "BRANDTRUTH_DATABASE_URL"}
           and not k.startswith(("ANTHROPIC_", "PEXELS", "UNSPLASH"))}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env.update(extra)
    return env


def brandtruth(data_dir: Path, *args: str, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "brandtruth_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, encoding="utf-8", stdin=subprocess.DEVNULL,
        env=env or clean_env(), timeout=TIMEOUT, check=False,
    )


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_generate_offline_json_stores_a_finished_campaign(tmp_path: Path) -> None:
    summary = as_json(brandtruth(
        tmp_path, "generate", str(DEMO), "--name", "Otterdesk spring", "--offline",
        "--variants", "4", "--formats", "1:1,9:16", "--json"))
    assert set(summary) >= SUMMARY_KEYS
    assert summary["name"] == "Otterdesk spring" and summary["status"] == "in_review"
    assert summary["facts"] >= 20 and summary["variants"] == 4
    assert summary["renders"] == 8 and summary["cost_usd"] == 0.0

    listed = as_json(brandtruth(tmp_path, "campaigns", "list", "--json"))
    assert len(listed) == 1
    row = listed[0]
    assert row["id"] == summary["campaign_id"]
    assert (row["facts"], row["variants"], row["rejected"], row["renders"]) == (
        summary["facts"], summary["variants"], summary["rejected"], summary["renders"])

    # Every render is a file in the asset store, named by its hash.
    database = sqlite3.connect(tmp_path / "brandtruth.sqlite3")
    try:
        hashes = [row[0] for row in database.execute("SELECT sha256 FROM renders")]
    finally:
        database.close()
    assert len(hashes) == 8
    assert all((tmp_path / "assets" / h[:2] / h).is_file() for h in hashes)


def test_generate_resume_finishes_an_unfinished_campaign(tmp_path: Path) -> None:
    # A campaign made in the wizard and left after its first page (site not read yet).
    created = as_json(brandtruth(tmp_path, "campaigns", "create", "Half done", "--json"))
    database = sqlite3.connect(tmp_path / "brandtruth.sqlite3")
    try:
        database.execute(
            "INSERT INTO campaign_plans (campaign_id, site, angles, formats, pages, site_images,"
            " warnings, notices, variant_count, updated_at) VALUES (?, ?, '[]', '[\"1:1\"]', "
            "'[]', '[]', '[]', '[]', 3, '2025-02-10 10:00:00')",
            (created["campaign_id"], str(DEMO)))
        database.commit()
    finally:
        database.close()
    summary = as_json(brandtruth(tmp_path, "generate", "--resume", "Half done", "--offline",
                                 "--json"))
    assert summary["campaign_id"] == created["campaign_id"]
    assert summary["variants"] == 3 and summary["renders"] == 3


def test_generate_explains_a_site_it_cannot_read(tmp_path: Path) -> None:
    result = brandtruth(tmp_path, "generate", str(tmp_path / "no-such-site"), "--offline")
    assert result.returncode == 1
    assert "no file or folder" in result.stderr.lower()


@pytest.fixture
def claude():  # type: ignore[no-untyped-def]
    with FakeAnthropic(api_key=KEY, default=grounded_answer()) as server:
        yield server


def test_generate_with_a_key_lets_claude_write_and_charges_the_campaign(
    tmp_path: Path, claude: FakeAnthropic
) -> None:
    env = clean_env(ANTHROPIC_API_KEY=KEY, ANTHROPIC_BASE_URL=claude.base_url)
    summary = as_json(brandtruth(tmp_path, "generate", str(DEMO), "--name", "With Claude",
                                 "--variants", "3", "--formats", "1:1", "--json", env=env))
    assert claude.requests, "Claude was asked"
    assert summary["variants"] == 3 and summary["renders"] == 3
    assert summary["cost_usd"] > 0
    cost = as_json(brandtruth(tmp_path, "cost", str(summary["campaign_id"]), "--json"))
    assert cost["cost_usd"] == summary["cost_usd"] and cost["calls"] >= 1
