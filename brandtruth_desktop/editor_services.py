"""What the canvas editor asks of the workspace, off the GUI thread: one object, no Qt.

`EditorServices` reads an ad for editing, saves edits with their audit rows, stores sources as
user-supplied facts, finds and places pictures (the campaign's own, a file, or another one
from the campaign's image sources), writes new copy through the campaign's writers, keeps a
full-size render with its QA report for every saved layout revision, and approves. The editor
runs each of these through the job runner; `benchmarks/canvas.py` and tests call them
directly.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Generator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brandtruth_desktop.core.compose import (
    FontBook,
    GeneratedBackground,
    LayoutSpec,
    RenderCache,
    encode,
    get_format,
    render_checked,
)
from brandtruth_desktop.core.compose.export import MIME_TYPES
from brandtruth_desktop.core.editing.draft import CopyFields
from brandtruth_desktop.core.editing.regenerate import RegeneratedCopy, regenerate_copy
from brandtruth_desktop.core.imagery.analysis import analyse_image
from brandtruth_desktop.core.imagery.backgrounds import recipe_from_url
from brandtruth_desktop.core.imagery.loading import ImageProblem, load_image
from brandtruth_desktop.core.imagery.search_terms import search_terms
from brandtruth_desktop.core.imagery.usage import use_photo
from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import Fact, StockPhoto, VariantStatus
from brandtruth_desktop.core.pipeline import ImageChoice, RenderRecord, copy_request, stored_truth
from brandtruth_desktop.core.ports import StockSource, StockSourceError
from brandtruth_desktop.core.review.gate import copy_of
from brandtruth_desktop.paths import resources_dir
from brandtruth_desktop.storage.editing import (
    AdEdit,
    AdForEditing,
    SavedEdit,
    ad_edit_repository,
)

if TYPE_CHECKING:
    from brandtruth_desktop.core.ports import SecretStore
    from brandtruth_desktop.settings import Settings
    from brandtruth_desktop.storage.review import DecisionOutcome
    from brandtruth_desktop.storage.workspace import Workspace

CREATIVE_KIND = "creative"
IMAGE_FORMAT = "jpeg"
SEARCH_RESULTS = 8


@dataclass(frozen=True, slots=True)
class PlacedPicture:
    """A picture ready to go into the ad's layouts: the choice to store, and either the photo
    (`sha256`, its pixel size and focal point) or a generated background."""

    choice: ImageChoice
    sha256: str | None = None
    size: tuple[int, int] = (0, 0)
    focal_point: tuple[float, float] = (0.5, 0.5)
    generated: GeneratedBackground | None = None


class EditorServices:
    """The editor's work on a workspace (see the module docstring). Thread-safe: each worker
    thread that renders gets its own font book and render cache."""

    def __init__(self, workspace: Workspace, settings: Settings, secrets: SecretStore, *,
                 actor: str) -> None:
        self.workspace = workspace
        self.settings = settings
        self.secrets = secrets
        self.actor = actor
        self.repository = ad_edit_repository(workspace)
        self._local = threading.local()

    # -- the ad --------------------------------------------------------------------------

    def load(self, campaign_id: int, variant_id: str) -> AdForEditing:
        return self.repository.load(campaign_id, variant_id)

    def save(self, edit: AdEdit) -> SavedEdit:
        return self.repository.save(edit, actor=self.actor)

    def add_source(self, campaign_id: int, fact: Fact, variant_id: str) -> Fact:
        return self.repository.add_source(campaign_id, fact, actor=self.actor,
                                          variant_id=variant_id)

    def approve(self, campaign_id: int, variant_id: str) -> DecisionOutcome:
        """Approve the ad (the same decision, and audit row, as the review grid's)."""
        from brandtruth_desktop.storage.review import review_repository

        outcomes = review_repository(self.workspace).decide(
            campaign_id, [variant_id], VariantStatus.APPROVED, actor=self.actor)
        return outcomes[0]

    # -- renders -------------------------------------------------------------------------

    def fonts(self) -> FontBook:
        """This thread's font book."""
        if not hasattr(self._local, "fonts"):
            self._local.fonts = FontBook(resources_dir() / "fonts")
            self._local.cache = RenderCache(decoded_mb=96, sized_mb=64, entries=256)
        fonts: FontBook = self._local.fonts
        return fonts

    def keep_render(self, campaign_id: int, spec: LayoutSpec, revision: int) -> RenderRecord:
        """Render a saved layout revision at full size with its QA report and store it, as
        the pipeline does, so the grid's thumbnail and badges and the export match it."""
        fonts = self.fonts()
        fmt = get_format(spec.format)
        checked = render_checked(spec, fmt.width, assets=self.workspace.assets, fonts=fonts,
                                 cache=self._local.cache)
        data = encode(checked.image, IMAGE_FORMAT)
        asset = self.workspace.assets.put_bytes(
            data, kind=CREATIVE_KIND, mime_type=MIME_TYPES[IMAGE_FORMAT],
            original_name=f"{spec.variant_id}_{fmt.file_key}.jpg")
        qa = {**checked.qa.to_dict(), "template": spec.template, "edited": True}
        return self.workspace.runs.save_render(RenderRecord(
            campaign_id=campaign_id, variant_id=spec.variant_id, format=spec.format,
            spec_revision=revision, sha256=asset.sha256, width=checked.image.width,
            height=checked.image.height, file_format=IMAGE_FORMAT, qa=qa,
            passed=checked.qa.passed))

    # -- pictures ------------------------------------------------------------------------

    def place(self, choice: ImageChoice) -> PlacedPicture:
        """A stored picture choice, measured for placing (size and focal point)."""
        recipe = recipe_from_url(choice.photo.full_url)
        if recipe is not None:
            return PlacedPicture(choice, generated=GeneratedBackground(
                recipe.style.value, tuple(recipe.colours), seed=recipe.seed))
        if not choice.sha256:
            raise ImageProblem(f"{choice.photo.attribution or 'The picture'} was never "
                               "downloaded; choose another.")
        with self.workspace.assets.open(choice.sha256) as handle:
            image = load_image(handle.read())
        analysis = analyse_image(image)
        return PlacedPicture(choice, choice.sha256, (image.width, image.height),
                             analysis.focal_point)

    def picture_from_file(self, campaign_id: int, variant_id: str, path: Path
                          ) -> PlacedPicture:
        """Use an image file: stored, recorded in the licence ledger, measured."""
        from brandtruth_desktop.integrations.local_files import LocalImageSource

        source = LocalImageSource([path])
        photos = source.search("", per_page=1)
        if not photos:
            problem = "; ".join(source.skipped) or f"“{path.name}” is not an image file."
            raise ImageProblem(problem)
        return self._use(photos[0], source, campaign_id, variant_id)

    def another_picture(self, ad: AdForEditing, shown: str | None
                        ) -> Generator[Progress, None, PlacedPicture | None]:
        """Another picture from the campaign's image sources (the brand's images, stock when
        keyed, generated backgrounds), the one least used in the campaign first; never the
        one `shown` (a photo's SHA-256 or a generated photo's id)."""
        from brandtruth_desktop.campaign_services import PipelineServices

        if ad.plan is None:
            raise ImageProblem("This campaign was not made by the wizard, so it has no image "
                               "sources to choose from. Choose a file instead.")
        services = PipelineServices(self.workspace, self.settings, self.secrets,
                                    actor=self.actor)
        variant = ad.variant
        used = Counter(c.sha256 or c.photo.id for c in ad.pictures)
        facts = {f.id: f for f in ad.facts}
        terms = search_terms(variant.angle, headline=variant.headline,
                             primary_text=variant.primary_text,
                             facts=[facts[i] for i in variant.fact_ids if i in facts],
                             brand_name=ad.brand_name)
        with ExitStack() as closing:
            sources = services.image_sources(ad.plan, ad.profile, closing)
            found: list[tuple[int, int, int, StockPhoto, StockSource]] = []
            for rank, source in enumerate(sources):
                yield Progress(rank, len(sources), f"Looking in {source.name} pictures")
                try:
                    photos = source.search(terms[0] if terms else "", per_page=SEARCH_RESULTS)
                except StockSourceError:
                    continue
                for position, photo in enumerate(photos):
                    found.append((used[photo.id], rank, position, photo, source))
            found.sort(key=lambda item: item[:3])
            current = {c.photo.id for c in ad.pictures if shown in (c.sha256, c.photo.id)}
            for _uses, _rank, _position, photo, source in found:
                if photo.id in current or photo.id == shown:
                    continue
                try:
                    placed = self._use(photo, source, ad.campaign.id, variant.id)
                except (StockSourceError, ImageProblem, OSError, ValueError):
                    continue
                if placed.sha256 is not None and placed.sha256 == shown:
                    continue
                return placed
        return None

    def _use(self, photo: StockPhoto, source: StockSource, campaign_id: int,
             variant_id: str) -> PlacedPicture:
        used = use_photo(photo, source, files=self.workspace.assets,
                         ledger=self.workspace.licences, campaign_id=campaign_id)
        choice = ImageChoice(campaign_id, variant_id, photo, used.asset.sha256, "person")
        recipe = recipe_from_url(photo.full_url)
        if recipe is not None:
            return PlacedPicture(choice, generated=GeneratedBackground(
                recipe.style.value, tuple(recipe.colours), seed=recipe.seed))
        analysis = analyse_image(used.image)
        return PlacedPicture(choice, used.asset.sha256, used.image.size, analysis.focal_point)

    # -- copy ----------------------------------------------------------------------------

    def regenerate_copy(self, ad: AdForEditing, current: CopyFields, *, seed: int
                        ) -> Generator[Progress, None, RegeneratedCopy]:
        """New copy for the ad from the campaign's writer and facts (Claude when the campaign
        is written by Claude and a key is set, else the offline writer)."""
        from dataclasses import replace

        from brandtruth_desktop.campaign_services import PipelineServices

        if ad.plan is None:
            raise ValueError("This campaign was not made by the wizard, so there is no brief "
                             "to write new copy from. Edit the copy by hand.")
        services = PipelineServices(self.workspace, self.settings, self.secrets,
                                    actor=self.actor)
        others = [copy_of(v) for v in self.repository.other_copies(ad.campaign.id,
                                                                    ad.variant.id)]
        variant = replace(ad.variant, headline=current.headline,
                          primary_text=current.primary_text, description=current.description,
                          call_to_action=current.call_to_action, fact_ids=current.fact_ids)
        with services.deps(ad.campaign.id) as deps:
            facts = list(self.workspace.content.facts(ad.campaign.id))
            truth = stored_truth(deps, ad.plan, ad.profile, facts)
            request = copy_request(ad.campaign, ad.plan)
            result: RegeneratedCopy = yield from regenerate_copy(
                truth, request, deps.model, current=copy_of(variant), others=others, seed=seed)
        # Model calls are already in the cost ledger: the Claude client records each one.
        return result
