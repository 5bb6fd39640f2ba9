"""Settings → Meta's widgets, built onto the section (like a Designer `setupUi`): the reconnect
banner, the connection card, the Meta app's id and secret, and the ways to connect.
`MetaSection` wires and drives them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from brandtruth_desktop.core.secrets import SecretInfo, SecretName
from brandtruth_desktop.ui.settings.meta_connect import ConnectWays

if TYPE_CHECKING:
    from brandtruth_desktop.context import AppContext
    from brandtruth_desktop.ui.meta_session import MetaSession

APP_SECRET = SecretInfo(
    SecretName.META_APP_SECRET, "Meta app secret",
    "From developers.facebook.com → your app → App settings → Basic. Optional: needed to log "
    "in through this computer and to turn logins into long-lived (60-day) ones.")


class MetaSectionLayout:
    """Builds the section's widgets onto `self` (a `MetaSection`)."""

    context: AppContext
    session: MetaSession

    def _build(self) -> None:
        self.banner = QFrame()
        self.banner.setObjectName("Banner")
        self.banner_title = QLabel()
        self.banner_title.setObjectName("BannerTitle")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.back_button = QPushButton("Back to publishing")
        self.back_button.setVisible(False)
        self.back_button.clicked.connect(self.session.back_requested)
        banner_text = QVBoxLayout()
        banner_text.setSpacing(3)
        banner_text.addWidget(self.banner_title)
        banner_text.addWidget(self.banner_text)
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(12, 10, 12, 10)
        banner_row.addLayout(banner_text, 1)
        banner_row.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.banner.setVisible(False)

        intro = QLabel("Publish approved ads to your own Meta ad accounts; everything is "
                       "created PAUSED. Your login and the app secret are kept in the system "
                       "keyring only, never in BrandTruth's files or logs.")
        intro.setWordWrap(True)
        intro.setProperty("muted", True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 20, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(self.banner)
        layout.addWidget(intro)
        layout.addWidget(self._status_card())
        for text, part in (("Your Meta app", self._app_form()), ("Connect", None)):
            heading = QLabel(text)
            heading.setObjectName("SectionTitle")
            layout.addWidget(heading)
            if part is not None:
                layout.addWidget(part)
        self.ways = ConnectWays()
        self.ways.open_login_requested.connect(self.open_facebook_login)
        self.ways.finish_login_requested.connect(self.finish_facebook_login)
        self.ways.loopback_requested.connect(self.start_loopback)
        self.ways.loopback_cancel_requested.connect(self.cancel_loopback)
        self.ways.token_requested.connect(self.connect_with_token)
        layout.addWidget(self.ways)

    def _status_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("Card")
        self.state_label = QLabel()
        self.state_label.setObjectName("MetaState")
        self.who_label = QLabel()
        self.who_label.setObjectName("MetaUser")
        self.who_label.setStyleSheet("font-size: 11pt; font-weight: 600;")
        self.expiry_label = QLabel()
        self.expiry_label.setObjectName("MetaExpiry")
        self.expiry_label.setWordWrap(True)
        self.scopes_label = QLabel()
        self.scopes_label.setObjectName("MetaScopes")
        self.scopes_label.setWordWrap(True)
        self.scopes_label.setProperty("muted", True)
        self.missing_label = QLabel()
        self.missing_label.setObjectName("FieldError")
        self.missing_label.setWordWrap(True)
        self.check_button = QPushButton("Check again")
        self.check_button.setToolTip("Ask Meta who is connected and until when")
        self.check_button.clicked.connect(lambda: self.session.check())
        self.disconnect_button = QPushButton("Disconnect…")
        self.disconnect_button.setObjectName("MetaDisconnect")
        self.disconnect_button.setToolTip("Remove the Meta login from this computer's keyring")
        self.disconnect_button.clicked.connect(self.confirm_disconnect)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.state_label)
        top.addWidget(self.who_label, 1)
        top.addWidget(self.check_button)
        top.addWidget(self.disconnect_button)
        column = QVBoxLayout(card)
        column.setContentsMargins(14, 12, 14, 12)
        column.setSpacing(5)
        column.addLayout(top)
        for label in (self.expiry_label, self.scopes_label, self.missing_label):
            column.addWidget(label)
        return card

    def _app_form(self) -> QWidget:
        box = QWidget()
        self.app_id_edit = QLineEdit(self.context.settings.meta_app_id)
        self.app_id_edit.setObjectName("MetaAppId")
        self.app_id_edit.setPlaceholderText("e.g. 1234567890 (developers.facebook.com → your app)")
        self.app_id_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,20}")))
        self.app_id_edit.editingFinished.connect(self.save_app_id)
        self.secret_status = QLabel()
        self.secret_status.setObjectName("KeyStatus")
        self.secret_button = QPushButton("Set secret…")
        self.secret_button.setAccessibleName("Set Meta app secret")
        self.secret_button.clicked.connect(self.ask_for_secret)
        self.secret_remove = QPushButton("Remove")
        self.secret_remove.setAccessibleName("Remove Meta app secret")
        self.secret_remove.clicked.connect(self.confirm_remove_secret)
        secret_row = QHBoxLayout()
        secret_row.setSpacing(8)
        secret_row.addWidget(self.secret_status)
        secret_row.addStretch(1)
        secret_row.addWidget(self.secret_button)
        secret_row.addWidget(self.secret_remove)
        note = QLabel(APP_SECRET.help)
        note.setWordWrap(True)
        note.setProperty("muted", True)
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow("Meta app &ID:", self.app_id_edit)
        form.addRow("App secret:", secret_row)
        form.addRow("", note)
        return box

