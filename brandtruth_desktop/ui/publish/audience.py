"""Audience inputs of the publish panel: countries by code (named as the person types) and
detailed-targeting interests found through Meta's search.

Signals:
    CountriesEdit.changed(): the list of countries changed.
    InterestPicker.search_requested(str): the person stopped typing (debounced); the panel
        searches Meta on the runner and answers with `show_results`.
    InterestPicker.changed(): an interest was added or removed.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.publish import Interest

SEARCH_DELAY_MS = 400
"""How long typing must pause before interests are searched (one request, not one a key)."""
MIN_SEARCH_LENGTH = 2


def fit_height(view: QListWidget, max_rows: int) -> None:
    """Make a short list only as tall as its rows (up to `max_rows`, then it scrolls)."""
    rows = min(view.count(), max_rows)
    height = sum(view.sizeHintForRow(n) for n in range(rows))
    view.setFixedHeight(height + 2 * view.frameWidth() + 4)


def country_name(code: str) -> str:
    """"US" → "United States"; "" for a code Qt does not know."""
    territory = QLocale.codeToTerritory(code)
    if territory == QLocale.Country.AnyTerritory:
        return ""
    return QLocale.territoryToString(territory)


class CountriesEdit(QWidget):
    """Two-letter country codes, comma separated, with their names shown underneath."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName("Countries")
        self.edit.setPlaceholderText("US, CA, GB")
        self.edit.setAccessibleName("Countries")
        self.edit.setToolTip("Two-letter country codes, separated by commas")
        self.names = QLabel()
        self.names.setWordWrap(True)
        self.names.setProperty("muted", True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(self.edit)
        column.addWidget(self.names)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._typed)
        self._typed(self.edit.text())

    def codes(self) -> tuple[str, ...]:
        parts = re.split(r"[\s,;]+", self.edit.text().upper())
        return tuple(dict.fromkeys(p for p in parts if p))

    def set_codes(self, codes: tuple[str, ...] | list[str]) -> None:
        self.edit.setText(", ".join(codes))

    def _typed(self, _text: str) -> None:
        codes = self.codes()
        named = [country_name(c) if len(c) == 2 else "" for c in codes]
        unknown = [c for c, name in zip(codes, named, strict=True) if not name]
        if not codes:
            self.names.setText("Choose at least one country.")
        elif unknown:
            self.names.setText(f"Not a country code: {', '.join(unknown)}")
        else:
            self.names.setText(", ".join(named))
        self.names.setProperty("error", bool(unknown) or not codes)
        self.names.setProperty("muted", not unknown and bool(codes))
        self.names.style().unpolish(self.names)
        self.names.style().polish(self.names)
        self.changed.emit()


class InterestPicker(QWidget):
    """A debounced search box, Meta's matches, and the interests chosen so far."""

    search_requested = Signal(str)
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("InterestSearch")
        self.search.setPlaceholderText("Search interests, e.g. running")
        self.search.setAccessibleName("Search interests")
        self.search.setClearButtonEnabled(True)
        self.state = QLabel()
        self.state.setProperty("muted", True)
        self.state.setVisible(False)
        self.results = QListWidget()
        self.results.setObjectName("InterestResults")
        self.results.setAccessibleName("Matching interests")
        self.results.setToolTip("Click an interest to add it")
        self.results.setVisible(False)
        self.chosen = QListWidget()
        self.chosen.setObjectName("ChosenInterests")
        self.chosen.setAccessibleName("Chosen interests")
        self.chosen.setVisible(False)
        self.remove_button = QPushButton("Remove interest")
        self.remove_button.setEnabled(False)
        self.remove_button.setVisible(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search_now)
        self._asked = ""

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.search)
        column.addWidget(self.state)
        column.addWidget(self.results)
        column.addWidget(self.chosen)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        column.addLayout(row)

        self.setFocusProxy(self.search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.results.itemClicked.connect(self._add)
        self.results.itemActivated.connect(self._add)
        self.chosen.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.chosen.selectedItems())))
        self.remove_button.clicked.connect(self._remove_selected)

    # -- searching ---------------------------------------------------------------------------
    def _search_now(self) -> None:
        words = self.search.text().strip()
        if len(words) < MIN_SEARCH_LENGTH:
            self._asked = ""
            self.results.clear()
            self.results.setVisible(False)
            self.state.setVisible(False)
            return
        self._asked = words
        self.state.setText(f"Searching Meta for “{words}”…")
        self.state.setVisible(True)
        self.search_requested.emit(words)

    def show_results(self, words: str, interests: list[Interest]) -> None:
        """Meta's answer for `words` (ignored when the person has typed on since)."""
        if words != self._asked:
            return
        self.results.clear()
        have = {i.id for i in self.interests()}
        for interest in interests:
            size = (f"  ·  up to {interest.audience_size:,} people"
                    if interest.audience_size else "")
            item = QListWidgetItem(f"{interest.name}{size}")
            item.setData(Qt.ItemDataRole.UserRole, interest)
            if interest.id in have:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setToolTip("Already chosen")
            self.results.addItem(item)
        self.results.setVisible(bool(interests))
        fit_height(self.results, 5)
        self.state.setText("" if interests else f"No interests match “{words}”.")
        self.state.setVisible(not interests)

    def show_failure(self, words: str, message: str) -> None:
        if words == self._asked:
            self.state.setText(message)
            self.state.setVisible(True)
            self.results.setVisible(False)

    # -- choosing ----------------------------------------------------------------------------
    def interests(self) -> tuple[Interest, ...]:
        return tuple(self.chosen.item(n).data(Qt.ItemDataRole.UserRole)
                     for n in range(self.chosen.count()))

    def set_interests(self, interests: tuple[Interest, ...] | list[Interest]) -> None:
        self.chosen.clear()
        for interest in interests:
            self._append(interest)
        self._chosen_changed()

    def _add(self, item: QListWidgetItem) -> None:
        interest = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(interest, Interest) or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        if interest.id in {i.id for i in self.interests()}:
            return
        self._append(interest)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setToolTip("Already chosen")
        self._chosen_changed()

    def _append(self, interest: Interest) -> None:
        item = QListWidgetItem(f"✓  {interest.name}")
        item.setData(Qt.ItemDataRole.UserRole, interest)
        item.setToolTip(f"{interest.name} (id {interest.id}). Select it and press Remove "
                        "to take it out.")
        self.chosen.addItem(item)

    def _remove_selected(self) -> None:
        removed = set()
        for item in self.chosen.selectedItems():
            removed.add(item.data(Qt.ItemDataRole.UserRole).id)
            self.chosen.takeItem(self.chosen.row(item))
        for number in range(self.results.count()):
            result = self.results.item(number)
            if result.data(Qt.ItemDataRole.UserRole).id in removed:
                result.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                result.setToolTip("")
        self._chosen_changed()

    def _chosen_changed(self) -> None:
        has = self.chosen.count() > 0
        self.chosen.setVisible(has)
        fit_height(self.chosen, 6)
        self.remove_button.setVisible(has)
        self.remove_button.setEnabled(bool(self.chosen.selectedItems()))
        self.changed.emit()
