"""The publish panel's list of ads: which will be published, which not and why, and each
ad's own link and button.

`PublishAdsModel` is a thin table model over a plain list of `AdRow`s. Only approved ads with a
rendered image can be published; the others stay in the list, greyed out (not enabled), with
the reason the plan gives (`PublishPlan.excluded`). An ad's link and button are editable; blank
means the panel's defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from brandtruth_desktop.core.copy.limits import limits_for
from brandtruth_desktop.core.models import Variant, VariantStatus
from brandtruth_desktop.core.publish import Destination, PublishPlan

AnyIndex = QModelIndex | QPersistentModelIndex
CALL_TO_ACTIONS = limits_for("meta").call_to_actions

REVIEW_LABELS = {
    VariantStatus.APPROVED: "Approved",
    VariantStatus.PENDING: "Not reviewed",
    VariantStatus.REJECTED: "Rejected",
    VariantStatus.EDITED: "Edited since review",
}


def cta_label(value: str) -> str:
    """"SHOP_NOW" → "Shop now"."""
    return value.replace("_", " ").capitalize() if value else ""


class Column(IntEnum):
    AD = 0
    PUBLISH = 1
    LINK = 2
    BUTTON = 3


HEADERS = {Column.AD: "Ad", Column.PUBLISH: "Published?", Column.LINK: "Link",
           Column.BUTTON: "Button"}


class AdRole(IntEnum):
    VARIANT_ID = Qt.ItemDataRole.UserRole + 1
    ELIGIBLE = Qt.ItemDataRole.UserRole + 2
    REASON = Qt.ItemDataRole.UserRole + 3
    VALUE = Qt.ItemDataRole.UserRole + 4  # the raw link or CTA code of an editable cell


@dataclass(frozen=True, slots=True)
class AdRow:
    """One ad: its copy and verdict, whether the plan publishes it (and in which formats) or
    why not, and its own link and button ("" = the defaults)."""

    variant: Variant
    reason: str = ""
    formats: tuple[str, ...] = ()
    link: str = ""
    button: str = ""

    @property
    def eligible(self) -> bool:
        return not self.reason


class PublishAdsModel(QAbstractTableModel):
    """The campaign's ads for the publish panel (see the module docstring)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AdRow] = []
        self._default_link = ""
        self._default_button = ""
        self._dimmed = QColor("#8a93a3")

    def set_defaults(self, link: str, button: str) -> None:
        """The panel's link and button, shown (dimmed) for ads without their own."""
        if (link, button) == (self._default_link, self._default_button):
            return
        self._default_link, self._default_button = link.strip(), button
        if self._rows:
            self.dataChanged.emit(self.index(0, Column.LINK),
                                  self.index(len(self._rows) - 1, Column.BUTTON),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                                   Qt.ItemDataRole.ToolTipRole])

    def set_dimmed_colour(self, colour: str) -> None:
        self._dimmed = QColor(colour)
    # -- filling -----------------------------------------------------------------------------
    def set_variants(self, variants: list[Variant] | tuple[Variant, ...]) -> None:
        """The campaign's ads, before the plan says which are published (approved first)."""
        if self._rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
            self._rows = []
            self.endRemoveRows()
        ordered = sorted(variants, key=lambda v: v.status is not VariantStatus.APPROVED)
        if not ordered:
            return
        self.beginInsertRows(QModelIndex(), 0, len(ordered) - 1)
        self._rows = [AdRow(v, reason="" if v.status is VariantStatus.APPROVED
                            else REVIEW_LABELS.get(v.status, str(v.status)).lower())
                      for v in ordered]
        self.endInsertRows()

    def set_plan(self, plan: PublishPlan) -> None:
        """Mark each ad as the plan has it: published (in which formats) or left out, why."""
        reasons = {e.variant_id: e.reason for e in plan.excluded}
        formats: dict[str, list[str]] = {}
        for request in plan.ads:
            if request.variant_id is not None and request.format is not None:
                formats.setdefault(request.variant_id, []).append(request.format)
        for number, row in enumerate(self._rows):
            vid = row.variant.id
            updated = replace(row, reason=reasons.get(vid, "" if vid in formats else
                                                      row.reason or "not in the plan"),
                              formats=tuple(formats.get(vid, ())))
            if updated != row:
                self._rows[number] = updated
                self.dataChanged.emit(self.index(number, 0),
                                      self.index(number, len(Column) - 1))

    # -- reading -----------------------------------------------------------------------------
    def rows(self) -> list[AdRow]:
        return list(self._rows)

    def eligible_count(self) -> int:
        return sum(row.eligible for row in self._rows)

    def destinations(self) -> dict[str, Destination]:
        """Each ad's own link and button, for those that have one."""
        return {row.variant.id: Destination(row.link.strip(), row.button)
                for row in self._rows if row.link.strip() or row.button}

    def apply_destinations(self, destinations: dict[str, Destination]) -> None:
        """Restore ads' own links and buttons (e.g. from the last publish)."""
        for number, row in enumerate(self._rows):
            own = destinations.get(row.variant.id)
            if own is not None:
                self._rows[number] = replace(row, link=own.url, button=own.call_to_action)
                self.dataChanged.emit(self.index(number, Column.LINK),
                                      self.index(number, Column.BUTTON))

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(Column)):
            return HEADERS[Column(section)]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not self._valid(index):
            return Qt.ItemFlag.NoItemFlags
        row = self._rows[index.row()]
        if not row.eligible:
            # Greyed out: shown, never selectable or editable.
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (Column.LINK, Column.BUTTON):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return row.link if column is Column.LINK else row.button
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and row.eligible and self._inherited(row,
                                                                                    column):
            return self._dimmed
        if role == AdRole.VARIANT_ID:
            return row.variant.id
        if role == AdRole.ELIGIBLE:
            return row.eligible
        if role == AdRole.REASON:
            return row.reason
        if role == AdRole.VALUE:
            return row.link if column is Column.LINK else row.button
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
                ) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not self._valid(index)
                or index.column() not in (Column.LINK, Column.BUTTON)):
            return False
        row = self._rows[index.row()]
        if not row.eligible:
            return False
        text = str(value or "").strip()
        if index.column() == Column.LINK:
            updated = replace(row, link=text)
        else:
            updated = replace(row, button=text.upper() if text in CALL_TO_ACTIONS
                              or text.upper() in CALL_TO_ACTIONS else "")
        if updated == row:
            return False
        self._rows[index.row()] = updated
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole,
                                             Qt.ItemDataRole.EditRole, AdRole.VALUE])
        return True

    # -- inside ------------------------------------------------------------------------------
    def _valid(self, index: AnyIndex) -> bool:
        return (index.isValid() and not index.parent().isValid()
                and 0 <= index.row() < len(self._rows) and 0 <= index.column() < len(Column))

    def _inherited(self, row: AdRow, column: Column) -> bool:
        return ((column is Column.LINK and not row.link)
                or (column is Column.BUTTON and not row.button))

    def _display(self, row: AdRow, column: Column) -> str:
        variant = row.variant
        if column is Column.AD:
            return variant.headline
        if column is Column.PUBLISH:
            if not row.eligible:
                return f"✗  No: {_short(row.reason)}"
            formats = " and ".join(row.formats)
            return f"✓  Yes, {formats}" if formats else "✓  Yes"
        if not row.eligible:
            return ""
        if column is Column.LINK:
            return row.link or self._default_link or "(no link yet)"
        return cta_label(row.button or self._default_button or variant.call_to_action)

    def _tooltip(self, row: AdRow, column: Column) -> str:
        variant = row.variant
        if not row.eligible:
            return f"{variant.headline}\nNot published: {row.reason}"
        if column is Column.LINK:
            return ("This ad's own link. Double-click to change it." if row.link else
                    "The default link (Ads → Link). Double-click to give this ad its own.")
        if column is Column.BUTTON:
            if row.button:
                return "This ad's own button. Double-click to change it."
            source = "the default button" if self._default_button else "the ad's own button"
            return f"{source.capitalize()}. Double-click to give this ad another."
        return f"{variant.headline}\n\n{variant.primary_text}"


_HINT = re.compile(r": (approve|render|shorten) .*$")


def _short(reason: str) -> str:
    """The reason without its advice ("not reviewed yet"), for the cell; the tooltip has it all."""
    return _HINT.sub("", reason)


class ButtonDelegate(QStyledItemDelegate):
    """Edits an ad's button with a list of Meta's call-to-action types."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem("The ad's own button", "")
        for value in CALL_TO_ACTIONS:
            combo.addItem(cta_label(value), value)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(AdRole.VALUE) or "")
            editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
