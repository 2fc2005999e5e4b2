""".ipynb submissions: any nbformat version and editor, outputs dropped, clear refusals."""

from __future__ import annotations

import base64
import json
import os
import time
import tracemalloc
from pathlib import Path

import pytest
from nbformat import v3, v4

from autograder.errors import NotebookError
from autograder.ingest import CodeCell, IngestError, load_submission


def test_code_cells_are_numbered_as_the_student_counts_them(write_notebook) -> None:
    path = write_notebook(
        ("md", "# Exercise 10"),
        "import torch",
        ("raw", "not code"),
        "def nms(boxes, scores, threshold):\n    return boxes",
    )
    submission = load_submission(path)
    assert submission.cells == (
        CodeCell(1, "import torch"),
        CodeCell(2, "def nms(boxes, scores, threshold):\n    return boxes"),
    )
    assert submission.graded_file == "nms.ipynb"
    assert submission.path == path
    assert submission.warnings == ()


def test_magics_are_neutralised_and_reported_per_cell(write_notebook) -> None:
    path = write_notebook("%matplotlib inline\nimport torch", "!pip install x\ny = 1")
    submission = load_submission(path)
    assert [cell.source for cell in submission.cells] == ["pass\nimport torch", "pass\ny = 1"]
    assert submission.warnings == ("cell 2: shell command `!pip install x` was not run",)


def test_a_skipped_cell_magic_leaves_a_gap_but_keeps_later_numbers(write_notebook) -> None:
    submission = load_submission(write_notebook("a = 1", "%%bash\nls", "b = 2"))
    assert [(cell.number, cell.source) for cell in submission.cells] == [(1, "a = 1"), (3, "b = 2")]
    assert submission.warnings == ("cell 2: the cell starts with `%%bash`, so it is not Python and was not run",)


def test_a_cell_with_a_syntax_error_is_kept_for_the_worker_to_report(write_notebook) -> None:
    submission = load_submission(write_notebook("ok = 1", "def f(:\n    return 1\n%matplotlib inline", "after = 2"))
    assert [cell.number for cell in submission.cells] == [1, 2, 3]
    assert submission.cells[1].source == "def f(:\n    return 1\npass"
    with pytest.raises(SyntaxError):
        compile(submission.cells[1].source, submission.cells[1].filename, "exec")


def test_nbformat_v3_notebooks_are_upgraded(tmp_path: Path) -> None:
    worksheet = v3.new_worksheet(
        cells=[
            v3.new_text_cell("markdown", source="intro"),
            v3.new_code_cell(input="x = 1", prompt_number=1, outputs=[v3.new_output("stream", output_text="hi")]),
            v3.new_heading_cell("Part 2", level=2),
            v3.new_code_cell(input="%time y = x + 1"),
        ]
    )
    path = tmp_path / "old.ipynb"
    path.write_text(v3.writes_json(v3.new_notebook(worksheets=[worksheet])))
    submission = load_submission(path)
    assert submission.cells == (CodeCell(1, "x = 1"), CodeCell(2, "y = x + 1"))
    assert submission.warnings == ()


def test_colab_notebooks_load(tmp_path: Path) -> None:
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 0,
        "metadata": {
            "colab": {"name": "nms.ipynb", "provenance": [], "collapsed_sections": []},
            "kernelspec": {"name": "python3", "display_name": "Python 3"},
            "accelerator": "GPU",
        },
        "cells": [
            {
                "cell_type": "code",
                "metadata": {"id": "Xy12", "colab": {"base_uri": "https://localhost:8080/"}, "outputId": "f00"},
                "source": ["!nvidia-smi\n", "from google.colab import drive"],
                "execution_count": None,
                "outputs": [{"output_type": "stream", "name": "stdout", "text": ["Tesla T4\n"]}],
            },
            {
                "cell_type": "markdown",
                "metadata": {"id": "m1"},
                "source": ["![plot](attachment:image.png)"],
                "attachments": {"image.png": {"image/png": "iVBORw0KGgo="}},
            },
            {"cell_type": "code", "metadata": {"id": "q"}, "source": "def nms(b, s, t):\n    return b",
             "execution_count": None, "outputs": []},
        ],
    }
    path = tmp_path / "nms.ipynb"
    path.write_text(json.dumps(notebook))
    submission = load_submission(path)
    assert submission.cells == (
        CodeCell(1, "pass\nfrom google.colab import drive"),
        CodeCell(2, "def nms(b, s, t):\n    return b"),
    )
    assert submission.warnings == ("cell 1: shell command `!nvidia-smi` was not run",)


def test_vscode_notebooks_with_ids_in_an_older_format_load_without_complaint(tmp_path: Path) -> None:
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 2,
        "metadata": {"vscode": {"interpreter": {"hash": "abc"}}, "orig_nbformat": 4},
        "cells": [{"cell_type": "code", "id": "a1b2", "execution_count": None, "metadata": {}, "outputs": [],
                   "source": ["import torch\n", "x = 1"]}],
    }
    path = tmp_path / "nms.ipynb"
    path.write_text(json.dumps(notebook))
    submission = load_submission(path)
    assert submission.cells == (CodeCell(1, "import torch\nx = 1"),)
    assert submission.warnings == ()


