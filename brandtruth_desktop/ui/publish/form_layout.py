"""The publish form's sections, built as fields of the form (like a Designer `setupUi`):
Where, Campaign, Budget and schedule, Audience, Ads. `PublishForm` reads and fills them."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QRegularExpression, Qt, QTime, Signal
from PySide6.QtGui import QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.compose.formats import FORMATS
from brandtruth_desktop.core.publish import SPECIAL_AD_CATEGORIES, Gender, Objective, Placement
from brandtruth_desktop.ui.publish.audience import CountriesEdit, InterestPicker
from brandtruth_desktop.ui.publish.variants import CALL_TO_ACTIONS, cta_label

OBJECTIVE_NOTES = {
    Objective.AWARENESS: "Show the ads to as many people as possible (optimised for reach).",
    Objective.TRAFFIC: "Send people to your website (optimised for link clicks).",
    Objective.LEADS: "Find people likely to sign up: with a Meta pixel, optimised for its "
                     "Lead event; without one, for link clicks.",
    Objective.SALES: "Find people likely to buy: with a Meta pixel, optimised for its "
                     "Purchase event; without one, for link clicks.",
}
CATEGORY_LABELS = {
    "HOUSING": "Housing",
    "EMPLOYMENT": "Employment",
    "FINANCIAL_PRODUCTS_SERVICES": "Credit, financial products or services",
    "ISSUES_ELECTIONS_POLITICS": "Social issues, elections or politics",
    "ONLINE_GAMBLING_AND_GAMING": "Online gambling and gaming",
}
GENDERS: tuple[tuple[str, tuple[Gender, ...]], ...] = (
    ("Everyone", ()), ("Women", (Gender.FEMALE,)), ("Men", (Gender.MALE,)))
MARGIN = 12


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("muted", True)
    return label


def _label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose mnemonic focuses `buddy` (a row whose field is a layout needs one)."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    form.setContentsMargins(MARGIN, 18, MARGIN, MARGIN)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(8)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class AgeBox(QSpinBox):
    """An age from 13 to 65, where 65 reads "65+" (Meta's oldest bracket)."""

    def textFromValue(self, value: int) -> str:
        return "65+" if value >= 65 else str(value)

    def valueFromText(self, text: str) -> int:
        digits = text.rstrip("+").strip()
        return int(digits) if digits.isdigit() else self.minimum()

    def validate(self, text: str, pos: int) -> object:
        digits = text.rstrip("+").strip()
        if not digits:
            return QValidator.State.Intermediate, text, pos
        if not digits.isdigit():
            return QValidator.State.Invalid, text, pos
        value = int(digits)
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return (QValidator.State.Intermediate if value < self.minimum()
                else QValidator.State.Invalid), text, pos


class PublishFormSections:
    """Builds the form's sections onto `self` (a `PublishForm`: its signals and slots)."""

    changed: Signal
    reload_requested: Signal

    def _where(self) -> QGroupBox:
        box = QGroupBox("Where")
        self.account_combo = QComboBox()
        self.account_combo.setObjectName("AdAccount")
        self.account_combo.setAccessibleName("Ad account")
        self.page_combo = QComboBox()
        self.page_combo.setObjectName("FacebookPage")
        self.page_combo.setAccessibleName("Facebook Page")
        self.reload_button = QToolButton()
        self.reload_button.setText("Reload")
        self.reload_button.setToolTip("List the ad accounts and Pages again")
        self.reload_button.clicked.connect(self.reload_requested)
        self.account_note = _muted("")
        account_row = QHBoxLayout()
        account_row.setSpacing(6)
        account_row.addWidget(self.account_combo, 1)
        account_row.addWidget(self.reload_button)
        form = _form(box)
        form.addRow(_label("Ad &account:", self.account_combo), account_row)
        form.addRow("", self.account_note)
        form.addRow("&Page:", self.page_combo)
        form.addRow("", _muted("The ads run in the name of this Facebook Page."))
        self.account_combo.currentIndexChanged.connect(self._account_picked)
        self.page_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return box

    def _campaign(self) -> QGroupBox:
        box = QGroupBox("Campaign")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("CampaignName")
        self.name_edit.setMaxLength(150)
        self.objective_combo = QComboBox()
        self.objective_combo.setObjectName("Objective")
        for objective in Objective:
            self.objective_combo.addItem(objective.label, objective.value)
        self.objective_combo.setCurrentIndex(
            self.objective_combo.findData(Objective.TRAFFIC.value))
        self.objective_note = _muted("")
        self.pixel_edit = QLineEdit()
        self.pixel_edit.setObjectName("PixelId")
        self.pixel_edit.setPlaceholderText("Optional: your Meta pixel's id")
        self.pixel_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,20}")))
        self.pixel_label = QLabel("Pi&xel:")
        self.pixel_label.setBuddy(self.pixel_edit)
        self.category_checks: dict[str, QCheckBox] = {}
        categories = QVBoxLayout()
        categories.setSpacing(3)
        for code in SPECIAL_AD_CATEGORIES:
            check = QCheckBox(CATEGORY_LABELS.get(code, code))
            check.setToolTip(code)
            check.toggled.connect(lambda _on: self.changed.emit())
            self.category_checks[code] = check
            categories.addWidget(check)
        categories.addWidget(_muted("Tick any that apply. Meta then allows only broad targeting "
                                    "(ages 18–65+, everyone, no interests)."))
        form = _form(box)
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Objective:", self.objective_combo)
        form.addRow("", self.objective_note)
        form.addRow(self.pixel_label, self.pixel_edit)
        form.addRow("Special ad\ncategories:", categories)
        self.name_edit.textChanged.connect(lambda _t: self.changed.emit())
        self.objective_combo.currentIndexChanged.connect(self._objective_picked)
        self.pixel_edit.textChanged.connect(lambda _t: self.changed.emit())
        return box

    def _budget(self) -> QGroupBox:
        box = QGroupBox("Budget and schedule")
        self.budget_edit = QLineEdit()
        self.budget_edit.setObjectName("DailyBudget")
        self.budget_edit.setPlaceholderText("e.g. 25")
        self.budget_edit.setAccessibleName("Daily budget")
        self.budget_edit.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"\d{0,9}([.,]\d{0,2})?")))
        self.budget_edit.setMaximumWidth(140)
        self.currency_label = QLabel("")
        self.currency_label.setObjectName("Currency")
        budget_row = QHBoxLayout()
        budget_row.setSpacing(6)
        budget_row.addWidget(self.budget_edit)
        budget_row.addWidget(self.currency_label)
        budget_row.addStretch(1)
        self.adset_budget = QRadioButton("on the ad set")
        self.adset_budget.setChecked(True)
        self.campaign_budget = QRadioButton("on the campaign (Advantage+ campaign budget)")
        levels = QButtonGroup(box)
        levels.addButton(self.adset_budget)
        levels.addButton(self.campaign_budget)
        level_column = QVBoxLayout()
        level_column.setSpacing(2)
        level_column.addWidget(self.adset_budget)
        level_column.addWidget(self.campaign_budget)
        self.start_check = QCheckBox("Start on")
        self.end_check = QCheckBox("End on")
        tomorrow = QDateTime.currentDateTime().addDays(1)
        tomorrow.setTime(QTime(9, 0))
        self.start_edit = self._moment(tomorrow)
        self.end_edit = self._moment(tomorrow.addDays(30))
        schedule = QGridLayout()
        schedule.setHorizontalSpacing(8)
        schedule.addWidget(self.start_check, 0, 0)
        schedule.addWidget(self.start_edit, 0, 1)
        schedule.addWidget(self.end_check, 1, 0)
        schedule.addWidget(self.end_edit, 1, 1)
        schedule.setColumnStretch(2, 1)
        form = _form(box)
        form.addRow(_label("&Daily budget:", self.budget_edit), budget_row)
        form.addRow("Budget sits:", level_column)
        form.addRow("Schedule:", schedule)
        form.addRow("", _muted("Without a start, the ads may run as soon as you switch them on "
                               "in Ads Manager. Times are your computer's."))
        self.budget_edit.textChanged.connect(lambda _t: self.changed.emit())
        self.adset_budget.toggled.connect(lambda _on: self.changed.emit())
        for check, edit in ((self.start_check, self.start_edit),
                            (self.end_check, self.end_edit)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(lambda _on: self.changed.emit())
            edit.dateTimeChanged.connect(lambda _d: self.changed.emit())
        return box

    def _moment(self, when: QDateTime) -> QDateTimeEdit:
        edit = QDateTimeEdit(when)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy, HH:mm")
        edit.setEnabled(False)
        return edit

    def _audience(self) -> QGroupBox:
        box = QGroupBox("Audience")
        self.countries = CountriesEdit()
        self.countries.set_codes(("US",))
        self.age_min = AgeBox()
        self.age_max = AgeBox()
        for spin, value in ((self.age_min, 18), (self.age_max, 65)):
            spin.setRange(13, 65)
            spin.setValue(value)
            spin.valueChanged.connect(lambda _v: self.changed.emit())
        self.age_min.setAccessibleName("Youngest age")
        self.age_max.setAccessibleName("Oldest age")
        ages = QHBoxLayout()
        ages.setSpacing(6)
        ages.addWidget(self.age_min)
        ages.addWidget(QLabel("to"))
        ages.addWidget(self.age_max)
        ages.addStretch(1)
        self.gender_combo = QComboBox()
        self.gender_combo.setObjectName("Genders")
        for number, (label, _genders) in enumerate(GENDERS):
            self.gender_combo.addItem(label, number)
        self.interests = InterestPicker()
        form = _form(box)
        form.addRow("&Countries:", self.countries)
        form.addRow(_label("A&ges:", self.age_min), ages)
        form.addRow("&Gender:", self.gender_combo)
        form.addRow("&Interests:", self.interests)
        self.countries.changed.connect(self.changed)
        self.gender_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.interests.changed.connect(self.changed)
        return box

    def _ads(self) -> QGroupBox:
        box = QGroupBox("Ads")
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("DestinationUrl")
        self.url_edit.setPlaceholderText("https://www.example.com/spring")
        self.url_edit.setAccessibleName("Destination URL")
        self.cta_combo = QComboBox()
        self.cta_combo.setObjectName("CallToAction")
        self.cta_combo.addItem("Each ad's own button", "")
        for value in CALL_TO_ACTIONS:
            self.cta_combo.addItem(cta_label(value), value)
        self.format_checks: dict[str, QCheckBox] = {}
        formats = QGridLayout()
        formats.setHorizontalSpacing(12)
        for number, (key, fmt) in enumerate(FORMATS.items()):
            check = QCheckBox(key)
            check.setToolTip(f"{fmt.label}: {fmt.width}×{fmt.height}")
            check.setEnabled(False)
            check.toggled.connect(lambda on, k=key: self._format_toggled(k, on))
            self.format_checks[key] = check
            formats.addWidget(check, number // 3, number % 3)
        self.automatic_placements = QRadioButton("Advantage+ placements (Meta chooses)")
        self.automatic_placements.setChecked(True)
        self.chosen_placements = QRadioButton("Only these placements:")
        group = QButtonGroup(box)
        group.addButton(self.automatic_placements)
        group.addButton(self.chosen_placements)
        self.placement_checks: dict[Placement, QCheckBox] = {}
        placements = QGridLayout()
        placements.setContentsMargins(20, 0, 0, 0)
        placements.setHorizontalSpacing(12)
        placements.setVerticalSpacing(2)
        for number, placement in enumerate(Placement):
            check = QCheckBox(placement.label)
            check.setEnabled(False)
            check.setChecked(placement in (Placement.FACEBOOK_FEED, Placement.INSTAGRAM_FEED))
            check.toggled.connect(lambda _on: self.changed.emit())
            self.placement_checks[placement] = check
            placements.addWidget(check, number % 5, number // 5)
        placement_column = QVBoxLayout()
        placement_column.setSpacing(3)
        placement_column.addWidget(self.automatic_placements)
        placement_column.addWidget(self.chosen_placements)
        placement_column.addLayout(placements)
        form = _form(box)
        form.addRow("&Link:", self.url_edit)
        form.addRow("&Button:", self.cta_combo)
        form.addRow("", _muted("Used by every ad unless you give an ad its own in the list of "
                               "ads."))
        form.addRow("Formats:", formats)
        form.addRow("", _muted("Each ticked format becomes its own ad. Only rendered formats "
                               "can be chosen."))
        form.addRow("Placements:", placement_column)
        self.url_edit.textChanged.connect(lambda _t: self.changed.emit())
        self.cta_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.chosen_placements.toggled.connect(self._placements_mode)
        return box

