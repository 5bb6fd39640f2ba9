"""`brandtruth publish` and `brandtruth meta` as a script runs them: in a subprocess on a
temporary data folder, with Meta played by our fake Graph API on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from fake_graph import ACCOUNT_ID, PAGE_ID, TOKEN, FakeGraph
from meta_helpers import seed_campaign

from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.storage.workspace import open_workspace

TIMEOUT = 120


def env_for(fake: FakeGraph, *, token: str | None = TOKEN) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"BRANDTRUTH_HOME", "BRANDTRUTH_DATABASE_URL", "BRANDTRUTH_META_TOKEN"}}
    env.update(QT_QPA_PLATFORM="offscreen",
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
               BRANDTRUTH_GRAPH_URL=fake.base_url, BRANDTRUTH_GRAPH_VERSION="v26.0")
    if token:
        env["BRANDTRUTH_META_TOKEN"] = token
    return env


def brandtruth(data: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "brandtruth_desktop", "--data-dir", str(data), *args],
        capture_output=True, text=True, encoding="utf-8", stdin=subprocess.DEVNULL, env=env,
        timeout=TIMEOUT, check=False,
    )


def reviewed_campaign(data: Path) -> int:
    workspace = open_workspace(DataPaths(data))
    try:
        return seed_campaign(workspace).id
    finally:
        workspace.close()


def publish_args(campaign_id: int, *extra: str) -> tuple[str, ...]:
    return ("publish", str(campaign_id), "--account", ACCOUNT_ID, "--page", PAGE_ID,
            "--objective", "traffic", "--budget", "25", "--countries", "US,CA",
            "--url", "https://acme.example/shop", *extra)


def test_a_dry_run_shows_every_request_and_sends_nothing(tmp_path: Path,
                                                         fake_graph: FakeGraph) -> None:
    campaign = reviewed_campaign(tmp_path)
    done = brandtruth(tmp_path, *publish_args(campaign, "--currency", "USD", "--dry-run",
                                              "--json"), env=env_for(fake_graph))

    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["ok"] is True and document["problems"] == []
    requests = document["plan"]["requests"]
    assert [r["kind"] for r in requests] == ["campaign", "adset", "image", "image", "creative",
                                             "creative", "ad", "ad"]
    assert requests[1]["params"]["daily_budget"] == 2500  # 25 USD in cents
    assert requests[1]["params"]["campaign_id"] == "{campaign.id}"
    assert len(document["plan"]["excluded"]) == 2
    assert fake_graph.requests == []


def test_a_dry_run_reports_what_meta_would_refuse(tmp_path: Path,
                                                  fake_graph: FakeGraph) -> None:
    campaign = reviewed_campaign(tmp_path)
    done = brandtruth(tmp_path, "publish", str(campaign), "--account", ACCOUNT_ID, "--page",
                      PAGE_ID, "--url", "ftp://acme.example", "--cta", "CALL_NOW",
                      "--age", "12-70", "--dry-run", env=env_for(fake_graph, token=None))

    assert done.returncode == 1
    for words in ("no daily budget", "no web address", "“CALL_NOW” is not a call to action",
                  "age range 12–70"):
        assert words in done.stdout, words
    assert fake_graph.requests == []


def test_publish_json_prints_the_contract_and_a_second_publish_needs_again(
    tmp_path: Path, fake_graph: FakeGraph,
) -> None:
    campaign = reviewed_campaign(tmp_path)
    env = env_for(fake_graph)
    done = brandtruth(tmp_path, *publish_args(campaign, "--json"), env=env)

    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    assert document["campaign_id"] == fake_graph.created("campaign")[0]["id"]
    assert document["adset_id"] == fake_graph.created("adset")[0]["id"]
    assert len(document["ads"]) == 2
    for ad in document["ads"]:
        assert {"variant_id", "ad_id", "creative_id", "image_hash", "status"} <= set(ad)
        assert ad["status"] == "PAUSED"
    assert set(document["previews"]) == {ad["ad_id"] for ad in document["ads"]}
    # The account's currency came from Meta (USD): 25 → 2500 cents.
    assert fake_graph.created("adset")[0]["params"]["daily_budget"] == "2500"

    again = brandtruth(tmp_path, *publish_args(campaign, "--json"), env=env)
    assert again.returncode == 1 and "--again" in again.stderr
    assert len(fake_graph.created("campaign")) == 1

    logs = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "logs").glob("*.log*"))
    assert "meta#" in logs
    for text in (done.stdout, done.stderr, logs):
        assert TOKEN not in text


def test_meta_lists_and_status(tmp_path: Path, fake_graph: FakeGraph) -> None:
    accounts = brandtruth(tmp_path, "meta", "accounts", "--json", env=env_for(fake_graph))
    assert accounts.returncode == 0, accounts.stderr
    assert [a["id"] for a in json.loads(accounts.stdout)] == ["act_1001", "act_1002",
                                                              "act_1003"]
    interests = brandtruth(tmp_path, "meta", "interests", "trail", "--json",
                           env=env_for(fake_graph))
    assert [i["name"] for i in json.loads(interests.stdout)] == ["Trail running"]

    status = brandtruth(tmp_path, "meta", "status", env=env_for(fake_graph, token=None))
    assert status.returncode == 1 and "Not connected to Meta" in status.stdout
