"""Regenerate keeps the layout: new copy (same writer, same constraints, the gate) or another
picture goes into the same boxes; a picture from a file is stored and credited."""

from __future__ import annotations

from pathlib import Path

from canvas_support import EditorApp, wait_preview
from PIL import Image

from brandtruth_desktop.core.compose import LayoutSpec
from brandtruth_desktop.core.editing import box_of, element_ids


def boxes(spec: LayoutSpec) -> dict[str, object]:
    return {element: box_of(spec, element) for element in element_ids(spec)}


def test_regenerated_copy_keeps_every_box_in_every_format(qtbot, editor_app: EditorApp
                                                           ) -> None:
    editor = editor_app.open()
    before = editor.document.draft
    with qtbot.waitSignal(editor.document.draft_changed, timeout=15000):
        editor.regenerate_copy_action.trigger()
    after = editor.document.draft
    assert after.copy.headline != before.copy.headline
    assert after.variant.angle == before.variant.angle
    for key, spec in after.specs:
        assert boxes(spec) == boxes(before.spec(key))
        assert spec.background == before.spec(key).background
        assert {b.text for b in spec.texts} <= {after.copy.headline, after.copy.primary_text}
    assert editor.checks.ready
    wait_preview(qtbot, editor)
    editor.undo_action.trigger()
    assert editor.document.draft.copy == before.copy


def test_another_picture_keeps_the_layout_and_is_credited(qtbot, editor_app: EditorApp) -> None:
    editor = editor_app.open()
    before = editor.document.draft
    with qtbot.waitSignal(editor.document.draft_changed, timeout=20000):
        editor.regenerate_picture_action.trigger()
    after = editor.document.draft
    for key, spec in after.specs:
        old = before.spec(key)
        assert boxes(spec) == boxes(old)
        assert spec.background.image_box == old.background.image_box
        assert (spec.background.image_sha256, spec.background.generated) != (
            old.background.image_sha256, old.background.generated)
    qtbot.waitUntil(lambda: editor.autosaver.state == "saved", timeout=10000)
    choice = next(c for c in editor_app.workspace.runs.image_choices(editor_app.campaign_id)
                  if c.variant_id == editor.variant_id)
    assert choice.chosen_by == "person"
    wait_preview(qtbot, editor)


def test_a_picture_from_a_file_is_stored_in_the_ledger_and_cropped_to_fit(
        qtbot, editor_app: EditorApp, tmp_path: Path) -> None:
    photo = tmp_path / "team-offsite.png"
    Image.new("RGB", (1600, 900), (30, 120, 200)).save(photo)
    editor = editor_app.open()
    with qtbot.waitSignal(editor.document.draft_changed, timeout=15000):
        editor.use_picture_file(photo)
    for _key, spec in editor.document.draft.specs:
        assert spec.background.crop is not None
    qtbot.waitUntil(lambda: editor.autosaver.state == "saved", timeout=10000)
    choice = next(c for c in editor_app.workspace.runs.image_choices(editor_app.campaign_id)
                  if c.variant_id == editor.variant_id)
    assert choice.photo.source == "local" and choice.sha256 is not None
    ledger = editor_app.workspace.licences.for_campaign(editor_app.campaign_id)
    assert any(row.sha256 == choice.sha256 for row in ledger)
    wait_preview(qtbot, editor)
