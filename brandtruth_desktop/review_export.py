"""The approved export: a ZIP of a campaign's approved ads, for "Export approved…" and
`brandtruth export`.

`export_approved` is a stage (DESIGN.md decision 5): it yields progress after every ad and stops
at the next yield when cancelled. Each ad is the stored render of its latest layout revision,
or, when there is none (the layout was edited since, or the render is gone), the layout drawn
again by the one renderer at the format's full size; such a render is kept, as the pipeline
keeps its own. The archive is written to a temporary file beside the target, fsynced and
renamed over it only when complete: a cancel, a crash or a full disk leaves no half-written ZIP
(and an existing file at the target untouched). Names and contents: core/review/manifest.py.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from brandtruth_desktop import __version__
from brandtruth_desktop.core.compose import LayoutSpec, RenderCache, encode, get_format
from brandtruth_desktop.core.compose.qa import render_checked
from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import LicenceRecord
from brandtruth_desktop.core.pipeline.records import ImageChoice, RenderRecord
from brandtruth_desktop.core.review.manifest import (
    ExportedAd,
    ImageCredit,
    ad_path,
    attribution_text,
    build_manifest,
    safe_name,
)
from brandtruth_desktop.storage.review import ExportBundle, review_repository

if TYPE_CHECKING:
    from brandtruth_desktop.core.compose import FontBook
    from brandtruth_desktop.storage.workspace import Workspace


class NothingToExport(ValueError):
    """No approved ad (in the chosen formats) to export; the message says what to do."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    ads: int
    variants: int
    formats: tuple[str, ...]
    rendered: int = 0  # ads drawn again because no stored render showed their latest layout
    skipped: tuple[dict[str, str], ...] = field(default_factory=tuple)

    def describe(self) -> str:
        files = f"{self.ads} image{'s' if self.ads != 1 else ''}"
        return (f"Exported {self.variants} approved ad{'s' if self.variants != 1 else ''} "
                f"({files} in {', '.join(self.formats)}) to {self.path}")


def export_approved(
    workspace: Workspace,
    campaign_id: int,
    out: Path,
    *,
    formats: Sequence[str] | None = None,
    actor: str,
    fonts: FontBook | None = None,
) -> Generator[Progress, None, ExportResult]:
    """Write the campaign's approved ads to the ZIP `out` (see the module docstring).

    NothingToExport when no ad is approved, or none has a layout in the formats chosen.
    """
    bundle = review_repository(workspace).export_bundle(campaign_id)
    campaign = bundle.campaign
    if not bundle.approved:
        raise NothingToExport(
            f"No ad of “{campaign.name}” is approved yet, so there is nothing to export. "
            "Approve ads in the review grid (A), or with "
            f"`brandtruth review {campaign.id} --approve ID`.")
    chosen = tuple(dict.fromkeys(get_format(key).key for key in (formats or bundle.formats)))
    if not chosen:
        raise NothingToExport(f"“{campaign.name}” has no ad formats to export.")
    if fonts is None:
        from brandtruth_desktop.core.compose import FontBook
        from brandtruth_desktop.paths import resources_dir

        fonts = FontBook(resources_dir() / "fonts")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part",
                                             dir=out.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(descriptor, "w+b") as handle:
            with zipfile.ZipFile(handle, "w") as archive:
                result = yield from _write(workspace, bundle, archive, chosen, actor, fonts, out)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, out)
        _fsync_folder(out.parent)
    except BaseException:  # cancelled (GeneratorExit), failed or interrupted: no ZIP
        temp.unlink(missing_ok=True)
        raise
    return result


