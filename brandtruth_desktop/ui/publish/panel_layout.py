"""The publish panel's widgets, built onto the panel (like a Designer `setupUi`): header and
connection banner, the form on the left, the Ads / Plan / Publish tabs on the right, and the
buttons. `PublishPanel` wires and drives them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.ui.publish.connection_bar import ConnectionBanner
from brandtruth_desktop.ui.publish.form import PublishForm
from brandtruth_desktop.ui.publish.plan_view import PlanView
from brandtruth_desktop.ui.publish.progress_view import ProgressView
from brandtruth_desktop.ui.publish.variants import ButtonDelegate, Column, PublishAdsModel

if TYPE_CHECKING:
    from brandtruth_desktop.ui.theme import Theme

TAB_ADS, TAB_PLAN, TAB_PUBLISH = 0, 1, 2


class PublishPanelLayout:
    """Builds the panel's widgets onto `self` (a `PublishPanel`)."""

    theme: Theme

    def _build(self) -> None:
        self.title = QLabel("Publish to Meta")
        self.title.setObjectName("PageTitle")
        self.subtitle = QLabel("Loading the campaign…")
        self.subtitle.setProperty("muted", True)
        self.connection_label = QLabel()
        self.connection_label.setObjectName("ConnectionState")
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.connection_label, 0, Qt.AlignmentFlag.AlignTop)
        self.banner = ConnectionBanner()

        self.form = PublishForm()
        scroll = QScrollArea()
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setMinimumWidth(480)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.ads_model = PublishAdsModel(self)
        self.ads_view = QTableView()
        self.ads_view.setObjectName("PublishAds")
        self.ads_view.setModel(self.ads_model)
        self.ads_view.setItemDelegateForColumn(Column.BUTTON, ButtonDelegate(self.ads_view))
        self.ads_view.verticalHeader().setVisible(False)
        self.ads_view.verticalHeader().setDefaultSectionSize(34)
        self.ads_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.ads_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                      | QAbstractItemView.EditTrigger.EditKeyPressed
                                      | QAbstractItemView.EditTrigger.SelectedClicked)
        self.ads_view.setWordWrap(False)
        columns = self.ads_view.horizontalHeader()
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        columns.setSectionResizeMode(Column.AD, QHeaderView.ResizeMode.Stretch)
        for column, width in ((Column.PUBLISH, 215), (Column.LINK, 165), (Column.BUTTON, 105)):
            columns.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            columns.resizeSection(column, width)
        self.ads_model.set_dimmed_colour(self.theme.colors.muted)
        ads_note = QLabel("Only approved ads with a rendered image are published. The others "
                          "are greyed out with the reason. Double-click an ad's link or "
                          "button to give it its own.")
        ads_note.setWordWrap(True)
        ads_note.setProperty("muted", True)
        ads_page = QWidget()
        ads_column = QVBoxLayout(ads_page)
        ads_column.setContentsMargins(0, 8, 0, 0)
        ads_column.addWidget(ads_note)
        ads_column.addWidget(self.ads_view, 1)

        self.plan_view = PlanView(self.theme.colors)
        self.progress_view = ProgressView(self.theme.colors)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("PublishTabs")
        self.tabs.addTab(ads_page, "Ads")
        self.tabs.addTab(self.plan_view, "Plan (dry run)")
        self.tabs.addTab(self.progress_view, "Publish")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(scroll)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([490, 730])

        self.footer = QLabel()
        self.footer.setObjectName("PublishFooter")
        self.footer.setWordWrap(True)
        self.footer.setProperty("muted", True)
        self.check_button = QPushButton("Check (dry run)")
        self.check_button.setObjectName("CheckPlan")
        self.check_button.setToolTip("Build every request and check it against Meta's rules. "
                                     "Nothing is sent.")
        self.publish_button = QPushButton("Publish to Meta…")
        self.publish_button.setObjectName("Publish")
        self.publish_button.setProperty("primary", True)
        self.publish_button.setEnabled(False)
        self.cancel_button = QPushButton("Cancel publishing")
        self.cancel_button.setObjectName("CancelPublish")
        self.cancel_button.setToolTip("Stop after the object being created now; everything "
                                      "created is kept and publishing resumes later.")
        self.cancel_button.setVisible(False)
        self.close_button = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.footer, 1)
        for button in (self.check_button, self.publish_button, self.cancel_button,
                       self.close_button):
            buttons.addWidget(button)

        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 14)
        column.setSpacing(10)
        column.addLayout(header)
        column.addWidget(self.banner)
        column.addWidget(splitter, 1)
        column.addLayout(buttons)

