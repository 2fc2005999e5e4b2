"""The batch machinery without real grading: which file is graded, what is reused, what survives a dead job.

Grading itself is replaced by a fake where a test is about the batch (resuming, job processes that
die); tests/commands/test_grade_cli.py grades real notebooks end to end.
"""

from __future__ import annotations

import io
import json
import os
import signal
import zipfile
from pathlib import Path

import pytest

from autograder.assignment import load_assignment
from autograder.errors import GraderError
from autograder.grading import batch, resume
from autograder.grading.plugin import TestOutcome as Outcome
from autograder.grading.progress import Progress, format_duration
from autograder.grading.metadata import read_export_metadata
from autograder.grading.sources import choose_notebook, open_sources
from autograder.report.results import GradedSubmission
from autograder.report.schema import validation_errors

COURSE = Path(__file__).resolve().parent.parent / "fixtures" / "course"

METADATA = """\
submission_101:
  :submitters:
  - :name: Ada Lovelace
    :sid: '101'
    :email: ada@example.org
  :created_at: 2021-06-10 12:00:00.000000000 +02:00
  :score: 0.0
  :status: processed
submission_102:
  :submitters:
  - :name: Grace Hopper
    :sid: '102'
    :email: grace@example.org
  - :name: Alan Turing
    :sid: '103'
    :email: alan@example.org
  :created_at: 2021-06-10 13:00:00.000000000 +02:00
submission_103:
  :submitters:
  - :name: Nobody Home
    :email: nobody@example.org
"""


@pytest.fixture(scope="module")
def toy():
    return load_assignment("toy", root=COURSE)


def make_export(root: Path) -> Path:
    """A Gradescope "Export Submissions" folder: two submissions, one of them nested, and one with no notebook."""
    export = root / "assignment_42_export"
    (export / "submission_101").mkdir(parents=True)
    (export / "submission_101" / "toy.ipynb").write_text('{"cells": []}')
    (export / "submission_101" / ".ipynb_checkpoints").mkdir()
    (export / "submission_101" / ".ipynb_checkpoints" / "toy-checkpoint.ipynb").write_text("{}")
    (export / "submission_102" / "work").mkdir(parents=True)
    (export / "submission_102" / "work" / "my_answers.ipynb").write_text('{"cells": [1]}')
    (export / "submission_103").mkdir()
    (export / "submission_103" / "notes.txt").write_text("I ran out of time")
    (export / "submission_metadata.yml").write_text(METADATA)
    return export


# --------------------------------------------------------------------------------- the rule


@pytest.mark.parametrize("files, chosen, says", [
    (["toy.ipynb"], "toy.ipynb", None),
    (["deep/down/toy.ipynb", "other.ipynb"], "deep/down/toy.ipynb", None),
    (["answers.ipynb", "data.csv"], "answers.ipynb", "only notebook"),
    (["answers.ipynb", ".ipynb_checkpoints/answers-checkpoint.ipynb", "__MACOSX/._answers.ipynb"],
     "answers.ipynb", "only notebook"),
])
def test_the_expected_name_wins_else_the_only_notebook(files, chosen, says):
    choice = choose_notebook(files, "toy.ipynb")
    assert choice.chosen == chosen and choice.problem is None
    assert (says is None and choice.note is None) or says in choice.note


@pytest.mark.parametrize("files, says", [
    ([], "it is empty"),
    (["report.pdf", "toy.py"], "no notebook"),
    (["a.ipynb", "b.ipynb"], "several notebooks (a.ipynb, b.ipynb)"),
    (["v1/toy.ipynb", "v2/toy.ipynb"], "several files named toy.ipynb"),
])
def test_missing_or_ambiguous_submissions_are_explained_not_guessed(files, says):
    choice = choose_notebook(files, "toy.ipynb")
    assert choice.chosen is None
    assert says in choice.problem and "toy.ipynb" in choice.problem


# ------------------------------------------------------------------------------- discovery


def test_a_folder_of_files_gives_one_submission_per_file_with_unique_keys(tmp_path):
    for name in ("alice.ipynb", "alice.py", "bob.zip", ".hidden.ipynb", "notes.txt"):
        (tmp_path / name).write_bytes(b"{}")
    with open_sources([tmp_path], "toy.ipynb") as sources:
        assert [s.key for s in sources] == ["alice", "alice_py", "bob"]
        assert all(s.path is not None and len(s.sha256) == 64 for s in sources)