def _write(workspace: Workspace, bundle: ExportBundle, archive: zipfile.ZipFile,
           formats: tuple[str, ...], actor: str, fonts: FontBook, out: Path
           ) -> Generator[Progress, None, ExportResult]:
    repository = review_repository(workspace)
    campaign = bundle.campaign
    folder = safe_name(campaign.name, fallback=f"campaign-{campaign.id}")
    ledger = workspace.licences.for_campaign(campaign.id)
    now = datetime.now(UTC)
    cache = RenderCache()
    total = len(bundle.approved) * len(formats)
    ads: list[ExportedAd] = []
    skipped: list[dict[str, str]] = []
    credits: dict[tuple[str, str, str], tuple[ImageCredit, list[str]]] = {}
    rendered = 0
    yield Progress(0, total, f"Exporting {len(bundle.approved)} approved ads…")
    for variant in bundle.approved:
        facts = tuple(bundle.facts[f] for f in variant.fact_ids if f in bundle.facts)
        for format_key in formats:
            record = workspace.content.latest_layout_spec(variant.id, format_key)
            if record is None:
                skipped.append({"variant_id": variant.id, "format": format_key,
                                "reason": f"the ad has no {format_key} layout"})
                yield Progress(len(ads) + len(skipped), total, "Exporting…")
                continue
            spec = LayoutSpec.from_record(record)
            stored = repository.render_for(variant.id, format_key, record.revision)
            data = _stored_jpeg(workspace, stored)
            if stored is not None and data is not None:
                qa, how, size = stored.qa, "stored", (stored.width, stored.height)
            else:
                fmt = get_format(format_key)
                checked = render_checked(spec, fmt.width, assets=workspace.assets, fonts=fonts,
                                         cache=cache)
                data = encode(checked.image, "jpeg")
                qa, how, size = checked.qa.to_dict(), "rendered", checked.image.size
                _keep_render(workspace, campaign.id, variant.id, format_key, record.revision,
                             data, size, qa, checked.qa.passed)
                rendered += 1
            path = ad_path(folder, format_key, variant.id)
            _add(archive, path, data, now, compress=False)
            credit = image_credit(spec, bundle.choices.get(variant.id), ledger)
            if credit is not None:
                key = (credit.source, credit.photo_id, credit.sha256)
                credits.setdefault(key, (credit, []))[1].append(path)
            ads.append(ExportedAd(
                variant=variant, format=format_key, path=path, width=size[0], height=size[1],
                sha256=_sha256(data), spec_revision=record.revision, rendered=how, qa=qa,
                facts=facts, decision=bundle.decisions.get(variant.id), image=credit))
            yield Progress(len(ads) + len(skipped), total,
                           f"Exported {len(ads)} of {total} images")
    if not ads:
        raise NothingToExport(
            f"None of the {len(bundle.approved)} approved ads of “{campaign.name}” has a "
            f"layout in {', '.join(formats)}. Choose other formats.")
    manifest = build_manifest(campaign, ads, formats=formats, exported_at=now,
                              exported_by=actor, app_version=__version__, skipped=skipped)
    _add(archive, f"{folder}/manifest.json",
         json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8"), now)
    _add(archive, f"{folder}/ATTRIBUTION.txt",
         attribution_text(campaign, credits.values(), exported_at=now).encode("utf-8"), now)
    return ExportResult(out, len(ads), len({ad.variant.id for ad in ads}), formats, rendered,
                        tuple(skipped))


def image_credit(spec: LayoutSpec, choice: ImageChoice | None,
                 ledger: Sequence[LicenceRecord]) -> ImageCredit | None:
    """Who made the picture in this layout: its licence-ledger row, else the variant's image
    choice; a generated background credits the app; no picture, no credit."""
    background = spec.background
    sha256 = background.image_sha256
    if not sha256:
        if background.generated is not None:
            return ImageCredit(source="generated")
        return None
    for row in ledger:
        if row.sha256 == sha256:
            return ImageCredit(
                source=row.source, photo_id=row.photo_id, photographer=row.photographer,
                photographer_url=row.photographer_url, page_url=row.page_url,
                licence_url=row.licence_url, attribution=row.attribution, sha256=sha256)
    if choice is not None and choice.sha256 == sha256:
        photo = choice.photo
        return ImageCredit(
            source=photo.source, photo_id=photo.id, photographer=photo.photographer,
            photographer_url=photo.photographer_url, page_url=photo.page_url,
            licence_url=photo.licence_url, attribution=photo.attribution, sha256=sha256)
    return ImageCredit(source="unknown", sha256=sha256,
                       attribution="Picture with no licence record: check its rights "
                                   "before publishing")


def _stored_jpeg(workspace: Workspace, stored: RenderRecord | None) -> bytes | None:
    if stored is None or stored.file_format != "jpeg":
        return None
    try:
        with workspace.assets.open(stored.sha256) as handle:
            return handle.read()
    except (OSError, ValueError):
        return None  # the file is gone: draw it again


def _keep_render(workspace: Workspace, campaign_id: int, variant_id: str, format_key: str,
                 revision: int, data: bytes, size: tuple[int, int], qa: dict[str, object],
                 passed: bool) -> None:
    asset = workspace.assets.put_bytes(
        data, kind="creative", mime_type="image/jpeg",
        original_name=f"{variant_id}_{format_key.replace(':', 'x')}.jpg")
    workspace.runs.save_render(RenderRecord(
        campaign_id=campaign_id, variant_id=variant_id, format=format_key,
        spec_revision=revision, sha256=asset.sha256, width=size[0], height=size[1],
        file_format="jpeg", qa=dict(qa), passed=passed))


def _add(archive: zipfile.ZipFile, name: str, data: bytes, when: datetime, *,
         compress: bool = True) -> None:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)

