"""A class's PDFs (``autograder grade ... --pdfs``): one forked process per submission, bounded, never fatal.

A student's notebook is data, but rendering it is work a hostile notebook can inflate (nesting,
huge images, pathological formulas). So each PDF is made in a child forked from a warm parent
(the engine, fonts and the prompts' formulas already loaded, so a child takes a fraction of a
second) with a wall-clock limit and an address-space limit. A child that fails, dies or runs out
of time leaves a one-page PDF saying why, and the TA gets a warning; the batch goes on.

Files are ``OUT/pdfs/<key>.pdf``, where ``key`` is the submission's results-file name: one safe
path component made by the sources (:func:`autograder.grading.sources.unique_keys`), checked
again by :func:`autograder.ingest.names.path_inside`.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Callable, Iterable

from autograder.assignment import Assignment
from autograder.errors import GraderError
from autograder.grading.sources import SubmissionSource, open_sources
from autograder.ingest.model import IngestError
from autograder.ingest.names import path_inside
from autograder.manual.questions import ManualQuestion, questions_in
from autograder.pdf.notice import write_notice

PDF_FOLDER = "pdfs"
PDF_SECONDS = 60.0
PDF_MEMORY_BYTES = 2 * 1024 ** 3   # on top of what the parent already maps


@dataclass(frozen=True)
class PdfResult:
    """What became of one submission's PDF; ``problem`` is set when the notice page was written instead."""

    key: str
    label: str
    path: Path
    seconds: float
    unanswered: tuple[str, ...] = ()
    problem: str | None = None


@dataclass(frozen=True)
class _Job:
    questions: list[ManualQuestion]
    assignment_cells: list[Any] | None
    expected_name: str
    title_of: Callable[[SubmissionSource], tuple[str, list[str]]]


def pdf_path(pdf_dir: Path, source: SubmissionSource) -> Path:
    """``pdf_dir/<key>.pdf``; GraderError if the key would not be one file directly inside (it always is)."""
    try:
        return path_inside(pdf_dir, f"{source.key}.pdf")
    except ValueError as error:
        raise GraderError(f"refusing to write the PDF of {source.origin}: {error}") from None


def write_class_pdfs(assignment: Assignment, paths: Iterable[Path], out_dir: Path, *, exports: Iterable[Path] = (),
                     jobs: int = 1, with_code: bool = False, seconds: float = PDF_SECONDS,
                     on_result: Callable[[PdfResult], None] | None = None) -> list[PdfResult]:
    """Write ``out_dir/pdfs/<key>.pdf`` for every submission in ``paths`` (the paths ``grade`` was given)."""
    notebook = json.loads(assignment.notebook_path.read_text(encoding="utf-8"))
    job = _Job(questions=questions_in(notebook, where=assignment.notebook),
               assignment_cells=notebook.get("cells", []) if with_code else None,
               expected_name=assignment.notebook, title_of=lambda source: _title(assignment, source))
    warm_up(job.questions)
    pdf_dir = Path(out_dir) / PDF_FOLDER
    pdf_dir.mkdir(parents=True, exist_ok=True)
    with open_sources(list(paths), assignment.notebook, exports=exports) as sources:
        return _run(job, [(source, pdf_path(pdf_dir, source)) for source in sources], max(1, jobs), seconds,
                    on_result)


def warm_up(questions: list[ManualQuestion]) -> None:
    """Load the engine, its fonts and the prompts' formulas once, so forked children start warm."""
    from autograder.manual.answers import Answer
    from autograder.pdf.document import AnswersDocument
    from autograder.pdf.engine import load_engine
    from autograder.pdf.render import render_html

    weasyprint = load_engine()
    html = render_html(AnswersDocument(title="warm-up", answers=[Answer(q, None) for q in questions]))
    weasyprint.HTML(string=html).render()


def _title(assignment: Assignment, source: SubmissionSource) -> tuple[str, list[str]]:
    people = [p for p in (source.metadata.get("submitters") or []) if isinstance(p, dict)]
    names = ", ".join(str(p.get("name") or p.get("email") or "") for p in people if p.get("name") or p.get("email"))
    subtitle = [f"{assignment.title}: written answers for manual grading"]
    if names:
        subtitle.insert(0, f"Submitted by {names}")
    subtitle.append(f"File: {Path(source.origin).name}")
    return source.label, subtitle


