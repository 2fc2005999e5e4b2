"""A check's result reads the same in a terminal and in Jupyter, and spells out only what needs work."""

from __future__ import annotations

import pytest

from autograder.student import display
from autograder.student.display import SUMMARY_MIMETYPE, render_html, render_text, show
from autograder.student.report import FAILED, GRADER_ERROR, NOT_IMPLEMENTED, PASSED, CheckedTest, CheckReport

MESSAGE = "nms(boxes, scores, 0.5) has the wrong shape: expected [2], got [1].\nexpected: <tensor([0, 1])>"


def _report(*tests: CheckedTest, question: str | None = None, notes: list[str] | None = None) -> CheckReport:
    return CheckReport(assignment="nms", title="NMS", question=question, tests=list(tests), notes=notes or [])


MIXED = _report(
    CheckedTest("iou of hand made boxes", "box_iou", PASSED),
    CheckedTest("zero area boxes", "box_iou", PASSED),
    CheckedTest("keeps one box per object", "nms", PASSED),
    CheckedTest("a box at the threshold is kept", "nms", FAILED, MESSAGE),
    CheckedTest("no boxes", "nms", NOT_IMPLEMENTED, "nms(...) raised an exception:\nNotImplementedError"),
    CheckedTest("one category", "batched_nms", NOT_IMPLEMENTED, "..."),
    CheckedTest("the loss", "detection_loss", GRADER_ERROR, "The grader hit an internal error (error id 1234abcd)."),
)


def test_text_gives_one_line_per_finished_or_untouched_question_and_details_for_the_rest():
    assert render_text(MIXED) == "\n".join([
        "Public checks of nms (all questions)",
        "  PASS  box_iou: all 2 checks passed",
        "  FAIL  nms: 1 of 3 checks passed",
        "        FAIL  a box at the threshold is kept",
        "              nms(boxes, scores, 0.5) has the wrong shape: expected [2], got [1].",
        "              expected: <tensor([0, 1])>",
        "        TODO  no boxes: not implemented yet",
        "  TODO  batched_nms: not implemented yet (1 check)",
        "  ERROR detection_loss: 0 of 1 check passed",
        "        ERROR the loss",
        "              The grader hit an internal error (error id 1234abcd).",
        "3 of 7 checks passed, 2 not implemented yet, 1 hit a problem in the grader (not your fault).",
    ])


def test_all_passed_reminds_that_hidden_tests_exist():
    report = _report(CheckedTest("keeps one box", "nms", PASSED), question="nms")
    assert render_text(report).splitlines() == [
        "Public checks of nms (question nms)",
        "  PASS  nms: the check passed",
        "The check passed. The grader also runs hidden tests, so passing these checks does not guarantee full marks.",
    ]


def test_notes_come_first_and_a_broken_check_says_it_could_not_run():
    report = _report(notes=["Your submission could not be read: it is not JSON."])
    report.broken = True
    assert render_text(report).splitlines() == ["Public checks of nms (all questions)",
                                                "  ! Your submission could not be read: it is not JSON.",
                                                "The checks could not run."]


def test_html_has_the_same_content_escaped():
    page = render_html(MIXED)
    assert "&lt;tensor([0, 1])&gt;" in page and "<tensor(" not in page
    for text in ("box_iou: all 2 checks passed", "nms: 1 of 3 checks passed", "no boxes: not implemented yet",
                 "batched_nms: not implemented yet (1 check)", "3 of 7 checks passed"):
        assert text in page
    assert page.count("<details open") == 2  # the failure and the grader error, with their messages


def test_the_summary_counts_each_kind():
    assert MIXED.summary() == {"assignment": "nms", "question": None, "total": 7, "passed": 3, "failed": 1,
                               "not_implemented": 2, "grader_errors": 1, "broken": False, "all_passed": False}


def test_show_prints_text_in_a_terminal(capsys):
    show(MIXED)
    assert capsys.readouterr().out == render_text(MIXED) + "\n"


def test_show_sends_html_text_and_counts_to_jupyter(monkeypatch, capsys):
    ipython_display = pytest.importorskip("IPython.display")
    shown = []
    monkeypatch.setattr(display, "in_jupyter_kernel", lambda: True)
    monkeypatch.setattr(ipython_display, "display", lambda bundle, raw: shown.append((bundle, raw)))
    show(MIXED)
    ((bundle, raw),) = shown
    assert raw is True
    assert bundle == {"text/plain": render_text(MIXED), "text/html": render_html(MIXED),
                      SUMMARY_MIMETYPE: MIXED.summary()}
    assert capsys.readouterr().out == ""
