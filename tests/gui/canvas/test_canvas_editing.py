"""Editing on the canvas with the mouse and keyboard: drag, resize, snap, undo and redo,
text in place, styles, and each format's layout on its own."""

from __future__ import annotations

import pytest
from canvas_support import EditorApp, box_centre, drag, wait_preview
from PySide6.QtCore import QPoint, Qt

from brandtruth_desktop.core.compose import TextRole
from brandtruth_desktop.core.editing import box_of


def test_dragging_the_headline_moves_its_box_and_ctrl_z_puts_it_back(
        qtbot, editor_app: EditorApp) -> None:
    editor = editor_app.open()
    editor.canvas.snapping = False
    start_box, centre = box_centre(editor, "headline")
    rect = editor.canvas.ad_rect()
    drag(qtbot, editor.canvas, centre, centre + QPoint(-40, -90))
    moved = box_of(editor.document.spec, "headline")
    assert moved is not None
    assert moved.x == pytest.approx(start_box.x - 40 / rect.width(), abs=0.002)
    assert moved.y == pytest.approx(start_box.y - 90 / rect.height(), abs=0.002)
    assert (moved.w, moved.h) == (pytest.approx(start_box.w), pytest.approx(start_box.h))
    assert editor.canvas.selected == "headline"
    wait_preview(qtbot, editor)

    qtbot.keyClick(editor.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box_of(editor.document.spec, "headline") == start_box
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert box_of(editor.document.spec, "headline") == moved
    # The picture follows the spec, never the other way round.
    wait_preview(qtbot, editor)
    assert editor.canvas.frame.spec.text(TextRole.HEADLINE).box == moved


def test_consecutive_drags_of_one_element_undo_as_one_step(qtbot, editor_app: EditorApp
                                                           ) -> None:
    editor = editor_app.open()
    editor.canvas.snapping = False
    start_box, centre = box_centre(editor, "cta")
    drag(qtbot, editor.canvas, centre, centre + QPoint(30, -20))
    _box, centre = box_centre(editor, "cta")
    drag(qtbot, editor.canvas, centre, centre + QPoint(25, -15))
    assert box_of(editor.document.spec, "cta") != start_box
    assert editor.document.undo_stack.count() == 1
    editor.undo_action.trigger()
    assert box_of(editor.document.spec, "cta") == start_box
    assert not editor.undo_action.isEnabled() and editor.redo_action.isEnabled()


def test_resizing_by_a_corner_handle_changes_the_size(qtbot, editor_app: EditorApp) -> None:
    editor = editor_app.open()
    editor.canvas.snapping = False
    editor.canvas.select("primary")
    box, _centre = box_centre(editor, "primary")
    corner = editor.canvas.box_rect(box).bottomRight().toPoint()
    drag(qtbot, editor.canvas, corner, corner + QPoint(-50, 30))
    resized = box_of(editor.document.spec, "primary")
    rect = editor.canvas.ad_rect()
    assert (resized.x, resized.y) == (pytest.approx(box.x, abs=1e-4),
                                      pytest.approx(box.y, abs=1e-4))
    assert resized.w == pytest.approx(box.w - 50 / rect.width(), abs=0.003)
    assert resized.h == pytest.approx(box.h + 30 / rect.height(), abs=0.003)


def test_a_drag_snaps_the_headline_onto_the_vertical_centre_line(
        qtbot, editor_app: EditorApp) -> None:
    editor = editor_app.open()
    box, centre = box_centre(editor, "headline")
    rect = editor.canvas.ad_rect()
    # Move so the box's centre lands 3 px right of the canvas's centre line.
    target_x = rect.x() + rect.width() / 2 + 3
    shift = round(target_x - (rect.x() + (box.x + box.w / 2) * rect.width()))
    drag(qtbot, editor.canvas, centre, centre + QPoint(shift, 0))
    moved = box_of(editor.document.spec, "headline")
    assert moved.x + moved.w / 2 == pytest.approx(0.5, abs=1e-4)
    # With snapping switched off in the toolbar, it moves freely.
    editor.undo_action.trigger()
    editor.snap_button.click()
    drag(qtbot, editor.canvas, centre, centre + QPoint(shift, 0))
    free = box_of(editor.document.spec, "headline")
    assert abs(free.x + free.w / 2 - 0.5) > 1 / rect.width()


def test_a_drag_in_9x16_snaps_to_the_safe_zone(qtbot, editor_app: EditorApp) -> None:
    editor = editor_app.open(format_key="9:16")
    box, centre = box_centre(editor, "cta")
    rect = editor.canvas.ad_rect()
    # Drag the button's bottom edge to 4 px above the safe zone's bottom (65 % down).
    target = rect.y() + 0.65 * rect.height() - 4
    shift = round(target - (rect.y() + box.bottom * rect.height()))
    drag(qtbot, editor.canvas, centre, centre + QPoint(0, shift))
    moved = box_of(editor.document.spec, "cta")
    assert moved.bottom == pytest.approx(0.65, abs=1e-4)


def test_arrow_keys_nudge_and_tab_selects(qtbot, editor_app: EditorApp) -> None:
    editor = editor_app.open()
    editor.canvas.setFocus()
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Tab)
    selected = editor.canvas.selected
    assert selected
    before = box_of(editor.document.spec, selected)
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    after = box_of(editor.document.spec, selected)
    assert after.x == pytest.approx(before.x + 10 / editor.canvas.ad_rect().width(), abs=1e-4)
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Escape)
    assert editor.canvas.selected == ""


