"""The three ways to connect to Meta, as tabs: Facebook Login in the browser (paste the address
you land on), login through this computer (loopback; development-mode apps) and a pasted
system-user token. Only widgets: `MetaSection` runs what they ask for.

Signals:
    open_login_requested(): open Facebook Login in the browser (manual flow, step 1).
    finish_login_requested(): the pasted address is ready (step 2).
    loopback_requested(int): log in through http://localhost on this port (0: any free one).
    loopback_cancel_requested(): stop waiting for the loopback login.
    token_requested(): the pasted token is ready.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

MANUAL, LOOPBACK, TOKEN = "manual", "loopback", "token"
LANDING = "https://www.facebook.com/connect/login_success.html"


def _text(text: str, *, muted: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if muted:
        label.setProperty("muted", True)
    return label


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("FieldError")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


def _secret_edit(placeholder: str, name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(name)
    edit.setClearButtonEnabled(True)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText
                             | Qt.InputMethodHint.ImhNoPredictiveText
                             | Qt.InputMethodHint.ImhSensitiveData)
    return edit


class ConnectWays(QTabWidget):
    """Facebook Login, Login through this computer, System-user token (see module doc)."""

    open_login_requested = Signal()
    finish_login_requested = Signal()
    loopback_requested = Signal(int)
    loopback_cancel_requested = Signal()
    token_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MetaConnectWays")
        self.setDocumentMode(True)
        self.errors: dict[str, QLabel] = {}
        self.addTab(self._manual(), "Facebook Login")
        self.addTab(self._loopback(), "Login through this computer")
        self.addTab(self._token(), "System-user token")

    # -- the tabs ----------------------------------------------------------------------------
    def _manual(self) -> QWidget:
        page = QWidget()
        self.open_button = QPushButton("Open Facebook Login…")
        self.open_button.setObjectName("OpenFacebookLogin")
        self.open_button.setToolTip("Opens Facebook's login page in your browser")
        self.open_button.clicked.connect(self.open_login_requested)
        self.login_address = QLabel()
        self.login_address.setWordWrap(True)
        self.login_address.setProperty("muted", True)
        self.login_address.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.login_address.setOpenExternalLinks(True)
        self.login_address.setVisible(False)
        self.paste_edit = _secret_edit(f"{LANDING}#access_token=…", "Address you landed on")
        self.paste_edit.setObjectName("PastedAddress")
        self.finish_button = QPushButton("Connect")
        self.finish_button.setObjectName("FinishFacebookLogin")
        self.finish_button.setEnabled(False)
        self.paste_edit.textChanged.connect(
            lambda text: self.finish_button.setEnabled(bool(text.strip())))
        self.paste_edit.returnPressed.connect(self.finish_button.click)
        self.finish_button.clicked.connect(self.finish_login_requested)
        self.errors[MANUAL] = _error_label()
        paste_row = QHBoxLayout()
        paste_row.setSpacing(6)
        paste_row.addWidget(self.paste_edit, 1)
        paste_row.addWidget(self.finish_button)
        column = self._page(page)
        column.addWidget(_text("1.  Log in to Facebook in your browser and allow BrandTruth "
                               "to manage your ads and Pages."))
        column.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.login_address)
        column.addWidget(_text("2.  Facebook then shows a page that says “Success”. Copy that "
                               "page's whole address from the browser's address bar and paste "
                               "it here:"))
        column.addLayout(paste_row)
        column.addWidget(self.errors[MANUAL])
        column.addWidget(_text("The address holds your login, so it is hidden as you paste "
                               "it. It only works for the login you just started.", muted=True))
        return page

    def _loopback(self) -> QWidget:
        page = QWidget()
        self.loopback_button = QPushButton("Log in through this computer…")
        self.loopback_button.setObjectName("LoopbackLogin")
        self.loopback_button.clicked.connect(
            lambda: self.loopback_requested.emit(self.port_spin.value()))
        self.loopback_cancel = QPushButton("Stop waiting")
        self.loopback_cancel.setVisible(False)
        self.loopback_cancel.clicked.connect(self.loopback_cancel_requested)
        self.port_spin = QSpinBox()
        self.port_spin.setRange(0, 65535)
        self.port_spin.setSpecialValueText("any free port")
        self.port_spin.setToolTip("A live app must list http://localhost:PORT/callback under "
                                  "Valid OAuth Redirect URIs, with this port.")
        self.loopback_state = QLabel()
        self.loopback_state.setWordWrap(True)
        self.loopback_state.setProperty("muted", True)
        self.loopback_state.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction)
        self.loopback_state.setOpenExternalLinks(True)
        self.loopback_state.setVisible(False)
        self.errors[LOOPBACK] = _error_label()
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.loopback_button)
        buttons.addWidget(self.loopback_cancel)
        buttons.addStretch(1)
        port = QFormLayout()
        port.setContentsMargins(0, 0, 0, 0)
        port.addRow("Port:", self.port_spin)
        column = self._page(page)
        column.addWidget(_text("BrandTruth listens on a temporary address on this computer "
                               "(http://localhost) and your browser comes back to it after you "
                               "log in: nothing to copy."))
        column.addWidget(_text("Needs the app secret (above), and an app in development mode "
                               "(Meta allows localhost addresses only for those, unless you "
                               "list the address with a fixed port).", muted=True))
        column.addLayout(port)
        column.addLayout(buttons)
        column.addWidget(self.loopback_state)
        column.addWidget(self.errors[LOOPBACK])
        return page

    def _token(self) -> QWidget:
        page = QWidget()
        self.token_edit = _secret_edit("Paste the access token here", "Access token")
        self.token_edit.setObjectName("PastedToken")
        self.token_button = QPushButton("Connect")
        self.token_button.setObjectName("ConnectWithToken")
        self.token_button.setEnabled(False)
        self.token_edit.textChanged.connect(
            lambda text: self.token_button.setEnabled(bool(text.strip())))
        self.token_edit.returnPressed.connect(self.token_button.click)
        self.token_button.clicked.connect(self.token_requested)
        self.errors[TOKEN] = _error_label()
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.token_edit, 1)
        row.addWidget(self.token_button)
        column = self._page(page)
        column.addWidget(_text("For agencies and automation: a system user's token from Meta "
                               "Business Settings → Users → System users → Generate new "
                               "token, with the ads_management, ads_read, business_management, "
                               "pages_show_list and pages_read_engagement permissions."))
        column.addLayout(row)
        column.addWidget(self.errors[TOKEN])
        column.addWidget(_text("The token is checked with Meta, then kept in your system "
                               "keyring only.", muted=True))
        return page

    @staticmethod
    def _page(page: QWidget) -> QVBoxLayout:
        column = QVBoxLayout(page)
        column.setContentsMargins(4, 12, 4, 4)
        column.setSpacing(8)
        return column

    # -- state -------------------------------------------------------------------------------
    def show_error(self, way: str, text: str) -> None:
        label = self.errors[way]
        label.setText(text)
        label.setVisible(bool(text))

    def clear_errors(self) -> None:
        for way in self.errors:
            self.show_error(way, "")

    def set_busy(self, way: str | None) -> None:
        """While one way is connecting, none of them can start another connection."""
        idle = way is None
        self.open_button.setEnabled(idle)
        self.finish_button.setEnabled(idle and bool(self.paste_edit.text().strip()))
        self.token_button.setEnabled(idle and bool(self.token_edit.text().strip()))
        self.loopback_button.setEnabled(idle)
        self.loopback_button.setVisible(way != LOOPBACK)
        self.loopback_cancel.setVisible(way == LOOPBACK)
        self.port_spin.setEnabled(idle)
        if way == LOOPBACK:
            self.loopback_state.setText("Starting…")
            self.loopback_state.setVisible(True)
        elif idle:
            self.loopback_state.setVisible(False)

    def show_login_address(self, url: str) -> None:
        """Where the manual login was opened (in case the browser did not open)."""
        self.login_address.setText(f"Opened in your browser. If nothing opened, <a href=\""
                                   f"{html.escape(url)}\">open Facebook Login here</a>.")
        self.login_address.setTextFormat(Qt.TextFormat.RichText)
        self.login_address.setVisible(True)

    def show_loopback_waiting(self, url: str) -> None:
        self.loopback_state.setTextFormat(Qt.TextFormat.RichText)
        link = html.escape(url)
        self.loopback_state.setText("Waiting for you to log in to Facebook in your browser… If "
                                    f"nothing opened, <a href=\"{link}\">open the login page "
                                    "here</a>.")
        self.loopback_state.setVisible(True)
