"""Drives the large preview from the review screen: which ad it shows, its full-size picture
(made on the job runner, the last few kept), and the review keys pressed inside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtGui import QImage

from brandtruth_desktop.core.compose.lru import LRU
from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.review import GridRow
from brandtruth_desktop.ui.review.preview import PreviewDialog, full_render
from brandtruth_desktop.ui.review.session import call_quietly
from brandtruth_desktop.ui.review.thumbnails import ThumbnailRequest

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.ui.review.screen import ReviewScreen
    from brandtruth_desktop.ui.theme import Theme


class PreviewControl(QObject):
    """Opens and feeds the screen's PreviewDialog."""

    def __init__(self, screen: ReviewScreen, context: AppContext, theme: Theme) -> None:
        super().__init__(screen)
        self._screen = screen
        self._context = context
        self._theme = theme
        self._dialog: PreviewDialog | None = None
        self._images: LRU[ThumbnailRequest, QImage] = LRU(8)
        self._loading: set[ThumbnailRequest] = set()
        screen.model.dataChanged.connect(self._rows_changed)

    @property
    def dialog(self) -> PreviewDialog | None:
        return self._dialog

    def show_row(self, row: GridRow) -> None:
        """Show an ad in the preview, opening it if need be."""
        dialog = self._ensure_dialog()
        model = self._screen.model
        review = self._screen.session.review
        request = model.thumbnail_request(row)
        image = self._images.get(request) if request is not None else None
        dialog.show_ad(row, model.format, review.facts if review is not None else {},
                       image=image)
        if not dialog.isVisible():
            dialog.open()
        dialog.raise_()
        dialog.activateWindow()
        if request is not None and image is None:
            self._load(request)

    def _ensure_dialog(self) -> PreviewDialog:
        if self._dialog is None:
            dialog = PreviewDialog(self._theme, self._screen)
            dialog.navigate.connect(self._navigate)
            dialog.decide.connect(self._decide)
            dialog.undo.connect(self._undo)
            dialog.edit.connect(self._edit)
            self._dialog = dialog
        return self._dialog

    def _load(self, request: ThumbnailRequest) -> None:
        workspace = self._context.workspace
        if workspace is None or request in self._loading:
            return
        self._loading.add(request)

        def loaded(image: QImage) -> None:
            self._loading.discard(request)
            self._images.put(request, image)
            if self._dialog is not None:
                self._dialog.set_image(request.variant_id, request.format, image)

        def failed(error: BaseException) -> None:
            self._loading.discard(request)
            if self._dialog is not None:
                self._dialog.set_image(request.variant_id, request.format, None,
                                       f"No preview: {error}")

        if not call_quietly(self._context.runner, "Rendering the preview",
                            lambda: full_render(workspace, request),
                            on_success=loaded, on_failure=failed):
            self._loading.discard(request)

    def _navigate(self, step: int) -> None:
        row = self._screen.move_current(step)
        if row is not None:
            self.show_row(row)

    def _decide(self, status: str) -> None:
        self._screen.decide_selected(VariantStatus(status))
        row = self._screen.current_row()
        if row is not None:
            self.show_row(row)

    def _undo(self) -> None:
        self._screen.undo()
        row = self._screen.current_row()
        if row is not None:
            self.show_row(row)

    def _edit(self) -> None:
        if self._dialog is not None:
            self._dialog.close()
        self._screen.edit_current()

    def _rows_changed(self, first: QModelIndex | QPersistentModelIndex,
                      last: QModelIndex | QPersistentModelIndex, _roles: object = None) -> None:
        dialog = self._dialog
        if dialog is None or not dialog.isVisible() or dialog.row is None:
            return
        number = self._screen.model.row_of(dialog.row.variant_id)
        if first.row() <= number <= last.row():
            row = self._screen.model.row_at(number)
            review = self._screen.session.review
            if row is not None and row != dialog.row:
                dialog.show_ad(row, dialog.format, review.facts if review is not None else {})
