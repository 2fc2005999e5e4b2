"""Student text is shown, never run: in a terminal, a spreadsheet and a Markdown page."""

from __future__ import annotations

import io

import pytest

from autograder.report.safe_text import (TerminalStream, csv_cell, markdown_code_block, markdown_code_span,
                                         markdown_text, one_line, terminal_text)

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07\u202eevil\r\x9b31m\udcff"


def test_escape_sequences_and_controls_are_shown_as_escapes():
    shown = terminal_text(HOSTILE)
    assert all(ch.isprintable() for ch in shown)
    assert shown.startswith("\\x1b]0;pwned\\x07") and "\\u202e" in shown and "\\udcff" in shown
    assert shown.encode("utf-8"), "lone surrogates (undecodable file names) no longer break printing"


def test_multiline_keeps_newlines_and_tabs_only():
    assert terminal_text("a\n\tb\r\n", multiline=True) == "a\n\tb\\x0d\n"
    assert one_line("a\r\n\nb\u2028c") == "a b c"


def test_the_terminal_stream_escapes_everything_printed_through_it():
    buffer = io.StringIO()
    print("name:", HOSTILE, file=TerminalStream(buffer))
    assert "\x1b" not in buffer.getvalue() and buffer.getvalue().endswith("\n")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_would_be_formulas_are_quoted(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["alice", "a=1", "", "1.5"])
def test_csv_cells_otherwise_unchanged(text):
    assert csv_cell(text) == text


@pytest.mark.parametrize("text", ["`", "``x``", "a\n\n<b>x</b>", " ", "x`"])
def test_a_code_span_is_one_line_and_closes_once(text):
    span = markdown_code_span(text)
    fence = span[:len(span) - len(span.lstrip("`"))]
    inner = span[len(fence):-len(fence)]
    assert "\n" not in span and span.endswith(fence) and fence not in inner


def test_markdown_text_escapes_html_and_markup():
    assert markdown_text("<b>*x*</b> & [l](u)") == "\\<b\\>\\*x\\*\\</b\\> \\& \\[l\\]\\(u\\)"


def test_a_code_block_fence_outruns_any_backticks_inside():
    block = markdown_code_block("````\n```", indent="  ")
    assert block.startswith("  `````text\n") and block.endswith("\n  `````")
