"""Turn whatever a student uploaded into a :class:`Submission`: numbered code cells, nothing run."""

from __future__ import annotations

import hashlib
from pathlib import Path

from autograder.ingest.archive import read_notebook_from_zip
from autograder.ingest.limits import MAX_SUBMISSION_BYTES, check_code_volume, describe_size
from autograder.ingest.magics import neutralise_magics
from autograder.ingest.model import CodeCell, IngestError, Submission
from autograder.ingest.notebook import read_notebook
from autograder.ingest.script import split_script
from autograder.ingest.text import decode_text

_ACCEPTED = (".ipynb", ".py", ".zip")
_HASH_CHUNK = 1024 * 1024


def load_submission(path: Path, expected_name: str | None = None) -> Submission:
    """Read a ``.ipynb``, ``.py`` or ``.zip`` submission; raise :class:`IngestError` if it cannot be graded.

    ``expected_name`` is the assignment's notebook file name; it picks the notebook inside a zip.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _ACCEPTED:
        raise IngestError(
            f"{path.name} is not a notebook: submit your .ipynb file "
            "(a .py script, or a .zip holding the notebook, also works)."
        )
    _check_readable_size(path)
    if suffix == ".zip":
        digest = file_sha256(path)
        member = read_notebook_from_zip(path, expected_name)
        graded_file, data = f"{path.name}:{member.name}", member.data
        inner_suffix = Path(member.name).suffix.lower()
    else:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        graded_file, inner_suffix = path.name, suffix
    sources, given_ids, notes = _code_sources(data, graded_file, inner_suffix)
    cells, cell_notes = _neutralised_cells(sources, given_ids)
    notes.extend(cell_notes)
    if not sources:
        notes.append(f"{graded_file} has no code cells, so there is nothing to run.")
    return Submission(
        path=path, graded_file=graded_file, sha256=digest, cells=cells, warnings=tuple(notes)
    )


def _check_readable_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise IngestError(f"{path.name} was not found among the submitted files.") from None
    if path.is_dir():
        raise IngestError(f"{path.name} is a folder, not a notebook; submit the .ipynb file itself.")
    if size > MAX_SUBMISSION_BYTES:
        raise IngestError(
            f"{path.name} is {describe_size(size)}, over the {describe_size(MAX_SUBMISSION_BYTES)} limit. "
            "Clear the notebook's outputs (Edit > Clear All Outputs), save and resubmit."
        )


def file_sha256(path: Path) -> str:
    """The key of a submitted file's bytes: re-grading and resuming detect a change by it."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _code_sources(
    data: bytes, graded_file: str, suffix: str
) -> tuple[tuple[str, ...], tuple[str | None, ...], list[str]]:
    if suffix == ".py":
        text = decode_text(data, graded_file, kind="Python script")
        check_code_volume(graded_file, [text])
        sources = split_script(text)
        return sources, (None,) * len(sources), []
    notebook = read_notebook(data, graded_file)
    return notebook.sources, notebook.given_ids, list(notebook.warnings)


def _neutralised_cells(
    sources: tuple[str, ...], given_ids: tuple[str | None, ...]
) -> tuple[tuple[CodeCell, ...], list[str]]:
    """Cells that are not Python at all (``%%bash`` ...) are left out but keep their numbers."""
    cells, notes = [], []
    for number, (source, given) in enumerate(zip(sources, given_ids), start=1):
        neutralised = neutralise_magics(source, number)
        notes.extend(neutralised.warnings)
        if neutralised.source is not None:
            cells.append(CodeCell(number=number, source=neutralised.source, given=given))
    return tuple(cells), notes
