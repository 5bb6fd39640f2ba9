"""Images from the person's own files: a folder, or files chosen one by one (a `StockSource`).

"Search" lists the image files (JPEG, PNG, WebP, GIF, BMP, TIFF) in a stable order: files whose
names contain the query's words first, then by name. Only the header of each file is read to
learn its size; `download` reads the whole file through `load_image`, so a damaged or enormous
file is refused there with a clear message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from brandtruth_desktop.core.imagery.loading import ImageProblem, image_size, load_image
from brandtruth_desktop.core.models import ImageSource, StockPhoto
from brandtruth_desktop.core.ports import StockSourceError

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"})
MAX_FILES = 5000


def orientation_of(width: int, height: int) -> str:
    """"landscape", "portrait" or "square" (within 5 %)."""
    if width <= 0 or height <= 0:
        return ""
    ratio = width / height
    if ratio > 1.05:
        return "landscape"
    if ratio < 0.95:
        return "portrait"
    return "square"


class LocalImageSource:
    """Image files in folders (not recursive unless asked) or given one by one.

    `skipped` lists, in plain words, the files the last search could not read.
    """

    name = ImageSource.LOCAL.value

    def __init__(self, paths: Iterable[Path], *, recursive: bool = False) -> None:
        self.paths = tuple(Path(p).expanduser() for p in paths)
        self.recursive = recursive
        self.skipped: list[str] = []

    def image_files(self) -> list[Path]:
        """Every image file the paths name, each once, sorted by path."""
        found: set[Path] = set()
        for path in self.paths:
            if path.is_dir():
                pattern = path.rglob("*") if self.recursive else path.iterdir()
                found.update(p for p in pattern if _is_image_name(p) and p.is_file())
            elif path.is_file() and _is_image_name(path):
                found.add(path)
            if len(found) > MAX_FILES:
                break
        return sorted(p.resolve() for p in found)[:MAX_FILES]

    def search(
        self, query: str, *, per_page: int = 12, orientation: str | None = None
    ) -> list[StockPhoto]:
        """The image files, those whose names contain words of `query` first."""
        self.skipped = []
        words = {w for w in re.findall(r"\w+", query.casefold()) if len(w) > 2}
        files = self.image_files()
        if not files and self.paths:
            missing = [str(p) for p in self.paths if not p.exists()]
            if missing:
                raise StockSourceError(
                    "not_found", f"No such file or folder: {', '.join(missing)}. "
                    "Check the path and try again."
                )

        def matches(path: Path) -> int:
            name = path.stem.casefold()
            return -sum(1 for word in words if word in name)

        photos: list[StockPhoto] = []
        for path in sorted(files, key=lambda p: (matches(p), str(p))):
            photo = self._describe(path)
            if photo is None:
                continue
            if orientation and orientation_of(photo.width, photo.height) != _square(orientation):
                continue
            photos.append(photo)
            if len(photos) >= max(1, per_page):
                break
        return photos

    def download(self, photo: StockPhoto) -> bytes:
        """The file's bytes, once `load_image` has read them as an image."""
        path = Path(photo.id)
        if path not in set(self.image_files()):
            raise StockSourceError(
                "not_found", f"“{path.name}” is not among the chosen image files any more."
            )
        try:
            load_image(path)
            return path.read_bytes()
        except ImageProblem as problem:
            raise StockSourceError("bad_image", str(problem)) from problem
        except OSError as error:
            raise StockSourceError(
                "not_found", f"Could not read “{path.name}”: {error.strerror or error}."
            ) from error

    def mark_used(self, photo: StockPhoto) -> None:
        """Nothing to report for the person's own files."""

    def _describe(self, path: Path) -> StockPhoto | None:
        size = image_size(path)
        if size is None:
            self.skipped.append(f"{path.name}: not an image BrandTruth can read")
            return None
        width, height = size
        return StockPhoto(
            source=self.name,
            id=str(path),
            width=width,
            height=height,
            thumb_url=path.as_uri(),
            full_url=path.as_uri(),
            description=path.stem.replace("_", " ").replace("-", " "),
        )


def _is_image_name(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES and not path.name.startswith(".")


def _square(orientation: str) -> str:
    return "square" if orientation == "squarish" else orientation


def local_source_for(paths: Sequence[str]) -> LocalImageSource:
    """A local source for paths given on a command line (`--images DIR`)."""
    return LocalImageSource([Path(p) for p in paths])
