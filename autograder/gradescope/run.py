"""What ``run_autograder`` runs on Gradescope: grade ``ROOT/submission/``, write ``ROOT/results/results.json``.

ROOT is ``/autograder`` (or ``$AUTOGRADER_ROOT``). The notebook is chosen by the rule of
:func:`autograder.grading.sources.choose_notebook` (the assignment's file name, else the only
``.ipynb``); a missing or ambiguous submission gets a valid results.json scoring 0 that says why,
never an autograder failure. Gradescope runs this as root, and containers there have no user
namespaces for bubblewrap, so the worker drops to an unprivileged uid: before grading, the hidden
tests, the reference and the results folder are made unreadable to other users, while Python and
the ``autograder`` package stay readable so the dropped worker can still import them.

Stdout is shown to the course staff only; it says which file was graded and any problem.
"""

from __future__ import annotations

import argparse
import os
import stat
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import autograder
from autograder import timeline
from autograder.assignment import Assignment, course_root, load_assignment

if TYPE_CHECKING:
    from autograder.grading.sources import SubmissionSource
    from autograder.worker.pool import Worker

DEFAULT_ROOT = "/autograder"
PRIVATE_SOURCES = ("hidden_tests", "reference_solutions", "assignments")


def gradescope_root() -> Path:
    return Path(os.environ.get("AUTOGRADER_ROOT") or DEFAULT_ROOT)


def protect_sources(root: Path, source: Path) -> list[str]:
    """As root: hide what students must not read from other uids, keep what the worker imports readable."""
    changed = []
    for name in PRIVATE_SOURCES:
        if (source / name).exists():
            _chmod_tree(source / name, files=0o600, folders=0o700)
            changed.append(str(source / name))
    _chmod_tree(Path(autograder.__file__).resolve().parent, files=0o644, folders=0o755)
    for folder in (root, source):
        folder.chmod(0o711)  # others may pass through to the package and the venv, not list what is here
    results = root / "results"
    results.mkdir(parents=True, exist_ok=True)
    results.chmod(0o700)
    changed.append(str(results))
    metadata = root / "submission_metadata.json"  # Gradescope's: earlier scores, names, emails
    if metadata.exists():
        metadata.chmod(0o600)
        changed.append(str(metadata))
    return changed


def _chmod_tree(top: Path, *, files: int, folders: int) -> None:
    for folder, subfolders, names in os.walk(top):
        os.chmod(folder, folders)
        for name in names:
            path = os.path.join(folder, name)
            if not stat.S_ISLNK(os.lstat(path).st_mode):
                os.chmod(path, files)


def submission_source(assignment: Assignment, folder: Path) -> "SubmissionSource":
    """The submission in ``folder``, chosen by the one rule; a source without a path says why."""
    from autograder.grading.sources import SubmissionSource, choose_notebook, file_sha256, folder_files, listing_sha256

    files = folder_files(folder) if folder.is_dir() else []
    choice = choose_notebook(files, assignment.notebook)
    if choice.chosen is None:
        sha = listing_sha256((f, (folder / f).stat().st_size) for f in files)
        return SubmissionSource("submission", str(folder), None, sha, problem=choice.problem)
    path = folder / choice.chosen
    return SubmissionSource("submission", str(path), path, file_sha256(path), note=choice.note)


def grade(assignment: Assignment, root: Path, worker: "Worker") -> dict:
    """Grade ``ROOT/submission`` with ``worker``; the results, as results.json will hold them."""
    import torch

    from autograder.grading.batch import grade_source
    from autograder.grading.suite_runner import runner_for
    from autograder.report.results import build_results
    from autograder.report.schema import prepare_validator

    runner_for(assignment, cuda_available=torch.cuda.is_available())  # pytest collects the suite in its thread
    source = submission_source(assignment, root / "submission")
    if source.path is not None:
        print(f"Grading {source.path.relative_to(root / 'submission')}" + (f" ({source.note})" if source.note else ""))
    else:
        print(f"Nothing to grade: {source.problem}")
    prepare_validator()  # while the worker still starts: checking results.json later costs nothing
    graded = grade_source(assignment, source, lambda: worker)
    errors = graded.grader_errors + [o.grader_error for o in graded.outcomes if o.grader_error]
    if errors:
        print(f"{len(errors)} grader error(s); the first:\n{errors[0]}")
    return build_results(graded)


def failure_results(error: str) -> dict:
    """What the student sees when the grader itself broke: a valid file, 0 points, and that it is not their fault."""
    return {"score": 0.0, "execution_time": 0.0, "output_format": "text", "visibility": "visible", "tests": [],
            "output": "The autograder failed before it could grade your submission. This is not your fault: "
                      "please tell the course staff.",
            "extra_data": {"grader_errors": [error]}}


def main(argv: list[str] | None = None) -> int:
    timeline.mark("grader started")
    parser = argparse.ArgumentParser(prog="run_autograder", description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    args = parser.parse_args(argv)
    root = gradescope_root()
    results_file = root / "results" / "results.json"
    print(f"autograder {autograder.__version__} from {Path(autograder.__file__).resolve().parent}, "
          f"course files from {course_root()}")
    worker = None
    try:
        assignment = load_assignment(args.assignment)
        if os.geteuid() == 0 and (root / "source").resolve() == course_root():  # the unpacked zip, as on Gradescope
            print("Made private to the grader: " + ", ".join(protect_sources(root, course_root())))
        from autograder.worker.pool import worker_for

        worker = worker_for(assignment, extra_protected=[root / "results"])  # first: it starts while we do
        results = grade(assignment, root, worker)
    except Exception:  # noqa: BLE001 - Gradescope must get a results.json whatever broke
        details = traceback.format_exc()
        print(details)
        results = failure_results(details)
    finally:
        if worker is not None:
            worker.close()
    from autograder.report.jsonfile import write_json_atomic
    from autograder.report.schema import validation_errors

    problems = validation_errors(results)
    for problem in problems:
        print(f"results.json does not follow the schema: {problem}")
    write_json_atomic(results_file, results)
    timeline.mark("results written")
    print(f"Wrote {results_file}: {results['score']:g} points")
    return 0


if __name__ == "__main__":
    from autograder.process import exit_now, skip_slow_optional_imports

    skip_slow_optional_imports()
    exit_now(main())  # no interpreter teardown of torch: Gradescope waits for the process to end
