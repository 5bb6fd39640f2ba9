"""Progress, cancellation and the shape of a stage (DESIGN.md decision 5).

A stage is a generator: it yields `Progress` as it goes and *returns* its result. Whoever runs
it (the GUI's job runner or the CLI) checks for cancel between yields and closes the generator,
so `finally:` blocks in the stage always run.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a stage has got. `total` is None while the amount of work is unknown."""

    done: int = 0
    total: int | None = None
    message: str = ""

    @property
    def fraction(self) -> float | None:
        """Share of the work done in [0, 1], or None when the total is unknown."""
        if not self.total:
            return None
        return max(0.0, min(1.0, self.done / self.total))


Stage = Generator[Progress, None, T]
"""A cancellable unit of work: yields Progress, returns its result."""


class Cancelled(Exception):
    """Raised to whoever waits on a stage that was cancelled."""


def run_stage(
    stage: Generator[Progress, None, Any],
    on_progress: Callable[[Progress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Any:
    """Drive a stage to the end in the calling thread, as the CLI does.

    Cancel takes effect at the next yield: the generator is closed and `Cancelled` raised.
    """
    try:
        while True:
            progress = next(stage)
            if on_progress is not None:
                on_progress(progress)
            if should_cancel is not None and should_cancel():
                stage.close()
                raise Cancelled()
    except StopIteration as stop:
        return stop.value


def call_as_stage(function: Callable[[], T], message: str = "") -> Generator[Progress, None, T]:
    """Wrap a plain call (a query, a save) as a one-step stage so the runner can run it."""
    yield Progress(0, 1, message)
    return function()
