"""Work per submission is bounded by what it asks for, not only by its size in bytes.

Each hostile file here is small on disk (a zip of a few hundred KB) and would expand into millions
of objects if read naively; each must be refused quickly, in bounded memory, with a message that
tells the student what to do.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
import pytest

from autograder.ingest import IngestError, load_submission
from autograder.ingest import limits
from autograder.ingest.archive import read_directory
from autograder.ingest.notebook import _structure_counts_outside_strings

EMPTY_CELL = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": ""}


def notebook_text(cells: list, **extra) -> str:
    return json.dumps({"cells": cells, "metadata": extra, "nbformat": 4, "nbformat_minor": 4})


def repeated_cells(count: int) -> str:
    """A notebook of ``count`` empty code cells, built as text (a million dicts would take longer to make)."""
    return notebook_text(["CELLS"]).replace('"CELLS"', ", ".join([json.dumps(EMPTY_CELL)] * count))


def zipped(path: Path, member: str, text: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(member, text)
    return path


MEASURE = """
import json, resource, sys, time
from autograder.ingest import IngestError, load_submission
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
try:
    load_submission(sys.argv[1], expected_name="nms.ipynb")
    message = None
except IngestError as error:
    message = error.message
seconds = time.monotonic() - started
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps({"message": message, "seconds": seconds, "megabytes": grown}))
"""


def refused_within(path: Path, *, seconds: float, megabytes: float) -> str:
    """Load ``path`` in a fresh process expecting a refusal; fail if it takes longer or more memory than allowed."""
    run = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    measured = json.loads(run.stdout)
    assert measured["message"] is not None, "the submission was read instead of refused"
    assert measured["seconds"] < seconds, f"took {measured['seconds']:.1f} s"
    assert measured["megabytes"] < megabytes, f"grew by {measured['megabytes']:.0f} MB"
    return measured["message"]


def test_a_million_empty_cells_in_a_small_zip_are_refused_quickly(tmp_path):
    path = zipped(tmp_path / "million.zip", "nms.ipynb", repeated_cells(1_000_000))
    assert path.stat().st_size < 2_000_000
    message = refused_within(path, seconds=15, megabytes=500)
    assert "JSON objects and lists" in message and "Clear the notebook's outputs" in message


def test_more_cells_than_any_notebook_has_are_refused_while_parsing(tmp_path):
    path = tmp_path / "nms.ipynb"
    path.write_text(repeated_cells(limits.MAX_CELLS * 3))
    message = refused_within(path, seconds=10, megabytes=200)
    assert f"more than {limits.MAX_CELLS:,} cells" in message


@pytest.mark.parametrize("bulk, says", [
    ("[" + "[]," * 3_000_000 + "[]]", "JSON objects and lists"),
    ("[" + "0," * 12_000_000 + "0]", "JSON values"),
])
def test_json_bulk_outside_the_cells_is_refused_before_it_is_built(tmp_path, bulk, says):
    text = notebook_text([EMPTY_CELL]).replace('"metadata": {}, "nbformat"', f'"metadata": {{"x": {bulk}}}, "nbformat"')
    path = zipped(tmp_path / "bulk.zip", "nms.ipynb", text)
    assert says in refused_within(path, seconds=15, megabytes=300)


def test_brackets_and_commas_inside_strings_do_not_count(tmp_path):
    log = 'tensor([[0.1, 0.2], [0.3, 0.4]]) {"loss": 1}, \\" [ \\\\'
    output = {"output_type": "stream", "name": "stdout", "text": [log] * 400_000}
    cell = {**EMPTY_CELL, "source": "x = 1", "outputs": [output]}
    path = tmp_path / "nms.ipynb"
    path.write_text(notebook_text([cell]))
    submission = load_submission(path, expected_name="nms.ipynb")
    assert [c.source for c in submission.cells] == ["x = 1"]


@pytest.mark.parametrize("text", [
    '["a\\"b[", "c\\\\", {"d{": [1, "x,y:"]}]',
    '{"\\\\\\\\\\"": ["\\\\", "]", 2], "k": "\\u005c"}',
])
@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
def test_the_exact_count_pairs_escapes_as_json_does(monkeypatch, text, chunk):
    import autograder.ingest.notebook as notebook

    monkeypatch.setattr(notebook, "_COUNT_CHUNK", chunk)
    json.loads(text)
    outside = json.dumps(json.loads(text), separators=(",", ":"))
    expected = _naive_counts(text)
    assert _structure_counts_outside_strings(text) == expected, outside


def _naive_counts(text: str) -> tuple[int, int]:
    containers = separators = 0
    inside = escaped = False
    for ch in text:
        if inside:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                inside = False
        elif ch == '"':
            inside = True
        else:
            containers += ch in "{["
            separators += ch in ",:"
    return containers, separators


@pytest.mark.parametrize("line", ["!ls\n", "x = 1\n", "x\r"])
def test_a_script_of_endless_lines_is_refused_before_it_is_split(tmp_path, line):
    path = tmp_path / "nms.py"
    path.write_text(line * (limits.MAX_CODE_LINES + 10), newline="")
    assert "lines of code" in refused_within(path, seconds=5, megabytes=100)


def test_a_notebook_of_endless_magics_is_refused_before_they_are_rewritten(tmp_path):
    path = tmp_path / "nms.ipynb"
    path.write_text(notebook_text([{**EMPTY_CELL, "source": "!ls\n" * (limits.MAX_CODE_LINES + 10)}]))
    assert "lines of code" in refused_within(path, seconds=5, megabytes=100)


def test_a_zip_declaring_too_many_members_is_not_opened(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(limits.MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"f{number}", b"")
    assert read_directory(path).members == limits.MAX_ZIP_MEMBERS + 1
    assert "more than the 10,000 a submission may have" in refused_within(path, seconds=5, megabytes=50)


def test_the_directory_is_found_past_a_comment(tmp_path):
    path = tmp_path / "commented.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("nms.ipynb", notebook_text([]))
        archive.comment = b"submitted from my laptop " * 100
    assert read_directory(path).members == 1


def test_a_fake_end_record_in_the_comment_is_refused_not_trusted(tmp_path):
    """zipfile takes the last end record too, and fails on this one: the student is told, nothing crashes."""
    path = tmp_path / "nms.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("nms.ipynb", notebook_text([]))
        archive.comment = b"PK\x05\x06" + b"\xff" * 30
    with pytest.raises(IngestError, match="nms.zip"):
        load_submission(path, expected_name="nms.ipynb")


def test_ordinary_notebooks_are_far_below_every_limit(write_notebook):
    path = write_notebook(*[f"def f{i}(x):\n    return x + {i}\n" for i in range(300)])
    assert len(load_submission(path).cells) == 300
