"""Make IPython-only syntax inert, so a notebook cell compiles as plain Python.

The worker runs cells with plain ``exec``, without IPython, and never lets a submission run shell
commands. Magics, shell escapes and help queries are therefore rewritten to harmless Python *on
the same line and at the same indentation*: blocks stay valid and tracebacks keep the line numbers
the student sees in Jupyter. ``%`` and ``!`` only mean IPython syntax at the start of a logical
line, never inside strings, brackets or continuation lines; the tokenizer tells those apart. A
cell that does not tokenize (it has a syntax error the worker will report) gets a line-based pass
that still skips triple-quoted strings and leaves every non-magic line as it was.
"""

from __future__ import annotations

import re
import tokenize
from dataclasses import dataclass
from typing import Callable

from autograder.ingest.text import normalise_newlines

_CELL_MAGICS_THAT_RUN_THE_BODY = frozenset({"time", "capture"})
"""Cell magics whose body is ordinary Python: the body runs, the magic line becomes blank."""

_CELL_MAGICS_THAT_RUN_THE_BODY_REPEATEDLY = frozenset({"timeit", "prun"})
"""Profiling cell magics: running their body once more would only cost time, so the cell is skipped."""

_QUIET_LINE_MAGICS = frozenset(
    {
        "matplotlib", "config", "load_ext", "reload_ext", "unload_ext", "autoreload", "aimport",
        "precision", "pprint", "xmode", "colors", "time", "timeit", "who", "whos", "who_ls",
        "lsmagic", "magic", "pinfo", "pinfo2", "pdoc", "pdef", "psource", "pfile", "history",
        "pwd", "tensorflow_version", "autosave", "notebook", "clear",
    }
)
"""Line magics that only affect display, timing or reloading: dropped without a warning."""

_NAMES = r"[^\W\d]\w*(?:\.[^\W\d]\w*)*"
_TARGETS = rf"(?P<lhs>{_NAMES}(?:\s*,\s*{_NAMES})*)"
_SHELL_ASSIGNMENT = re.compile(_TARGETS + r"\s*=\s*(?P<command>!.*)$", re.DOTALL)
_MAGIC_ASSIGNMENT = re.compile(_TARGETS + r"\s*=\s*(?P<magic>%(?P<name>\w+)(?P<rest>.*))$", re.DOTALL)
_LINE_MAGIC = re.compile(r"%%?(?P<name>\w*)(?P<rest>.*)$", re.DOTALL)
_HELP_QUERY = re.compile(r"(?:\?{1,2}[\w.*]+|%{0,2}[\w.*]+\?{1,2})\s*$")
_CELL_MAGIC = re.compile(r"%%(?P<name>\S*)(?P<args>.*)$", re.DOTALL)

_SHOWN_COMMAND_LENGTH = 80


@dataclass(frozen=True)
class NeutralisedCell:
    """A cell's code with IPython syntax made inert; ``source`` is None when the whole cell is skipped."""

    source: str | None
    warnings: tuple[str, ...]


def neutralise_magics(source: str, number: int) -> NeutralisedCell:
    """Rewrite magics and shell escapes of code cell ``number``; warn about anything not run."""
    source = normalise_newlines(source)
    if "%" not in source and "!" not in source and "?" not in source:
        return NeutralisedCell(source, ())
    lines = _split_lines(source)
    notes: list[str] = []
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        replacement = _cell_magic_line(lines[first].strip(), number, notes)
        if replacement is None:
            return NeutralisedCell(None, tuple(notes))
        lines[first] = replacement + ("\n" if lines[first].endswith("\n") else "")
    rewrite = _StatementRewriter(number)
    try:
        rewritten = _rewrite_with_tokenizer(lines, rewrite)
    except (tokenize.TokenError, SyntaxError):
        rewrite = _StatementRewriter(number)
        rewritten = _rewrite_line_by_line(lines, rewrite)
    return NeutralisedCell("".join(rewritten), tuple(notes + rewrite.warnings))


