"""Edited copy goes through the grounding gate again: "#1 in the world" cannot ship until a
source is attached, which becomes a user-supplied fact the ad cites."""

from __future__ import annotations

from dataclasses import replace

from canvas_support import EditorApp
from PySide6.QtWidgets import QDialog

from brandtruth_desktop.core.models import Risk, VariantStatus
from brandtruth_desktop.ui.review.canvas.source_dialog import SourceDialog

SOURCE_URL = "https://reviews.example.com/best-planners-2025"
SOURCE_QUOTE = "Otterdesk is the #1 in the world planner for small teams, say 4,000 reviewers."


def allow_high_risk(app: EditorApp) -> None:
    plan = app.workspace.runs.plan(app.campaign_id)
    assert plan is not None
    app.workspace.runs.save_plan(replace(plan, allow_high_risk=True))


def type_headline(qtbot, editor, text: str) -> None:
    with qtbot.waitSignal(editor.gate_changed, timeout=3000):
        editor.copy_panel.headline.selectAll()
        qtbot.keyClicks(editor.copy_panel.headline, text)


def test_an_unbacked_claim_shows_why_it_cannot_ship_until_a_source_is_attached(
        qtbot, editor_app: EditorApp, monkeypatch) -> None:
    allow_high_risk(editor_app)
    editor = editor_app.open()
    assert editor.checks.ready and editor.approve_button.isEnabled()
    type_headline(qtbot, editor, "#1 in the world")
    assert any("“#1”" in reason for reason in editor.checks.reasons)
    assert "cannot ship" in editor.checks.gate_title.text()
    assert "#1" in editor.checks.gate_reasons.text()
    assert editor.checks.source_button.isVisible()
    assert not editor.approve_button.isEnabled()
    # Saved as an edit (nothing is lost), but edited and still failing the gate.
    qtbot.waitUntil(lambda: editor.status is VariantStatus.EDITED, timeout=5000)
    row = editor_app.workspace.decisions.for_variant(editor.variant_id)[-1]
    assert row.after["copy"]["headline"] == "#1 in the world"

    def answer(dialog: SourceDialog) -> int:
        dialog.url.setText(SOURCE_URL)
        assert not dialog.attach.isEnabled()
        dialog.quote.setPlainText(SOURCE_QUOTE)
        assert dialog.attach.isEnabled()
        assert "High risk" in dialog.feedback.text()
        assert "copy passes" in dialog.feedback.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SourceDialog, "exec", answer)
    with qtbot.waitSignal(editor.gate_changed, timeout=5000):
        editor.checks.source_button.click()
    assert editor.checks.ready and editor.approve_button.isEnabled()
    fact = editor_app.workspace.content.facts(editor_app.campaign_id)[-1]
    assert (fact.source_url, fact.quote, fact.user_supplied) == (SOURCE_URL, SOURCE_QUOTE, True)
    assert fact.kind.value == "claim" and fact.risk is Risk.HIGH
    assert fact.id in editor.document.draft.copy.fact_ids

    with qtbot.waitSignal(editor.approved, timeout=10000):
        editor.approve_button.click()
    variant = editor_app.workspace.content.variants(editor_app.campaign_id)[0]
    assert variant.status is VariantStatus.APPROVED and fact.id in variant.fact_ids
    actions = [d.action for d in editor_app.workspace.decisions.for_variant(variant.id)]
    assert actions[-1] == "variant.approve" and "fact.add_source" in actions


def test_a_high_risk_source_still_needs_the_campaign_to_allow_high_risk_facts(
        qtbot, editor_app: EditorApp) -> None:
    from brandtruth_desktop.core.editing import sourced_fact

    editor = editor_app.open()
    type_headline(qtbot, editor, "#1 in the world")
    with qtbot.waitSignal(editor.gate_changed, timeout=5000):
        editor.add_source(sourced_fact(SOURCE_URL, SOURCE_QUOTE))
    assert not editor.checks.ready and not editor.approve_button.isEnabled()
    assert any("high-risk" in reason for reason in editor.checks.reasons)
    # Fixing the copy is always the other way out.
    editor.undo_action.trigger()  # the citation
    with qtbot.waitSignal(editor.gate_changed, timeout=5000):
        editor.undo_action.trigger()  # the headline
    assert editor.checks.ready


def test_a_source_that_does_not_say_it_does_not_help(qtbot, editor_app: EditorApp) -> None:
    allow_high_risk(editor_app)
    editor = editor_app.open()
    type_headline(qtbot, editor, "#1 in the world")
    dialog = SourceDialog("#1 in the world", editor.copy_control.preview_source, editor)
    dialog.url.setText(SOURCE_URL)
    dialog.quote.setPlainText("Otterdesk is a planner that many small teams like to use.")
    assert "still cannot ship" in dialog.feedback.text()
    dialog.quote.setPlainText("Otterdesk cures cancer in every team that uses it.")
    assert not dialog.attach.isEnabled() and "Blocked" in dialog.feedback.text()
    dialog.deleteLater()
