"""The canvas preview: `render(spec, size)` on a worker, never more than one at a time.

While the designer drags, specs arrive faster than they can be drawn. `PreviewRenderer` keeps
only the newest: the first change after a pause is drawn at once, then renders start at most
every `DEBOUNCE_MS` (a burst of mouse moves becomes one render); while a render runs, newer
requests replace each other and only the last is drawn when it finishes. Renders never queue
up, so the picture is at most one render behind the pointer. Each render goes through the
app's job runner; the pixels are the one renderer's, turned into a QImage on the worker (a
QPixmap is only made on the GUI thread).

Signals:
    rendered(object): a `PreviewFrame`, the newest spec drawn.
    failed(str): a render failed; what went wrong.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from shiboken6 import isValid

from brandtruth_desktop.core.compose import Assets, FontBook, LayoutSpec, RenderCache, compose

if TYPE_CHECKING:
    from brandtruth_desktop.workers import JobRunner

log = logging.getLogger(__name__)

DEBOUNCE_MS = 16


@dataclass(frozen=True, slots=True)
class PreviewFrame:
    """One preview: the spec drawn, its pixels, the photo's source size (for crop handles),
    how long the render took on the worker (wall clock and the worker thread's CPU time), and
    when the newest spec it shows was asked for."""

    serial: int
    spec: LayoutSpec
    image: QImage
    picture_source: tuple[int, int] | None
    render_ms: float
    requested_at: float
    render_cpu_ms: float = 0.0

    @property
    def size(self) -> tuple[int, int]:
        return self.image.width(), self.image.height()


def to_qimage(image: Image.Image) -> QImage:
    """An RGB Pillow image as a QImage that owns its pixels."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    return QImage(data, rgb.width, rgb.height, rgb.width * 3,
                  QImage.Format.Format_RGB888).copy()


class PreviewRenderer(QObject):
    """Single-flight preview renders on the job runner (see the module docstring)."""

    rendered = Signal(object)
    failed = Signal(str)

    def __init__(self, runner: JobRunner, assets: Assets, fonts: FontBook,
                 parent: QObject | None = None, *, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._runner = runner
        self._assets = assets
        # Only one render runs at a time, so the font book and cache are never shared
        # between threads at once (the renderer's rule).
        self._fonts = fonts
        self._cache = RenderCache(decoded_mb=128, sized_mb=96, entries=256)
        self._wanted: tuple[LayoutSpec, int, float] | None = None
        self._busy = False
        self._closed = False
        self._serial = 0
        self._shown: tuple[LayoutSpec, int] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._debounce_ms = debounce_ms
        self._started_at = -1.0
        self._timer.timeout.connect(self._start_next)

    @property
    def busy(self) -> bool:
        """True while a render runs or one is waiting to start."""
        return self._busy or self._wanted is not None

    def request(self, spec: LayoutSpec, width: int) -> None:
        """Draw `spec` `width` pixels wide as soon as the worker is free (newest wins)."""
        if self._closed:
            return
        if self._shown == (spec, width) and not self._busy:
            # Already on screen (an undo followed by a redo): drop what was waiting.
            self._wanted = None
            self._timer.stop()
            return
        now = time.perf_counter()
        self._wanted = (spec, width, now)
        if not self._busy and not self._timer.isActive():
            # A throttle with a leading edge: the first change after a pause is drawn at
            # once; then at most one render starts per DEBOUNCE_MS.
            wait_ms = self._debounce_ms - (now - self._started_at) * 1000
            self._timer.start(max(0, round(wait_ms)))

    def close(self) -> None:
        """Stop: pending requests are dropped and a running render's result is ignored."""
        self._closed = True
        self._wanted = None
        self._timer.stop()

    def _start_next(self) -> None:
        if self._closed or self._busy or self._wanted is None:
            return
        spec, width, requested_at = self._wanted
        self._wanted = None
        self._busy = True
        self._started_at = time.perf_counter()
        self._serial += 1
        serial = self._serial
        assets, fonts, cache = self._assets, self._fonts, self._cache

        def work() -> PreviewFrame:
            started, cpu = time.perf_counter(), time.thread_time()
            composition = compose(spec, width, assets=assets, fonts=fonts, cache=cache)
            image = to_qimage(composition.image)
            source = composition.picture.source_size if composition.picture else None
            return PreviewFrame(serial, spec, image, source,
                                (time.perf_counter() - started) * 1000, requested_at,
                                (time.thread_time() - cpu) * 1000)

        def done(frame: PreviewFrame) -> None:
            if not isValid(self):  # the editor was torn down while this render ran
                return
            self._finish()
            if not self._closed:
                self._shown = (frame.spec, width)
                self.rendered.emit(frame)

        def broke(error: BaseException) -> None:
            if not isValid(self):
                return
            self._finish()
            if not self._closed:
                log.warning("preview render failed: %s", error)
                self.failed.emit(str(error) or type(error).__name__)

        self._runner.call("Drawing the preview", work, on_success=done, on_failure=broke)

    def _finish(self) -> None:
        self._busy = False
        if not self._closed and self._wanted is not None:
            self._start_next()
