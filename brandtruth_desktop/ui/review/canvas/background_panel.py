"""The picture behind the ad and the scrim over it.

Picture: a thumbnail of what the ad shows, "Change picture" (the campaign's pictures, a file,
or another one found by the campaign's image sources, keeping the layout), "Adjust crop" (drag
the photo on the canvas, scroll or use the zoom slider), and "Reset crop". Scrim: its kind,
strength, and whether the renderer may strengthen it where the text needs more contrast.

Signals:
    picture_requested(str): "campaign", "file" or "another".
    crop_mode_toggled(bool): the canvas moves the photo instead of elements.
    zoom_changed(float): the crop's zoom (1 = the whole photo as far as the box allows).
    crop_reset(): the crop the layout was generated with.
    scrim_edited(object, str): the scrim fields changed (a dict) and a merge key ("" or
        "strength" while the slider moves).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.compose import ScrimKind
from brandtruth_desktop.core.compose.spec import LayoutSpec

THUMB = 88


class BackgroundPanel(QWidget):
    """Picture, crop and scrim controls (see the module docstring)."""

    picture_requested = Signal(str)
    crop_mode_toggled = Signal(bool)
    zoom_changed = Signal(float)
    crop_reset = Signal()
    scrim_edited = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)

        top = QHBoxLayout()
        top.setSpacing(12)
        self.thumbnail = QLabel()
        self.thumbnail.setObjectName("PictureThumb")
        self.thumbnail.setFixedSize(THUMB, THUMB)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top.addWidget(self.thumbnail)
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        self.picture_button = QToolButton()
        self.picture_button.setObjectName("ChangePicture")
        self.picture_button.setText("Change picture")
        self.picture_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.picture_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.picture_button)
        menu.addAction("From this campaign's pictures…",
                       lambda: self.picture_requested.emit("campaign"))
        menu.addAction("From a file…", lambda: self.picture_requested.emit("file"))
        menu.addSeparator()
        menu.addAction("Find another picture", lambda: self.picture_requested.emit("another"))
        self.picture_button.setMenu(menu)
        self.crop_button = QPushButton("Adjust crop")
        self.crop_button.setObjectName("AdjustCrop")
        self.crop_button.setCheckable(True)
        self.crop_button.setToolTip("Drag the photo on the canvas to move it; scroll to zoom")
        self.crop_button.toggled.connect(self.crop_mode_toggled)
        buttons.addWidget(self.picture_button)
        buttons.addWidget(self.crop_button)
        buttons.addStretch(1)
        top.addLayout(buttons, 1)
        column.addLayout(top)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        zoom_row = QHBoxLayout()
        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setAccessibleName("Zoom")
        self.zoom.setRange(100, 400)
        self.zoom.valueChanged.connect(self._zoomed)
        self.reset_button = QToolButton()
        self.reset_button.setText("Reset")
        self.reset_button.setToolTip("The crop the layout was made with")
        self.reset_button.clicked.connect(self.crop_reset)
        zoom_row.addWidget(self.zoom, 1)
        zoom_row.addWidget(self.reset_button)
        self.zoom_label = self._label("Zoom")
        form.addRow(self.zoom_label, zoom_row)

        self.scrim_kind = QComboBox()
        self.scrim_kind.setAccessibleName("Scrim")
        for kind, name in ((ScrimKind.NONE, "None"), (ScrimKind.GRADIENT, "Gradient"),
                           (ScrimKind.SOLID, "Solid")):
            self.scrim_kind.addItem(name, kind.value)
        self.scrim_kind.activated.connect(self._kind_chosen)
        form.addRow(self._label("Scrim"), self.scrim_kind)
        strength_row = QHBoxLayout()
        self.strength = QSlider(Qt.Orientation.Horizontal)
        self.strength.setObjectName("ScrimStrength")
        self.strength.setAccessibleName("Scrim strength")
        self.strength.setRange(0, 100)
        self.strength.valueChanged.connect(self._strength_changed)
        self.strength_value = QLabel("0 %")
        self.strength_value.setObjectName("Muted")
        self.strength_value.setMinimumWidth(40)
        strength_row.addWidget(self.strength, 1)
        strength_row.addWidget(self.strength_value)
        form.addRow(self._label("Strength"), strength_row)
        self.scrim_auto = QCheckBox("Stronger where text needs contrast")
        self.scrim_auto.setToolTip("The renderer may raise the strength just enough for the "
                                   "text to reach its contrast")
        self.scrim_auto.toggled.connect(
            lambda on: self._emit({"auto": on}) if not self._quiet else None)
        form.addRow("", self.scrim_auto)
        column.addLayout(form)

    @staticmethod
    def _label(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("FieldLabel")
        return label

    # -- showing ------------------------------------------------------------------------------
    def show_spec(self, spec: LayoutSpec, zoom: float | None) -> None:
        """Show the background and scrim of `spec`; `zoom` None when there is no photo."""
        self._quiet = True
        try:
            has_photo = zoom is not None
            for widget in (self.zoom, self.reset_button, self.zoom_label, self.crop_button):
                widget.setEnabled(has_photo)
            if not has_photo and self.crop_button.isChecked():
                self.crop_button.setChecked(False)
            self.zoom.setValue(round((zoom or 1.0) * 100))
            scrim = spec.scrim
            self.scrim_kind.setCurrentIndex(max(0, self.scrim_kind.findData(scrim.kind.value)))
            self.strength.setEnabled(scrim.kind is not ScrimKind.NONE)
            self.scrim_auto.setEnabled(scrim.kind is not ScrimKind.NONE)
            self.strength.setValue(round(scrim.strength * 100))
            self.strength_value.setText(f"{round(scrim.strength * 100)} %")
            self.scrim_auto.setChecked(scrim.auto)
        finally:
            self._quiet = False

    def set_thumbnail(self, pixmap: QPixmap | None) -> None:
        if pixmap is None or pixmap.isNull():
            self.thumbnail.setText("No photo")
            self.thumbnail.setPixmap(QPixmap())
            return
        self.thumbnail.setPixmap(pixmap.scaled(
            THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation).copy(0, 0, THUMB, THUMB))

    # -- editing ------------------------------------------------------------------------------
    def _emit(self, changes: dict[str, Any], merge: str = "") -> None:
        if not self._quiet:
            self.scrim_edited.emit(changes, merge)

    def _zoomed(self, value: int) -> None:
        if not self._quiet:
            self.zoom_changed.emit(value / 100)

    def _kind_chosen(self, index: int) -> None:
        kind = ScrimKind(self.scrim_kind.itemData(index))
        changes: dict[str, Any] = {"kind": kind}
        if kind is not ScrimKind.NONE and self.strength.value() == 0:
            changes["strength"] = 0.45  # a new scrim should be visible at once
        self._emit(changes)

    def _strength_changed(self, value: int) -> None:
        self.strength_value.setText(f"{value} %")
        self._emit({"strength": value / 100}, "strength")
