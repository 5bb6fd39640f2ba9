"""The pipeline's ports, built on a workspace: one place for the wizard, the CLI and the demo.

`PipelineServices.run(campaign_id, step)` is a stage (a generator) that builds the ports for
one campaign (fetcher, Claude when asked for and allowed, image sources, fonts, the store on
the workspace), runs the core step with them and closes every session it opened, whatever
happens. The GUI hands it to the job runner; `brandtruth generate` drives it in the terminal.

Offline (`offline=True`) means what it means on the command line: no language model and no
stock-photo service is called; the site itself, the brand's own images and generated
backgrounds still are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import BrandProfile
from brandtruth_desktop.core.pipeline import (
    CampaignPlan,
    EventListener,
    PipelineDeps,
    Step,
    Writer,
    ignore_events,
)
from brandtruth_desktop.core.ports import StockSource
from brandtruth_desktop.core.secrets import SecretName
from brandtruth_desktop.paths import resources_dir

if TYPE_CHECKING:
    from brandtruth_desktop.core.compose import FontBook
    from brandtruth_desktop.core.ports import SecretStore
    from brandtruth_desktop.integrations.stock_cache import StockCache
    from brandtruth_desktop.settings import Settings
    from brandtruth_desktop.storage.workspace import Workspace

log = logging.getLogger(__name__)

PipelineStep = Callable[..., Generator[Progress, None, Any]]
"""A core pipeline step: `read_brand`, `write_campaign_copy`, … or `run_campaign`, called
as `step(campaign_id, deps, **options)`."""

MAX_LOGO_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class StockAvailability:
    """Which stock-photo services the campaign may search, and why the others not."""

    pexels: bool
    unsplash: bool
    reason: str = ""

    @property
    def any(self) -> bool:
        return self.pexels or self.unsplash


class PipelineServices:
    """Builds the pipeline's ports for one workspace, settings and key store."""

    def __init__(
        self,
        workspace: Workspace,
        settings: Settings,
        secrets: SecretStore,
        *,
        actor: str,
        offline: bool = False,
        on_secret_seen: Callable[[str], None] | None = None,
    ) -> None:
        self.workspace = workspace
        self.settings = settings
        self.secrets = secrets
        self.actor = actor
        self.offline = offline
        self._on_secret_seen = on_secret_seen

    # -- what is available ---------------------------------------------------------------------

    def claude_available(self) -> bool:
        """Whether Claude can write: not offline, and a key in the keyring or environment."""
        import os

        if self.offline:
            return False
        return bool(os.environ.get("ANTHROPIC_API_KEY", "").strip()) or self.secrets.is_set(
            SecretName.ANTHROPIC_API_KEY)

    def stock_availability(self) -> StockAvailability:
        if self.offline:
            return StockAvailability(False, False, "Working offline: stock photo services "
                                                   "are not searched.")
        pexels = self.secrets.is_set(SecretName.PEXELS_API_KEY)
        unsplash = self.secrets.is_set(SecretName.UNSPLASH_ACCESS_KEY)
        reason = "" if pexels or unsplash else (
            "Stock photo search needs a Pexels or Unsplash key (Settings → API keys).")
        return StockAvailability(pexels, unsplash, reason)

    def store(self) -> Any:
        from brandtruth_desktop.storage.pipeline_store import WorkspaceCampaignStore

        return WorkspaceCampaignStore(self.workspace, actor=self.actor)

    def stock_cache(self) -> StockCache:
        from brandtruth_desktop.integrations.stock_cache import StockCache

        return StockCache(self.workspace.paths.root / "cache" / "stock", self.workspace.assets)

    def fonts(self) -> FontBook:
        from brandtruth_desktop.core.compose import FontBook

        return FontBook(resources_dir() / "fonts")

    # -- running ---------------------------------------------------------------------------

    def run(
        self, campaign_id: int, step: PipelineStep, *, on_event: EventListener = ignore_events,
        **options: Any,
    ) -> Generator[Progress, None, Any]:
        """Stage: `step(campaign_id, deps, **options)` with freshly built ports, closed after."""
        with self.deps(campaign_id, on_event=on_event) as deps:
            return (yield from step(campaign_id, deps, **options))

    @contextmanager
    def deps(self, campaign_id: int, *, on_event: EventListener = ignore_events
             ) -> Iterator[PipelineDeps]:
        """The ports of one run; sessions and clients are closed when the block ends."""
        from brandtruth_desktop.integrations.web_fetcher import WebFetcher, asset_store_sink

        with ExitStack() as closing:
            store = self.store()
            plan = self.workspace.runs.plan(campaign_id)
            wants_claude = plan is not None and (
                plan.writer == Writer.CLAUDE.value
                or (self.settings.enrich_with_claude and not plan.step.reached(Step.TRUTH)))
            model = self._claude(campaign_id) if wants_claude else None
            if model is not None:
                closing.callback(model.close)
            enrich = model if self.settings.enrich_with_claude else None
            yield PipelineDeps(
                store=store,
                files=self.workspace.assets,
                ledger=self.workspace.licences,
                fetcher=WebFetcher(snapshot_sink=asset_store_sink(self.workspace.assets)),
                fetch_image=fetch_image,
                model=model if plan is not None and plan.writer == Writer.CLAUDE.value else None,
                enrich_model=enrich,
                image_sources=_ImageSources(self, closing),
                fonts=self.fonts(),
                page_html=self._page_html,
                on_event=on_event,
                respect_robots=self.settings.respect_robots_txt,
            )

    def _claude(self, campaign_id: int) -> Any:
        if self.offline:
            return None
        from brandtruth_desktop.integrations.anthropic_model import claude_from_settings

        ledger = self.workspace.model_calls

        def record(usage: Any) -> None:
            ledger.record_usage(usage, campaign_id=campaign_id)

        return claude_from_settings(self.settings, self.secrets, on_usage=record,
                                    on_secret_seen=self._on_secret_seen)

    def _page_html(self, sha256: str) -> str | None:
        try:
            with self.workspace.assets.open(sha256) as handle:
                return handle.read(64 * 1024).decode("utf-8", errors="replace")
        except (OSError, ValueError):
            return None

    def image_sources(self, plan: CampaignPlan, profile: BrandProfile | None,
                      closing: ExitStack) -> list[StockSource]:
        """The campaign's image sources, best first: the brand's own images, stock photos
        (when allowed and keyed), backgrounds generated from the brand colours."""
        from brandtruth_desktop.core.imagery.backgrounds import GeneratedBackgroundSource
        from brandtruth_desktop.integrations.brand_images import BrandImageSource
        from brandtruth_desktop.integrations.stock_cache import CachedStockSource

        cache = self.stock_cache()
        brand_name = profile.brand_name if profile else ""
        sources: list[StockSource] = []
        if plan.site_images:
            brand = BrandImageSource(plan.site_images, brand_name=brand_name,
                                     site_url=plan.website_url, cache=cache)
            closing.callback(brand.close)
            sources.append(brand)
        for stock in self.stock_sources():
            closing.callback(stock.close)
            sources.append(CachedStockSource(stock, cache))
        sources.append(GeneratedBackgroundSource(profile.colors if profile else (),
                                                 brand_name=brand_name))
        return sources

    def stock_sources(self) -> list[Any]:
        """Pexels and Unsplash clients for the keys that are set (none offline)."""
        if self.offline:
            return []
        from brandtruth_desktop.integrations.pexels import pexels_from_settings
        from brandtruth_desktop.integrations.unsplash import unsplash_from_settings

        found = [
            pexels_from_settings(self.settings.pexels_base_url, self.secrets),
            unsplash_from_settings(self.settings.unsplash_base_url, self.secrets),
        ]
        return [source for source in found if source is not None]


class _ImageSources:
    """`core.pipeline.ImageSourcesFactory` for one run; what it opens is closed with the run."""

    def __init__(self, services: PipelineServices, closing: ExitStack) -> None:
        self._services = services
        self._closing = closing

    def __call__(self, plan: CampaignPlan, profile: BrandProfile | None
                 ) -> Sequence[StockSource]:
        return self._services.image_sources(plan, profile, self._closing)


def fetch_image(url: str) -> bytes:
    """An image's bytes from a web or file address (the brand's logo)."""
    import requests

    from brandtruth_desktop.core.ports import StockSourceError
    from brandtruth_desktop.integrations.site_address import file_url_to_path, is_file_url
    from brandtruth_desktop.integrations.stock_http import StockHttp

    if is_file_url(url):
        path = Path(file_url_to_path(url))
        if path.stat().st_size > MAX_LOGO_BYTES:
            raise StockSourceError("too_large", f"“{path.name}” is too large for a logo.")
        return path.read_bytes()
    with requests.Session() as session:
        return StockHttp("The brand's site", session).get_bytes(url)
