"""Publish runs to Meta and every object they create (core.publish.PublishLedger).

Each Meta object is written twice: as `sending` just before its request goes out, and as
`created` with its id the moment Meta answers, together with its audit row in the same
transaction. A row left `sending` after a crash tells the next run that the object may exist
in Meta and must be looked up by its tagged name before it is created again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandtruth_desktop.core.publish import (
    ObjectKind,
    ObjectState,
    PublishedObject,
    PublishRun,
    RenderedImage,
    RunState,
    SavedPreview,
)
from brandtruth_desktop.storage.convert import json_safe
from brandtruth_desktop.storage.database import Database
from brandtruth_desktop.storage.decisions import SqlDecisionLog
from brandtruth_desktop.storage.schema import (
    MetaAdPreviewRow,
    MetaPublishObjectRow,
    MetaPublishRunRow,
    RenderRow,
    utcnow,
)

FINISHED = (RunState.DONE.value,)


class SqlPublishLedger:
    """Publish runs, their objects and previews; created objects are also audit rows."""

    def __init__(self, database: Database, decisions: SqlDecisionLog) -> None:
        self._db = database
        self._decisions = decisions

    # -- runs --------------------------------------------------------------------------------

    def start_run(self, campaign_id: int, *, key: str, account_id: str, page_id: str,
                  settings: Mapping[str, Any], actor: str) -> PublishRun:
        """Record a new run (state running) and its audit row."""
        return self._db.write(self._start_run, campaign_id, key, account_id, page_id,
                              dict(settings), actor)

    def _start_run(self, session: Session, campaign_id: int, key: str, account_id: str,
                   page_id: str, settings: dict[str, Any], actor: str) -> PublishRun:
        now = utcnow()
        row = MetaPublishRunRow(
            campaign_id=campaign_id, run_key=key, account_id=account_id, page_id=page_id,
            state=RunState.RUNNING.value, actor=actor, settings=json_safe(settings),
            error="", created_at=now, updated_at=now,
        )
        session.add(row)
        session.flush()
        self._decisions.record_in(
            session, "meta.publish.start", actor=actor, campaign_id=campaign_id,
            after={"run_id": row.id, "run_key": key, "account_id": account_id,
                   "page_id": page_id, "settings": settings},
        )
        return _run(row)

    def open_run(self, campaign_id: int, account_id: str) -> PublishRun | None:
        """The newest unfinished run of this campaign to this account (to resume), if any."""
        with self._db.read() as session:
            row = session.scalars(
                select(MetaPublishRunRow)
                .where(MetaPublishRunRow.campaign_id == campaign_id,
                       MetaPublishRunRow.account_id == account_id,
                       MetaPublishRunRow.state.not_in(FINISHED))
                .order_by(MetaPublishRunRow.id.desc()).limit(1)
            ).first()
            return _run(row) if row is not None else None

    def get_run(self, run_id: int) -> PublishRun | None:
        with self._db.read() as session:
            row = session.get(MetaPublishRunRow, run_id)
            return _run(row) if row is not None else None

    def runs(self, campaign_id: int) -> list[PublishRun]:
        """Every run of the campaign, oldest first."""
        with self._db.read() as session:
            rows = session.scalars(
                select(MetaPublishRunRow).where(MetaPublishRunRow.campaign_id == campaign_id)
                .order_by(MetaPublishRunRow.id)
            )
            return [_run(row) for row in rows]

    def set_run_state(self, run_id: int, state: RunState, *, actor: str, error: str = ""
                      ) -> PublishRun:
        """Record how a run stands now (and, for anything but running, an audit row)."""
        return self._db.write(self._set_run_state, run_id, state, actor, error)

    def _set_run_state(self, session: Session, run_id: int, state: RunState, actor: str,
                       error: str) -> PublishRun:
        row = _get_run(session, run_id)
        before = row.state
        now = utcnow()
        row.state = state.value
        row.error = error
        row.updated_at = now
        row.finished_at = now if state is RunState.DONE else None
        session.flush()
        if state is not RunState.RUNNING or before != state.value:
            self._decisions.record_in(
                session, f"meta.publish.{state.value}", actor=actor,
                campaign_id=row.campaign_id, before={"state": before},
                after={"run_id": row.id, "state": state.value, "error": error},
            )
        return _run(row)

    # -- objects -----------------------------------------------------------------------------

    def objects(self, run_id: int) -> list[PublishedObject]:
        with self._db.read() as session:
            rows = session.scalars(
                select(MetaPublishObjectRow).where(MetaPublishObjectRow.run_id == run_id)
                .order_by(MetaPublishObjectRow.created_at, MetaPublishObjectRow.key)
            )
            return [_object(row) for row in rows]

    def mark_sending(self, run_id: int, *, key: str, kind: ObjectKind, name: str,
                     variant_id: str | None = None, format: str | None = None
                     ) -> PublishedObject:
        """Note that the request creating `key` is about to go out (one more attempt)."""
        return self._db.write(self._mark_sending, run_id, key, kind, name, variant_id, format)

    @staticmethod
    def _mark_sending(session: Session, run_id: int, key: str, kind: ObjectKind, name: str,
                      variant_id: str | None, format: str | None) -> PublishedObject:
        now = utcnow()
        row = session.get(MetaPublishObjectRow, (run_id, key))
        if row is None:
            row = MetaPublishObjectRow(
                run_id=run_id, key=key, kind=kind.value, name=name, variant_id=variant_id,
                format=format, attempts=0, meta_id="", image_hash="", error="",
                created_at=now,
            )
            session.add(row)
        elif row.state == ObjectState.CREATED.value:
            raise ValueError(f"{key} was already created as {row.meta_id}")
        row.state = ObjectState.SENDING.value
        row.name = name
        row.attempts = (row.attempts or 0) + 1
        row.updated_at = now
        session.flush()
        return _object(row)

    def mark_created(self, run_id: int, key: str, *, meta_id: str, image_hash: str = "",
                     actor: str, found_by_name: bool = False) -> PublishedObject:
        """Store the id Meta gave the object, with its audit row, in one transaction."""
        return self._db.write(self._mark_created, run_id, key, meta_id, image_hash, actor,
                              found_by_name)

    def _mark_created(self, session: Session, run_id: int, key: str, meta_id: str,
                      image_hash: str, actor: str, found_by_name: bool) -> PublishedObject:
        row = session.get(MetaPublishObjectRow, (run_id, key))
        if row is None:
            raise KeyError(f"{key} of run {run_id} was never sent")
        run = _get_run(session, run_id)
        row.state = ObjectState.CREATED.value
        row.meta_id = meta_id
        row.image_hash = image_hash
        row.error = ""
        row.updated_at = utcnow()
        session.flush()
        after: dict[str, Any] = {
            "run_id": run_id, "key": key, "meta_id": meta_id, "name": row.name,
            "account_id": run.account_id, "status": "PAUSED" if row.kind in (
                ObjectKind.CAMPAIGN.value, ObjectKind.AD_SET.value, ObjectKind.AD.value)
            else None,
        }
        if image_hash:
            after["image_hash"] = image_hash
        if row.format:
            after["format"] = row.format
        if found_by_name:
            after["found_by_name"] = True  # created by an earlier attempt whose answer was lost
        self._decisions.record_in(
            session, f"meta.{row.kind}.create", actor=actor, campaign_id=run.campaign_id,
            variant_id=row.variant_id, after=after,
        )
        return _object(row)

    def mark_failed(self, run_id: int, key: str, *, error: str) -> PublishedObject:
        """Meta refused the object: it does not exist; the error says why."""
        return self._db.write(self._mark_failed, run_id, key, error)

    @staticmethod
    def _mark_failed(session: Session, run_id: int, key: str, error: str) -> PublishedObject:
        row = session.get(MetaPublishObjectRow, (run_id, key))
        if row is None:
            raise KeyError(f"{key} of run {run_id} was never sent")
        row.state = ObjectState.FAILED.value
        row.error = error
        row.updated_at = utcnow()
        session.flush()
        return _object(row)

    # -- previews ----------------------------------------------------------------------------

    def save_preview(self, run_id: int, *, ad_key: str, ad_id: str, ad_format: str,
                     sha256: str) -> SavedPreview:
        return self._db.write(self._save_preview, run_id, ad_key, ad_id, ad_format, sha256)

    @staticmethod
    def _save_preview(session: Session, run_id: int, ad_key: str, ad_id: str, ad_format: str,
                      sha256: str) -> SavedPreview:
        row = session.merge(MetaAdPreviewRow(
            run_id=run_id, ad_id=ad_id, ad_format=ad_format, ad_key=ad_key, sha256=sha256,
            fetched_at=utcnow(),
        ))
        session.flush()
        return _preview(row)

    def previews(self, run_id: int) -> list[SavedPreview]:
        with self._db.read() as session:
            rows = session.scalars(
                select(MetaAdPreviewRow).where(MetaAdPreviewRow.run_id == run_id)
                .order_by(MetaAdPreviewRow.ad_key, MetaAdPreviewRow.ad_format)
            )
            return [_preview(row) for row in rows]


class WorkspaceRenders:
    """The rendered creatives of the `renders` table as core.publish.RenderSource: for each
    variant and format the newest render (the latest layout-spec revision)."""

    def __init__(self, database: Database, size_of: Callable[[str], int] | None = None
                 ) -> None:
        self._db = database
        self._size_of = size_of  # a file's size in bytes by SHA-256 (the asset store's)

    def renders_for(self, variant_ids: Sequence[str], formats: Sequence[str]
                    ) -> dict[str, list[RenderedImage]]:
        if not variant_ids:
            return {}
        with self._db.read() as session:
            rows = session.scalars(
                select(RenderRow)
                .where(RenderRow.variant_id.in_(list(variant_ids)),
                       RenderRow.format.in_(list(formats)))
                .order_by(RenderRow.spec_revision, RenderRow.id)
            ).all()
        newest: dict[tuple[str, str], RenderRow] = {}
        for row in rows:
            newest[(row.variant_id, row.format)] = row  # later rows win
        found: dict[str, list[RenderedImage]] = {}
        for (variant_id, _fmt), row in newest.items():
            size = int(self._size_of(row.sha256)) if self._size_of is not None else 0
            found.setdefault(variant_id, []).append(RenderedImage(
                variant_id=variant_id, format=row.format, width=row.width, height=row.height,
                sha256=row.sha256,
                mime_type="image/png" if row.file_format == "png" else "image/jpeg",
                size_bytes=size, qa_passed=bool(row.qa_passed),
            ))
        return found


def _get_run(session: Session, run_id: int) -> MetaPublishRunRow:
    row = session.get(MetaPublishRunRow, run_id)
    if row is None:
        raise KeyError(f"no publish run {run_id}")
    return row


def _run(row: MetaPublishRunRow) -> PublishRun:
    return PublishRun(
        id=row.id, campaign_id=row.campaign_id, key=row.run_key, account_id=row.account_id,
        page_id=row.page_id, state=RunState(row.state), actor=row.actor,
        settings=dict(row.settings or {}), error=row.error, created_at=row.created_at,
        updated_at=row.updated_at, finished_at=row.finished_at,
    )


def _object(row: MetaPublishObjectRow) -> PublishedObject:
    return PublishedObject(
        run_id=row.run_id, key=row.key, kind=ObjectKind(row.kind), name=row.name,
        state=ObjectState(row.state), meta_id=row.meta_id or "",
        image_hash=row.image_hash or "", variant_id=row.variant_id, format=row.format,
        attempts=row.attempts or 0, error=row.error or "", updated_at=row.updated_at,
    )


def _preview(row: MetaAdPreviewRow) -> SavedPreview:
    return SavedPreview(run_id=row.run_id, ad_key=row.ad_key, ad_id=row.ad_id,
                        ad_format=row.ad_format, sha256=row.sha256, fetched_at=row.fetched_at)
