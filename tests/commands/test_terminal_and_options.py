"""What the TA's terminal shows is text, never commands; a file named like an option is still a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.cli import _parser, main
from autograder.commands.grade import table_row
from autograder.grading.batch import Summary

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07"


@pytest.fixture
def course(tiny_course, monkeypatch) -> Path:
    monkeypatch.setenv("AUTOGRADER_HOME", str(tiny_course))
    return tiny_course


def test_double_dash_makes_an_option_like_name_a_path():
    args = _parser().parse_args(["grade", "tiny", "-o", "out", "--", "-o.ipynb", "-j2.ipynb"])
    assert args.paths == [Path("-o.ipynb"), Path("-j2.ipynb")] and args.out == Path("out")


def test_a_file_named_like_an_option_without_double_dash_is_misuse_with_advice(course, tmp_path, monkeypatch,
                                                                               capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.ipynb").write_text("{}")
    assert main(["grade", "tiny", "a.ipynb", "-o.ipynb"]) == 2  # what `grade tiny *.ipynb` expands to
    err = capsys.readouterr().err
    assert "named like a submission file" in err and "--" in err
    assert not (tmp_path / ".ipynb").exists(), "nothing was written to the misread folder"


def test_whatever_a_command_prints_reaches_the_terminal_escaped(course, monkeypatch, capsys):
    import autograder.commands.check as check

    monkeypatch.setattr(check, "run", lambda args: print(f"AssertionError: {ESCAPES}\tdone") or 1)
    assert main(["check", "tiny", "x.ipynb"]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]52;c;ZXZpbA==\\x07" in out and "\tdone\n" in out, "tabs and newlines stay"


def test_misuse_messages_are_escaped(course, tmp_path, capsys):
    assert main(["grade", "tiny", str(tmp_path / f"{ESCAPES}.ipynb")]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "\x1b" not in err and "\\x1b[2J" in err


def test_the_table_shows_a_hostile_name_on_one_line_without_escape_sequences():
    summary = Summary(key="k", label=f"{ESCAPES}\n\nalice\r.ipynb", source="x", results_path="k.json", score=1,
                      max_score=2, seconds=0.1, failed=1, grader_errors=0)
    row = table_row(summary)
    assert "\n" not in row and "\r" not in row and "\x1b" not in row and row.startswith("\\x1b]0;pwned")
