"""The small dialog that takes one API key from the person, hidden as they type or paste it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.secrets import SecretInfo


class SecretDialog(QDialog):
    """Asks for one key: a password field, a Show toggle, and Save enabled once there is text.

    The caller reads `value()` when the dialog is accepted and then calls `clear()`, so the key
    does not linger in a widget.

    Signals: only QDialog's own (`accepted`, `rejected`, `finished(int)`).
    """

    def __init__(self, info: SecretInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.setObjectName("SecretDialog")
        self.setWindowTitle(f"Set {info.label}")
        self.setMinimumWidth(460)

        heading = QLabel(info.label)
        heading.setObjectName("DialogHeading")
        help_text = QLabel(info.help)
        help_text.setWordWrap(True)
        help_text.setProperty("muted", True)

        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("SecretValue")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText("Paste the key here")
        self.key_edit.setClearButtonEnabled(True)
        self.key_edit.setAccessibleName(info.label)
        self.key_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
            | Qt.InputMethodHint.ImhSensitiveData
        )
        self.show_toggle = QCheckBox("S&how key")
        self.show_toggle.setToolTip("Show the key while you check it; it is hidden again on close.")
        self.show_toggle.toggled.connect(self._set_visible)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.addRow("&Key:", self.key_edit)
        form.addRow("", self.show_toggle)

        note = QLabel(
            "BrandTruth saves keys in your system keyring and never writes them to its files "
            "or logs."
        )
        note.setWordWrap(True)
        note.setProperty("muted", True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        self.ok_button: QPushButton = ok
        self.ok_button.setText("&Save key")
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.key_edit.textChanged.connect(self._update_ok)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(help_text)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.setStyleSheet("#DialogHeading { font-size: 12pt; font-weight: 600; }")
        self.key_edit.setFocus()

    def value(self) -> str:
        """The key as entered, without surrounding spaces or line breaks."""
        return self.key_edit.text().strip()

    def clear(self) -> None:
        """Forget the key and hide the field again."""
        self.key_edit.clear()
        self.show_toggle.setChecked(False)

    def accept(self) -> None:
        if self.value():  # Enter in an empty field must not save nothing
            super().accept()

    def _update_ok(self, text: str) -> None:
        self.ok_button.setEnabled(bool(text.strip()))

    def _set_visible(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.key_edit.setEchoMode(mode)
