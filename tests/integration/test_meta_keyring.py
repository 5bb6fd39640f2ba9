"""The Meta token lands in the real OS keyring, survives a restart, and disconnect removes it.

Each run is `brandtruth meta …` in its own `dbus-run-session` with a fresh gnome-keyring-daemon
(the same pattern as test_os_keyring.py); Meta is our fake Graph API in this process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fake_graph import TOKEN, FakeGraph
from test_os_keyring import REPO, SESSION_SCRIPT, files_containing, require_tools, session_env

pytestmark = pytest.mark.keyring

CHILD = Path(__file__).with_name("meta_keyring_child.py")


def run_meta(mode: str, env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", SESSION_SCRIPT, "keyring-session",
         sys.executable, str(CHILD), mode],
        env=env, cwd=REPO, input=TOKEN + "\n", capture_output=True, text=True, timeout=180,
        check=False,
    )
    assert done.returncode == 0, f"the {mode!r} run failed:\n{done.stdout}\n{done.stderr}"
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_the_meta_token_is_kept_in_the_os_keyring_and_disconnect_removes_it(
    tmp_path: Path,
) -> None:
    require_tools()
    with FakeGraph() as fake:
        env = session_env(tmp_path, TOKEN)
        env.update(BRANDTRUTH_GRAPH_URL=fake.base_url, BRANDTRUTH_GRAPH_VERSION="v26.0")

        connected = run_meta("connect", env)
        assert connected["secret_service"], "keyring did not choose the Secret Service"
        assert connected["exit"] == 0 and connected["state"] == "connected", connected

        checked = run_meta("check", env)  # a new session: only the keyring file carries it
        assert checked["lookup_exit"] == 0 and checked["lookup_matches"], checked
        assert checked["exit"] == 0 and checked["user"] == "Ana Example"

        gone = run_meta("disconnect", env)
        assert gone["exit"] == 0
        assert gone["lookup_found"] is False and gone["lookup_exit"] != 0

    assert list((tmp_path / "home" / ".local" / "share" / "keyrings").glob("*.keyring"))
    # Not in settings, logs or the database, nor anywhere else on disk.
    assert files_containing(tmp_path, TOKEN.encode()) == []
    log = (tmp_path / "data" / "logs" / "brandtruth.log").read_text(encoding="utf-8")
    assert "meta_access_token saved to the keyring" in log
