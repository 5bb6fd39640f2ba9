"""Saving an edited ad: new layout revisions, copy and status, audit row, all in one go; the
copy the writer made kept for "Revert to generated"; sources stored as user facts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from brandtruth_desktop.core.compose import LayoutSpec
from brandtruth_desktop.core.editing import GENERATED_COPY, CopyFields, sourced_fact, with_box
from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.editor_services import EditorServices
from brandtruth_desktop.settings import Settings
from brandtruth_desktop.storage.editing import EDIT_ACTION, AdEdit, ad_edit_repository
from brandtruth_desktop.storage.workspace import Workspace


class NoSecrets:
    def is_set(self, _name: object) -> bool:
        return False


def test_an_ad_loads_with_every_format_its_first_layout_and_the_campaign_pictures(
        demo: tuple[Workspace, int]) -> None:
    workspace, campaign_id = demo
    variant = workspace.content.variants(campaign_id)[0]
    ad = ad_edit_repository(workspace).load(campaign_id, variant.id)
    assert list(ad.latest) == ["1:1", "9:16"]
    assert all(record.revision == 1 for record in ad.generated.values())
    assert ad.brand_name == "Otterdesk" and ad.facts
    assert ad.choice is not None and ad.choice.variant_id == variant.id
    assert ad.pictures and ad.qa["1:1"][0] == 1 and "problems" in ad.qa["1:1"][1]
    with pytest.raises(LookupError):
        ad_edit_repository(workspace).load(campaign_id, "c1-nope")


def test_an_edit_is_stored_whole_with_its_audit_row(demo: tuple[Workspace, int]) -> None:
    workspace, campaign_id = demo
    repository = ad_edit_repository(workspace)
    variant = workspace.content.variants(campaign_id)[0]
    ad = repository.load(campaign_id, variant.id)
    spec = LayoutSpec.from_record(ad.latest["9:16"])
    moved = with_box(spec, "headline", Box(0.1, 0.2, 0.8, 0.1))
    before = CopyFields.of(variant)
    after = replace(before, headline="The planner small teams share")
    saved = repository.save(AdEdit(campaign_id, variant.id, {"9:16": moved.to_dict()},
                                   before, after, VariantStatus.EDITED), actor="dana")
    assert saved.revisions == {"9:16": 2}
    assert saved.variant.status is VariantStatus.EDITED
    assert saved.variant.headline == "The planner small teams share"
    assert saved.variant.provenance[GENERATED_COPY]["headline"] == variant.headline
    latest = workspace.content.latest_layout_spec(variant.id, "9:16")
    assert latest is not None and LayoutSpec.from_record(latest) == moved
    assert workspace.content.latest_layout_spec(variant.id, "1:1").revision == 1  # type: ignore[union-attr]
    row = workspace.decisions.for_variant(variant.id)[-1]
    assert (row.action, row.actor) == (EDIT_ACTION, "dana")
    assert row.before is not None and row.after is not None
    assert row.before["copy"]["headline"] == variant.headline
    assert row.after["copy"]["headline"] == "The planner small teams share"
    assert row.before["layout_revisions"] == {"9:16": 1}
    assert row.after["layout_revisions"] == {"9:16": 2}
    assert (row.before["status"], row.after["status"]) == ("pending", "edited")
    # A second copy edit keeps the copy the writer made, not the first edit.
    again = repository.save(AdEdit(campaign_id, variant.id, {}, after,
                                   replace(after, headline="Shared planning"),
                                   VariantStatus.EDITED), actor="dana")
    assert again.variant.provenance[GENERATED_COPY]["headline"] == variant.headline


def test_an_edit_of_a_vanished_ad_stores_nothing(demo: tuple[Workspace, int]) -> None:
    workspace, campaign_id = demo
    rows = len(workspace.decisions.for_campaign(campaign_id))
    with pytest.raises(LookupError):
        ad_edit_repository(workspace).save(
            AdEdit(campaign_id, "c1-gone", {"1:1": {"format": "1:1"}}), actor="dana")
    assert len(workspace.decisions.for_campaign(campaign_id)) == rows


def test_a_source_is_stored_as_the_campaigns_last_fact_with_an_audit_row(
        demo: tuple[Workspace, int]) -> None:
    workspace, campaign_id = demo
    variant = workspace.content.variants(campaign_id)[0]
    fact = sourced_fact("https://reviews.example.com/planners",
                        "Otterdesk is the #1 in the world planner for small teams.")
    stored = ad_edit_repository(workspace).add_source(campaign_id, fact, actor="dana",
                                                      variant_id=variant.id)
    facts = workspace.content.facts(campaign_id)
    assert facts[-1] == stored and stored.user_supplied and stored.campaign_id == campaign_id
    row = workspace.decisions.for_variant(variant.id)[-1]
    assert row.action == "fact.add_source" and row.after is not None
    assert row.after["source_url"] == "https://reviews.example.com/planners"


def test_regenerated_copy_is_new_gated_and_of_the_same_angle(
        demo: tuple[Workspace, int]) -> None:
    from brandtruth_desktop.core.jobs import run_stage
    from brandtruth_desktop.core.review import review_gate

    workspace, campaign_id = demo
    services = EditorServices(workspace, Settings(), NoSecrets(), actor="dana")  # type: ignore[arg-type]
    ad = services.load(campaign_id, workspace.content.variants(campaign_id)[0].id)
    result = run_stage(services.regenerate_copy(ad, CopyFields.of(ad.variant), seed=7))
    fields = result.fields
    assert fields is not None, result.notices
    others = workspace.content.variants(campaign_id)
    assert all((v.headline, v.primary_text) != (fields.headline, fields.primary_text)
               for v in others)
    assert result.copy is not None and result.copy.angle.value == ad.variant.angle
    renewed = replace(ad.variant, headline=fields.headline, primary_text=fields.primary_text,
                      description=fields.description, call_to_action=fields.call_to_action,
                      fact_ids=fields.fact_ids, status=VariantStatus.EDITED)
    facts = {f.id: f for f in ad.facts}
    assert review_gate(renewed, facts, full=True, brand_name=ad.brand_name) == ()
