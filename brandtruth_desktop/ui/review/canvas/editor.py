"""The canvas editor: one ad, every format, edited on its LayoutSpec (DESIGN.md decision 3).

The canvas shows `render(spec, size)`, the same function the export uses at full size, with
handles on top; the side bar holds the ship check (the grounding gate and QA), the copy, the
selected element's style, and the picture and scrim. Every change is an undoable edit of the
`AdDraft` (Ctrl+Z, Ctrl+Shift+Z), autosaved within a second as new layout revisions with an
audit row, and the review grid is told (`variant_changed`) so its row and thumbnail follow.

The editor wires parts that each do one thing: `EditorDocument` (draft and undo stack),
`PreviewRenderer` (single-flight renders), `Autosaver`, `RenderKeeper` (full-size renders with
QA for the grid), `CopyControl` (gate, sources, new copy), `PictureControl` (pictures, crop).

Signals:
    variant_changed(str): the variant's stored copy, layout, status or render changed.
    loaded(): the ad is loaded and on the canvas.
    load_failed(str): the ad could not be opened; why.
    autosaved(object): an edit was stored (a `storage.editing.SavedEdit`).
    preview_shown(object): a preview frame is on screen (a `PreviewFrame`).
    gate_changed(object): the gate's reasons the copy cannot ship (empty tuple: it can).
    approved(str): the ad was approved from the editor.
    idle(): after `finish()`, nothing is waiting to be stored: the editor may go.
"""

from __future__ import annotations

import zlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget
from shiboken6 import isValid

from brandtruth_desktop.core.compose import FontBook, get_format
from brandtruth_desktop.core.copy import limits_for
from brandtruth_desktop.core.editing import (
    AdDraft,
    CopyFields,
    box_of,
    restyle,
    style_of,
    text_role,
    with_box,
)
from brandtruth_desktop.core.imagery.geometry import Box
from brandtruth_desktop.core.models import Fact, VariantStatus
from brandtruth_desktop.editor_services import EditorServices, PlacedPicture
from brandtruth_desktop.paths import resources_dir
from brandtruth_desktop.storage.editing import AdForEditing, SavedEdit
from brandtruth_desktop.ui.review.canvas.autosave import Autosaver
from brandtruth_desktop.ui.review.canvas.canvas_view import CanvasView
from brandtruth_desktop.ui.review.canvas.copy_control import CopyControl
from brandtruth_desktop.ui.review.canvas.document import EditorDocument
from brandtruth_desktop.ui.review.canvas.inline_text import InlineTextEditor
from brandtruth_desktop.ui.review.canvas.overlay import CanvasColors
from brandtruth_desktop.ui.review.canvas.pictures import PictureControl
from brandtruth_desktop.ui.review.canvas.preview import PreviewRenderer
from brandtruth_desktop.ui.review.canvas.saving import EditRules
from brandtruth_desktop.ui.review.canvas.session import EditSession
from brandtruth_desktop.ui.review.canvas.style import editor_stylesheet
from brandtruth_desktop.ui.review.canvas.toolbar import EditorSideBar, EditorToolbar
from brandtruth_desktop.ui.theme import DARK, LIGHT, Colors

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.ui.theme import Theme

STATUS_TEXT = {
    VariantStatus.PENDING: "Waiting for review",
    VariantStatus.EDITED: "Edited · waiting for review",
    VariantStatus.APPROVED: "Approved",
    VariantStatus.REJECTED: "Rejected",
}
COPY_FIELDS = {"headline": "headline", "primary": "primary_text", "description": "description"}


