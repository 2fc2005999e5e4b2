"""A check's result for people: compact text for a terminal, HTML in Jupyter, same content in both.

A question whose checks all pass, or whose stubs are all still in place, takes one line; only the
tests that need the student's attention are spelled out, with the grader's own message.
"""

from __future__ import annotations

import html
import sys
import textwrap

from autograder.student.report import FAILED, GRADER_ERROR, NOT_IMPLEMENTED, PASSED, CheckedTest, CheckReport

SUMMARY_MIMETYPE = "application/vnd.autograder.check+json"
HIDDEN_NOTE = "The grader also runs hidden tests, so passing these checks does not guarantee full marks."
NOT_IMPLEMENTED_TEXT = "not implemented yet"
_MARKS = {PASSED: "PASS", FAILED: "FAIL", NOT_IMPLEMENTED: "TODO", GRADER_ERROR: "ERROR"}
_COLOURS = {PASSED: "#1a7f37", FAILED: "#cf222e", NOT_IMPLEMENTED: "#9a6700", GRADER_ERROR: "#8250df"}


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _title(report: CheckReport) -> str:
    scope = f"question {report.question}" if report.question else "all questions"
    return f"Public checks of {report.assignment} ({scope})"


def _verdict(report: CheckReport) -> str:
    if report.broken:
        return "The checks could not run."
    total, passed = len(report.tests), report.count(PASSED)
    if report.passed:
        return f"{'The check' if total == 1 else f'All {total} checks'} passed. {HIDDEN_NOTE}"
    parts = [f"{passed} of {_plural(total, 'check')} passed"]
    if report.count(NOT_IMPLEMENTED):
        parts.append(f"{report.count(NOT_IMPLEMENTED)} {NOT_IMPLEMENTED_TEXT}")
    if report.count(GRADER_ERROR):
        parts.append(f"{report.count(GRADER_ERROR)} hit a problem in the grader (not your fault)")
    return ", ".join(parts) + "."


def _question_line(question: str, tests: list[CheckedTest]) -> tuple[str, str, list[CheckedTest]]:
    """(status of the line, its text, the tests to list under it)."""
    total = len(tests)
    passed = sum(t.status == PASSED for t in tests)
    if passed == total:
        return PASSED, f"{question}: {'the check' if total == 1 else f'all {total} checks'} passed", []
    if all(t.status == NOT_IMPLEMENTED for t in tests):
        return NOT_IMPLEMENTED, f"{question}: {NOT_IMPLEMENTED_TEXT} ({_plural(total, 'check')})", []
    status = FAILED if any(t.status == FAILED for t in tests) else (
        GRADER_ERROR if any(t.status == GRADER_ERROR for t in tests) else NOT_IMPLEMENTED)
    return status, f"{question}: {passed} of {_plural(total, 'check')} passed", [t for t in tests if t.status != PASSED]


def _test_detail(test: CheckedTest) -> str:
    if test.status == NOT_IMPLEMENTED:
        return NOT_IMPLEMENTED_TEXT
    return test.message.strip()


# ---------------------------------------------------------------------------------------- text


def render_text(report: CheckReport) -> str:
    lines = [_title(report)]
    for note in report.notes:
        lines.append(textwrap.indent(note.strip(), "  ! ", lambda line: True))
    for question, tests in report.questions().items():
        status, text, listed = _question_line(question, tests)
        lines.append(f"  {_MARKS[status]:<5} {text}")
        for test in listed:
            detail = _test_detail(test)
            if test.status == NOT_IMPLEMENTED:
                lines.append(f"        {_MARKS[test.status]:<5} {test.name}: {detail}")
                continue
            lines.append(f"        {_MARKS[test.status]:<5} {test.name}")
            if detail:
                lines.append(textwrap.indent(detail, " " * 14))
    lines.append(_verdict(report))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------- HTML


def _badge(status: str) -> str:
    return (f'<span style="display:inline-block;min-width:3.6em;text-align:center;font-weight:bold;'
            f'color:#fff;background:{_COLOURS[status]};border-radius:3px;padding:0 4px;margin-right:6px">'
            f"{_MARKS[status]}</span>")


def render_html(report: CheckReport) -> str:
    e = html.escape
    parts = ['<div class="autograder-check" style="font-family:sans-serif;line-height:1.5">',
             f"<div><b>{e(_title(report))}</b></div>"]
    for note in report.notes:
        parts.append(f'<pre style="white-space:pre-wrap;margin:4px 0;padding:4px;border-left:3px solid '
                     f'{_COLOURS[FAILED]}">{e(note.strip())}</pre>')
    for question, tests in report.questions().items():
        status, text, listed = _question_line(question, tests)
        parts.append(f"<div>{_badge(status)}{e(text)}</div>")
        for test in listed:
            detail = _test_detail(test)
            if test.status == NOT_IMPLEMENTED or not detail:
                suffix = f": {e(detail)}" if detail else ""
                parts.append(f'<div style="margin-left:2.5em">{_badge(test.status)}{e(test.name)}{suffix}</div>')
                continue
            parts.append(f'<details open style="margin-left:2.5em"><summary>{_badge(test.status)}{e(test.name)}'
                         f'</summary><pre style="white-space:pre-wrap;margin:2px 0 6px 2em">{e(detail)}</pre></details>')
    parts.append(f"<div>{e(_verdict(report))}</div></div>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------- show


def in_jupyter_kernel() -> bool:
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def show(report: CheckReport) -> None:
    """HTML (with the text as its plain fallback) in a Jupyter kernel; text anywhere else."""
    text = render_text(report)
    if in_jupyter_kernel():
        from IPython.display import display

        display({"text/plain": text, "text/html": render_html(report),
                 SUMMARY_MIMETYPE: report.summary()}, raw=True)
        return
    print(text)
