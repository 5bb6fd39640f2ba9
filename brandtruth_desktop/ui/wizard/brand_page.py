"""Page 1, Brand: where the facts come from (a website, a saved site, the demo brand), the
campaign's name and its brief (objective, audience, platform, tone, offer, words to avoid).

The address and the name are checked as the person types (on the job runner, because a
saved site's folder is on disk and the name must be free in the database); what is wrong is
said under the field. Next saves the campaign before the page is left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from brandtruth_desktop.core.pipeline import OBJECTIVES
from brandtruth_desktop.paths import resources_dir
from brandtruth_desktop.ui.wizard.session import Brief, WizardSession
from brandtruth_desktop.ui.wizard.steps import add_page_header

if TYPE_CHECKING:
    from brandtruth_desktop.ui.theme import Theme

DEMO_NAME = "Otterdesk demo"
LABEL_WIDTH = 168  # both sections' labels, so their fields line up
CHECK_DELAY_MS = 250


class SiteKind:
    WEB = 0
    FOLDER = 1
    DEMO = 2


def field_error() -> QLabel:
    label = QLabel("")
    label.setObjectName("FieldError")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class BrandPage(QWizardPage):
    """The brand's site and the campaign's brief; see the module docstring."""

    def __init__(self, session: WizardSession, theme: Theme, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("BrandPage")
        self._subtitle = ("Where the ads' facts come from, and what the campaign is for.")
        self._checked: tuple[str, str, int] | None = None  # inputs the last check was for
        self._check_ok = False
        self._name_edited = False
        self._filling_name = False
        self._build(theme)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self._check)
        session.campaign_saved.connect(self._saved)
        session.save_failed.connect(self._save_failed)
        self._source_changed()

    # -- building ---------------------------------------------------------------------------
    def _build(self, theme: Theme) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(18)
        add_page_header(layout, "Brand", self._subtitle)

        source = QWidget()
        grid = QGridLayout(source)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        heading = QLabel("Where does the brand say what it says?")
        heading.setObjectName("SectionTitle")
        grid.addWidget(heading, 0, 0, 1, 3)
        self.kinds = QButtonGroup(self)
        self.web_choice = QRadioButton("&Website")
        self.folder_choice = QRadioButton("Saved site &folder")
        self.demo_choice = QRadioButton("&Demo brand")
        for number, button in enumerate((self.web_choice, self.folder_choice, self.demo_choice)):
            self.kinds.addButton(button, number)
        self.web_choice.setChecked(True)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://example.com")
        self.url.setClearButtonEnabled(True)
        self.url.setAccessibleName("Website address")
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("A folder holding the saved site's index.html")
        self.folder.setAccessibleName("Saved site folder")
        self.browse = QPushButton(theme.icon("folder"), "Browse…")
        self.browse.clicked.connect(self._browse)
        demo_note = QLabel("Otterdesk, a fictional team planner. Needs no network and no keys.")
        demo_note.setObjectName("Muted")
        grid.addWidget(self.web_choice, 1, 0)
        grid.addWidget(self.url, 1, 1, 1, 2)
        grid.addWidget(self.folder_choice, 3, 0)
        grid.addWidget(self.folder, 3, 1)
        grid.addWidget(self.browse, 3, 2)
        grid.addWidget(self.demo_choice, 5, 0)
        grid.addWidget(demo_note, 5, 1, 1, 2)
        self.site_error = field_error()
        self._grid = grid
        grid.addWidget(self.site_error, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        layout.addWidget(source)

        brief = QWidget()
        form = QFormLayout(brief)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        heading = QLabel("The campaign")
        heading.setObjectName("SectionTitle")
        form.addRow(heading)
        self.name = QLineEdit()
        self.name.setMaxLength(120)
        self.name.setPlaceholderText("Filled in from the brand")
        self.name_error = field_error()
        name_box = QVBoxLayout()
        name_box.setSpacing(4)
        name_box.addWidget(self.name)
        name_box.addWidget(self.name_error)
        self.objective = QComboBox()
        for objective in OBJECTIVES:
            self.objective.addItem(objective.capitalize(), objective)
        self.audience = QLineEdit()
        self.audience.setPlaceholderText("e.g. team leads at small agencies")
        self.platform = QComboBox()
        self.platform.addItem("Meta (Facebook and Instagram)", "meta")
        self.tone = QLineEdit()
        self.tone.setPlaceholderText("e.g. warm, plain-spoken")
        self.offer = QLineEdit()
        self.offer.setPlaceholderText("Which of the brand's offers to lead with (optional)")
        self.avoid = QLineEdit()
        self.avoid.setPlaceholderText("Comma-separated, e.g. cheap, guaranteed")
        name_label = QLabel("&Name")
        name_label.setBuddy(self.name)
        form.addRow(name_label, name_box)
        for label, widget in (("&Objective", self.objective),
                              ("&Audience", self.audience), ("&Platform", self.platform),
                              ("&Tone", self.tone), ("O&ffer", self.offer),
                              ("&Words to avoid", self.avoid)):
            form.addRow(label, widget)
        for row in range(1, form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and item.widget() is not None:
                item.widget().setMinimumWidth(LABEL_WIDTH)
        layout.addWidget(brief)
        layout.addStretch(1)

        self.kinds.idClicked.connect(lambda _id: self._source_changed())
        self.url.textEdited.connect(lambda _t: self._inputs_changed())
        self.folder.textEdited.connect(lambda _t: self._inputs_changed())
        self.name.textEdited.connect(self._name_typed)
        self.url.returnPressed.connect(self._check_now)

    # -- behaviour --------------------------------------------------------------------------
    def site_kind(self) -> int:
        return self.kinds.checkedId()

    def site_text(self) -> str:
        kind = self.site_kind()
        if kind == SiteKind.DEMO:
            return str(resources_dir() / "demo_site")
        return (self.url if kind == SiteKind.WEB else self.folder).text().strip()

    def use_demo(self) -> None:
        """Choose the demo brand (as a click on its button does)."""
        self.demo_choice.setChecked(True)
        self._source_changed()

    def _source_changed(self) -> None:
        kind = self.site_kind()
        self.url.setEnabled(kind == SiteKind.WEB)
        self.folder.setEnabled(kind == SiteKind.FOLDER)
        self.browse.setEnabled(kind == SiteKind.FOLDER)
        # The address's problem is said right under the field it is about.
        self._grid.addWidget(self.site_error, 4 if kind == SiteKind.FOLDER else 2, 1, 1, 2)
        target = {SiteKind.WEB: self.url, SiteKind.FOLDER: self.folder}.get(kind)
        if target is not None and self.isVisible():
            target.setFocus()
        self._inputs_changed()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose the saved site's folder",
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)
            self._inputs_changed()

    def _name_typed(self, _text: str) -> None:
        if not self._filling_name:
            self._name_edited = bool(self.name.text().strip())
        self._inputs_changed()

    def _inputs_changed(self) -> None:
        self._check_ok = False
        self.completeChanged.emit()
        self._timer.start()

    def _check_now(self) -> None:
        self._timer.stop()
        self._check()

    def _check(self) -> None:
        """Check the address and the name off the GUI thread."""
        workspace = self.session.context.workspace
        if workspace is None:
            return
        kind, site, name = self.site_kind(), self.site_text(), self.name.text().strip()
        own_id = self.session.campaign_id
        edited = self._name_edited
        inputs = (site, name, kind)

        def check() -> tuple[str, str, str]:
            return _check_inputs(workspace, kind, site, name, own_id, edited)

        def checked(result: tuple[str, str, str]) -> None:
            if inputs != (self.site_text(), self.name.text().strip(), self.site_kind()):
                return  # the person typed on; a newer check is coming
            site_problem, name_problem, suggestion = result
            if suggestion and not self._name_edited and suggestion != self.name.text():
                self._filling_name = True
                self.name.setText(suggestion)
                self._filling_name = False
                name_problem = ""
            self._show(self.site_error, site_problem)
            self._show(self.name_error, name_problem)
            self._checked = (self.site_text(), self.name.text().strip(), self.site_kind())
            self._check_ok = not site_problem and not name_problem and bool(
                self.name.text().strip())
            self.completeChanged.emit()

        self.session.call("Checking the address", check, checked,
                          failure="The address could not be checked")

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def brief(self) -> Brief:
        words = tuple(w.strip() for w in self.avoid.text().split(",") if w.strip())
        return Brief(
            name=self.name.text().strip(), site=self.site_text(),
            objective=str(self.objective.currentData()), audience=self.audience.text().strip(),
            platform=str(self.platform.currentData()), tone=self.tone.text().strip(),
            offer=self.offer.text().strip(), avoid_words=words,
            demo=self.site_kind() == SiteKind.DEMO,
        )

    def show_brief(self, brief: Brief) -> None:
        """Fill the page with a stored campaign's brief (the campaign continues in the
        wizard); the address and name are checked again as usual."""
        if brief.demo:
            self.demo_choice.setChecked(True)
        elif brief.site.startswith(("http://", "https://")):
            self.web_choice.setChecked(True)
            self.url.setText(brief.site)
        else:
            self.folder_choice.setChecked(True)
            self.folder.setText(brief.site)
        self._name_edited = True  # the campaign's name is the person's, never re-suggested
        self.name.setText(brief.name)
        self.objective.setCurrentIndex(max(0, self.objective.findData(brief.objective)))
        self.audience.setText(brief.audience)
        self.platform.setCurrentIndex(max(0, self.platform.findData(brief.platform)))
        self.tone.setText(brief.tone)
        self.offer.setText(brief.offer)
        self.avoid.setText(", ".join(brief.avoid_words))
        self._source_changed()

    # -- QWizardPage ------------------------------------------------------------------------
    def isComplete(self) -> bool:
        current = (self.site_text(), self.name.text().strip(), self.site_kind())
        return self._check_ok and self._checked == current and not self.session.saving

    def validatePage(self) -> bool:
        if self.session.saving:
            return False
        brief = self.brief()
        if self.session.campaign_id is not None and brief == self.session.brief:
            return True
        self.session.save_brief(brief)
        self.completeChanged.emit()
        return False  # the page is left when the save has finished (`_saved`)

    def _saved(self, _campaign_id: int) -> None:
        self.completeChanged.emit()
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            wizard.next()

    def _save_failed(self, message: str) -> None:
        self._show(self.name_error, message)
        self._check_ok = False
        self.completeChanged.emit()


def _check_inputs(workspace: object, kind: int, site: str, name: str, own_id: int | None,
                  name_edited: bool) -> tuple[str, str, str]:
    """(what is wrong with the site, what is wrong with the name, a name to suggest)."""
    from brandtruth_desktop.cli_generate import default_name
    from brandtruth_desktop.core.ports import FetchError
    from brandtruth_desktop.integrations.web_fetcher import site_address
    from brandtruth_desktop.storage.campaigns import clean_campaign_name
    from brandtruth_desktop.storage.errors import CampaignNameError

    campaigns = workspace.campaigns  # type: ignore[attr-defined]
    site_problem = ""
    suggestion = ""
    if not site:
        site_problem = ("Paste the brand's web address." if kind == SiteKind.WEB
                        else "Choose the folder of a saved site.")
    else:
        try:
            site_address(site)
        except FetchError as error:
            site_problem = str(error)
    if not site_problem and not name_edited:
        base = DEMO_NAME if kind == SiteKind.DEMO else default_name(site)
        suggestion = _free_name(campaigns, base, own_id)
        name = suggestion
    name_problem = ""
    if name:
        try:
            clean_campaign_name(name)
        except CampaignNameError as error:
            name_problem = str(error)
        else:
            found = campaigns.find(name)
            if found is not None and found.id != own_id and found.name.casefold() == (
                    name.casefold()):
                name_problem = (f"A campaign called “{found.name}” already exists. "
                                "Choose another name.")
    elif not site_problem:
        name_problem = "A campaign needs a name."
    return site_problem, name_problem, suggestion


def _free_name(campaigns: object, base: str, own_id: int | None) -> str:
    name = base
    for number in range(2, 200):
        found = campaigns.find(name)  # type: ignore[attr-defined]
        if found is None or found.id == own_id or found.name.casefold() != name.casefold():
            return name
        name = f"{base} {number}"
    return name
