"""The approved ZIP against the database: only approved ads, named campaign/format/variant,
the stored render's bytes or the one renderer's, a manifest that matches what is stored, the
licence ledger's credits, and no half-written file on cancel or failure."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from brandtruth_desktop.core.compose import FontBook, LayoutSpec, encode, render_checked
from brandtruth_desktop.core.jobs import Cancelled, run_stage
from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.paths import resources_dir
from brandtruth_desktop.review_export import NothingToExport, export_approved
from brandtruth_desktop.storage.review import SqlReviewRepository
from brandtruth_desktop.storage.workspace import Workspace

FOLDER = "Otterdesk-spring"


def approve_some(workspace: Workspace, repository: SqlReviewRepository, campaign_id: int
                 ) -> list[str]:
    ids = [v.id for v in workspace.content.variants(campaign_id)]
    repository.decide(campaign_id, ids[:3], VariantStatus.APPROVED, actor="Dana")
    repository.decide(campaign_id, [ids[3]], VariantStatus.REJECTED, actor="Dana")
    return ids[:3]


def export(workspace: Workspace, campaign_id: int, out: Path, **options: object):
    return run_stage(export_approved(workspace, campaign_id, out, actor="Dana",
                                     **options))  # type: ignore[arg-type]


def test_the_zip_holds_the_approved_ads_as_stored(demo, repository, tmp_path: Path) -> None:
    workspace, campaign_id = demo
    approved = approve_some(workspace, repository, campaign_id)
    out = tmp_path / "out" / "spring.zip"
    result = export(workspace, campaign_id, out)
    assert (result.variants, result.ads, result.rendered) == (3, 6, 0)

    renders = {(r.variant_id, r.format): r for r in workspace.runs.renders(campaign_id)}
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        expected = {f"{FOLDER}/{folder}/{variant_id}.jpg" for variant_id in approved
                    for folder in ("1x1", "9x16")}
        assert names == expected | {f"{FOLDER}/manifest.json", f"{FOLDER}/ATTRIBUTION.txt"}
        for variant_id in approved:
            for key, folder in (("1:1", "1x1"), ("9:16", "9x16")):
                data = archive.read(f"{FOLDER}/{folder}/{variant_id}.jpg")
                assert hashlib.sha256(data).hexdigest() == renders[(variant_id, key)].sha256
        manifest = json.loads(archive.read(f"{FOLDER}/manifest.json"))
        credits = archive.read(f"{FOLDER}/ATTRIBUTION.txt").decode("utf-8")

    assert manifest["campaign"]["id"] == campaign_id
    assert manifest["exported_by"] == "Dana"
    assert manifest["formats"] == [{"format": "1:1", "folder": "1x1"},
                                   {"format": "9:16", "folder": "9x16"}]
    variants = {v.id: v for v in workspace.content.variants(campaign_id)}
    facts = {f.id: f for f in workspace.content.facts(campaign_id)}
    decisions = repository.latest_decisions(approved)
    assert [(e["variant_id"], e["format"]) for e in manifest["ads"]] == [
        (v, f) for v in approved for f in ("1:1", "9:16")]
    for entry in manifest["ads"]:
        variant = variants[entry["variant_id"]]
        assert entry["copy"] == {"headline": variant.headline,
                                 "primary_text": variant.primary_text,
                                 "description": variant.description,
                                 "call_to_action": variant.call_to_action}
        assert [(f["id"], f["quote"], f["source_url"]) for f in entry["facts"]] == [
            (i, facts[i].quote, facts[i].source_url) for i in variant.fact_ids]
        assert entry["qa"] == renders[(variant.id, entry["format"])].qa
        assert entry["decision"]["decision_id"] == decisions[variant.id].id
        assert entry["reviewer"] == "Dana"
        assert entry["rendered"] == "stored" and entry["layout_revision"] == 1
        assert entry["image"] is not None

    ledger = workspace.licences.for_campaign(campaign_id)
    used = {e["image"]["sha256"] for e in manifest["ads"] if e["image"]["sha256"]}
    for row in ledger:
        if row.sha256 in used:
            assert row.attribution in credits or row.source == "generated"
    for entry in manifest["ads"]:
        assert entry["file"] in credits


def test_only_the_formats_asked_for(demo, repository, tmp_path: Path) -> None:
    workspace, campaign_id = demo
    approve_some(workspace, repository, campaign_id)
    out = tmp_path / "story.zip"
    result = export(workspace, campaign_id, out, formats=["9:16"])
    with zipfile.ZipFile(out) as archive:
        folders = {name.split("/")[1] for name in archive.namelist() if name.endswith(".jpg")}
    assert folders == {"9x16"} and result.formats == ("9:16",)


def test_an_edited_layout_is_exported_as_the_renderer_draws_it(demo, repository,
                                                               tmp_path: Path) -> None:
    workspace, campaign_id = demo
    first = approve_some(workspace, repository, campaign_id)[0]
    record = workspace.content.latest_layout_spec(first, "1:1")
    spec = LayoutSpec.from_record(record)
    edited = replace(spec, texts=tuple(replace(t, color="#FFD166") for t in spec.texts))
    workspace.content.add_layout_spec(first, "1:1", edited.to_dict())

    out = tmp_path / "edited.zip"
    result = export(workspace, campaign_id, out)
    assert result.rendered == 1
    fonts = FontBook(resources_dir() / "fonts")
    expected = encode(render_checked(edited, 1080, assets=workspace.assets, fonts=fonts).image)
    with zipfile.ZipFile(out) as archive:
        data = archive.read(f"{FOLDER}/1x1/{first}.jpg")
        entry = next(e for e in json.loads(archive.read(f"{FOLDER}/manifest.json"))["ads"]
                     if (e["variant_id"], e["format"]) == (first, "1:1"))
    assert data == expected
    assert (entry["rendered"], entry["layout_revision"]) == ("rendered", 2)
    # The new render is kept, so the grid and the next export need not draw it again.
    assert repository.render_for(first, "1:1", 2) is not None


def test_cancel_leaves_no_zip_and_the_old_file_untouched(demo, repository,
                                                         tmp_path: Path) -> None:
    workspace, campaign_id = demo
    approve_some(workspace, repository, campaign_id)
    out = tmp_path / "spring.zip"
    out.write_bytes(b"last week's export")
    seen: list[int] = []
    stage = export_approved(workspace, campaign_id, out, actor="Dana")
    with pytest.raises(Cancelled):
        run_stage(stage, on_progress=lambda p: seen.append(p.done),
                  should_cancel=lambda: len(seen) >= 3)
    assert out.read_bytes() == b"last week's export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spring.zip", "workspace"]


def test_a_failure_midway_leaves_no_zip(demo, repository, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    workspace, campaign_id = demo
    approve_some(workspace, repository, campaign_id)
    import brandtruth_desktop.review_export as review_export

    written: list[str] = []
    real_add = review_export._add

    def add(archive, name, data, when, **options):
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(name)
        real_add(archive, name, data, when, **options)

    monkeypatch.setattr(review_export, "_add", add)
    with pytest.raises(OSError, match="No space left"):
        export(workspace, campaign_id, tmp_path / "full.zip")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["workspace"]


def test_nothing_approved_says_so(demo, tmp_path: Path) -> None:
    workspace, campaign_id = demo
    with pytest.raises(NothingToExport, match="No ad of “Otterdesk spring” is approved yet"):
        export(workspace, campaign_id, tmp_path / "empty.zip")
    assert not (tmp_path / "empty.zip").exists()