def _split_lines(source: str) -> list[str]:
    """Split on ``\\n`` only (``str.splitlines`` also splits on form feeds and Unicode separators)."""
    lines = [line + "\n" for line in source.split("\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    return lines


def _cell_magic_line(magic: str, number: int, notes: list[str]) -> str | None:
    """What replaces a ``%%magic`` first line, or None when the whole cell must be skipped."""
    match = _CELL_MAGIC.match(magic)
    name, args = match["name"], match["args"].strip()
    if name in _CELL_MAGICS_THAT_RUN_THE_BODY:
        if name == "capture":
            targets = [arg for arg in args.split() if not arg.startswith("-")]
            if targets and targets[-1].isidentifier():
                return f"{targets[-1]} = None"
        return ""
    if name in _CELL_MAGICS_THAT_RUN_THE_BODY_REPEATEDLY:
        notes.append(f"cell {number}: the cell starts with `%%{name}`, which only measures code, so it was not run")
    elif name == "writefile":
        written = args.split()[-1] if args.split() else "the file"
        notes.append(f"cell {number}: `{_shorten(magic)}` was not run, so {written} was not written")
    else:
        notes.append(f"cell {number}: the cell starts with `%%{name}`, so it is not Python and was not run")
    return None


@dataclass(frozen=True)
class _Rewrite:
    text: str
    swallows_continuation_lines: bool


class _StatementRewriter:
    """Rewrites one logical line's first physical line if it is IPython syntax; collects warnings."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.warnings: list[str] = []

    def __call__(self, line: str) -> _Rewrite | None:
        content = line.rstrip("\n")
        body = content.lstrip(" \t\f")
        if not body or (body[0] not in "%!?" and "=" not in body and not body.rstrip().endswith("?")):
            return None
        indent = content[: len(content) - len(body)]
        replacement = self._replacement(body.rstrip())
        if replacement is None:
            return None
        text, keeps_student_statement = replacement
        continues = body.rstrip().endswith("\\")
        return _Rewrite(indent + text, continues and not keeps_student_statement)

    def _replacement(self, body: str) -> tuple[str, bool] | None:
        """The Python that stands in for ``body``, and whether it is the student's own statement."""
        if match := _SHELL_ASSIGNMENT.match(body):
            lhs = match["lhs"]
            self._warn(f"shell command `{_shorten(body)}` was not run; {_targets_phrase(lhs)} []")
            return f"{lhs} = " + ", ".join(["[]"] * len(_split_targets(lhs))), False
        if match := _MAGIC_ASSIGNMENT.match(body):
            lhs, kept = match["lhs"], match["rest"].strip()
            if match["name"] == "time" and kept:
                return f"{lhs} = {kept}", True
            self._warn_about_magic(match["name"], match["magic"])
            return f"{lhs} = " + ", ".join(["None"] * len(_split_targets(lhs))), False
        if body.startswith("!"):
            self._warn(f"shell command `{_shorten(body)}` was not run")
            return "pass", False
        if match := _LINE_MAGIC.match(body):
            kept = match["rest"].strip()
            if match["name"] == "time" and not body.startswith("%%") and kept:
                return kept, True
            self._warn_about_magic(match["name"], body)
            return "pass", False
        if _HELP_QUERY.match(body):
            return "pass", False
        return None

    def _warn_about_magic(self, name: str, shown: str) -> None:
        if name not in _QUIET_LINE_MAGICS:
            self._warn(f"magic `{_shorten(shown)}` was not run")

    def _warn(self, message: str) -> None:
        self.warnings.append(f"cell {self.number}: {message}")


def _targets_phrase(lhs: str) -> str:
    names = _split_targets(lhs)
    if len(names) == 1:
        return f"`{names[0]}` was set to"
    return ", ".join(f"`{name}`" for name in names) + " were each set to"


def _split_targets(lhs: str) -> list[str]:
    return [name.strip() for name in lhs.split(",")]


def _shorten(text: str) -> str:
    text = text.rstrip(" \\")
    if len(text) <= _SHOWN_COMMAND_LENGTH:
        return text
    return text[: _SHOWN_COMMAND_LENGTH - 3] + "..."


def _with_newline_of(original: str, text: str) -> str:
    return text + "\n" if original.endswith("\n") else text


def _rewrite_with_tokenizer(lines: list[str], rewrite: Callable[[str], _Rewrite | None]) -> list[str]:
    """Rewrite lines that start a logical line, as the tokenizer sees the already-rewritten text.

    The tokenizer pulls one line at a time through ``readline``; by then it has produced every token
    of the previous lines, so the tokens seen so far say whether the next line starts a statement
    or continues a string, a bracket or a backslash-continued line. The line is rewritten before
    the tokenizer sees it, so it never has to make sense of ``!`` or ``%``.
    """
    feed = _TokenizerFeed(lines, rewrite)
    for token in tokenize.generate_tokens(feed.readline):
        feed.saw(token)
    if len(feed.out) != len(lines):  # the tokenizer stopped early; never guess about the rest
        raise tokenize.TokenError("the tokenizer did not read the whole cell", (len(feed.out), 0))
    return feed.out


class _TokenizerFeed:
    """Hands lines to the tokenizer, rewriting those that its tokens so far say start a statement."""

    def __init__(self, lines: list[str], rewrite: Callable[[str], _Rewrite | None]) -> None:
        self.lines = lines
        self.rewrite = rewrite
        self.out: list[str] = []
        self.tokens_since_read = 0
        self.last_type = tokenize.NEWLINE
        self.bracket_depth = 0
        self.swallowing = False

    def readline(self) -> str:
        if len(self.out) == len(self.lines):
            return ""
        line = self.lines[len(self.out)]
        line, self.swallowing = _rewrite_one(line, self._at_statement_start(), self.swallowing, self.rewrite)
        self.tokens_since_read = 0
        self.out.append(line)
        return line

    def saw(self, token: tokenize.TokenInfo) -> None:
        self.tokens_since_read += 1
        self.last_type = token.type
        if token.type == tokenize.OP:
            if token.string in ("(", "[", "{"):
                self.bracket_depth += 1
            elif token.string in (")", "]", "}"):
                self.bracket_depth = max(0, self.bracket_depth - 1)

    def _at_statement_start(self) -> bool:
        if not self.out:
            return True
        if self.tokens_since_read == 0:  # the previous line was swallowed whole by an open string
            return False
        if self.last_type == tokenize.NEWLINE:
            return True
        return self.last_type == tokenize.NL and self.bracket_depth == 0


def _rewrite_one(
    line: str, at_statement_start: bool, swallowing: bool, rewrite: Callable[[str], _Rewrite | None]
) -> tuple[str, bool]:
    """The line to use and whether the next line continues a rewritten magic (and is blanked too)."""
    if swallowing:
        return _with_newline_of(line, ""), line.rstrip("\n").rstrip().endswith("\\")
    if not at_statement_start:
        return line, False
    rewritten = rewrite(line)
    if rewritten is None:
        return line, False
    return _with_newline_of(line, rewritten.text), rewritten.swallows_continuation_lines


def _rewrite_line_by_line(lines: list[str], rewrite: Callable[[str], _Rewrite | None]) -> list[str]:
    """Fallback for cells that do not tokenize: track triple-quoted strings and backslashes only."""
    out: list[str] = []
    open_quote: str | None = None
    continued = swallowing = False
    for line in lines:
        at_statement_start = open_quote is None and not continued and not swallowing
        was_swallowing = swallowing
        line, swallowing = _rewrite_one(line, at_statement_start, swallowing, rewrite)
        out.append(line)
        if not was_swallowing:
            open_quote, continued = _scan_strings(line, open_quote)
    return out


def _scan_strings(line: str, open_quote: str | None) -> tuple[str | None, bool]:
    """The triple quote still open after ``line`` (if any), and whether it ends with a backslash."""
    position, end = 0, len(line)
    while position < end:
        if open_quote is not None:
            close = _find_closing_quote(line, position, open_quote)
            if close < 0:
                return open_quote, False
            position, open_quote = close + len(open_quote), None
            continue
        char = line[position]
        if char == "#":
            return None, False
        if char in "'\"":
            if line.startswith(char * 3, position):
                open_quote, position = char * 3, position + 3
                continue
            close = _find_closing_quote(line, position + 1, char)
            position = end if close < 0 else close + 1
            continue
        position += 1
    return open_quote, open_quote is None and line.rstrip("\n").endswith("\\")


def _find_closing_quote(line: str, position: int, quote: str) -> int:
    """Index of the first unescaped ``quote`` at or after ``position``, or -1."""
    while position < len(line):
        if line[position] == "\\":
            position += 2
        elif line.startswith(quote, position):
            return position
        else:
            position += 1
    return -1
