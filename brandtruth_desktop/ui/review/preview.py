"""The large preview (Space in the grid): the ad's full render beside its copy, the facts it
cites with their quotes and pages, and what QA and the gate found.

The picture is the stored render of the ad's latest layout, or that layout drawn again at full
size by the one renderer; either way it is made on the job runner and the dialog shows
"Rendering…" until it arrives. The review keys work here too, so a reviewer can go through a
campaign at full size: ← → previous and next, A approve, R reject, U undo, E edit, Space or
Esc close.

Signals:
    navigate(int): -1 previous ad, +1 next.
    decide(str): "approved" or "rejected" for the ad shown.
    undo(): U.
    edit(): E.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.models import Fact, VariantStatus
from brandtruth_desktop.core.review import GridRow
from brandtruth_desktop.ui.review.grid_model import STATUS_LABELS
from brandtruth_desktop.ui.review.thumbnails import ThumbnailRequest, WorkspaceThumbnailSource

if TYPE_CHECKING:
    from brandtruth_desktop.storage.workspace import Workspace
    from brandtruth_desktop.ui.theme import Theme


def full_render(workspace: Workspace, request: ThumbnailRequest) -> QImage:
    """The ad at its format's full size (worker thread): its stored render when that shows
    the latest layout, else the layout rendered now."""
    from brandtruth_desktop.core.compose import get_format
    from brandtruth_desktop.ui.review.thumbnails import to_qimage

    source = WorkspaceThumbnailSource(workspace)
    if request.render_sha256:
        try:
            image = QImage.fromData(source.read(request.render_sha256))
        except OSError:
            image = QImage()  # the file is gone: draw it again
        if not image.isNull():
            return image
    fmt = get_format(request.format)
    return to_qimage(source.render(request, (fmt.width, fmt.height)))


class PictureView(QWidget):
    """A picture scaled to fit, centred, sharp on any screen; a message until it arrives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap: QPixmap | None = None
        self._message = ""
        self.setMinimumSize(QSize(360, 360))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_picture(self, image: QImage | None, message: str = "") -> None:
        self._pixmap = QPixmap.fromImage(image) if image is not None else None
        self._message = message
        self.update()

    @property
    def has_picture(self) -> bool:
        return self._pixmap is not None

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        if self._pixmap is None or self._pixmap.isNull():
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self._message)
            return
        size = QSize(self._pixmap.width(), self._pixmap.height())
        scale = min(area.width() / size.width(), area.height() / size.height())
        width, height = size.width() * scale, size.height() * scale
        target = QRectF(area.center().x() - width / 2, area.center().y() - height / 2,
                        width, height)
        painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))
        painter.setPen(QColor(0, 0, 0, 40))
        painter.drawRect(target.adjusted(-0.5, -0.5, 0.5, 0.5))


