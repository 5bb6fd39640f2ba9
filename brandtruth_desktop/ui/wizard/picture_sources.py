"""Work for the Images page that runs on the job runner: listing a source's pictures with
thumbnails, and giving a variant the picture the person chose (asset store + licence ledger).

Only `QImage` is made here (never a pixmap or widget): these functions run on worker threads.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QImage

from brandtruth_desktop.core.imagery.loading import ImageProblem
from brandtruth_desktop.core.models import StockPhoto
from brandtruth_desktop.core.pipeline import CampaignPlan, ImageChoice
from brandtruth_desktop.core.ports import StockSource, StockSourceError
from brandtruth_desktop.ui.wizard.photo_model import THUMB_SIZE, photo_key
from brandtruth_desktop.ui.wizard.session import pil_to_qimage, thumbnail

if TYPE_CHECKING:
    from brandtruth_desktop.campaign_services import PipelineServices

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PictureList:
    """A source's pictures, their thumbnails by photo key, and what went wrong."""

    photos: tuple[StockPhoto, ...]
    thumbnails: dict[str, QImage]
    problems: tuple[str, ...] = ()


def source_for(name: str, services: PipelineServices, plan: CampaignPlan,
               colours: Sequence[str], brand_name: str, *, local_paths: Sequence[str] = ()
               ) -> Any:
    """A StockSource by name (brand, generated, local, pexels, unsplash), or None; the caller
    closes it (`close_source`)."""
    from brandtruth_desktop.core.imagery.backgrounds import GeneratedBackgroundSource

    if name == "generated":
        return GeneratedBackgroundSource(colours, brand_name=brand_name)
    if name == "brand":
        from brandtruth_desktop.integrations.brand_images import BrandImageSource

        return BrandImageSource(plan.site_images, brand_name=brand_name,
                                site_url=plan.website_url, cache=services.stock_cache())
    if name == "local":
        from brandtruth_desktop.integrations.local_files import LocalImageSource

        return LocalImageSource([Path(p) for p in local_paths])
    from brandtruth_desktop.integrations.stock_cache import CachedStockSource

    for stock in services.stock_sources():
        if stock.name == name:
            return CachedStockSource(stock, services.stock_cache())
        close_source(stock)
    return None


def close_source(source: Any) -> None:
    inner = getattr(source, "source", None)  # a CachedStockSource's service
    for target in (source, inner):
        close = getattr(target, "close", None)
        if close is not None:
            with suppress(Exception):
                close()


def list_pictures(source: StockSource | None, query: str, *, per_page: int = 12,
                  thumbnail_bytes: Any = None) -> PictureList:
    """Search a source and make a thumbnail for each result."""
    if source is None:
        return PictureList((), {}, ("This source is not available.",))
    problems: list[str] = []
    try:
        photos = source.search(query, per_page=per_page)
    except StockSourceError as error:
        return PictureList((), {}, (str(error),))
    thumbs: dict[str, QImage] = {}
    for photo in photos:
        try:
            thumbs[photo_key(photo)] = _thumbnail(source, photo, thumbnail_bytes)
        except (StockSourceError, ImageProblem, OSError, ValueError) as error:
            problems.append(f"{photo.description or photo.id}: {error}")
    problems += list(getattr(source, "problems", ()) or getattr(source, "skipped", ()) or ())
    shown = tuple(p for p in photos if photo_key(p) in thumbs)
    return PictureList(shown, thumbs, tuple(problems))


def _thumbnail(source: StockSource, photo: StockPhoto, thumbnail_bytes: Any) -> QImage:
    width, height = THUMB_SIZE.width(), THUMB_SIZE.height()
    if photo.source == "generated":
        from brandtruth_desktop.core.imagery.backgrounds import recipe_from_url, render_background

        recipe = recipe_from_url(photo.full_url)
        if recipe is None:
            raise ValueError("not a generated background")
        return pil_to_qimage(render_background(recipe, (width * 2, height * 2)))
    if photo.source in ("pexels", "unsplash") and photo.thumb_url and thumbnail_bytes:
        return thumbnail(thumbnail_bytes(photo.thumb_url), width * 2, height * 2)
    return thumbnail(source.download(photo), width * 2, height * 2)


def web_bytes(url: str) -> bytes:
    """A small file (a stock thumbnail) from the web."""
    import requests

    from brandtruth_desktop.integrations.stock_http import StockHttp

    with requests.Session() as session:
        return StockHttp("The photo service", session).get_bytes(url)


def assign_picture(services: PipelineServices, campaign_id: int, variant_ids: Sequence[str],
                   photo: StockPhoto, local_paths: Sequence[str] = ()
                   ) -> tuple[list[ImageChoice], QImage, list[str]]:
    """Give the variants the person's chosen picture: download it, store it, record it in
    the licence ledger, save the choices. Returns them, a thumbnail and notices."""
    from brandtruth_desktop.core.imagery.usage import use_photo

    workspace = services.workspace
    plan = workspace.runs.plan(campaign_id) or CampaignPlan(campaign_id)
    profile = workspace.content.brand_profile(campaign_id)
    colours = profile.colors if profile else ()
    source = source_for(photo.source, services, plan, colours,
                        profile.brand_name if profile else "", local_paths=local_paths)
    if source is None:
        raise StockSourceError("other", f"{photo.source.capitalize()} is not available now.")
    try:
        used = use_photo(photo, source, files=workspace.assets, ledger=workspace.licences,
                         campaign_id=campaign_id)
    finally:
        close_source(source)
    choices = [
        workspace.runs.save_image_choice(
            ImageChoice(campaign_id, variant_id, photo, used.asset.sha256, "person"))
        for variant_id in variant_ids
    ]
    image = used.image.copy()
    image.thumbnail((THUMB_SIZE.width() * 2, THUMB_SIZE.height() * 2))
    return choices, pil_to_qimage(image), list(used.notices)


def choice_thumbnails(services: PipelineServices, campaign_id: int
                      ) -> list[tuple[ImageChoice, QImage | None]]:
    """The campaign's stored picture choices with thumbnails (for coming back to the page)."""
    workspace = services.workspace
    result: list[tuple[ImageChoice, QImage | None]] = []
    for choice in workspace.runs.image_choices(campaign_id):
        image = None
        if choice.sha256:
            try:
                with workspace.assets.open(choice.sha256) as handle:
                    image = thumbnail(handle.read(), THUMB_SIZE.width(), THUMB_SIZE.height())
            except (OSError, ImageProblem, ValueError) as error:
                log.info("no thumbnail for %s: %s", choice.variant_id, error)
        result.append((choice, image))
    return result
