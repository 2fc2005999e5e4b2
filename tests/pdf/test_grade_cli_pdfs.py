"""The whole way as people use it: a student exports, the TA lists, grades with --pdfs, and reads the outputs."""

from __future__ import annotations

import csv
import json
import zipfile

import pytest

from manual.notebooks import write

from .conftest import ANSWERS, student_notebook

pytestmark = pytest.mark.usefixtures("engine")


def test_list_shows_autograded_and_manual_points_apart(autograder_in, tmp_path):
    listed = autograder_in("list", cwd=tmp_path, timeout=60)
    assert listed.returncode == 0, listed.stderr
    header, row = listed.stdout.splitlines()[:2]
    assert header.split()[:3] == ["assignment", "autograded", "manual"]
    assert row.split()[:3] == ["tiny", "3", "3.5"]


def test_a_students_export_is_graded_as_the_notebook_and_every_submission_gets_its_pdf(
        autograder_in, tmp_path, pdf_pages):
    student = tmp_path / "student"
    write(student_notebook({"1a": ANSWERS["1a"]}), student / "tiny.ipynb")
    exported = autograder_in("export", "tiny.ipynb", cwd=student)
    assert exported.returncode == 0, exported.stderr
    assert "Public checks: " in exported.stdout and "not answered yet: 2b" in exported.stdout
    archive = student / "tiny-submission.zip"
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == ["tiny-answers.pdf", "tiny.ipynb"]

    folder = tmp_path / "class"
    folder.mkdir()
    archive.rename(folder / "alice-submission.zip")
    (student / "tiny.ipynb").rename(folder / "alice.ipynb")
    (folder / "mallory.ipynb").write_text('{"cells": [', encoding="utf-8")
    out = tmp_path / "results"
    graded = autograder_in("grade", "tiny", str(folder), "-o", str(out), "--pdfs", cwd=tmp_path)
    assert graded.returncode == 0, graded.stderr
    assert f"PDFs:      {out / 'pdfs'}/ (3 PDF(s), 1 saying why it could not be made)" in graded.stdout
    assert "warning: no PDF of the written answers of mallory.ipynb" in graded.stderr

    from_zip = json.loads((out / "alice-submission.json").read_text())
    from_notebook = json.loads((out / "alice.json").read_text())
    assert from_zip["score"] == from_notebook["score"] == 3, "the export zip scores exactly as the notebook alone"
    assert [(t["name"], t["score"], t["status"]) for t in from_zip["tests"]] == \
        [(t["name"], t["score"], t["status"]) for t in from_notebook["tests"]]

    assert sorted(p.name for p in (out / "pdfs").iterdir()) == ["alice-submission.pdf", "alice.pdf", "mallory.pdf"]
    pages = pdf_pages(out / "pdfs" / "alice-submission.pdf")
    assert len(pages) == 3 and pages[0].startswith("alice-submission.zip")
    assert "undiminished" in pages[1] and "No answer was given" in pages[2]
    assert "could not be made" in pdf_pages(out / "pdfs" / "mallory.pdf")[0]

    with open(out / "gradebook.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert rows[0]["manual: 1a (2 pts)"] == "2" and rows[0]["manual: 2b (1.5 pts)"] == "1.5"
    assert all(row["manual: 1a (2 pts)"] == "" for row in rows[1:]), "empty, for the TA to fill"
    assert rows[0]["total_points_earned"] == "3", "the total stays the autograded score"
