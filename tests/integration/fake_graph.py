"""A Graph API of our own on 127.0.0.1, for the real `facebook-business` SDK to talk to.

It keeps ad accounts, Pages, interests and the objects a publish creates, and checks what
Meta checks: required fields, the budget rules (on the campaign or the ad set, never both;
`is_adset_budget_sharing_enabled` when the campaign has none), `special_ad_categories`,
Advantage+ audience, known image hashes, Pages and ad sets, image uploads as multipart form
data, and the access token (and `appsecret_proof`). It also refuses anything not created
PAUSED, so no test can slip an active object past it. Lists come in pages with `paging.next`
(an address that, like Meta's, carries the access token).

Every request is recorded. Faults are injected per method and edge (`fail`): Meta's error
answers with their headers, a 500, or a connection dropped after the object was created.

Run it by hand (`python tests/integration/fake_graph.py`) and point the app at it with
BRANDTRUTH_GRAPH_URL; it prints a token to connect with.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import hashlib
import hmac
import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

VERSION = "v26.0"
TOKEN = "EAAGfakeToken" + "x" * 40
APP_ID = "1234567890"
APP_SECRET = "fake-app-secret-0123456789"
ACCOUNT_ID = "act_1001"
PAGE_ID = "2002"
OBJECTIVES = {"OUTCOME_AWARENESS", "OUTCOME_TRAFFIC", "OUTCOME_LEADS", "OUTCOME_SALES",
              "OUTCOME_ENGAGEMENT", "OUTCOME_APP_PROMOTION"}
SCOPES = ["ads_management", "ads_read", "business_management", "pages_show_list",
          "pages_read_engagement"]
CTA_TYPES = {"LEARN_MORE", "SHOP_NOW", "SIGN_UP", "SUBSCRIBE", "GET_OFFER", "GET_QUOTE",
             "CONTACT_US", "DOWNLOAD", "BOOK_NOW", "BOOK_TRAVEL", "APPLY_NOW", "ORDER_NOW",
             "BUY_NOW", "GET_STARTED", "WATCH_MORE", "SEE_MORE", "DONATE_NOW", "NO_BUTTON"}
PREVIEW_FORMATS = {"DESKTOP_FEED_STANDARD", "MOBILE_FEED_STANDARD", "INSTAGRAM_STANDARD",
                   "INSTAGRAM_STORY", "FACEBOOK_STORY_MOBILE", "FACEBOOK_REELS_MOBILE",
                   "MARKETPLACE_MOBILE", "RIGHT_COLUMN_STANDARD", "INSTAGRAM_REELS",
                   "INSTAGRAM_EXPLORE_GRID_HOME"}
EDGES = {"campaigns": "campaign", "adsets": "adset", "adimages": "image",
         "adcreatives": "creative", "ads": "ad"}


@dataclass(frozen=True)
class Fault:
    """An injected answer: an error (status, Graph `error` object, headers), or a dropped
    connection before or after the request's work was done."""

    status: int = 400
    error: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    raw_body: bytes | None = None
    drop_after: bool = False


def usage_header(minutes: int, kind: str = "ads_management") -> dict[str, str]:
    usage = {"1001": [{"type": kind, "call_count": 100, "total_cputime": 40,
                       "total_time": 40, "estimated_time_to_regain_access": minutes}]}
    return {"X-Business-Use-Case-Usage": json.dumps(usage)}


def graph_error(code: int, message: str, *, subcode: int | None = None, status: int = 400,
                user_msg: str = "", user_title: str = "", transient: bool = False,
                headers: dict[str, str] | None = None, kind: str = "OAuthException") -> Fault:
    error: dict[str, Any] = {"message": message, "type": kind, "code": code,
                             "is_transient": transient, "fbtrace_id": "AfakeTrace"}
    if subcode is not None:
        error["error_subcode"] = subcode
    if user_msg:
        error["error_user_msg"] = user_msg
    if user_title:
        error["error_user_title"] = user_title
    return Fault(status, error, headers or {})


def user_rate_limited(minutes: int = 1) -> Fault:
    """Code 17, subcode 2446079: the ad account's user request limit."""
    return graph_error(17, "User request limit reached", subcode=2446079, user_msg=(
        "Too many changes to ads in a short time. Please wait and try again."),
        headers=usage_header(minutes))


