"""`FactTreeModel`: the campaign's facts grouped by kind, a thin tree over a plain list.

Top-level rows are the kinds that have facts (in `FactKind` order), their children the facts
in the order extraction found them. Column 0 is the fact's text with a check box (checked:
the fact may be used in ads), column 1 its risk, column 2 the page it is on. Edits made in the
view (text, risk, the check box) change the list and are announced with `fact_edited`, which
the Brand truth page saves; every change emits `dataChanged` for the cells that changed, or
inserts and removes rows, never a reset.

Signals:
    fact_edited(object): a Fact as the person changed it in the view.
"""

from __future__ import annotations

from dataclasses import replace
from enum import IntEnum
from typing import Any
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from brandtruth_desktop.core.models import Fact, FactKind, Risk

AnyIndex = QModelIndex | QPersistentModelIndex

KIND_LABELS = {
    FactKind.VALUE_PROPOSITION: "Value propositions",
    FactKind.STATISTIC: "Statistics",
    FactKind.CLAIM: "Claims",
    FactKind.OFFER: "Offers",
    FactKind.GUARANTEE: "Guarantees",
    FactKind.TESTIMONIAL: "Testimonials",
    FactKind.RATING: "Ratings",
    FactKind.AWARD: "Awards",
    FactKind.CERTIFICATION: "Certifications",
    FactKind.CUSTOMER: "Customers",
}
KIND_ORDER = list(KIND_LABELS)
RISK_LABELS = {Risk.LOW: "Low", Risk.MEDIUM: "Medium", Risk.HIGH: "High", Risk.BLOCKED: "Blocked"}
GROUP = 0  # internal id of top-level (kind) rows; a fact row's id is its group's row + 1


class FactColumn(IntEnum):
    TEXT = 0
    RISK = 1
    SOURCE = 2


HEADERS = {FactColumn.TEXT: "Fact", FactColumn.RISK: "Risk", FactColumn.SOURCE: "Source page"}


class FactRole(IntEnum):
    """Custom roles; every cell of a fact row answers them (group rows answer IS_GROUP/KIND)."""

    FACT = Qt.ItemDataRole.UserRole + 1
    ID = Qt.ItemDataRole.UserRole + 2
    KIND = Qt.ItemDataRole.UserRole + 3
    RISK = Qt.ItemDataRole.UserRole + 4
    QUOTE = Qt.ItemDataRole.UserRole + 5
    SOURCE_URL = Qt.ItemDataRole.UserRole + 6
    IS_GROUP = Qt.ItemDataRole.UserRole + 7
    USER_SUPPLIED = Qt.ItemDataRole.UserRole + 8


def page_name(url: str) -> str:
    """A short name for a page: its file or last path part, else its host."""
    parts = urlsplit(url)
    name = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    return name or parts.hostname or url or "—"


def kind_label(kind: FactKind) -> str:
    return KIND_LABELS.get(kind, str(kind).replace("_", " ").capitalize())


