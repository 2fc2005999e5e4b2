"""``autograder grade ASSIGNMENT [-o DIR] [-j JOBS] [--export] [--] PATH...``.

PATH is a submission file, a folder of them (Otter export zips included), or a Gradescope
"Export Submissions" zip or folder (``--export`` says every PATH is one). ``--`` ends the options,
so a submission named ``-o.ipynb`` is a file, not ``-o .ipynb``. Writes ``DIR/<key>.json`` per
submission (the file's stem, or the Gradescope ``submission_NNN`` folder, made a safe file name),
then ``gradebook.csv``, ``feedback/<key>.md`` and ``report.html``. The table goes to stdout, the
progress line and notes on what was not graded to stderr. Exit 0 whatever the students scored;
non-zero only for misuse (2) or an interrupted batch (130; run it again to resume).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder import timeline
from autograder.assignment import load_assignment
from autograder.errors import GraderError
from autograder.grading.batch import Summary, grade_batch
from autograder.grading.outputs import write_outputs
from autograder.grading.progress import Progress
from autograder.grading.sources import SUBMISSION_SUFFIXES
from autograder.process import import_after_fork
from autograder.report.gradebook import GradedEntry
from autograder.report.safe_text import one_line, terminal_text

EXIT_INTERRUPTED = 130
NAME_WIDTH = 40


def run(args: argparse.Namespace) -> int:
    assignment = load_assignment(args.assignment)
    check_out_dir(args.out)
    out_dir = (args.out or Path("results") / assignment.name).resolve()
    jobs = max(1, args.jobs)
    progress: Progress | None = None

    def plan(total: int, to_grade: int) -> None:
        nonlocal progress
        kept = total - to_grade
        extra = f" ({kept} unchanged since the last run are kept)" if kept else ""
        print(f"Grading {to_grade} of {total} submission(s) of {assignment.name} with {jobs} job(s) "
              f"-> {out_dir}{extra}")
        print(f"{'submission':<{NAME_WIDTH}} {'score':>13} {'time':>7}  notes", flush=True)
        progress = Progress(total, to_grade=to_grade)
        progress.draw()
        if to_grade:  # report.html's histogram needs matplotlib: import it while the job processes grade
            import_after_fork("matplotlib.figure", "matplotlib.backends.backend_agg")

    def notice(message: str) -> None:
        if progress:
            progress.clear()
        print(f"note: {terminal_text(message, multiline=True)}", file=sys.stderr, flush=True)

    def done(summary: Summary) -> None:
        progress.clear()
        print(table_row(summary), flush=True)
        progress.advance(failing=summary.score < summary.max_score, grader_error=bool(summary.grader_errors),
                         reused=summary.reused)

    try:
        batch = grade_batch(assignment, args.paths, out_dir, jobs=jobs, on_plan=plan, on_done=done,
                            exports=args.paths if getattr(args, "export", False) else (), on_notice=notice)
    except KeyboardInterrupt:
        if progress:
            progress.close()
        print("Interrupted. Finished results are kept; run the same command again to grade the rest.",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    if progress:
        progress.close()
    entries = [GradedEntry(key, batch.labels[key], results) for key, results in batch.results.items()]
    similarity = None
    if getattr(args, "similarity", False):
        from autograder.similarity import compare_and_write  # noqa: PLC0415 - only with the flag

        similarity = compare_and_write(assignment, args.paths, out_dir,
                                       exports=args.paths if getattr(args, "export", False) else ())[1]
    outputs = write_outputs(out_dir, entries, title=assignment.title,
                            similarity_link=similarity.html.name if similarity else None,
                            manual=manual_columns(assignment, notice))
    pdfs = write_pdfs(assignment, args, out_dir, jobs, notice) if getattr(args, "pdfs", False) else None
    timeline.mark("results written")
    summaries = batch.summaries
    failing = sum(1 for s in summaries if s.score < s.max_score)
    errors = sum(1 for s in summaries if s.grader_errors)
    reused = sum(1 for s in summaries if s.reused)
    print(f"Done: {len(summaries)} submission(s), {len(summaries) - reused} graded now, {reused} kept; "
          f"{failing} below full marks, {errors} with grader errors.")
    print(f"Gradebook: {outputs.gradebook}")
    print(f"Feedback:  {outputs.feedback}/")
    print(f"Report:    {outputs.report}")
    if similarity:
        print(f"Similarity: {similarity.html}")
    if pdfs:
        print(f"PDFs:      {pdfs}")
    return 0


def manual_columns(assignment, notice) -> dict[str, float]:  # noqa: ANN001 - Assignment, the notice callback
    """The manual questions' points, for the gradebook's empty columns; none (and why) if the notebook breaks the rule."""
    from autograder.manual.questions import ManualQuestionError, manual_points

    try:
        return manual_points(assignment.notebook_path)
    except (OSError, ValueError, ManualQuestionError) as error:
        notice(f"the gradebook has no columns for written answers: {error}")
        return {}


def write_pdfs(assignment, args: argparse.Namespace, out_dir: Path, jobs: int, notice) -> str:  # noqa: ANN001
    """``--pdfs``: OUT/pdfs/<key>.pdf per submission; a PDF that cannot be made is a warning, never the end."""
    from autograder.manual.questions import ManualQuestionError
    from autograder.pdf.batch import PDF_FOLDER, write_class_pdfs
    from autograder.pdf.engine import EngineMissing

    def warn(result) -> None:  # noqa: ANN001 - PdfResult
        if result.problem:
            notice(f"warning: no PDF of the written answers of {result.label}: {result.problem} "
                   f"(a one-page PDF says so: {result.path.name})")

    try:
        results = write_class_pdfs(assignment, args.paths, out_dir, jobs=jobs, with_code=getattr(args, "pdf_code", False),
                                   exports=args.paths if getattr(args, "export", False) else (), on_result=warn)
    except (EngineMissing, ManualQuestionError) as error:
        raise GraderError(f"no PDFs were made: {error}") from None
    failed = sum(1 for r in results if r.problem)
    return f"{out_dir / PDF_FOLDER}/ ({len(results)} PDF(s){f', {failed} saying why it could not be made' if failed else ''})"


def check_out_dir(out: Path | None) -> None:
    """Refuse a results folder named like a submission: ``grade nms *.ipynb`` reads ``-o.ipynb`` as ``-o .ipynb``."""
    if out is not None and out.name.lower().endswith(SUBMISSION_SUFFIXES):
        raise GraderError(f"the results folder {out} is named like a submission file. If a submission named "
                          f"-o{out} was read as an option, put -- before the submissions "
                          f"(autograder grade ASSIGNMENT -o DIR -- FILES...) or pass their folder instead.")


def table_row(summary: Summary) -> str:
    notes = []
    if summary.reused:
        notes.append("unchanged, kept")
    if summary.grader_errors:
        notes.append(f"{summary.grader_errors} grader error(s)")
    if summary.failed:
        notes.append(f"{summary.failed} test(s) failed")
    label = one_line(summary.label)  # a student's file name: no escape sequence reaches the TA's terminal
    name = label if len(label) <= NAME_WIDTH else label[:NAME_WIDTH - 3] + "..."
    score = f"{summary.score:g} / {summary.max_score:g}"
    return f"{name:<{NAME_WIDTH}} {score:>13} {summary.seconds:>6.1f}s  {', '.join(notes)}"
