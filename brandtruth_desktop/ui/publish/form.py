"""The left side of the publish panel: every choice `PublishSettings` holds, as form fields.

`PublishForm.settings()` reads the fields into a `PublishSettings` (the dry run and the publish
use exactly that); `apply()` fills them from one (the last publish of the campaign). Ad
accounts and Pages are listed from Meta by the panel and handed in with `set_destinations`.

Signals:
    changed(): any choice changed (the last dry run no longer matches).
    formats_changed(): the formats to publish changed (which ads can be published may change).
    reload_requested(): the person asked to list the ad accounts and Pages again.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.publish import (
    BudgetLevel,
    Destination,
    Objective,
    PublishSettings,
    Schedule,
    Targeting,
    to_minor_units,
)
from brandtruth_desktop.core.publish.settings import minor_units_per_unit
from brandtruth_desktop.ui.publish.form_layout import GENDERS, OBJECTIVE_NOTES, PublishFormSections


class PublishForm(PublishFormSections, QWidget):
    """Account, Page, campaign, budget, schedule, audience and ads (see module docstring)."""

    changed = Signal()
    formats_changed = Signal()
    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wanted_account = ""
        self._wanted_page = ""
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 6, 0)
        column.setSpacing(10)
        for section in (self._where(), self._campaign(), self._budget(), self._audience(),
                        self._ads()):
            column.addWidget(section)
        column.addStretch(1)
        self._objective_picked()
        self.set_destinations_placeholder("Connect to Meta to list your ad accounts",
                                          "Connect to Meta to list your Pages")

    # -- filling -----------------------------------------------------------------------------
    def set_destinations_placeholder(self, accounts: str, pages: str) -> None:
        """No accounts or Pages to offer (not connected, or still loading): say why."""
        before = (self.account_id(), self.page_id())
        # What was chosen is chosen again once the lists are back.
        self._wanted_account = before[0] or self._wanted_account
        self._wanted_page = before[1] or self._wanted_page
        for combo, text in ((self.account_combo, accounts), (self.page_combo, pages)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(text, None)
            combo.setEnabled(False)
            combo.blockSignals(False)
        self.account_note.setText("")
        self._show_account()
        if before != ("", ""):
            self.changed.emit()

    def set_destinations(self, accounts: tuple, pages: tuple) -> None:  # type: ignore[type-arg]
        """The ad accounts and Pages Meta listed (`AdAccountInfo`, `PageInfo`)."""
        before = (self.account_id(), self.page_id())
        wanted_account = self.account_id() or self._wanted_account
        wanted_page = self.page_id() or self._wanted_page
        self._fill(self.account_combo, [
            (f"{a.name or a.id} · {a.currency}" if a.currency else a.name or a.id, a,
             a.active, "" if a.active else "This ad account is disabled or closed in Meta.")
            for a in accounts], "No ad accounts: ask for access in Meta Business Settings")
        self._fill(self.page_combo, [
            (p.name or p.id, p, _can_advertise(p.tasks),
             "" if _can_advertise(p.tasks) else "You may not advertise as this Page.")
            for p in pages], "No Pages: ask for access in Meta Business Settings")
        self._select(self.account_combo, wanted_account)
        self._select(self.page_combo, wanted_page)
        self._show_account()
        if (self.account_id(), self.page_id()) != before:
            self.changed.emit()

    @staticmethod
    def _fill(combo: QComboBox, entries: list, empty: str) -> None:  # type: ignore[type-arg]
        combo.blockSignals(True)
        combo.clear()
        model = combo.model()
        for text, value, enabled, tip in entries:
            combo.addItem(text, value)
            if isinstance(model, QStandardItemModel):
                item = model.item(combo.count() - 1)
                item.setEnabled(enabled)
                item.setToolTip(tip or f"id {value.id}")
        if not entries:
            combo.addItem(empty, None)
        combo.setEnabled(bool(entries))
        first = next((n for n, e in enumerate(entries) if e[2]), 0)
        combo.setCurrentIndex(first)
        combo.blockSignals(False)

    @staticmethod
    def _select(combo: QComboBox, wanted_id: str) -> None:
        for number in range(combo.count()):
            value = combo.itemData(number)
            if value is not None and value.id == wanted_id:
                combo.setCurrentIndex(number)
                return

    def set_formats(self, available: tuple[str, ...], chosen: tuple[str, ...] = ()) -> None:
        """Offer the rendered formats; tick `chosen` (default: all of them)."""
        chosen = tuple(f for f in chosen if f in available) or available
        for key, check in self.format_checks.items():
            check.blockSignals(True)
            check.setEnabled(key in available)
            check.setChecked(key in chosen)
            check.setToolTip(check.toolTip().split("\n")[0] + (
                "" if key in available else "\nNot rendered for any approved ad."))
            check.blockSignals(False)
        self.formats_changed.emit()
        self.changed.emit()

    def apply(self, settings: PublishSettings) -> None:
        """Fill every field from `settings` (accounts and Pages once they are listed)."""
        self._wanted_account, self._wanted_page = settings.ad_account_id, settings.page_id
        self._select(self.account_combo, settings.ad_account_id)
        self._select(self.page_combo, settings.page_id)
        self.name_edit.setText(settings.campaign_name)
        self.objective_combo.setCurrentIndex(
            self.objective_combo.findData(settings.objective.value))
        self.pixel_edit.setText(settings.pixel_id)
        for code, check in self.category_checks.items():
            check.setChecked(code in settings.special_ad_categories)
        if settings.daily_budget > 0:
            per_unit = minor_units_per_unit(settings.currency)
            amount = Decimal(settings.daily_budget) / per_unit
            self.budget_edit.setText(f"{amount:.2f}" if per_unit > 1 else f"{amount:.0f}")
        self.campaign_budget.setChecked(settings.budget_level is BudgetLevel.CAMPAIGN)
        self.adset_budget.setChecked(settings.budget_level is BudgetLevel.AD_SET)
        for check, edit, moment in ((self.start_check, self.start_edit, settings.schedule.start),
                                    (self.end_check, self.end_edit, settings.schedule.end)):
            check.setChecked(moment is not None)
            if moment is not None:
                edit.setDateTime(QDateTime(moment.astimezone()))
        audience = settings.targeting
        self.countries.set_codes(audience.countries)
        self.age_min.setValue(audience.age_min)
        self.age_max.setValue(audience.age_max)
        for number, (_label, genders) in enumerate(GENDERS):
            if set(genders) == set(audience.genders):
                self.gender_combo.setCurrentIndex(number)
        self.interests.set_interests(audience.interests)
        self.url_edit.setText(settings.destination_url)
        self.cta_combo.setCurrentIndex(max(0, self.cta_combo.findData(settings.call_to_action)))
        self.chosen_placements.setChecked(bool(settings.placements))
        self.automatic_placements.setChecked(not settings.placements)
        for placement, check in self.placement_checks.items():
            if settings.placements:
                check.setChecked(placement in settings.placements)

    # -- reading -----------------------------------------------------------------------------
    def account_id(self) -> str:
        account = self.account_combo.currentData()
        return account.id if account is not None else ""

    def page_id(self) -> str:
        page = self.page_combo.currentData()
        return page.id if page is not None else ""

    def currency(self) -> str:
        account = self.account_combo.currentData()
        return (account.currency if account is not None else "") or "USD"

    def objective(self) -> Objective:
        return Objective(self.objective_combo.currentData() or Objective.TRAFFIC.value)

    def formats(self) -> tuple[str, ...]:
        return tuple(k for k, c in self.format_checks.items() if c.isChecked() and c.isEnabled())

    def settings(self, destinations: dict[str, Destination] | None = None) -> PublishSettings:
        """Everything chosen, as the dry run and the publish take it."""
        currency = self.currency()
        try:
            budget = to_minor_units(self.budget_edit.text(), currency)
        except ValueError:
            budget = 0  # blank or zero: the dry run says a budget is needed
        objective = self.objective()
        return PublishSettings(
            ad_account_id=self.account_id(),
            page_id=self.page_id(),
            objective=objective,
            special_ad_categories=tuple(c for c, check in self.category_checks.items()
                                        if check.isChecked()),
            daily_budget=budget,
            currency=currency,
            budget_level=(BudgetLevel.CAMPAIGN if self.campaign_budget.isChecked()
                          else BudgetLevel.AD_SET),
            schedule=Schedule(self._when(self.start_check, self.start_edit),
                              self._when(self.end_check, self.end_edit)),
            targeting=Targeting(
                countries=self.countries.codes(), age_min=self.age_min.value(),
                age_max=self.age_max.value(),
                genders=GENDERS[self.gender_combo.currentIndex()][1],
                interests=self.interests.interests(),
            ),
            destination_url=self.url_edit.text().strip(),
            call_to_action=str(self.cta_combo.currentData() or ""),
            destinations=dict(destinations or {}),
            placements=(tuple(p for p, c in self.placement_checks.items() if c.isChecked())
                        if self.chosen_placements.isChecked() else ()),
            formats=self.formats(),
            pixel_id=self.pixel_edit.text().strip()
            if objective in (Objective.LEADS, Objective.SALES) else "",
            campaign_name=self.name_edit.text().strip(),
        )

    @staticmethod
    def _when(check: QCheckBox, edit: QDateTimeEdit) -> datetime | None:
        if not check.isChecked():
            return None
        moment: datetime = edit.dateTime().toPython()  # type: ignore[assignment]
        return moment.astimezone()  # the computer's zone, so Meta gets an offset

    # -- reacting ----------------------------------------------------------------------------
    def _account_picked(self, _index: int = -1) -> None:
        self._show_account()
        self.changed.emit()

    def _show_account(self) -> None:
        account = self.account_combo.currentData()
        if account is None:
            self.currency_label.setText("(the ad account's currency)")
        else:
            self.currency_label.setText(account.currency or "")
            zone = f" · time zone {account.timezone_name}" if account.timezone_name else ""
            self.account_note.setText(f"{account.id}{zone}")

    def _objective_picked(self, _index: int = -1) -> None:
        objective = self.objective()
        self.objective_note.setText(OBJECTIVE_NOTES.get(objective, ""))
        conversions = objective in (Objective.LEADS, Objective.SALES)
        self.pixel_edit.setVisible(conversions)
        self.pixel_label.setVisible(conversions)
        self.changed.emit()

    def _format_toggled(self, key: str, on: bool) -> None:
        if not on and not self.formats():
            # At least one format: an ad needs an image.
            check = self.format_checks[key]
            check.blockSignals(True)
            check.setChecked(True)
            check.blockSignals(False)
            return
        self.formats_changed.emit()
        self.changed.emit()

    def _placements_mode(self, chosen: bool) -> None:
        for check in self.placement_checks.values():
            check.setEnabled(chosen)
        self.changed.emit()


def _can_advertise(tasks: tuple[str, ...]) -> bool:
    """Pages list the person's tasks on them; no list means Meta did not say (allow)."""
    return not tasks or bool({"ADVERTISE", "MANAGE", "CREATE_CONTENT"} & set(tasks))
