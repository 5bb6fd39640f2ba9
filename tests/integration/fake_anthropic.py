"""A Messages API of our own on 127.0.0.1, for the real `anthropic` SDK to talk to in tests.

It speaks `POST /v1/messages` as Anthropic does: a `message` object with content blocks
(`tool_use`, `text`), `stop_reason` and `usage`, or an error body
`{"type": "error", "error": {"type": …, "message": …}}` with Anthropic's status codes and
headers (`retry-after` on 429, `x-should-retry`). Each test scripts the answers in order and
reads back the requests it received (headers and JSON bodies).

Run it by hand for the app (`python tests/integration/fake_anthropic.py`, then set
ANTHROPIC_BASE_URL to the address it prints): with nothing scripted it answers every call with
`grounded_answer()`: one ad per fact the prompt offers, each saying just that fact.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL_ID = "claude-haiku-4-5-20251001"
"""What the fake says it is: Anthropic answers with the dated id of the model alias asked for."""

DEFAULT_USAGE = {
    "input_tokens": 1200,
    "output_tokens": 800,
    "cache_creation_input_tokens": 0,
    "cache_read_input_tokens": 0,
}

BodyMaker = Callable[[dict[str, Any]], dict[str, Any] | bytes]


@dataclass(frozen=True)
class ScriptedReply:
    """One scripted answer: a status, headers and a body made from the request's JSON.

    `stall_s` holds the answer back that long (or until the server shuts down), to make a
    client time out.
    """

    status: int
    body: BodyMaker
    headers: dict[str, str] = field(default_factory=dict)
    stall_s: float = 0.0


@dataclass(frozen=True)
class RecordedRequest:
    """A request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: dict[str, Any]

    @property
    def api_key(self) -> str | None:
        """The key sent, whether as `x-api-key` or as an `Authorization: Bearer` token."""
        if "x-api-key" in self.headers:
            return self.headers["x-api-key"]
        authorization = self.headers.get("authorization", "")
        return authorization.removeprefix("Bearer ").strip() or None

    @property
    def user_text(self) -> str:
        """All text of the user turns."""
        return "\n".join(_texts(m["content"]) for m in self.body.get("messages", [])
                         if m.get("role") == "user")

    @property
    def system_text(self) -> str:
        system = self.body.get("system", "")
        return system if isinstance(system, str) else _texts(system)


