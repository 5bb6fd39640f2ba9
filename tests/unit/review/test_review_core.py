"""The review's pure parts: warning badges from QA reports, the score, the gate's second look,
and the export's names, manifest and credits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from brandtruth_desktop.core.models import (
    Campaign,
    Decision,
    Fact,
    FactKind,
    Risk,
    Variant,
    VariantStatus,
)
from brandtruth_desktop.core.review import (
    ExportedAd,
    ImageCredit,
    ReviewCounts,
    WarningKind,
    attribution_text,
    build_manifest,
    cli_status,
    format_folder,
    qa_summary,
    review_gate,
    review_score,
    safe_name,
)

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def text_check(role: str = "headline", **changes: object) -> dict[str, object]:
    check: dict[str, object] = {"role": role, "contrast": 6.0, "required": 4.5, "passes": True,
                                "overflow": False, "missing_glyphs": ""}
    check.update(changes)
    return check


def report(**changes: object) -> dict[str, object]:
    qa: dict[str, object] = {"texts": [text_check()], "cta": None, "overflow": False,
                             "safe_zone_violations": [], "logo": None, "problems": [],
                             "warnings": []}
    qa.update(changes)
    return qa


def test_a_clean_report_has_no_badges() -> None:
    assert qa_summary(report()) == ((), (), ())
    assert qa_summary(None) == ((), (), ())


@pytest.mark.parametrize(("changes", "kind"), [
    ({"texts": [text_check(passes=False)]}, WarningKind.CONTRAST),
    ({"cta": text_check("cta", passes=False)}, WarningKind.CONTRAST),
    ({"overflow": True}, WarningKind.OVERFLOW),
    ({"safe_zone_violations": [{"element": "logo", "outside_px": 12}]}, WarningKind.SAFE_ZONE),
    ({"logo": {"clear_space_ok": False}}, WarningKind.LAYOUT),
    ({"texts": [text_check(missing_glyphs="☃")]}, WarningKind.LAYOUT),
    ({"problems": ["The headline runs off the edge of the ad."]}, WarningKind.LAYOUT),
])
def test_each_qa_problem_has_its_badge(changes: dict[str, object], kind: WarningKind) -> None:
    kinds, _problems, _notes = qa_summary(report(**changes))
    assert kinds == (kind,)


def test_problems_and_notes_are_kept_as_written() -> None:
    kinds, problems, notes = qa_summary(report(
        overflow=True, problems=["The headline does not fit."],
        warnings=["The photo is enlarged 1.5×."]))
    assert kinds == (WarningKind.OVERFLOW,)
    assert problems == ("The headline does not fit.",)
    assert notes == ("The photo is enlarged 1.5×.",)


def test_an_unreadable_report_is_a_layout_problem_not_an_error() -> None:
    kinds, problems, _notes = qa_summary({"texts": 7})
    assert kinds == (WarningKind.LAYOUT,)
    assert "could not be read" in problems[0]


def test_score_puts_ads_that_need_no_work_first() -> None:
    clean = review_score(gate_failed=False, problems=0)
    soft_photo = review_score(gate_failed=False, problems=0, notes=1)
    tight_contrast = review_score(gate_failed=False, problems=0, headroom=1.05)
    one_problem = review_score(gate_failed=False, problems=1)
    gate = review_score(gate_failed=True, problems=0)
    risky = review_score(gate_failed=False, problems=0, risky_facts=["high", "medium"])
    assert clean == 100
    assert clean > soft_photo > one_problem > gate
    assert tight_contrast == 95
    assert risky == 89
    assert review_score(gate_failed=True, problems=9, notes=9) == 0


def fact(fact_id: str, **changes: object) -> Fact:
    values: dict[str, object] = {"id": fact_id, "kind": FactKind.STATISTIC,
                                 "text": "2.4 million tasks ticked off last month",
                                 "quote": "2.4 million tasks ticked off last month",
                                 "source_url": "https://otter.example/"}
    values.update(changes)
    return Fact(**values)  # type: ignore[arg-type]


def variant(**changes: object) -> Variant:
    values: dict[str, object] = {"id": "c1-v1", "campaign_id": 1, "angle": "benefit",
                                 "headline": "2.4 million tasks ticked off last month",
                                 "primary_text": "The planner small teams rely on.",
                                 "fact_ids": ("f1",), "call_to_action": "LEARN_MORE"}
    values.update(changes)
    return Variant(**values)  # type: ignore[arg-type]


def test_gate_passes_copy_whose_facts_still_hold() -> None:
    assert review_gate(variant(), {"f1": fact("f1")}) == ()


@pytest.mark.parametrize(("facts", "expected"), [
    ({}, "no longer in the campaign"),
    ({"f1": fact("f1", excluded=True)}, "which you excluded"),
    ({"f1": fact("f1", risk=Risk.BLOCKED)}, "which no ad may use"),
    ({"f1": fact("f1", risk=Risk.HIGH)}, "high-risk fact f1"),
])
def test_gate_flags_citations_that_no_longer_hold(facts: dict[str, Fact], expected: str) -> None:
    reasons = review_gate(variant(), facts)
    assert len(reasons) == 1 and expected in reasons[0]


def test_gate_rechecks_edited_copy_in_full() -> None:
    edited = variant(headline="The #1 planner in the world", status=VariantStatus.EDITED)
    assert review_gate(edited, {"f1": fact("f1")}) == ()  # citations alone still hold
    reasons = review_gate(edited, {"f1": fact("f1")}, full=True)
    assert reasons and any("#1" in reason or "superlative" in reason or "number" in reason
                           for reason in reasons)


def test_counts_move_with_decisions_and_read_well() -> None:
    counts = ReviewCounts.of({VariantStatus.PENDING: 4999, VariantStatus.EDITED: 1})
    after = counts.moved(VariantStatus.PENDING, VariantStatus.APPROVED, 12)
    assert (after.total, after.pending, after.approved) == (5000, 4987, 12)
    assert after.describe() == "5,000 ads · 12 approved · 0 rejected · 4,988 to review"


def test_cli_status_is_pending_approved_or_rejected() -> None:
    assert [cli_status(s) for s in VariantStatus] == ["pending", "approved", "rejected",
                                                      "pending"]


@pytest.mark.parametrize(("key", "folder"), [
    ("1:1", "1x1"), ("4:5", "4x5"), ("9:16", "9x16"), ("16:9", "16x9"), ("1.91:1", "1.91x1"),
])
def test_format_folders_are_safe_on_every_file_system(key: str, folder: str) -> None:
    assert format_folder(key) == folder


@pytest.mark.parametrize(("name", "safe"), [
    ("Otterdesk spring", "Otterdesk-spring"),
    ("Café / Crème: 50% off?", "Cafe-Creme-50-off"),
    ("..", "untitled"),
    ("CON", "CON_"),
    ("日本語", "untitled"),
])
def test_campaign_names_become_safe_folder_names(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_manifest_says_what_each_file_is_cites_and_who_approved_it() -> None:
    campaign = Campaign(id=3, name="Spring", source_url="https://otter.example")
    ad_variant = variant(status=VariantStatus.APPROVED)
    decision = Decision(id=41, campaign_id=3, variant_id="c1-v1", action="variant.approve",
                        actor="Dana", at=NOW, before={"status": "pending"},
                        after={"status": "approved"})
    credit = ImageCredit(source="unsplash", photo_id="abc", photographer="Ana Lee",
                         photographer_url="https://unsplash.com/@ana",
                         page_url="https://unsplash.com/photos/abc",
                         licence_url="https://unsplash.com/license",
                         attribution="Photo by Ana Lee on Unsplash", sha256="9" * 64)
    ad = ExportedAd(variant=ad_variant, format="9:16", path="Spring/9x16/c1-v1.jpg",
                    width=1080, height=1920, sha256="a" * 64, spec_revision=2,
                    rendered="stored", qa={"passed": True}, facts=(fact("f1"),),
                    decision=decision, image=credit)
    manifest = build_manifest(campaign, [ad], formats=["9:16"], exported_at=NOW,
                              exported_by="Dana", app_version="1.0")
    entry = manifest["ads"][0]
    assert manifest["formats"] == [{"format": "9:16", "folder": "9x16"}]
    assert entry["file"] == "Spring/9x16/c1-v1.jpg"
    assert entry["copy"]["headline"] == ad_variant.headline
    assert entry["facts"][0]["quote"] == "2.4 million tasks ticked off last month"
    assert entry["facts"][0]["source_url"] == "https://otter.example/"
    assert entry["image"]["attribution"] == "Photo by Ana Lee on Unsplash"
    assert entry["qa"] == {"passed": True}
    assert entry["decision"]["status"] == "approved"
    assert entry["reviewer"] == "Dana"

    text = attribution_text(campaign, [(credit, ["Spring/9x16/c1-v1.jpg"]),
                                       (ImageCredit(source="generated"), ["Spring/1x1/x.jpg"])],
                            exported_at=NOW)
    assert "Photo by Ana Lee on Unsplash" in text
    assert "Licence: https://unsplash.com/license" in text
    assert "Used in: Spring/9x16/c1-v1.jpg" in text
    assert "generated by BrandTruth" in text
