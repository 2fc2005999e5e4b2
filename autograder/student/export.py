"""``export()`` in a notebook and ``autograder export NOTEBOOK``: the zip a student hands in.

The zip holds the saved notebook and, when the PDF engine is installed, the PDF of its written
answers (the same document the TA's ``grade --pdfs`` makes). Before writing it, the public checks
run (as ``check()`` does) and the written questions still unanswered are listed, so the student
hands in knowing both. ``autograder grade`` reads the notebook out of this zip and scores it exactly
as the notebook alone (:mod:`autograder.ingest.archive` picks the only ``.ipynb``).

The notebook file is found from what the front end tells the kernel (``JPY_SESSION_NAME``,
ipykernel's ``__session__``, VS Code's ``__vsc_ipynb_file__``), else the assignment's notebook name
in the current folder, else the student is asked to pass the path. The export reads the *saved*
file, so the student must save first; the summary says when that file was saved.

Stays light: nothing here imports the PDF engine unless a PDF is made, and a missing engine
gives a zip with the notebook only and a sentence on how to install it.
"""

from __future__ import annotations

import html
import os
import tempfile
import time
import zipfile
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from autograder.student.check import inside_worker, notebook_namespace
from autograder.student.suite import CheckUsageError, PublicSuite, locate_suite, notebook_file_of

ZIP_SUFFIX = "-submission.zip"
PDF_SUFFIX = "-answers.pdf"
SAVE_FIRST = "export() reads the saved notebook: save it first (File > Save, or Ctrl+S), then run export() again."


class ExportError(CheckUsageError):
    """export() cannot do what was asked (no notebook found, not a notebook); the message says what to do."""


@dataclass
class ExportResult:
    """What was written and what the student should know before uploading it."""

    zip_path: Path
    notebook: Path
    saved_at: float
    pdf_included: bool
    questions: list[str] = field(default_factory=list)     # the written questions, in order
    unanswered: list[str] = field(default_factory=list)
    checks: str | None = None                             # the checks' one-line verdict
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        saved = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))
        lines = [f"Wrote {self.zip_path}", f"  the notebook {self.notebook.name} as saved at {saved} "
                 "(changes made since are not in it: save, then export again)"]
        lines.append(f"  the PDF of your written answers ({self.notebook.stem}{PDF_SUFFIX})" if self.pdf_included
                     else "  no PDF of your written answers (see below)")
        if self.checks:
            lines.append(f"Public checks: {self.checks}")
        if self.questions:
            if self.unanswered:
                lines.append(f"Written questions not answered yet: {', '.join(self.unanswered)} "
                             f"(of {', '.join(self.questions)})")
            else:
                lines.append(f"All {len(self.questions)} written questions have an answer.")
        lines.extend(self.notes)
        lines.append("Upload the zip (or the notebook itself) to Gradescope.")
        return lines

    def text(self) -> str:
        return "\n".join(self.lines())

    def html(self) -> str:
        items = "".join(f"<div>{html.escape(line)}</div>" for line in self.lines())
        return f'<div class="autograder-export" style="font-family:sans-serif;line-height:1.5">{items}</div>'


def export(notebook: str | os.PathLike | None = None, *, assignment: str | None = None,
           out: str | os.PathLike | None = None, checks: bool = True,
           namespace: MutableMapping[str, Any] | None = None) -> None:
    """Run the public checks, list unanswered written questions, and write NOTEBOOK-submission.zip.

    ``notebook`` is the saved notebook's path when it cannot be found on its own; ``assignment``
    names the assignment as for ``check()``; ``out`` is the zip to write. Inside the grader's
    worker it does nothing (the grader runs every cell of the notebook, this one included).
    Returns None, like ``check()``, so the cell shows the summary once; see :func:`run_export`.
    """
    run_export(notebook, assignment=assignment, out=out, checks=checks, namespace=namespace)


def run_export(notebook: str | os.PathLike | None = None, *, assignment: str | None = None,
               out: str | os.PathLike | None = None, checks: bool = True,
               namespace: MutableMapping[str, Any] | None = None) -> ExportResult | None:
    """:func:`export`, returning what was written (None inside the grader's worker)."""
    if inside_worker():
        return None
    namespace = notebook_namespace() if namespace is None else namespace
    path = find_notebook(notebook, namespace, assignment)
    suite = locate_suite(assignment, notebook_file=str(path))
    verdict = None
    if checks:
        from autograder.student.check import run_in_namespace
        from autograder.student.display import _verdict, show

        report = run_in_namespace(suite, namespace)
        show(report)
        verdict = _verdict(report)
    result = write_export(path, suite, out=Path(out) if out is not None else None, checks=verdict)
    _show(result)
    return result


