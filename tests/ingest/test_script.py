""".py submissions: cells where the editor marks them, otherwise one cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.ingest import CodeCell, IngestError, load_submission
from autograder.ingest.script import split_script


def test_a_script_without_markers_is_one_cell() -> None:
    assert split_script("import torch\n\ndef nms():\n    pass\n") == ("import torch\n\ndef nms():\n    pass\n",)


def test_percent_markers_split_cells_and_markdown_cells_are_skipped() -> None:
    script = (
        "# ---\n# jupyter:\n#   kernelspec: python3\n# ---\n\n"
        "# %% [markdown]\n# # Exercise 10\n\n"
        "# %%\nimport torch\n\n"
        "#%% helper\ndef area(box):\n    return 1\n\n\n"
        "# %%\n%matplotlib inline\n"
    )
    assert split_script(script) == ("import torch\n", "def area(box):\n    return 1\n", "%matplotlib inline\n")


def test_code_before_the_first_marker_is_the_first_cell() -> None:
    assert split_script("import torch\n# %%\nx = 1\n") == ("import torch\n", "x = 1\n")


def test_jupyter_download_as_python_markers_split_cells() -> None:
    script = "#!/usr/bin/env python\n# coding: utf-8\n\n# In[1]:\n\n\nimport torch\n\n\n# In[ ]:\n\n\nx = 1\n"
    assert split_script(script) == ("\n\nimport torch\n", "\n\nx = 1\n")


def test_a_py_submission_is_cut_into_numbered_cells_with_magics_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "nms.py"
    path.write_bytes(b"# %%\nimport torch\r\n# %%\n!pip install x\r\ny = 1\r\n")
    submission = load_submission(path, expected_name="nms.ipynb")
    assert submission.cells == (CodeCell(1, "import torch\n"), CodeCell(2, "pass\ny = 1\n"))
    assert submission.graded_file == "nms.py"
    assert submission.warnings == ("cell 2: shell command `!pip install x` was not run",)


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"%PDF-1.4\n", "is a PDF document, not a Python script"), (b"x = '\xff'\n", "is not UTF-8 text")],
)
def test_a_py_file_that_is_not_a_script_is_refused(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "nms.py"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=says):
        load_submission(path)
