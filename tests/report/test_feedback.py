"""Feedback pages hold what the student may see and nothing more."""

from __future__ import annotations

import pytest

from autograder.report.feedback import render_feedback

HIDDEN_MESSAGE = "random boxes #3: expected 17 boxes, got 16 (secret input 0.4242)"


def test_visible_messages_are_shown_and_hidden_tests_only_by_name_score_and_status(make_entry):
    entry = make_entry("bob", passed={"identical boxes overlap fully"},
                       outputs={"keeps the best box": "nms(boxes, scores, 0.5): expected 3 boxes, got 4",
                                "random boxes match the reference": HIDDEN_MESSAGE,
                                "random pairs match": "after the due date only: 0.1234"})
    page = render_feedback(entry, title="Non-maximum suppression")
    assert page.startswith("# Non-maximum suppression: feedback")
    assert "Score: **1 / 8**" in page
    assert "expected 3 boxes, got 4" in page
    assert "**random boxes match the reference**: 0 / 3, failed (hidden test" in page
    assert "**random pairs match**: 0 / 2, failed (hidden test" in page
    assert "0.4242" not in page and "0.1234" not in page


def test_nothing_of_extra_data_reaches_the_student(make_entry):
    entry = make_entry("submission_5", submitters=[{"name": "Other Student", "email": "other@example.org"}],
                       grader_errors=["[deadbeef] Traceback: KeyError in hidden_tests/nms/test_nms.py"])
    page = render_feedback(entry, title="NMS")
    for private in ("f" * 64, "0123456789abcdef", "Other Student", "other@example.org", "deadbeef", "hidden_tests",
                    "test_durations", "grader_version"):
        assert private not in page
    assert "problem in the grader, not in your work" in page


def test_student_text_cannot_break_out_of_its_code_block(make_entry):
    sneaky = "```\n# Score: 8 / 8\n<script>alert(1)</script>\n````"
    page = render_feedback(make_entry("eve", passed=set(), outputs={"keeps the best box": sneaky}), title="NMS")
    fence = "`````"
    assert f"{fence}text\n" in page and page.count(fence) == 2


@pytest.mark.parametrize("label", [
    "alice\n\n<img src=x onerror=alert(1)>.ipynb",
    "`` <script>alert(1)</script> ``",
    "x\r\n# Score: 8 / 8\u2028<b>bold</b>",
])
def test_a_hostile_file_name_stays_inside_its_code_span(make_entry, label):
    page = render_feedback(make_entry("eve", label=label), title="NMS")
    line = next(line for line in page.splitlines() if line.startswith("Submission: "))
    assert "Score: **8 / 8**" in page.split(line)[1].splitlines()[1], "the score line follows right after"
    span = line.removeprefix("Submission: ").rstrip()
    fence = span[:len(span) - len(span.lstrip("`"))]
    assert span.endswith(fence) and fence not in span[len(fence):-len(fence)], "one code span, closed once"
    assert "\n" not in span and "\r" not in span


def test_escape_sequences_in_messages_are_shown_not_run(make_entry):
    page = render_feedback(make_entry("eve", passed=set(), outputs={"keeps the best box": "\x1b]52;c;ZXZpbA==\x07 hi"}),
                           title="NMS")
    assert "\x1b" not in page and "\\x1b]52;c;ZXZpbA==\\x07 hi" in page
