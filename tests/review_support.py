"""Campaigns to review, made the way the app makes them.

`build_demo_campaign` runs the real pipeline (core.pipeline through campaign_services, offline,
on the bundled demo site): facts with quotes, gated copy, pictures, layout specs and renders
with QA. `clone_variants` then grows a campaign to thousands of ads for the lazy-loading tests
and the benchmark, copying the demo's specs and renders row for row (bulk inserts: building
5,000 ads through the renderer would take minutes and test nothing more).
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from brandtruth_desktop.campaign_services import PipelineServices
from brandtruth_desktop.core.jobs import run_stage
from brandtruth_desktop.core.pipeline import CampaignPlan, Writer, run_campaign
from brandtruth_desktop.paths import DataPaths, resources_dir
from brandtruth_desktop.settings import Settings
from brandtruth_desktop.storage.schema import LayoutSpecRow, RenderRow, VariantRow
from brandtruth_desktop.storage.workspace import Workspace, open_workspace

DEMO_NAME = "Otterdesk spring"


class NoSecrets:
    """The key store of an offline run: nothing is ever asked for."""

    def is_set(self, _name: object) -> bool:
        return False


def build_demo_campaign(paths: DataPaths, *, formats: tuple[str, ...] = ("1:1", "9:16"),
                        variants: int = 12, name: str = DEMO_NAME) -> int:
    """A finished campaign from the demo site, offline; returns its id."""
    workspace = open_workspace(paths)
    try:
        site = str(resources_dir() / "demo_site")
        campaign = workspace.campaigns.create(name, actor="pipeline", source_url=site)
        workspace.runs.save_plan(CampaignPlan(
            campaign.id, site=site, writer=Writer.OFFLINE.value, formats=formats,
            variant_count=variants))
        services = PipelineServices(workspace, Settings(), NoSecrets(),  # type: ignore[arg-type]
                                    actor="pipeline", offline=True)
        run_stage(services.run(campaign.id, run_campaign))
        return campaign.id
    finally:
        workspace.close()


def demo_template(base: Path) -> tuple[Path, int]:
    """The demo campaign (1:1 and 9:16), built once per test session under `base`; copy it
    with `copy_workspace` before changing it. Returns its folder and the campaign's id."""
    folder = base / "review-demo-template"
    marker = folder / "campaign-id"
    # pytest prunes old session folders; another session on the machine may have taken it.
    if not marker.exists() or not (folder / "brandtruth.sqlite3").exists():
        shutil.rmtree(folder, ignore_errors=True)
        campaign_id = build_demo_campaign(DataPaths(folder))
        marker.write_text(str(campaign_id))
    return folder, int(marker.read_text())


def copy_workspace(source: Path, target: Path) -> DataPaths:
    """A copy of a closed workspace folder (database and asset store)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("campaign-id", "logs"))
    return DataPaths(target)


def clone_variants(workspace: Workspace, campaign_id: int, total: int) -> list[str]:
    """Grow the campaign to `total` ads by copying its ads (copy, specs, renders with QA).

    Clones get ids `c{campaign}-x{n:05}`, a numbered headline and creation times after the
    originals, so they list after them in the grid. Returns every variant id, in grid order.
    """
    with workspace.database.read() as session:
        originals = list(session.scalars(
            select(VariantRow).where(VariantRow.campaign_id == campaign_id)
            .order_by(VariantRow.created_at, VariantRow.id)))
        ids = [v.id for v in originals]
        specs = list(session.scalars(select(LayoutSpecRow).where(
            LayoutSpecRow.variant_id.in_(ids))))
        renders = list(session.scalars(select(RenderRow).where(RenderRow.variant_id.in_(ids))))
    missing = total - len(originals)
    if missing <= 0:
        return ids
    last = originals[-1].created_at
    variant_rows: list[dict[str, Any]] = []
    spec_rows: list[dict[str, Any]] = []
    render_rows: list[dict[str, Any]] = []
    for number in range(missing):
        source = originals[number % len(originals)]
        new_id = f"c{campaign_id}-x{number:05}"
        ids.append(new_id)
        variant_rows.append({
            "id": new_id, "campaign_id": campaign_id, "angle": source.angle,
            "headline": f"{source.headline} #{number + 1}", "primary_text": source.primary_text,
            "description": source.description, "call_to_action": source.call_to_action,
            "fact_ids": list(source.fact_ids), "status": "pending", "rejection_reason": "",
            "provenance": dict(source.provenance or {}),
            "created_at": last + timedelta(milliseconds=number + 1),
        })
        for spec in specs:
            if spec.variant_id == source.id:
                spec_rows.append({"variant_id": new_id, "format": spec.format,
                                  "revision": spec.revision, "spec": spec.spec,
                                  "created_at": spec.created_at})
        for render in renders:
            if render.variant_id == source.id:
                render_rows.append({
                    "campaign_id": campaign_id, "variant_id": new_id, "format": render.format,
                    "spec_revision": render.spec_revision, "sha256": render.sha256,
                    "file_format": render.file_format, "width": render.width,
                    "height": render.height, "qa": render.qa, "qa_passed": render.qa_passed,
                    "created_at": render.created_at,
                })

    def write(session: Any) -> None:
        for table, rows in ((VariantRow, variant_rows), (LayoutSpecRow, spec_rows),
                            (RenderRow, render_rows)):
            for start in range(0, len(rows), 2000):
                session.execute(insert(table), rows[start:start + 2000])

    workspace.database.write(write)
    return ids
