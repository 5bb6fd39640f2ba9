"""Page 5, Formats and render: which of the five formats to make. Finishing starts the
rendering in the background and closes the wizard onto the new campaign."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from brandtruth_desktop.core.compose.formats import FORMATS
from brandtruth_desktop.ui.wizard.session import WizardSession
from brandtruth_desktop.ui.wizard.steps import add_page_header

if TYPE_CHECKING:
    from brandtruth_desktop.ui.theme import Theme


class FormatShape(QWidget):
    """A small outline of a format's proportions."""

    def __init__(self, width: int, height: int, theme: Theme) -> None:
        super().__init__()
        self._ratio = width / height
        self._theme = theme
        self.setFixedSize(QSize(44, 44))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = 36.0
        w, h = (side, side / self._ratio) if self._ratio >= 1 else (side * self._ratio, side)
        rect = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        painter.setPen(QPen(QColor(self._theme.colors.accent), 1.6))
        painter.setBrush(QColor(self._theme.colors.selection))
        painter.drawRoundedRect(rect, 3, 3)
        painter.end()


class FormatsPage(QWizardPage):
    """The formats to render; see the module docstring."""

    def __init__(self, session: WizardSession, theme: Theme, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("FormatsPage")
        self._subtitle = ("Every ad is rendered in each format you choose, with a quality report "
                         "(contrast, text size, safe zones) for each image.")
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(14)
        add_page_header(layout, "Formats and render", self._subtitle)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(12)
        self.boxes: dict[str, QCheckBox] = {}
        for row, fmt in enumerate(FORMATS.values()):
            box = QCheckBox(f"{fmt.key}")
            box.setChecked(True)
            box.setAccessibleName(f"{fmt.key} {fmt.label}")
            box.toggled.connect(lambda _on: self._update())
            self.boxes[fmt.key] = box
            size = QLabel(f"{fmt.width} × {fmt.height}")
            size.setObjectName("Muted")
            use = QLabel(fmt.label)
            grid.addWidget(FormatShape(fmt.width, fmt.height, theme), row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(use, row, 2)
            grid.addWidget(size, row, 3)
        grid.setColumnMinimumWidth(1, 76)
        grid.setColumnStretch(2, 1)
        holder = QHBoxLayout()
        holder.addLayout(grid)
        holder.addStretch(1)
        layout.addLayout(holder)
        self.summary = QLabel("")
        self.summary.setObjectName("SectionTitle")
        layout.addWidget(self.summary)
        note = QLabel("Rendering carries on in the background after this window closes. The "
                      "campaign appears on the Campaigns screen, where its status and counts "
                      "update as each image is made. Closing BrandTruth meanwhile loses "
                      "nothing: open the campaign again to finish it.")
        note.setObjectName("Muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)

    def formats(self) -> tuple[str, ...]:
        return tuple(key for key, box in self.boxes.items() if box.isChecked())

    def initializePage(self) -> None:
        plan = self.session.plan
        if plan is not None and plan.formats:
            for key, box in self.boxes.items():
                box.setChecked(key in plan.formats)
        self._update()
        next(iter(self.boxes.values())).setFocus()

    def _ads(self) -> int:
        copy_page = getattr(self.wizard(), "copy_page", None)
        return copy_page.variants.rowCount() if copy_page is not None else 0

    def _update(self) -> None:
        ads, formats = self._ads(), len(self.formats())
        self.summary.setText(
            f"{ads} ads × {formats} format{'s' if formats != 1 else ''} = {ads * formats} "
            "images" if formats else "Choose at least one format.")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.formats())

    def cleanupPage(self) -> None:
        """Going Back keeps the choice (nothing is reset)."""
