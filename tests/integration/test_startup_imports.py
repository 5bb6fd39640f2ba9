"""What `brandtruth` loads before its window is visible.

Start-up to a visible window is a budgeted number (benchmarks/startup.py, target under 0.5 s);
it regressed once to 1.1 s because later screens imported the pipeline, SQLAlchemy and the
keyring plug-ins while the window was being built. This test keeps the heavy libraries out of
that path structurally, with no timing: the app is started as `brandtruth` starts it and the
loaded modules are listed the moment the window is first painted.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHILD = """
import sys

import brandtruth_desktop.app as app
from brandtruth_desktop.cli import main


def probe(qapp, window):
    from PySide6.QtCore import QTimer

    def visible():
        print("\\n".join(sorted(sys.modules)), flush=True)
        window.close()

    QTimer.singleShot(0, visible)


# The workspace opens on a worker thread at the same time (SQLAlchemy is expected there, after
# the window): leave it out so that the list is what the window itself needed.
app._install_startup_probe = probe
app.open_workspace_in_background = lambda context, window: None
sys.exit(main(["--data-dir", sys.argv[1]]))
"""

NOT_BEFORE_THE_WINDOW = (
    "sqlalchemy", "alembic", "bs4", "anthropic", "facebook_business", "requests",
    "brandtruth_desktop.cli_extract", "brandtruth_desktop.cli_copy",
    "brandtruth_desktop.cli_compose", "brandtruth_desktop.cli_generate",
    "brandtruth_desktop.cli_review", "brandtruth_desktop.cli_publish",
    "brandtruth_desktop.core.extract", "brandtruth_desktop.core.pipeline.run",
    "brandtruth_desktop.core.pipeline.truth", "brandtruth_desktop.core.pipeline.rendering",
    "brandtruth_desktop.storage.review", "brandtruth_desktop.storage.workspace",
    "brandtruth_desktop.ui.wizard.wizard", "brandtruth_desktop.ui.review.canvas",
    "brandtruth_desktop.ui.settings.page",
)


def test_the_window_shows_before_any_heavy_library_is_loaded(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if key not in {"BRANDTRUTH_HOME", "BRANDTRUTH_DATABASE_URL"}}
    env.update(QT_QPA_PLATFORM="offscreen", BRANDTRUTH_STARTUP_PROBE="1",
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "data")], capture_output=True, text=True,
        env=env, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "brandtruth_desktop.ui.main_window" in loaded  # the probe ran after the window
    early = sorted(name for name in loaded
                   if any(name == heavy or name.startswith(heavy + ".")
                          for heavy in NOT_BEFORE_THE_WINDOW))
    assert early == []
