"""The files a batch leaves beside its results: ``gradebook.csv``, ``feedback/<key>.md`` and ``report.html``.

They are rebuilt from the results files of the batch every run, and written like the results
themselves: to a temporary file first, then renamed, so an interrupted run leaves the old version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.report.feedback import render_feedback
from autograder.report.gradebook import GradedEntry, render_gradebook
from autograder.report.html import render_report
from autograder.report.jsonfile import write_text_atomic

GRADEBOOK = "gradebook.csv"
REPORT = "report.html"
FEEDBACK = "feedback"


@dataclass(frozen=True)
class BatchOutputs:
    gradebook: Path
    report: Path
    feedback: Path


def write_outputs(out_dir: Path, entries: list[GradedEntry], *, title: str,
                  similarity_link: str | None = None, manual: dict[str, float] | None = None) -> BatchOutputs:
    out_dir = Path(out_dir)
    feedback_dir = out_dir / FEEDBACK
    links = {}
    for entry in entries:
        write_text_atomic(feedback_dir / f"{entry.key}.md", render_feedback(entry, title=title))
        links[entry.key] = f"{FEEDBACK}/{entry.key}.md"
    write_text_atomic(out_dir / GRADEBOOK, render_gradebook(entries, manual))  # manual: empty columns for the TA
    write_text_atomic(out_dir / REPORT, render_report(entries, title=title, feedback_links=links,
                                                      similarity_link=similarity_link))
    return BatchOutputs(out_dir / GRADEBOOK, out_dir / REPORT, feedback_dir)