def test_gradescope_export_folder_reads_names_emails_and_picks_each_notebook(tmp_path):
    export = make_export(tmp_path)
    with open_sources([tmp_path], "toy.ipynb") as sources:
        by_key = {s.key: s for s in sources}
    assert sorted(by_key) == ["submission_101", "submission_102", "submission_103"]
    ada = by_key["submission_101"]
    assert ada.path == export / "submission_101" / "toy.ipynb" and ada.note is None
    assert ada.metadata["submitters"] == [{"name": "Ada Lovelace", "email": "ada@example.org", "sid": "101"}]
    assert ada.metadata["submission_id"] == "101" and ada.metadata["created_at"].startswith("2021-06-10")
    group = by_key["submission_102"]
    assert group.path.name == "my_answers.ipynb" and "only notebook" in group.note
    assert [p["name"] for p in group.metadata["submitters"]] == ["Grace Hopper", "Alan Turing"]
    empty = by_key["submission_103"]
    assert empty.path is None and "notes.txt" in empty.problem
    json.dumps([s.metadata for s in sources])  # metadata goes into results.json as is


def test_gradescope_export_zip_is_read_without_unpacking_everything(tmp_path):
    export = make_export(tmp_path / "unpacked")
    (export / "submission_101" / "big_data.bin").write_bytes(b"x" * 100_000)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(export.rglob("*")):
            if path.is_file():
                out.write(path, path.relative_to(export.parent).as_posix())
    with open_sources([archive], "toy.ipynb") as sources:
        picked = {s.key: s for s in sources}
        ada = picked["submission_101"]
        assert ada.path.read_text() == '{"cells": []}'
        assert not (ada.path.parent / "big_data.bin").exists()
        assert ada.origin.startswith(f"{archive}:assignment_42_export/submission_101")
        assert picked["submission_102"].metadata["submitters"][1]["email"] == "alan@example.org"
        assert picked["submission_103"].path is None
        unpacked = ada.path
    assert not unpacked.exists(), "the unpacked files live only as long as the batch"


def test_metadata_with_plain_keys_is_accepted():
    metadata = read_export_metadata("submission_7:\n  submitters:\n  - name: Kim\n    email: kim@example.org\n")
    assert metadata.submissions["submission_7"]["submitters"] == [{"name": "Kim", "email": "kim@example.org"}]


def test_a_missing_path_is_misuse(tmp_path):
    with pytest.raises(GraderError, match="no such file"):
        with open_sources([tmp_path / "nope"], "toy.ipynb"):
            pass


def test_only_a_path_the_ta_names_can_be_an_export(tmp_path):
    """A zip inside a class folder is a submission, whatever it holds: students cannot supply names."""
    export = make_export(tmp_path / "exports")
    archive = tmp_path / "class" / "looks_like_an_export.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(export.rglob("*")):
            if path.is_file():
                out.write(path, path.relative_to(export).as_posix())
    with open_sources([archive.parent], "toy.ipynb") as sources:
        assert [(s.key, s.path, s.metadata) for s in sources] == [("looks_like_an_export", archive, {})]


def test_a_student_zip_holding_metadata_is_a_submission_and_the_ta_is_told(tmp_path):
    archive = tmp_path / "alice.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("submission_metadata.yml", "../../x:\n  :submitters:\n  - :name: Eve\n")
        out.writestr("toy.ipynb", '{"cells": []}')
    notices = []
    with open_sources([archive], "toy.ipynb", on_notice=notices.append) as sources:
        assert [(s.key, s.path, s.metadata) for s in sources] == [("alice", archive, {})]
    assert "not laid out as a Gradescope export" in notices[0] and "--export" in notices[0]


def test_a_class_folder_stays_a_class_and_names_what_it_did_not_grade(tmp_path):
    for name in ("alice.ipynb", "bob.py", "notes.txt", ".DS_Store"):
        (tmp_path / name).write_text("{}")
    make_export(tmp_path / "odd")  # a subfolder that is an export no longer turns the class into one
    notices = []
    with open_sources([tmp_path], "toy.ipynb", on_notice=notices.append) as sources:
        assert [s.key for s in sources] == ["alice", "bob"]
    assert len(notices) == 1 and "notes.txt, odd/" in notices[0] and ".DS_Store" not in notices[0]


