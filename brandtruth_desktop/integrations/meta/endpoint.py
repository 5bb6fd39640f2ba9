"""Where the Graph API is, which version to speak, and how hard to retry.

The base URL and version are settings (`meta_graph_url`, `meta_graph_version`) that the
environment overrides (`BRANDTRUTH_GRAPH_URL`, `BRANDTRUTH_GRAPH_VERSION`), so the same code
runs against Meta and against a test server on 127.0.0.1 (DESIGN.md decision 8).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from facebook_business.api import FacebookAdsApi

ENV_GRAPH_URL = "BRANDTRUTH_GRAPH_URL"
ENV_GRAPH_VERSION = "BRANDTRUTH_GRAPH_VERSION"
DEFAULT_GRAPH_URL = "https://graph.facebook.com"
DEFAULT_GRAPH_VERSION = str(FacebookAdsApi.API_VERSION)
DEFAULT_TIMEOUT = (10.0, 60.0)
"""Seconds to connect and to wait for an answer (image uploads included)."""
VERSION_PATTERN = re.compile(r"^v?(\d+)\.(\d+)$")


@dataclass(frozen=True, slots=True)
class GraphEndpoint:
    """Where the Graph API is and which version to speak."""

    base_url: str = DEFAULT_GRAPH_URL
    version: str = DEFAULT_GRAPH_VERSION

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", self.base_url.strip().rstrip("/")
                           or DEFAULT_GRAPH_URL)
        object.__setattr__(self, "version", normalise_version(self.version))

    @classmethod
    def configured(cls, graph_url: str = "", version: str = "",
                   environ: Mapping[str, str] | None = None) -> GraphEndpoint:
        """The environment (`BRANDTRUTH_GRAPH_URL`, `BRANDTRUTH_GRAPH_VERSION`) wins over
        the settings' values, which win over the defaults."""
        env = os.environ if environ is None else environ
        return cls(env.get(ENV_GRAPH_URL) or graph_url or DEFAULT_GRAPH_URL,
                   env.get(ENV_GRAPH_VERSION) or version or DEFAULT_GRAPH_VERSION)

    def url(self, path: str) -> str:
        return f"{self.base_url}/{self.version}/{path.lstrip('/')}"


def normalise_version(text: str) -> str:
    """"21.0" or "v21.0" → "v21.0"; ValueError for anything else."""
    match = VERSION_PATTERN.match(text.strip() or DEFAULT_GRAPH_VERSION)
    if match is None:
        raise ValueError(f"“{text}” is not a Graph API version; write it like v21.0 "
                         f"(set {ENV_GRAPH_VERSION} or the setting).")
    return f"v{match[1]}.{match[2]}"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard a request is retried. Waits (Meta's own estimate when it gives one) add up
    to at most `max_wait_s` per request; past that the error goes to the person."""

    max_attempts: int = 6
    max_wait_s: float = 600.0
    base_delay_s: float = 2.0
    max_delay_s: float = 60.0

    def backoff(self, attempt: int) -> float:
        return float(min(self.max_delay_s, self.base_delay_s * 2 ** max(0, attempt - 1)))
