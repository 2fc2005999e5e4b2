"""Show text a student controls (names, metadata, messages) where it cannot act: terminal, CSV, Markdown.

Each place reads some characters as commands: a terminal runs escape sequences (colours, window
titles, clipboard writes, clearing the screen) and ``\\r`` overwrites what was printed; a
spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula; a Markdown
renderer shows raw HTML live. Each function here makes text inert for one place and keeps it
readable: characters are escaped, never silently dropped. (HTML is escaped by ``html.escape``.)
"""

from __future__ import annotations

import contextlib
import re
import sys
import unicodedata
from typing import Any, Iterator, TextIO

# C0 and C1 controls, DEL, format characters (bidi overrides, zero-width), line and paragraph
# separators, and lone surrogates (the stand-ins for undecodable bytes in file names).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
_LINE_BREAKS = re.compile(r"\r\n?|[\v\f\x1c-\x1e\x85\u2028\u2029]")


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _is_unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


def terminal_text(text: Any, *, multiline: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), so a terminal prints it as is.

    ``multiline`` keeps newlines and tabs (a report of several lines); otherwise they are escaped too,
    so one name stays on one line of a table.
    """
    text = str(text)
    kept = "\n\t" if multiline else ""
    return "".join(_escape(ch) if ch not in kept and _is_unsafe(ch) else ch for ch in text)


def one_line(text: Any) -> str:
    """Text for one table cell or heading: line breaks become spaces, other controls are escaped."""
    return terminal_text(re.sub(r"\s*\n\s*", " ", _LINE_BREAKS.sub("\n", str(text))))


def csv_cell(text: Any) -> str:
    """A spreadsheet-safe cell: text that a spreadsheet would run as a formula gets a leading ``'``.

    The same rule as OWASP's CSV-injection advice and spreadsheet-safe writers: a cell that starts
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed, so it shows as typed.
    """
    text = str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def markdown_text(text: Any) -> str:
    """Plain text inside a Markdown line (heading, list item): one line, Markdown and HTML characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def markdown_code_span(text: Any) -> str:
    """An inline code span no text can leave: one line, fenced by more backticks than any run inside it.

    Inside a code span Markdown shows ``<`` and ``&`` literally, so no HTML can come alive; a span
    cannot hold a blank line, which is how text used to break out of it.
    """
    flat = one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip() else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def markdown_code_block(text: Any, indent: str = "") -> str:
    """A fenced block no student text can close early: the fence is longer than any backtick run inside."""
    text = terminal_text(_LINE_BREAKS.sub("\n", str(text)), multiline=True)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = "\n".join(indent + line for line in text.split("\n"))
    return f"{indent}{fence}text\n{body}\n{indent}{fence}"


class TerminalStream:
    """A text stream that passes everything through :func:`terminal_text` (newlines and tabs kept).

    The CLI puts its standard output behind one of these, so no subcommand can print a student's
    escape sequence raw, whatever path the text took to get there.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal_text(text, multiline=True))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def terminal_safe_stdout() -> Iterator[None]:
    """Within the block, ``sys.stdout`` escapes control characters (see :class:`TerminalStream`)."""
    original = sys.stdout
    sys.stdout = TerminalStream(original)
    try:
        yield
    finally:
        sys.stdout = original
