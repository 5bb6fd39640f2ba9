"""A web site on 127.0.0.1 whose every answer a test scripts: pages, errors, stalls, loops.

    with FakeSite() as site:
        site.page("/", "<a href='/about'>About</a>")
        site.route("/about", reply(404))
        fetch(site.url("/"))

Handlers that stall wait on `site.released` (set when the site stops), never on a sleep, so a
test never waits longer than its own timeouts and the server's threads always end.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

Handler = Callable[["FakeRequest"], None]


class FakeRequest(BaseHTTPRequestHandler):
    """One request to a FakeSite; routes write their answer through `send()`."""

    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.split("?", 1)[0]
        site.record(path, self.headers.get("User-Agent", ""))
        handler = site.routes.get(path) or site.routes.get("*") or reply(404, b"Not found")
        # The client may hang up (as the fetcher does past 5 MB): nothing is left to finish.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler(self)

    def send(
        self, status: int, body: bytes | Iterable[bytes] = b"",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Send a status, headers and a body (bytes, or chunks written as they come)."""
        self.send_response(status)
        headers = dict(headers or {})
        if isinstance(body, bytes):
            headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if isinstance(body, bytes):
            self.wfile.write(body)
        else:
            for chunk in body:
                self.wfile.write(chunk)
                self.server.site.add_sent(len(chunk))

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: FakeSite


class FakeSite:
    """A scripted site: `routes` maps a path to a handler; `requests` logs what was asked."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[str] = []
        self.user_agents: list[str] = []
        self.released = threading.Event()
        self.bytes_sent = 0
        self._lock = threading.Lock()
        self._server = _Server((host, 0), FakeRequest)
        self._server.site = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name="fake-site", daemon=True,
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def page(self, path: str, html: str, **kwargs: object) -> None:
        """Serve `html` (UTF-8, text/html) at `path`."""
        self.routes[path] = html_page(html, **kwargs)  # type: ignore[arg-type]

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def record(self, path: str, user_agent: str) -> None:
        with self._lock:
            self.requests.append(path)
            self.user_agents.append(user_agent)

    def add_sent(self, count: int) -> None:
        with self._lock:
            self.bytes_sent += count

    def count(self, path: str) -> int:
        with self._lock:
            return self.requests.count(path)

    def pages_requested(self) -> list[str]:
        """Requested paths other than /robots.txt."""
        with self._lock:
            return [p for p in self.requests if p != "/robots.txt"]

    def __enter__(self) -> FakeSite:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def reply(
    status: int, body: bytes | str = b"", headers: dict[str, str] | None = None,
    content_type: str = "text/html; charset=utf-8",
) -> Handler:
    """A handler that always gives the same answer."""
    data = body.encode() if isinstance(body, str) else body

    def handle(request: FakeRequest) -> None:
        request.send(status, data, {"Content-Type": content_type, **(headers or {})})

    return handle


def html_page(
    html: str | bytes, *, content_type: str = "text/html; charset=utf-8", status: int = 200,
    headers: dict[str, str] | None = None,
) -> Handler:
    """A handler for one HTML page."""
    return reply(status, html, headers, content_type)


def sequence(*handlers: Handler) -> Handler:
    """Answer the n-th request with the n-th handler (the last one repeats)."""
    calls: list[int] = []
    lock = threading.Lock()

    def handle(request: FakeRequest) -> None:
        with lock:
            index = min(len(calls), len(handlers) - 1)
            calls.append(index)
        handlers[index](request)

    return handle


def stall(
    then: Handler | None = None, *, until: threading.Event | None = None, at_most_s: float = 10.0
) -> Handler:
    """Say nothing until `until` is set or the site stops (at most `at_most_s`), then answer
    with `then` (or hang up)."""

    def handle(request: FakeRequest) -> None:
        site = request.server.site
        deadline = at_most_s
        while deadline > 0 and not site.released.is_set():
            if until is not None and until.is_set():
                break
            (until or site.released).wait(0.05)
            deadline -= 0.05
        if then is not None:
            then(request)

    return handle


def redirect(location: str, status: int = 302) -> Handler:
    return reply(status, b"", {"Location": location})
