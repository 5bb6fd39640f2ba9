"""The review screen's filter bar: the format switcher, the status, angle and warnings filters
and the sort order.

Signals:
    format_changed(str): another format was chosen.
    filter_changed(object): the ReviewFilter the widgets now describe.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from brandtruth_desktop.core.review import WarningKind
from brandtruth_desktop.ui.review.filters import TO_REVIEW, ReviewFilter, SortOrder

STATUS_CHOICES = (("All statuses", ""), ("To review", TO_REVIEW), ("Pending", "pending"),
                  ("Edited", "edited"), ("Approved", "approved"), ("Rejected", "rejected"))
WARNING_CHOICES = (("Any warnings", ""), ("With warnings", "some"), ("No warnings", "none"),
                   *((kind.label, kind.value) for kind in WarningKind))
SORT_CHOICES = (("As written", SortOrder.WRITTEN), ("Newest first", SortOrder.NEWEST),
                ("Best score first", SortOrder.SCORE_BEST),
                ("Lowest score first", SortOrder.SCORE_WORST))


class ReviewFilterBar(QWidget):
    """Format switcher, filters and sort (see the module docstring)."""

    format_changed = Signal(str)
    filter_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.formats = QButtonGroup(self)
        self.formats.setExclusive(True)
        self._format_row = QHBoxLayout()
        self._format_row.setSpacing(0)
        switcher = QWidget()
        switcher.setObjectName("FormatSwitcher")
        switcher.setLayout(self._format_row)
        self._format_row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(switcher)
        row.addSpacing(10)
        self.status = self._combo("Status", STATUS_CHOICES)
        self.angle = self._combo("Angle", (("All angles", ""),))
        self.warnings = self._combo("Warnings", WARNING_CHOICES)
        sort_label = QLabel("Sort")
        sort_label.setObjectName("Muted")
        self.sort = self._combo("Sort order", [(label, order.value) for label, order in
                                               SORT_CHOICES])
        for widget in (self.status, self.angle, self.warnings):
            row.addWidget(widget)
        row.addSpacing(10)
        row.addWidget(sort_label)
        row.addWidget(self.sort)
        row.addStretch(1)
        self.formats.idClicked.connect(self._format_clicked)
        self._keys: list[str] = []

    def _combo(self, name: str, choices: Sequence[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for label, value in choices:
            combo.addItem(label, value)
        combo.currentIndexChanged.connect(lambda _i: self.filter_changed.emit(self.value()))
        return combo

    # -- state ---------------------------------------------------------------------------------
    def set_formats(self, keys: Sequence[str], current: str) -> None:
        """The campaign's formats as a row of toggle buttons."""
        for button in self.formats.buttons():
            self.formats.removeButton(button)
            button.deleteLater()
        self._keys = list(keys)
        for number, key in enumerate(self._keys):
            button = QToolButton()
            button.setObjectName("FormatButton")
            button.setText(key)
            button.setCheckable(True)
            button.setToolTip(f"Show the ads in {key} ({number + 1})")
            button.setProperty("first", number == 0)
            button.setProperty("last", number == len(self._keys) - 1)
            button.setChecked(key == current)
            self.formats.addButton(button, number)
            self._format_row.addWidget(button)

    def set_angles(self, angles: Sequence[str]) -> None:
        self.angle.blockSignals(True)
        self.angle.clear()
        self.angle.addItem("All angles", "")
        for angle in angles:
            self.angle.addItem(angle.replace("_", " ").capitalize(), angle)
        self.angle.blockSignals(False)

    def choose_format(self, number: int) -> None:
        """Show the format of this number (0 is the first)."""
        button = self.formats.button(number)
        if button is not None and not button.isChecked():
            button.setChecked(True)
            self._format_clicked(number)

    def current_format(self) -> str:
        number = self.formats.checkedId()
        return self._keys[number] if 0 <= number < len(self._keys) else ""

    def value(self) -> ReviewFilter:
        return ReviewFilter(
            status=str(self.status.currentData() or ""),
            angle=str(self.angle.currentData() or ""),
            warnings=str(self.warnings.currentData() or ""),
            sort=SortOrder(str(self.sort.currentData() or SortOrder.WRITTEN.value)),
        )

    def clear_filters(self) -> None:
        """Every filter back to "any" (the sort order stays)."""
        for combo in (self.status, self.angle, self.warnings):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.filter_changed.emit(self.value())

    def _format_clicked(self, number: int) -> None:
        if 0 <= number < len(self._keys):
            self.format_changed.emit(self._keys[number])
