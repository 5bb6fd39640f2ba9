"""The Settings screen: reviewer name, appearance, privacy, API keys and Meta.

Every change is saved as it is made (settings.json, written atomically); keys and tokens go to
the secret store and never touch a file here. The secret store is only ever called on the job
runner (`KeyAccess`): a locked keyring must not freeze the window.
"""

from __future__ import annotations

import getpass
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.settings import Settings
from brandtruth_desktop.ui.meta_session import meta_session
from brandtruth_desktop.ui.settings.api_keys import ApiKeysSection
from brandtruth_desktop.ui.settings.meta import MetaSection

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.ui.theme import Theme

log = logging.getLogger(__name__)

THEME_CHOICES = (("Follow system", "system"), ("Light", "light"), ("Dark", "dark"))
CONTENT_WIDTH = 760
MARGIN = 16

PAGE_STYLE = """
#KeyName { font-weight: 600; }
#KeyStatus[state="set"] { font-weight: 600; }
#BannerTitle { font-weight: 600; }
"""


def _account_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some sandboxes and services
        return "your account name"


class SettingsPage(QWidget):
    """One of the main window's screens; changes are saved as soon as they are made.

    Signals:
        theme_changed(str): the person picked `system`, `light` or `dark`.
        settings_changed(object): the new `Settings` after any change was saved.
        secrets_changed(): a key was set or removed, or the keyring's state changed.
    """

    theme_changed = Signal(str)
    settings_changed = Signal(object)
    secrets_changed = Signal()

    def __init__(
        self, context: AppContext, theme: Theme | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsPage")
        self.context = context
        self._theme = theme
        self.setStyleSheet(PAGE_STYLE)

        title = QLabel("Settings")
        title.setObjectName("ScreenTitle")
        subtitle = QLabel("Changes are saved as you make them.")
        subtitle.setProperty("muted", True)

        self.reviewer_section = self._build_reviewer()
        self.appearance_section = self._build_appearance()
        self.privacy_section = self._build_privacy()
        self.api_keys = ApiKeysSection(context.secrets, context.runner, context.messages)
        self.api_keys.secrets_changed.connect(self.secrets_changed)
        self.meta = MetaSection(context, meta_session(context), self._save)
        self.meta.secrets_changed.connect(self.secrets_changed)

        content = QWidget()
        content.setObjectName("SettingsContent")
        content.setMaximumWidth(CONTENT_WIDTH)
        column = QVBoxLayout(content)
        column.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        column.setSpacing(MARGIN)
        column.addWidget(title)
        column.addWidget(subtitle)
        for section in (
            self.reviewer_section, self.appearance_section, self.privacy_section, self.api_keys,
            self.meta,
        ):
            column.addWidget(section)
        column.addStretch(1)

        holder = QWidget()
        centred = QHBoxLayout(holder)
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addWidget(content, 1)
        centred.addStretch(0)
        scroll = QScrollArea()
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self._scroll = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        QWidget.setTabOrder(self.reviewer_edit, self.theme_combo)
        QWidget.setTabOrder(self.theme_combo, self.robots_check)
        QWidget.setTabOrder(self.robots_check, self.enrich_check)
        previous: QWidget = self.enrich_check
        for row in self.api_keys.rows.values():
            QWidget.setTabOrder(previous, row.set_button)
            QWidget.setTabOrder(row.set_button, row.remove_button)
            previous = row.remove_button
        QWidget.setTabOrder(previous, self.meta.app_id_edit)

        if theme is not None:
            self._apply_icons()
            theme.changed.connect(lambda _dark: self._apply_icons())
        self.api_keys.refresh()  # on the runner: the rows say "Checking…" until it answers

    # -- sections ------------------------------------------------------------------------------
    def _build_reviewer(self) -> QGroupBox:
        box = QGroupBox("Reviewer")
        self.reviewer_edit = QLineEdit(self.context.settings.reviewer_name)
        self.reviewer_edit.setObjectName("ReviewerName")
        self.reviewer_edit.setPlaceholderText(_account_name())
        self.reviewer_edit.setMaxLength(120)
        self.reviewer_edit.editingFinished.connect(self._reviewer_edited)
        note = QLabel(
            "Shown in the audit log next to every approval, rejection and edit. Leave it empty "
            "to use your computer account name."
        )
        note.setWordWrap(True)
        note.setProperty("muted", True)
        form = self._form(box)
        form.addRow("Your &name:", self.reviewer_edit)
        form.addRow("", note)
        return box

    def _build_appearance(self) -> QGroupBox:
        box = QGroupBox("Appearance")
        self.theme_combo = QComboBox()
        self.theme_combo.setObjectName("ThemeChoice")
        self.theme_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.theme_combo.setMinimumWidth(200)
        for label, value in THEME_CHOICES:
            self.theme_combo.addItem(label, value)
        index = self.theme_combo.findData(self.context.settings.theme)
        self.theme_combo.setCurrentIndex(max(index, 0))
        self.theme_combo.currentIndexChanged.connect(self._theme_picked)
        form = self._form(box)
        form.addRow("&Theme:", self.theme_combo)
        return box

    def _build_privacy(self) -> QGroupBox:
        box = QGroupBox("Privacy")
        self.robots_check = QCheckBox("Respect &robots.txt when reading brand websites")
        self.robots_check.setObjectName("RespectRobots")
        self.robots_check.setChecked(self.context.settings.respect_robots_txt)
        self.robots_check.toggled.connect(self._robots_toggled)
        note = QLabel("When on, BrandTruth skips pages that a site asks crawlers not to read.")
        note.setWordWrap(True)
        note.setProperty("muted", True)
        self.enrich_check = QCheckBox(
            "Let &Claude enrich what is found on brand sites (needs an Anthropic key; page text "
            "is sent to Anthropic)"
        )
        self.enrich_check.setObjectName("EnrichWithClaude")
        self.enrich_check.setChecked(self.context.settings.enrich_with_claude)
        self.enrich_check.toggled.connect(self._enrich_toggled)
        enrich_note = QLabel(
            "Claude suggests value propositions, the brand's tone of voice and facts the "
            "extraction missed. Only what it quotes word for word from a page is kept."
        )
        enrich_note.setWordWrap(True)
        enrich_note.setProperty("muted", True)
        form = self._form(box)
        form.addRow(self.robots_check)
        form.addRow(note)
        form.addRow(self.enrich_check)
        form.addRow(enrich_note)
        return box

    @staticmethod
    def _form(box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setContentsMargins(MARGIN, 20, MARGIN, MARGIN)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    # -- behaviour -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read which keys are set and the keyring's state (e.g. when the screen is shown);
        both sections ask on the runner and repaint when the keyring answers."""
        self.api_keys.refresh()
        self.meta.refresh()

    def show_meta(self) -> None:
        """Bring the Meta section into view (to connect or reconnect)."""
        holder = self._scroll.widget()
        top = self.meta.mapTo(holder, QPoint(0, 0)).y() if holder is not None else 0
        self._scroll.verticalScrollBar().setValue(max(0, top - MARGIN))
        self.meta.app_id_edit.setFocus()

    def _reviewer_edited(self) -> None:
        name = self.reviewer_edit.text().strip()
        if name == self.context.settings.reviewer_name:
            return
        if self._save(reviewer_name=name) is not None:
            shown = name or _account_name()
            self.context.messages.info(f"Reviewer name saved: decisions are signed “{shown}”")

    def _theme_picked(self, index: int) -> None:
        choice = str(self.theme_combo.itemData(index))
        self._save(theme=choice)
        self.theme_changed.emit(choice)

    def _robots_toggled(self, checked: bool) -> None:
        if self._save(respect_robots_txt=checked) is not None:
            state = "respected" if checked else "ignored"
            self.context.messages.info(f"robots.txt will be {state} when reading websites")

    def _enrich_toggled(self, checked: bool) -> None:
        if self._save(enrich_with_claude=checked) is not None:
            self.context.messages.info(
                "Claude will enrich what is found on brand sites" if checked
                else "Brand site text will not be sent to Claude for enrichment"
            )

    def _save(self, **changes: Any) -> Settings | None:
        try:
            settings = self.context.update_settings(**changes)
        except OSError as error:
            log.warning("settings not saved: %s", error)
            self.context.messages.show_error(
                "Settings not saved",
                f"{self.context.paths.settings_file} could not be written, so the change "
                "applies only until you quit. Check that the data folder exists and is "
                "writable, or start BrandTruth with another folder (--data-dir).",
                str(error),
            )
            return None
        self.settings_changed.emit(settings)
        return settings

    def _apply_icons(self) -> None:
        theme = self._theme
        if theme is not None:
            self.api_keys.set_icons(
                lambda name: theme.icon(name, theme.colors.warning_text)
                if name == "warning" else theme.icon(name)
            )