def test_an_export_named_with_export_needs_its_metadata(tmp_path):
    (tmp_path / "submission_1").mkdir()
    with pytest.raises(GraderError, match="no submission_metadata.yml"):
        with open_sources([tmp_path], "toy.ipynb", exports=[tmp_path]):
            pass
    (tmp_path / "submission_metadata.yml").write_text("submission_1: {}\n")
    (tmp_path / "submission_1" / "toy.ipynb").write_text("{}")
    (tmp_path / "toy.ipynb").write_text("{}")  # not Gradescope's layout: only --export makes it an export
    with open_sources([tmp_path], "toy.ipynb") as sources:
        assert [s.key for s in sources] == ["toy"]
    notices = []
    with open_sources([tmp_path], "toy.ipynb", exports=[tmp_path], on_notice=notices.append) as sources:
        assert [s.key for s in sources] == ["submission_1"]
    assert "toy.ipynb" in notices[0]


def test_unusable_metadata_costs_only_the_names(tmp_path):
    export = make_export(tmp_path)
    (export / "submission_metadata.yml").write_text("a: &a [x, x]\nb: [*a, *a]\n")
    notices = []
    with open_sources([export], "toy.ipynb", on_notice=notices.append) as sources:
        assert [s.key for s in sources] == ["submission_101", "submission_102", "submission_103"]
        assert all(s.metadata == {"submission_id": s.key.removeprefix("submission_"), "submitters": []}
                   for s in sources)
    assert "YAML aliases" in notices[0] and "graded without names" in notices[0]


@pytest.mark.parametrize("names, keys", [
    (["Alice.ipynb", "alice.ipynb", "ALICE.py", "ALICE.ipynb"], ["Alice", "alice_ipynb", "ALICE_py", "ALICE-2"]),
    (["\u00e9.ipynb", "e\u0301.ipynb", "E\u0301.ipynb"], ["\u00e9", "\u00e9_ipynb", "\u00c9-2"]),
    (["-o.ipynb", ".x.ipynb.py"], ["_-o", "_.x.ipynb"]),
])
def test_keys_are_safe_and_unique_as_a_case_insensitive_disk_sees_them(tmp_path, names, keys):
    from autograder.grading.sources import SubmissionSource, unique_keys

    sources = [SubmissionSource(Path(n).stem, n, tmp_path / n, "0" * 64) for n in names]
    assert [s.key for s in unique_keys(sources)] == keys


def test_a_240_character_name_gets_a_short_key_and_a_results_file(toy, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "grade_source", lambda assignment, source, get_worker: fake_graded(assignment, source))
    folder = write_submissions(tmp_path / "in", ["a" * 240, "zz_after"])
    result = batch.grade_batch(toy, [folder], tmp_path / "out", jobs=1)
    assert [s.score for s in result.summaries] == [1.0, 1.0], "the submission after it is graded too"
    assert all(len(Path(s.results_path).name.encode()) < 110 for s in result.summaries)
    assert result.summaries[0].label == "a" * 240 + ".ipynb", "the TA still sees the real name"


# ----------------------------------------------------------------------------------- resume


def test_results_are_reused_only_for_the_same_content_and_suite(tmp_path):
    results = {"extra_data": {"suite_version": "v1", "submission": {"sha256": "abc"}, "grader_errors": []}}
    assert resume.reusable(results, sha256="abc", suite_version="v1")
    assert not resume.reusable(results, sha256="abd", suite_version="v1")
    assert not resume.reusable(results, sha256="abc", suite_version="v2")
    assert not resume.reusable(None, sha256="abc", suite_version="v1")
    broken = {"extra_data": {**results["extra_data"], "grader_errors": ["[1234] Traceback"]}}
    assert not resume.reusable(broken, sha256="abc", suite_version="v1"), "a grader failure is always retried"