def test_double_click_edits_the_headline_in_place(qtbot, editor_app: EditorApp) -> None:
    editor = editor_app.open()
    _box, centre = box_centre(editor, "headline")
    original = editor.document.draft.copy.headline
    qtbot.mouseDClick(editor.canvas, Qt.MouseButton.LeftButton, pos=centre)
    assert editor.inline.isVisible() and editor.inline.element == "headline"
    qtbot.keyClicks(editor.inline, "Plan less, ship more")
    assert editor.document.draft.copy.headline == "Plan less, ship more"
    assert editor.copy_panel.headline.text() == "Plan less, ship more"
    for _key, spec in editor.document.draft.specs:
        assert spec.text(TextRole.HEADLINE).text == "Plan less, ship more"
    qtbot.keyClick(editor.inline, Qt.Key.Key_Escape)
    assert not editor.inline.isVisible()
    assert editor.document.draft.copy.headline == original
    qtbot.mouseDClick(editor.canvas, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.keyClicks(editor.inline, "Plan less")
    qtbot.keyClick(editor.inline, Qt.Key.Key_Return)
    assert not editor.inline.isVisible()
    assert editor.document.draft.copy.headline == "Plan less"
    editor.undo_action.trigger()
    assert editor.document.draft.copy.headline == original


def test_style_changes_from_the_side_panel_are_undoable_edits(qtbot, editor_app: EditorApp
                                                               ) -> None:
    editor = editor_app.open()
    editor.canvas.select("headline")
    panel = editor.style_panel
    assert panel.size_spin.isVisible()
    size = panel.size_spin.value()
    panel.size_spin.setValue(size + 6)
    panel.size_spin.setValue(size + 12)
    block = editor.document.spec.text(TextRole.HEADLINE)
    assert round(block.size * 1080) == size + 12
    panel.set_color("color", "#FFD400")
    assert editor.document.spec.text(TextRole.HEADLINE).color == "#FFD400"
    panel.align_buttons[next(iter(panel.align_buttons))].click()
    editor.undo_action.trigger()
    editor.undo_action.trigger()
    assert editor.document.spec.text(TextRole.HEADLINE).color != "#FFD400"
    editor.undo_action.trigger()  # the two size steps merged into one
    assert round(editor.document.spec.text(TextRole.HEADLINE).size * 1080) == size
    editor.background_panel.strength.setValue(80)
    assert editor.document.spec.scrim.strength == pytest.approx(0.8)


def test_each_format_has_its_own_layout(qtbot, editor_app: EditorApp) -> None:
    editor = editor_app.open()
    square = editor.document.draft.spec("1:1")
    editor.format_buttons["9:16"].click()
    assert editor.document.format == "9:16"
    wait_preview(qtbot, editor)
    assert editor.canvas.frame.size[1] > editor.canvas.frame.size[0]
    editor.canvas.snapping = False
    _box, centre = box_centre(editor, "headline")
    drag(qtbot, editor.canvas, centre, centre + QPoint(0, 40))
    assert editor.document.draft.spec("1:1") == square
    with qtbot.waitSignal(editor.autosaved, timeout=10000) as saved:
        pass
    assert saved.args[0].revisions == {"9:16": 2}
    # Undoing an edit made in another format shows that format.
    editor.format_buttons["1:1"].click()
    editor.undo_action.trigger()
    assert editor.document.format == "9:16"


def test_the_photo_is_moved_and_zoomed_in_crop_mode_and_reset(qtbot, editor_app: EditorApp
                                                               ) -> None:
    editor = editor_app.open()
    generated_crop = editor.document.spec.background.crop
    editor.background_panel.crop_button.click()
    assert editor.canvas.crop_mode
    editor.background_panel.zoom.setValue(200)
    zoomed = editor.document.spec.background.crop
    assert zoomed is not None and generated_crop is not None
    assert zoomed.w < generated_crop.w
    wait_preview(qtbot, editor)
    centre = editor.canvas.ad_rect().center().toPoint()
    drag(qtbot, editor.canvas, centre, centre + QPoint(80, 0))
    panned = editor.document.spec.background.crop
    assert panned.x < zoomed.x and panned.w == pytest.approx(zoomed.w)
    # The boxes did not move: in crop mode the pointer moves the photo only.
    assert box_of(editor.document.spec, "headline") == box_of(
        editor.document.draft.spec("1:1"), "headline")
    qtbot.mouseClick(editor.background_panel.reset_button, Qt.MouseButton.LeftButton)
    assert editor.document.spec.background.crop == generated_crop
    editor.undo_action.trigger()
    assert editor.document.spec.background.crop == panned
