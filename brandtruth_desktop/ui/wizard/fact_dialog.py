"""The dialog that adds a fact by hand (marked as supplied by the person) or edits one."""

from __future__ import annotations

import uuid
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.models import Fact, FactKind, Risk
from brandtruth_desktop.ui.wizard.fact_model import KIND_LABELS, RISK_LABELS


class FactDialog(QDialog):
    """Add a fact the site does not state (the person vouches for it), or edit a fact."""

    def __init__(self, parent: QWidget | None = None, fact: Fact | None = None) -> None:
        super().__init__(parent)
        self._fact = fact
        adding = fact is None
        self.setWindowTitle("Add a fact" if adding else "Edit fact")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        intro = QLabel(
            "Ads may state this fact. It is marked as supplied by you, so the proof trail "
            "shows it came from you rather than from the brand's pages."
            if adding else
            "Change how the fact is worded for ads. Its quote and source page stay as found."
        )
        intro.setWordWrap(True)
        intro.setObjectName("Muted")
        layout.addWidget(intro)

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        self.kind = QComboBox()
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label.rstrip("s") if label.endswith("s") else label, kind.value)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("e.g. Free shipping on orders over $50")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(72)
        self.source = QLineEdit()
        self.source.setPlaceholderText("Optional: where this is stated (https://…)")
        self.risk = QComboBox()
        for risk, label in RISK_LABELS.items():
            self.risk.addItem(label, risk.value)
        self.use = QCheckBox("Use in ads")
        self.use.setChecked(True)
        form.addRow("&Kind", self.kind)
        form.addRow("&Fact", self.text)
        form.addRow("&Source", self.source)
        form.addRow("&Risk", self.risk)
        form.addRow("", self.use)
        layout.addLayout(form)
        self.problem = QLabel("")
        self.problem.setObjectName("FieldError")
        self.problem.setVisible(False)
        layout.addWidget(self.problem)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add fact" if adding else "Save")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.text.textChanged.connect(self._check)
        if fact is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(fact.kind.value)))
            self.text.setPlainText(fact.text)
            self.source.setText(fact.source_url)
            self.source.setReadOnly(not fact.user_supplied)
            self.risk.setCurrentIndex(max(0, self.risk.findData(fact.risk.value)))
            self.use.setChecked(not fact.excluded)
        self._check()

    def _check(self) -> None:
        empty = not self.text.toPlainText().strip()
        self.ok_button.setEnabled(not empty)

    def result_fact(self) -> Fact:
        """The fact as the dialog now describes it."""
        text = " ".join(self.text.toPlainText().split())
        kind = FactKind(self.kind.currentData())
        risk = Risk(self.risk.currentData())
        if self._fact is None:
            return Fact(
                id=f"u-{uuid.uuid4().hex[:12]}", kind=kind, text=text, quote=text,
                source_url=self.source.text().strip(), risk=risk,
                risk_reason="set by you", excluded=not self.use.isChecked(),
                user_supplied=True,
            )
        changed = replace(self._fact, kind=kind, text=text, excluded=not self.use.isChecked())
        if risk != self._fact.risk:
            changed = replace(changed, risk=risk, risk_reason="set by you")
        if self._fact.user_supplied:
            changed = replace(changed, quote=text, source_url=self.source.text().strip())
        return changed
