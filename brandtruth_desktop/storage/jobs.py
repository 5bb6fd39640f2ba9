"""The job journal: every background job, so one cut short by a crash is known afterwards."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from brandtruth_desktop.core.jobs import Progress
from brandtruth_desktop.core.models import JobRecord, JobState
from brandtruth_desktop.storage.convert import job_from_row
from brandtruth_desktop.storage.database import Database
from brandtruth_desktop.storage.schema import JobRow, utcnow


class SqlJobJournal:
    """Records jobs as they start, progress and finish.

    At start-up `mark_interrupted` turns jobs still marked running (the app quit or crashed
    while they ran) into INTERRUPTED and returns them, so the app can say what did not finish.
    """

    def __init__(self, database: Database) -> None:
        self._db = database

    def start(self, kind: str, title: str, campaign_id: int | None = None) -> JobRecord:
        """Journal a job that is starting now."""
        return self._db.write(self._start, kind, title, campaign_id)

    def _start(self, session: Session, kind: str, title: str, campaign_id: int | None) -> JobRecord:
        row = JobRow(
            kind=kind,
            title=title,
            campaign_id=campaign_id,
            state=JobState.RUNNING.value,
            done=0,
            started_at=utcnow(),
        )
        session.add(row)
        session.flush()
        return job_from_row(row)

    def update(
        self, job_id: int, *, done: int, total: int | None = None, message: str = ""
    ) -> None:
        """Record progress of a running job."""
        self._db.write(self._update, job_id, done, total, message)

    def _update(
        self, session: Session, job_id: int, done: int, total: int | None, message: str
    ) -> None:
        row = self._row(session, job_id)
        row.done, row.total, row.message = done, total, message

    def finish(self, job_id: int, state: JobState, *, error: str = "") -> JobRecord:
        """Record how a job ended: succeeded, failed (with the error), cancelled."""
        if state is JobState.RUNNING:
            raise ValueError("A finished job cannot be in the RUNNING state.")
        return self._db.write(self._finish, job_id, state, error)

    def _finish(self, session: Session, job_id: int, state: JobState, error: str) -> JobRecord:
        row = self._row(session, job_id)
        row.state, row.error, row.finished_at = state.value, error, utcnow()
        session.flush()
        return job_from_row(row)

    def mark_interrupted(self) -> list[JobRecord]:
        """Turn every RUNNING job into INTERRUPTED and return them (call once at start-up)."""
        return self._db.write(self._mark_interrupted)

    def _mark_interrupted(self, session: Session) -> list[JobRecord]:
        now = utcnow()
        rows = session.scalars(
            select(JobRow).where(JobRow.state == JobState.RUNNING.value).order_by(JobRow.id)
        ).all()
        for row in rows:
            row.state, row.finished_at = JobState.INTERRUPTED.value, now
            row.error = row.error or "The app stopped while this job was running."
        session.flush()
        return [job_from_row(row) for row in rows]

    def for_runner(self) -> RunnerJournal:
        """This journal in the shape the job runner wants (`workers.JobJournal`)."""
        return RunnerJournal(self)

    def get(self, job_id: int) -> JobRecord | None:
        with self._db.read() as session:
            row = session.get(JobRow, job_id)
            return job_from_row(row) if row is not None else None

    def recent(self, limit: int = 50) -> list[JobRecord]:
        """The latest jobs, newest first."""
        with self._db.read() as session:
            rows = session.scalars(select(JobRow).order_by(JobRow.id.desc()).limit(limit))
            return [job_from_row(row) for row in rows]

    @staticmethod
    def _row(session: Session, job_id: int) -> JobRow:
        row = session.get(JobRow, job_id)
        if row is None:
            raise LookupError(f"There is no job {job_id} in the journal.")
        return row


class RunnerJournal:
    """Adapts SqlJobJournal to the job runner's `workers.JobJournal` protocol (ids, Progress)."""

    def __init__(self, journal: SqlJobJournal) -> None:
        self._journal = journal

    def start(self, kind: str, title: str) -> int:
        return self._journal.start(kind, title).id

    def progress(self, journal_id: int, progress: Progress) -> None:
        self._journal.update(
            journal_id, done=progress.done, total=progress.total, message=progress.message
        )

    def finish(self, journal_id: int, state: JobState, error: str) -> None:
        self._journal.finish(journal_id, state, error=error)