def test_cells_missing_optional_fields_and_ids_still_load(tmp_path: Path) -> None:
    cell_without_id_metadata_or_outputs = {"cell_type": "code", "source": "x = 1"}
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell_without_id_metadata_or_outputs]}
    path = tmp_path / "nms.ipynb"
    path.write_text(json.dumps(notebook))
    assert load_submission(path).cells == (CodeCell(1, "x = 1"),)


def test_schema_violations_that_do_not_hide_the_code_are_a_warning(tmp_path: Path) -> None:
    notebook = json.loads(json.dumps(v4.new_notebook(cells=[v4.new_code_cell("x = 1")])))
    notebook["cells"].insert(0, {"cell_type": "widget", "metadata": {}, "source": "?"})
    path = tmp_path / "nms.ipynb"
    path.write_text(json.dumps(notebook))
    submission = load_submission(path)
    assert submission.cells == (CodeCell(1, "x = 1"),)
    assert len(submission.warnings) == 1
    assert "does not fully follow the notebook format" in submission.warnings[0]


def test_an_empty_notebook_is_not_an_error(write_notebook) -> None:
    submission = load_submission(write_notebook(("md", "I ran out of time")))
    assert submission.cells == ()
    assert submission.warnings == ("nms.ipynb has no code cells, so there is nothing to run.",)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is an empty file (0 bytes)"),
        (b"\n  \n", "nothing but whitespace"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF document, not a notebook"),
        (b"PK\x03\x04\x14\x00\x00\x00", "is a ZIP archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "is a JPEG image"),
        (b"<!DOCTYPE html>\n<html><body>Jupyter</body></html>", "looks like a web page (HTML)"),
        (b"import torch\n\ndef nms():\n    pass\n", "looks like a Python script"),
        (b"\xc3\x28 not utf-8", "is not UTF-8 text"),
    ],
    ids=["empty", "whitespace", "pdf", "zip", "png", "jpeg", "html", "python", "not-utf8"],
)
def test_files_that_are_not_notebooks_are_named_for_what_they_are(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "nms.ipynb"
    path.write_bytes(content)
    with pytest.raises(IngestError) as raised:
        load_submission(path)
    assert raised.value.message.startswith("nms.ipynb ")
    assert says in raised.value.message


def test_invalid_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "nms.ipynb"
    path.write_text(
        '{\n "nbformat": 4,\n "nbformat_minor": 5,\n "cells": [\n'
        '  {"cell_type": "code" "source": "x = 1"}\n ]\n}\n'  # a comma lost while hand-editing
    )
    with pytest.raises(IngestError) as raised:
        load_submission(path)
    assert raised.value.message.startswith(
        "nms.ipynb is not valid notebook JSON: Expecting ',' delimiter at line 5, column 24."
    )


def test_a_truncated_notebook_is_reported_as_cut_off(write_notebook) -> None:
    path = write_notebook("x = 1")
    path.write_text(path.read_text()[:-40])
    with pytest.raises(IngestError, match="ends unexpectedly"):
        load_submission(path)


def test_merge_conflict_markers_are_recognised(write_notebook) -> None:
    path = write_notebook("x = 1")
    text = path.read_text().split("\n")
    text[5:5] = ["<<<<<<< HEAD", '"x = 2"', "=======", ">>>>>>> branch"]
    path.write_text("\n".join(text))
    with pytest.raises(IngestError, match="merge-conflict markers"):
        load_submission(path)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[1, 2, 3]", "is JSON but not a notebook"),
        ('{"cells": []}', "has no nbformat version"),
        ('{"nbformat": 9, "nbformat_minor": 0, "cells": []}', "unknown notebook format version"),
        ('{"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": "x = 1"}', "no proper list of cells"),
        ('{"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [{"cell_type": "code", "source": 7}]}',
         "is not text"),
    ],
)
def test_json_that_is_not_a_notebook_is_refused(tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "nms.ipynb"
    path.write_text(content)
    with pytest.raises(IngestError, match=says):
        load_submission(path)


def test_ingest_errors_are_the_students_notebook_failures() -> None:
    assert issubclass(IngestError, NotebookError)
    assert IngestError("nms.ipynb is empty.").message == "nms.ipynb is empty."


def test_fifty_megabytes_of_outputs_load_quickly_and_never_reach_the_cells(tmp_path: Path) -> None:
    marker = "STORED-OUTPUT-MARKER"
    figure = marker + base64.b64encode(os.urandom(750_000)).decode()  # about 1 MB, like a saved plot
    outputs = [  # built once and attached afterwards: nbformat validates what it builds, slowly
        v4.new_output("stream", name="stdout", text=f"{marker} epoch: loss 0.1\n" * 50),
        v4.new_output("display_data", data={"image/png": figure, "text/plain": "<Figure>"}),
    ]
    cells = [v4.new_code_cell(f"loss_{index} = train({index})", execution_count=index + 1) for index in range(50)]
    for cell in cells:
        cell.outputs = outputs
    path = tmp_path / "nms.ipynb"
    path.write_text(json.dumps(v4.new_notebook(cells=cells)))
    assert path.stat().st_size > 50_000_000

    tracemalloc.start()
    started = time.perf_counter()
    try:
        submission = load_submission(path)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert elapsed < 5
    # The file's bytes and its text are in memory once each; the parsed outputs never all at once.
    assert peak < 2.5 * path.stat().st_size
    assert [cell.source for cell in submission.cells] == [f"loss_{index} = train({index})" for index in range(50)]
    assert not any(marker in cell.source for cell in submission.cells)
