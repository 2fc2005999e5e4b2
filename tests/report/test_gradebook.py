"""gradebook.csv: Otter's final_grades.csv layout, one row per student."""

from __future__ import annotations

import csv
import io

import pytest

from autograder.report.gradebook import render_gradebook


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_columns_and_points_row_follow_otter(make_entry):
    rows = read(render_gradebook([make_entry("bob", passed={"keeps the best box"}), make_entry("alice")]))
    assert list(rows[0]) == ["file", "source", "box_iou", "nms", "total_points_earned", "percent_correct",
                             "grading_status"]
    assert rows[0] == {"file": "points-per-question", "source": "", "box_iou": "3", "nms": "5",
                       "total_points_earned": "8", "percent_correct": "1", "grading_status": "--"}
    assert [r["file"] for r in rows[1:]] == ["alice.ipynb", "bob.ipynb"], "sorted by file, like Otter"
    assert rows[2] == {"file": "bob.ipynb", "source": "/exports/bob.ipynb", "box_iou": "0", "nms": "2",
                       "total_points_earned": "2", "percent_correct": "0.25", "grading_status": "Completed"}


def test_a_group_submission_gives_one_row_per_student_with_names_and_emails(make_entry):
    group = [{"name": "Grace Hopper", "email": "grace@example.org", "sid": "7"}, {"name": "Alan Turing"}]
    rows = read(render_gradebook([make_entry("submission_9", submitters=group, passed=set())]))
    assert list(rows[0])[:6] == ["file", "source", "name", "email", "sid", "submission_id"]
    assert [(r["name"], r["email"], r["sid"], r["submission_id"]) for r in rows[1:]] == [
        ("Alan Turing", "", "", "9"), ("Grace Hopper", "grace@example.org", "7", "9")]
    assert {r["total_points_earned"] for r in rows[1:]} == {"0"}


def test_grader_errors_show_in_the_status(make_entry):
    rows = read(render_gradebook([make_entry("carol", grader_errors=["[abcd1234] Traceback ..."])]))
    assert rows[1]["grading_status"].startswith("Grader error")


def test_column_names_are_otters_own(make_entry):
    utils = pytest.importorskip("otter.grade.utils")
    header = read(render_gradebook([make_entry("alice")]))[0]
    for name in (utils.SCORES_DICT_FILE_KEY, utils.SCORES_DICT_TOTAL_POINTS_KEY, utils.SCORES_DICT_PERCENT_CORRECT_KEY,
                 utils.SCORES_DICT_GRADING_STATUS_KEY):
        assert name in header
    assert read(render_gradebook([make_entry("alice")]))[0]["file"] == utils.POINTS_POSSIBLE_LABEL


def test_readable_by_code_written_for_final_grades_csv(make_entry, tmp_path):
    """What scripts do with Otter's file: pandas, drop the points row, use total and percent."""
    pandas = pytest.importorskip("pandas")
    path = tmp_path / "gradebook.csv"
    path.write_text(render_gradebook([make_entry("alice"), make_entry("bob", passed={"keeps the best box"})]))
    frame = pandas.read_csv(path)
    possible = frame[frame["file"] == "points-per-question"].iloc[0]
    students = frame[frame["file"] != "points-per-question"].set_index("file")
    assert possible["total_points_earned"] == 8
    assert students.loc["bob.ipynb", "total_points_earned"] == 2
    assert students.loc["alice.ipynb", "percent_correct"] == pytest.approx(1.0)
    assert students["nms"].sum() == 7


def test_same_named_files_from_different_folders_are_told_apart_by_their_source(make_entry):
    first = make_entry("alice", label="alice.ipynb", source="week1/alice.ipynb")
    second = make_entry("alice-2", label="alice.ipynb", source="week2/alice.ipynb", passed=set())
    rows = read(render_gradebook([second, first]))[1:]
    assert [(r["file"], r["source"], r["total_points_earned"]) for r in rows] == [
        ("alice.ipynb", "week1/alice.ipynb", "8"), ("alice.ipynb", "week2/alice.ipynb", "0")]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_student_text_never_starts_a_spreadsheet_formula(make_entry, start):
    formula = f"{start}HYPERLINK(\"http://evil.example\",\"click\")"
    person = {"name": formula, "email": formula, "sid": formula}
    entry = make_entry("submission_1", submitters=[person], label=formula, source=formula)
    row = read(render_gradebook([entry]))[1]
    for column in ("file", "source", "name", "email", "sid"):
        assert row[column] == "'" + formula, column
