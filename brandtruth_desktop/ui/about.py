"""The About screen: version, where the data and logs are, and what the app is built on."""

from __future__ import annotations

import logging
import platform
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from brandtruth_desktop import APP_NAME, __version__

if TYPE_CHECKING:
    from pathlib import Path

    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.core.ports import SecretStoreStatus
    from brandtruth_desktop.ui.theme import Theme

log = logging.getLogger(__name__)


class AboutScreen(QWidget):
    """What this app is and where it keeps things, with buttons to open those folders."""

    def __init__(self, context: AppContext, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)

        heading = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(theme.icon("app").pixmap(64, 64))
        heading.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        title = QLabel(APP_NAME)
        title.setObjectName("ScreenTitle")
        version = QLabel(f"Version {__version__}")
        version.setObjectName("Muted")
        blurb = QLabel(
            "Turns a brand's website into static image ads that say only what the brand itself "
            "says. Every sentence of every ad is traced to the web page it came from."
        )
        blurb.setWordWrap(True)
        titles.addWidget(title)
        titles.addWidget(version)
        titles.addWidget(blurb)
        heading.addLayout(titles, 1)
        layout.addLayout(heading)

        places = QGroupBox("Where your work is kept")
        form = QFormLayout(places)
        form.setHorizontalSpacing(16)
        paths = context.paths
        form.addRow("Data folder", self._path_row(paths.root))
        form.addRow("Logs", self._path_row(paths.logs))
        form.addRow("Images and snapshots", self._path_row(paths.assets))
        database = QLabel(paths.database_url().replace(str(paths.root), "<data folder>"))
        database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Database", database)
        self.keyring_label = QLabel("")
        self.keyring_label.setWordWrap(True)
        form.addRow("Keys are kept in", self.keyring_label)
        layout.addWidget(places)

        built = QGroupBox("Built with")
        built_layout = QVBoxLayout(built)
        credits = QLabel(
            f"Python {platform.python_version()} · Qt for Python {pyside_version} · Pillow · "
            "SQLAlchemy · Alembic · keyring · requests<br>"
            "Interface font: Inter, © The Inter Project Authors, SIL Open Font License 1.1"
        )
        credits.setWordWrap(True)
        credits.setObjectName("Muted")
        built_layout.addWidget(credits)
        layout.addWidget(built)
        layout.addStretch(1)
        # Read when shown (showEvent): the first look at the keyring probes its plug-ins.

    def refresh(self) -> None:
        """Ask the keyring's state on the runner: the first look probes its plug-ins, and a
        locked keyring can keep it waiting; the label follows when it answers."""
        if not self.keyring_label.text():
            self.keyring_label.setText("Checking…")
        try:
            self._context.runner.call(
                "Checking the keyring", self._context.secrets.status,
                on_success=self._show_keyring,
                on_failure=lambda error: log.warning("keyring check failed: %s", error))
        except RuntimeError as error:  # the runner has shut down: the window is closing
            log.debug("keyring not checked: %s", error)

    def _show_keyring(self, status: SecretStoreStatus) -> None:
        if not isValid(self):  # the window was torn down while the keyring answered
            return
        if status.persistent:
            self.keyring_label.setText(f"the system keyring ({status.backend})")
        else:
            self.keyring_label.setText(f"memory, for this session only: {status.problem}")

    def showEvent(self, event: object) -> None:
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    @staticmethod
    def _path_row(path: Path) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        label = QLabel(str(path))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        button = QPushButton("Open")
        button.setToolTip(f"Open {path} in the file manager")
        button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        )
        line.addWidget(label, 1)
        line.addWidget(button)
        return row
