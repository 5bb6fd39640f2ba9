"""Publishing as it happens, and what it made.

`ProgressView` lists every object of the plan with its state (waiting, working, created with
its Meta id), a progress bar and the stage's own words; after a cancel or a failure it shows
what exists from the ledger. When the publish succeeds, the result: the campaign's and ad set's
ids, every ad with its ids, and each ad's previews to open in the browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.publish import (
    ObjectState,
    Placement,
    PublishedObject,
    PublishPlan,
    PublishResult,
)
from brandtruth_desktop.ui.publish.plan_view import banner, object_label
from brandtruth_desktop.ui.theme import Colors

if TYPE_CHECKING:
    from brandtruth_desktop.publish_services import PreviewFile

PREVIEW_LABELS = {p.preview_format: p.label for p in Placement}
PREVIEW_LABELS.update({"MOBILE_FEED_STANDARD": "Facebook feed",
                       "INSTAGRAM_STANDARD": "Instagram feed",
                       "INSTAGRAM_STORY": "Instagram story"})
ADS_MANAGER = "https://adsmanager.facebook.com/adsmanager/manage/ads"

WAITING, WORKING, DONE = "Waiting", "Working…", "Done"


class ProgressView(QWidget):
    """Progress per object, then the result (see module docstring)."""

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colors = colors
        self._plan: PublishPlan | None = None
        self._account = ""
        self._campaign_id = ""
        self.headline = QLabel("Nothing published yet. Check the plan first, then Publish.")
        self.headline.setObjectName("PublishHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("muted", True)
        self.message.setVisible(False)
        self.problem = banner()
        self.problem.setObjectName("PublishProblem")
        self.resume_note = QLabel()
        self.resume_note.setObjectName("PublishResumeNote")
        self.resume_note.setWordWrap(True)
        self.resume_note.setVisible(False)
        self.objects = QTreeWidget()
        self.objects.setObjectName("PublishObjects")
        self.objects.setAccessibleName("Objects being created")
        self.objects.setRootIsDecorated(False)
        self.objects.setUniformRowHeights(True)
        self.objects.setHeaderLabels(["Object", "State", "Meta id"])
        self.objects.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.objects.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.objects.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.objects.setVisible(False)
        self.result = self._result_box()
        self.result.setVisible(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.headline)
        column.addWidget(self.bar)
        column.addWidget(self.message)
        column.addWidget(self.problem)
        column.addWidget(self.resume_note)
        column.addWidget(self.result, 1)
        column.addWidget(self.objects, 1)
        column.addStretch(0)

    def _result_box(self) -> QWidget:
        box = QWidget()
        self.ids = QLabel()
        self.ids.setObjectName("PublishedIds")
        self.ids.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ads_manager_button = QPushButton("Open in Ads Manager")
        self.ads_manager_button.setToolTip("See the PAUSED campaign in Meta Ads Manager, where "
                                           "you switch it on")
        self.ads_manager_button.clicked.connect(self._open_ads_manager)
        self.ads = QTableWidget(0, 4)
        self.ads.setObjectName("PublishedAds")
        self.ads.setAccessibleName("Ads created")
        self.ads.setHorizontalHeaderLabels(["Ad", "Format", "Ad id", "Preview"])
        self.ads.verticalHeader().setVisible(False)
        self.ads.verticalHeader().setDefaultSectionSize(40)
        self.ads.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ads.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.ads.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for number in (1, 2):
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(3, 150)
        self.notices = QLabel()
        self.notices.setWordWrap(True)
        self.notices.setProperty("muted", True)
        top = QHBoxLayout()
        top.addWidget(self.ids, 1)
        top.addWidget(self.ads_manager_button, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addLayout(top)
        column.addWidget(self.ads, 1)
        column.addWidget(self.notices)
        return box

    def set_colors(self, colors: Colors) -> None:
        self._colors = colors

    # -- during the publish ------------------------------------------------------------------
    def start(self, plan: PublishPlan, resumed: int = 0) -> None:
        self._plan = plan
        reused = f" {resumed} already exist and are reused." if resumed else ""
        self.headline.setText(f"<b>Publishing to Meta…</b> Every object is created PAUSED. "
                              f"You can cancel between objects.{reused}")
        self.bar.setRange(0, max(1, len(plan.requests)))
        self.bar.setValue(0)
        self.bar.setVisible(True)
        self._say("")
        self.problem.setVisible(False)
        self.resume_note.setVisible(False)
        self.result.setVisible(False)
        self.objects.clear()
        for request in plan.requests:
            item = QTreeWidgetItem([object_label(plan, request), WAITING, ""])
            item.setData(0, Qt.ItemDataRole.UserRole, request.key)
            item.setToolTip(0, request.name)
            self.objects.addTopLevelItem(item)
        self.objects.setVisible(True)

    def show_progress(self, progress: Progress) -> None:
        if self._plan is None:
            return
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(progress.done)
        self._say(progress.message)
        count = self.objects.topLevelItemCount()
        for number in range(count):
            item = self.objects.topLevelItem(number)
            if item.text(1) not in (WAITING, WORKING):
                continue
            state = DONE if number < progress.done else (
                WORKING if number == progress.done else WAITING)
            item.setText(1, state)

    def show_objects(self, objects: Mapping[str, PublishedObject]) -> None:
        """Each object's state as the ledger has it (after a cancel, failure or success)."""
        for number in range(self.objects.topLevelItemCount()):
            item = self.objects.topLevelItem(number)
            stored = objects.get(str(item.data(0, Qt.ItemDataRole.UserRole)))
            if stored is None:
                item.setText(1, "Not created")
                item.setText(2, "")
                continue
            if stored.state is ObjectState.CREATED:
                item.setText(1, "Created ✓")
                item.setText(2, stored.image_hash or stored.meta_id)
            elif stored.state is ObjectState.SENDING:
                item.setText(1, "Unknown: looked up next time")
            else:
                item.setText(1, "Refused")
                item.setToolTip(1, stored.error)
                item.setForeground(1, QBrush(QColor(self._colors.danger)))

    def show_stopped(self, headline: str, detail: str = "", *, error: bool = False) -> None:
        """The publish stopped (cancelled, failed): say so, and what to do next."""
        self.headline.setText(headline)
        self._say("")
        self.problem.setText(detail)
        self.problem.setVisible(bool(detail))
        self.problem.setProperty("error", error)
        self.problem.style().unpolish(self.problem)
        self.problem.style().polish(self.problem)

    def show_resume_note(self, text: str) -> None:
        """What the next Publish continues (from the check after a stop)."""
        self.resume_note.setText(text)
        self.resume_note.setVisible(bool(text))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- the result --------------------------------------------------------------------------
    def show_result(self, result: PublishResult, previews: Sequence[PreviewFile],
                    headlines: Mapping[str, str]) -> None:
        self.bar.setValue(self.bar.maximum())
        self.bar.setVisible(False)
        self._say("")
        self.problem.setVisible(False)
        self.resume_note.setVisible(False)
        made = (f"{result.created} created" + (f", {result.resumed} reused from the last "
                                               "attempt" if result.resumed else ""))
        self.headline.setText(
            f"<b>✓ Published to Meta: {len(result.ads)} ad{'s' if len(result.ads) != 1 else ''}"
            f", everything PAUSED.</b> Nothing spends until you switch it on in Ads Manager. "
            f"({made})")
        self.ids.setText(f"Campaign <b>{result.campaign_id}</b> · ad set "
                         f"<b>{result.adset_id}</b>")
        self._account = self._plan.settings.ad_account_id if self._plan else ""
        self._campaign_id = result.campaign_id
        by_ad: dict[str, list[PreviewFile]] = {}
        for preview in previews:
            by_ad.setdefault(preview.preview.ad_id, []).append(preview)
        self.ads.setRowCount(len(result.ads))
        for row, ad in enumerate(result.ads):
            cells = [headlines.get(ad.variant_id, ad.variant_id), ad.format, ad.ad_id]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"creative {ad.creative_id} · image {ad.image_hash}"
                                if column == 2 else text)
                self.ads.setItem(row, column, item)
            self.ads.setCellWidget(row, 3, self._preview_button(ad.ad_id, by_ad.get(ad.ad_id,
                                                                                   [])))
        self.notices.setText("\n".join(f"• {n}" for n in result.notices))
        self.notices.setVisible(bool(result.notices))
        self.result.setVisible(True)
        self.objects.setVisible(False)

    def _preview_button(self, ad_id: str, previews: list[PreviewFile]) -> QWidget:
        button = QPushButton("Preview")
        button.setObjectName(f"Preview-{ad_id}")
        if not previews:
            button.setText("No preview")
            button.setEnabled(False)
            button.setToolTip("Meta sent no preview for this ad")
            return button
        button.setToolTip("Open Meta's preview of this ad in your browser")
        button.setAccessibleName(f"Open preview of ad {ad_id}")
        if len(previews) == 1:
            button.clicked.connect(lambda _=False, p=previews[0]: open_preview(p))
            return button
        menu = QMenu(button)
        for preview in previews:
            label = PREVIEW_LABELS.get(preview.preview.ad_format, preview.preview.ad_format)
            menu.addAction(label, lambda p=preview: open_preview(p))
        button.setMenu(menu)
        return button

    def _open_ads_manager(self) -> None:
        account = self._account.removeprefix("act_")
        QDesktopServices.openUrl(QUrl(f"{ADS_MANAGER}?act={account}"
                                      f"&selected_campaign_ids={self._campaign_id}"))


def open_preview(preview: PreviewFile) -> bool:
    """Open a saved preview page in the browser."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(preview.path)))