class CanvasEditor(QWidget):
    """One ad on the canvas, with its toolbar and side bar (see the module docstring)."""

    variant_changed = Signal(str)
    loaded = Signal()
    load_failed = Signal(str)
    autosaved = Signal(object)
    preview_shown = Signal(object)
    gate_changed = Signal(object)
    approved = Signal(str)
    idle = Signal()

    def __init__(self, context: AppContext, campaign_id: int, variant_id: str,
                 format_key: str, *, theme: Theme | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CanvasEditor")
        self.context = context
        self.campaign_id = campaign_id
        self.variant_id = variant_id
        self._wanted_format = format_key
        self._theme = theme
        self.document: EditorDocument | None = None
        self._finishing = False
        self._shown_copy: CopyFields | None = None
        self._qa_shown: object = None
        self.session = EditSession(context, campaign_id, variant_id, self)
        workspace = context.workspace
        self.renderer = PreviewRenderer(context.runner,
                                        workspace.assets if workspace else _no_assets,
                                        FontBook(resources_dir() / "fonts"), self)
        self.copy_control = CopyControl(self)
        self.pictures = PictureControl(self)
        self._build()
        self._connect()
        self._apply_theme()
        self._set_enabled(False)
        self.session.load()

    # -- the stored side (EditSession), by the names the controls use ---------------------------
    @property
    def services(self) -> EditorServices | None:
        return self.session.services

    @property
    def ad(self) -> AdForEditing | None:
        return self.session.ad

    @property
    def rules(self) -> EditRules | None:
        return self.session.rules

    @property
    def generated(self) -> AdDraft | None:
        return self.session.generated

    @property
    def autosaver(self) -> Autosaver | None:
        return self.session.autosaver

    @property
    def status(self) -> VariantStatus:
        return self.session.status

    @property
    def qa(self) -> dict[str, tuple[int, dict[str, Any]]]:
        return self.session.qa

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.toolbar = EditorToolbar()
        outer.addWidget(self.toolbar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        self.canvas = CanvasView()
        self.inline = InlineTextEditor(self.canvas)
        self.side = EditorSideBar()
        splitter.addWidget(self.canvas)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([900, 380])
        outer.addWidget(splitter, 1)
        bar, side = self.toolbar, self.side
        # The parts tests and the window reach for, under their own names.
        self.undo_action, self.redo_action = bar.undo_action, bar.redo_action
        self.addActions([self.undo_action, self.redo_action])
        self.snap_button, self.zone_button = bar.snap_button, bar.zone_button
        self.format_buttons = bar.format_buttons
        self.regenerate_copy_action = bar.regenerate_copy_action
        self.regenerate_picture_action = bar.regenerate_picture_action
        self.revert_button, self.approve_button = bar.revert_button, bar.approve_button
        self.save_label = bar.save_label
        self.checks, self.copy_panel = side.checks, side.copy_panel
        self.style_panel, self.background_panel = side.style_panel, side.background_panel

    def _connect(self) -> None:
        canvas, bar = self.canvas, self.toolbar
        self.renderer.rendered.connect(canvas.set_frame)
        self.renderer.failed.connect(
            lambda text: canvas.set_message(f"The ad could not be drawn: {text}"))
        canvas.box_dragged.connect(self._box_dragged)
        canvas.selection_changed.connect(lambda _element: self._show_style())
        canvas.text_edit_requested.connect(self.edit_text_inline)
        canvas.crop_dragged.connect(self.pictures.pan)
        canvas.crop_zoomed.connect(lambda f: self.pictures.zoom_to((self.pictures.zoom()
                                                                    or 1.0) * f))
        canvas.preview_width_changed.connect(lambda _width: self._request_preview())
        canvas.frame_shown.connect(self.preview_shown)
        canvas.frame_shown.connect(lambda _frame: self._show_background())
        self.inline.text_changed.connect(
            lambda element, text: self._copy_edited(COPY_FIELDS[element], text)
            if element in COPY_FIELDS else None)
        bar.snap_button.toggled.connect(lambda on: setattr(canvas, "snapping", on))
        bar.zone_button.toggled.connect(self._toggle_zone)
        bar.format_group.buttonClicked.connect(lambda button: self.set_format(button.text()))
        bar.regenerate_copy_action.triggered.connect(self.copy_control.regenerate)
        bar.regenerate_picture_action.triggered.connect(lambda: self.pictures.choose("another"))
        bar.revert_button.clicked.connect(self.revert_to_generated)
        bar.approve_button.clicked.connect(self.approve)
        self.copy_panel.copy_edited.connect(self._copy_edited)
        self.style_panel.style_edited.connect(self._style_edited)
        self.background_panel.scrim_edited.connect(self._scrim_edited)
        self.background_panel.crop_mode_toggled.connect(canvas.set_crop_mode)
        self.background_panel.zoom_changed.connect(self.pictures.zoom_to)
        self.background_panel.crop_reset.connect(self.pictures.reset_crop)
        self.background_panel.picture_requested.connect(self.pictures.choose)
        self.checks.source_requested.connect(self.copy_control.ask_for_source)
        self.copy_control.gate_changed.connect(self._gate_changed)
        session = self.session
        session.opened.connect(self._opened)
        session.load_failed.connect(self._load_failed)
        session.saved.connect(self._saved)
        session.kept.connect(lambda _records: self._show_qa(force=True))
        session.status_changed.connect(self._update_status)
        session.approved.connect(self.approved)
        session.variant_changed.connect(self.variant_changed)
        session.idle.connect(self.idle)
        if self._theme is not None:
            # A bound method, so the connection goes when the editor does.
            self._theme.changed.connect(self._theme_changed)

    def _theme_changed(self, _dark: bool) -> None:
        self._apply_theme()

    def _apply_theme(self) -> None:
        colors = self.colors
        self.setStyleSheet(editor_stylesheet(colors))
        self.canvas.set_colors(CanvasColors(colors is DARK, colors.accent))
        if self._theme is not None:
            self.toolbar.set_icons(self._theme)

    @property
    def colors(self) -> Colors:
        return self._theme.colors if self._theme is not None else LIGHT

    def _set_enabled(self, on: bool) -> None:
        bar = self.toolbar
        for widget in (self.copy_panel, self.style_panel, self.background_panel,
                       bar.regenerate_button, bar.revert_button, bar.approve_button,
                       bar.format_box, bar.snap_button, bar.zone_button):
            widget.setEnabled(on)

    # -- loading ------------------------------------------------------------------------------
    def _load_failed(self, message: str) -> None:
        self.canvas.set_message(f"This ad could not be opened: {message}")
        self.load_failed.emit(message)

    def _opened(self, ad: AdForEditing) -> None:
        session = self.session
        assert session.autosaver is not None
        draft = session.stored_draft()
        self.copy_control.start(ad.facts, zlib.crc32(ad.variant.id.encode("utf-8")) % 10_000)
        self.copy_panel.set_limits(limits_for(ad.platform))
        self.document = EditorDocument(draft, self._wanted_format, self)
        session.autosaver.state_changed.connect(self.toolbar.show_save_state)
        self.document.draft_changed.connect(self._draft_changed)
        self.document.format_changed.connect(self._format_changed)
        stack = self.document.undo_stack
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(self._undo_text)
        self.undo_action.triggered.connect(stack.undo)
        self.redo_action.triggered.connect(stack.redo)
        self.toolbar.set_formats(draft.formats)
        self._set_enabled(True)
        self._show_title(ad.variant.headline)
        self.toolbar.show_save_state("saved")
        self._format_changed(self.document.format)
        self._shown_copy = draft.copy
        self.copy_panel.set_copy(draft.copy)
        self.copy_control.check()
        self._update_status()
        self.pictures.show_thumbnail()
        self.loaded.emit()

    # -- what is on screen --------------------------------------------------------------------
    @property
    def format(self) -> str:
        return self.document.format if self.document is not None else self._wanted_format

    @property
    def draft(self) -> AdDraft:
        assert self.document is not None, "the ad is not loaded yet"
        return self.document.draft

    def set_format(self, format_key: str) -> None:
        """Show and edit another format's layout."""
        if self.document is not None:
            self.inline.close_editor(True)
            self.document.set_format(format_key)

    def _format_changed(self, format_key: str) -> None:
        assert self.document is not None
        button = self.format_buttons.get(format_key)
        if button is not None:
            button.setChecked(True)
        self.zone_button.setEnabled(get_format(format_key).safe_zone is not None)
        self.canvas.set_spec(self.document.spec)
        self._request_preview()
        self._show_style()
        self._show_background()
        self._show_qa()

    def _draft_changed(self, draft: AdDraft, _format_key: str) -> None:
        assert self.document is not None and self.autosaver is not None
        self.canvas.set_spec(self.document.spec)
        self._request_preview()
        if not self.canvas.dragging:
            self._show_style()
            self._show_background()
        copy = draft.copy
        if copy != self._shown_copy:  # a drag changes no copy: the side bar stays still
            self._shown_copy = copy
            self.copy_panel.set_copy(copy)
            self.copy_control.copy_changed()
            self._show_title(copy.headline)
        self.autosaver.changed(draft)
        self._show_qa()

    def _request_preview(self) -> None:
        width = self.canvas.preview_width()
        if self.document is not None and width > 0:
            self.renderer.request(self.document.spec, width)

    def _show_style(self) -> None:
        if self.document is None:
            return
        element, spec = self.canvas.selected, self.document.spec
        self.style_panel.show_element(element, style_of(spec, element) if element else None,
                                      spec.format)

    def _show_background(self) -> None:
        if self.document is not None and not self.canvas.dragging:
            self.background_panel.show_spec(self.document.spec, self.pictures.zoom())

    def _show_qa(self, force: bool = False) -> None:
        report = self.session.qa_of(self.format)
        shown = (self.format, self.session.revisions.get(self.format)) if report else "pending"
        if shown == self._qa_shown and not force:
            return
        self._qa_shown = shown
        self.checks.set_qa(report, pending=report is None)

    def _gate_changed(self, reasons: tuple[str, ...]) -> None:
        self.checks.set_gate(reasons)
        self._update_status()
        self.gate_changed.emit(reasons)

    def _update_status(self) -> None:
        self.toolbar.status_label.setText(
            f"{STATUS_TEXT.get(self.status, self.status.value)} · {self.variant_id}")
        ready = self.checks.ready and self.status is not VariantStatus.APPROVED
        self.approve_button.setEnabled(ready and self.document is not None)
        if self.status is VariantStatus.APPROVED:
            self.approve_button.setText("Approved ✓")
            self.approve_button.setToolTip("Approved. Any edit sends it back for review.")
        else:
            self.approve_button.setText("Approve")
            self.approve_button.setToolTip(
                "Approve this ad as it is now" if self.checks.ready else
                "The copy must pass the grounding gate first: see “Ready to ship?”")

    def _show_title(self, headline: str) -> None:
        shown = headline if len(headline) <= 48 else headline[:47] + "…"
        self.toolbar.title.setText(f"Edit ad · “{shown}”" if shown else "Edit ad")
        self.toolbar.title.setToolTip(headline)

    def _undo_text(self, text: str) -> None:
        button = self.toolbar.undo_button
        if isValid(button):  # the stack outlives the toolbar while both go away
            button.setToolTip(f"Undo {text} (Ctrl+Z)" if text else "Undo (Ctrl+Z)")

    def _toggle_zone(self, on: bool) -> None:
        self.canvas.show_safe_zone = on
        self.canvas.update()

    # -- edits --------------------------------------------------------------------------------
    def _box_dragged(self, element: str, box: Box) -> None:
        document = self.document
        if document is not None:
            document.edit_spec(f"move {element}", with_box(document.spec, element, box),
                               merge=f"move:{document.format}:{element}")

    def edit_text_inline(self, element: str) -> None:
        """Open the in-place field over a text element."""
        document = self.document
        role = text_role(element)
        if document is None or role is None:
            return
        box, block = box_of(document.spec, element), document.spec.text(role)
        if box is not None and block is not None:
            self.inline.open(element, block.text, self.canvas.box_rect(box))

    def _copy_edited(self, field: str, value: str) -> None:
        document = self.document
        if document is None or getattr(document.draft.copy, field) == value:
            return
        label = {"headline": "edit headline", "primary_text": "edit primary text",
                 "description": "edit description", "call_to_action": "change button"}[field]
        document.edit(label, document.draft.edit_copy(**{field: value}), merge=f"copy:{field}")

    def _style_edited(self, element: str, changes: dict[str, Any], merge: str) -> None:
        document = self.document
        if document is not None:
            key = f"style:{document.format}:{element}:{merge}" if merge else None
            document.edit_spec(f"restyle {element}", restyle(document.spec, element, **changes),
                               merge=key)

    def _scrim_edited(self, changes: dict[str, Any], merge: str) -> None:
        document = self.document
        if document is not None:
            spec = document.spec
            key = f"scrim:{document.format}:{merge}" if merge else None
            document.edit_spec("change scrim",
                               replace(spec, scrim=replace(spec.scrim, **changes)), merge=key)

    def revert_to_generated(self) -> None:
        """The copy and every layout as generated (one undoable step)."""
        if self.document is not None and self.generated is not None:
            draft = self.document.draft
            self.document.edit("revert to generated", draft.with_copy(
                self.generated.copy).with_specs(dict(self.generated.specs)))

    # Public entry points the tests and menus use.
    def use_picture_file(self, path: Path) -> None:
        self.pictures.use_file(path)

    def place_picture(self, placed: PlacedPicture) -> None:
        self.pictures.place(placed)

    def add_source(self, fact: Fact) -> None:
        self.copy_control.add_source(fact)

    # -- saving, approving, finishing ---------------------------------------------------------
    def _saved(self, saved: SavedEdit) -> None:
        self._show_qa()
        self.autosaved.emit(saved)

    def approve(self) -> None:
        """Approve the ad as it is now (once its edits are stored); only when the gate passes."""
        if self.checks.ready and self.document is not None:
            self.approve_button.setEnabled(False)
            self.session.approve()

    @property
    def busy(self) -> bool:
        """Whether an edit or a kept render is waiting or running."""
        return self.session.busy

    def finish(self) -> None:
        """Stop drawing and store what is left now; `idle` follows once it is stored."""
        self._finishing = True
        self.inline.close_editor(True)
        self.renderer.close()
        self.copy_control.stop()
        self.session.finish()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.finish()
        super().closeEvent(event)


def _no_assets(sha256: str) -> bytes:
    raise FileNotFoundError(sha256)
