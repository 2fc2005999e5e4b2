"""A feedback page per student, in Markdown, holding only what the student may see.

From a results file it takes the overall message and, for each test, the name, score and status;
the test's own message only for visible tests. Hidden tests (``hidden``, ``after_due_date``,
``after_published``) show name, score and status and nothing else, and nothing of ``extra_data``
(grader errors, tracebacks, timings, hashes, other students' names) is ever written here.
"""

from __future__ import annotations

from typing import Any

from autograder.report.gradebook import GradedEntry, number
from autograder.report.safe_text import markdown_code_block, markdown_code_span, markdown_text

HIDDEN_NOTE = "hidden test: its inputs and messages are not shown"


def render_feedback(entry: GradedEntry, *, title: str) -> str:
    results = entry.results
    tests = results.get("tests") or []
    possible = entry.max_score or sum(float(t.get("max_score", 0.0)) for t in tests)
    lines = [f"# {markdown_text(title)}: feedback", "",
             f"Submission: {markdown_code_span(entry.label)}  ", f"Score: **{number(entry.score)} / {number(possible)}**", ""]
    overall = str(results.get("output") or "").strip()
    if overall:
        lines += [markdown_code_block(overall), ""]
    for question, members in _by_question(tests).items():
        earned = sum(float(t.get("score", 0.0)) for t in members)
        worth = sum(float(t.get("max_score", 0.0)) for t in members)
        lines += [f"## {markdown_text(question)} ({number(earned)} / {number(worth)})", ""]
        for test in members:
            lines += _test_lines(test)
        if lines[-1] != "":
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _test_lines(test: dict[str, Any]) -> list[str]:
    passed = test.get("status", "passed" if test.get("score") == test.get("max_score") else "failed") == "passed"
    mark = "passed" if passed else "failed"
    visible = test.get("visibility", "visible") == "visible"
    head = (f"- **{markdown_text(test.get('name', 'test'))}**: {number(test.get('score', 0.0))} / "
            f"{number(test.get('max_score', 0.0))}, {mark}")
    if not visible:
        return [head + f" ({HIDDEN_NOTE})"]
    output = str(test.get("output") or "").strip()
    if not output:
        return [head]
    return [head, "", markdown_code_block(output, indent="  "), ""]


def _by_question(tests: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for test in tests:
        tags = test.get("tags") or ["tests"]
        groups.setdefault(str(tags[0]), []).append(test)
    return groups
