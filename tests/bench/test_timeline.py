"""Phase marks: written only when asked for, one line per mark from any process, read back in time order."""

from __future__ import annotations

import os
import subprocess
import sys

from autograder import timeline
from bench import cold


def test_nothing_is_written_unless_asked(tmp_path, monkeypatch):
    monkeypatch.delenv(timeline.ENVIRONMENT, raising=False)
    monkeypatch.chdir(tmp_path)
    timeline.mark("grader started")
    assert list(tmp_path.iterdir()) == []


def test_marks_of_several_processes_come_back_in_time_order(tmp_path, monkeypatch):
    trace = tmp_path / "trace"
    monkeypatch.setenv(timeline.ENVIRONMENT, str(trace))
    timeline.mark("zygote python up", at=5.0)
    child = subprocess.run([sys.executable, "-c", "from autograder import timeline; timeline.mark('tests  done\\n')"],
                           env={**os.environ}, capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    timeline.mark("grader started", at=1.0)
    with open(trace, "a") as handle:
        handle.write("not a mark\n")
    marks = timeline.read(trace)
    assert [name for _, _, name in marks] == ["grader started", "zygote python up", "tests done"]
    assert marks[0][1] == marks[1][1] == os.getpid() != marks[2][1]


def test_the_breakdown_shows_the_phases_a_run_has_marks_for():
    run = cold.ColdRun(2.0, 0, {"launch": 0.0, "grader started": 0.05, "zygote launched": 0.08,
                                "tests started": 1.7, "tests done": 1.9, "results written": 1.95, "exit": 2.0})
    rows = {name: (start, end) for name, start, end in cold.breakdown(run)}
    assert rows["tests"] == (1.7, 1.9)
    assert rows["exit (worker closed, interpreter ends)"] == (1.95, 2.0)
    assert "notebook execution" not in rows
