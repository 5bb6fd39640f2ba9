"""storage/review.py on a campaign the real pipeline made: rows page by page, decisions with
their audit rows, undo, and what the export reads."""

from __future__ import annotations

from dataclasses import replace

import pytest
from review_support import clone_variants

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.pipeline.records import RenderRecord
from brandtruth_desktop.core.review import WarningKind
from brandtruth_desktop.storage.review import SqlReviewRepository
from brandtruth_desktop.storage.workspace import Workspace


def test_context_has_the_campaigns_facts_formats_angles_and_counts(
    demo: tuple[Workspace, int], repository: SqlReviewRepository
) -> None:
    workspace, campaign_id = demo
    context = repository.context(campaign_id)
    assert context.campaign.id == campaign_id
    assert context.formats == ("1:1", "9:16")
    assert set(context.facts) == {f.id for f in workspace.content.facts(campaign_id)}
    assert context.counts.total == context.counts.pending == 12
    assert set(context.angles) == {v.angle for v in workspace.content.variants(campaign_id)}


def test_pages_list_every_ad_once_in_the_order_written(
    demo: tuple[Workspace, int], repository: SqlReviewRepository
) -> None:
    workspace, campaign_id = demo
    context = repository.context(campaign_id)
    pages = [repository.page(context, offset, 5) for offset in (0, 5, 10)]
    assert [len(page) for page in pages] == [5, 5, 2]
    ids = [row.variant_id for page in pages for row in page]
    assert ids == [v.id for v in workspace.content.variants(campaign_id)]
    row = pages[0][0]
    renders = {r.format: r for r in workspace.runs.renders(campaign_id)
               if r.variant_id == row.variant_id}
    for format_key in ("1:1", "9:16"):
        state = row.state(format_key)
        assert state is not None and state.fresh and state.revision == 1
        assert state.render_sha256 == renders[format_key].sha256
        assert 0 < state.score <= 100


def test_a_new_layout_revision_makes_the_stored_render_stale(
    demo: tuple[Workspace, int], repository: SqlReviewRepository
) -> None:
    workspace, campaign_id = demo
    context = repository.context(campaign_id)
    first = repository.page(context, 0, 1)[0]
    spec = workspace.content.latest_layout_spec(first.variant_id, "9:16")
    assert spec is not None
    workspace.content.add_layout_spec(first.variant_id, "9:16", spec.spec)
    row = repository.rows(context, [first.variant_id])[0]
    state = row.state("9:16")
    assert state is not None and state.revision == 2 and not state.fresh
    assert row.edited


def test_qa_problems_of_the_latest_render_become_warning_badges(
    demo: tuple[Workspace, int], repository: SqlReviewRepository
) -> None:
    workspace, campaign_id = demo
    context = repository.context(campaign_id)
    first = repository.page(context, 0, 1)[0]
    stored = next(r for r in workspace.runs.renders(campaign_id)
                  if r.variant_id == first.variant_id and r.format == "9:16")
    spec = workspace.content.latest_layout_spec(first.variant_id, "9:16")
    assert spec is not None
    revision = workspace.content.add_layout_spec(first.variant_id, "9:16", spec.spec).revision
    qa = dict(stored.qa, safe_zone_violations=[{"element": "logo", "outside_px": 40}],
              problems=["The logo is outside the 9:16 safe zone by 40 px."], passed=False)
    workspace.runs.save_render(replace(stored, id=None, spec_revision=revision, qa=qa,
                                       passed=False))
    row = repository.rows(context, [first.variant_id])[0]
    assert row.warnings("9:16") == (WarningKind.SAFE_ZONE,)
    assert row.warnings("1:1") == ()
    assert row.score("9:16") < row.score("1:1")


def test_an_excluded_fact_puts_a_gate_warning_on_the_ads_citing_it(
    demo: tuple[Workspace, int], repository: SqlReviewRepository
) -> None:
    workspace, campaign_id = demo
    first = repository.page(repository.context(campaign_id), 0, 1)[0]
    fact = next(f for f in workspace.content.facts(campaign_id) if f.id == first.fact_ids[0])
    workspace.runs.save_fact(campaign_id, replace(fact, excluded=True))
    context = repository.context(campaign_id)
    rows = repository.page(context, 0, 12)
    flagged = {r.variant_id for r in rows if WarningKind.GATE in r.warnings("1:1")}
    assert flagged == {r.variant_id for r in rows if fact.id in r.fact_ids}
    assert any("excluded" in reason for reason in rows[0].gate)


