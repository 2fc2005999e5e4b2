"""Read a notebook file (any nbformat version) down to the sources of its code cells.

Stored outputs can be hundreds of megabytes (images, long training logs) and are never graded,
so they are dropped while the JSON is parsed: each cell's outputs are freed as soon as the cell
object is built, and nbformat only ever sees the lean notebook it then upgrades and validates.

Bytes are not the only cost: a 300 KB zip can hold a million empty cells or a hundred million
empty lists, each cheap in bytes and dear in objects. So the JSON's structure is counted before it
is parsed, cells are counted while it is parsed, and the code is measured before anything else
looks at it (see :mod:`autograder.ingest.limits`).
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from typing import Any

import nbformat
import nbformat.reader
from nbformat.validator import ValidationError, normalize

from autograder.ingest.given import given_cell_id
from autograder.ingest.limits import MAX_CELLS, MAX_JSON_CONTAINERS, MAX_JSON_SEPARATORS, check_code_volume
from autograder.ingest.model import IngestError
from autograder.ingest.sniff import describe_text
from autograder.ingest.text import decode_text

_IGNORED_CELL_PAYLOADS = ("attachments",)
_COUNT_CHUNK = 1 << 20


@dataclass(frozen=True)
class NotebookCode:
    """The code cells of a notebook, in order, with notes for the student about how it was read.

    ``given_ids`` has one entry per source: the cell's ``metadata.autograder.given`` id when the
    assignment marked it as given code (the grader then runs the assignment's version), else None.
    """

    sources: tuple[str, ...]
    warnings: tuple[str, ...]
    given_ids: tuple[str | None, ...] = ()


def read_notebook(data: bytes, name: str) -> NotebookCode:
    """Parse notebook bytes; raise :class:`IngestError` when they are not a readable notebook."""
    text = decode_text(data, name, kind="notebook")
    raw = _parse_json_without_outputs(text, name)
    del text
    notebook = _upgrade_to_v4(raw, name)
    notes = []
    problem = _schema_problem(notebook)
    if problem is not None:
        notes.append(
            f"{name} does not fully follow the notebook format ({problem}); its code cells were read anyway."
        )
    sources, given_ids = _code_sources(notebook, name)
    check_code_volume(name, sources)
    return NotebookCode(sources=sources, warnings=tuple(notes), given_ids=given_ids)


class _TooManyCells(Exception):
    pass


class _StripStoredPayloads:
    """json ``object_hook``: empty a cell's outputs the moment the cell object is complete, and count cells."""

    def __init__(self) -> None:
        self.cells = 0

    def __call__(self, obj: dict[str, Any]) -> dict[str, Any]:
        cell_type = obj.get("cell_type")
        if cell_type is None:
            return obj
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise _TooManyCells
        if cell_type == "code" and "outputs" in obj:
            obj["outputs"] = []
        elif cell_type in ("markdown", "raw"):
            for key in _IGNORED_CELL_PAYLOADS:
                obj.pop(key, None)
        return obj


def _check_json_structure(text: str, name: str) -> None:
    """Refuse JSON whose objects, arrays or values are too many to build, before building any of them.

    Counting brackets and separators is cheap but also counts those inside strings (printed
    tensors in a log); only when that rough count is over a limit is it made exact.
    """
    containers, separators = _structure_counts(text)
    if containers > MAX_JSON_CONTAINERS or separators > MAX_JSON_SEPARATORS:
        containers, separators = _structure_counts_outside_strings(text)
    if containers > MAX_JSON_CONTAINERS:
        problem = f"more than {MAX_JSON_CONTAINERS:,} JSON objects and lists"
    elif separators > MAX_JSON_SEPARATORS:
        problem = f"more than {MAX_JSON_SEPARATORS:,} JSON values"
    else:
        return
    raise IngestError(
        f"{name} holds {problem}, far more than a notebook's cells need, so it was not graded. "
        "Clear the notebook's outputs (Edit > Clear All Outputs), save and resubmit."
    )


def _structure_counts(text: str) -> tuple[int, int]:
    return text.count("{") + text.count("["), text.count(",") + text.count(":")


def _structure_counts_outside_strings(text: str) -> tuple[int, int]:
    """:func:`_structure_counts` of the text between JSON strings, in bounded memory and at C speed.

    Once escaped backslashes and escaped quotes are removed (left to right, pairing backslashes
    as JSON does), every quote opens or closes a string; the text is then split on quotes a chunk
    at a time, keeping the parity of quotes seen so far.
    """
    if "\\" in text:
        text = text.replace("\\\\", "").replace('\\"', "")
    containers = separators = 0
    inside = False
    for start in range(0, len(text), _COUNT_CHUNK):
        pieces = text[start:start + _COUNT_CHUNK].split('"')
        outside = "".join(pieces[1 if inside else 0::2])
        counts = _structure_counts(outside)
        containers, separators = containers + counts[0], separators + counts[1]
        inside ^= len(pieces) % 2 == 0
    return containers, separators


def _parse_json_without_outputs(text: str, name: str) -> dict[str, Any]:
    _check_json_structure(text, name)
    try:
        raw = json.loads(text, object_hook=_StripStoredPayloads())
    except json.JSONDecodeError as error:
        raise IngestError(_json_error_message(text, error, name)) from None
    except RecursionError:
        raise IngestError(f"{name} is nested too deeply to be a notebook.") from None
    except _TooManyCells:
        check_code_volume(name, cells=MAX_CELLS + 1)
    if not isinstance(raw, dict):
        raise IngestError(
            f"{name} is JSON but not a notebook (it holds a {type(raw).__name__}, not a notebook object)."
        )
    return raw


def _json_error_message(text: str, error: json.JSONDecodeError, name: str) -> str:
    looks_like = describe_text(text)
    if looks_like is not None:
        return f"{name} is not a valid notebook: it looks like {looks_like}."
    where = f"line {error.lineno}, column {error.colno}"
    if error.pos >= len(text.rstrip()):
        return (
            f"{name} is not valid notebook JSON: the file ends unexpectedly at {where}, "
            "so it was probably cut off while saving or uploading. Save it again and resubmit."
        )
    return (
        f"{name} is not valid notebook JSON: {error.msg} at {where}. "
        "It may have been edited as text; open it in Jupyter, save it again and resubmit."
    )


def _upgrade_to_v4(raw: dict[str, Any], name: str) -> nbformat.NotebookNode:
    if "nbformat" not in raw:
        raise IngestError(f"{name} is JSON but not a Jupyter notebook (it has no nbformat version).")
    major, minor = nbformat.reader.get_version(raw)
    if major not in nbformat.versions or not isinstance(minor, int):
        raise IngestError(
            f"{name} has an unknown notebook format version ({major!r}.{minor!r}); "
            "save it with a current Jupyter and resubmit."
        )
    if major == 4:
        cells = raw.get("cells")
        if not isinstance(cells, list) or not all(isinstance(cell, dict) for cell in cells):
            raise IngestError(f"{name} is not a readable notebook: it has no proper list of cells.")
        _repair_v4_cells(cells, minor)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook = nbformat.versions[major].to_notebook_json(raw, minor=minor)
            return notebook if major == 4 else nbformat.convert(notebook, 4)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError, nbformat.ValidationError) as error:
        if isinstance(error, KeyError):
            reason = f"the field {error} is missing"
        else:
            reason = f"its structure is broken: {_first_line(error)}"
        raise IngestError(
            f"{name} could not be read as a notebook ({reason}). "
            "Open it in Jupyter, save it again and resubmit."
        ) from None


