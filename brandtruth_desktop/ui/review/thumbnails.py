"""Thumbnails for the review grid, made on worker threads and cached in memory and on disk.

A thumbnail is keyed by (variant, format, layout revision, pixel size): an edit makes a new
revision and so a new thumbnail, and nothing ever has to be invalidated. The grid asks
`pixmap(request)`: a cached pixmap comes back at once; otherwise None, and the request joins a
stack that one or two runner jobs drain (newest first: what the person scrolled to last is
what they are looking at). Each finished thumbnail arrives on the GUI thread as `ready`.

How a thumbnail is made, fastest first (benchmarks/review_grid.py measures them):

1. the disk cache (a small JPEG under the data folder's `cache/thumbnails`);
2. the stored render of exactly that revision, decoded at 1/2 … 1/8 scale straight from the
   JPEG (`draft`) and scaled down: about 3 ms;
3. `render(spec, size)`, the one renderer, when the layout changed since the last render:
   about 15 ms at grid size.

While the grid scrolls, the work is held back (`hold`): on a two-core laptop two busy workers
would take the CPU (and Python's lock) from the GUI thread and make scrolling stutter. The
thumbnails of what the person stops on are made as soon as the scrolling settles.

Signals:
    ready(str, str, int): variant id, format and revision of a thumbnail that is now cached.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
from collections import deque
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PIL import Image, ImageOps
from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap

from brandtruth_desktop.core.compose.lru import LRU
from brandtruth_desktop.core.jobs import Progress

if TYPE_CHECKING:
    from brandtruth_desktop.core.compose import LayoutSpec
    from brandtruth_desktop.storage.workspace import Workspace
    from brandtruth_desktop.workers import JobRunner

log = logging.getLogger(__name__)

THUMB_WIDTHS = {"1:1": 200, "4:5": 192, "9:16": 168, "16:9": 280, "1.91:1": 280}
"""How wide an ad's thumbnail is in the grid, in device-independent pixels, per format."""
ASPECTS = {"1:1": 1.0, "4:5": 0.8, "9:16": 9 / 16, "16:9": 16 / 9, "1.91:1": 1200 / 628}
MAX_PENDING = 400
"""Requests beyond this are dropped, oldest first (they are asked for again when shown)."""
MAX_WORKERS = max(1, min(2, (os.cpu_count() or 2) - 1))
"""Thumbnail jobs at once: one core is left to the GUI thread (a two-core laptop gets one
worker), and the runner keeps its other workers for the person's own jobs."""
DISK_BUDGET = 256 * 1024 * 1024
JPEG_QUALITY = 88
CORNER_RADIUS = 6.0


def thumb_box(format_key: str) -> QSize:
    """The thumbnail's size in the grid (device-independent pixels) for a format."""
    width = THUMB_WIDTHS.get(format_key, 200)
    return QSize(width, round(width / ASPECTS.get(format_key, 1.0)))


@dataclass(frozen=True, slots=True)
class ThumbnailRequest:
    """Which thumbnail: a variant in a format at a layout revision; `render_sha256` is the
    stored render of exactly that revision, when there is one."""

    variant_id: str
    format: str
    revision: int
    render_sha256: str | None = None


class ThumbnailSource(Protocol):
    """What a worker needs to make a thumbnail (called on worker threads)."""

    def read(self, sha256: str) -> bytes: ...

    def render(self, request: ThumbnailRequest, size: tuple[int, int]) -> Image.Image: ...