def test_half_written_files_from_a_killed_run_are_swept(tmp_path):
    (tmp_path / "feedback").mkdir()
    leftovers = [tmp_path / ".alice.json.k2j3.tmp", tmp_path / "feedback" / ".alice.md.x9.tmp"]
    for leftover in leftovers:
        leftover.write_text('{"score": ')
    (tmp_path / "alice.json").write_text("{}")
    assert sorted(resume.remove_stale_temporaries(tmp_path)) == sorted(leftovers)
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["alice.json"]


# ----------------------------------------------------------------------------- job processes


def fake_graded(assignment, source, score: float = 1.0) -> GradedSubmission:
    outcome = Outcome(nodeid="t::a", name="a", question="q", max_score=1.0, visibility="visible",
                          status="passed" if score else "failed", fraction=score)
    return GradedSubmission(assignment=assignment.name, source=source.origin,
                            graded_file=source.path.name if source.path else "(none)",
                            sha256=source.sha256, suite_version=assignment.suite_version, outcomes=[outcome],
                            execution_time=0.01, metadata=dict(source.metadata))


@pytest.fixture
def attempts_log(tmp_path):
    """A file the fake grader (in the job processes) appends to, so the test can count attempts."""
    return tmp_path / "attempts.log"


def install_fake_grader(monkeypatch, attempts_log: Path, *, die_on: dict[str, int]):
    """Grade instantly; die (SIGKILL, like the OOM killer) on the first ``die_on[key]`` attempts at ``key``."""

    def fake(assignment, source, get_worker):
        with open(attempts_log, "a") as log:
            log.write(source.key + "\n")
        tries = attempts_log.read_text().split().count(source.key)
        if tries <= die_on.get(source.key, 0):
            os.kill(os.getpid(), signal.SIGKILL)
        return fake_graded(assignment, source)

    monkeypatch.setattr(batch, "grade_source", fake)  # job processes are forked, so they inherit it