def find_notebook(notebook: str | os.PathLike | None, namespace: MutableMapping[str, Any],
                  assignment: str | None = None, *, cwd: Path | None = None) -> Path:
    """The saved notebook to export: the argument, else what the front end says, else the assignment's name here."""
    cwd = Path(cwd or Path.cwd())
    if notebook is not None:
        path = Path(notebook).expanduser()
        path = path if path.is_absolute() else cwd / path
        if not path.is_file():
            raise ExportError(f"there is no notebook {path}; pass the path of your saved .ipynb file")
        return path
    told = notebook_file_of(namespace)
    if told:
        for candidate in (Path(told), cwd / told, cwd / Path(told).name):
            if candidate.is_file():
                return candidate
    try:
        expected = locate_suite(assignment, cwd=cwd).notebook
    except CheckUsageError:
        expected = None
    if expected and (cwd / expected).is_file():
        return cwd / expected
    raise ExportError("export() could not tell which notebook this is. Save it, then pass its file name, "
                      "e.g. export(\"layers.ipynb\").")


def write_export(path: Path, suite: PublicSuite, *, out: Path | None = None, checks: str | None = None,
                 make_pdf: Callable[..., bool] | None = None) -> ExportResult:
    """Write the zip of the saved notebook at ``path`` (and its answers' PDF, when it can be made)."""
    from autograder.manual.answers import student_answers
    from autograder.manual.questions import questions_in

    path = Path(path)
    if path.suffix.lower() != ".ipynb":
        raise ExportError(f"{path.name} is not a notebook (.ipynb); export the notebook you hand in")
    out = Path(out) if out is not None else path.with_name(path.stem + ZIP_SUFFIX)
    saved_at = path.stat().st_mtime
    data = path.read_bytes()
    notes: list[str] = []
    questions = _questions(suite, path, notes, questions_in)
    try:
        answers = student_answers(questions, path)
    except Exception as error:  # noqa: BLE001 - the student's own file: say what is wrong, still zip it
        notes.append(f"Your notebook could not be read to find your written answers: {error}")
        answers = []
    unanswered = [a.question.id for a in answers if not a.answered]
    pdf_bytes = None
    if questions:
        pdf_bytes = (make_pdf or _answers_pdf)(questions, path, suite, notes)
    _write_zip(out, [(path.name, data)] + ([(path.stem + PDF_SUFFIX, pdf_bytes)] if pdf_bytes else []))
    return ExportResult(zip_path=out, notebook=path, saved_at=saved_at, pdf_included=bool(pdf_bytes),
                        questions=[q.id for q in questions], unanswered=unanswered, checks=checks, notes=notes)


def _questions(suite: PublicSuite, path: Path, notes: list[str], questions_in: Callable) -> list:
    """The assignment's written questions, from its notebook (the student's own copy when that is all there is)."""
    import json

    source = suite.folder / suite.notebook
    if not source.is_file():
        source = path
    try:
        return questions_in(json.loads(source.read_text(encoding="utf-8")), where=source.name, strict=False)
    except (OSError, ValueError) as error:
        notes.append(f"The written questions could not be read from {source.name}: {error}")
        return []


def _answers_pdf(questions: list, path: Path, suite: PublicSuite, notes: list[str]) -> bytes | None:
    """The PDF of the answers, or None with a note saying why (most often: the engine is not installed)."""
    try:
        from autograder.pdf.engine import EngineMissing
        from autograder.pdf.make import submission_pdf
    except ImportError as error:
        from autograder.pdf.engine import INSTALL_HINT

        notes.append(f"The PDF of your written answers could not be made: {error.name or error} is not installed. "
                     f"To include it: {INSTALL_HINT}. The zip holds your notebook, which is enough to be graded.")
        return None
    with tempfile.TemporaryDirectory(prefix="autograder-export-") as scratch:
        target = Path(scratch) / "answers.pdf"
        try:
            submission_pdf(questions, path, target, title=path.name, expected_name=suite.notebook,
                           subtitle=[f"{suite.title}: written answers"])
        except EngineMissing as error:
            notes.append(f"The PDF of your written answers could not be made: {error}. "
                         "The zip holds your notebook, which is enough to be graded.")
            return None
        except Exception as error:  # noqa: BLE001 - the zip with the notebook is still worth writing
            notes.append(f"The PDF of your written answers could not be made ({type(error).__name__}: {error}). "
                         "The zip holds your notebook, which is enough to be graded.")
            return None
        return target.read_bytes()


def _write_zip(out: Path, members: list[tuple[str, bytes]]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.stem[:40]}-", suffix=".tmp", dir=out.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                archive.writestr(name, data)
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _show(result: ExportResult) -> None:
    from autograder.student.display import in_jupyter_kernel

    if in_jupyter_kernel():
        from IPython.display import display

        display({"text/plain": result.text(), "text/html": result.html()}, raw=True)
        return
    print(result.text())
