"""Attach a source: the page that says what the copy says, and the exact words on it.

The dialog checks as the designer types: the address must be a web page, the quote a real
sentence; it shows the risk the quote carries (the same risk table as extracted facts) and
whether, citing it, the ad's copy would pass the grounding gate. "Attach" stores the source as
a user-supplied fact of the campaign; the ad then cites it.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.editing import source_problem, sourced_fact
from brandtruth_desktop.core.models import Fact, Risk
from brandtruth_desktop.ui.review.canvas.checks import sentence

GatePreview = Callable[[Fact], tuple[str, ...]]
"""The gate's reasons for the ad's copy if it cited this fact (empty: it would pass)."""

RISK_WORDS = {Risk.LOW: "Low risk", Risk.MEDIUM: "Medium risk", Risk.HIGH: "High risk",
              Risk.BLOCKED: "Blocked"}


class SourceDialog(QDialog):
    """Asks for a page address and the exact quote (see the module docstring)."""

    def __init__(self, claim: str, preview: GatePreview, parent: QWidget | None = None,
                 *, danger: str = "#c62828", ok: str = "#2e7d32") -> None:
        super().__init__(parent)
        self.setWindowTitle("Attach a source")
        self.setObjectName("SourceDialog")
        self.setMinimumWidth(520)
        self._preview = preview
        self._colors = (danger, ok)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"The copy says <b>{escape(claim)}</b>, but no fact of this campaign says so. "
            "Give the page that does, and paste its exact words: they become a fact this ad "
            "cites, for anyone who checks it later.")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)
        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setObjectName("SourceUrl")
        self.url.setPlaceholderText("https://")
        self.quote = QPlainTextEdit()
        self.quote.setObjectName("SourceQuote")
        self.quote.setPlaceholderText("The sentence on that page, word for word")
        self.quote.setTabChangesFocus(True)
        self.quote.setFixedHeight(self.quote.fontMetrics().lineSpacing() * 4 + 14)
        form.addRow("Page address", self.url)
        form.addRow("Exact quote", self.quote)
        layout.addLayout(form)
        self.feedback = QLabel("")
        self.feedback.setObjectName("SourceFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.feedback)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.attach = self.buttons.addButton("Attach source",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.attach.setObjectName("AttachButton")
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)
        self.url.textChanged.connect(self._check)
        self.quote.textChanged.connect(self._check)
        self._check()

    def fact(self) -> Fact:
        """The source as a user-supplied fact (only when `attach` is enabled)."""
        return sourced_fact(self.url.text(), self.quote.toPlainText())

    def _check(self) -> None:
        danger, ok = self._colors
        problem = source_problem(self.url.text(), self.quote.toPlainText())
        if problem is not None:
            self.attach.setEnabled(False)
            shown = problem if self.url.text() or self.quote.toPlainText() else ""
            self.feedback.setText(escape(shown))
            return
        fact = self.fact()
        risk = f"<b>{RISK_WORDS[fact.risk]}</b>: {escape(fact.risk_reason)}."
        if fact.risk is Risk.BLOCKED:
            self.attach.setEnabled(False)
            self.feedback.setText(f"<span style='color:{danger}'>{risk} No source makes this "
                                  "claim usable in an ad.</span>")
            return
        self.attach.setEnabled(True)
        reasons = self._preview(fact)
        if reasons:
            listed = "".join(f"<li>{escape(sentence(r))}</li>" for r in reasons)
            verdict = (f"<span style='color:{danger}'>Citing this source, the ad still cannot "
                       f"ship:</span><ul style='margin:2px 0 0 -18px'>{listed}</ul>")
        else:
            verdict = f"<span style='color:{ok}'>Citing this source, the copy passes.</span>"
        self.feedback.setText(f"{risk}<br>{verdict}")