class WorkspaceThumbnailSource:
    """Stored renders from the asset store; layouts rendered with the compose renderer.

    Each worker thread keeps its own font book and render cache (the renderer's rule)."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._local = threading.local()

    def read(self, sha256: str) -> bytes:
        with self._workspace.assets.open(sha256) as handle:
            return handle.read()

    def spec(self, request: ThumbnailRequest) -> LayoutSpec:
        from brandtruth_desktop.core.compose import LayoutSpec

        records = [r for r in self._workspace.content.layout_specs(request.variant_id)
                   if r.format == request.format]
        if not records:
            raise LookupError(f"Ad {request.variant_id} has no {request.format} layout.")
        exact = [r for r in records if r.revision == request.revision]
        return LayoutSpec.from_record(exact[0] if exact else records[-1])

    def render(self, request: ThumbnailRequest, size: tuple[int, int]) -> Image.Image:
        from brandtruth_desktop.core.compose import FontBook, RenderCache, render
        from brandtruth_desktop.paths import resources_dir

        if not hasattr(self._local, "fonts"):
            self._local.fonts = FontBook(resources_dir() / "fonts")
            self._local.cache = RenderCache(decoded_mb=96, sized_mb=48, entries=256)
        return render(self.spec(request), size, assets=self._workspace.assets,
                      fonts=self._local.fonts, cache=self._local.cache)


def scaled_render(data: bytes, size: tuple[int, int]) -> Image.Image:
    """A stored render scaled to `size`: JPEGs decode at the smallest DCT scale that is still
    at least `size`, which is most of the speed."""
    image = Image.open(io.BytesIO(data))
    if image.format == "JPEG":
        image.draft("RGB", size)
    return ImageOps.fit(image.convert("RGB"), size, Image.Resampling.LANCZOS)


def make_thumbnail(source: ThumbnailSource, request: ThumbnailRequest, size: tuple[int, int],
                   cache_dir: Path | None) -> QImage:
    """The thumbnail as a QImage with rounded corners, ready to blit (worker threads: no
    QPixmap here), via the disk cache."""
    radius = CORNER_RADIUS * size[0] / max(1, thumb_box(request.format).width())
    path = cache_path(cache_dir, request, size) if cache_dir is not None else None
    if path is not None and path.is_file():
        cached = QImage(str(path))
        if not cached.isNull():
            return round_corners(cached, radius)
    stored = None
    if request.render_sha256:
        try:
            stored = scaled_render(source.read(request.render_sha256), size)
        except (OSError, ValueError) as error:  # the file is gone or damaged: draw it again
            log.info("stored render of %s unusable (%s); rendering", request.variant_id, error)
    if stored is not None:
        image = stored
    else:
        image = source.render(request, size).convert("RGB")
        if image.size != size:
            image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    if path is not None:
        _write_cache(path, image)
    return round_corners(to_qimage(image), radius)


def round_corners(image: QImage, radius: float) -> QImage:
    """The image with antialiased rounded corners and a hairline edge (as the grid shows it)."""
    rounded = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    rounded.fill(Qt.GlobalColor.transparent)
    painter = QPainter(rounded)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    area = QRectF(rounded.rect())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(image))
    painter.drawRoundedRect(area, radius, radius)
    scale = radius / CORNER_RADIUS
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor(0, 0, 0, 30), scale))
    inset = scale / 2
    painter.drawRoundedRect(area.adjusted(inset, inset, -inset, -inset), radius, radius)
    painter.end()
    return rounded


def cache_path(cache_dir: Path, request: ThumbnailRequest, size: tuple[int, int]) -> Path:
    key = f"{request.variant_id}|{request.format}|{request.revision}|{size[0]}x{size[1]}"
    name = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()
    return cache_dir / name[:2] / f"{name}.jpg"


def _write_cache(path: Path, image: Image.Image) -> None:
    from brandtruth_desktop.core.compose.export import write_atomic

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    try:
        write_atomic(path, buffer.getvalue())
    except OSError as error:  # a full disk costs the cache, never the thumbnail
        log.warning("thumbnail cache not written: %s", error)


def to_qimage(image: Image.Image) -> QImage:
    """An RGB PIL image as a QImage that owns its pixels."""
    rgb = image.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    return QImage(data, rgb.width, rgb.height, rgb.width * 3,
                  QImage.Format.Format_RGB888).copy()


def prune_cache(cache_dir: Path, budget: int = DISK_BUDGET) -> int:
    """Delete the least recently written thumbnails beyond `budget` bytes; returns how many."""
    if not cache_dir.is_dir():
        return 0
    files = []
    for path in cache_dir.glob("*/*.jpg"):
        try:
            stat = path.stat()
        except OSError:
            continue
        files.append((stat.st_mtime, stat.st_size, path))
    used = sum(size for _, size, _ in files)
    removed = 0
    for _, size, path in sorted(files):
        if used <= budget:
            break
        try:
            os.remove(path)
        except OSError:
            continue
        used -= size
        removed += 1
    return removed


class ThumbnailService(QObject):
    """Makes and caches thumbnails off the GUI thread (see the module docstring)."""

    ready = Signal(str, str, int)
    _delivered = Signal(object, object)  # emitted on workers; queued to the GUI thread

    def __init__(self, runner: JobRunner, *, cache_dir: Path | None = None,
                 memory_mb: int = 160, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._cache_dir = cache_dir
        self._memory: LRU[tuple[str, str, int, int, int], QPixmap] = LRU(
            memory_mb << 20, lambda p: max(1, p.width() * p.height() * 4))
        self._source: ThumbnailSource | None = None
        self._dpr = 1.0
        self._lock = threading.Lock()
        self._stack: deque[ThumbnailRequest] = deque()
        self._wanted: set[ThumbnailRequest] = set()  # queued or being made
        self._failed: set[ThumbnailRequest] = set()
        self._jobs = 0
        self._held = False
        self.made = 0
        self._delivered.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        if cache_dir is not None:
            runner.call("Tidying the thumbnail cache", lambda: prune_cache(cache_dir))

    # -- GUI thread --------------------------------------------------------------------------
    def set_source(self, source: ThumbnailSource | None) -> None:
        """Where thumbnails come from (a workspace); queued requests are dropped."""
        with self._lock:
            self._source = source
            self._stack.clear()
            self._wanted.clear()
        self._failed.clear()

    def set_device_pixel_ratio(self, ratio: float) -> None:
        """Make thumbnails for screens with this many pixels per point."""
        self._dpr = max(1.0, float(ratio))

    @property
    def device_pixel_ratio(self) -> float:
        return self._dpr

    def pixel_size(self, format_key: str) -> tuple[int, int]:
        box = thumb_box(format_key)
        return round(box.width() * self._dpr), round(box.height() * self._dpr)

    def cached(self, request: ThumbnailRequest) -> QPixmap | None:
        return self._memory.get(self._key(request))

    def failed(self, request: ThumbnailRequest) -> bool:
        return request in self._failed

    def pixmap(self, request: ThumbnailRequest) -> QPixmap | None:
        """The thumbnail if it is cached; else None, and it is made in the background."""
        found = self._memory.get(self._key(request))
        if found is not None or request in self._failed:
            return found
        with self._lock:
            if self._source is None or request in self._wanted:
                return None
            self._wanted.add(request)
            self._stack.append(request)
            while len(self._stack) > MAX_PENDING:
                self._wanted.discard(self._stack.popleft())
        self._start_workers()
        return None

    def hold(self, held: bool) -> None:
        """Hold thumbnail work back (while the grid scrolls, so the workers leave the CPU to
        the GUI thread), or let it go on. Requests keep queueing, newest first."""
        self._held = held
        if not held:
            self._start_workers()

    @property
    def held(self) -> bool:
        return self._held

    @property
    def pending(self) -> int:
        """Thumbnails queued or being made."""
        with self._lock:
            return len(self._wanted)

    def _start_workers(self) -> None:
        while self._jobs < MAX_WORKERS and not self._held:
            with self._lock:
                if len(self._stack) <= self._jobs:
                    return
            self._jobs += 1
            try:
                self._runner.start("Making thumbnails", self._drain, visible=False,
                                   kind="thumbnails", on_success=self._job_ended,
                                   on_failure=self._job_ended,
                                   on_cancelled=lambda: self._job_ended(None))
            except RuntimeError:  # the runner has shut down: the app is closing
                self._jobs -= 1
                return

    def _job_ended(self, _result: object) -> None:
        self._jobs -= 1
        self._start_workers()

    def _arrived(self, request: ThumbnailRequest, image: QImage | None) -> None:
        with self._lock:
            self._wanted.discard(request)
        if image is None or image.isNull():
            self._failed.add(request)
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(image.width() / max(1, thumb_box(request.format).width()))
        self._memory.put(self._key(request, (image.width(), image.height())), pixmap)
        self.made += 1
        self.ready.emit(request.variant_id, request.format, request.revision)

    def _key(self, request: ThumbnailRequest, size: tuple[int, int] | None = None
             ) -> tuple[str, str, int, int, int]:
        width, height = size or self.pixel_size(request.format)
        return request.variant_id, request.format, request.revision, width, height

    # -- worker threads ----------------------------------------------------------------------
    def _drain(self) -> Generator[Progress, None, int]:
        """A job: make thumbnails, newest request first, until none is left."""
        made = 0
        while True:
            with self._lock:
                if not self._stack or self._source is None or self._held:
                    return made
                request = self._stack.pop()
                source = self._source
            size = self.pixel_size(request.format)
            image: QImage | None
            try:
                image = make_thumbnail(source, request, size, self._cache_dir)
            except Exception as error:  # one bad ad costs its thumbnail, not the others
                log.warning("no thumbnail for %s %s: %s", request.variant_id,
                            request.format, error)
                image = None
            try:
                self._delivered.emit(request, image)
            except RuntimeError:  # the service is gone: the window closed
                return made
            made += 1
            yield Progress(made, None, "Making thumbnails")
