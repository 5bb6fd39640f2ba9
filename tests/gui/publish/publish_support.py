"""Shared by the Meta GUI tests: our fake Graph API with a gate, and a saved token."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

# The fake Graph API lives with the integration tests; share it, not copy it.
INTEGRATION = Path(__file__).resolve().parents[2] / "integration"
if str(INTEGRATION) not in sys.path:
    sys.path.insert(0, str(INTEGRATION))

from fake_graph import APP_ID, VERSION, FakeGraph, Recorded  # noqa: E402

from brandtruth_desktop import APP_NAME  # noqa: E402
from brandtruth_desktop.core.secrets import SecretName  # noqa: E402

__all__ = ["APP_ID", "SYSTEM_TOKEN", "VERSION", "GatedGraph", "save_token"]

# A token with nothing token-like about it: only the redaction filter's registered secrets can
# keep it out of the logs.
SYSTEM_TOKEN = "zz9plural-z-alpha-system-user-0123456789"


class GatedGraph(FakeGraph):
    """The fake Graph API, able to hold one request until the test lets it through: so a test
    can cancel while an object is being created, without sleeping."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.gate_edge: str | None = None
        self.gate_reached = threading.Event()
        self.gate_open = threading.Event()

    def hold(self, edge: str) -> None:
        """Hold the next POST to `edge` until `release()`."""
        self.gate_reached.clear()
        self.gate_open.clear()
        self.gate_edge = edge

    def release(self) -> None:
        self.gate_open.set()

    def handle(self, request: Recorded) -> Any:
        if request.method == "POST" and request.edge == self.gate_edge:
            self.gate_edge = None
            self.gate_reached.set()
            self.gate_open.wait(30)
        return super().handle(request)


def save_token(keyring: Any, token: str = SYSTEM_TOKEN) -> None:
    keyring.set_password(APP_NAME, SecretName.META_ACCESS_TOKEN.value, token)


