"""`brandtruth variants`, `review` and `export` in a subprocess, as scripts and CI use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.settings import Settings, SettingsFile
from brandtruth_desktop.storage.review import review_repository
from brandtruth_desktop.storage.workspace import open_workspace


def brandtruth(paths: DataPaths, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("BRANDTRUTH_HOME", None)
    return subprocess.run(
        [sys.executable, "-m", "brandtruth_desktop", "--data-dir", str(paths.root), *args],
        capture_output=True, text=True, timeout=120, env=env, check=False)


def variants(paths: DataPaths, campaign_id: int) -> list[dict[str, object]]:
    done = brandtruth(paths, "variants", str(campaign_id), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["variants"]  # type: ignore[no-any-return]


def test_variants_json_lists_every_ad_with_the_documented_keys(demo_paths) -> None:
    paths, campaign_id = demo_paths
    listed = variants(paths, campaign_id)
    workspace = open_workspace(paths)
    try:
        stored = workspace.content.variants(campaign_id)
    finally:
        workspace.close()
    assert [v["id"] for v in listed] == [v.id for v in stored]
    for entry, variant in zip(listed, stored, strict=True):
        assert {"id", "status", "angle", "headline", "primary_text", "fact_ids",
                "warnings"} <= set(entry)
        assert entry["status"] == "pending"
        assert (entry["angle"], entry["headline"], entry["primary_text"]) == (
            variant.angle, variant.headline, variant.primary_text)
        assert entry["fact_ids"] == list(variant.fact_ids)
        assert entry["warnings"] == []


def test_review_records_decisions_with_audit_rows(demo_paths) -> None:
    paths, campaign_id = demo_paths
    SettingsFile(paths.settings_file).save(Settings(reviewer_name="Dana"))
    ids = [v["id"] for v in variants(paths, campaign_id)]
    done = brandtruth(paths, "review", str(campaign_id), "--approve", ids[0], ids[1])
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Approved 2 ads as Dana.")
    done = brandtruth(paths, "review", str(campaign_id), "--reject", ids[1], "--reviewer",
                      "Sam", "--reason", "too pushy")
    assert done.returncode == 0, done.stderr

    statuses = {v["id"]: v["status"] for v in variants(paths, campaign_id)}
    assert (statuses[ids[0]], statuses[ids[1]], statuses[ids[2]]) == (
        "approved", "rejected", "pending")
    workspace = open_workspace(paths)
    try:
        rows = [d for d in workspace.decisions.for_campaign(campaign_id)
                if d.action.startswith("variant.")]
    finally:
        workspace.close()
    assert [(d.action, d.variant_id, d.actor) for d in rows] == [
        ("variant.approve", ids[0], "Dana"), ("variant.approve", ids[1], "Dana"),
        ("variant.reject", ids[1], "Sam")]
    assert rows[2].before == {"status": "approved"}
    assert rows[2].after is not None and rows[2].after["reason"] == "too pushy"


def test_an_edited_ad_is_listed_as_pending(demo_paths) -> None:
    paths, campaign_id = demo_paths
    workspace = open_workspace(paths)
    try:
        first = workspace.content.variants(campaign_id)[0]
        workspace.content.save_variants([replace(first, status=VariantStatus.EDITED)])
    finally:
        workspace.close()
    entry = variants(paths, campaign_id)[0]
    assert (entry["status"], entry["edited"]) == ("pending", True)


def test_an_unknown_ad_changes_nothing(demo_paths) -> None:
    paths, campaign_id = demo_paths
    first = variants(paths, campaign_id)[0]["id"]
    done = brandtruth(paths, "review", str(campaign_id), "--approve", str(first), "c9-nope")
    assert done.returncode == 1
    assert "No ad c9-nope" in done.stderr and "nothing was recorded" in done.stderr
    assert variants(paths, campaign_id)[0]["status"] == "pending"
    both = brandtruth(paths, "review", str(campaign_id), "--approve", "a", "--reject", "b")
    assert both.returncode == 2


def test_export_writes_the_zip_or_says_nothing_is_approved(demo_paths, tmp_path: Path) -> None:
    paths, campaign_id = demo_paths
    out = tmp_path / "spring.zip"
    done = brandtruth(paths, "export", str(campaign_id), "--out", str(out))
    assert done.returncode == 1
    assert "nothing to export" in done.stderr and not out.exists()

    ids = [v["id"] for v in variants(paths, campaign_id)]
    brandtruth(paths, "review", str(campaign_id), "--approve", ids[4])
    done = brandtruth(paths, "export", "Otterdesk spring", "--out", str(out), "--formats",
                      "9:16", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["variants"], result["images"], result["formats"]) == (1, 1, ["9:16"])
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == [
            "Otterdesk-spring/9x16/" + ids[4] + ".jpg", "Otterdesk-spring/ATTRIBUTION.txt",
            "Otterdesk-spring/manifest.json"]

    bad = brandtruth(paths, "export", str(campaign_id), "--out", str(out), "--formats", "2:3")
    assert bad.returncode == 1 and "is not an ad format" in bad.stderr


def test_reviewing_in_the_app_and_on_the_command_line_agree(demo_paths) -> None:
    paths, campaign_id = demo_paths
    workspace = open_workspace(paths)
    try:
        ids = [v.id for v in workspace.content.variants(campaign_id)]
        review_repository(workspace).decide(campaign_id, ids[:2], VariantStatus.REJECTED,
                                            actor="Dana")
    finally:
        workspace.close()
    statuses = [v["status"] for v in variants(paths, campaign_id)]
    assert statuses[:3] == ["rejected", "rejected", "pending"]
