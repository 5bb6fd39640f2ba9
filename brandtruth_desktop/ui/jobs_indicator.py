"""The status bar's view of running jobs: what is running, how far it has got, and a cancel.

Idle: nothing. One job: its title, a compact progress bar and a cancel button. Several:
"3 jobs running" with an overall bar; clicking it opens a list with a row (and a cancel)
per job. Everything updates from the runner's signals; nothing polls.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.paths import resources_dir
from brandtruth_desktop.workers import JobInfo, JobRunner, JobStatus

BAR_STEPS = 1000
"""Progress bars run 0…BAR_STEPS, so totals beyond a C int still show."""


def _bundled_cancel_icon(widget: QWidget) -> QIcon:
    """The bundled cancel icon drawn in the widget's text colour (null if it cannot load)."""
    try:
        svg = (resources_dir() / "icons" / "cancel.svg").read_text(encoding="utf-8")
    except OSError:
        return QIcon()
    colour = widget.palette().color(QPalette.ColorRole.WindowText).name()
    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(svg.replace("currentColor", colour).encode("utf-8")), "SVG")
    return QIcon(pixmap)


def _describe(info: JobInfo, progress: Progress | None) -> str:
    """The tooltip for a job: its title, what it is doing and how far it has got."""
    lines = [info.title]
    if info.status is JobStatus.QUEUED:
        lines.append("Waiting to start")
    elif info.status is JobStatus.CANCELLING:
        lines.append("Cancelling…")
    if progress is not None:
        if progress.message:
            lines.append(progress.message)
        if progress.total:
            lines.append(f"{progress.done:,} of {progress.total:,}")
    return "\n".join(lines)


def _compact_bar(parent: QWidget) -> QProgressBar:
    bar = QProgressBar(parent)
    bar.setTextVisible(False)
    bar.setFixedSize(120, max(8, parent.fontMetrics().height() // 2 + 2))
    return bar


def _show_fraction(bar: QProgressBar, fraction: float | None) -> None:
    """Fill the bar to `fraction`, or make it busy when the amount of work is unknown."""
    if fraction is None:
        bar.setRange(0, 0)
    else:
        bar.setRange(0, BAR_STEPS)
        bar.setValue(round(fraction * BAR_STEPS))


class JobRow(QWidget):
    """One job: its title (and latest message), a compact progress bar and a cancel button.

    Signals:
        cancel_requested(int): the person clicked cancel for this job id.
    """

    cancel_requested = Signal(int)

    def __init__(
        self, parent: QWidget | None = None, *, cancel_icon: QIcon | None = None,
        title_width: int = 260,
    ) -> None:
        super().__init__(parent)
        self._info: JobInfo | None = None
        self._title_width = title_width
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.title_label = QLabel(self)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.bar = _compact_bar(self)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.setStyleSheet("QToolButton { padding: 2px; }")
        side = self.fontMetrics().height() + 4
        self.cancel_button.setFixedSize(side, side)
        self.cancel_button.setIconSize(QSize(side - 8, side - 8))
        self._given_icon = cancel_icon
        self._show_cancel_icon()
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        layout.addWidget(self.title_label)
        layout.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.cancel_button)

    def changeEvent(self, event: QEvent) -> None:
        # The bundled icon follows the text colour when the theme switches light ↔ dark.
        if event.type() == QEvent.Type.PaletteChange:
            self._show_cancel_icon()
        super().changeEvent(event)

    def _show_cancel_icon(self) -> None:
        icon = self._given_icon
        if icon is None or icon.isNull():
            icon = _bundled_cancel_icon(self)
        if icon.isNull():
            self.cancel_button.setText("×")
        else:
            self.cancel_button.setIcon(icon)

    @property
    def job_id(self) -> int | None:
        return self._info.id if self._info is not None else None

    def show_job(self, info: JobInfo) -> None:
        """Show `info` (a new job or a new state of the same one)."""
        self._info = info
        self.cancel_button.setToolTip(f"Cancel {info.title}")
        self.cancel_button.setAccessibleName(f"Cancel {info.title}")
        self.bar.setAccessibleName(f"Progress of {info.title}")
        self.cancel_button.setEnabled(info.status is not JobStatus.CANCELLING)
        self.show_progress(info.progress)

    def show_progress(self, progress: Progress | None) -> None:
        """Show the job's latest progress."""
        info = self._info
        if info is None:
            return
        if info.status is JobStatus.CANCELLING:
            text = f"Cancelling {info.title}…"
        elif progress is not None and progress.message:
            text = f"{info.title}: {progress.message}"
        else:
            text = info.title
        metrics = self.title_label.fontMetrics()
        self.title_label.setText(
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, self._title_width)
        )
        self.setToolTip(_describe(info, progress))
        waiting = info.status is JobStatus.QUEUED or progress is None
        _show_fraction(self.bar, None if waiting or progress is None else progress.fraction)

    def _on_cancel_clicked(self) -> None:
        if self._info is not None:
            self.cancel_button.setEnabled(False)
            self.cancel_requested.emit(self._info.id)


