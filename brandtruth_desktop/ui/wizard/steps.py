"""The wizard's side panel: the five steps, the current one marked, the finished ones ticked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from brandtruth_desktop.ui.theme import Theme

STEPS = ("Brand", "Brand truth", "Copy", "Images", "Formats and render")


class StepsPanel(QFrame):
    """Step names down the side of the wizard; `show_step(n)` marks step n (0-based)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WizardSteps")
        self._theme = theme
        self.setFixedWidth(196)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 22, 14, 18)
        layout.setSpacing(4)
        heading = QLabel("New campaign")
        heading.setObjectName("StepsHeading")
        layout.addWidget(heading)
        layout.addSpacing(14)
        self.labels: list[QLabel] = []
        for number, name in enumerate(STEPS, 1):
            label = QLabel(f"{number}   {name}")
            label.setObjectName("Step")
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
            self.labels.append(label)
        layout.addStretch(1)
        note = QLabel("Everything is saved as you go. Close the window at any time and "
                      "carry on from the Campaigns screen.")
        note.setObjectName("Muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.show_step(0)

    def show_step(self, current: int) -> None:
        for number, label in enumerate(self.labels):
            state = "current" if number == current else "done" if number < current else "todo"
            mark = "✓" if state == "done" else str(number + 1)
            label.setText(f"{mark}   {STEPS[number]}")
            label.setProperty("state", state)
            label.style().unpolish(label)
            label.style().polish(label)
            label.setAccessibleName(f"Step {number + 1}, {STEPS[number]}, {state}")


def add_page_header(layout: QVBoxLayout, title: str, subtitle: str) -> QLabel:
    """Put a page's title and subtitle at the top of its layout (the wizard's own header is
    not used, so the steps panel runs the full height); returns the subtitle label."""
    heading = QLabel(title)
    heading.setObjectName("PageTitle")
    heading.setAccessibleName(title)
    note = QLabel(subtitle)
    note.setObjectName("Muted")
    note.setWordWrap(True)
    layout.addWidget(heading)
    layout.addWidget(note)
    layout.addSpacing(6)
    return note
