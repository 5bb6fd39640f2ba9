"""Page 3, Copy: how many ads, which angles, which writer, whether high-risk facts may be used;
then the ads are written, and each one the grounding gate lets through appears as it is saved.
Rejected ones are listed with the gate's reasons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import Angle, Risk
from brandtruth_desktop.core.pipeline import (
    CampaignPlan,
    Notice,
    Step,
    VariantRejected,
    VariantSaved,
    Writer,
    write_campaign_copy,
)
from brandtruth_desktop.ui.wizard.copy_models import (
    ANGLE_LABELS,
    CopyCardDelegate,
    RejectionListModel,
    VariantListModel,
)
from brandtruth_desktop.ui.wizard.session import WizardSession
from brandtruth_desktop.ui.wizard.steps import add_page_header

if TYPE_CHECKING:
    from brandtruth_desktop.ui.theme import Theme
    from brandtruth_desktop.workers import JobHandle


GATE_NOTE = ("The gate rejects copy whose numbers, claims, quotes or names its facts do not "
             "back, and lists it here with the reason.")


class CopyPage(QWizardPage):
    """Copy settings, the writing job, and its results; see the module docstring."""

    def __init__(self, session: WizardSession, theme: Theme, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("CopyPage")
        self._subtitle = ("Ads written from the facts you kept. Each one cites its facts and "
                         "passes the grounding gate before you see it.")
        self.variants = VariantListModel(self)
        self.rejections = RejectionListModel(self)
        self._job: JobHandle[Any] | None = None
        self._written_with: tuple[Any, ...] | None = None
        self._claude_ready = False
        self._build(theme)
        session.jobs.event.connect(self._event)
        session.context.runner.progress.connect(self._progress)

    def _build(self, theme: Theme) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(14)
        add_page_header(layout, "Copy", self._subtitle)
        settings = QGridLayout()
        settings.setHorizontalSpacing(14)
        settings.setVerticalSpacing(10)
        settings.addWidget(QLabel("&Number of ads"), 0, 0)
        self.count = QSpinBox()
        self.count.setRange(1, 50)
        self.count.setValue(12)
        self.count.setAccessibleName("Number of ads")
        settings.itemAtPosition(0, 0).widget().setBuddy(self.count)  # type: ignore[union-attr]
        settings.addWidget(self.count, 0, 1, Qt.AlignmentFlag.AlignLeft)
        settings.addWidget(QLabel("Angles"), 1, 0, Qt.AlignmentFlag.AlignTop)
        angles = QGridLayout()
        angles.setHorizontalSpacing(18)
        angles.setVerticalSpacing(6)
        self.angle_boxes: dict[Angle, QCheckBox] = {}
        for number, angle in enumerate(Angle):
            box = QCheckBox(ANGLE_LABELS[angle.value])
            box.setChecked(True)
            box.toggled.connect(lambda _on: self._settings_changed())
            self.angle_boxes[angle] = box
            angles.addWidget(box, number // 3, number % 3)
        angle_row = QHBoxLayout()
        angle_row.addLayout(angles)
        angle_row.addStretch(1)
        settings.addLayout(angle_row, 1, 1)
        settings.addWidget(QLabel("Writer"), 2, 0)
        writers = QHBoxLayout()
        writers.setSpacing(18)
        self.writer_group = QButtonGroup(self)
        self.claude_choice = QRadioButton("&Claude")
        self.offline_choice = QRadioButton("&Offline writer (always available)")
        self.writer_group.addButton(self.claude_choice)
        self.writer_group.addButton(self.offline_choice)
        self.offline_choice.setChecked(True)
        writers.addWidget(self.claude_choice)
        writers.addWidget(self.offline_choice)
        self.writer_note = QLabel("")
        self.writer_note.setObjectName("Muted")
        writers.addWidget(self.writer_note, 1)
        settings.addLayout(writers, 2, 1)
        self.high_risk = QCheckBox("Allow &high-risk facts (superlatives, guarantees, "
                                   "health or money promises)")
        settings.addWidget(self.high_risk, 3, 1)
        settings.setColumnStretch(1, 1)
        settings.setColumnMinimumWidth(0, 120)
        layout.addLayout(settings)

        run = QHBoxLayout()
        run.setSpacing(10)
        self.write_button = QPushButton("&Write the ads")
        self.write_button.setProperty("primary", True)
        self.write_button.clicked.connect(self.write)
        self.cancel_button = QPushButton(theme.icon("cancel"), "Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setFixedWidth(220)
        self.progress.setTextVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        run.addWidget(self.write_button)
        run.addWidget(self.cancel_button)
        run.addWidget(self.progress)
        run.addWidget(self.status, 1)
        layout.addLayout(run)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        passed = QWidget()
        column = QVBoxLayout(passed)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.passed_title = QLabel("Ads")
        self.passed_title.setObjectName("SectionTitle")
        column.addWidget(self.passed_title)
        self.passed_view = self._list(self.variants, CopyCardDelegate(theme, self))
        column.addWidget(self.passed_view, 1)
        rejected = QWidget()
        column = QVBoxLayout(rejected)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.rejected_title = QLabel("Rejected by the grounding gate")
        self.rejected_title.setObjectName("SectionTitle")
        column.addWidget(self.rejected_title)
        self.rejected_view = self._list(self.rejections,
                                        CopyCardDelegate(theme, self, lines=1,
                                                         danger_detail=True))
        self.rejected_empty = QLabel(GATE_NOTE)
        self.rejected_empty.setObjectName("EmptyPanel")
        self.rejected_empty.setWordWrap(True)
        self.rejected_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rejected_stack = QStackedWidget()
        self.rejected_stack.addWidget(self.rejected_empty)
        self.rejected_stack.addWidget(self.rejected_view)
        column.addWidget(self.rejected_stack, 1)
        split.addWidget(passed)
        split.addWidget(rejected)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self.notices = QLabel("")
        self.notices.setObjectName("Banner")
        self.notices.setWordWrap(True)
        self.notices.setVisible(False)
        layout.addWidget(self.notices)
        self.count.valueChanged.connect(lambda _v: self._settings_changed())
        self.writer_group.buttonToggled.connect(lambda *_: self._settings_changed())
        self.high_risk.toggled.connect(lambda _on: self._settings_changed())
        self._set_running(False)

    @staticmethod
    def _list(model: Any, delegate: CopyCardDelegate) -> QListView:
        view = QListView()
        view.setModel(model)
        view.setItemDelegate(delegate)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setUniformItemSizes(True)
        view.setSpacing(2)
        return view

    # -- settings ---------------------------------------------------------------------------
    def initializePage(self) -> None:
        plan = self.session.plan
        services = self.session.jobs.services()

        def check() -> bool:
            return services.claude_available()

        def checked(available: bool) -> None:
            self._claude_ready = available
            self.claude_choice.setEnabled(available)
            model = self.session.context.settings.anthropic_model
            self.writer_note.setText(f"Claude model: {model}" if available else
                                     "Claude needs an Anthropic key (Settings → API keys).")
            if not available:
                self.offline_choice.setChecked(True)
            elif plan is not None and self._written_with is None:
                (self.claude_choice if plan.writer == Writer.CLAUDE.value
                 else self.offline_choice).setChecked(True)

        self.session.call("Checking for Claude", check, checked)
        if (self._written_with is None and plan is not None and plan.step.reached(Step.COPY)
                and not self.variants.rowCount() and not self.running()):
            self.show_stored(plan)
        high = sum(1 for f in self._facts() if f.risk is Risk.HIGH and not f.excluded)
        self.high_risk.setText(f"Allow &high-risk facts ({high} of your facts are high risk: "
                               "superlatives, guarantees, health or money promises)")
        self.write_button.setFocus()
        self._settings_changed()

    def _facts(self) -> list[Any]:
        wizard = self.wizard()
        truth = getattr(wizard, "truth_page", None)
        return truth.model.facts() if truth is not None else []

    def settings(self) -> tuple[Any, ...]:
        angles = tuple(a.value for a, box in self.angle_boxes.items() if box.isChecked())
        writer = Writer.CLAUDE if self.claude_choice.isChecked() else Writer.OFFLINE
        return (self.count.value(), angles, writer.value, self.high_risk.isChecked())

    def _settings_changed(self) -> None:
        angles_chosen = any(box.isChecked() for box in self.angle_boxes.values())
        again = self._written_with is not None
        self.write_button.setText("&Write them again" if again else "&Write the ads")
        if self.write_button.property("primary") == again:  # Next leads once ads exist
            self.write_button.setProperty("primary", not again)
            self.write_button.style().unpolish(self.write_button)
            self.write_button.style().polish(self.write_button)
        self.write_button.setEnabled(angles_chosen and not self.running())
        if again and self.settings() != self._written_with:
            self.status.setText("The settings changed: write the ads again to use them.")
        self.completeChanged.emit()

    def show_stored(self, plan: CampaignPlan) -> None:
        """Show the ads already written for the campaign (continued in the wizard), with the
        settings they were written with; nothing is written again unless asked."""
        campaign_id = self.session.campaign_id
        if campaign_id is None:
            return
        workspace = self.session.workspace
        self.count.setValue(plan.variant_count)
        for angle, box in self.angle_boxes.items():
            box.setChecked(angle.value in plan.angles)
        (self.claude_choice if plan.writer == Writer.CLAUDE.value and self._claude_ready
         else self.offline_choice).setChecked(True)
        self.high_risk.setChecked(plan.allow_high_risk)
        self._written_with = self.settings()
        self.status.setText("Loading the ads…")

        def load() -> tuple[list[Any], list[Any]]:
            return (workspace.content.variants(campaign_id),
                    workspace.runs.rejections(campaign_id))

        def loaded(stored: tuple[list[Any], list[Any]]) -> None:
            variants, rejections = stored
            self.variants.clear()
            self.rejections.clear()
            for variant in variants:
                self.variants.add(variant)
            for rejection in rejections:
                self.rejections.add(rejection)
            if plan.notices:
                self.notices.setText("\n".join(plan.notices))
            self.notices.setVisible(bool(plan.notices))
            self.status.setText(f"{len(variants)} ads written; {len(rejections)} rejected by "
                                "the grounding gate. Write them again to change them.")
            self._settings_changed()
            self._counts()

        self.session.call("Loading the ads", load, loaded,
                          failure="The campaign's ads could not be loaded")

    # -- writing ----------------------------------------------------------------------------
    def write(self) -> None:
        """Save the settings, then write the ads (replacing any written before)."""
        campaign_id = self.session.campaign_id
        if campaign_id is None or self.running():
            return
        count, angles, writer, high = self.settings()
        self.variants.clear()
        self.rejections.clear()
        self.notices.setVisible(False)
        self._set_running(True)
        self.status.setText("Writing…")
        self._written_with = self.settings()

        def start(_plan: Any) -> None:
            self._job = self.session.jobs.start(
                campaign_id, write_campaign_copy, "Writing the ads", kind="copy",
                on_success=self.session.guard(self._finished),
                on_failure=self.session.guard(self._failed),
                on_cancelled=self.session.guard(self._cancelled), rewrite=True,
            )

        self.session.update_plan(start, variant_count=count, angles=angles, writer=writer,
                                 allow_high_risk=high, step=Step.TRUTH)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.status.setText("Stopping…")

    def running(self) -> bool:
        return self._job is not None and self._job.active

    def _progress(self, job_id: int, progress: Progress) -> None:
        if self._job is None or job_id != self._job.id:
            return
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        else:
            self.progress.setRange(0, 0)
        self.status.setText(progress.message)

    def _event(self, event: object) -> None:
        if getattr(event, "campaign_id", None) != self.session.campaign_id:
            return
        if isinstance(event, VariantSaved):
            self.variants.add(event.variant)
        elif isinstance(event, VariantRejected):
            self.rejections.add(event.rejection)
        elif isinstance(event, Notice) and self.running():
            text = self.notices.text()
            self.notices.setText(f"{text}\n{event.text}".strip())
            self.notices.setVisible(True)
        self._counts()

    def _counts(self) -> None:
        self.passed_title.setText(f"Ads · {self.variants.rowCount()}")
        self.rejected_title.setText(
            f"Rejected by the grounding gate · {self.rejections.rowCount()}")
        self.rejected_stack.setCurrentWidget(
            self.rejected_view if self.rejections.rowCount() else self.rejected_empty)
        done = self._written_with is not None and not self.running()
        self.rejected_empty.setText(("No ad has been turned away. " if done else "") + GATE_NOTE)

    def _finished(self, outcome: Any) -> None:
        self._job = None
        self._set_running(False)
        written = self.variants.rowCount()
        self.status.setText(f"{written} ads written; {self.rejections.rowCount()} rejected "
                            "by the grounding gate." if written else
                            "No ad could be written from these facts. Go Back to add facts, "
                            "or allow high-risk facts.")
        self.session.refresh_plan(lambda _plan: self.completeChanged.emit())

    def _failed(self, error: BaseException) -> None:
        self._job = None
        self._set_running(False)
        self.status.setText(f"The ads could not be written: {error}")

    def _cancelled(self) -> None:
        self._job = None
        self._set_running(False)
        self.status.setText(f"Stopped. {self.variants.rowCount()} ads were kept.")
        self.completeChanged.emit()

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.progress.setRange(0, 0)
        self.cancel_button.setVisible(running)
        for widget in (self.count, self.claude_choice, self.offline_choice, self.high_risk,
                       *self.angle_boxes.values()):
            widget.setEnabled(not running and (widget is not self.claude_choice
                                               or self._claude_ready))
        self._settings_changed()
        self._counts()

    # -- QWizardPage ------------------------------------------------------------------------
    def isComplete(self) -> bool:
        return not self.running() and self.variants.rowCount() > 0

    def cleanupPage(self) -> None:
        """Going Back keeps the ads (nothing is reset)."""
