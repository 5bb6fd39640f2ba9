"""The Review screen: a campaign's ads as a grid of cards, reviewed from the keyboard.

Arrows move; A approves and R rejects the selected ads (one ad: the grid moves on to the next),
U undoes the last decision, E or Enter opens the canvas editor, Space the large preview,
Ctrl+E exports the approved ads. Every decision is an audit row signed with the reviewer's
name (asked once, kept in Settings) and written off the GUI thread.

Signals:
    edit_requested(str, str): variant id and format to open in the canvas editor.
    preview_requested(str, str): variant id and format of the large preview (Space); the screen
        opens its own preview dialog too.
    reviewer_named(str): the reviewer gave their name (it is now in Settings).
    campaign_opened(int): a campaign's first page is in the grid.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import SIGNAL, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.review import GridRow, ReviewCounts
from brandtruth_desktop.ui.review.campaign_chooser import CampaignChooser
from brandtruth_desktop.ui.review.decisions import ask_reviewer_name
from brandtruth_desktop.ui.review.filter_bar import ReviewFilterBar
from brandtruth_desktop.ui.review.filters import ReviewFilter, VariantFilterProxy
from brandtruth_desktop.ui.review.grid_delegate import VariantCardDelegate, card_size
from brandtruth_desktop.ui.review.grid_model import VariantGridModel
from brandtruth_desktop.ui.review.grid_view import VariantGridView
from brandtruth_desktop.ui.review.preview_control import PreviewControl
from brandtruth_desktop.ui.review.session import ReviewSession
from brandtruth_desktop.ui.review.style import review_stylesheet
from brandtruth_desktop.ui.review.thumbnails import ThumbnailService

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.storage.review import ReviewContext
    from brandtruth_desktop.ui.theme import Theme

log = logging.getLogger(__name__)

SETTLE_MS = 120
"""Thumbnail work waits until the grid has stopped scrolling for this long."""
HINT = ("A approve · R reject · U undo · E edit · Space preview · 1–5 format · "
        "Ctrl+E export")


class ReviewScreen(QWidget):
    """The review grid with its filter bar and actions (see the module docstring)."""

    edit_requested = Signal(str, str)
    preview_requested = Signal(str, str)
    reviewer_named = Signal(str)
    campaign_opened = Signal(int)

    def __init__(self, context: AppContext, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewScreen")
        self._context = context
        self._theme = theme
        cache = context.paths.root / "cache" / "thumbnails"
        self.thumbnails = ThumbnailService(context.runner, cache_dir=cache, parent=self)
        self.model = VariantGridModel(self, thumbnails=self.thumbnails)
        self.proxy = VariantFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.session = ReviewSession(context, self.model, self.thumbnails, self)
        self.thumbnails.ready.connect(self.model.thumbnail_ready)
        self._pending_open: int | None = None
        self._settle_timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle_timer.timeout.connect(lambda: self.thumbnails.hold(False))
        self._build()
        self.preview = PreviewControl(self, context, theme)
        self._connect()
        self._apply_style()
        self._show("empty")

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 12)
        layout.setSpacing(12)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        title_row = QHBoxLayout()
        title = QLabel("Review")
        title.setObjectName("ScreenTitle")
        self.campaign_combo = CampaignChooser(self._context)
        title_row.addWidget(title)
        title_row.addSpacing(12)
        title_row.addWidget(self.campaign_combo)
        title_row.addStretch(1)
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("Muted")
        titles.addLayout(title_row)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        self.export_action = QAction(self._theme.icon("folder"), "Export approved…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.export_action.triggered.connect(self.export_approved)
        self.addAction(self.export_action)
        self.export_button = QPushButton("Export approved…")
        self.export_button.setObjectName("ExportApproved")
        self.export_button.setProperty("primary", True)
        self.export_button.setToolTip("A ZIP of the approved ads, with manifest and photo "
                                      "credits (Ctrl+E)")
        self.export_button.clicked.connect(self.export_action.trigger)
        header.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)

        tools = QHBoxLayout()
        self.filter_bar = ReviewFilterBar()
        tools.addWidget(self.filter_bar, 1)
        self.approve_button = self._tool("Approve", "A", "ApproveButton")
        self.reject_button = self._tool("Reject", "R", "RejectButton")
        self.undo_button = self._tool("Undo", "U", "UndoButton")
        for button in (self.approve_button, self.reject_button, self.undo_button):
            tools.addWidget(button)
        layout.addLayout(tools)

        self.stack = QStackedWidget()
        self.view = VariantGridView()
        self.view.setModel(self.proxy)
        self.delegate = VariantCardDelegate(self._theme, self.thumbnails, self.view)
        self.view.setItemDelegate(self.delegate)
        self.message = QLabel("")
        self.message.setObjectName("EmptyState")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.no_match = QWidget()
        column = QVBoxLayout(self.no_match)
        column.addStretch(1)
        no_match_text = QLabel("No ads match these filters.")
        no_match_text.setObjectName("EmptyState")
        no_match_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        clear = QPushButton("Clear filters")
        clear.clicked.connect(self.filter_bar.clear_filters)
        column.addWidget(no_match_text)
        column.addWidget(clear, 0, Qt.AlignmentFlag.AlignCenter)
        column.addStretch(2)
        for widget in (self.message, self.view, self.no_match):
            self.stack.addWidget(widget)
        layout.addWidget(self.stack, 1)

        footer = QHBoxLayout()
        self.hint = QLabel(HINT)
        self.hint.setObjectName("Muted")
        self.selection_label = QLabel("")
        self.selection_label.setObjectName("SelectionCount")
        self.loaded_label = QLabel("")
        self.loaded_label.setObjectName("Muted")
        footer.setContentsMargins(4, 0, 4, 0)
        footer.addWidget(self.hint, 1)
        footer.addWidget(self.loaded_label)
        footer.addSpacing(12)
        footer.addWidget(self.selection_label)
        layout.addLayout(footer)

    def _tool(self, text: str, key: str, name: str) -> QPushButton:
        button = QPushButton(f"{text}  {key}")
        button.setObjectName(name)
        button.setToolTip(f"{text} the selected ads ({key})")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _connect(self) -> None:
        self.campaign_combo.chosen.connect(self._campaign_picked)
        self.campaign_combo.listed.connect(self._campaigns_listed)
        self.filter_bar.format_changed.connect(self.set_format)
        self.filter_bar.filter_changed.connect(self._filter_changed)
        self.view.decide.connect(lambda status: self.decide_selected(VariantStatus(status)))
        self.view.undo.connect(self.undo)
        self.view.edit.connect(self.edit_current)
        self.view.preview.connect(self.preview_current)
        self.view.format_chosen.connect(lambda number: self.filter_bar.choose_format(number - 1))
        self.approve_button.clicked.connect(lambda: self.decide_selected(VariantStatus.APPROVED))
        self.reject_button.clicked.connect(lambda: self.decide_selected(VariantStatus.REJECTED))
        self.undo_button.clicked.connect(self.undo)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.session.opened.connect(self._opened)
        self.session.open_failed.connect(self._open_failed)
        self.session.counts_changed.connect(self._counts_changed)
        self.session.decided.connect(lambda text: self._context.messages.info(text, 8000))
        self.session.rows_loaded.connect(self._rows_loaded)
        self.session.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.proxy.rowsInserted.connect(self._update_state)
        self.proxy.rowsRemoved.connect(self._update_state)
        self.proxy.modelReset.connect(self._update_state)
        self._theme.changed.connect(lambda _dark: self._apply_style())
        self.undo_button.setEnabled(False)

    def _apply_style(self) -> None:
        self.setStyleSheet(review_stylesheet(self._theme.colors))
        self.view.set_background(self._theme.colors.window)
        self.delegate.set_font(self.view.font())
        self._relayout()
        self.view.viewport().update()

    @property
    def campaign_id(self) -> int | None:
        """The campaign shown (None until one is opened)."""
        return self.session.campaign_id

    # -- campaigns ----------------------------------------------------------------------------
    def reload_campaigns(self, select_id: int | None = None) -> None:
        """List the campaigns that have ads in the chooser."""
        self.campaign_combo.reload(select_id or self.session.campaign_id or self._pending_open)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.session.campaign_id is None and self._pending_open is None:
            self.reload_campaigns()  # opens the most recently active campaign

    def _campaigns_listed(self, count: int) -> None:
        nothing_open = self.session.campaign_id is None and self._pending_open is None
        if count and nothing_open and self.isVisible():
            first = self.campaign_combo.itemData(0)
            if first is not None:
                self.open_campaign(int(first))
                return
        if count == 0:
            self._show("empty", "No campaign has ads to review yet. Make one on the "
                       "Campaigns screen (New campaign, or try the demo brand).")
        elif self.session.campaign_id is None and self._pending_open is None:
            self._show("empty", "Choose a campaign to review its ads.")

    def open_campaign(self, campaign_id: int) -> None:
        """Show a campaign's ads (from the Campaigns screen, or the chooser)."""
        if self._context.workspace is None:
            return
        self._pending_open = campaign_id
        if self.session.campaign_id != campaign_id:
            self._show("empty", "Opening the campaign…")
        self.session.open(campaign_id, self.model.format)
        shown = self.campaign_combo.findData(campaign_id)
        if shown >= 0:
            self.campaign_combo.setCurrentIndex(shown)
        self.reload_campaigns(campaign_id)  # a new campaign may not be listed yet

    def _campaign_picked(self, campaign_id: int) -> None:
        if campaign_id != self.session.campaign_id:
            self.open_campaign(campaign_id)

    def _opened(self, review: ReviewContext) -> None:
        self._pending_open = None
        self.thumbnails.set_device_pixel_ratio(self.view.devicePixelRatioF())
        self.filter_bar.set_formats(review.formats, self.model.format)
        self.filter_bar.set_angles(review.angles)
        self.proxy.set_review_filter(self.filter_bar.value())
        self.session.load_every_row(self.filter_bar.value().needs_every_row)
        self._relayout()
        self._update_state()
        self.view.setFocus()
        if self.proxy.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self.campaign_opened.emit(review.campaign.id)

    def _open_failed(self, message: str) -> None:
        self._pending_open = None
        self._show("empty", f"The campaign could not be opened: {message}")

    def pipeline_event(self, event: object) -> None:
        """A pipeline event (ui.pipeline_jobs): new ads and renders of the open campaign show
        up in the grid as they are saved."""
        self.session.pipeline_event(event)

    def refresh_variants(self, variant_ids: list[str]) -> None:
        """Read these ads again: the canvas editor calls this after saving an edit."""
        self.session.refresh_variants(variant_ids)

    # -- view state ---------------------------------------------------------------------------
    def set_format(self, format_key: str) -> None:
        """Show the ads in another format (rows without it are hidden)."""
        self.model.set_format(format_key)
        self.proxy.refilter()
        self._relayout()
        self._update_state()

    def _relayout(self) -> None:
        self.view.set_card_size(card_size(self.model.format, self.delegate.headline_line))

    def _scrolled(self, _value: int) -> None:
        self.thumbnails.hold(True)
        self._settle_timer.start()

    def _filter_changed(self, wanted: ReviewFilter) -> None:
        self.proxy.set_review_filter(wanted)
        self.session.load_every_row(wanted.needs_every_row)
        self._update_state()

    def _show(self, state: str, text: str = "") -> None:
        if state == "empty":
            self.message.setText(text)
            self.stack.setCurrentWidget(self.message)
        else:
            self.stack.setCurrentWidget(self.view if state == "grid" else self.no_match)
        has_campaign = self.session.campaign_id is not None
        for widget in (self.filter_bar, self.approve_button, self.reject_button,
                       self.undo_button, self.hint):
            widget.setVisible(has_campaign)
        self.export_action.setEnabled(has_campaign)
        self.export_button.setVisible(has_campaign)

    def _update_state(self) -> None:
        if self.session.campaign_id is None or self._pending_open is not None:
            return
        if self.model.rowCount() == 0 and self.model.complete:
            self._show("empty", "This campaign has no ads yet.")
        elif self.proxy.rowCount() == 0 and self.model.complete:
            self._show("no_match")
        else:
            self._show("grid")

    def _counts_changed(self, counts: ReviewCounts) -> None:
        self.subtitle.setText(counts.describe())

    def _rows_loaded(self, loaded: int, total: int) -> None:
        self.loaded_label.setText("" if loaded >= total else f"Loaded {loaded:,} of {total:,}")
        self._update_state()

    def _selection_changed(self) -> None:
        count = len(self.view.selectionModel().selectedIndexes())
        self.selection_label.setText(f"{count:,} selected" if count > 1 else "")

    # -- rows ---------------------------------------------------------------------------------
    def selected_rows(self) -> list[GridRow]:
        """The selected ads in grid order; the current ad when nothing is selected."""
        return self.view.selected_rows()

    def current_row(self) -> GridRow | None:
        return self.view.current_row()

    def select_variant(self, variant_id: str) -> bool:
        """Make an ad current and selected, scrolled into view (False if not shown)."""
        return self.view.make_current(self.model.index_of(variant_id))

    def move_current(self, step: int) -> GridRow | None:
        """Move the current ad by `step` places in the grid; returns the new current ad."""
        return self.view.move_current(step)

    # -- decisions ----------------------------------------------------------------------------
    def reviewer(self) -> str | None:
        had = self._context.settings.reviewer_name.strip()
        name = ask_reviewer_name(self._context, self)
        if name and not had:
            self.reviewer_named.emit(name)
        return name

    def decide_selected(self, status: VariantStatus) -> None:
        """Approve or reject the selected ads (one audit row each)."""
        rows = self.selected_rows()
        if not rows or self.session.campaign_id is None:
            return
        actor = self.reviewer()
        if actor is None:
            self._context.messages.info("Nothing was decided: decisions need your name.")
            return
        if status is VariantStatus.APPROVED:
            ungrounded = [row for row in rows if row.gate]
            rows = [row for row in rows if not row.gate]
            if ungrounded:
                # The grounding gate is the product's promise: an ad that says what the facts do
                # not cannot be approved from the grid, only fixed (or sourced) in the editor.
                self._context.messages.show_warning(
                    "Not approved",
                    f"{len(ungrounded)} ad(s) say something the brand's facts do not: "
                    f"{ungrounded[0].gate[0]} Open the ad (E) to change the copy or attach a "
                    "source.",
                )
            if not rows:
                return
        follow = self.view.neighbour() if len(rows) == 1 else None
        if not self.session.decide(rows, status, actor):
            verb = "approved" if status is VariantStatus.APPROVED else "rejected"
            self._context.messages.info(f"Already {verb}.", 3000)
        if follow is not None and follow.isValid():
            self.view.make_current(self.model.index(follow.row(), 0))

    def undo(self) -> None:
        """Take back the last decision and show the ad it was about."""
        command_ids = self._last_command_ids()
        text = self.session.undo()
        if text is None:
            self._context.messages.info("Nothing to undo.", 3000)
            return
        self._context.messages.info(f"Undone: {text}", 6000)
        if len(command_ids) == 1:
            self.select_variant(command_ids[0])

    def _last_command_ids(self) -> list[str]:
        stack = self.session.undo_stack
        command = stack.command(stack.index() - 1) if stack.canUndo() else None
        return list(getattr(command, "variant_ids", []))

    # -- editor, preview, export --------------------------------------------------------------
    def edit_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if self.receivers(SIGNAL("edit_requested(QString,QString)")) == 0:
            self._context.messages.info("The canvas editor is not available in this build.")
        self.edit_requested.emit(row.variant_id, self.model.format)

    def preview_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.preview_requested.emit(row.variant_id, self.model.format)
            self.preview.show_row(row)

    def export_approved(self) -> None:
        """Ask for formats and a file, then export the approved ads as a job."""
        from brandtruth_desktop.ui.review.export_dialog import ask_and_export

        review = self.session.review
        if review is None:
            return
        if self.session.writer.busy:  # the last decisions first, so the ZIP has them
            self.session.writer.idle.connect(self.export_approved,
                                             Qt.ConnectionType.SingleShotConnection)
            return

        def running(active: bool) -> None:
            self.export_action.setEnabled(not active)
            self.export_button.setEnabled(not active)

        handle = ask_and_export(self, self._context, review.campaign, review.formats,
                                self.session.counts.approved, self.reviewer, running)
        if handle is not None:
            self.export_job = handle
