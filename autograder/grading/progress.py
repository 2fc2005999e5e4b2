"""The batch's progress on stderr: how many are finished, how many are failing, and the time left.

On a terminal it is one line redrawn in place; in a log (CI, ``2> file``) it is a plain line per
finished submission, so nothing in the log is ever a half-overwritten line.
"""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO


def format_duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class Progress:
    """Count finished submissions and estimate the time left from the ones actually graded.

    Submissions reused from an earlier run finish instantly, so they count as finished but not in
    the rate; the estimate is (wall time so far / graded so far) x still to grade, which already
    accounts for the jobs running in parallel.
    """

    def __init__(self, total: int, *, to_grade: int | None = None, stream: TextIO | None = None,
                 interactive: bool | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.to_grade = total if to_grade is None else to_grade
        self.stream = stream if stream is not None else sys.stderr
        self.interactive = _is_terminal(self.stream) if interactive is None else interactive
        self.clock = clock
        self.started = clock()
        self.finished = 0
        self.graded = 0
        self.failing = 0
        self.errors = 0
        self._drawn = False

    def advance(self, *, failing: bool, grader_error: bool = False, reused: bool = False) -> None:
        self.finished += 1
        self.graded += 0 if reused else 1
        self.failing += int(failing)
        self.errors += int(grader_error)
        self.draw()

    def seconds_left(self) -> float | None:
        if self.graded == 0:
            return None
        return (self.clock() - self.started) / self.graded * max(self.to_grade - self.graded, 0)

    def line(self) -> str:
        left = self.seconds_left()
        if self.finished >= self.total:
            when = f"done in {format_duration(self.clock() - self.started)}"
        else:
            when = "estimating time left" if left is None else f"about {format_duration(left)} left"
        errors = f", {self.errors} grader error(s)" if self.errors else ""
        return f"[{self.finished}/{self.total}] finished, {self.failing} failing{errors}, {when}"

    def draw(self) -> None:
        if self.interactive:
            self.stream.write("\r\x1b[K" + self.line())
            self._drawn = True
        else:
            self.stream.write("progress: " + self.line() + "\n")
        self.stream.flush()

    def clear(self) -> None:
        """Wipe the live line before something else is printed to the same terminal."""
        if self.interactive and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False

    def close(self) -> None:
        if self.interactive and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
