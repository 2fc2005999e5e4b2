"""report.html tells the TA whose given code was replaced by the assignment's, escaped like every student string."""

from __future__ import annotations

from autograder.report.html import render_report


def test_the_report_lists_submissions_whose_given_code_was_restored(make_entry):
    changed = make_entry("alice")
    changed.results["extra_data"]["given_code"] = ["Cell 4 changes the given code 'net' (<b>MyPredictionNet</b>)"]
    kept = make_entry("bob")
    page = render_report([changed, kept], title="nms")
    section = page.split('<section id="given-code">', 1)[1].split("</section>", 1)[0]
    assert "alice" in section and "bob" not in section
    assert "&lt;b&gt;MyPredictionNet&lt;/b&gt;" in section and "<b>" not in section


def test_the_report_says_when_nobody_changed_the_given_code(make_entry):
    page = render_report([make_entry("bob")], title="nms")
    assert "Every submission kept the given code as given." in page
