"""Builders for submissions on disk: real notebooks written by nbformat, real zips by zipfile."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Callable

import nbformat
import pytest
from nbformat import v4


@pytest.fixture
def write_notebook(tmp_path: Path) -> Callable[..., Path]:
    """Write a v4 notebook whose code cells hold ``sources``; markdown cells are given as ("md", text)."""

    def write(*sources: str | tuple[str, str], name: str = "nms.ipynb") -> Path:
        cells = []
        for source in sources:
            if isinstance(source, tuple):
                kind, text = source
                cells.append(v4.new_markdown_cell(text) if kind == "md" else v4.new_raw_cell(text))
            else:
                cells.append(v4.new_code_cell(source))
        path = tmp_path / name
        nbformat.write(v4.new_notebook(cells=cells), path)
        return path

    return write


@pytest.fixture
def write_zip(tmp_path: Path) -> Callable[..., Path]:
    """Write a zip holding ``members`` (name -> bytes or str) without touching anything else."""

    def write(members: dict[str, bytes | str], name: str = "export.zip") -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for member, content in members.items():
                archive.writestr(member, content)
        return path

    return write


@pytest.fixture
def notebook_json() -> Callable[..., str]:
    """The text of a small valid v4 notebook with the given code cells, e.g. to put inside a zip."""

    def text(*sources: str) -> str:
        return json.dumps(v4.new_notebook(cells=[v4.new_code_cell(source) for source in sources]))

    return text
