"""The main window: navigation, remembered geometry, workspace errors and the crash handler."""

from __future__ import annotations

import sys

from PySide6.QtCore import QPoint, QSize

from brandtruth_desktop.core.secrets import SecretName
from brandtruth_desktop.ui.crash import CrashHandler


def test_navigation_between_campaigns_settings_and_about(start_app, data_paths) -> None:
    app = start_app(data_paths)
    window = app.window
    labels = [window.sidebar.item(row).text() for row in range(window.sidebar.count())]
    assert labels == ["Campaigns", "Review", "Settings", "About"]
    window.show_screen(1)
    assert window.stack.currentWidget() is window.review
    window.show_screen(2)
    assert window.stack.currentWidget() is window.settings_screen
    window.show_screen(3)
    assert window.stack.currentWidget() is window.about
    assert str(data_paths.root) in " ".join(
        label.text() for label in window.about.findChildren(type(window.about.keyring_label))
    )


def test_window_size_and_position_are_remembered(start_app, data_paths, qtbot) -> None:
    first = start_app(data_paths)
    first.window.resize(QSize(1000, 700))
    first.window.move(QPoint(40, 50))
    first.window.close()
    second = start_app(data_paths)
    assert second.window.size() == QSize(1000, 700)


def test_a_corrupt_database_is_reported_and_left_untouched(
    start_app, data_paths, qtbot, dialogs
) -> None:
    garbage = b"this is not a database, it is a shopping list\n" * 200
    data_paths.database.write_bytes(garbage)
    app = start_app(data_paths, wait_for_workspace=False)
    screen = app.window.campaigns
    qtbot.waitUntil(lambda: screen.states.currentWidget() is screen.error_label, timeout=10000)
    assert str(data_paths.database) in screen.error_label.text()
    assert data_paths.database.read_bytes() == garbage
    assert any("could not be opened" in title for title, _ in dialogs.shown)
    assert not screen.new_button.isEnabled()


def test_crash_handler_writes_a_report_and_says_where(
    start_app, data_paths, qtbot, dialogs
) -> None:
    app = start_app(data_paths)
    handler = CrashHandler(data_paths.logs)
    handler.crashed.connect(app.window.show_crash)
    try:
        raise RuntimeError("the renderer fell over")
    except RuntimeError:
        with qtbot.waitSignal(handler.crashed) as signal:
            handler.handle(*sys.exc_info())  # type: ignore[arg-type]
    summary, report = signal.args
    assert "the renderer fell over" in summary
    reports = list(data_paths.logs.glob("crash-*.txt"))
    assert [str(p) for p in reports] == [report]
    assert "RuntimeError: the renderer fell over" in reports[0].read_text()
    assert any(report in text for _title, text in dialogs.shown)


def test_quitting_with_a_job_running_cancels_it_and_waits(start_app, data_paths, qtbot) -> None:
    import threading

    from brandtruth_desktop.core.jobs import Progress

    app = start_app(data_paths)
    runner = app.context.runner
    reached_loop = threading.Event()
    cleaned_up = threading.Event()

    def endless():
        try:
            number = 0
            while True:
                number += 1
                reached_loop.set()
                yield Progress(number, None, "working")
        finally:
            cleaned_up.set()

    with qtbot.waitSignal(runner.started, timeout=5000):
        runner.start("Endless work", endless)
    assert reached_loop.wait(5)
    with qtbot.waitSignal(runner.cancelled, timeout=10000):
        app.window.close()
    assert cleaned_up.is_set()
    assert not [t for t in threading.enumerate() if t.name.startswith("job-")]


def test_an_unusable_keyring_is_named_in_the_status_bar(qtbot, qapp, data_paths) -> None:
    """The keyring is first looked at off the GUI thread; the warning still appears."""
    from keyring.backends import fail

    from brandtruth_desktop.app import build_context
    from brandtruth_desktop.ui.main_window import MainWindow
    from brandtruth_desktop.ui.theme import Theme

    context = build_context(data_paths, keyring_backend=fail.Keyring())
    window = MainWindow(context, Theme(qapp, "light"))
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(window.keyring_warning.isVisible, timeout=5000)
        assert window.keyring_warning.text() == "⚠ Keys are kept for this session only"
        assert "No usable system keyring" in window.keyring_warning.toolTip()
    finally:
        window.close()
        context.runner.shutdown()


def test_settings_opened_later_shows_the_keys_and_the_reviewer(
    start_app, data_paths, qtbot
) -> None:
    app = start_app(data_paths)
    window = app.window
    app.context.secrets.set(SecretName.PEXELS_API_KEY, "pexels-key-123")
    window.review.reviewer_named.emit("Robin")  # named before Settings was ever opened
    app.context.update_settings(reviewer_name="Robin")
    window.show_screen(2)
    page = window.stack.currentWidget()
    assert page is window.settings_screen
    assert page.reviewer_edit.text() == "Robin"
    rows = page.api_keys.rows
    # The keyring answers on the runner: wait for what the rows say.
    qtbot.waitUntil(lambda: rows[SecretName.PEXELS_API_KEY].status.text() == "Set")
    qtbot.waitUntil(lambda: rows[SecretName.ANTHROPIC_API_KEY].status.text() == "Not set")
    window.show_screen(0)
    window.show_screen(2)
    assert window.stack.currentWidget() is page  # built once
