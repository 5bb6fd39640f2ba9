"""Finding candidate images for a variant across several sources, and ranking them for a format.

Sources are asked in the order given (say: the brand's own images, Pexels, Unsplash, local
files, generated backgrounds) with each search term in turn. A source that fails for a reason
that will not change with another term (no key, rate limit, offline) is not asked again; what
went wrong is kept as a notice for the person. The result never depends on timing or chance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from brandtruth_desktop.core.models import StockPhoto
from brandtruth_desktop.core.ports import StockSource, StockSourceError

_GIVE_UP_KINDS = frozenset({"auth", "rate_limit", "offline", "timeout"})


@dataclass(frozen=True, slots=True)
class ImageSearch:
    """Candidate photos (each once, in the order found) and notices about sources that failed."""

    photos: tuple[StockPhoto, ...]
    notices: tuple[str, ...] = ()


def search_sources(
    sources: Sequence[StockSource],
    terms: Sequence[str],
    *,
    orientation: str | None = None,
    per_page: int = 12,
    enough: int = 24,
) -> ImageSearch:
    """Ask each source for each term until `enough` distinct photos are found."""
    found: dict[tuple[str, str], StockPhoto] = {}
    notices: list[str] = []
    for source in sources:
        for term in terms or ("",):
            try:
                photos = source.search(term, per_page=per_page, orientation=orientation)
            except StockSourceError as error:
                notices.append(str(error))
                if error.kind in _GIVE_UP_KINDS:
                    break
                continue
            for photo in photos:
                found.setdefault((photo.source, photo.id), photo)
            if len(found) >= enough:
                return ImageSearch(tuple(found.values())[:enough], tuple(notices))
    return ImageSearch(tuple(found.values()), tuple(notices))


def rank_for_format(photos: Sequence[StockPhoto], size: tuple[int, int]) -> list[StockPhoto]:
    """The photos best suited to an output of `size` first: those that need no upscaling, then
    those whose shape is closest to the format's (less cropped away); ties keep their order."""
    target_w, target_h = size
    target_aspect = target_w / target_h

    def key(indexed: tuple[int, StockPhoto]) -> tuple[bool, float, int]:
        index, photo = indexed
        if photo.width <= 0 or photo.height <= 0:
            return (True, 1.0, index)
        aspect = photo.width / photo.height
        # A cover crop to the format's aspect keeps this share of the photo ...
        kept = min(aspect, target_aspect) / max(aspect, target_aspect)
        # ... and is this wide, which must reach the output's width without upscaling.
        crop_width = min(photo.width, photo.height * target_aspect)
        return (crop_width < target_w, round(1.0 - kept, 2), index)

    return [photo for _index, photo in sorted(enumerate(photos), key=key)]
