"""Every database write happens on the one writer thread, whoever asks for it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event

from brandtruth_desktop.storage.workspace import Workspace
from brandtruth_desktop.storage.writer import DatabaseWriter

WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")


def test_writes_from_many_threads_all_run_on_the_writer_thread(workspace: Workspace) -> None:
    statements: list[tuple[str, str]] = []
    lock = threading.Lock()

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        with lock:
            statements.append((threading.current_thread().name, statement.lstrip().upper()))

    event.listen(workspace.engine, "before_cursor_execute", record)
    barrier = threading.Barrier(8)

    def busy_user(n: int) -> None:
        barrier.wait()  # all eight start writing at the same moment
        campaign = workspace.campaigns.create(f"Thread {n}", actor=f"user{n}")
        workspace.campaigns.rename(campaign.id, f"Thread {n} renamed", actor=f"user{n}")
        job = workspace.jobs.start("generate", f"Job {n}", campaign_id=campaign.id)
        workspace.jobs.update(job.id, done=1, total=2)
        workspace.model_calls.record("m", input_tokens=1, output_tokens=1, campaign_id=campaign.id)
        copy = workspace.campaigns.duplicate(campaign.id, actor=f"user{n}")
        workspace.campaigns.delete(copy.id, actor=f"user{n}")
        workspace.campaigns.list_summaries()  # a read, on this thread

    try:
        with ThreadPoolExecutor(max_workers=8, thread_name_prefix="ui-ish") as pool:
            list(pool.map(busy_user, range(8)))
    finally:
        event.remove(workspace.engine, "before_cursor_execute", record)

    writes = [(thread, sql) for thread, sql in statements if sql.startswith(WRITES)]
    assert len(writes) > 8 * 8
    assert {thread for thread, _ in writes} == {"db-writer_0"}
    reads_elsewhere = [t for t, sql in statements if sql.startswith("SELECT") and "ui-ish" in t]
    assert reads_elsewhere, "reads should run on the caller's thread"
    names = sorted(s.campaign.name for s in workspace.campaigns.list_summaries())
    assert names == sorted(f"Thread {n} renamed" for n in range(8))


def test_run_returns_results_reraises_errors_and_nests_without_deadlock() -> None:
    writer = DatabaseWriter()
    try:
        assert writer.run(lambda a, b: a + b, 2, 3) == 5
        with pytest.raises(KeyError, match="missing"):
            writer.run({"present": 1}.__getitem__, "missing")
        # A write that calls another write runs it inline instead of queueing behind itself.
        inner = writer.run(lambda: writer.run(threading.current_thread))
        assert inner.name.startswith("db-writer")
        assert not writer.on_writer_thread()
    finally:
        writer.close()
    assert writer.closed
    assert not [t for t in threading.enumerate() if t.name.startswith("db-writer")]
    with pytest.raises(RuntimeError, match="closed"):
        writer.run(print)
    writer.close()  # idempotent
