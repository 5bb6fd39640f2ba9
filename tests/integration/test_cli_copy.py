"""`brandtruth copy` and `brandtruth cost` as a person or a script runs them: in a subprocess
on a temporary data folder, offline or with Claude played by our Messages API on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_anthropic import MODEL_ID, FakeAnthropic, grounded_answer

from brandtruth_desktop.paths import resources_dir

DEMO = resources_dir() / "demo_site"
KEY = "sk-ant-api03-cli-test-key-000000000000000000"
VARIANT_KEYS = {"id", "angle", "headline", "primary_text", "description", "cta", "fact_ids",
                "generator"}
TIMEOUT = 120


def clean_env(**extra: str) -> dict[str, str]:
    """No developer workspace, key or gateway, and no OS keyring (the null backend)."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"BRANDTRUTH_HOME", "BRANDTRUTH_DATABASE_URL"}
           and not k.startswith("ANTHROPIC_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env.update(extra)
    return env


def brandtruth(data_dir: Path, *args: str,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "brandtruth_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, encoding="utf-8", stdin=subprocess.DEVNULL,
        env=env or clean_env(), timeout=TIMEOUT, check=False,
    )


def copy_json(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)  # exactly one JSON document
    return document


@pytest.fixture
def claude() -> Iterator[FakeAnthropic]:
    with FakeAnthropic(api_key=KEY, default=grounded_answer()) as server:
        yield server


def test_offline_json_gives_at_least_8_ads_that_cite_real_facts(tmp_path: Path) -> None:
    document = copy_json(brandtruth(tmp_path, "copy", str(DEMO), "--offline", "--json"))

    assert {"variants", "rejected", "facts", "cost_usd"} <= set(document)
    fact_ids = {fact["id"] for fact in document["facts"]}
    variants = document["variants"]
    assert len(variants) >= 8
    for variant in variants:
        assert set(variant) >= VARIANT_KEYS
        assert variant["fact_ids"] and set(variant["fact_ids"]) <= fact_ids
        assert variant["generator"] == "offline"
    for rejection in document["rejected"]:
        assert rejection["reasons"] and all(isinstance(r, str) for r in rejection["reasons"])
    assert document["cost_usd"] == 0


def test_offline_is_the_same_for_the_same_seed_and_honours_count_and_angles(
    tmp_path: Path,
) -> None:
    args = ("copy", str(DEMO), "--offline", "--json", "--variants", "4",
            "--angles", "benefit,offer", "--seed", "7")
    first = copy_json(brandtruth(tmp_path, *args))
    again = copy_json(brandtruth(tmp_path, *args))

    assert first["variants"] == again["variants"]
    assert 1 <= len(first["variants"]) <= 4
    assert {v["angle"] for v in first["variants"]} <= {"benefit", "offer"}


def test_offline_calls_no_model_even_with_a_key(tmp_path: Path, claude: FakeAnthropic) -> None:
    env = clean_env(ANTHROPIC_API_KEY=KEY, ANTHROPIC_BASE_URL=claude.base_url)
    document = copy_json(brandtruth(tmp_path, "copy", str(DEMO), "--offline", "--json",
                                    env=env))

    assert claude.requests == []
    assert {v["generator"] for v in document["variants"]} == {"offline"}


def test_without_a_key_the_offline_writer_is_used_and_the_person_told(tmp_path: Path) -> None:
    result = brandtruth(tmp_path, "copy", str(DEMO), "--json")
    document = copy_json(result)

    assert {v["generator"] for v in document["variants"]} == {"offline"}
    assert "No Anthropic API key is set" in result.stderr
    assert "ANTHROPIC_API_KEY" in result.stderr


def test_with_a_key_claude_writes_and_cost_shows_what_it_cost(
    tmp_path: Path, claude: FakeAnthropic,
) -> None:
    created = brandtruth(tmp_path, "campaigns", "create", "Otterdesk", "--json")
    assert created.returncode == 0, created.stderr
    campaign = json.loads(created.stdout)["campaign_id"]
    env = clean_env(ANTHROPIC_API_KEY=KEY, ANTHROPIC_BASE_URL=claude.base_url)

    document = copy_json(brandtruth(tmp_path, "copy", "--demo", "--json", "--variants", "6",
                                    "--campaign", str(campaign), env=env))

    fact_ids = {fact["id"] for fact in document["facts"]}
    assert len(document["variants"]) == 6
    assert {v["generator"] for v in document["variants"]} == {"claude"}
    assert all(set(v["fact_ids"]) <= fact_ids for v in document["variants"])
    assert document["cost_usd"] > 0
    assert document["campaign_id"] == campaign
    [request] = claude.message_requests()
    assert request.api_key == KEY

    cost = brandtruth(tmp_path, "cost", str(campaign), "--json")
    assert cost.returncode == 0, cost.stderr
    ledger = json.loads(cost.stdout)
    assert ledger["cost_usd"] == pytest.approx(document["cost_usd"]) and ledger["cost_usd"] > 0
    assert ledger["calls"] == 1
    assert [m["model"] for m in ledger["models"]] == [MODEL_ID]

    readable = brandtruth(tmp_path, "cost", "Otterdesk")
    assert readable.returncode == 0, readable.stderr
    assert f"${ledger['cost_usd']:.4f}" in readable.stdout and MODEL_ID in readable.stdout


def test_the_readable_report_shows_each_ad_with_the_facts_it_cites(tmp_path: Path) -> None:
    result = brandtruth(tmp_path, "copy", "--demo", "--offline", "--variants", "3")
    document = copy_json(brandtruth(tmp_path, "copy", "--demo", "--offline", "--json",
                                    "--variants", "3"))

    assert result.returncode == 0, result.stderr
    first = document["variants"][0]
    assert first["headline"] in result.stdout
    for fact_id in first["fact_ids"]:
        assert f"· {fact_id}:" in result.stdout
    quoted = {f["id"]: f for f in document["facts"]}[first["fact_ids"][0]]
    assert quoted["source_url"] in result.stdout


def test_a_refused_key_is_reported_and_the_offline_writer_fills_in(
    tmp_path: Path, claude: FakeAnthropic,
) -> None:
    env = clean_env(ANTHROPIC_API_KEY="sk-ant-api03-not-the-right-key-0000",
                    ANTHROPIC_BASE_URL=claude.base_url)
    result = brandtruth(tmp_path, "copy", "--demo", "--json", env=env)
    document = copy_json(result)

    assert "refused the API key" in result.stderr
    assert {v["generator"] for v in document["variants"]} == {"offline"}
    assert document["cost_usd"] == 0


def test_cost_of_an_unknown_campaign_exits_1_with_the_message(tmp_path: Path) -> None:
    result = brandtruth(tmp_path, "cost", "404")

    assert result.returncode == 1
    assert "No campaign matches" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [
    ["copy"],
    ["copy", "--demo", "--angles", "bragging"],
    ["copy", "--demo", "--variants", "0"],
])
def test_bad_usage_exits_2(tmp_path: Path, args: list[str]) -> None:
    result = brandtruth(tmp_path, *args)

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
