"""Build each hostile case's submission from its readable source: ``python tests/hostile/make_cases.py``.

A case written as code lives in ``cases/NAME/cells.py``: cells separated by ``# %%`` lines, as
Jupytext and VS Code write them. Header comments choose what is built:

    # honest: scale, relu_mean      a first cell with correct versions of these functions, so the
                                    case's own cells only show the hostile part (they may redefine them)
    # notebook: colab | vscode      the metadata those editors save (default: a plain Jupyter notebook)
    # format: py | zip              submit a .py script, or the notebook inside a zip, instead of .ipynb

The built file (``submission.ipynb``, ``submission.py`` or ``submission.zip``) is committed beside it,
so the grader is tested on exactly the bytes a reviewer can open; ``test_corpus`` fails when it is
stale. Cases whose submission is a broken file have no ``cells.py``: that file is committed as is.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

CASES = Path(__file__).resolve().parent / "cases"

HONEST = {
    "scale": "def scale(x, k):\n    return x * k\n",
    "pairwise_sq_dist": "def pairwise_sq_dist(a, b):\n    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(dim=-1)\n",
    "relu_mean": "def relu_mean(x):\n    return x.clamp(min=0).mean(dim=-1)\n",
    "centered": "def centered(x):\n    return x - x.mean(dim=0, keepdim=True)\n",
}

KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
EDITOR_METADATA = {
    "plain": {"kernelspec": KERNEL, "language_info": {"name": "python", "version": "3.11.7"}},
    "colab": {"colab": {"provenance": [], "toc_visible": True, "gpuType": "T4"}, "accelerator": "GPU",
              "kernelspec": {"display_name": "Python 3", "name": "python3"}, "language_info": {"name": "python"}},
    "vscode": {"kernelspec": {"display_name": ".venv", "language": "python", "name": "python3"},
               "language_info": {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"},
               "vscode": {"interpreter": {"hash": "4f8e2b1c9a7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f"}}},
}
CELL_SEPARATOR = re.compile(r"^# %%.*$", re.MULTILINE)
HEADER = re.compile(r"^# (honest|notebook|format): *(.*)$")


@dataclass(frozen=True)
class CaseSource:
    cells: list[str]
    honest: list[str]
    editor: str
    file_format: str


def parse(text: str) -> CaseSource:
    """Split ``cells.py`` into its header options and its cells."""
    options = {"honest": "", "notebook": "plain", "format": "ipynb"}
    lines = text.splitlines()
    while lines and (match := HEADER.match(lines[0])):
        options[match.group(1)] = match.group(2).strip()
        lines.pop(0)
    cells = [c.strip("\n") + "\n" for c in CELL_SEPARATOR.split("\n".join(lines)) if c.strip()]
    honest = [name.strip() for name in options["honest"].split(",") if name.strip()]
    unknown = [name for name in honest if name not in HONEST]
    if unknown or options["notebook"] not in EDITOR_METADATA or options["format"] not in ("ipynb", "py", "zip"):
        raise ValueError(f"bad header: honest={options['honest']!r} notebook={options['notebook']!r} "
                         f"format={options['format']!r}")
    return CaseSource(cells, honest, options["notebook"], options["format"])


def notebook_text(source: CaseSource) -> str:
    notebook = nbformat.v4.new_notebook(metadata=EDITOR_METADATA[source.editor])
    notebook.nbformat_minor = 5
    if source.honest:
        honest = "import torch\n\n\n" + "\n\n".join(HONEST[name] for name in source.honest)
        notebook.cells.append(nbformat.v4.new_markdown_cell("The honest part of this submission."))
        notebook.cells.append(nbformat.v4.new_code_cell(honest))
    for cell in source.cells:
        notebook.cells.append(nbformat.v4.new_code_cell(cell))
    for number, cell in enumerate(notebook.cells):  # stable ids: rebuilding gives the same bytes
        cell["id"] = f"cell-{number}"
        if source.editor == "colab" and cell.cell_type == "code":
            cell.metadata["id"] = f"colab{number:04d}"
            cell.metadata["colab"] = {"base_uri": "https://localhost:8080/"}
    return nbformat.writes(notebook) + "\n"


def script_text(source: CaseSource) -> str:
    honest = ["import torch\n\n\n" + "\n\n".join(HONEST[name] for name in source.honest)] if source.honest else []
    return "\n# %%\n".join(honest + source.cells)


def zip_bytes(source: CaseSource) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name in ("toy.ipynb", "README.md", "__MACOSX/._toy.ipynb"):
            info = zipfile.ZipInfo(name, date_time=(2021, 6, 1, 12, 0, 0))
            data = {"toy.ipynb": notebook_text(source).encode(), "README.md": b"my exam submission\n",
                    "__MACOSX/._toy.ipynb": b"\0\5\26\7macOS resource fork"}[name]
            archive.writestr(info, data)
    return buffer.getvalue()


def build(case: Path) -> tuple[Path, bytes]:
    """What ``case``'s submission file must contain, from its ``cells.py``."""
    source = parse((case / "cells.py").read_text())
    if source.file_format == "py":
        return case / "submission.py", script_text(source).encode()
    if source.file_format == "zip":
        return case / "submission.zip", zip_bytes(source)
    return case / "submission.ipynb", notebook_text(source).encode()


def generated_cases() -> list[Path]:
    return sorted(path.parent for path in CASES.glob("*/cells.py"))


def main() -> int:
    for case in generated_cases():
        path, data = build(case)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(CASES.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
