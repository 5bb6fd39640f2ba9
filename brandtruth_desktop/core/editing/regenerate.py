"""Regenerate: new copy for one ad, written and gated like the campaign's, keeping its layout.

`regenerate_copy` asks the same writers as the copy stage for one variant of the ad's angle,
under the campaign's request (audience, tone, words to avoid, high-risk rule, platform): Claude
through `write_copy` with a count of 1 when a model is given, else the offline writer with a
new seed. Every candidate passes the grounding gate, and one that nearly repeats the ad or any
other ad of the campaign is passed over. The editor then puts the new copy into the existing
layout (`AdDraft.with_copy`), so boxes, colours and the picture stay.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass, replace

from brandtruth_desktop.core.copy.gate import grounding_gate, is_near_duplicate
from brandtruth_desktop.core.copy.offline_writer import offline_drafts
from brandtruth_desktop.core.copy.writer import write_copy
from brandtruth_desktop.core.editing.draft import CopyFields
from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import BrandTruth, CopyRequest, CopyVariant
from brandtruth_desktop.core.ports import LanguageModel, ModelUsage

OFFLINE_TRIES = 8
MODEL_TRIES = 2


@dataclass(frozen=True, slots=True)
class RegeneratedCopy:
    """The new copy (None when no writer could make one that is new) and what to tell the
    person; `usage` is every model call, for the cost ledger."""

    copy: CopyVariant | None
    notices: tuple[str, ...] = ()
    usage: tuple[ModelUsage, ...] = ()

    @property
    def fields(self) -> CopyFields | None:
        if self.copy is None:
            return None
        c = self.copy
        return CopyFields(c.headline, c.primary_text, c.description, c.call_to_action,
                          c.fact_ids)


def _repeats(candidate: CopyVariant, taken: Sequence[CopyVariant]) -> bool:
    return any(is_near_duplicate(candidate, other) or (
        candidate.headline == other.headline and candidate.primary_text == other.primary_text)
        for other in taken)


def regenerate_copy(truth: BrandTruth, request: CopyRequest, model: LanguageModel | None, *,
                    current: CopyVariant, others: Sequence[CopyVariant] = (), seed: int = 1
                    ) -> Generator[Progress, None, RegeneratedCopy]:
    """New copy for `current` (see the module docstring); yields Progress."""
    taken = [current, *others]
    base = replace(request, count=1, angles=(current.angle,), seed=seed)
    notices: list[str] = []
    usage: list[ModelUsage] = []
    if model is not None:
        for attempt in range(MODEL_TRIES):
            result = yield from write_copy(truth, replace(base, seed=seed + attempt), model)
            usage.extend(result.usage)
            notices.extend(n for n in result.notices if n not in notices)
            fresh = [v for v in result.variants if not _repeats(v, taken)]
            if fresh:
                return RegeneratedCopy(fresh[0], tuple(notices), tuple(usage))
    for attempt in range(OFFLINE_TRIES):
        yield Progress(attempt, OFFLINE_TRIES, "The offline writer is writing new copy")
        wanted = replace(base, seed=seed + attempt, count=4)
        drafts = offline_drafts(truth, wanted)
        passed, _rejected = grounding_gate(drafts, truth.facts, wanted,
                                           brand_name=truth.brand_name, already_passed=taken)
        if passed:
            return RegeneratedCopy(passed[0], tuple(notices), tuple(usage))
    notices.append(f"No new {current.angle.value.replace('_', ' ')} copy could be written "
                   "from this campaign's facts that differs from its other ads. Edit the copy "
                   "by hand, or add facts to the campaign.")
    return RegeneratedCopy(None, tuple(notices), tuple(usage))