def test_approve_and_reject_change_the_status_and_write_audit_rows(
    demo: tuple[Workspace, int], repository: SqlReviewRepository
) -> None:
    workspace, campaign_id = demo
    ids = [v.id for v in workspace.content.variants(campaign_id)]
    approved = repository.decide(campaign_id, ids[:2], VariantStatus.APPROVED, actor="Dana")
    rejected = repository.decide(campaign_id, [ids[2]], VariantStatus.REJECTED, actor="Dana",
                                 reason="off brand")
    assert [o.after for o in approved] == [VariantStatus.APPROVED] * 2
    assert all(o.changed for o in [*approved, *rejected])
    statuses = {v.id: v.status for v in workspace.content.variants(campaign_id)}
    assert statuses[ids[0]] is statuses[ids[1]] is VariantStatus.APPROVED
    assert statuses[ids[2]] is VariantStatus.REJECTED
    rows = [d for d in workspace.decisions.for_campaign(campaign_id)
            if d.action.startswith("variant.")]
    assert [(d.action, d.variant_id, d.actor) for d in rows] == [
        ("variant.approve", ids[0], "Dana"), ("variant.approve", ids[1], "Dana"),
        ("variant.reject", ids[2], "Dana")]
    assert rows[0].before == {"status": "pending"}
    assert rows[0].after == {"status": "approved", "batch": 2,
                             "layout_revisions": {"1:1": 1, "9:16": 1}}
    assert rows[2].after is not None and rows[2].after["reason"] == "off brand"
    assert repository.counts(campaign_id).approved == 2


def test_deciding_what_is_already_decided_records_nothing(
    demo: tuple[Workspace, int], repository: SqlReviewRepository
) -> None:
    workspace, campaign_id = demo
    first = workspace.content.variants(campaign_id)[0].id
    repository.decide(campaign_id, [first], VariantStatus.APPROVED, actor="Dana")
    again = repository.decide(campaign_id, [first], VariantStatus.APPROVED, actor="Dana")
    assert not again[0].changed
    assert len(workspace.decisions.for_variant(first)) == 1


def test_an_unknown_ad_refuses_the_whole_batch(
    demo: tuple[Workspace, int], repository: SqlReviewRepository
) -> None:
    workspace, campaign_id = demo
    first = workspace.content.variants(campaign_id)[0].id
    with pytest.raises(LookupError, match="nothing was recorded"):
        repository.decide(campaign_id, [first, "c99-nope"], VariantStatus.APPROVED,
                          actor="Dana")
    assert workspace.content.variants(campaign_id)[0].status is VariantStatus.PENDING
    assert workspace.decisions.for_variant(first) == []
    with pytest.raises(ValueError, match="not a decision"):
        repository.decide(campaign_id, [first], VariantStatus.EDITED, actor="Dana")


def test_undo_restores_the_status_before_and_names_the_decision(
    demo: tuple[Workspace, int], repository: SqlReviewRepository
) -> None:
    workspace, campaign_id = demo
    first, second = (v.id for v in workspace.content.variants(campaign_id)[:2])
    outcomes = repository.decide(campaign_id, [first, second], VariantStatus.REJECTED,
                                 actor="Dana")
    # Meanwhile the command line approved the second one: undo leaves it alone.
    repository.decide(campaign_id, [second], VariantStatus.APPROVED, actor="cli")
    undone = repository.undo(campaign_id, outcomes, actor="Dana")
    assert [(o.variant_id, o.after, o.changed) for o in undone] == [
        (first, VariantStatus.PENDING, True), (second, VariantStatus.APPROVED, False)]
    last = workspace.decisions.for_variant(first)[-1]
    assert last.action == "variant.undo"
    assert last.before == {"status": "rejected"}
    assert last.after == {"status": "pending", "undoes": outcomes[0].decision_id}


def test_export_bundle_has_only_approved_ads_with_their_approval(
    demo: tuple[Workspace, int], repository: SqlReviewRepository
) -> None:
    workspace, campaign_id = demo
    ids = [v.id for v in workspace.content.variants(campaign_id)]
    repository.decide(campaign_id, ids[:3], VariantStatus.APPROVED, actor="Dana")
    repository.decide(campaign_id, [ids[3]], VariantStatus.REJECTED, actor="Dana")
    bundle = repository.export_bundle(campaign_id)
    assert [v.id for v in bundle.approved] == ids[:3]
    assert set(bundle.decisions) == set(ids[:3])
    assert all(d.action == "variant.approve" for d in bundle.decisions.values())
    render = repository.render_for(ids[0], "1:1", 1)
    assert isinstance(render, RenderRecord) and render.width == 1080
    assert repository.render_for(ids[0], "1:1", 7) is None


def test_thousands_of_ads_page_in_order(
    demo: tuple[Workspace, int], repository: SqlReviewRepository
) -> None:
    workspace, campaign_id = demo
    ids = clone_variants(workspace, campaign_id, 1000)
    context = repository.context(campaign_id)
    assert context.counts.total == 1000
    loaded = []
    while len(loaded) < 1000:
        loaded.extend(repository.page(context, len(loaded), 240))
    assert [r.variant_id for r in loaded] == ids