def app_rate_limited() -> Fault:
    """Code 613: calls to this API have exceeded the rate limit (no usage estimate)."""
    return graph_error(613, "Calls to this api have exceeded the rate limit.")


def ads_rate_limited(minutes: int = 2) -> Fault:
    """Code 80004: too many calls to this ad account (Ads Management business use case)."""
    return graph_error(80004, "There have been too many calls to this ad-account. Wait a "
                       "bit and try again.", subcode=2446079, headers=usage_header(minutes))


def expired_token() -> Fault:
    """Code 190, subcode 463: the session has expired."""
    return graph_error(190, "Error validating access token: Session has expired on Sunday, "
                       "01-Jun-25 10:00:00 PDT.", subcode=463, status=400)


def permission_denied() -> Fault:
    return graph_error(200, "Permissions error", subcode=1487533, status=403,
                       user_title="No permission to use this Page",
                       user_msg="You don't have permission to create ads for this Page.")


def invalid_parameter(user_msg: str) -> Fault:
    return graph_error(100, "Invalid parameter", subcode=1487390, user_title="Invalid value",
                       user_msg=user_msg)


def server_error() -> Fault:
    return Fault(500, None, {"content-type": "text/html"}, b"<html>Internal error</html>")


def dropped_after_create() -> Fault:
    """The request is handled (the object exists) but the connection drops before answering."""
    return Fault(drop_after=True)


