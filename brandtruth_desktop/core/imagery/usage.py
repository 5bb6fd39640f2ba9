"""Using an image in an ad: fetch it, check it, keep it, and write it into the licence ledger.

`use_photo` is the one way an image goes into an ad, whatever its source, so every image used
has a ledger row (source, id, photographer, licence URL, download time, SHA-256 of the bytes)
and Unsplash hears about the use exactly once per campaign.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from PIL import Image

from brandtruth_desktop.core.imagery.loading import load_image, sniff_image_type
from brandtruth_desktop.core.models import Asset, LicenceRecord, StockPhoto
from brandtruth_desktop.core.ports import ImageFiles, LicenceLedger, StockSource, StockSourceError

log = logging.getLogger(__name__)

USED_IMAGE_KIND = "image"


@dataclass(frozen=True, slots=True)
class UsedImage:
    """An image ready for a LayoutSpec: the decoded picture, its stored file and ledger row.

    `notices` are things the person should know that did not stop the image being used (for
    instance, that Unsplash could not be told about the download while offline).
    """

    photo: StockPhoto
    image: Image.Image
    asset: Asset
    licence: LicenceRecord
    notices: tuple[str, ...] = ()


def use_photo(
    photo: StockPhoto,
    source: StockSource,
    *,
    files: ImageFiles,
    ledger: LicenceLedger,
    campaign_id: int | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> UsedImage:
    """Download `photo` (from the cache when it is there), read it with `load_image`, store it
    in the asset store and record its use in the licence ledger.

    The first use of a photo in a campaign also calls `source.mark_used` (Unsplash's download
    tracking); using it again in the same campaign does not. Raises StockSourceError when the
    bytes cannot be had and `ImageProblem` when they are not a usable image; in both cases
    nothing is recorded.
    """
    data = source.download(photo)
    image = load_image(data)
    asset = files.put_bytes(
        data,
        kind=USED_IMAGE_KIND,
        mime_type=sniff_image_type(data),
        original_name=_file_name(photo),
        source_url=photo.page_url or photo.full_url,
    )
    sha256 = hashlib.sha256(data).hexdigest()
    record, created = ledger.record_use(
        photo, sha256=sha256, downloaded_at=clock(), campaign_id=campaign_id
    )
    notices: list[str] = []
    if created:
        try:
            source.mark_used(photo)
        except StockSourceError as error:
            # The image is legitimately ours to use; only the photographer's download count
            # misses out. Say so rather than refuse the image.
            log.warning("could not report the use of %s %s: %s", photo.source, photo.id, error)
            notices.append(f"{photo.attribution}: the download could not be reported ({error})")
    return UsedImage(photo, image, asset, record, tuple(notices))


def _file_name(photo: StockPhoto) -> str:
    name = PurePosixPath(urlsplit(photo.full_url).path).name
    return name or f"{photo.source}-{photo.id}"
