"""A marketer creates, renames, duplicates and deletes campaigns; they survive a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from brandtruth_desktop.ui.campaigns.model import Column


def names(window) -> list[str]:
    model = window.campaigns.proxy
    return sorted(
        model.index(row, Column.NAME).data() for row in range(model.rowCount())
    )


def type_into_name_dialog(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (text, True))


def create(window, name: str) -> None:
    """An empty draft campaign (the wizard's own tests are in test_wizard.py)."""
    window.campaigns.create_draft(name)


def wait_for_names(qtbot, window, expected: list[str]) -> None:
    qtbot.waitUntil(lambda: names(window) == sorted(expected), timeout=5000)


def test_empty_workspace_invites_the_first_campaign(start_app, data_paths, qtbot) -> None:
    app = start_app(data_paths)
    screen = app.window.campaigns
    qtbot.waitUntil(lambda: screen.states.currentWidget() is screen.empty_state)
    assert screen.new_button.isEnabled()
    assert screen.subtitle.text() == "No campaigns"


def test_campaigns_are_kept_across_a_restart(
    start_app, data_paths, qtbot, monkeypatch
) -> None:
    first = start_app(data_paths)
    create(first.window, "Spring sale")
    wait_for_names(qtbot, first.window, ["Spring sale"])
    create(first.window, "Autumn launch")
    wait_for_names(qtbot, first.window, ["Autumn launch", "Spring sale"])
    first.window.close()
    first.context.runner.shutdown()
    first.context.workspace.close()
    first.context.workspace = None

    second = start_app(data_paths)
    wait_for_names(qtbot, second.window, ["Autumn launch", "Spring sale"])
    assert second.window.campaigns.subtitle.text() == "2 campaigns"


def test_rename_duplicate_and_delete_with_confirmation(
    start_app, data_paths, qtbot, monkeypatch, dialogs
) -> None:
    app = start_app(data_paths)
    screen = app.window.campaigns
    create(app.window, "Spring sale")
    wait_for_names(qtbot, app.window, ["Spring sale"])
    qtbot.waitUntil(lambda: screen.selected_id() is not None)

    type_into_name_dialog(monkeypatch, "Spring sale 2027")
    screen.rename_action.trigger()
    wait_for_names(qtbot, app.window, ["Spring sale 2027"])

    screen.duplicate_action.trigger()
    wait_for_names(qtbot, app.window, ["Spring sale 2027", "Spring sale 2027 (copy)"])

    dialogs.answer = QMessageBox.StandardButton.Cancel
    screen.delete_action.trigger()
    assert "Delete" in dialogs.shown[-1][0]
    assert names(app.window) == ["Spring sale 2027", "Spring sale 2027 (copy)"]

    dialogs.answer = QMessageBox.StandardButton.Yes
    selected = screen.selected_summary().campaign.name
    screen.delete_action.trigger()
    remaining = {"Spring sale 2027", "Spring sale 2027 (copy)"} - {selected}
    wait_for_names(qtbot, app.window, sorted(remaining))

    actions = [d.action for d in app.context.workspace.decisions.for_campaign(
        screen.model.summaries()[0].campaign.id
    )]
    assert actions, "every change to a campaign is in the audit log"


def test_a_duplicate_name_is_refused_with_a_clear_message(
    start_app, data_paths, qtbot, monkeypatch, dialogs
) -> None:
    app = start_app(data_paths)
    create(app.window, "Spring sale")
    wait_for_names(qtbot, app.window, ["Spring sale"])
    create(app.window, "Spring sale")
    qtbot.waitUntil(lambda: any("Spring sale" in text for _title, text in dialogs.shown))
    assert names(app.window) == ["Spring sale"]


def test_keyboard_shortcuts_reach_the_actions(start_app, data_paths, qtbot, monkeypatch) -> None:
    app = start_app(data_paths)
    screen = app.window.campaigns
    create(app.window, "Spring sale")
    wait_for_names(qtbot, app.window, ["Spring sale"])
    qtbot.waitUntil(lambda: screen.rename_action.isEnabled())
    assert screen.rename_action.shortcut().toString() == "F2"
    assert screen.duplicate_action.shortcut().toString() == "Ctrl+D"
    type_into_name_dialog(monkeypatch, "Renamed by F2")
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_F2)
    wait_for_names(qtbot, app.window, ["Renamed by F2"])