@dataclass(frozen=True)
class UploadedFile:
    field_name: str
    file_name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Recorded:
    """A request as the fake received it: `path` without the version, JSON-decoded form."""

    method: str
    path: str
    query: dict[str, str]
    form: dict[str, Any]
    files: tuple[UploadedFile, ...]
    content_type: str

    @property
    def token(self) -> str | None:
        return self.query.get("access_token") or self.form.get("access_token")

    @property
    def edge(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def params(self) -> dict[str, Any]:
        return {**self.query, **self.form}


class GraphRefusal(Exception):
    def __init__(self, fault: Fault) -> None:
        super().__init__(fault.error)
        self.fault = fault


def _refuse(code: int, message: str, **kwargs: Any) -> GraphRefusal:
    return GraphRefusal(graph_error(code, message, **kwargs))


class FakeGraph:
    """The fake Graph API; use it as a context manager (it stops and joins its threads).

    `tokens` are the access tokens it accepts (more appear when it hands out new ones).
    `page_size` is how many items a list answers with before `paging.next`.
    """

    def __init__(self, *, token: str = TOKEN, app_id: str = APP_ID,
                 app_secret: str = APP_SECRET, page_size: int = 2,
                 user_name: str = "Ana Example", token_expires_in: int = 60 * 86400,
                 token_type: str = "USER", scopes: list[str] | None = None) -> None:
        self.tokens: set[str] = {token}
        self.app_id = app_id
        self.app_secret = app_secret
        self.page_size = page_size
        self.user = {"id": "3003", "name": user_name}
        self.token_expires_in = token_expires_in
        self.token_type = token_type
        self.scopes = list(SCOPES if scopes is None else scopes)
        self.accounts = [
            {"id": ACCOUNT_ID, "account_id": "1001", "name": "Acme Ads", "currency": "USD",
             "account_status": 1, "timezone_name": "America/New_York"},
            {"id": "act_1002", "account_id": "1002", "name": "Acme Japan", "currency": "JPY",
             "account_status": 1, "timezone_name": "Asia/Tokyo"},
            {"id": "act_1003", "account_id": "1003", "name": "Old account", "currency": "EUR",
             "account_status": 2, "timezone_name": "Europe/Berlin"},
        ]
        self.pages = [{"id": PAGE_ID, "name": "Acme", "tasks": ["ADVERTISE", "MANAGE"]},
                      {"id": "2003", "name": "Acme Outlet", "tasks": ["ADVERTISE"]},
                      {"id": "2004", "name": "Acme Careers", "tasks": ["ANALYZE"]}]
        self.interests = [
            {"id": "6003139266461", "name": "Running", "audience_size_lower_bound": 1000,
             "audience_size_upper_bound": 2000, "path": ["Interests", "Running"]},
            {"id": "6003384248805", "name": "Running shoes", "audience_size_upper_bound": 900},
            {"id": "6002868910910", "name": "Trail running", "audience_size_upper_bound": 500},
        ]
        self.objects: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.requests: list[Recorded] = []
        self.codes: dict[str, str] = {}  # login code → redirect_uri it was issued for
        self._faults: dict[tuple[str, str], deque[Fault]] = defaultdict(deque)
        self._ids = itertools.count(120_200_000_001)
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, name="fake-graph")
        self._thread.start()

    # -- for tests -------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def fail(self, method: str, edge: str, *faults: Fault) -> None:
        """Answer the next requests `method` to a path ending in `edge` with `faults`."""
        with self._lock:
            self._faults[(method.upper(), edge)].extend(faults)

    def pending_faults(self) -> int:
        with self._lock:
            return sum(len(q) for q in self._faults.values())

    def issue_code(self, redirect_uri: str) -> str:
        """A login code as Facebook Login would hand the browser for `redirect_uri`."""
        code = f"AQcode{next(self._ids)}"
        with self._lock:
            self.codes[code] = redirect_uri
        return code

    def created(self, kind: str) -> list[dict[str, Any]]:
        """Objects of `kind` (campaign, adset, image, creative, ad), in creation order."""
        with self._lock:
            return list(self.objects[kind].values())

    def posts(self, edge: str | None = None) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.method == "POST"
                    and (edge is None or r.edge == edge)]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> FakeGraph:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the API ---------------------------------------------------------------------------------

    def _next_fault(self, request: Recorded) -> Fault | None:
        for key in ((request.method, request.path), (request.method, request.edge)):
            queue = self._faults.get(key)
            if queue:
                return queue.popleft()
        return None

    def handle(self, request: Recorded) -> tuple[Fault | None, int, dict[str, Any]]:
        """(fault to apply after the work, status, body) — or raises GraphRefusal."""
        with self._lock:
            self.requests.append(request)
            fault = self._next_fault(request)
            if fault is not None and not fault.drop_after:
                raise GraphRefusal(fault)
            if request.path != "oauth/access_token":
                self._check_token(request)
            status, body = self._route(request)
            return fault, status, body

    def _check_token(self, request: Recorded) -> None:
        token = request.token
        if not token or token not in self.tokens:
            raise _refuse(190, "Invalid OAuth access token - Cannot parse access token",
                          status=400)
        proof = request.params.get("appsecret_proof")
        if proof is not None:
            expected = hmac.new(self.app_secret.encode(), token.encode(),
                                hashlib.sha256).hexdigest()
            if not hmac.compare_digest(proof, expected):
                raise _refuse(100, "Invalid appsecret_proof provided in the API argument")

    def _route(self, request: Recorded) -> tuple[int, dict[str, Any]]:
        parts = request.path.split("/")
        method, params = request.method, request.params
        if method == "GET":
            if request.path == "me":
                return 200, self.user
            if request.path == "me/permissions":
                return self._page(request, [{"permission": p, "status": "granted"}
                                            for p in self.scopes])
            if request.path == "debug_token":
                return 200, self._debug(params.get("input_token", ""))
            if request.path == "oauth/access_token":
                return 200, self._oauth(params)
            if request.path == "me/adaccounts":
                return self._page(request, self.accounts)
            if request.path == "me/accounts":
                return self._page(request, self.pages)
            if request.path == "search":
                return self._search(params)
            if len(parts) == 1 and parts[0].startswith("act_"):
                return 200, self._account(parts[0])
            if len(parts) == 2 and parts[0].startswith("act_") and parts[1] in EDGES:
                self._account(parts[0])
                return self._list(request, EDGES[parts[1]], parts[0])
            if len(parts) == 2 and parts[1] == "previews":
                return 200, self._preview(parts[0], params)
        if method == "POST" and len(parts) == 2 and parts[1] in EDGES:
            self._account(parts[0])
            return 200, self._create(EDGES[parts[1]], parts[0], request)
        raise _refuse(100, f"Unsupported {method} request: unknown path components "
                      f"/{request.path}", kind="GraphMethodException")

    def _account(self, account_id: str) -> dict[str, Any]:
        for account in self.accounts:
            if account["id"] == account_id:
                return account
        raise _refuse(100, f"Unsupported get request. Object with ID '{account_id}' does not "
                      "exist, cannot be loaded due to missing permissions, or does not support "
                      "this operation", subcode=33, kind="GraphMethodException")

    def _page(self, request: Recorded, items: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
        start = int(request.query.get("after", "0") or 0)
        chunk = items[start:start + self.page_size]
        body: dict[str, Any] = {"data": chunk}
        end = start + len(chunk)
        paging: dict[str, Any] = {"cursors": {"before": str(start), "after": str(end)}}
        if end < len(items):
            query = {k: v for k, v in request.query.items() if k != "after"}
            query["after"] = str(end)
            # Like Meta's, the next address carries the access token.
            paging["next"] = f"{self.base_url}/{VERSION}/{request.path}?{urlencode(query)}"
        body["paging"] = paging
        return 200, body

    def _debug(self, input_token: str) -> dict[str, Any]:
        valid = input_token in self.tokens
        now = _now()
        expires = now + self.token_expires_in if self.token_expires_in else 0
        return {"data": {
            "app_id": self.app_id, "type": self.token_type, "application": "BrandTruth Test",
            "data_access_expires_at": now + 90 * 86400, "expires_at": expires,
            "is_valid": valid, "scopes": self.scopes if valid else [],
            "user_id": self.user["id"],
        }}

    def _oauth(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("client_id") != self.app_id:
            raise _refuse(101, "Error validating application. Invalid application ID.")
        if params.get("client_secret") != self.app_secret:
            raise _refuse(1, "Error validating client secret.", kind="OAuthException")
        if params.get("grant_type") == "fb_exchange_token":
            if params.get("fb_exchange_token") not in self.tokens:
                raise _refuse(190, "Invalid OAuth access token.")
            token = f"EAAGlongLived{next(self._ids)}" + "y" * 30
        else:
            code = str(params.get("code", ""))
            issued_for = self.codes.pop(code, None)
            if issued_for is None:
                raise _refuse(100, "This authorization code has been used.", subcode=36009)
            if params.get("redirect_uri") != issued_for:
                raise _refuse(100, "Error validating verification code. Please make sure your "
                              "redirect_uri is identical to the one you used in the OAuth "
                              "dialog request", subcode=36008)
            token = f"EAAGfromCode{next(self._ids)}" + "z" * 30
        self.tokens.add(token)
        return {"access_token": token, "token_type": "bearer", "expires_in": 5_183_944}

    def _search(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if params.get("type") != "adinterest":
            raise _refuse(100, "(#100) Search type not supported")
        words = str(params.get("q", "")).lower()
        found = [i for i in self.interests if words in i["name"].lower()]
        return 200, {"data": found[: int(params.get("limit", 25))]}

    def _list(self, request: Recorded, kind: str, account_id: str
              ) -> tuple[int, dict[str, Any]]:
        items = [o for o in self.objects[kind].values() if o["account_id"] == account_id]
        filtering = request.params.get("filtering") or []
        for rule in filtering:
            if rule.get("field") == "name" and rule.get("operator") == "CONTAIN":
                items = [o for o in items if str(rule.get("value")) in o.get("name", "")]
        if kind == "image":
            items = [{"id": o["id"], "hash": o["hash"], "name": o["name"]} for o in items]
        else:
            items = [{"id": o["id"], "name": o["name"]} for o in items]
        return self._page(request, items)

    def _preview(self, ad_id: str, params: dict[str, Any]) -> dict[str, Any]:
        if ad_id not in self.objects["ad"]:
            raise _refuse(100, f"Unsupported get request. Object with ID '{ad_id}' does not "
                          "exist", subcode=33, kind="GraphMethodException")
        ad_format = params.get("ad_format")
        if ad_format not in PREVIEW_FORMATS:
            raise _refuse(100, "(#100) param ad_format must be one of {...}")
        src = (f"https://www.facebook.com/ads/api/preview_iframe.php?d=AQ{ad_id}"
               f"&amp;t=AQpreview{ad_format.lower()}")
        return {"data": [{"body": f'<iframe src="{src}" width="540" height="690" '
                          'scrolling="yes" style="border: none;"></iframe>'}]}

    def _create(self, kind: str, account_id: str, request: Recorded) -> dict[str, Any]:
        params = request.form
        if kind == "image":
            return self._upload(account_id, request)
        name = str(params.get("name", "")).strip()
        if not name:
            raise _refuse(100, "(#100) The parameter name is required")
        if kind in ("campaign", "adset", "ad"):
            status = params.get("status")
            if status not in ("ACTIVE", "PAUSED"):
                raise _refuse(100, "(#100) param status must be one of {ACTIVE, PAUSED}")
            if status != "PAUSED":
                raise _refuse(100, "test server: BrandTruth must create every object PAUSED",
                              user_msg="Objects must be created PAUSED.")
        record: dict[str, Any] = {"id": str(next(self._ids)), "name": name,
                                  "account_id": account_id, "params": params}
        getattr(self, f"_check_{kind}")(account_id, params, record)
        self.objects[kind][record["id"]] = record
        return {"id": record["id"]}

    def _check_campaign(self, account_id: str, params: dict[str, Any],
                        record: dict[str, Any]) -> None:
        if params.get("objective") not in OBJECTIVES:
            raise _refuse(100, "(#100) param objective must be one of the outcome objectives")
        if "special_ad_categories" not in params:
            raise _refuse(100, "Invalid parameter", subcode=1885395, user_msg=(
                "Special ad categories are required: send special_ad_categories (an empty "
                "list if none apply)."))
        budget = params.get("daily_budget") or params.get("lifetime_budget")
        if budget is None and "is_adset_budget_sharing_enabled" not in params:
            raise _refuse(100, "Invalid parameter", subcode=4834011, user_msg=(
                "Must specify True or False in is_adset_budget_sharing_enabled field when "
                "not using campaign budget."))
        record["budget"] = int(budget) if budget is not None else None

    def _check_adset(self, account_id: str, params: dict[str, Any],
                     record: dict[str, Any]) -> None:
        campaign = self.objects["campaign"].get(str(params.get("campaign_id")))
        if campaign is None or campaign["account_id"] != account_id:
            raise _refuse(100, "(#100) Param campaign_id must be a valid campaign")
        for required in ("billing_event", "optimization_goal", "targeting"):
            if required not in params:
                raise _refuse(100, f"(#100) The parameter {required} is required")
        budget = params.get("daily_budget") or params.get("lifetime_budget")
        if campaign["budget"] is not None and budget is not None:
            raise _refuse(100, "Invalid parameter", subcode=1885621, user_msg=(
                "You can't set a budget for this ad set because its campaign uses campaign "
                "budget."))
        if campaign["budget"] is None and budget is None:
            raise _refuse(100, "Invalid parameter", subcode=1885272, user_msg=(
                "Your ad set needs a budget because its campaign has none."))
        targeting = params["targeting"]
        if not (targeting.get("geo_locations") or {}).get("countries"):
            raise _refuse(100, "Invalid parameter", subcode=1487756,
                          user_msg="Choose a location to target.")
        if "advantage_audience" not in (targeting.get("targeting_automation") or {}):
            raise _refuse(100, "Invalid parameter", subcode=1870227, user_msg=(
                "Advantage audience flag is required: set targeting_automation."
                "advantage_audience to 1 or 0."))
        if params["optimization_goal"] == "OFFSITE_CONVERSIONS" and "promoted_object" not in params:
            raise _refuse(100, "Invalid parameter", subcode=1885014,
                          user_msg="Conversions need a pixel and an event (promoted_object).")

    def _upload(self, account_id: str, request: Recorded) -> dict[str, Any]:
        if not request.content_type.startswith("multipart/form-data") or not request.files:
            raise _refuse(100, "(#100) No image was uploaded: send the file as "
                          "multipart/form-data")
        images = {}
        for upload in request.files:
            digest = hashlib.md5(upload.data).hexdigest()
            key = f"{account_id[4:]}:{digest}"
            self.objects["image"][key] = {"id": key, "hash": digest, "name": upload.file_name,
                                          "account_id": account_id, "size": len(upload.data),
                                          "content_type": upload.content_type}
            images[upload.file_name] = {"hash": digest,
                                        "url": f"https://scontent.example/{digest}.jpg"}
        return {"images": images}

    def _check_creative(self, account_id: str, params: dict[str, Any],
                        record: dict[str, Any]) -> None:
        story = params.get("object_story_spec")
        if not isinstance(story, dict):
            raise _refuse(100, "(#100) object_story_spec is required")
        if story.get("page_id") not in {p["id"] for p in self.pages}:
            raise _refuse(100, "Invalid parameter", subcode=1487531,
                          user_msg="The Page in this ad is not one you manage.")
        link = story.get("link_data") or {}
        if not str(link.get("link", "")).startswith(("http://", "https://")):
            raise _refuse(100, "Invalid parameter", subcode=1487202,
                          user_msg="Enter a valid website address (URL) for the link.")
        hashes = {o["hash"] for o in self.objects["image"].values()
                  if o["account_id"] == account_id}
        if link.get("image_hash") not in hashes:
            raise _refuse(100, "Invalid parameter", subcode=1487242,
                          user_msg="The image for this ad could not be found (image_hash).")
        cta = (link.get("call_to_action") or {}).get("type")
        if cta is not None and cta not in CTA_TYPES:
            raise _refuse(100, "(#100) call_to_action type is not valid")

    def _check_ad(self, account_id: str, params: dict[str, Any], record: dict[str, Any]
                  ) -> None:
        adset = self.objects["adset"].get(str(params.get("adset_id")))
        if adset is None:
            raise _refuse(100, "(#100) Param adset_id must be a valid ad set")
        creative = (params.get("creative") or {}).get("creative_id")
        if str(creative) not in self.objects["creative"]:
            raise _refuse(100, "(#100) Param creative must be a valid creative")


def _now() -> int:
    return int(time.time())


def _decode(value: str) -> Any:
    if value[:1] in "[{" or value in ("true", "false"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins the request threads
    fake: FakeGraph


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        parts = urlsplit(self.path)
        segments = [s for s in parts.path.split("/") if s]
        if segments and segments[0].startswith("v") and "." in segments[0]:
            segments = segments[1:]
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        content_type = self.headers.get("content-type", "")
        form, files = _parse_body(raw, content_type)
        request = Recorded(method, "/".join(segments),
                           {k: _decode(v) if k == "filtering" else v for k, v in query.items()},
                           form, files, content_type)
        fake = self.server.fake
        try:
            fault, status, body = fake.handle(request)
        except GraphRefusal as refusal:
            self._send(refusal.fault.status, refusal.fault.headers,
                       refusal.fault.raw_body if refusal.fault.raw_body is not None
                       else json.dumps({"error": refusal.fault.error}).encode())
            return
        if fault is not None and fault.drop_after:
            self.close_connection = True  # the work is done; the answer never leaves
            with contextlib.suppress(OSError):
                self.connection.shutdown(2)
            return
        self._send(status, {}, json.dumps(body).encode())

    def _send(self, status: int, headers: dict[str, str], data: bytes) -> None:
        try:
            self.send_response(status)
            lowered = {k.lower() for k in headers}
            if "content-type" not in lowered:
                self.send_header("content-type", "application/json; charset=UTF-8")
            self.send_header("content-length", str(len(data)))
            self.send_header("x-fb-request-id", f"AfakeRequest{id(self) % 100000}")
            self.send_header("x-fb-trace-id", "FakeTrace1")
            self.send_header("connection", "close")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _parse_body(raw: bytes, content_type: str) -> tuple[dict[str, Any], tuple[UploadedFile, ...]]:
    if not raw:
        return {}, ()
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
        form: dict[str, Any] = {}
        files: list[UploadedFile] = []
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition") or ""
            file_name = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if file_name is not None:
                files.append(UploadedFile(str(name), file_name,
                                          part.get_content_type(), payload))
            else:
                form[str(name)] = _decode(payload.decode())
        return form, tuple(files)
    return {k: _decode(v) for k, v in parse_qsl(raw.decode(), keep_blank_values=True)}, ()


if __name__ == "__main__":  # a fake to point the app at by hand
    with FakeGraph() as server:
        print(f"BRANDTRUTH_GRAPH_URL={server.base_url}  BRANDTRUTH_META_TOKEN={TOKEN}  "
              f"(account {ACCOUNT_ID}, Page {PAGE_ID}; Ctrl+C stops it)")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
