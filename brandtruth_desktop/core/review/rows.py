"""One ad as the review grid lists it: its verdict, copy, and for each format its layout
revision, stored render, warning badges and score.

Rows are built by storage (storage/review.py) from the variants, layout specs and renders, and
are small and immutable: the grid model keeps a plain list of them and swaps a row for a new one
when a decision or an edit changes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from brandtruth_desktop.core.models import VariantStatus


class WarningKind(StrEnum):
    """A warning badge on an ad. The first four come from the render's QA report in one
    format, `gate` from the grounding gate (the same in every format)."""

    CONTRAST = "contrast"  # text below the WCAG contrast it needs
    OVERFLOW = "overflow"  # text that does not fit its box even at its smallest size
    SAFE_ZONE = "safe_zone"  # text or logo where Stories and Reels cover the ad (9:16)
    LAYOUT = "layout"  # anything else QA flags: off the edge, logo clear space, glyphs, image
    GATE = "gate"  # the copy no longer passes the grounding gate

    @property
    def label(self) -> str:
        return WARNING_LABELS[self]


WARNING_LABELS = {
    WarningKind.CONTRAST: "Contrast",
    WarningKind.OVERFLOW: "Text overflow",
    WarningKind.SAFE_ZONE: "Safe zone",
    WarningKind.LAYOUT: "Layout",
    WarningKind.GATE: "Gate",
}

DECIDED = frozenset({VariantStatus.APPROVED, VariantStatus.REJECTED})
"""Statuses that are a reviewer's verdict; `pending` and `edited` still wait for one."""


def cli_status(status: VariantStatus) -> str:
    """The status as `brandtruth variants --json` states it: pending, approved or rejected
    (an edited ad still waits for its verdict, so it is pending)."""
    return status.value if status in DECIDED else VariantStatus.PENDING.value


@dataclass(frozen=True, slots=True)
class FormatState:
    """One ad in one format: the latest layout revision and what is known about its pixels.

    `render_sha256` is the stored render of exactly `revision` (None when there is none, or
    only one of an older revision: then the thumbnail and the export render the spec again).
    `warnings` and `problems` come from that render's QA report.
    """

    format: str
    revision: int
    render_sha256: str | None = None
    render_revision: int | None = None
    warnings: tuple[WarningKind, ...] = ()
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # QA warnings that are no badge (e.g. a soft photo)
    score: int = 0

    @property
    def fresh(self) -> bool:
        """Whether the stored render shows the latest layout revision."""
        return self.render_sha256 is not None and self.render_revision == self.revision


@dataclass(frozen=True, slots=True)
class GridRow:
    """A variant as the review grid lists it (see the module docstring)."""

    variant_id: str
    campaign_id: int
    status: VariantStatus
    angle: str
    headline: str
    primary_text: str = ""
    description: str = ""
    call_to_action: str = ""
    fact_ids: tuple[str, ...] = ()
    created_at: datetime | None = None
    gate: tuple[str, ...] = ()  # the grounding gate's reasons; empty when the copy passes
    formats: Mapping[str, FormatState] = field(default_factory=dict)

    def state(self, format_key: str) -> FormatState | None:
        return self.formats.get(format_key)

    def warnings(self, format_key: str) -> tuple[WarningKind, ...]:
        """The badges for this ad in one format: its QA warnings, then the gate's."""
        state = self.formats.get(format_key)
        found = list(state.warnings) if state is not None else []
        if self.gate:
            found.append(WarningKind.GATE)
        return tuple(found)

    def score(self, format_key: str) -> int:
        state = self.formats.get(format_key)
        return state.score if state is not None else 0

    @property
    def edited(self) -> bool:
        """Whether a person changed the ad's layout in any format (revision 1 is generated)."""
        return self.status is VariantStatus.EDITED or any(
            state.revision > 1 for state in self.formats.values())


