"""core.jobs.run_stage and call_as_stage: how the CLI drives a stage, and how cancel works."""

from __future__ import annotations

from collections.abc import Generator

import pytest

from brandtruth_desktop.core.jobs import Cancelled, Progress, call_as_stage, run_stage


def counting_stage(steps: int, log: list[str]) -> Generator[Progress, None, str]:
    try:
        for done in range(1, steps + 1):
            log.append(f"work {done}")
            yield Progress(done, steps, f"step {done}")
        return f"did {steps}"
    finally:
        log.append("cleanup")


def test_returns_the_stage_result_and_reports_every_progress_in_order() -> None:
    log: list[str] = []
    seen: list[Progress] = []

    result = run_stage(counting_stage(3, log), on_progress=seen.append)

    assert result == "did 3"
    assert seen == [Progress(1, 3, "step 1"), Progress(2, 3, "step 2"), Progress(3, 3, "step 3")]
    assert log == ["work 1", "work 2", "work 3", "cleanup"]


def test_runs_without_callbacks() -> None:
    assert run_stage(counting_stage(2, [])) == "did 2"


def test_cancel_takes_effect_at_the_next_yield_and_cleanup_runs() -> None:
    log: list[str] = []
    seen: list[Progress] = []

    with pytest.raises(Cancelled):
        run_stage(
            counting_stage(5, log),
            on_progress=seen.append,
            should_cancel=lambda: len(seen) >= 2,
        )

    assert [p.done for p in seen] == [1, 2]
    # The work after the second yield never ran, and the stage's finally did.
    assert log == ["work 1", "work 2", "cleanup"]


def test_a_stage_that_fails_raises_its_own_error_after_cleanup() -> None:
    log: list[str] = []

    def failing() -> Generator[Progress, None, None]:
        try:
            yield Progress(1, 2)
            raise ValueError("the page could not be parsed")
        finally:
            log.append("cleanup")

    with pytest.raises(ValueError, match="could not be parsed"):
        run_stage(failing())
    assert log == ["cleanup"]


def test_progress_fraction_is_clamped_and_unknown_without_a_total() -> None:
    assert Progress(1, 4).fraction == 0.25
    assert Progress(9, 4).fraction == 1.0
    assert Progress(3).fraction is None
    assert Progress(0, 0).fraction is None


def test_call_as_stage_yields_once_then_returns_the_functions_result() -> None:
    calls: list[str] = []
    seen: list[Progress] = []

    def save() -> int:
        calls.append("saved")
        return 42

    assert run_stage(call_as_stage(save, "Saving"), on_progress=seen.append) == 42
    assert seen == [Progress(0, 1, "Saving")]
    assert calls == ["saved"]


def test_call_as_stage_cancelled_at_its_yield_never_calls_the_function() -> None:
    calls: list[str] = []

    with pytest.raises(Cancelled):
        run_stage(call_as_stage(lambda: calls.append("saved")), should_cancel=lambda: True)

    assert calls == []


def test_call_as_stage_passes_the_functions_error_through() -> None:
    def broken() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        run_stage(call_as_stage(broken))
