"""Campaigns: create, find, rename, update, duplicate, delete, the list, and the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, exc, insert

from brandtruth_desktop.core.models import CampaignStatus, Fact, Variant, VariantStatus
from brandtruth_desktop.core.ports import CampaignRepository, DecisionLog
from brandtruth_desktop.storage.errors import CampaignNameError, CampaignNotFoundError
from brandtruth_desktop.storage.schema import CampaignRow, FactRow, VariantRow
from brandtruth_desktop.storage.workspace import Workspace

ACTOR = "reviewer@example.com"
Filler = Callable[..., tuple[list[Fact], list[Variant]]]  # the `fill` fixture


def test_repositories_implement_the_core_ports(workspace: Workspace) -> None:
    campaigns: CampaignRepository = workspace.campaigns
    decisions: DecisionLog = workspace.decisions
    assert campaigns is not None and decisions is not None


def test_create_get_and_find_round_trip(workspace: Workspace) -> None:
    created = workspace.campaigns.create(
        "  Acme Spring  ", actor=ACTOR, source_url="https://a.example"
    )
    assert created.name == "Acme Spring"
    assert created.status is CampaignStatus.DRAFT
    assert created.source_url == "https://a.example"
    assert workspace.campaigns.get(created.id) == created
    assert workspace.campaigns.find(str(created.id)) == created
    assert workspace.campaigns.find(" acme SPRING ") == created
    assert workspace.campaigns.find("Acme") is None
    assert workspace.campaigns.get(999) is None


def test_a_campaign_named_like_a_number_is_found_by_name_when_no_id_matches(
    workspace: Workspace,
) -> None:
    numbered = workspace.campaigns.create("2025", actor=ACTOR)
    assert workspace.campaigns.find("2025") == numbered
    assert workspace.campaigns.find(str(numbered.id)) == numbered


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "needs a name"),
        ("   ", "needs a name"),
        ("x" * 121, "at most 120 characters"),
        ("two\nlines", "line breaks"),
    ],
)
def test_unusable_names_are_refused_with_a_clear_message(
    workspace: Workspace, name: str, message: str
) -> None:
    with pytest.raises(CampaignNameError, match=message):
        workspace.campaigns.create(name, actor=ACTOR)
    assert workspace.campaigns.list_summaries() == []


def test_names_are_unique_ignoring_case(workspace: Workspace) -> None:
    workspace.campaigns.create("Straße", actor=ACTOR)
    assert workspace.campaigns.create("x" * 120, actor=ACTOR).name == "x" * 120
    for taken in ("STRASSE", "straße"):
        with pytest.raises(CampaignNameError, match="already exists"):
            workspace.campaigns.create(taken, actor=ACTOR)
    assert isinstance(CampaignNameError("x"), ValueError)


def test_rename_checks_the_name_and_allows_a_change_of_case(workspace: Workspace) -> None:
    first = workspace.campaigns.create("First", actor=ACTOR)
    workspace.campaigns.create("Second", actor=ACTOR)
    with pytest.raises(CampaignNameError, match="already exists"):
        workspace.campaigns.rename(first.id, "second", actor=ACTOR)
    assert workspace.campaigns.rename(first.id, "FIRST", actor=ACTOR).name == "FIRST"
    renamed = workspace.campaigns.rename(first.id, "Renamed", actor=ACTOR)
    assert renamed.name == "Renamed"
    assert renamed.updated_at is not None and first.updated_at is not None
    assert renamed.updated_at > first.updated_at
    assert workspace.campaigns.find("renamed") == renamed
    with pytest.raises(CampaignNotFoundError, match="no campaign with id 999"):
        workspace.campaigns.rename(999, "Ghost", actor=ACTOR)


def test_update_changes_the_brief(workspace: Workspace) -> None:
    campaign = workspace.campaigns.create("Brief", actor=ACTOR)
    updated = workspace.campaigns.update(
        campaign.id,
        {"status": "in_review", "tone": "warm", "avoid_words": ["cheap", " best "]},
        actor=ACTOR,
    )
    assert updated.status is CampaignStatus.IN_REVIEW
    assert updated.tone == "warm" and updated.avoid_words == ("cheap", "best")
    assert workspace.campaigns.get(campaign.id) == updated
    with pytest.raises(ValueError, match="cannot be changed here"):
        workspace.campaigns.update(campaign.id, {"name": "Sneaky"}, actor=ACTOR)


def test_every_change_writes_an_audit_row_with_before_and_after(
    workspace: Workspace, fill: Filler
) -> None:
    campaign = workspace.campaigns.create("Audited", actor="ana")
    workspace.campaigns.rename(campaign.id, "Audited", actor="ana")  # no change: no row
    workspace.campaigns.rename(campaign.id, "Audited 2", actor="bo")
    workspace.campaigns.update(campaign.id, {"offer": "2 for 1"}, actor="bo")
    fill(campaign.id)
    copy = workspace.campaigns.duplicate(campaign.id, actor="cy")
    workspace.campaigns.delete(campaign.id, actor="di")

    rows = workspace.decisions.for_campaign(campaign.id)
    assert [(d.action, d.actor) for d in rows] == [
        ("campaign.create", "ana"),
        ("campaign.rename", "bo"),
        ("campaign.update", "bo"),
        ("campaign.delete", "di"),
    ]
    create, rename, update, delete = rows
    assert create.before is None and create.after is not None
    assert create.after["name"] == "Audited" and create.after["status"] == "draft"
    assert (rename.before, rename.after) == ({"name": "Audited"}, {"name": "Audited 2"})
    assert (update.before, update.after) == ({"offer": ""}, {"offer": "2 for 1"})
    assert delete.after is None and delete.before is not None
    assert delete.before["name"] == "Audited 2"
    assert (delete.before["facts"], delete.before["variants"]) == (3, 2)
    assert all(d.at.tzinfo is UTC for d in rows)

    duplicated = workspace.decisions.for_campaign(copy.id)
    assert [d.action for d in duplicated] == ["campaign.duplicate"]
    assert duplicated[0].after is not None
    assert duplicated[0].after["copied_from"] == campaign.id


def test_a_failed_change_writes_no_audit_row(workspace: Workspace) -> None:
    campaign = workspace.campaigns.create("Only", actor=ACTOR)
    workspace.campaigns.create("Other", actor=ACTOR)
    with pytest.raises(CampaignNameError):
        workspace.campaigns.rename(campaign.id, "other", actor=ACTOR)
    assert [d.action for d in workspace.decisions.for_campaign(campaign.id)] == ["campaign.create"]


def test_audit_rows_cannot_be_updated_or_deleted(workspace: Workspace) -> None:
    campaign = workspace.campaigns.create("Sealed", actor=ACTOR)
    for statement in (
        "UPDATE decisions SET actor = 'someone else'",
        "DELETE FROM decisions",
    ):
        with pytest.raises(exc.IntegrityError, match="append-only"), workspace.engine.begin() as c:
            c.exec_driver_sql(statement)
    [row] = workspace.decisions.for_campaign(campaign.id)
    assert row.actor == ACTOR


def test_duplicate_copies_profile_facts_variants_and_layout_specs(
    workspace: Workspace, fill: Filler
) -> None:
    from brandtruth_desktop.core.models import BrandProfile

    source = workspace.campaigns.create("Acme", actor=ACTOR)
    source = workspace.campaigns.update(
        source.id, {"status": "published", "avoid_words": ["cheap"]}, actor=ACTOR
    )
    workspace.content.save_brand_profile(
        BrandProfile(source.id, "Acme", tagline="Run further", colors=("#112233",))
    )
    facts, variants = fill(source.id, facts=3, variants=2, approved=1)

    copy = workspace.campaigns.duplicate(source.id, actor=ACTOR)
    assert copy.name == "Acme (copy)" and copy.id != source.id
    assert copy.avoid_words == ("cheap",)
    assert copy.status is CampaignStatus.APPROVED  # a copy has not been published
    profile = workspace.content.brand_profile(copy.id)
    assert profile is not None and (profile.brand_name, profile.colors) == ("Acme", ("#112233",))
    copied_facts = workspace.content.facts(copy.id)
    assert [(f.id, f.quote, f.campaign_id) for f in copied_facts] == [
        (f.id, f.quote, copy.id) for f in facts
    ]
    copied_variants = workspace.content.variants(copy.id)
    assert len(copied_variants) == 2
    assert {v.id for v in copied_variants}.isdisjoint({v.id for v in variants})
    assert [(v.headline, v.status, v.fact_ids) for v in copied_variants] == [
        (v.headline, v.status, v.fact_ids) for v in variants
    ]
    assert copied_variants[0].provenance["copied_from"]["variant_id"] == variants[0].id
    for original, copied in zip(variants, copied_variants, strict=True):
        before = workspace.content.layout_specs(original.id)
        after = workspace.content.layout_specs(copied.id)
        assert [(s.format, s.revision, s.spec) for s in after] == [
            (s.format, s.revision, s.spec) for s in before
        ]
    # The source is untouched.
    assert len(workspace.content.variants(source.id)) == 2


def test_copies_are_numbered_and_copies_of_copies_count_up(workspace: Workspace) -> None:
    source = workspace.campaigns.create("Spring", actor=ACTOR)
    names = [workspace.campaigns.duplicate(source.id, actor=ACTOR).name for _ in range(3)]
    assert names == ["Spring (copy)", "Spring (copy 2)", "Spring (copy 3)"]
    copy = workspace.campaigns.find("Spring (copy 2)")
    assert copy is not None
    assert workspace.campaigns.duplicate(copy.id, actor=ACTOR).name == "Spring (copy 4)"
    long = workspace.campaigns.create("L" * 120, actor=ACTOR)
    long_copy = workspace.campaigns.duplicate(long.id, actor=ACTOR)
    assert len(long_copy.name) == 120 and long_copy.name.endswith(" (copy)")
    named = workspace.campaigns.duplicate(source.id, actor=ACTOR, new_name="Autumn")
    assert named.name == "Autumn"
    with pytest.raises(CampaignNameError):
        workspace.campaigns.duplicate(source.id, actor=ACTOR, new_name="spring")


def test_delete_cascades_to_everything_in_the_campaign_but_keeps_its_audit(
    workspace: Workspace, fill: Filler
) -> None:
    doomed = workspace.campaigns.create("Doomed", actor=ACTOR)
    kept = workspace.campaigns.create("Kept", actor=ACTOR)
    _, doomed_variants = fill(doomed.id)
    fill(kept.id)
    job = workspace.jobs.start("extract", "Reading", campaign_id=doomed.id)
    workspace.model_calls.record("claude", input_tokens=10, output_tokens=5, campaign_id=doomed.id)

    workspace.campaigns.delete(doomed.id, actor=ACTOR)

    assert workspace.campaigns.get(doomed.id) is None
    assert workspace.content.facts(doomed.id) == []
    assert workspace.content.variants(doomed.id) == []
    assert workspace.content.layout_specs(doomed_variants[0].id) == []
    assert workspace.model_calls.for_campaign(doomed.id) == []
    orphaned_job = workspace.jobs.get(job.id)
    assert orphaned_job is not None and orphaned_job.campaign_id is None
    assert [d.action for d in workspace.decisions.for_campaign(doomed.id)][-1] == (
        "campaign.delete"
    )
    assert len(workspace.content.facts(kept.id)) == 3
    with pytest.raises(CampaignNotFoundError):
        workspace.campaigns.delete(doomed.id, actor=ACTOR)
    # The id is never handed out again, so old audit rows cannot be mistaken for a new one's.
    assert workspace.campaigns.create("Next", actor=ACTOR).id > kept.id


def test_summaries_count_facts_variants_and_approvals(workspace: Workspace, fill: Filler) -> None:
    busy = workspace.campaigns.create("Busy", actor=ACTOR)
    empty = workspace.campaigns.create("Empty", actor=ACTOR)
    fill(busy.id, facts=4, variants=3, approved=2)
    summaries = workspace.campaigns.list_summaries()
    assert [s.campaign.name for s in summaries] == ["Busy", "Empty"]  # most recent activity
    counts = {s.campaign.id: (s.facts, s.variants, s.approved) for s in summaries}
    assert counts == {busy.id: (4, 3, 2), empty.id: (0, 0, 0)}
    busy_activity, empty_activity = (s.last_activity for s in summaries)
    assert busy_activity is not None and empty_activity is not None
    assert busy_activity > empty_activity


def test_summaries_of_2000_campaigns_take_one_query(workspace: Workspace) -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    with workspace.engine.begin() as connection:
        connection.execute(
            insert(CampaignRow),
            [
                {
                    "name": f"Campaign {n}",
                    "name_key": f"campaign {n}",
                    "avoid_words": [],
                    "created_at": now,
                    "updated_at": now,
                    "last_activity_at": now.replace(minute=n % 60, second=n % 59),
                }
                for n in range(2000)
            ],
        )
        connection.execute(
            insert(FactRow),
            [
                {"campaign_id": c, "id": f"f{i}", "kind": "claim"}
                for c in range(1, 2001, 7)
                for i in range(c % 5)
            ],
        )
        connection.execute(
            insert(VariantRow),
            [
                {
                    "id": f"v{c}-{i}",
                    "campaign_id": c,
                    "fact_ids": [],
                    "provenance": {},
                    "status": "approved" if i == 0 else "pending",
                    "created_at": now,
                }
                for c in range(1, 2001, 3)
                for i in range(c % 4)
            ],
        )

    selects: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(workspace.engine, "before_cursor_execute", count)
    try:
        summaries = workspace.campaigns.list_summaries()
    finally:
        event.remove(workspace.engine, "before_cursor_execute", count)

    assert len(selects) == 1
    assert len(summaries) == 2000
    by_id = {s.campaign.id: s for s in summaries}
    for campaign_id in (1, 8, 10, 15, 22, 1996, 2000):
        expected_facts = campaign_id % 5 if (campaign_id - 1) % 7 == 0 else 0
        expected_variants = campaign_id % 4 if (campaign_id - 1) % 3 == 0 else 0
        summary = by_id[campaign_id]
        assert (summary.facts, summary.variants, summary.approved) == (
            expected_facts,
            expected_variants,
            min(expected_variants, 1),
        ), campaign_id
    activity = [s.last_activity for s in summaries]
    assert activity == sorted(activity, reverse=True)  # type: ignore[type-var]


def test_reviewer_decisions_move_a_campaign_to_the_top(workspace: Workspace, fill: Filler) -> None:
    older = workspace.campaigns.create("Older", actor=ACTOR)
    workspace.campaigns.create("Newer", actor=ACTOR)
    _, variants = fill(older.id)
    workspace.campaigns.create("Newest", actor=ACTOR)
    workspace.decisions.record(
        "variant.approve",
        actor="ana",
        campaign_id=older.id,
        variant_id=variants[1].id,
        before={"status": VariantStatus.PENDING},
        after={"status": VariantStatus.APPROVED, "at": datetime(2025, 1, 1, tzinfo=UTC)},
    )
    assert workspace.campaigns.list_summaries()[0].campaign.id == older.id
    [decision] = workspace.decisions.for_variant(variants[1].id)
    assert decision.after == {"status": "approved", "at": "2025-01-01T00:00:00+00:00"}
    with pytest.raises(ValueError, match="actor"):
        workspace.decisions.record("variant.approve", actor=" ", campaign_id=older.id)
