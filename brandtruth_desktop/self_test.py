"""`brandtruth --self-test`: prove this installation works, from a source checkout or a bundle.

The checks start Qt offscreen, run the migrations on a temporary data folder, create and list a
campaign, render every bundled icon, load the bundled fonts, check the licence files ship with
them, report the keyring backend and build the main window. Each check prints one line, `ok`
or `FAILED: reason`; the exit code is 0 only when every check passed. CI runs this inside the
PyInstaller bundle, so a resource or migration that only works from a source checkout fails
the build the day it is added.

Nothing here touches the user's data folder: everything is written to a temporary folder that
is removed afterwards. No module-level import of PySide6, so unit tests can drive the runner.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from brandtruth_desktop import APP_NAME, __version__
from brandtruth_desktop.paths import ENV_DATABASE_URL, DataPaths, resources_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

SELF_TEST_CAMPAIGN = "Self-test campaign"
SELF_TEST_ACTOR = "self-test"
REQUIRED_FONT_FAMILY = "Inter"
# Files that count as an open licence beside bundled fonts and icons.
LICENCE_PREFIXES = ("license", "licence", "copyright", "ofl", "copying", "notice")
FONT_SUFFIXES = {".otf", ".ttf"}
# How long one self-test run may take before it is declared hung (a modal dialog nobody can
# click, a job that never finishes). CI would otherwise wait for its own time limit.
WATCHDOG_SECONDS = 180.0
# A check's line stays one line: longer reasons are cut (-v prints them whole).
MAX_DETAIL = 240
# How long the main window may take to open the workspace and list the campaigns.
WINDOW_TIMEOUT_MS = 60_000
# The offscreen platform's own chatter: harmless, and not worth a line in the report.
BENIGN_QT_MESSAGES = (
    "This plugin does not support",
    "QFont::setPointSize: Point size <= 0",
)


class CheckFailed(Exception):
    """A check found a problem; the message is the reason printed after `FAILED:`."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of one check: `detail` says what was seen, or why it failed."""

    name: str
    ok: bool
    detail: str


Check = tuple[str, Callable[[], str]]
"""A check's name and a callable that returns a short detail or raises (CheckFailed or any)."""


def run_checks(
    checks: Sequence[Check], out: TextIO | None = None, *, verbose: bool = False
) -> list[CheckResult]:
    """Run every check, even after one failed, printing one line per check."""
    out = out or sys.stdout
    width = max((len(name) for name, _ in checks), default=0) + 2
    results: list[CheckResult] = []
    for name, check in checks:
        started = time.perf_counter()
        try:
            detail = check()
        except CheckFailed as error:
            result = CheckResult(name, False, str(error) or "no reason given")
        except Exception as error:  # any crash is a failed check, never a crashed self-test
            reason = f"{error.__class__.__name__}: {error}".rstrip(": ")
            result = CheckResult(name, False, reason)
            if verbose:
                traceback.print_exc(file=sys.stderr)
        else:
            result = CheckResult(name, True, detail)
        results.append(result)
        detail = one_line(result.detail)
        if verbose and detail != result.detail:
            print(f"{name}: {result.detail}", file=sys.stderr, flush=True)
        status = "ok" if result.ok else f"FAILED: {detail}"
        extra = f" ({detail})" if result.ok and detail else ""
        timing = f" [{time.perf_counter() - started:.2f} s]" if verbose else ""
        print(f"{name.ljust(width, '.')} {status}{extra}{timing}", file=out, flush=True)
    return results


