"""Publish runs and their objects in the database: stored the moment they exist, resumable,
every created object an audit row, and no token anywhere."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from brandtruth_desktop.core.publish import ObjectKind, ObjectState, RunState
from brandtruth_desktop.storage.workspace import Workspace


def test_objects_go_from_sending_to_created_with_their_audit_row(workspace: Workspace) -> None:
    campaign = workspace.campaigns.create("Acme", actor="t")
    ledger = workspace.publishing
    run = ledger.start_run(campaign.id, key="abc123", account_id="act_1", page_id="2",
                           settings={"daily_budget": 2000}, actor="ana")
    assert ledger.open_run(campaign.id, "act_1") == run
    assert ledger.open_run(campaign.id, "act_2") is None

    sending = ledger.mark_sending(run.id, key="image:v1@1x1", kind=ObjectKind.IMAGE,
                                  name="bt-1.jpg", variant_id="v1", format="1:1")
    assert sending.state is ObjectState.SENDING and sending.attempts == 1
    created = ledger.mark_created(run.id, "image:v1@1x1", meta_id="abc", image_hash="abc",
                                  actor="ana")
    assert created.state is ObjectState.CREATED and created.image_hash == "abc"
    with pytest.raises(ValueError, match="already created"):
        ledger.mark_sending(run.id, key="image:v1@1x1", kind=ObjectKind.IMAGE, name="x")

    ledger.mark_sending(run.id, key="campaign", kind=ObjectKind.CAMPAIGN, name="C [bt]")
    failed = ledger.mark_failed(run.id, "campaign", error="Meta refused")
    assert failed.state is ObjectState.FAILED
    again = ledger.mark_sending(run.id, key="campaign", kind=ObjectKind.CAMPAIGN, name="C [bt]")
    assert again.attempts == 2

    done = ledger.set_run_state(run.id, RunState.DONE, actor="ana")
    assert done.finished_at is not None and ledger.open_run(campaign.id, "act_1") is None
    ledger.save_preview(run.id, ad_key="ad:v1@1x1", ad_id="9", ad_format="INSTAGRAM_STORY",
                        sha256="f" * 64)
    assert [p.ad_format for p in ledger.previews(run.id)] == ["INSTAGRAM_STORY"]

    audit = workspace.decisions.for_campaign(campaign.id)
    actions = [d.action for d in audit]
    assert actions[-3:] == ["meta.publish.start", "meta.image.create", "meta.publish.done"]
    image = audit[-2]
    assert image.actor == "ana" and image.variant_id == "v1"
    assert image.after is not None and image.after["meta_id"] == "abc"


def test_the_record_outlives_the_campaign(workspace: Workspace) -> None:
    campaign = workspace.campaigns.create("Gone", actor="t")
    run = workspace.publishing.start_run(campaign.id, key="k2", account_id="act_1",
                                         page_id="2", settings={}, actor="t")
    workspace.campaigns.delete(campaign.id, actor="t")
    assert workspace.publishing.get_run(run.id) is not None


def test_no_column_can_hold_a_token(workspace: Workspace) -> None:
    with workspace.engine.connect() as connection:
        columns = {row[1] for table in ("meta_publish_runs", "meta_publish_objects",
                                        "meta_ad_previews")
                   for row in connection.execute(text(f"PRAGMA table_info({table})"))}
    assert not {c for c in columns if "token" in c or "secret" in c}
