"""The ad's picture in the editor: choosing another one and adjusting its crop.

A new picture (one of the campaign's, a file, or another found by the campaign's image
sources) goes into every format's layout, cropped around its subject; the boxes, colours and
scrim stay (`core.editing.crop.with_photo`). The crop of the format on screen is panned by
dragging the photo on the canvas and zoomed with the wheel or the slider. Every change is an
undoable edit; finding and storing pictures runs on the job runner.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog
from shiboken6 import isValid

from brandtruth_desktop.core.compose import LayoutSpec
from brandtruth_desktop.core.editing.crop import (
    fit_crop,
    pan_crop,
    picture_aspect,
    with_crop,
    with_generated,
    with_photo,
    zoom_crop,
    zoom_of,
)
from brandtruth_desktop.editor_services import PlacedPicture
from brandtruth_desktop.ui.review.canvas.saving import ad_picture

if TYPE_CHECKING:
    from brandtruth_desktop.core.pipeline import ImageChoice
    from brandtruth_desktop.ui.review.canvas.editor import CanvasEditor

IMAGE_FILES = "Images (*.jpg *.jpeg *.png *.webp *.gif *.bmp *.tif *.tiff)"


class PictureControl(QObject):
    """Picture and crop edits of one editor (see the module docstring)."""

    def __init__(self, editor: CanvasEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    # -- crop -----------------------------------------------------------------------------------
    def source_size(self) -> tuple[int, int] | None:
        """The photo's pixel size, as the last preview of the same photo measured it."""
        frame, document = self.editor.canvas.frame, self.editor.document
        if (frame is not None and document is not None and frame.picture_source
                and all(frame.picture_source)
                and frame.spec.background.image_sha256 == document.spec.background.image_sha256):
            return frame.picture_source
        return None

    def zoom(self) -> float | None:
        """The crop's zoom in the format on screen (None without a photo)."""
        document, source = self.editor.document, self.source_size()
        if document is None or source is None or not document.spec.background.image_sha256:
            return None
        spec = document.spec
        return zoom_of(spec.background.crop, source, picture_aspect(spec))

    def pan(self, dx: float, dy: float) -> None:
        document, source = self.editor.document, self.source_size()
        if document is None or source is None:
            return
        spec = document.spec
        crop = pan_crop(spec.background.crop, source, picture_aspect(spec),
                        spec.background.image_box, dx, dy)
        document.edit_spec("move photo", with_crop(spec, crop), merge=f"crop:{document.format}")

    def zoom_to(self, zoom: float) -> None:
        document, source = self.editor.document, self.source_size()
        if document is None or source is None:
            return
        spec = document.spec
        crop = zoom_crop(spec.background.crop, source, picture_aspect(spec), zoom)
        document.edit_spec("zoom photo", with_crop(spec, crop), merge=f"crop:{document.format}")

    def reset_crop(self) -> None:
        """The crop the layout was generated with (for the same photo), else a centred one."""
        document, generated = self.editor.document, self.editor.generated
        if document is None or generated is None:
            return
        spec = document.spec
        original = dict(generated.specs).get(document.format)
        crop = None
        if original is not None and \
                original.background.image_sha256 == spec.background.image_sha256:
            crop = original.background.crop
        source = self.source_size()
        if crop is None and source is not None:
            crop = fit_crop(None, source, picture_aspect(spec))
        document.edit_spec("reset crop", with_crop(spec, crop))

    # -- another picture ------------------------------------------------------------------------
    def choose(self, how: str) -> None:
        """Put another picture into the ad: "campaign", "file" or "another"."""
        editor = self.editor
        services, ad = editor.services, editor.ad
        if services is None or ad is None or editor.document is None:
            return
        runner = editor.context.runner
        shown = ad_picture(editor.document.draft)
        shown_key = shown if isinstance(shown, str) else None
        if how == "campaign":
            from brandtruth_desktop.ui.review.canvas.picture_dialog import PictureDialog

            dialog = PictureDialog(ad.pictures, shown_key, runner, services.workspace.assets,
                                   editor)
            choice = dialog.chosen() if dialog.exec() == PictureDialog.DialogCode.Accepted \
                else None
            if choice is not None:
                runner.call("Placing the picture", lambda: services.place(choice),
                            on_success=self.place, on_failure=self._failed)
        elif how == "file":
            path, _filter = QFileDialog.getOpenFileName(editor, "Choose a picture",
                                                        str(Path.home()), IMAGE_FILES)
            if path:
                self.use_file(Path(path))
        else:
            editor.regenerate_picture_action.setEnabled(False)
            runner.start("Finding another picture",
                         lambda: services.another_picture(ad, shown_key),
                         on_success=self._found, on_failure=self._failed,
                         on_cancelled=self._settled, kind="regenerate")

    def use_file(self, path: Path) -> None:
        """Put an image file into the ad (stored and recorded in the licence ledger)."""
        editor = self.editor
        services = editor.services
        if services is None:
            return
        campaign_id, variant_id = editor.campaign_id, editor.variant_id
        editor.context.runner.call(
            "Adding the picture",
            lambda: services.picture_from_file(campaign_id, variant_id, path),
            on_success=self.place, on_failure=self._failed)

    def place(self, placed: PlacedPicture, label: str = "change picture") -> None:
        """The picture in every format, cropped around its subject; the boxes stay."""
        editor = self.editor
        if not isValid(self) or editor.document is None or editor.rules is None:
            return
        editor.rules.remember([placed.choice])
        draft = editor.document.draft
        specs: dict[str, LayoutSpec] = {}
        for key, spec in draft.specs:
            if placed.generated is not None:
                specs[key] = with_generated(spec, placed.generated)
            elif placed.sha256 is not None:
                specs[key] = with_photo(spec, placed.sha256, placed.size, placed.focal_point)
        editor.document.edit(label, draft.with_specs(specs))
        self.show_thumbnail(placed.choice)

    def _found(self, placed: PlacedPicture | None) -> None:
        if not isValid(self):
            return
        self._settled()
        if placed is None:
            self.editor.context.messages.info(
                "No other picture was found in this campaign's image sources. Choose a file "
                "instead.", 8000)
            return
        self.place(placed, label="regenerate picture")

    def _settled(self) -> None:
        if isValid(self):
            self.editor.regenerate_picture_action.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        if isValid(self):
            self._settled()
            self.editor.context.messages.show_warning("The picture could not be used",
                                                      str(error) or type(error).__name__)

    def show_thumbnail(self, choice: ImageChoice | None = None) -> None:
        """The side bar's thumbnail of the ad's picture (made on the runner)."""
        editor = self.editor
        services, ad = editor.services, editor.ad
        if services is None or ad is None:
            return
        choice = choice or ad.choice
        panel = editor.background_panel
        if choice is None:
            panel.set_thumbnail(None)
            return
        from brandtruth_desktop.ui.review.canvas.picture_dialog import picture_thumbnail

        assets = services.workspace.assets
        picked = choice

        def shown(image: Any) -> None:
            if isValid(panel):
                panel.set_thumbnail(QPixmap.fromImage(image))

        editor.context.runner.call("Loading the picture",
                                   lambda: picture_thumbnail(picked, assets, 176),
                                   on_success=shown, on_failure=lambda _error: None)
