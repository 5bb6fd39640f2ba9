"""Publishing a plan to Meta: a cancellable stage that creates every object PAUSED, once.

`MetaPublisher.publish(plan)` is a stage (core.jobs): it yields `Progress` before each object,
so the job runner (or the CLI) can cancel between objects, and returns a `PublishResult`.

Every object goes through the ledger twice: `sending` just before its request, `created`
with its Meta id the moment Meta answers (and an audit row with it). A later run of the same
plan therefore skips what exists, and where an earlier answer was lost (a crash, a timeout, a
dropped connection) it first looks for the object in the ad account by its tagged name.
Rate limits are waited out here, visibly and cancellably, within the client's bound.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import VariantStatus
from brandtruth_desktop.core.ports import ImageFiles
from brandtruth_desktop.core.publish import (
    ObjectKind,
    ObjectState,
    PlannedRequest,
    PublishedAd,
    PublishedObject,
    PublishLedger,
    PublishPlan,
    PublishResult,
    PublishRun,
    Ref,
    RunState,
    check_plan,
    errors,
    new_run_key,
    resolve_params,
)
from brandtruth_desktop.core.publish.plan import subject_for
from brandtruth_desktop.integrations.meta.client import GraphClient, gave_up
from brandtruth_desktop.integrations.meta.errors import MetaError, MetaErrorKind, describe_wait

log = logging.getLogger(__name__)

RESEND_AFTER_LOST_ANSWER = 2
"""How often a create whose answer was lost (and that is not found by name) is sent again."""
WAIT_STEP_S = 1.0
"""Rate-limit waits are slept in steps this long, with a Progress (a chance to cancel) each."""


class PlanRefused(Exception):
    """The dry run found errors; nothing was sent. `problems` lists them."""

    def __init__(self, problems: list[Any]) -> None:
        lines = "; ".join(p.message for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"Nothing was published: the dry run found problems. {lines}{more}")
        self.problems = problems


def resumable_run_key(ledger: PublishLedger, campaign_id: int, account_id: str) -> str:
    """The run key to plan with: an unfinished run's (so its objects are found and kept),
    else a new one."""
    run = ledger.open_run(campaign_id, account_id)
    return run.key if run is not None else new_run_key()


@dataclass
class _Tally:
    created: int = 0
    resumed: int = 0
    skipped: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


class MetaPublisher:
    """Creates a plan's objects in Meta through `client`, recording each in `ledger`.

    `files` holds the rendered images (read by SHA-256) and receives the previews.
    `variant_status` is asked, right before a variant's objects are sent, whether it is still
    approved: a variant un-approved after the plan was made is skipped, never sent.
    """

    def __init__(
        self,
        client: GraphClient,
        ledger: PublishLedger,
        files: ImageFiles,
        *,
        actor: str,
        variant_status: Callable[[str], VariantStatus | None] | None = None,
        fetch_previews: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.ledger = ledger
        self.files = files
        self.actor = actor
        self.variant_status = variant_status
        self.fetch_previews = fetch_previews
        self._sleep = sleep

    def publish(self, plan: PublishPlan) -> Generator[Progress, None, PublishResult]:
        """The stage: check the plan, then create (or find) every object, then previews."""
        problems = errors(check_plan(plan))
        if problems:
            raise PlanRefused(problems)
        run = self._run_for(plan)
        try:
            result = yield from self._publish(plan, run)
        except GeneratorExit:
            self.ledger.set_run_state(run.id, RunState.CANCELLED, actor=self.actor,
                                      error="cancelled")
            log.info("publish run %d cancelled; it resumes where it stopped", run.id)
            raise
        except MetaError as error:
            state = RunState.NEEDS_RECONNECT if error.needs_reconnect else RunState.FAILED
            self.ledger.set_run_state(run.id, state, actor=self.actor, error=str(error))
            log.warning("publish run %d stopped: %s", run.id, error.summary())
            raise
        except BaseException as error:
            self.ledger.set_run_state(run.id, RunState.FAILED, actor=self.actor,
                                      error=str(error) or type(error).__name__)
            raise
        return result

    # -- inside ------------------------------------------------------------------------------

    def _run_for(self, plan: PublishPlan) -> PublishRun:
        settings = plan.settings
        run = self.ledger.open_run(plan.campaign_id, settings.ad_account_id)
        if run is not None and run.key == plan.run_key:
            log.info("resuming publish run %d (%s)", run.id, run.state)
            return self.ledger.set_run_state(run.id, RunState.RUNNING, actor=self.actor)
        return self.ledger.start_run(
            plan.campaign_id, key=plan.run_key, account_id=settings.ad_account_id,
            page_id=settings.page_id, settings=settings.to_dict(), actor=self.actor,
        )

    def _publish(self, plan: PublishPlan, run: PublishRun
                 ) -> Generator[Progress, None, PublishResult]:
        stored = {o.key: o for o in self.ledger.objects(run.id)}
        done: dict[str, PublishedObject] = {}
        tally = _Tally()
        unapproved: set[str] = set()
        previews = plan.preview_count if self.fetch_previews else 0
        total = len(plan.requests) + previews
        for step, request in enumerate(plan.requests):
            yield Progress(step, total, _progress_text(plan, request))
            if request.variant_id is not None and not self._still_approved(request.variant_id):
                if request.variant_id not in unapproved:
                    unapproved.add(request.variant_id)
                    tally.skipped.append(request.variant_id)
                    tally.notices.append(f"Variant {request.variant_id} is no longer approved, "
                                         "so it was not published.")
                continue
            existing = stored.get(request.key)
            if existing is not None and existing.state is ObjectState.CREATED:
                done[request.key] = existing
                tally.resumed += 1
                continue
            done[request.key] = yield from self._ensure(run, request, existing, done, tally,
                                                        step, total)
        ads = self._ads(plan, done)
        saved = yield from self._previews(plan, run, ads, len(plan.requests), total, tally)
        finished = self.ledger.set_run_state(run.id, RunState.DONE, actor=self.actor)
        yield Progress(total, total, "Published: everything is PAUSED in Meta Ads Manager.")
        return PublishResult(
            run=finished, campaign_id=done["campaign"].meta_id,
            adset_id=done["adset"].meta_id, ads=tuple(ads), previews=saved,
            created=tally.created, resumed=tally.resumed, skipped=tuple(tally.skipped),
            notices=tuple(tally.notices),
        )

    def _still_approved(self, variant_id: str) -> bool:
        if self.variant_status is None:
            return True
        return self.variant_status(variant_id) is VariantStatus.APPROVED

    def _ensure(self, run: PublishRun, request: PlannedRequest,
                existing: PublishedObject | None, done: dict[str, PublishedObject],
                tally: _Tally, step: int, total: int
                ) -> Generator[Progress, None, PublishedObject]:
        """Create the object, or find it when an earlier attempt may have created it."""
        if existing is not None and existing.state is ObjectState.SENDING:
            found = self._find(run, request)
            if found is not None:
                tally.resumed += 1
                return found
        resends = RESEND_AFTER_LOST_ANSWER
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            self.ledger.mark_sending(run.id, key=request.key, kind=request.kind,
                                     name=request.name, variant_id=request.variant_id,
                                     format=request.format)
            try:
                meta_id, image_hash = self._send(run, request, done)
            except MetaError as error:
                if error.kind is MetaErrorKind.RATE_LIMIT:
                    delay = error.retry_after_s or self.client.retry.backoff(attempt)
                    if (waited + delay > self.client.retry.max_wait_s
                            or attempt >= self.client.retry.max_attempts):
                        self.ledger.mark_failed(run.id, request.key, error=str(error))
                        raise gave_up(error, delay) from error
                    self.ledger.mark_failed(run.id, request.key, error=str(error))
                    yield from self._wait(delay, step, total, request)
                    waited += delay
                    continue
                if error.may_exist:
                    found = self._find(run, request)
                    if found is not None:
                        tally.resumed += 1
                        return found
                    if resends > 0:
                        resends -= 1
                        log.info("%s was not made after all; sending it again", request.key)
                        continue
                    raise  # left `sending`: the next run looks for it again first
                self.ledger.mark_failed(run.id, request.key, error=str(error))
                raise
            tally.created += 1
            return self.ledger.mark_created(run.id, request.key, meta_id=meta_id,
                                            image_hash=image_hash, actor=self.actor)

    def _send(self, run: PublishRun, request: PlannedRequest,
              done: dict[str, PublishedObject]) -> tuple[str, str]:
        account = run.account_id
        if request.kind is ObjectKind.IMAGE:
            image = request.image
            if image is None:
                raise ValueError(f"{request.key} has no image")
            with self.files.open(image.sha256) as handle:
                data = handle.read()
            uploaded = self.client.upload_image(account, request.name, data,
                                                mime_type=image.mime_type,
                                                wait_for_rate_limits=False)
            return uploaded.hash, uploaded.hash

        def value_of(ref: Ref) -> str:
            produced = done[ref.key]
            return produced.image_hash if ref.field == "hash" else produced.meta_id

        params = {**resolve_params(request.params, value_of), "name": request.name}
        meta_id = self.client.create(request.edge, params, wait_for_rate_limits=False)
        return meta_id, ""

    def _find(self, run: PublishRun, request: PlannedRequest) -> PublishedObject | None:
        found = self.client.find_by_name(run.account_id, request.kind, request.tag)
        if found is None:
            return None
        log.info("%s already exists in Meta as %s (found by its tagged name)", request.key,
                 found.id)
        meta_id = found.image_hash or found.id
        return self.ledger.mark_created(run.id, request.key, meta_id=meta_id,
                                        image_hash=found.image_hash, actor=self.actor,
                                        found_by_name=True)

    def _wait(self, seconds: float, step: int, total: int, request: PlannedRequest
              ) -> Generator[Progress, None, None]:
        remaining = seconds
        while remaining > 0:
            yield Progress(step, total, f"Meta asks to slow down: waiting "
                           f"{describe_wait(remaining)} before the {request.kind.label} "
                           "(cancel to stop; publishing resumes later)")
            pause = min(WAIT_STEP_S, remaining)
            self._sleep(pause)
            remaining -= pause

    def _ads(self, plan: PublishPlan, done: dict[str, PublishedObject]) -> list[PublishedAd]:
        ads = []
        for request in plan.ads:
            ad = done.get(request.key)
            if ad is None or request.variant_id is None or request.format is None:
                continue  # skipped: no longer approved
            subject = request.key.split(":", 1)[1]
            creative = done[f"creative:{subject}"]
            image = done[f"image:{subject}"]
            ads.append(PublishedAd(request.variant_id, request.format, ad.meta_id,
                                   creative.meta_id, image.image_hash))
        return ads

    def _previews(self, plan: PublishPlan, run: PublishRun, ads: list[PublishedAd],
                  step: int, total: int, tally: _Tally
                  ) -> Generator[Progress, None, dict[str, dict[str, str]]]:
        saved: dict[str, dict[str, str]] = {}
        for preview in self.ledger.previews(run.id):
            saved.setdefault(preview.ad_id, {})[preview.ad_format] = preview.sha256
        if not self.fetch_previews:
            return saved
        for ad in ads:
            for ad_format in plan.settings.preview_formats:
                yield Progress(step, total, f"Fetching the {ad_format} preview of ad {ad.ad_id}")
                step += 1
                if ad_format in saved.get(ad.ad_id, {}):
                    continue
                try:
                    body = self.client.preview(ad.ad_id, ad_format)
                except MetaError as error:
                    if error.needs_reconnect:
                        raise
                    tally.notices.append(f"No {ad_format} preview for ad {ad.ad_id}: {error}")
                    continue
                asset = self.files.put_bytes(
                    preview_page(body, ad_format, ad.ad_id), kind="meta_preview",
                    mime_type="text/html", original_name=f"preview-{ad.ad_id}-{ad_format}.html",
                )
                key = f"ad:{subject_for(ad.variant_id, ad.format)}"
                self.ledger.save_preview(run.id, ad_key=key, ad_id=ad.ad_id,
                                         ad_format=ad_format, sha256=asset.sha256)
                saved.setdefault(ad.ad_id, {})[ad_format] = asset.sha256
        return saved


def preview_page(iframe: str, ad_format: str, ad_id: str) -> bytes:
    """A small HTML page around Meta's preview iframe, to open in the browser."""
    title = html.escape(f"Meta ad {ad_id}: {ad_format.replace('_', ' ').lower()}")
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{title}</title></head>\n<body style=\"font-family: sans-serif\">\n"
        f"<h1 style=\"font-size: 1.1em\">{title}</h1>\n{iframe}\n"
        "<p style=\"color: #555\">Preview by Meta. The ad is PAUSED until you switch it on "
        "in Ads Manager. Preview links expire after a while; publish again to refresh.</p>\n"
        "</body></html>\n"
    ).encode()


def _progress_text(plan: PublishPlan, request: PlannedRequest) -> str:
    same = [r for r in plan.requests if r.kind is request.kind]
    number = same.index(request) + 1
    count = f" {number} of {len(same)}" if len(same) > 1 else ""
    what = f" ({request.format})" if request.format else ""
    verb = "Uploading" if request.kind is ObjectKind.IMAGE else "Creating"
    return f"{verb} {request.kind.label}{count}{what}"