class JobsPopup(QFrame):
    """The list that opens from "N jobs running": a row per job and "Cancel all"."""

    def __init__(self, runner: JobRunner, parent: QWidget, cancel_icon: QIcon | None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self._runner = runner
        self._cancel_icon = cancel_icon
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Running jobs")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(6)
        layout.addLayout(self._rows_layout)
        self.cancel_all_button = QToolButton(self)
        self.cancel_all_button.setText("Cancel all")
        self.cancel_all_button.setAutoRaise(True)
        self.cancel_all_button.clicked.connect(runner.cancel_all)
        layout.addWidget(self.cancel_all_button, 0, Qt.AlignmentFlag.AlignRight)
        self.rows: dict[int, JobRow] = {}

    def sync(self, infos: list[JobInfo]) -> None:
        """Show one row per job in `infos`, in order, reusing the rows already there."""
        wanted = {info.id for info in infos}
        for job_id in [job_id for job_id in self.rows if job_id not in wanted]:
            gone = self.rows.pop(job_id)
            self._rows_layout.removeWidget(gone)
            gone.deleteLater()
        for index, info in enumerate(infos):
            row = self.rows.get(info.id)
            if row is None:
                row = JobRow(self, cancel_icon=self._cancel_icon, title_width=300)
                row.cancel_requested.connect(self._runner.cancel)
                self.rows[info.id] = row
                self._rows_layout.insertWidget(index, row)
            row.show_job(info)
        if self.isVisible():
            self.adjustSize()

    def show_progress(self, job_id: int, progress: Progress) -> None:
        row = self.rows.get(job_id)
        if row is not None:
            row.show_progress(progress)

    def open_above(self, anchor: QWidget) -> None:
        """Show the list just above `anchor` (the status bar sits at the window's bottom)."""
        self.adjustSize()
        corner = anchor.mapToGlobal(QPoint(anchor.width(), 0))
        where = QRect(corner.x() - self.width(), corner.y() - self.height(),
                      self.width(), self.height())
        screen = anchor.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            where.moveLeft(max(room.left(), min(where.left(), room.right() - where.width())))
            where.moveTop(max(room.top(), where.top()))
        self.move(where.topLeft())
        self.show()


class JobsIndicator(QWidget):
    """Shows the runner's visible jobs in the main window's status bar (hidden when idle)."""

    def __init__(
        self, runner: JobRunner, parent: QWidget | None = None, *,
        cancel_icon: QIcon | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setAccessibleName("Background jobs")
        # Exactly as wide as what it shows, so switching views never leaves a gap.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(6)

        self.row = JobRow(self, cancel_icon=cancel_icon)
        self.row.cancel_requested.connect(runner.cancel)

        self.summary_button = QToolButton(self)
        self.summary_button.setAutoRaise(True)
        self.summary_button.setStyleSheet("QToolButton { padding: 2px 6px; }")
        self.summary_button.setArrowType(Qt.ArrowType.UpArrow)
        self.summary_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.summary_button.setToolTip("Show the running jobs")
        self.summary_button.setAccessibleName("Show the running jobs")
        self.summary_button.clicked.connect(self._toggle_popup)
        self.summary_bar = _compact_bar(self)
        self.summary_bar.setAccessibleName("Progress of all running jobs")

        layout.addWidget(self.row)
        layout.addWidget(self.summary_button)
        layout.addWidget(self.summary_bar, 0, Qt.AlignmentFlag.AlignVCenter)
        self.popup = JobsPopup(runner, self, cancel_icon)

        runner.jobs_changed.connect(self._sync)
        runner.progress.connect(self._on_progress)
        self._sync()

    def _sync(self) -> None:
        infos = self._runner.jobs()
        several = len(infos) > 1
        self.row.setVisible(len(infos) == 1)
        self.summary_button.setVisible(several)
        self.summary_bar.setVisible(several)
        if len(infos) == 1:
            self.row.show_job(infos[0])
        if several:
            self.summary_button.setText(f"{len(infos)} jobs running")
            self._show_overall(infos)
            self.popup.sync(infos)
        else:
            self.popup.hide()
            self.popup.sync([])
        if not self.isWindow():
            self.setVisible(bool(infos))
        elif not infos:
            self.hide()  # not yet in a status bar: never pop up as a window of its own

    def _on_progress(self, job_id: int, progress: Progress) -> None:
        if self.row.isVisibleTo(self) and self.row.job_id == job_id:
            self.row.show_progress(progress)
        elif self.summary_bar.isVisibleTo(self):
            self.popup.show_progress(job_id, progress)
            self._show_overall(self._runner.jobs())

    def _show_overall(self, infos: list[JobInfo]) -> None:
        """The average share done when every job knows its total, else busy."""
        fractions = [info.progress.fraction if info.progress else None for info in infos]
        known = [fraction for fraction in fractions if fraction is not None]
        overall = sum(known) / len(known) if known and len(known) == len(fractions) else None
        _show_fraction(self.summary_bar, overall)
        self.summary_bar.setToolTip(
            "\n\n".join(_describe(info, info.progress) for info in infos)
        )

    def _toggle_popup(self) -> None:
        if self.popup.isVisible():
            self.popup.hide()
        else:
            self.popup.open_above(self.summary_button)
