"""Stage 3: a picture for every variant, chosen by the person or picked by the app.

Variants the person gave a picture keep it. For the others the app searches the campaign's
sources in order (the brand's own images, stock photos when allowed, generated backgrounds)
with terms from the variant's copy and facts, and takes the result used least so far, so a
campaign's ads do not all share one photo. Each pick goes through `use_photo` (asset store and
licence ledger) and is stored the moment it is made.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator, Sequence

from brandtruth_desktop.core.imagery.loading import ImageProblem
from brandtruth_desktop.core.imagery.search_terms import search_terms
from brandtruth_desktop.core.imagery.usage import use_photo
from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import BrandProfile, Fact, StockPhoto, Variant
from brandtruth_desktop.core.pipeline.deps import (
    PipelineDeps,
    PipelineError,
    advance,
    require_plan,
    tell,
)
from brandtruth_desktop.core.pipeline.ports import ImageChosen
from brandtruth_desktop.core.pipeline.records import ImageChoice, Step
from brandtruth_desktop.core.ports import StockSource, StockSourceError

RESULTS_PER_SEARCH = 8
QUERY_FREE_SOURCES = frozenset({"brand", "generated", "local"})
"""Sources whose search ignores the query: searched once per run."""


def choose_images(campaign_id: int, deps: PipelineDeps
                  ) -> Generator[Progress, None, list[ImageChoice]]:
    """Give every variant without a picture one; returns the campaign's choices."""
    plan = require_plan(deps, campaign_id)
    store = deps.store
    variants = store.variants(campaign_id)
    choices = {c.variant_id: c for c in store.image_choices(campaign_id)}
    todo = [v for v in variants if choices.get(v.id) is None or not choices[v.id].sha256]
    if todo:
        if deps.image_sources is None:
            raise PipelineError("No image sources were given to the pipeline.")
        profile = store.brand_profile(campaign_id)
        sources = list(deps.image_sources(plan, profile))
        picker = _Picker(sources, profile, {f.id: f for f in store.facts(campaign_id)},
                         Counter(c.photo.source + ":" + c.photo.id for c in choices.values()))
        for number, variant in enumerate(todo):
            yield Progress(number, len(todo), f"Picture for ad {number + 1} of {len(todo)}")
            choice = _choose(campaign_id, variant, choices.get(variant.id), picker, deps)
            if choice is None:
                continue
            choice = store.save_image_choice(choice)
            choices[variant.id] = choice
            deps.on_event(ImageChosen(campaign_id, choice))
        for problem in picker.problems:
            tell(deps, campaign_id, problem)
        yield Progress(len(todo), len(todo), "Every ad has its picture")
    advance(deps, campaign_id, Step.IMAGES)
    return list(choices.values())


def _choose(campaign_id: int, variant: Variant, wanted: ImageChoice | None, picker: _Picker,
            deps: PipelineDeps) -> ImageChoice | None:
    """Download the person's pick (if not yet) or the app's, and record its use."""
    candidates: list[tuple[StockPhoto, StockSource]] = []
    if wanted is not None:
        source = picker.source_named(wanted.photo.source)
        if source is not None:
            candidates.append((wanted.photo, source))
    candidates += picker.candidates(variant)
    for photo, source in candidates:
        try:
            used = use_photo(photo, source, files=deps.files, ledger=deps.ledger,
                             campaign_id=campaign_id)
        except (StockSourceError, ImageProblem, OSError, ValueError) as error:
            picker.problems.append(f"{photo.attribution or photo.id} could not be used: {error}")
            continue
        for notice in used.notices:
            tell(deps, campaign_id, notice)
        picker.used[photo.source + ":" + photo.id] += 1
        chosen_by = "person" if wanted is not None and wanted.photo == photo else "auto"
        return ImageChoice(campaign_id, variant.id, photo, used.asset.sha256, chosen_by)
    picker.problems.append(f"No picture could be found for “{variant.headline}”; it will be "
                           "rendered on the brand's colour.")
    return None


class _Picker:
    """Searches the sources (each query once) and orders results by how often they are used."""

    def __init__(self, sources: Sequence[StockSource], profile: BrandProfile | None,
                 facts: dict[str, Fact], used: Counter[str]) -> None:
        self.sources = list(sources)
        self.profile = profile
        self.facts = facts
        self.used = used
        self.problems: list[str] = []
        self._results: dict[tuple[str, str], list[StockPhoto]] = {}
        self._failed: set[str] = set()

    def source_named(self, name: str) -> StockSource | None:
        return next((s for s in self.sources if s.name == name), None)

    def candidates(self, variant: Variant) -> list[tuple[StockPhoto, StockSource]]:
        brand = self.profile.brand_name if self.profile else ""
        context = [self.profile.tagline] if self.profile and self.profile.tagline else []
        terms = search_terms(
            variant.angle, headline=variant.headline, primary_text=variant.primary_text,
            description=variant.description, brand_name=brand, brand_context=context,
            facts=[self.facts[i] for i in variant.fact_ids if i in self.facts],
        )
        found: list[tuple[int, int, int, StockPhoto, StockSource]] = []
        for rank, source in enumerate(self.sources):
            for position, photo in enumerate(self._search(source, terms[0] if terms else "")):
                uses = self.used[photo.source + ":" + photo.id]
                found.append((uses, rank, position, photo, source))
        found.sort(key=lambda item: item[:3])
        return [(photo, source) for *_, photo, source in found]

    def _search(self, source: StockSource, term: str) -> list[StockPhoto]:
        if source.name in self._failed:
            return []
        if source.name in QUERY_FREE_SOURCES:
            term = ""
        key = (source.name, term)
        if key not in self._results:
            try:
                self._results[key] = source.search(term, per_page=RESULTS_PER_SEARCH)
            except StockSourceError as error:
                self._failed.add(source.name)
                self.problems.append(f"{source.name.capitalize()}: {error}")
                self._results[key] = []
        return self._results[key]