def one_line(text: str, limit: int = MAX_DETAIL) -> str:
    """The first line of a message (SQL errors append the statement), cut to `limit`."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= limit else first[: limit - 3].rstrip() + "..."


def summary_line(results: Sequence[CheckResult]) -> str:
    failed = [r.name for r in results if not r.ok]
    if not failed:
        return f"Self-test passed: all {len(results)} checks ok."
    return (
        f"Self-test FAILED: {len(failed)} of {len(results)} checks failed "
        f"({', '.join(failed)})."
    )


def exit_code(results: Sequence[CheckResult]) -> int:
    return 0 if results and all(r.ok for r in results) else 1


# -- checks that need no Qt ------------------------------------------------------------------
def check_resources_folder(resources: Path) -> str:
    """The resources folder exists with the parts the app loads from it."""
    if not resources.is_dir():
        raise CheckFailed(f"the resources folder {resources} is missing")
    missing = [part for part in ("icons", "fonts") if not (resources / part).is_dir()]
    if missing:
        raise CheckFailed(f"{resources} has no {' or '.join(missing)} folder")
    files = sum(1 for path in resources.rglob("*") if path.is_file())
    return f"{files} files in {resources}"


def check_licences(resources: Path) -> str:
    """Every folder of bundled fonts or icons (third-party work) ships its licence beside them.

    The demo brand site and other material of our own need none.
    """
    folders = {
        path.parent
        for kind, suffixes in (("fonts", FONT_SUFFIXES), ("icons", {".svg"}))
        for path in (resources / kind).rglob("*")
        if path.is_file() and path.suffix.lower() in suffixes
    }
    if not folders:
        raise CheckFailed(f"no fonts or icons found under {resources}")
    unlicensed = sorted(
        folder.relative_to(resources).as_posix()
        for folder in folders
        if not _has_licence(folder)
    )
    if unlicensed:
        raise CheckFailed(f"no licence file beside the files in: {', '.join(unlicensed)}")
    return f"{len(folders)} font and icon folder(s), each with its licence"


def _has_licence(folder: Path) -> bool:
    # A licence may sit in the folder or, for a family in a subfolder, one level up.
    for candidate in (folder, folder.parent):
        for path in candidate.iterdir():
            if path.is_file() and path.name.lower().startswith(LICENCE_PREFIXES):
                return True
    return False


def check_workspace(paths: DataPaths) -> str:
    """Migrations from nothing to head in a fresh database, then create and list a campaign."""
    from brandtruth_desktop.storage.workspace import open_workspace

    paths.ensure()
    # open_workspace refuses a schema left short of the head revision (a migration script
    # missing from the bundle) with a MigrationError, which fails this check.
    workspace = open_workspace(paths)
    try:
        revision = _schema_revision(paths.database)
        created = workspace.campaigns.create(SELF_TEST_CAMPAIGN, actor=SELF_TEST_ACTOR)
        summaries = workspace.campaigns.list_summaries()
    finally:
        workspace.close()
    names = [summary.campaign.name for summary in summaries]
    if SELF_TEST_CAMPAIGN not in names:
        raise CheckFailed(f"created campaign {created.id} but the list shows {names}")
    return f"migrated a new database to {revision}, created and listed campaign {created.id}"


def _schema_revision(database: Path) -> str | None:
    if not database.is_file():
        raise CheckFailed(f"no database file was created at {database}")
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error as error:
        raise CheckFailed(f"the database has no schema revision ({error})") from error
    finally:
        connection.close()
    return ", ".join(str(row[0]) for row in rows) or None


def check_keyring() -> str:
    """Which keyring backend secrets would go to. Not persistent is reported, not a failure."""
    from brandtruth_desktop.secret_store import KeyringSecretStore

    status = KeyringSecretStore(backend=None).status()
    if status.persistent:
        return f"{status.backend}, persistent"
    # The problem's first sentence says why; the rest is advice for the Settings screen.
    reason = status.problem.split(". ")[0].rstrip(".")
    problem = f": {reason}" if reason else ""
    return f"{status.backend}, NOT persistent{problem}; keys would last this session only"


# -- checks that need Qt ---------------------------------------------------------------------
def check_qt(app: QApplication) -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return f"Qt {qVersion()}, PySide6 {pyside_version}, platform {app.platformName()}"


def check_icons(icons_dir: Path) -> str:
    """Every bundled SVG icon renders, the way the theme draws it (tinted, via the SVG plugin)."""
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QPixmap

    icons = sorted(icons_dir.glob("*.svg"))
    if not icons:
        raise CheckFailed(f"no SVG icons in {icons_dir}")
    broken = []
    for path in icons:
        svg = path.read_text(encoding="utf-8").replace("currentColor", "#000000")
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(svg.encode("utf-8")), "SVG")
        if pixmap.isNull():
            broken.append(path.name)
    if broken:
        raise CheckFailed(
            f"{len(broken)} of {len(icons)} icons did not render: {', '.join(broken)} "
            "(is the Qt SVG image plugin bundled?)"
        )
    return f"{len(icons)} icons render"


def check_fonts(fonts_dir: Path) -> str:
    """The interface font registers with Qt, and every ad font opens in Pillow."""
    from PIL import ImageFont

    from brandtruth_desktop.ui.theme import load_fonts

    families = load_fonts(fonts_dir / "inter")
    if REQUIRED_FONT_FAMILY not in families:
        raise CheckFailed(
            f"the {REQUIRED_FONT_FAMILY} family did not load from {fonts_dir / 'inter'} "
            f"(loaded: {', '.join(families) or 'nothing'})"
        )
    files = sorted(p for p in fonts_dir.rglob("*") if p.suffix.lower() in FONT_SUFFIXES)
    for path in files:
        try:
            ImageFont.truetype(str(path), size=109 if "Emoji" in path.name else 24)
        except OSError as error:
            raise CheckFailed(f"the font {path.name} cannot be opened: {error}") from error
    return f"{', '.join(families)} for the interface; {len(files)} font files open"


def check_demo_brand(demo_site: Path) -> str:
    """Read the bundled demo site offline and extract its facts, as the demo does."""
    from brandtruth_desktop.core.extract import extract_stage, page_text
    from brandtruth_desktop.core.jobs import run_stage
    from brandtruth_desktop.integrations.web_fetcher import WebFetcher

    site = run_stage(WebFetcher().fetch_site(str(demo_site)))
    truth = run_stage(extract_stage(site.pages, str(demo_site)))
    if len(truth.facts) < 5:
        raise CheckFailed(f"only {len(truth.facts)} facts found in the demo site {demo_site}")
    texts = {page.url: page_text(page.html) for page in site.pages}
    unquoted = [f.id for f in truth.facts if f.quote not in texts.get(f.source_url, "")]
    if unquoted:
        raise CheckFailed(f"{len(unquoted)} facts quote text that is not on their page")
    return f"{truth.brand_name}: {len(truth.facts)} facts from {len(site.pages)} pages"


def check_main_window(app: QApplication, paths: DataPaths) -> str:
    """Build the real window, open the workspace on the job runner, list campaigns, close."""
    from PySide6.QtCore import QEventLoop, QTimer

    from brandtruth_desktop.app import build_context, open_workspace_in_background
    from brandtruth_desktop.logging_setup import shutdown_logging
    from brandtruth_desktop.ui.main_window import MainWindow
    from brandtruth_desktop.ui.theme import Theme, app_font

    context = build_context(paths)
    window = None
    try:
        app.setFont(app_font())
        theme = Theme(app, context.settings.theme)
        window = MainWindow(context, theme)
        window.show()
        counts: list[int] = []
        dialogs: list[str] = []
        loop = QEventLoop()

        def listed(count: int) -> None:
            counts.append(count)
            loop.quit()

        window.campaigns.campaigns_changed.connect(listed)
        # A modal dialog during start-up (an error, "settings were reset") is a failure, and
        # offscreen nobody could click it: record its text and close it.
        guard = QTimer()
        guard.setInterval(50)
        guard.timeout.connect(lambda: _close_modal(app, dialogs, loop))
        guard.start()
        QTimer.singleShot(WINDOW_TIMEOUT_MS, loop.quit)
        open_workspace_in_background(context, window)
        loop.exec()
        guard.stop()
        if dialogs:
            raise CheckFailed(f"the window showed a dialog: {dialogs[0]}")
        if not counts:
            raise CheckFailed(
                f"the campaigns did not load within {WINDOW_TIMEOUT_MS // 1000} s"
            )
        if not window.isVisible():
            raise CheckFailed("the window is not visible")
        title = window.windowTitle()
        window.close()  # saves the geometry and shuts the job runner down, as on quit
        if context.runner.jobs():
            raise CheckFailed("jobs were still running after the window closed")
        return f"'{title}' opened the workspace, listed {counts[-1]} campaign(s), closed"
    finally:
        context.runner.shutdown()
        if context.workspace is not None:
            context.workspace.close()
        if window is not None:
            window.deleteLater()
            app.processEvents()
        shutdown_logging()


def _close_modal(app: QApplication, dialogs: list[str], loop: Any) -> None:
    from PySide6.QtWidgets import QDialog, QMessageBox

    widget = app.activeModalWidget()
    if widget is None:
        return
    if isinstance(widget, QMessageBox):
        text = " ".join(t for t in (widget.text(), widget.informativeText()) if t)
    else:
        text = widget.windowTitle() or widget.__class__.__name__
    dialogs.append(text)
    if isinstance(widget, QDialog):
        widget.reject()
    else:
        widget.close()
    loop.quit()


# -- the whole run ---------------------------------------------------------------------------
def run_self_test(verbose: bool = False, *, out: TextIO | None = None) -> int:
    """Run every check in a temporary data folder; 0 when all passed, 1 otherwise."""
    out = out or sys.stdout
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    bundle = getattr(sys, "_MEIPASS", None)
    python = f"Python {sys.version.split()[0]}"
    where = f"bundle at {bundle}" if bundle else f"{python} at {sys.executable}"
    print(f"{APP_NAME} {__version__} self-test ({where})", file=out, flush=True)
    watchdog = _start_watchdog(out)
    try:
        with tempfile.TemporaryDirectory(
            prefix="brandtruth-self-test-", ignore_cleanup_errors=True
        ) as temp, _without_shared_database(), _qt_messages(verbose) as qt_app:
            paths = DataPaths(Path(temp) / "workspace")
            resources = _resources()
            checks: list[Check] = [
                ("qt offscreen start", lambda: check_qt(qt_app())),
                ("resources folder", lambda: check_resources_folder(resources())),
                ("licence files", lambda: check_licences(resources())),
                ("icons", lambda: check_icons(resources() / "icons")),
                ("fonts", lambda: check_fonts(resources() / "fonts")),
                ("database migrations", lambda: check_workspace(paths)),
                ("demo brand", lambda: check_demo_brand(resources() / "demo_site")),
                ("keyring", check_keyring),
                ("main window", lambda: check_main_window(qt_app(), paths)),
            ]
            results = run_checks(checks, out, verbose=verbose)
    finally:
        watchdog.cancel()
    print(summary_line(results), file=out, flush=True)
    return exit_code(results)


def _resources() -> Callable[[], Path]:
    def find() -> Path:
        try:
            return resources_dir()
        except FileNotFoundError as error:
            raise CheckFailed(str(error)) from error

    return find


@contextmanager
def _without_shared_database() -> Iterator[None]:
    """Never write the self-test's campaign into a team's shared database."""
    shared = os.environ.pop(ENV_DATABASE_URL, None)
    try:
        yield
    finally:
        if shared is not None:
            os.environ[ENV_DATABASE_URL] = shared


@contextmanager
def _qt_messages(verbose: bool) -> Iterator[Callable[[], QApplication]]:
    """Yield a lazy QApplication getter; Qt's own messages go to stderr, chatter filtered."""
    installed: list[Any] = []

    def handler(mode: Any, _context: Any, message: str) -> None:
        from PySide6.QtCore import QtMsgType

        if not verbose and (
            mode in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg)
            or message.startswith(BENIGN_QT_MESSAGES)
        ):
            return
        print(f"qt: {message}", file=sys.stderr, flush=True)

    def application() -> QApplication:
        from PySide6.QtCore import qInstallMessageHandler

        from brandtruth_desktop.app import qt_application

        if not installed:
            installed.append(qInstallMessageHandler(handler))
        return qt_application()

    try:
        yield application
    finally:
        if installed:
            from PySide6.QtCore import qInstallMessageHandler

            qInstallMessageHandler(installed[0])


def _start_watchdog(out: TextIO) -> threading.Timer:
    def expire() -> None:
        print(
            f"Self-test FAILED: still running after {WATCHDOG_SECONDS:.0f} s, stopped.",
            file=out, flush=True,
        )
        os._exit(1)

    timer = threading.Timer(WATCHDOG_SECONDS, expire)
    timer.daemon = True
    timer.start()
    return timer