@dataclass(frozen=True, slots=True)
class ReviewCounts:
    """How many ads of a campaign wait for a verdict and how many have one."""

    total: int = 0
    pending: int = 0
    approved: int = 0
    rejected: int = 0
    edited: int = 0

    @classmethod
    def of(cls, statuses: Mapping[VariantStatus, int]) -> ReviewCounts:
        return cls(
            total=sum(statuses.values()),
            pending=statuses.get(VariantStatus.PENDING, 0),
            approved=statuses.get(VariantStatus.APPROVED, 0),
            rejected=statuses.get(VariantStatus.REJECTED, 0),
            edited=statuses.get(VariantStatus.EDITED, 0),
        )

    def moved(self, before: VariantStatus, after: VariantStatus, count: int = 1) -> ReviewCounts:
        """The counts after `count` ads went from `before` to `after`."""
        values = {s: self.count(s) for s in VariantStatus}
        values[before] -= count
        values[after] += count
        return ReviewCounts.of(values)

    def count(self, status: VariantStatus) -> int:
        return {
            VariantStatus.PENDING: self.pending, VariantStatus.APPROVED: self.approved,
            VariantStatus.REJECTED: self.rejected, VariantStatus.EDITED: self.edited,
        }[status]

    def describe(self) -> str:
        """'5,000 ads · 12 approved · 3 rejected · 4,985 to review'."""
        waiting = self.pending + self.edited
        return (f"{self.total:,} ad{'s' if self.total != 1 else ''} · {self.approved:,} approved"
                f" · {self.rejected:,} rejected · {waiting:,} to review")


def qa_summary(qa: Mapping[str, Any] | None
               ) -> tuple[tuple[WarningKind, ...], tuple[str, ...], tuple[str, ...]]:
    """The warning badges, problems and notes of a stored QA report (`QAReport.to_dict()`).

    Reads the structured fields, not the sentences, so a reworded message keeps its badge.
    A report that cannot be read is one LAYOUT problem rather than an error: the grid must
    still show the ad.
    """
    if not qa:
        return (), (), ()
    try:
        kinds: list[WarningKind] = []
        checks = [*(qa.get("texts") or ()), *([qa["cta"]] if qa.get("cta") else [])]
        if any(isinstance(c, Mapping) and c.get("passes") is False for c in checks):
            kinds.append(WarningKind.CONTRAST)
        if qa.get("overflow") or any(isinstance(c, Mapping) and c.get("overflow")
                                     for c in checks):
            kinds.append(WarningKind.OVERFLOW)
        if qa.get("safe_zone_violations"):
            kinds.append(WarningKind.SAFE_ZONE)
        problems = tuple(str(p) for p in qa.get("problems") or ())
        logo = qa.get("logo")
        layout = (isinstance(logo, Mapping) and logo.get("clear_space_ok") is False) or any(
            isinstance(c, Mapping) and c.get("missing_glyphs") for c in checks)
        if layout or (problems and not kinds):
            kinds.append(WarningKind.LAYOUT)
        notes = tuple(str(w) for w in qa.get("warnings") or ())
        return tuple(kinds), problems, notes
    except (AttributeError, KeyError, TypeError):
        return (WarningKind.LAYOUT,), ("The QA report of this render could not be read.",), ()


def contrast_headroom(qa: Mapping[str, Any] | None) -> float | None:
    """The smallest measured-to-required contrast ratio of the ad's text (None: unknown)."""
    if not qa:
        return None
    ratios = []
    for check in [*(qa.get("texts") or ()), *([qa["cta"]] if qa.get("cta") else [])]:
        try:
            ratios.append(float(check["contrast"]) / max(1.0, float(check["required"])))
        except (KeyError, TypeError, ValueError):
            continue
    return min(ratios) if ratios else None


def review_score(*, gate_failed: bool, problems: int, notes: int = 0,
                 headroom: float | None = None, risky_facts: Iterable[str] = ()) -> int:
    """How ready an ad looks to ship in one format, from 0 to 100.

    From 100: the copy failing the gate costs 40; each QA problem 15 (at most 45); each QA
    note (a soft photo) 4; text within 15 % of the contrast it needs 5; each cited fact of
    medium risk 3 and of high risk 8. Sorting by it puts the ads that need no work first.
    """
    score = 100
    if gate_failed:
        score -= 40
    score -= min(45, 15 * problems)
    score -= 4 * notes
    if headroom is not None and headroom < 1.15:
        score -= 5
    for risk in risky_facts:
        score -= {"medium": 3, "high": 8}.get(risk, 0)
    return max(0, min(100, score))
