"""Can this ad ship? The grounding gate's verdict on the copy, and QA on the pixels.

The gate box is green when the copy says only what the facts it cites say, and red with the
gate's own reasons when not (an edited headline "#1 in the world": "the headline claims “#1”,
which the facts it cites do not say"), with the one way out: attach a source. Below it, QA of
the format on screen, measured on a full-size render of the saved layout.

Signals:
    source_requested(): the designer wants to attach a source for the copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class ChecksPanel(QWidget):
    """The gate's verdict and the QA of the format on screen (see the module docstring)."""

    source_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.gate_box = QFrame()
        self.gate_box.setObjectName("GateBox")
        self.gate_box.setProperty("state", "ok")
        box = QVBoxLayout(self.gate_box)
        box.setContentsMargins(12, 10, 12, 10)
        box.setSpacing(6)
        self.gate_title = QLabel("")
        self.gate_title.setObjectName("GateTitle")
        self.gate_reasons = QLabel("")
        self.gate_reasons.setObjectName("GateReasons")
        self.gate_reasons.setWordWrap(True)
        self.gate_reasons.setTextFormat(Qt.TextFormat.RichText)
        self.source_button = QPushButton("Attach a source…")
        self.source_button.setObjectName("AttachSource")
        self.source_button.setToolTip("The address of the page that says it and the exact "
                                      "words: they become a fact this ad cites")
        self.source_button.clicked.connect(self.source_requested)
        row = QHBoxLayout()
        row.addWidget(self.source_button)
        row.addStretch(1)
        box.addWidget(self.gate_title)
        box.addWidget(self.gate_reasons)
        box.addLayout(row)
        layout.addWidget(self.gate_box)
        self.qa_label = QLabel("")
        self.qa_label.setObjectName("QaReport")
        self.qa_label.setWordWrap(True)
        self.qa_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.qa_label)
        self.reasons: tuple[str, ...] = ()
        self.set_gate(())

    @property
    def ready(self) -> bool:
        """Whether the copy passes the gate."""
        return not self.reasons

    def set_gate(self, reasons: tuple[str, ...]) -> None:
        """Show the gate's verdict: `reasons` why it cannot ship (empty: it can)."""
        self.reasons = reasons
        blocked = bool(reasons)
        self.gate_box.setProperty("state", "blocked" if blocked else "ok")
        for widget in (self.gate_box, self.gate_title, self.gate_reasons):
            # The labels' colour rules depend on the box's state: re-apply them too.
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        if blocked:
            self.gate_title.setText("✕  This ad cannot ship yet")
            items = "".join(f"<li>{escape(sentence(reason))}</li>" for reason in reasons)
            self.gate_reasons.setText(
                f"<ul style='margin:0 0 0 -18px'>{items}</ul>"
                "<p style='margin-top:4px'>Change the copy back to what the facts say, or "
                "attach the source that says it.</p>")
        else:
            self.gate_title.setText("✓  Grounded in the brand's own words")
            self.gate_reasons.setText("Every claim in the copy is backed by the facts it "
                                      "cites.")
        self.source_button.setVisible(blocked)

    def set_qa(self, report: Mapping[str, Any] | None, *, pending: bool = False) -> None:
        """Show QA of the format on screen, a stored report (`QAReport.to_dict()`); None with
        `pending` while a check is on its way."""
        if report is None:
            muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
            self.qa_label.setText(f"<span style='color:{muted}'>"
                                  + ("Checking the layout at full size…" if pending else "")
                                  + "</span>")
            return
        lines = [f"<li>{escape(str(problem))}</li>" for problem in report.get("problems", ())]
        lines += [f"<li>{escape(str(warning))}</li>" for warning in report.get("warnings", ())]
        contrast = ", ".join(f"{_role(str(t.get('role', '')))} {float(t.get('contrast', 0)):.1f}:1"
                             for t in report.get("texts", ()) if isinstance(t, Mapping))
        head = "<b>Layout checks</b> · " + escape(str(report.get("format", "")))
        if not lines:
            zone = " and stays in the safe zone" if report.get("safe_zone_applies") else ""
            self.qa_label.setText(f"{head}<br>✓ The text fits and reads clearly "
                                  f"({escape(contrast)}){zone}.")
            return
        self.qa_label.setText(f"{head}<ul style='margin:2px 0 0 -18px'>{''.join(lines)}</ul>")


def sentence(reason: str) -> str:
    """A gate reason as a sentence: "the headline claims …" → "The headline claims …",
    "cites no fact" → "It cites no fact." (the gate words reasons to follow "it")."""
    text = reason.strip().rstrip(".")
    if text.lower().startswith(("the ", "a ", "an ")):
        return text[0].upper() + text[1:] + "."
    return f"It {text}."


def _role(role: str) -> str:
    return {"headline": "headline", "primary": "text", "description": "description"}.get(
        role, role)
