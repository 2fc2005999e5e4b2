"""Hostile and broken submissions, graded through the real engine: nothing cheats, nothing hangs, nothing is lost.

Each case in ``cases/`` is a submission with the outcome it must get (see :mod:`hostile.corpus`).
They share one warm worker, as a batch of real submissions would: a case that harms the worker
shows up as a wrong outcome in the cases after it.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from hostile import make_cases
from hostile.corpus import (COURSE, Expectation, case_params, check_case, corpus_worker, cuda_available, files_under,
                            grade_case, same_outcome, student_processes, toy_assignment, unmet_needs,
                            worker_protections)

pytestmark = pytest.mark.slow


@contextmanager
def course_unchanged() -> Iterator[None]:
    """Fail if grading added files to the toy course (a planted conftest.py), and remove them again."""
    before = files_under(COURSE)
    yield
    added = files_under(COURSE) - before
    for name in sorted(added, reverse=True):
        path = COURSE / name
        path.rmdir() if path.is_dir() else path.unlink()
    assert not added, f"grading added {sorted(added)} to the course folder"


@pytest.fixture(scope="module")
def toy():
    return toy_assignment()


@pytest.fixture(scope="module")
def worker(toy):
    pool = corpus_worker(toy)
    yield pool
    pool.close()


@pytest.fixture(scope="module")
def protections(worker, toy) -> tuple[str, ...]:
    return worker_protections(worker, toy)


@pytest.mark.parametrize("case", case_params())
def test_case(case: Path, toy, worker, protections, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expectation = Expectation.load(case, cuda=cuda_available())
    unmet = unmet_needs(expectation, protections)
    if unmet:
        pytest.skip("; ".join(unmet))
    monkeypatch.chdir(tmp_path)  # a results.json the submission manages to write here would be seen
    with expectation.submission(tmp_path) as submission, course_unchanged():
        runs = [grade_case(toy, submission, worker, tmp_path / f"run{i}") for i in range(expectation.runs)]
    for run in runs:
        check_case(expectation, run, toy)
    assert all(same_outcome(runs[0], run) for run in runs[1:]), "grading the same submission twice differed"
    assert student_processes(worker) == [], "student processes survived the end of grading"
    ours = {f"run{i}" for i in range(expectation.runs)}
    assert {p.name for p in tmp_path.iterdir()} == ours, "something but the grader wrote into its working folder"


def test_the_corpus_has_forty_described_cases() -> None:
    names = [p.id for p in case_params()]
    assert len(names) >= 40
    for param in case_params():
        expectation = Expectation.load(param.values[0])
        assert len(expectation.about.split()) >= 5, f"{expectation.name}: say what the submission does"


@pytest.mark.parametrize("case", make_cases.generated_cases(), ids=lambda p: p.name)
def test_built_submission_matches_its_source(case: Path) -> None:
    path, data = make_cases.build(case)
    assert path.exists() and path.read_bytes() == data, f"{path} is stale: run python tests/hostile/make_cases.py"