class PreviewDialog(QDialog):
    """The large preview (see the module docstring)."""

    navigate = Signal(int)
    decide = Signal(str)
    undo = Signal()
    edit = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewPreview")
        self.setWindowTitle("Preview")
        self._theme = theme
        self.row: GridRow | None = None
        self.format = ""
        self.picture = PictureView()
        self.details = QLabel()
        self.details.setObjectName("PreviewDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setOpenExternalLinks(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.details.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        side = QScrollArea()
        side.setObjectName("PreviewSide")
        side.viewport().setAutoFillBackground(False)
        self.details.setContentsMargins(16, 14, 16, 14)
        side.setWidget(self.details)
        side.setWidgetResizable(True)
        side.setFixedWidth(360)
        side.setFrameShape(QScrollArea.Shape.NoFrame)
        side.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        hint = QLabel("← → previous / next · A approve · R reject · U undo · E edit · "
                      "Space or Esc close")
        hint.setObjectName("Muted")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.picture, 1)
        row.addWidget(side)
        layout.addLayout(row, 1)
        layout.addWidget(hint)
        self.resize(1180, 760)
        colors = theme.colors
        self.setStyleSheet(
            f"#PreviewSide {{ background: {colors.surface}; border: 1px solid {colors.border};"
            f" border-radius: 10px; }} #PreviewDetails {{ background: transparent; }}")

    def show_ad(self, row: GridRow, format_key: str, facts: Mapping[str, Fact],
                *, image: QImage | None = None) -> None:
        """Show an ad (its picture follows with `set_image`, unless given)."""
        same = self.row is not None and self.row.variant_id == row.variant_id and \
            self.format == format_key
        self.row, self.format = row, format_key
        self.setWindowTitle(f"Preview — {row.headline}")
        self.details.setText(describe(row, format_key, facts, self._theme))
        if image is not None:
            self.picture.set_picture(image)
        elif not same or not self.picture.has_picture:
            self.picture.set_picture(None, "Rendering…")

    def set_image(self, variant_id: str, format_key: str, image: QImage | None,
                  problem: str = "") -> None:
        """The picture arrived (or could not be made) for the ad it was asked for."""
        if self.row is None or (self.row.variant_id, self.format) != (variant_id, format_key):
            return
        self.picture.set_picture(image, problem or "No preview")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Escape):
            self.close()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.navigate.emit(-1)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.navigate.emit(1)
        elif key == Qt.Key.Key_A:
            self.decide.emit(VariantStatus.APPROVED.value)
        elif key == Qt.Key.Key_R:
            self.decide.emit(VariantStatus.REJECTED.value)
        elif key == Qt.Key.Key_U:
            self.undo.emit()
        elif key in (Qt.Key.Key_E, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit.emit()
        else:
            super().keyPressEvent(event)


STATUS_COLOURS = {
    VariantStatus.PENDING: lambda c, dark: ("#333a47" if dark else "#e3e6ec", c.text),
    VariantStatus.APPROVED: lambda c, dark: ("#2ea043" if dark else "#1a7f37", "#ffffff"),
    VariantStatus.REJECTED: lambda c, dark: (c.danger, "#ffffff"),
    VariantStatus.EDITED: lambda c, dark: (c.accent, c.accent_text),
}


def describe(row: GridRow, format_key: str, facts: Mapping[str, Fact], theme: Theme) -> str:
    """The side panel: status, copy, cited facts with quotes and pages, QA and gate."""
    colors = theme.colors
    e = html.escape
    fill, ink = STATUS_COLOURS[row.status](colors, theme.dark)
    parts = [
        f"<p><span style='background-color:{fill}; color:{ink}; font-weight:600'>"
        f"&nbsp;{e(STATUS_LABELS[row.status])}&nbsp;</span>"
        f"<span style='color:{colors.muted}'>&nbsp; {e(row.angle.replace('_', ' '))} · "
        f"{e(format_key)} · score {row.score(format_key)}</span></p>",
        f"<h2 style='margin:4px 0'>{e(row.headline)}</h2>",
        f"<p>{e(row.primary_text)}</p>",
    ]
    if row.description:
        parts.append(f"<p style='color:{colors.muted}'>{e(row.description)}</p>")
    if row.call_to_action:
        parts.append(f"<p><b>Button:</b> {e(row.call_to_action.replace('_', ' ').title())}</p>")
    parts.append("<h3>Facts it rests on</h3>")
    cited = [facts.get(fact_id) for fact_id in row.fact_ids]
    if not row.fact_ids:
        parts.append("<p>None.</p>")
    for fact_id, fact in zip(row.fact_ids, cited, strict=True):
        if fact is None:
            parts.append(f"<p>{e(fact_id)}: no longer in the campaign.</p>")
            continue
        source = (f"<a href='{e(fact.source_url)}'>{e(fact.source_url)}</a>"
                  if fact.source_url else "no page")
        parts.append(f"<p>“{e(fact.quote or fact.text)}”<br>"
                     f"<span style='color:{colors.muted}'>{e(str(fact.kind))} · risk "
                     f"{e(str(fact.risk))} · {source}</span></p>")
    state = row.state(format_key)
    problems = list(state.problems) if state is not None else []
    notes = list(state.notes) if state is not None else []
    if problems or notes or row.gate:
        parts.append("<h3>Needs attention</h3>")
        for text in problems:
            parts.append(f"<p style='color:{colors.danger}'>⚠ {e(text)}</p>")
        for text in row.gate:
            parts.append(f"<p style='color:{colors.danger}'>⚠ Grounding gate: it {e(text)}.</p>")
        for text in notes:
            parts.append(f"<p style='color:{colors.muted}'>{e(text)}</p>")
    else:
        parts.append(f"<p style='color:{colors.muted}'>QA and the grounding gate found "
                     "nothing to fix.</p>")
    if state is not None and not state.fresh:
        parts.append(f"<p style='color:{colors.muted}'>The layout changed since it was last "
                     "rendered; this preview is drawn from the latest layout.</p>")
    return "".join(parts)