def _texts(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "\n".join(block.get("text", "") for block in content if isinstance(block, dict))


_message_ids = itertools.count(1)


def _message(content: list[dict[str, Any]], stop_reason: str, usage: dict[str, int] | None,
             model: str | None) -> dict[str, Any]:
    return {
        "id": f"msg_fake{next(_message_ids):06d}",
        "type": "message",
        "role": "assistant",
        "model": model or MODEL_ID,
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {**DEFAULT_USAGE, **(usage or {})},
    }


def tool_answer(data: Any, *, usage: dict[str, int] | None = None, model: str | None = None,
                stop_reason: str = "tool_use") -> ScriptedReply:
    """Claude calling the tool the request forced (`tool_choice`) with `data` as its input."""
    def body(request: dict[str, Any]) -> dict[str, Any]:
        name = (request.get("tool_choice") or {}).get("name") or "answer"
        block = {"type": "tool_use", "id": "toolu_fake01", "name": name, "input": data}
        return _message([block], stop_reason, usage, model)

    return ScriptedReply(200, body)


def grounded_answer(*, count: int | None = None, usage: dict[str, int] | None = None,
                    ) -> ScriptedReply:
    """A well-behaved Claude: one variant per fact offered in the request's `<brand_data>`
    block, each saying just that fact, so every one passes the grounding gate.

    (This reads the prompt format of `core.copy.prompt`; it is a test double, not a parser.)
    """
    def body(request: dict[str, Any]) -> dict[str, Any]:
        user = "\n".join(_texts(m["content"]) for m in request.get("messages", []))
        data = json.loads(user.split("\n<brand_data>\n", 1)[1].split("\n</brand_data>", 1)[0])
        properties = request["tools"][0]["input_schema"]["properties"]
        wanted = count or properties["variants"].get("maxItems", 12)
        angles = properties["variants"]["items"]["properties"]["angle"]["enum"]
        variants = [
            {"angle": angles[index % len(angles)], "headline": data["brand_name"],
             "primary_text": fact["text"], "description": "", "call_to_action": "LEARN_MORE",
             "fact_ids": [fact["id"]], "persona": "support lead", "emotion": "relief"}
            for index, fact in enumerate(
                f for f in data["facts"] if len(f["text"]) <= 125 and '"' not in f["text"])
        ][:wanted]
        block = {"type": "tool_use", "id": "toolu_fake02",
                 "name": request["tool_choice"]["name"], "input": {"variants": variants}}
        return _message([block], "tool_use", usage, None)

    return ScriptedReply(200, body)


def text_answer(text: str, *, usage: dict[str, int] | None = None,
                stop_reason: str = "end_turn") -> ScriptedReply:
    """Claude answering in plain text (for example with JSON that does not parse)."""
    return ScriptedReply(200, lambda _request: _message(
        [{"type": "text", "text": text}], stop_reason, usage, None))


def api_error(status: int, error_type: str, message: str,
              headers: dict[str, str] | None = None) -> ScriptedReply:
    """An error as Anthropic sends it."""
    body = {"type": "error", "error": {"type": error_type, "message": message},
            "request_id": "req_fake"}
    return ScriptedReply(status, lambda _request: body, headers or {})


def rate_limited(retry_after: str = "0", retry_after_ms: str | None = "5") -> ScriptedReply:
    """429, with the `retry-after` header the SDK honours (and its precise `-ms` variant)."""
    headers = {"retry-after": retry_after, "x-should-retry": "true"}
    if retry_after_ms is not None:
        headers["retry-after-ms"] = retry_after_ms
    return api_error(429, "rate_limit_error",
                     "Number of request tokens has exceeded your per-minute rate limit", headers)


def overloaded() -> ScriptedReply:
    """529: Anthropic's API is overloaded (the SDK retries it)."""
    return api_error(529, "overloaded_error", "Overloaded", {"x-should-retry": "true",
                                                             "retry-after-ms": "5"})


def bad_key() -> ScriptedReply:
    return api_error(401, "authentication_error", "invalid x-api-key",
                     {"x-should-retry": "false"})


def server_error() -> ScriptedReply:
    return api_error(500, "api_error", "Internal server error", {"retry-after-ms": "5"})


def stall(seconds: float) -> ScriptedReply:
    """No answer for `seconds` (a client with a shorter timeout gives up first)."""
    return ScriptedReply(200, lambda _request: _message([], "end_turn", None, None),
                         stall_s=seconds)


class FakeAnthropic:
    """The fake API server; use it as a context manager (it stops and joins its threads).

    With `api_key` set, requests carrying another key get Anthropic's 401, as a real key
    check would. Scripted replies are used first in, first out; when none is left `default`
    answers (None: a 500 that names the missing script, so a test's mistake is obvious).
    """

    def __init__(self, *, api_key: str | None = None,
                 default: ScriptedReply | None = None) -> None:
        self.api_key = api_key
        self.default = default
        self.requests: list[RecordedRequest] = []
        self._replies: deque[ScriptedReply] = deque()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name="fake-anthropic",
        )
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def script(self, *replies: ScriptedReply) -> None:
        """Queue answers for the next requests, in order."""
        with self._lock:
            self._replies.extend(replies)

    @property
    def pending(self) -> int:
        """Scripted answers not yet used."""
        with self._lock:
            return len(self._replies)

    def message_requests(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == "/v1/messages"]

    def close(self) -> None:
        """Release stalled answers, stop serving and wait for every handler thread."""
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()  # joins the request threads (daemon_threads is False)
        self._thread.join()

    def __enter__(self) -> FakeAnthropic:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- called by the handler -----------------------------------------------------------------
    def _answer(self, request: RecordedRequest) -> ScriptedReply:
        with self._lock:
            self.requests.append(request)
            if self.api_key is not None and request.api_key != self.api_key:
                return bad_key()
            if request.path != "/v1/messages":
                return api_error(404, "not_found_error", f"Not found: {request.path}")
            problem = _invalid(request)
            if problem:
                return api_error(400, "invalid_request_error", problem)
            if self._replies:
                return self._replies.popleft()
        if self.default is not None:
            return self.default
        return api_error(500, "api_error", "the fake Anthropic server has no scripted reply left",
                         {"x-should-retry": "false"})


def _invalid(request: RecordedRequest) -> str:
    if "anthropic-version" not in request.headers:
        return "anthropic-version: header is required"
    for key in ("model", "max_tokens", "messages"):
        if key not in request.body:
            return f"{key}: Field required"
    return ""


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins them: no thread outlives the fake
    fake: FakeAnthropic


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        request = RecordedRequest(
            "POST", self.path.split("?")[0],
            {name.lower(): value for name, value in self.headers.items()},
            body if isinstance(body, dict) else {},
        )
        fake = self.server.fake
        reply = fake._answer(request)
        if reply.stall_s and fake._closing.wait(reply.stall_s):
            return  # shutting down: the client gave up long ago
        made = reply.body(request.body)
        data = made if isinstance(made, bytes) else json.dumps(made).encode()
        try:
            self.send_response(reply.status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.send_header("request-id", "req_fake")
            self.send_header("connection", "close")  # no idle keep-alive thread at shutdown
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client timed out and hung up
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass


if __name__ == "__main__":  # a fake to point the app at by hand
    with FakeAnthropic(default=grounded_answer()) as server:
        print(f"ANTHROPIC_BASE_URL={server.base_url}  (Ctrl+C stops it)")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
