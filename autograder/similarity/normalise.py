"""Tokens as a copier cannot change them: names they chose, comments, strings and layout are gone.

Each unit becomes a sequence of symbols from Python's own tokenizer: keywords, operators, numbers and
the names of what the code uses (``torch``, ``argsort``) stay as written; every name the class binds
(variables, parameters, its own functions and attributes) becomes ``V``; every string (f-strings
included) becomes ``S``; comments, blank lines and spacing vanish; a logical line ends in ``;`` and a
block opens and closes with ``{`` and ``}``, whatever the indentation width. Each symbol keeps the
character span of its token in the unit's text, so matches can be highlighted in the original code.
"""

from __future__ import annotations

import io
import keyword
import tokenize
from dataclasses import dataclass

from autograder.similarity.units import Bound, Position, RawUnit

PLACEHOLDER = "V"
STRING = "S"
_LAYOUT = {tokenize.NEWLINE: ";", tokenize.INDENT: "{", tokenize.DEDENT: "}"}
_DROPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)  # Python 3.12 splits f-strings into pieces
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)


@dataclass(frozen=True)
class Unit:
    """One unit of student code, normalised; ``spans[i]`` is where ``symbols[i]`` stands in ``text``."""

    name: str
    cell: int
    text: str
    symbols: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


def cell_tokens(source: str) -> list[tokenize.TokenInfo]:
    """The cell's tokens; a cell that stops tokenizing (a syntax error) keeps the tokens before the error."""
    tokens: list[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            tokens.append(token)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return tokens


def normalise_units(source: str, raw_units: list[RawUnit], cell_number: int, bound: Bound,
                    tokens: list[tokenize.TokenInfo] | None = None) -> list[Unit]:
    """The cell's units as symbols; ``bound`` are the names that become ``V`` (see :class:`units.Bound`)."""
    lines = source.splitlines(keepends=True)
    tokens = cell_tokens(source) if tokens is None else tokens
    owner_of_line = {line: index for index, unit in enumerate(raw_units) for line in unit.lines}
    offsets = []  # per unit: {line: offset of that line in the unit's text}
    texts = []
    for unit in raw_units:
        starts, at = {}, 0
        for line in unit.lines:
            starts[line] = at
            at += len(lines[line - 1]) if line <= len(lines) else 0
        offsets.append(starts)
        texts.append("".join(lines[line - 1] for line in unit.lines if line <= len(lines)))
    symbols: list[list[str]] = [[] for _ in raw_units]
    spans: list[list[tuple[int, int]]] = [[] for _ in raw_units]
    fstring_depth = 0
    last: tuple[int, int] | None = None  # (unit, end offset) of the last token kept
    depth = [0] * len(raw_units)  # blocks each unit opened and has not closed
    after_dot = False
    header_line = 0  # the line of the last token: where a block that an indent opens was opened
    for token in tokens:
        if token.type == _FSTRING_START:
            fstring_depth += 1
            if fstring_depth > 1:
                continue
        elif fstring_depth:
            fstring_depth -= token.type == _FSTRING_END
            continue
        symbol = _symbol(token, bound, after_dot)
        if symbol is None:
            continue
        after_dot = token.type == tokenize.OP and token.string == "."
        if token.type == tokenize.DEDENT:
            # A dedent stands on the next statement's line, which may open another unit: it closes the
            # block of the last unit that opened one, and only if that unit opened it (a method does not
            # close its class), so a unit's symbols never depend on what follows it.
            if last is not None and depth[last[0]] > 0:
                depth[last[0]] -= 1
                symbols[last[0]].append(symbol)
                spans[last[0]].append((last[1], last[1]))
            continue
        if token.type == tokenize.INDENT:
            # An indent stands on the block's first line, which may be a method's: the block belongs to the
            # line that opened it (the header before it), so a class's body opens in the class's unit.
            index = owner_of_line.get(header_line)
        else:
            index = owner_of_line.get(token.start[0])
        header_line = token.end[0]
        if index is None or (token.type != tokenize.INDENT and _skipped(token.start, raw_units[index].skipped)):
            continue
        if token.type == tokenize.INDENT:
            depth[index] += 1
            start = end = spans[index][-1][1] if spans[index] else 0  # an indent is no code to highlight
        else:
            starts = offsets[index]
            start = starts[token.start[0]] + token.start[1]
            end = starts[token.end[0]] + token.end[1] if token.end[0] in starts else len(texts[index])
            if token.type == tokenize.NEWLINE:
                end = start  # a line break is no code to highlight either
        symbols[index].append(symbol)
        spans[index].append((start, max(start, end)))
        last = (index, max(start, end))
    return [Unit(unit.name, cell_number, text, tuple(found), tuple(where))
            for unit, text, found, where in zip(raw_units, texts, symbols, spans)]


def _symbol(token: tokenize.TokenInfo, bound: Bound, after_dot: bool) -> str | None:
    kind = token.type
    if kind in _DROPPED:
        return None
    if kind in _LAYOUT:
        return _LAYOUT[kind]
    if kind == tokenize.STRING or kind == _FSTRING_START:
        return STRING
    if kind == tokenize.NAME:
        if keyword.iskeyword(token.string):
            return token.string
        chosen = bound.attributes if after_dot else bound.names
        return PLACEHOLDER if token.string in chosen else token.string
    return token.string or None


def _skipped(position: Position, ranges: list[tuple[Position, Position]]) -> bool:
    return any(start <= position < end for start, end in ranges)
