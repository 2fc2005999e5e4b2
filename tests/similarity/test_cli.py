"""``autograder similarity`` and ``grade --similarity`` as a TA runs them."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from autograder.cli import EXIT_MISUSE, main
from autograder.grading.batch import BatchResult
from autograder.report.results import GradedSubmission, build_results

EXPORT_METADATA = """\
submission_201:
  :submitters:
  - :name: Ada Lovelace
    :email: ada@example.org
submission_202:
  :submitters:
  - :name: Grace Hopper
    :email: grace@example.org
submission_203:
  :submitters:
  - :name: Alan Turing
    :email: alan@example.org
"""


def test_the_command_writes_both_files_and_prints_the_top_pairs(class_folder, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["similarity", "nms", str(class_folder), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Compared 7 submission(s) of nms, 21 pair(s)" in printed
    first = printed.splitlines()[2].split()
    assert set(first[:2]) in ({"student_a", "copy_of_a_renamed"}, {"student_c", "copy_of_c_reordered"})
    assert len(list(csv.reader((out / "similarity.csv").open()))) == 22
    assert (out / "similarity.html").read_text().count("<section") == 6


@pytest.mark.parametrize("argv", [["similarity", "no_such_assignment", "."], ["similarity", "nms", "/no/such/folder"]])
def test_misuse_exits_2(argv, tmp_path):
    assert main([*argv, "-o", str(tmp_path)]) == EXIT_MISUSE


def test_a_gradescope_export_is_compared_under_its_submission_folders_with_the_students_names(class_folder, tmp_path):
    export = tmp_path / "assignment_1_export"
    export.mkdir()
    (export / "submission_metadata.yml").write_text(EXPORT_METADATA)
    for folder, student in [("submission_201", "student_a"), ("submission_202", "copy_of_a_renamed"),
                            ("submission_203", "untouched_1")]:
        (export / folder).mkdir()
        shutil.copy(class_folder / f"{student}.ipynb", export / folder / "nms.ipynb")
    out = tmp_path / "out"
    assert main(["similarity", "nms", str(export), "-o", str(out)]) == 0
    rows = list(csv.DictReader((out / "similarity.csv").open()))
    assert {rows[0]["submission_a"], rows[0]["submission_b"]} == {"submission_201", "submission_202"}
    assert float(rows[0]["similarity"]) > 0.9 and float(rows[-1]["similarity"]) == 0.0
    html = (out / "similarity.html").read_text()
    assert "Ada Lovelace" in html and "Grace Hopper" in html


def test_grade_with_similarity_writes_the_pages_beside_the_results_and_links_them(class_folder, tmp_path, monkeypatch,
                                                                                   capsys):
    """The grading itself is stubbed (tests/commands grades for real): this is the flag's wiring."""
    keys = sorted(path.stem for path in class_folder.glob("*.ipynb"))

    def fake_grade_batch(assignment, paths, out_dir, **_):
        results = {key: json.loads(json.dumps(build_results(GradedSubmission(
            assignment="nms", source=key, graded_file=f"{key}.ipynb", sha256="0" * 64, suite_version="0" * 16,
            execution_time=0.1, outcomes=[], grader_errors=[], metadata={})))) for key in keys}
        return BatchResult(summaries=[], out_dir=out_dir, results=results, labels={k: f"{k}.ipynb" for k in keys})

    monkeypatch.setattr("autograder.commands.grade.grade_batch", fake_grade_batch)
    out = tmp_path / "results"
    assert main(["grade", "nms", str(class_folder), "-o", str(out), "--similarity"]) == 0
    assert f"Similarity: {out / 'similarity.html'}" in capsys.readouterr().out
    assert (out / "similarity.csv").read_text().splitlines()[0] == "submission_a,submission_b,similarity"
    assert 'id="similarity"' in (out / "report.html").read_text()
    assert 'href="similarity.html"' in (out / "report.html").read_text()
    other = tmp_path / "without"
    assert main(["grade", "nms", str(class_folder), "-o", str(other)]) == 0
    assert not (other / "similarity.html").exists() and 'id="similarity"' not in (other / "report.html").read_text()
