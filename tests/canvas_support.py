"""Helpers for the canvas editor's tests: the app on a copy of the demo campaign (made by the
real pipeline, offline), waiting for the preview, and dragging with the mouse."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, Qt
from shiboken6 import isValid

from brandtruth_desktop.app import build_context
from brandtruth_desktop.context import AppContext
from brandtruth_desktop.core.compose import LayoutSpec
from brandtruth_desktop.core.editing import box_of
from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.paths import DataPaths
from brandtruth_desktop.storage.workspace import Workspace, open_workspace
from brandtruth_desktop.ui.review.canvas import CanvasEditor


@dataclass
class EditorApp:
    """A running app context on the demo workspace, and the editors opened on it."""

    paths: DataPaths
    campaign_id: int
    qtbot: object
    memory_keyring: object
    contexts: list[AppContext] = field(default_factory=list)
    editors: list[CanvasEditor] = field(default_factory=list)

    def start(self) -> AppContext:
        """A new app context (a restart when called again) with its workspace open."""
        context = build_context(self.paths, keyring_backend=self.memory_keyring)
        context.workspace = open_workspace(self.paths)
        context.settings = context.settings.with_changes(reviewer_name="Dana Designer")
        self.contexts.append(context)
        return context

    @property
    def context(self) -> AppContext:
        return self.contexts[-1] if self.contexts else self.start()

    @property
    def workspace(self) -> Workspace:
        workspace = self.context.workspace
        assert workspace is not None
        return workspace

    def variant_id(self, index: int = 0) -> str:
        return self.workspace.content.variants(self.campaign_id)[index].id

    def open(self, index: int = 0, format_key: str = "1:1", *,
             context: AppContext | None = None, theme: object = None) -> CanvasEditor:
        editor = CanvasEditor(context or self.context, self.campaign_id,
                              self.variant_id(index), format_key, theme=theme)  # type: ignore[arg-type]
        self.qtbot.addWidget(editor, before_close_func=self.finish)  # type: ignore[attr-defined]
        editor.resize(1280, 860)
        with self.qtbot.waitSignal(editor.loaded, timeout=15000):  # type: ignore[attr-defined]
            editor.show()
        wait_preview(self.qtbot, editor)
        self.editors.append(editor)
        return editor

    def finish(self, editor: CanvasEditor) -> None:
        """Let the editor store what is left, as its window does before it closes."""
        if not isValid(editor):  # dropped by the test (a simulated crash)
            return
        editor.finish()
        self.qtbot.waitUntil(lambda: not editor.busy, timeout=15000)  # type: ignore[attr-defined]

    def latest(self, variant_id: str, format_key: str) -> LayoutSpec:
        record = self.workspace.content.latest_layout_spec(variant_id, format_key)
        assert record is not None
        return LayoutSpec.from_record(record)


def wait_preview(qtbot: object, editor: CanvasEditor) -> None:
    """Until the canvas shows the layout as it is now."""

    def drawn() -> bool:
        frame = editor.canvas.frame
        return (editor.document is not None and frame is not None
                and frame.spec == editor.document.spec and not editor.renderer.busy)

    qtbot.waitUntil(drawn, timeout=15000)  # type: ignore[attr-defined]


def box_centre(editor: CanvasEditor, element: str) -> tuple[Box, object]:
    """The element's box and the widget point at its centre."""
    assert editor.document is not None
    box = box_of(editor.document.spec, element)
    assert box is not None
    return box, editor.canvas.box_rect(box).center().toPoint()


def drag(qtbot: object, widget: object, start: QPoint, end: QPoint, steps: int = 6,
         modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press at `start`, move there in `steps`, release at `end`."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, modifiers, start)  # type: ignore[attr-defined]
    for step in range(1, steps + 1):
        qtbot.mouseMove(widget, start + (end - start) * step / steps)  # type: ignore[attr-defined]
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, modifiers, end)  # type: ignore[attr-defined]
