"""A key entered in Settings lands in the real OS keyring, survives a restart, and is in no file.

Each app run happens in its own `dbus-run-session` with a fresh gnome-keyring-daemon unlocked
with the same password, and with HOME in a temporary folder, so the developer's own keyring is
never touched. Between the two runs the daemon and the bus are gone: only what the daemon wrote
to disk (the encrypted login keyring) carries the key over, exactly as across a logout.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.keyring

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("os_keyring_child.py")
KEYRING_PASSWORD = "brandtruth-test-login"
TOOLS = {
    "dbus-run-session": "dbus",
    "dbus-send": "dbus",
    "gnome-keyring-daemon": "gnome-keyring",
    "secret-tool": "libsecret-tools",
}

# Runs inside dbus-run-session: start the daemon unlocked (password on stdin), wait until it
# owns the Secret Service name and its default collection is unlocked, run the command, stop it.
# Only after the name is owned is org.freedesktop.secrets addressed, so D-Bus never activates a
# second, locked daemon.
SESSION_SCRIPT = r"""
printf '%s' "$KEYRING_PASSWORD" |
    gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
daemon=$!

ready() {
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q 'boolean true' &&
    dbus-send --session --print-reply --dest=org.freedesktop.secrets \
        /org/freedesktop/secrets/aliases/default org.freedesktop.DBus.Properties.Get \
        string:org.freedesktop.Secret.Collection string:Locked 2>/dev/null |
        grep -q 'boolean false'
}

tries=0
until ready; do
    tries=$((tries + 1))
    if [ "$tries" -gt 250 ] || ! kill -0 "$daemon" 2>/dev/null; then
        echo "gnome-keyring-daemon did not come up unlocked on the session bus" >&2
        kill "$daemon" 2>/dev/null
        exit 90
    fi
    sleep 0.02
done

"$@"
status=$?
kill "$daemon"
wait "$daemon"
exit "$status"
"""


def require_tools() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip(
            "this test drives gnome-keyring on Linux; macOS keeps keys in the Keychain and "
            "Windows in the Credential Manager"
        )
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        packages = " ".join(sorted({TOOLS[tool] for tool in missing}))
        pytest.fail(
            f"{', '.join(missing)} not found. Install gnome-keyring, dbus and libsecret-tools "
            f"(sudo apt-get install {packages}); scripts/test installs them.",
            pytrace=False,
        )


def session_env(root: Path, key: str) -> dict[str, str]:
    home = root / "home"
    runtime = root / "runtime"
    for folder in (home, runtime):
        folder.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env = {
        name: value for name, value in os.environ.items()
        if name not in {
            "DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL", "SSH_AUTH_SOCK",
            "PYTHON_KEYRING_BACKEND", "KEYRING_PROPERTY_KEYRING_PATH", "BRANDTRUTH_DATABASE_URL",
        }
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_RUNTIME_DIR=str(runtime),
        BRANDTRUTH_HOME=str(root / "data"),
        BRANDTRUTH_TEST_KEY=key,
        KEYRING_PASSWORD=KEYRING_PASSWORD,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    return env


def run_app(mode: str, env: dict[str, str]) -> dict[str, object]:
    """One app run in a fresh D-Bus session and keyring daemon; returns the child's report."""
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", SESSION_SCRIPT, "keyring-session",
         sys.executable, str(CHILD), mode],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, (
        f"the {mode!r} run failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    )
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in sorted(root.rglob("*")) if p.is_file() and needle in p.read_bytes()]


def test_a_key_entered_in_settings_is_in_the_os_keyring_after_a_restart(tmp_path: Path) -> None:
    require_tools()
    key = "sk-ant-api03-" + secrets.token_urlsafe(32)
    env = session_env(tmp_path, key)

    first = run_app("enter", env)

    assert first["secret_service"], f"keyring chose {first['backend']}, not the Secret Service"
    assert first["persistent"], first["problem"]
    assert first["status_before"] == "Not set"
    assert first["database"]
    assert first["dialog_closed"]
    assert first["status_after"] == "Set"
    assert "Anthropic API key saved to the system keyring" in first["messages"]  # type: ignore[operator]

    second = run_app("check", env)

    assert second["secret_service"]
    assert second["status_before"] == "Set", "the key did not survive the restart"
    assert second["secret_tool_exit"] == 0
    assert second["secret_tool_matches"], "secret-tool did not find the key in the OS keyring"
    assert second["store_matches"]

    data = tmp_path / "data"
    assert (data / "settings.json").is_file()
    assert (data / "brandtruth.sqlite3").is_file()
    assert json.loads((data / "settings.json").read_text())["reviewer_name"] == "Keyring Test"
    log_text = (data / "logs" / "brandtruth.log").read_text(encoding="utf-8")
    assert "[REDACTED]" in log_text, "the deliberate log line with the key was not redacted"
    assert list((tmp_path / "home" / ".local" / "share" / "keyrings").glob("*.keyring"))
    # Not in settings, logs or the database, nor anywhere else on disk: the keyring file
    # itself is encrypted.
    assert files_containing(tmp_path, key.encode()) == []
    assert files_containing(tmp_path, key[13:].encode()) == []
