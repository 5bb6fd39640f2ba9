"""The job journal, the model-call ledger and the asset metadata rows."""

from __future__ import annotations

import pytest

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import JobState
from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.storage.workspace import Workspace, open_workspace


def test_a_job_is_journalled_from_start_to_finish(workspace: Workspace) -> None:
    campaign = workspace.campaigns.create("Jobs", actor="t")
    started = workspace.jobs.start("extract", "Reading acme.example", campaign_id=campaign.id)
    assert started.state is JobState.RUNNING and started.started_at is not None
    workspace.jobs.update(started.id, done=3, total=10, message="page 3 of 10")
    progressed = workspace.jobs.get(started.id)
    assert progressed is not None
    assert (progressed.done, progressed.total, progressed.message) == (3, 10, "page 3 of 10")
    failed = workspace.jobs.finish(started.id, JobState.FAILED, error="site unreachable")
    assert failed.state is JobState.FAILED and failed.error == "site unreachable"
    assert failed.finished_at is not None and failed.finished_at >= failed.started_at  # type: ignore[operator]
    with pytest.raises(ValueError):
        workspace.jobs.finish(started.id, JobState.RUNNING)
    with pytest.raises(LookupError):
        workspace.jobs.update(12345, done=1)
    assert [job.id for job in workspace.jobs.recent()] == [started.id]


def test_jobs_running_when_the_app_stopped_are_marked_interrupted(data_paths: DataPaths) -> None:
    first = open_workspace(data_paths)
    try:
        done = first.jobs.start("extract", "Finished")
        first.jobs.finish(done.id, JobState.SUCCEEDED)
        cut_short = first.jobs.start("generate", "Cut short")
    finally:
        first.close()  # as if the app crashed with the job running

    second = open_workspace(data_paths)
    try:
        assert [(j.id, j.state) for j in second.interrupted_jobs] == [
            (cut_short.id, JobState.INTERRUPTED)
        ]
        stored = second.jobs.get(cut_short.id)
        assert stored is not None and stored.state is JobState.INTERRUPTED
        assert stored.finished_at is not None and "stopped" in stored.error
        finished = second.jobs.get(done.id)
        assert finished is not None and finished.state is JobState.SUCCEEDED
        assert second.jobs.mark_interrupted() == []
    finally:
        second.close()


def test_the_runner_journal_adapter_records_progress(workspace: Workspace) -> None:
    journal = workspace.jobs.for_runner()
    job_id = journal.start("render", "Rendering")
    journal.progress(job_id, Progress(2, 4, "2 of 4"))
    journal.finish(job_id, JobState.CANCELLED, "")
    job = workspace.jobs.get(job_id)
    assert job is not None
    assert (job.state, job.done, job.total, job.message) == (JobState.CANCELLED, 2, 4, "2 of 4")


def test_model_call_costs_add_up_per_campaign(workspace: Workspace) -> None:
    a = workspace.campaigns.create("A", actor="t")
    b = workspace.campaigns.create("B", actor="t")
    call = workspace.model_calls.record(
        "claude-haiku-4-5",
        input_tokens=1200,
        output_tokens=300,
        cache_read_tokens=900,
        cache_write_tokens=100,
        cost_usd=0.0125,
        campaign_id=a.id,
    )
    assert (call.model, call.input_tokens, call.cache_read_tokens) == (
        "claude-haiku-4-5",
        1200,
        900,
    )
    assert call.at is not None
    workspace.model_calls.record(
        "m", input_tokens=1, output_tokens=1, cost_usd=0.5, campaign_id=a.id
    )
    workspace.model_calls.record(
        "m", input_tokens=1, output_tokens=1, cost_usd=2.0, campaign_id=b.id
    )
    workspace.model_calls.record("m", input_tokens=1, output_tokens=1, cost_usd=1.0)
    assert workspace.model_calls.total_cost(a.id) == pytest.approx(0.5125)
    assert workspace.model_calls.total_cost(b.id) == pytest.approx(2.0)
    assert workspace.model_calls.total_cost() == pytest.approx(3.5125)
    assert workspace.model_calls.total_cost(999) == 0.0
    assert len(workspace.model_calls.for_campaign(a.id)) == 2
    with pytest.raises(ValueError):
        workspace.model_calls.record("m", input_tokens=-1, output_tokens=0)


def test_asset_rows_record_the_first_origin_of_the_same_bytes(workspace: Workspace) -> None:
    first = workspace.assets.put_bytes(
        b"\x89PNG fake",
        kind="image",
        mime_type="image/png",
        original_name="hero.png",
        source_url="https://a.example/hero.png",
    )
    assert workspace.asset_records.record(first) == workspace.asset_records.get(first.sha256)
    again = workspace.assets.put_bytes(
        b"\x89PNG fake", kind="image", mime_type="image/png", original_name="other.png"
    )
    kept = workspace.asset_records.record(again)
    assert kept.original_name == "hero.png" and kept.source_url == "https://a.example/hero.png"
    logo = workspace.asset_records.record(
        workspace.assets.put_bytes(b"<svg/>", kind="logo", mime_type="image/svg+xml")
    )
    assert [a.sha256 for a in workspace.asset_records.list_assets(kind="logo")] == [logo.sha256]
    assert len(workspace.asset_records.list_assets()) == 2
    assert workspace.asset_records.get("0" * 64) is None
