"""What one autosave writes: from the draft last stored and the draft on screen, an `AdEdit`.

Rules (the status and audit rules of the review, DESIGN.md decision 6):

- any change makes the ad `edited`: it waits for a reviewer's verdict again, even if it was
  approved, because what was approved is no longer what would ship;
- a draft that is again exactly as generated (copy and every layout) is `pending` once more,
  and its audit row says `variant.revert`;
- when the picture changed, the variant's picture choice changes with it (the export's photo
  credits read it), chosen by the person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from brandtruth_desktop.core.compose import GeneratedBackground, LayoutSpec
from brandtruth_desktop.core.editing import AdDraft, changes_between
from brandtruth_desktop.core.imagery.backgrounds import recipe_from_url
from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.pipeline import ImageChoice
from brandtruth_desktop.storage.editing import EDIT_ACTION, REVERT_ACTION, AdEdit

PictureKey = str | GeneratedBackground


def picture_key(spec: LayoutSpec) -> PictureKey | None:
    """What picture a layout shows: the photo's SHA-256, or the generated background."""
    background = spec.background
    return background.image_sha256 or background.generated


def choice_key(choice: ImageChoice) -> PictureKey | None:
    """The same key for a stored picture choice."""
    recipe = recipe_from_url(choice.photo.full_url)
    if recipe is not None:
        return GeneratedBackground(recipe.style.value, tuple(recipe.colours), seed=recipe.seed)
    return choice.sha256


def ad_picture(draft: AdDraft) -> PictureKey | None:
    """The picture of the ad (the first format's that shows one)."""
    return next((key for key in (picture_key(s) for _f, s in draft.specs) if key), None)


def same_as_generated(draft: AdDraft, generated: AdDraft) -> bool:
    """Whether the copy and every layout are exactly as generated."""
    return draft.copy == generated.copy and dict(draft.specs) == {
        key: spec for key, spec in generated.specs if key in dict(draft.specs)}


@dataclass
class EditRules:
    """What the builder needs to know about the ad besides the two drafts."""

    campaign_id: int
    generated: AdDraft
    pictures: dict[PictureKey, ImageChoice] = field(default_factory=dict)

    def remember(self, choices: Mapping[PictureKey, ImageChoice] | list[ImageChoice]) -> None:
        """Pictures the ad may show from now on (the campaign's, and each one placed)."""
        items = choices.values() if isinstance(choices, Mapping) else choices
        for choice in items:
            key = choice_key(choice)
            if key is not None:
                self.pictures[key] = choice

    def build(self, saved: AdDraft, current: AdDraft) -> AdEdit | None:
        """The edit to store (None when nothing changed)."""
        change = changes_between(saved, current)
        if change.empty:
            return None
        reverted = same_as_generated(current, self.generated)
        choice = None
        shown = ad_picture(current)
        if shown is not None and shown != ad_picture(saved) and shown in self.pictures:
            choice = replace(self.pictures[shown], campaign_id=self.campaign_id,
                             variant_id=current.variant.id, chosen_by="person",
                             created_at=None)
        return AdEdit(
            campaign_id=self.campaign_id,
            variant_id=current.variant.id,
            specs={key: spec.to_dict() for key, spec in change.specs.items()},
            copy_before=change.copy_before,
            copy_after=change.copy_after,
            status=VariantStatus.PENDING if reverted else VariantStatus.EDITED,
            choice=choice,
            action=REVERT_ACTION if reverted else EDIT_ACTION,
        )