def _repair_v4_cells(cells: list[dict[str, Any]], minor: int) -> None:
    """Mend what hand-edited and third-party notebooks get wrong but the grader does not need.

    VS Code writes cell ids into notebooks of formats older than 4.5, which have no ids; tools
    also leave out a cell's (empty) metadata or outputs. None of it matters for grading.
    """
    for cell in cells:
        if minor < 5:
            cell.pop("id", None)
        cell.setdefault("metadata", {})
        if cell.get("cell_type") == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)


def _schema_problem(notebook: nbformat.NotebookNode) -> str | None:
    """The first schema violation, if any, after the repairs nbformat itself would make."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nbformat.validate(notebook)
            return None
        except ValidationError as error:
            first_problem = _first_line(error)
        try:
            _, repaired = normalize(notebook, strip_invalid_metadata=True)
            nbformat.validate(repaired)
            return None
        except (ValidationError, AttributeError, KeyError, TypeError, ValueError):
            return first_problem


def _code_sources(notebook: nbformat.NotebookNode, name: str) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        raise IngestError(f"{name} is not a readable notebook: it has no list of cells.")
    sources, given_ids = [], []
    for position, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise IngestError(
                f"{name} is not a readable notebook: the code of its cell number {position} "
                "(counting all cells) is not text."
            )
        sources.append(source)
        given_ids.append(given_cell_id(cell))
    return tuple(sources), tuple(given_ids)



def _first_line(error: BaseException) -> str:
    text = str(error).strip().split("\n", 1)[0]
    return text if len(text) <= 160 else text[:157] + "..."
