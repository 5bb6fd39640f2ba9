"""The facebook-business SDK's API object, made to log every request and answer.

Each request gets a number and is logged with its method, path and the *names* of its
parameters; each answer with Meta's request and trace ids (`x-fb-request-id`,
`x-fb-trace-id`, `fbtrace_id`) and the id, image hash or item count it carried. Tokens travel
in the session's query parameters, which are never logged (the log filter redacts them too).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from facebook_business.api import FacebookAdsApi, FacebookResponse
from facebook_business.exceptions import FacebookRequestError
from facebook_business.session import FacebookSession

log = logging.getLogger("brandtruth_desktop.integrations.meta.client")

_NOT_LOGGED = frozenset({"access_token", "appsecret_proof"})


class LoggedApi(FacebookAdsApi):  # type: ignore[misc]
    """The SDK's API object, logging every request and answer (never a token)."""

    def __init__(self, session: FacebookSession, api_version: str) -> None:
        super().__init__(session, api_version)
        self._numbers = itertools.count(1)

    def call(self, method: str, path: Any, params: Any = None, headers: Any = None,
             files: Any = None, url_override: Any = None, api_version: Any = None
             ) -> FacebookResponse:
        number = next(self._numbers)
        names = sorted(k for k in (params or {}) if k not in _NOT_LOGGED)
        uploads = f" files={sorted(files)}" if files else ""
        log.info("meta#%d → %s %s params=%s%s", number, method, _path_text(path), names,
                 uploads)
        try:
            response = super().call(method, path, params, headers, files, url_override,
                                    api_version)
        except FacebookRequestError as error:
            body = error.body()
            detail = body.get("error", {}) if isinstance(body, dict) else {}
            log.warning("meta#%d ← HTTP %s error code=%s subcode=%s %s", number,
                        error.http_status(), detail.get("code"), detail.get("error_subcode"),
                        _ids(error.http_headers() or {}, detail))
            raise
        except requests.RequestException as error:
            log.warning("meta#%d ← no answer (%s)", number, type(error).__name__)
            raise
        try:
            body = response.json()
        except ValueError:
            body = None
        level = logging.WARNING if int(response.status() or 0) >= 400 else logging.INFO
        log.log(level, "meta#%d ← HTTP %s %s", number, response.status(),
                _ids(response.headers() or {}, body))
        return response


def _path_text(path: Any) -> str:
    if isinstance(path, str):
        parts = urlsplit(path)
        return parts.path  # a full URL: never its query, which may hold a token
    return "/".join(str(part) for part in path)


def _ids(headers: Mapping[str, str], body: Any) -> str:
    lowered = {str(k).lower(): str(v) for k, v in headers.items()}
    parts = [f"{name}={lowered[name]}" for name in ("x-fb-request-id", "x-fb-trace-id")
             if name in lowered]
    if isinstance(body, Mapping):
        if body.get("id"):
            parts.append(f"id={body['id']}")
        if isinstance(body.get("images"), Mapping):
            hashes = [str(v.get("hash")) for v in body["images"].values()
                      if isinstance(v, Mapping)]
            parts.append(f"image_hash={','.join(hashes)}")
        if isinstance(body.get("data"), list):
            parts.append(f"items={len(body['data'])}")
        if body.get("fbtrace_id"):
            parts.append(f"fbtrace_id={body['fbtrace_id']}")
    return " ".join(parts)