class FactTreeModel(QAbstractItemModel):
    """The facts of one campaign, grouped by kind (see the module docstring)."""

    fact_edited = Signal(object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[FactKind, list[Fact]]] = []

    # -- reading ---------------------------------------------------------------------------
    def facts(self) -> list[Fact]:
        """Every fact, group by group."""
        return [fact for _, facts in self._groups for fact in facts]

    def fact(self, fact_id: str) -> Fact | None:
        found = self._locate(fact_id)
        return self._groups[found[0]][1][found[1]] if found else None

    def index_of(self, fact_id: str, column: int = 0) -> QModelIndex:
        found = self._locate(fact_id)
        if found is None:
            return QModelIndex()
        return self.createIndex(found[1], column, found[0] + 1)

    # -- Qt interface ----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, GROUP)
        if parent.internalId() != GROUP:
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, GROUP)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == GROUP and parent.column() == 0:
            return len(self._groups[parent.row()][1]) if parent.row() < len(self._groups) else 0
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(FactColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(FactColumn(section)) if 0 <= section < len(FactColumn) else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == GROUP:
            return Qt.ItemFlag.ItemIsEnabled
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == FactColumn.TEXT:
            return base | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable
        if index.column() == FactColumn.RISK:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == GROUP:
            return self._group_data(index, role)
        fact = self._fact_at(index)
        if fact is None:
            return None
        column = index.column()
        if role == FactRole.FACT:
            return fact
        if role == FactRole.ID:
            return fact.id
        if role == FactRole.KIND:
            return fact.kind
        if role == FactRole.RISK:
            return fact.risk
        if role == FactRole.QUOTE:
            return fact.quote
        if role == FactRole.SOURCE_URL:
            return fact.source_url
        if role == FactRole.IS_GROUP:
            return False
        if role == FactRole.USER_SUPPLIED:
            return fact.user_supplied
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == FactColumn.TEXT:
                return fact.text
            if column == FactColumn.RISK:
                return RISK_LABELS.get(fact.risk, str(fact.risk))
            return "Added by you" if fact.user_supplied and not fact.source_url else (
                page_name(fact.source_url))
        if role == Qt.ItemDataRole.CheckStateRole and column == FactColumn.TEXT:
            return Qt.CheckState.Unchecked if fact.excluded else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == FactColumn.TEXT:
                origin = "Added by you" if fact.user_supplied else f"“{fact.quote}”"
                state = "\nExcluded from ads" if fact.excluded else ""
                return f"{origin}{state}"
            if column == FactColumn.RISK:
                return fact.risk_reason or RISK_LABELS.get(fact.risk, "")
            return fact.source_url or "Added by you"
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        fact = self._fact_at(index) if index.isValid() else None
        if fact is None:
            return False
        column = index.column()
        changed: Fact | None = None
        if role == Qt.ItemDataRole.CheckStateRole and column == FactColumn.TEXT:
            excluded = Qt.CheckState(value) != Qt.CheckState.Checked
            changed = replace(fact, excluded=excluded) if excluded != fact.excluded else None
        elif role == Qt.ItemDataRole.EditRole and column == FactColumn.TEXT:
            text = " ".join(str(value).split())
            changed = replace(fact, text=text) if text and text != fact.text else None
        elif role == Qt.ItemDataRole.EditRole and column == FactColumn.RISK:
            risk = _risk(value)
            changed = replace(fact, risk=risk, risk_reason="set by you") if (
                risk is not None and risk != fact.risk) else None
        if changed is None:
            return False
        self.update_fact(changed)
        self.fact_edited.emit(changed)
        return True

    # -- changes ---------------------------------------------------------------------------
    def replace_all(self, facts: list[Fact]) -> None:
        """Show a fresh list of facts (after extraction): rows removed, then inserted."""
        if self._groups:
            self.beginRemoveRows(QModelIndex(), 0, len(self._groups) - 1)
            self._groups = []
            self.endRemoveRows()
        grouped: dict[FactKind, list[Fact]] = {}
        for fact in facts:
            grouped.setdefault(fact.kind, []).append(fact)
        groups = [(kind, grouped[kind]) for kind in _sorted_kinds(grouped)]
        if groups:
            self.beginInsertRows(QModelIndex(), 0, len(groups) - 1)
            self._groups = groups
            self.endInsertRows()

    def add_fact(self, fact: Fact) -> None:
        """Add a fact at the end of its kind's group (the group is made if need be)."""
        row = self._group_row(fact.kind)
        if row is None:
            kinds = _sorted_kinds([*(k for k, _ in self._groups), fact.kind])
            row = kinds.index(fact.kind)
            self.beginInsertRows(QModelIndex(), row, row)
            self._groups.insert(row, (fact.kind, []))
            self.endInsertRows()
        facts = self._groups[row][1]
        parent = self.createIndex(row, 0, GROUP)
        self.beginInsertRows(parent, len(facts), len(facts))
        facts.append(fact)
        self.endInsertRows()
        self._group_changed(row)

    def update_fact(self, fact: Fact) -> None:
        """Replace a fact by id (moving it if its kind changed)."""
        found = self._locate(fact.id)
        if found is None:
            self.add_fact(fact)
            return
        group, row = found
        if self._groups[group][0] != fact.kind:
            self.remove_fact(fact.id)
            self.add_fact(fact)
            return
        self._groups[group][1][row] = fact
        self.dataChanged.emit(self.createIndex(row, 0, group + 1),
                              self.createIndex(row, len(FactColumn) - 1, group + 1))

    def remove_fact(self, fact_id: str) -> Fact | None:
        """Remove a fact by id (and its group when it was the last); returns it."""
        found = self._locate(fact_id)
        if found is None:
            return None
        group, row = found
        facts = self._groups[group][1]
        if len(facts) == 1:
            self.beginRemoveRows(QModelIndex(), group, group)
            kind_facts = self._groups.pop(group)[1]
            self.endRemoveRows()
            return kind_facts[0]
        self.beginRemoveRows(self.createIndex(group, 0, GROUP), row, row)
        removed = facts.pop(row)
        self.endRemoveRows()
        self._group_changed(group)
        return removed

    # -- helpers ---------------------------------------------------------------------------
    def _group_data(self, index: AnyIndex, role: int) -> Any:
        if index.row() >= len(self._groups):
            return None
        kind, facts = self._groups[index.row()]
        if role == FactRole.IS_GROUP:
            return True
        if role == FactRole.KIND:
            return kind
        if index.column() != FactColumn.TEXT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{kind_label(kind)}  ·  {len(facts)}"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _group_changed(self, group: int) -> None:
        index = self.createIndex(group, 0, GROUP)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def _fact_at(self, index: AnyIndex) -> Fact | None:
        group = index.internalId() - 1
        if not 0 <= group < len(self._groups):
            return None
        facts = self._groups[group][1]
        return facts[index.row()] if 0 <= index.row() < len(facts) else None

    def _group_row(self, kind: FactKind) -> int | None:
        return next((n for n, (k, _) in enumerate(self._groups) if k == kind), None)

    def _locate(self, fact_id: str) -> tuple[int, int] | None:
        for group, (_, facts) in enumerate(self._groups):
            for row, fact in enumerate(facts):
                if fact.id == fact_id:
                    return group, row
        return None


def _sorted_kinds(kinds: Any) -> list[FactKind]:
    unique = list(dict.fromkeys(kinds))
    return sorted(unique, key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER))


def _risk(value: Any) -> Risk | None:
    if isinstance(value, Risk):
        return value
    text = str(value).strip().lower()
    for risk, label in RISK_LABELS.items():
        if text in (risk.value, label.lower()):
            return risk
    return None