def _run(job: _Job, tasks: list[tuple[SubmissionSource, Path]], jobs: int, seconds: float,
         on_result: Callable[[PdfResult], None] | None) -> list[PdfResult]:
    context = multiprocessing.get_context("fork")
    queue = deque(tasks)
    running: dict[Connection, tuple[Any, SubmissionSource, Path, float]] = {}
    results: dict[str, PdfResult] = {}

    def finish(source: SubmissionSource, target: Path, started: float, unanswered: tuple[str, ...],
               problem: str | None) -> None:
        if problem is not None:
            _write_problem(target, source, problem)
        result = PdfResult(source.key, source.label, target, time.monotonic() - started, unanswered, problem)
        results[source.key] = result
        if on_result:
            on_result(result)

    while queue or running:
        while queue and len(running) < jobs:
            source, target = queue.popleft()
            if source.path is None:
                finish(source, target, time.monotonic(), (), source.problem or "no notebook was submitted")
                continue
            ours, theirs = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(theirs, job, source, target, seconds),
                                      name="autograder-pdf", daemon=True)
            process.start()
            theirs.close()
            running[ours] = (process, source, target, time.monotonic())
        if not running:
            continue
        ready = wait(list(running), timeout=1.0)
        for connection in ready:
            process, source, target, started = running.pop(connection)
            try:
                status, detail = connection.recv()
            except (EOFError, OSError):
                process.join(timeout=5)
                status, detail = "error", _death(process.exitcode)
            connection.close()
            process.join(timeout=5)
            finish(source, target, started, tuple(detail) if status == "ok" else (),
                   None if status == "ok" else str(detail))
        for connection, (process, source, target, started) in list(running.items()):
            if time.monotonic() - started > seconds:
                process.kill()
                process.join(timeout=5)
                connection.close()
                del running[connection]
                finish(source, target, started, (), f"making it took longer than {seconds:.0f} s and was stopped")
    return [results[source.key] for source, _ in tasks]


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        return f"the process making it was killed (signal {-code}), most likely for using too much memory"
    return f"the process making it ended unexpectedly (exit status {code})"


def _child(connection: Connection, job: _Job, source: SubmissionSource, target: Path, seconds: float) -> None:
    """In the fork: limits, then the PDF; the answer is ('ok', unanswered ids) or ('error', why)."""
    from autograder.pdf.make import submission_pdf

    _limit_resources(seconds)
    try:
        title, subtitle = job.title_of(source)
        made = submission_pdf(job.questions, source.path, target, title=title, subtitle=subtitle,
                              expected_name=job.expected_name, assignment_cells=job.assignment_cells)
        reply: tuple[str, Any] = ("ok", made.unanswered)
    except IngestError as error:
        reply = ("error", f"the notebook could not be read: {error.message}")
    except MemoryError:
        reply = ("error", "making it needed more memory than a PDF may use")
    except RecursionError:
        reply = ("error", "the notebook's content is nested too deeply to lay out")
    except Exception as error:  # noqa: BLE001 - whatever the renderer raises on this notebook, the batch goes on
        reply = ("error", f"the renderer failed ({type(error).__name__}: {str(error)[:300]})")
    try:
        connection.send(reply)
    finally:
        connection.close()
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers twice


def _limit_resources(seconds: float) -> None:
    try:
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        mapped = 0
    for limit, value in ((resource.RLIMIT_AS, mapped + PDF_MEMORY_BYTES), (resource.RLIMIT_CPU, int(seconds) + 5)):
        try:
            soft, hard = resource.getrlimit(limit)
            wanted = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(limit, (wanted, hard))
        except (ValueError, OSError):
            pass


def _write_problem(target: Path, source: SubmissionSource, problem: str) -> None:
    write_notice(target, f"{source.label}: no PDF of the written answers", [
        f"The PDF of this submission's written answers could not be made: {problem}.",
        "",
        "The course staff have been warned. The notebook's code is graded as usual; the written answers",
        "can be read in the submitted notebook itself.",
        "",
        f"Submitted file: {Path(source.origin).name}",
    ])
