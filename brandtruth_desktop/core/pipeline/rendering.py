"""Stage 4: lay out every variant in every format asked for, render, and keep each creative.

For each (variant, format) not rendered yet: a LayoutSpec from the compose templates (the
templates in turn across variants, as `brandtruth compose` does; a generated background when
the variant's picture is one, or when the template is the centred statement), stored as a new
layout revision; then `render_checked` at the format's full size, the JPEG written to the asset
store, and the render stored with its QA report. A resumed stage skips every (variant, format)
already stored, so closing the app mid-way loses only the ad being drawn at that moment.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from brandtruth_desktop.core.compose import (
    BrandStyle,
    FontBook,
    GeneratedBackground,
    RenderCache,
    Template,
    encode,
    get_format,
    layout_for,
    render_checked,
)
from brandtruth_desktop.core.compose.export import MIME_TYPES
from brandtruth_desktop.core.imagery.analysis import ImageAnalysis, analyse_image
from brandtruth_desktop.core.imagery.backgrounds import recipe_from_url
from brandtruth_desktop.core.imagery.loading import ImageProblem, load_image
from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import BrandProfile, CampaignStatus
from brandtruth_desktop.core.pipeline.deps import (
    PipelineDeps,
    PipelineError,
    advance,
    require_plan,
    set_status,
    tell,
)
from brandtruth_desktop.core.pipeline.ports import RenderSaved
from brandtruth_desktop.core.pipeline.records import ImageChoice, RenderRecord, Step

CREATIVE_KIND = "creative"
IMAGE_FORMAT = "jpeg"
GENERATED_STYLES = ("linear", "radial", "shapes", "bands")


@dataclass(frozen=True, slots=True)
class _Picture:
    sha256: str | None
    analysis: ImageAnalysis | None
    generated: GeneratedBackground | None


def render_campaign(campaign_id: int, deps: PipelineDeps
                    ) -> Generator[Progress, None, list[RenderRecord]]:
    """Render what is missing; returns every render of the campaign."""
    plan = require_plan(deps, campaign_id)
    store = deps.store
    variants = store.variants(campaign_id)
    if not variants:
        raise PipelineError("There are no ads to render yet: write the copy first.")
    formats = [get_format(key) for key in plan.formats]
    done = {(r.variant_id, r.format) for r in store.renders(campaign_id)}
    todo = [(index, variant, fmt) for index, variant in enumerate(variants) for fmt in formats
            if (variant.id, fmt.key) not in done]
    total = len(variants) * len(formats)
    if not todo:
        advance(deps, campaign_id, Step.RENDER)
        set_status(deps, campaign_id, CampaignStatus.IN_REVIEW)
        return store.renders(campaign_id)
    profile = store.brand_profile(campaign_id)
    brand = _brand_style(profile, deps)
    fonts = deps.fonts if isinstance(deps.fonts, FontBook) else None
    if fonts is None:
        raise PipelineError("No fonts were given to the renderer.")
    choices = {c.variant_id: c for c in store.image_choices(campaign_id)}
    pictures: dict[str, _Picture] = {}
    cache = RenderCache()
    templates = list(Template)
    set_status(deps, campaign_id, CampaignStatus.RENDERING)
    finished = False
    try:
        rendered = len(done & {(v.id, f.key) for v in variants for f in formats})
        yield Progress(rendered, total, f"Rendering {len(todo)} ads…")
        for index, variant, fmt in todo:
            if variant.id not in pictures:
                pictures[variant.id] = _picture(choices.get(variant.id), index, brand, deps,
                                                campaign_id)
            picture = pictures[variant.id]
            template = templates[index % len(templates)]
            generated = picture.generated
            if template is Template.STATEMENT or (picture.sha256 is None and generated is None):
                generated = GeneratedBackground(GENERATED_STYLES[index % len(GENERATED_STYLES)],
                                                brand.palette(), seed=index)
            spec = layout_for(
                variant, fmt, template, picture.analysis, brand,
                image_sha256=picture.sha256 if template is not Template.STATEMENT else None,
                generated=generated, variant_id=variant.id, fonts=fonts,
            )
            stored_spec = store.add_layout_spec(variant.id, fmt.key, spec.to_dict())
            checked = render_checked(spec, fmt.width, assets=deps.files, fonts=fonts,
                                     cache=cache)
            data = encode(checked.image, IMAGE_FORMAT)
            asset = deps.files.put_bytes(
                data, kind=CREATIVE_KIND, mime_type=MIME_TYPES[IMAGE_FORMAT],
                original_name=f"{variant.id}_{fmt.file_key}.jpg",
            )
            render = store.save_render(RenderRecord(
                campaign_id=campaign_id, variant_id=variant.id, format=fmt.key,
                spec_revision=stored_spec.revision, sha256=asset.sha256,
                width=checked.image.width, height=checked.image.height,
                file_format=IMAGE_FORMAT, qa=_qa(checked.qa.to_dict(), str(template)),
                passed=checked.qa.passed,
            ))
            deps.on_event(RenderSaved(campaign_id, render))
            rendered += 1
            yield Progress(rendered, total, f"Rendered {rendered} of {total} ads")
        advance(deps, campaign_id, Step.RENDER)
        finished = True
    finally:
        set_status(deps, campaign_id,
                   CampaignStatus.IN_REVIEW if finished else CampaignStatus.RENDERING)
    return store.renders(campaign_id)


def _qa(report: dict[str, Any], template: str) -> dict[str, Any]:
    return {**report, "template": template}


def _brand_style(profile: BrandProfile | None, deps: PipelineDeps) -> BrandStyle:
    if profile is None:
        return BrandStyle()
    aspect = 3.0
    logo = profile.logo_sha256
    if logo:
        try:
            with deps.files.open(logo) as handle:
                image = load_image(handle.read())
            aspect = image.width / max(1, image.height)
        except (OSError, ImageProblem):
            logo = None
    return BrandStyle(profile.brand_name, tuple(profile.colors), logo, aspect)


def _picture(choice: ImageChoice | None, index: int, brand: BrandStyle, deps: PipelineDeps,
             campaign_id: int) -> _Picture:
    """The variant's picture as the templates want it (photo with analysis, or generated)."""
    if choice is None:
        return _Picture(None, None, None)
    recipe = recipe_from_url(choice.photo.full_url)
    if recipe is not None:
        return _Picture(None, None, GeneratedBackground(
            recipe.style.value, recipe.colours or brand.palette(), seed=recipe.seed))
    if not choice.sha256:
        return _Picture(None, None, None)
    try:
        with deps.files.open(choice.sha256) as handle:
            analysis = analyse_image(load_image(handle.read()))
    except (OSError, ImageProblem) as error:
        tell(deps, campaign_id, f"The picture for ad {index + 1} could not be read ({error}); "
                                "it is rendered on the brand's colour.")
        return _Picture(None, None, None)
    return _Picture(choice.sha256, analysis, None)
