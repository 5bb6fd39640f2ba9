"""The fact tree as the Brand truth page shows it: text with its quote, a risk badge, a link.

`FactTreeView` draws each fact on two lines (its text, and beneath it the exact quote from
the page, muted), its risk as a coloured badge with a word (colour is never the only signal),
and its page as a link that opens in the browser (click, or Enter on the row with
Ctrl+Enter). Double-click or F2 edits a fact's text; the risk cell offers a list.

Signals:
    open_source(str): the person asked to open a fact's source page.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from brandtruth_desktop.core.models import Risk
from brandtruth_desktop.ui.theme import Theme
from brandtruth_desktop.ui.wizard.fact_model import RISK_LABELS, FactColumn, FactRole

AnyIndex = QModelIndex | QPersistentModelIndex

# (background, text) per risk, light and dark schemes; the word is always drawn too.
RISK_COLOURS = {
    False: {
        Risk.LOW: ("#e3f4e8", "#1b6b35"), Risk.MEDIUM: ("#fff1cc", "#7a5200"),
        Risk.HIGH: ("#fde3e1", "#a3231b"), Risk.BLOCKED: ("#4a1f1c", "#ffffff"),
    },
    True: {
        Risk.LOW: ("#1d3b27", "#9be0b0"), Risk.MEDIUM: ("#3d3216", "#ffd98a"),
        Risk.HIGH: ("#4a2220", "#ffb4ab"), Risk.BLOCKED: ("#e6e0df", "#4a1f1c"),
    },
}
PAD = 6


class FactTextDelegate(QStyledItemDelegate):
    """Column 0: the check box, the fact's text, and its quote beneath in muted italics."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if index.data(FactRole.IS_GROUP):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, quote = opt.text, str(index.data(FactRole.QUOTE) or "")
        user = bool(index.data(FactRole.USER_SUPPLIED))
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is None:
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        area = area.adjusted(2, PAD - 2, -4, -PAD + 2)
        if _same(quote, text) and not user and opt.checkState != Qt.CheckState.Unchecked:
            area = area.adjusted(0, (area.height() - QFontMetrics(opt.font).height()) // 2, 0, 0)
        excluded = opt.checkState == Qt.CheckState.Unchecked
        colors = self._theme.colors
        painter.save()
        main = QFont(opt.font)
        painter.setFont(main)
        painter.setPen(QColor(colors.muted if excluded else colors.text))
        metrics = QFontMetrics(main)
        first = QRect(area.left(), area.top(), area.width(), metrics.height())
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, first.width())
        if excluded:
            main.setStrikeOut(True)
            painter.setFont(main)
        painter.drawText(first, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
        small = QFont(opt.font)
        small.setItalic(not user)
        small.setPointSizeF(max(7.0, opt.font.pointSizeF() - 1))
        painter.setFont(small)
        painter.setPen(QColor(colors.muted))
        small_metrics = QFontMetrics(small)
        second = QRect(area.left(), first.bottom() + 2, area.width(), small_metrics.height())
        if user:
            line = "Added by you"
        elif _same(quote, text):
            line = ""  # the text is the page's own words: one line says it all
        else:
            line = f"The page says: “{quote}”"
        if excluded:
            line = "Not used in ads" + (f" · {line}" if line else "")
        if not line:
            painter.restore()
            return
        painter.drawText(second, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         small_metrics.elidedText(line, Qt.TextElideMode.ElideRight,
                                                  second.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(FactRole.IS_GROUP):
            return QSize(size.width(), max(size.height(), QFontMetrics(option.font).height()
                                           + 2 * PAD + 4))
        metrics = QFontMetrics(option.font)
        one_line = (not index.data(FactRole.USER_SUPPLIED)
                    and _same(str(index.data(FactRole.QUOTE) or ""), str(index.data() or ""))
                    and index.data(Qt.ItemDataRole.CheckStateRole) != Qt.CheckState.Unchecked)
        if one_line:
            return QSize(size.width(), metrics.height() + 2 * PAD + 6)
        return QSize(size.width(), 2 * metrics.height() + 2 * PAD + 2)


class RiskBadgeDelegate(QStyledItemDelegate):
    """Column 1: the risk as a rounded badge (colour and word); edited with a list."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        risk = _as_risk(index.data(FactRole.RISK))
        if risk is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        background, ink = RISK_COLOURS[self._theme.dark][risk]
        label = RISK_LABELS[risk]
        font = QFont(option.font)
        font.setPointSizeF(max(7.0, option.font.pointSizeF() - 1))
        font.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(font)
        width = metrics.horizontalAdvance(label) + 18
        height = metrics.height() + 6
        rect = QRect(option.rect.left() + 6, option.rect.center().y() - height // 2, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QPen(QColor(ink)))
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(max(size.width(), 96), size.height())

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        for risk, label in RISK_LABELS.items():
            combo.addItem(label, risk.value)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            risk = _as_risk(index.data(FactRole.RISK))
            position = editor.findData(risk.value if risk is not None else "low")
            editor.setCurrentIndex(max(0, position))

    def setModelData(self, editor: QWidget, model: object, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            index.model().setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class SourceLinkDelegate(QStyledItemDelegate):
    """Column 2: the source page's name, drawn as a link."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme

    def initStyleOption(self, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().initStyleOption(option, index)
        if index.data(FactRole.SOURCE_URL):
            option.font.setUnderline(True)
            option.palette.setColor(option.palette.ColorRole.Text,
                                    QColor(self._theme.colors.accent))


class FactTreeView(QTreeView):
    """The facts tree with its delegates; see the module docstring."""

    open_source = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FactTree")
        self.setUniformRowHeights(False)
        self.setAlternatingRowColors(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        self.setRootIsDecorated(True)
        self.setAnimated(False)
        self.setItemDelegateForColumn(FactColumn.TEXT, FactTextDelegate(theme, self))
        self.setItemDelegateForColumn(FactColumn.RISK, RiskBadgeDelegate(theme, self))
        self.setItemDelegateForColumn(FactColumn.SOURCE, SourceLinkDelegate(theme, self))
        self.setMouseTracking(True)
        self.clicked.connect(self._clicked)

    def setModel(self, model: object) -> None:  # type: ignore[override]
        super().setModel(model)  # type: ignore[arg-type]
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(FactColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FactColumn.RISK, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(FactColumn.SOURCE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(FactColumn.RISK, 104)
        header.resizeSection(FactColumn.SOURCE, 150)

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == FactColumn.SOURCE:
            url = index.data(FactRole.SOURCE_URL)
            if url:
                self.open_source.emit(str(url))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier and index.isValid()):
            url = index.siblingAtColumn(FactColumn.SOURCE).data(FactRole.SOURCE_URL)
            if url:
                self.open_source.emit(str(url))
                return
        if event.key() == Qt.Key.Key_Space and index.isValid() and not index.data(
                FactRole.IS_GROUP):
            check = index.siblingAtColumn(FactColumn.TEXT)
            state = check.data(Qt.ItemDataRole.CheckStateRole)
            new = (Qt.CheckState.Unchecked if state == Qt.CheckState.Checked
                   else Qt.CheckState.Checked)
            self.model().setData(check, new, Qt.ItemDataRole.CheckStateRole)
            return
        super().keyPressEvent(event)


def _as_risk(value: object) -> Risk | None:
    """A risk from a model value (Qt hands enums of str back as plain strings)."""
    try:
        return Risk(str(value)) if value is not None else None
    except ValueError:
        return None


def _same(quote: str, text: str) -> bool:
    return " ".join(quote.split()).casefold() == " ".join(text.split()).casefold()
