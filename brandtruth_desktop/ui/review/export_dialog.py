""""Export approved…": which formats and where, then the ZIP as a job with progress and cancel.

The dialog only asks; `start_export` runs `review_export.export_approved` on the job runner (the
status bar's jobs indicator shows its progress and a cancel button). The ZIP appears only when
complete; a cancelled or failed export leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.review.manifest import format_folder, safe_name

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.core.models import Campaign
    from brandtruth_desktop.review_export import ExportResult
    from brandtruth_desktop.workers import JobHandle


def default_export_path(campaign_name: str, campaign_id: int) -> Path:
    """`<Documents>/<campaign>-approved.zip`."""
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return Path(folder) / f"{safe_name(campaign_name, f'campaign-{campaign_id}')}-approved.zip"


class ExportDialog(QDialog):
    """Asks for the formats and the file of an export of approved ads."""

    def __init__(self, campaign_name: str, approved: int, formats: Sequence[str],
                 path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export approved ads")
        self.setObjectName("ExportDialog")
        intro = QLabel(
            f"<b>{approved:,} approved ad{'s' if approved != 1 else ''}</b> of "
            f"“{campaign_name}” go into one ZIP: a folder per format, a manifest of what each "
            "ad says and cites, and the photo credits.")
        intro.setWordWrap(True)
        self.checks: dict[str, QCheckBox] = {}
        boxes = QHBoxLayout()
        for key in formats:
            check = QCheckBox(key)
            check.setChecked(True)
            check.setToolTip(f"Images in the folder {format_folder(key)}/")
            check.toggled.connect(self._update)
            self.checks[key] = check
            boxes.addWidget(check)
        boxes.addStretch(1)
        self.path_edit = QLineEdit(str(path))
        self.path_edit.setMinimumWidth(380)
        self.path_edit.textChanged.connect(self._update)
        browse = QPushButton("Choose…")
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("Formats:", boxes)
        form.addRow("Save as:", where)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.export_button.setProperty("primary", True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(14)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update()

    def formats(self) -> list[str]:
        return [key for key, check in self.checks.items() if check.isChecked()]

    def path(self) -> Path:
        path = Path(self.path_edit.text().strip()).expanduser()
        return path if path.suffix.lower() == ".zip" else path.with_name(path.name + ".zip")

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export approved ads", str(self.path()), "ZIP archives (*.zip)")
        if chosen:
            self.path_edit.setText(chosen)

    def _update(self) -> None:
        self.export_button.setEnabled(bool(self.formats()) and bool(self.path_edit.text()
                                                                    .strip()))


def start_export(context: AppContext, campaign_id: int, campaign_name: str, path: Path,
                 formats: Sequence[str], *, actor: str,
                 on_done: Callable[[ExportResult | None], None] | None = None
                 ) -> JobHandle[ExportResult] | None:
    """Run the export on the job runner; the outcome is told through the message bridge."""
    from brandtruth_desktop.review_export import NothingToExport, export_approved

    workspace = context.workspace
    if workspace is None:
        return None
    messages = context.messages

    def done(result: ExportResult) -> None:
        messages.info(result.describe(), 12000)
        if on_done is not None:
            on_done(result)

    def failed(error: BaseException) -> None:
        if isinstance(error, NothingToExport):
            messages.show_warning("Nothing to export", str(error))
        else:
            messages.show_error("The export failed", str(error) or error.__class__.__name__,
                                "No file was written. Check there is room on the disk and "
                                "that the folder can be written to, then export again.")
        if on_done is not None:
            on_done(None)

    def cancelled() -> None:
        messages.info("Export cancelled; no file was written.", 8000)
        if on_done is not None:
            on_done(None)

    return context.runner.start(
        f"Exporting “{campaign_name}”",
        lambda: export_approved(workspace, campaign_id, path, formats=list(formats),
                                actor=actor),
        on_success=done, on_failure=failed, on_cancelled=cancelled, kind="export")


def ask_and_export(parent: QWidget, context: AppContext, campaign: Campaign,
                   formats: Sequence[str], approved: int, reviewer: Callable[[], str | None],
                   running: Callable[[bool], None]) -> JobHandle[ExportResult] | None:
    """"Export approved…": say so when nothing is approved; else ask for the formats and the
    file, and start the export. `running(True/False)` follows the job."""
    if approved == 0:
        context.messages.show_warning(
            "Nothing to export",
            f"No ad of “{campaign.name}” is approved yet. Approve ads with A (or the Approve "
            "button), then export them.")
        return None
    actor = reviewer()
    if actor is None:
        return None
    dialog = ExportDialog(campaign.name, approved, formats,
                          default_export_path(campaign.name, campaign.id), parent)
    if dialog.exec() != ExportDialog.DialogCode.Accepted:
        return None
    running(True)
    return start_export(context, campaign.id, campaign.name, dialog.path(), dialog.formats(),
                        actor=actor, on_done=lambda _result: running(False))
