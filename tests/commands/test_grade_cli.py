"""``autograder grade`` as a TA runs it: a Gradescope export and an Otter zip in one batch, kill -9 and resume."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.report.schema import validation_errors

from .conftest import CORRECT, SLOW_START, WRONG_COUNT, write_notebook

EXPORT_METADATA = """\
submission_101:
  :submitters:
  - :name: Ada Lovelace
    :sid: '101'
    :email: ada@example.org
  :created_at: 2021-06-10 12:00:00.000000000 +02:00
submission_102:
  :submitters:
  - :name: Grace Hopper
    :email: grace@example.org
  - :name: Alan Turing
    :email: alan@example.org
submission_103:
  :submitters:
  - :name: Nobody Home
    :email: nobody@example.org
"""


def make_otter_zip(folder: Path, source: str) -> Path:
    """A submission zip made by Otter's own ``Notebook.export`` (what students download from an Otter notebook)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_notebook(folder / "tiny.ipynb", source)
    export = "import otter; otter.Notebook('tiny.ipynb').export(pdf=False, display_link=False)"
    subprocess.run([sys.executable, "-c", export], cwd=folder, check=True, capture_output=True, timeout=120)
    (folder / "tiny.ipynb").unlink()
    (zipped,) = folder.glob("tiny_*.zip")
    return zipped


@pytest.fixture(scope="module")
def batch(tmp_path_factory, autograder_command):
    """One real batch with two jobs: three Gradescope submissions (one empty) and, if Otter is here, an Otter zip."""
    work = tmp_path_factory.mktemp("batch")
    export = work / "assignment_7_export"
    write_notebook(export / "submission_101" / "tiny.ipynb", CORRECT)
    write_notebook(export / "submission_102" / "tiny.ipynb", WRONG_COUNT)
    (export / "submission_103").mkdir()
    (export / "submission_metadata.yml").write_text(EXPORT_METADATA)
    paths = [str(export)]
    otter_zip = None
    if importlib.util.find_spec("otter") is not None:
        otter_zip = make_otter_zip(work / "otter", WRONG_COUNT)
        paths.append(str(otter_zip.parent))
    run = autograder_command("grade", "tiny", *paths, "-o", str(work / "out"), "-j", "2", cwd=work)
    return {"run": run, "out": work / "out", "otter_zip": otter_zip}


def results(batch, key: str) -> dict:
    return json.loads((batch["out"] / f"{key}.json").read_text())


def test_the_batch_exits_0_and_prints_one_line_per_submission(batch):
    run = batch["run"]
    assert run.returncode == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if line.startswith(("submission_", "tiny_"))]
    assert sorted(row.split()[0] for row in rows)[:3] == ["submission_101", "submission_102", "submission_103"]
    assert any(row.startswith("submission_101") and " 6 / 6 " in row for row in rows)
    assert any(row.startswith("submission_102") and " 4 / 6 " in row for row in rows)
    assert "progress: [" in run.stderr and "0 grader error" not in run.stderr


def test_every_results_file_is_valid_and_keyed_by_content_and_suite(batch):
    for key in ("submission_101", "submission_102", "submission_103"):
        data = results(batch, key)
        assert validation_errors(data) == []
        assert len(data["extra_data"]["submission"]["sha256"]) == 64
        assert data["extra_data"]["suite_version"]
    assert results(batch, "submission_102")["extra_data"]["metadata"]["submitters"][1]["name"] == "Alan Turing"


def test_a_submission_without_a_notebook_scores_0_with_the_reason_on_every_test(batch):
    data = results(batch, "submission_103")
    assert data["score"] == 0 and data["extra_data"]["max_score"] == 6
    assert "no notebook" in data["output"] and "notes" not in data["output"]
    assert all(t["status"] == "failed" and "tiny.ipynb" in t["output"] for t in data["tests"])
    assert not data["extra_data"]["grader_errors"]


def test_the_gradebook_has_a_row_per_student_in_otter_columns(batch):
    with open(batch["out"] / "gradebook.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["file", "source", "name", "email", "sid", "submission_id", "counting", "hidden",
                             "public", "total_points_earned", "percent_correct", "grading_status"]
    assert rows[0]["file"] == "points-per-question" and rows[0]["total_points_earned"] == "6"
    people = {row["name"]: row for row in rows[1:] if row["name"]}
    assert set(people) == {"Ada Lovelace", "Grace Hopper", "Alan Turing", "Nobody Home"}
    assert people["Ada Lovelace"]["percent_correct"] == "1" and people["Ada Lovelace"]["email"] == "ada@example.org"
    assert people["Grace Hopper"]["total_points_earned"] == people["Alan Turing"]["total_points_earned"] == "4"
    assert people["Grace Hopper"]["counting"] == "0" and rows[0]["counting"] == "2"
    assert people["Nobody Home"]["total_points_earned"] == "0"