def write_submissions(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.ipynb").write_text(json.dumps({"student": name}))
    return folder


def test_a_job_process_that_dies_once_is_replaced_and_the_submission_graded_again(toy, tmp_path, monkeypatch,
                                                                                    attempts_log):
    install_fake_grader(monkeypatch, attempts_log, die_on={"bob": 1})
    folder = write_submissions(tmp_path / "in", ["alice", "bob", "carol"])
    result = batch.grade_batch(toy, [folder], tmp_path / "out", jobs=2)
    assert [s.key for s in result.summaries] == ["alice", "bob", "carol"]
    assert all(s.score == 1.0 and not s.grader_errors for s in result.summaries)
    assert attempts_log.read_text().split().count("bob") == 2


def test_a_submission_that_kills_its_job_twice_gets_a_grader_error_result_and_the_batch_goes_on(
        toy, tmp_path, monkeypatch, attempts_log):
    install_fake_grader(monkeypatch, attempts_log, die_on={"bob": 99})
    folder = write_submissions(tmp_path / "in", ["alice", "bob", "carol"])
    result = batch.grade_batch(toy, [folder], tmp_path / "out", jobs=1)
    summaries = {s.key: s for s in result.summaries}
    assert attempts_log.read_text().split().count("bob") == batch.MAX_ATTEMPTS
    assert summaries["alice"].score == summaries["carol"].score == 1.0
    assert summaries["bob"].grader_errors == 1 and summaries["bob"].score == 0
    written = json.loads((tmp_path / "out" / "bob.json").read_text())
    assert validation_errors(written) == []
    assert "died (killed by signal 9)" in written["extra_data"]["grader_errors"][0]
    assert "not your fault" in written["output"]
    assert written["extra_data"]["max_score"] == 10, "the toy suite's points, so the gradebook stays comparable"


def test_a_job_stuck_on_one_submission_is_stopped_and_the_rest_still_graded(toy, tmp_path, monkeypatch):
    def fake(assignment, source, get_worker):
        if source.key == "bob":
            signal.pause()  # a grader that hangs (a deadlock, a lost reply), not a slow student
        return fake_graded(assignment, source)

    monkeypatch.setattr(batch, "grade_source", fake)
    monkeypatch.setattr(batch, "patience", lambda assignment: 1.0)
    monkeypatch.setattr(batch, "WATCH_SECONDS", 0.1)
    folder = write_submissions(tmp_path / "in", ["alice", "bob", "carol"])
    result = batch.grade_batch(toy, [folder], tmp_path / "out", jobs=2)
    summaries = {s.key: s for s in result.summaries}
    assert summaries["alice"].score == summaries["carol"].score == 1.0
    assert summaries["bob"].grader_errors == 1
    assert "still grading after 1 s" in result.results["bob"]["extra_data"]["grader_errors"][0]


def test_rerunning_grades_only_what_is_missing_or_changed(toy, tmp_path, monkeypatch, attempts_log):
    install_fake_grader(monkeypatch, attempts_log, die_on={})
    folder = write_submissions(tmp_path / "in", ["alice", "bob", "carol"])
    out = tmp_path / "out"
    first = batch.grade_batch(toy, [folder], out, jobs=2)
    assert not any(s.reused for s in first.summaries)
    (out / "carol.json").unlink()                                  # lost, as after kill -9 mid-write
    (folder / "bob.ipynb").write_text(json.dumps({"student": "bob", "fixed": True}))  # resubmitted
    planned = []
    second = batch.grade_batch(toy, [folder], out, jobs=2, on_plan=lambda total, todo: planned.append((total, todo)))
    assert planned == [(3, 2)]
    assert {s.key: s.reused for s in second.summaries} == {"alice": True, "bob": False, "carol": False}
    assert attempts_log.read_text().split().count("alice") == 1
    assert set(second.results) == {"alice", "bob", "carol"}


def test_a_new_suite_version_regrades_everything(toy, tmp_path, monkeypatch, attempts_log):
    install_fake_grader(monkeypatch, attempts_log, die_on={})
    folder = write_submissions(tmp_path / "in", ["alice", "bob"])
    batch.grade_batch(toy, [folder], tmp_path / "out")
    for path in (tmp_path / "out").glob("*.json"):
        data = json.loads(path.read_text())
        data["extra_data"]["suite_version"] = "an older suite"
        path.write_text(json.dumps(data))
    again = batch.grade_batch(toy, [folder], tmp_path / "out")
    assert not any(s.reused for s in again.summaries)


def test_a_changed_group_is_recorded_without_regrading(toy, tmp_path, monkeypatch, attempts_log):
    install_fake_grader(monkeypatch, attempts_log, die_on={})
    make_export(tmp_path / "in")
    batch.grade_batch(toy, [tmp_path / "in"], tmp_path / "out")
    metadata = tmp_path / "in" / "assignment_42_export" / "submission_metadata.yml"
    metadata.write_text(metadata.read_text().replace("Ada Lovelace", "Ada King"))
    again = batch.grade_batch(toy, [tmp_path / "in"], tmp_path / "out")
    assert {s.key: s.reused for s in again.summaries}["submission_101"]
    assert again.results["submission_101"]["extra_data"]["metadata"]["submitters"][0]["name"] == "Ada King"


# ---------------------------------------------------------------------------------- progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_in_a_log_is_one_plain_line_per_submission_with_an_estimate():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(5, to_grade=4, stream=stream, interactive=False, clock=clock)
    progress.advance(failing=False, reused=True)
    clock.now += 10
    progress.advance(failing=True)
    clock.now += 10
    progress.advance(failing=False, grader_error=True)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "progress: [1/5] finished, 0 failing, estimating time left"
    assert lines[1] == "progress: [2/5] finished, 1 failing, about 30s left"
    assert lines[2] == "progress: [3/5] finished, 1 failing, 1 grader error(s), about 20s left"
    assert "\r" not in stream.getvalue()


def test_progress_on_a_terminal_redraws_one_line_and_clears_it_for_the_table():
    stream = io.StringIO()
    progress = Progress(2, stream=stream, interactive=True, clock=Clock())
    progress.advance(failing=False)
    progress.clear()
    stream.write("a row of the table\n")
    progress.advance(failing=False)
    progress.close()
    text = stream.getvalue()
    assert text.startswith("\r\x1b[K[1/2] finished")
    assert "\r\x1b[Ka row of the table\n" in text
    assert text.endswith("[2/2] finished, 0 failing, done in 0s\n")


@pytest.mark.parametrize("seconds, shown", [(0, "0s"), (59.4, "59s"), (61, "1m01s"), (3 * 3600 + 120, "3h02m")])
def test_durations_read_naturally(seconds, shown):
    assert format_duration(seconds) == shown
