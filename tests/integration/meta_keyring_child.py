"""One `brandtruth meta` run for test_meta_keyring.py, inside a D-Bus session with a real
gnome-keyring (the data folder from BRANDTRUTH_HOME, Meta from BRANDTRUTH_GRAPH_URL).

    meta_keyring_child.py connect     `brandtruth meta connect --token -` (token on stdin)
    meta_keyring_child.py check       `secret-tool` finds the token; `meta status` works
    meta_keyring_child.py disconnect  `brandtruth meta disconnect`; `secret-tool` finds nothing

The token to expect is in BRANDTRUTH_TEST_KEY. Prints one JSON line (never the token).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys

from keyring.backends import SecretService, chainer

from brandtruth_desktop.cli import main as brandtruth
from brandtruth_desktop.core.secrets import SecretName
from brandtruth_desktop.secret_store import KeyringSecretStore


def lookup() -> tuple[int, str]:
    found = subprocess.run(
        ["secret-tool", "lookup", "service", "BrandTruth Desktop",
         "username", SecretName.META_ACCESS_TOKEN.value],
        capture_output=True, text=True, timeout=30, check=False,
    )
    return found.returncode, found.stdout.strip()


def secret_service() -> bool:
    backend = KeyringSecretStore().backend
    if isinstance(backend, chainer.ChainerBackend):
        members = list(backend.backends)
        return bool(members) and isinstance(members[0], SecretService.Keyring)
    return isinstance(backend, SecretService.Keyring)


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = brandtruth(list(args))
    return code, out.getvalue()


def main(mode: str) -> dict[str, object]:
    token = os.environ["BRANDTRUTH_TEST_KEY"]
    report: dict[str, object] = {"mode": mode, "secret_service": secret_service()}
    if mode == "connect":
        code, out = run("meta", "connect", "--token", "-", "--json")
        report["exit"] = code
        report["state"] = json.loads(out)["state"] if code == 0 else out
    elif mode == "check":
        status, found = lookup()
        report["lookup_exit"] = status
        report["lookup_matches"] = found == token
        code, out = run("meta", "status", "--json")
        report["exit"] = code
        report["user"] = json.loads(out)["user_name"] if code == 0 else out
    else:
        code, out = run("meta", "disconnect")
        report["exit"] = code
        status, found = lookup()
        report["lookup_exit"] = status
        report["lookup_found"] = bool(found)
    return report


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])), flush=True)