def test_feedback_shows_visible_messages_and_only_name_score_status_of_hidden_tests(batch):
    page = (batch["out"] / "feedback" / "submission_102.md").read_text()
    assert "Score: **4 / 6**" in page
    assert "counts a secret number**: 0 / 2, failed (hidden test" in page
    assert "4141" not in page and "count of a hidden number" not in page
    data = results(batch, "submission_102")
    for private in (data["extra_data"]["submission"]["sha256"], data["extra_data"]["suite_version"], "Alan Turing",
                    "grader_version"):
        assert private not in page


def test_report_html_has_every_section_for_the_ta(batch):
    sections = _section_ids((batch["out"] / "report.html").read_text())
    assert sections == ["summary", "histogram", "pass-rates", "slowest", "failing", "given-code", "grader-errors"]


def test_an_otter_export_zip_is_graded_like_a_notebook(batch):
    if batch["otter_zip"] is None:
        pytest.skip("otter-grader is not installed (pip install -e '.[otter]')")
    key = batch["otter_zip"].stem
    data = results(batch, key)
    assert data["extra_data"]["submission"]["graded_file"] == f"{batch['otter_zip'].name}:tiny.ipynb"
    assert data["score"] == 4 and validation_errors(data) == []
    with open(batch["out"] / "gradebook.csv", newline="") as handle:
        assert any(row["file"] == batch["otter_zip"].name for row in csv.DictReader(handle))


def _section_ids(page: str) -> list[str]:
    class Sections(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "section":
                self.ids.append(dict(attrs).get("id"))

    parser = Sections()
    parser.feed(page)
    return parser.ids


# ---------------------------------------------------------------------------------- kill -9


def test_kill_9_mid_batch_then_rerun_grades_only_the_rest(tmp_path, tiny_course):
    folder = tmp_path / "in"
    write_notebook(folder / "a_quick.ipynb", CORRECT)
    write_notebook(folder / "b_slow.ipynb", SLOW_START)
    write_notebook(folder / "c_quick.ipynb", WRONG_COUNT)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "grade", "tiny", str(folder), "-o", str(out), "-j", "1"]
    env = {**os.environ, "AUTOGRADER_HOME": str(tiny_course)}
    with open(tmp_path / "first.log", "w") as log:
        first = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while not (out / "a_quick.json").exists() and first.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1.0)  # b_slow's notebook is sleeping now
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
    finished = sorted(p.name for p in out.glob("*.json"))
    assert "a_quick.json" in finished and "c_quick.json" not in finished, (tmp_path / "first.log").read_text()
    for path in out.glob("*.json"):
        json.loads(path.read_text())  # complete, or not there at all

    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    assert second.returncode == 0, second.stderr
    assert "Grading 2 of 3 submission(s)" in second.stdout
    rows = {line.split()[0]: line for line in second.stdout.splitlines() if line.startswith(("a_", "b_", "c_"))}
    assert "unchanged, kept" in rows["a_quick.ipynb"]
    assert "kept" not in rows["b_slow.ipynb"] and "kept" not in rows["c_quick.ipynb"]
    assert sorted(p.name for p in out.glob("*.json")) == ["a_quick.json", "b_slow.json", "c_quick.json"]
    assert not list(out.glob(".*.tmp"))


# ---------------------------------------------------------------------------------- misuse


@pytest.mark.parametrize("args, says", [
    (["grade", "no_such_assignment", "."], "unknown assignment"),
    (["grade", "tiny", "does/not/exist.ipynb"], "no such file"),
])
def test_misuse_exits_2_with_a_message(args, says, tiny_course, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("AUTOGRADER_HOME", str(tiny_course))
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert says in capsys.readouterr().err


def test_a_folder_with_no_submissions_is_misuse(tiny_course, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("AUTOGRADER_HOME", str(tiny_course))
    (tmp_path / "empty").mkdir()
    assert main(["grade", "tiny", str(tmp_path / "empty"), "-o", str(tmp_path / "out")]) == 2
    assert "no submissions" in capsys.readouterr().err
