"""What a TA hands to ``autograder grade``, turned into a list of submissions to grade.

Accepted: submission files (``.ipynb``, ``.py``, ``.zip``, Otter's ``grader.export()`` zips among
them), folders of such files, and Gradescope's "Export Submissions" download, as the zip or unpacked
(a ``submission_metadata.yml`` beside one ``submission_XXXX/`` folder per submission). Nothing here
reads a notebook's cells or runs anything: it only decides which file of each submission is graded,
and remembers who submitted it.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Iterator

import yaml

from autograder.errors import GraderError
from autograder.ingest import file_sha256

SUBMISSION_SUFFIXES = (".ipynb", ".py", ".zip")
GRADESCOPE_METADATA = "submission_metadata.yml"
CLUTTER_FOLDERS = frozenset({"__MACOSX", ".ipynb_checkpoints"})
MAX_EXTRACTED_BYTES = 512 * 1024 * 1024  # the ingest stage refuses anything larger anyway
_NAMES_SHOWN = 8


@dataclass(frozen=True)
class SubmissionSource:
    """One submission to grade.

    ``path`` is the file the grader reads; it is None when no file could be chosen, and then
    ``problem`` tells the student why (they score 0 with that message on every test). ``sha256``
    identifies the graded content, so an unchanged submission is not graded twice.
    """

    key: str                      # the results file is DIR/<key>.json
    origin: str                   # where it came from, as the TA would name it
    path: Path | None
    sha256: str
    metadata: dict[str, Any] = field(default_factory=dict)
    note: str | None = None       # how the file was chosen, when that was not obvious
    problem: str | None = None    # why nothing could be graded

    @property
    def label(self) -> str:
        """The short name shown in the TA's table."""
        return self.key if self.metadata.get("submission_id") else Path(self.origin).name


@dataclass(frozen=True)
class Choice:
    """The outcome of :func:`choose_notebook` over a submission's file names."""

    chosen: str | None
    note: str | None = None
    problem: str | None = None


# ------------------------------------------------------------------------------------ the rule


def is_clutter(relative: str) -> bool:
    """macOS resource forks, Jupyter autosaves and hidden files are never what the student meant to submit."""
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    return any(p in CLUTTER_FOLDERS or p.startswith(".") for p in parts[:-1]) or parts[-1].startswith((".", "~"))


def choose_notebook(names: Iterable[str], expected: str) -> Choice:
    """Pick the file to grade among a submission's files (paths relative to the submission folder).

    The rule, the same for Gradescope uploads and export folders: the file named like the
    assignment's notebook (in any folder), else the only ``.ipynb``. Anything else is left
    ungraded with a message that lists what was found, rather than a guess.
    """
    files = sorted(n for n in names if not is_clutter(n))
    named = [n for n in files if PurePosixPath(n).name == expected]
    if len(named) == 1:
        return Choice(named[0])
    if len(named) > 1:
        return Choice(None, problem=f"your submission holds several files named {expected} ({_listing(named)}); "
                                    "submit only the one you want graded.")
    notebooks = [n for n in files if n.lower().endswith(".ipynb")]
    if len(notebooks) == 1:
        return Choice(notebooks[0], note=f"No file is named {expected}, so the only notebook, {notebooks[0]}, "
                                         "was graded.")
    if not notebooks:
        found = f"it contains {_listing(files)}" if files else "it is empty"
        return Choice(None, problem=f"your submission has no notebook: no file is named {expected} and no "
                                    f".ipynb file was found ({found}). Submit {expected}.")
    return Choice(None, problem=f"your submission has several notebooks ({_listing(notebooks)}) and none is "
                                f"named {expected}, so it is unclear which to grade. Submit only "
                                f"{expected}, or name the one to grade {expected}.")


def _listing(names: list[str]) -> str:
    shown = names[:_NAMES_SHOWN]
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def folder_files(folder: Path) -> list[str]:
    """The files under ``folder``, as POSIX paths relative to it (links are not followed)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


# ----------------------------------------------------------------------------------- hashing


def listing_sha256(entries: Iterable[tuple[str, int]]) -> str:
    """A key for a submission with nothing to grade: what it holds (names and sizes) is all that can change."""
    digest = hashlib.sha256(b"no gradable file\n")
    for name, size in sorted(entries):
        digest.update(f"{name}\0{size}\n".encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------------- discovery


@contextlib.contextmanager
def open_sources(paths: Iterable[Path], expected: str) -> Iterator[list[SubmissionSource]]:
    """The submissions found in ``paths``, in a stable order, with unique keys.

    Files picked out of a Gradescope export zip are unpacked into a private temporary folder
    that exists for the duration of the ``with`` block.
    """
    with contextlib.ExitStack() as stack:
        found: list[SubmissionSource] = []
        for path in map(Path, paths):
            if not path.exists():
                raise GraderError(f"no such file or folder: {path}")
            export = find_export(path)
            if export is not None and path.is_dir():
                found.extend(_export_folder(export, expected))
            elif export is not None:
                scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="autograder-export-")))
                found.extend(_export_zip(path, export, expected, scratch))
            elif path.is_dir():
                found.extend(_file_source(p) for p in sorted(path.iterdir())
                             if p.is_file() and p.suffix.lower() in SUBMISSION_SUFFIXES and not is_clutter(p.name))
            else:
                found.append(_file_source(path))
        yield unique_keys(found)


def find_export(path: Path) -> str | None:
    """Where ``submission_metadata.yml`` is, if ``path`` is a Gradescope export (folder or zip); else None.

    The export may sit at the top or inside one folder (as unzipping ``assignment_NNN_export.zip`` gives).
    """
    if path.is_dir():
        for candidate in [path / GRADESCOPE_METADATA, *sorted(path.glob(f"*/{GRADESCOPE_METADATA}"))]:
            if candidate.is_file():
                return str(candidate.parent)
        return None
    if path.suffix.lower() != ".zip" or not zipfile.is_zipfile(path):
        return None
    with zipfile.ZipFile(path) as archive:
        hits = sorted((n for n in archive.namelist()
                       if PurePosixPath(n).name == GRADESCOPE_METADATA and len(PurePosixPath(n).parts) <= 2),
                      key=len)
    return str(PurePosixPath(hits[0]).parent) if hits else None


def _file_source(path: Path) -> SubmissionSource:
    return SubmissionSource(key=path.stem, origin=str(path), path=path, sha256=file_sha256(path))


def read_export_metadata(text: str) -> dict[str, dict[str, Any]]:
    """``submission_metadata.yml`` as {folder: {"submission_id", "submitters", "created_at", ...}}.

    Gradescope writes Ruby-style keys (``:submitters``, ``:name``); plain keys are accepted too.
    """
    raw = yaml.safe_load(text) or {}
    if not isinstance(raw, dict):
        raise GraderError(f"{GRADESCOPE_METADATA} is not a mapping of submission folders")
    metadata = {}
    for folder, entry in raw.items():
        entry = _plain_keys(entry) if isinstance(entry, dict) else {}
        submitters = []
        for person in entry.get("submitters") or []:
            person = _plain_keys(person) if isinstance(person, dict) else {}
            submitters.append({k: str(person[k]) for k in ("name", "email", "sid") if person.get(k) is not None})
        folder = str(folder)
        info: dict[str, Any] = {"submission_id": folder.removeprefix("submission_"), "submitters": submitters}
        for key in ("created_at", "status"):
            if entry.get(key) is not None:
                info[key] = _json_scalar(entry[key])
        metadata[folder] = info
    return metadata


def _plain_keys(mapping: dict) -> dict:
    return {str(k).lstrip(":"): v for k, v in mapping.items()}


def _json_scalar(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def _export_folder(root_text: str, expected: str) -> list[SubmissionSource]:
    root = Path(root_text)
    metadata = read_export_metadata((root / GRADESCOPE_METADATA).read_text(encoding="utf-8"))
    folders = sorted(set(metadata) | {p.name for p in root.glob("submission_*") if p.is_dir()})
    sources = []
    for name in folders:
        folder = root / name
        files = folder_files(folder) if folder.is_dir() else []
        choice = choose_notebook(files, expected)
        info = metadata.get(name, {"submission_id": name.removeprefix("submission_"), "submitters": []})
        if choice.chosen is None:
            sha = listing_sha256((f, (folder / f).stat().st_size) for f in files)
            sources.append(SubmissionSource(name, str(folder), None, sha, info, problem=choice.problem))
        else:
            path = folder / choice.chosen
            sources.append(SubmissionSource(name, str(path), path, file_sha256(path), info, note=choice.note))
    return sources


def _export_zip(zip_path: Path, inner_root: str, expected: str, scratch: Path) -> list[SubmissionSource]:
    prefix = "" if inner_root in ("", ".") else inner_root.rstrip("/") + "/"
    with zipfile.ZipFile(zip_path) as archive:
        metadata = read_export_metadata(archive.read(prefix + GRADESCOPE_METADATA).decode("utf-8", "replace"))
        members: dict[str, dict[str, zipfile.ZipInfo]] = {}
        for info in archive.infolist():
            if info.is_dir() or not info.filename.startswith(prefix):
                continue
            parts = PurePosixPath(info.filename[len(prefix):]).parts
            if len(parts) >= 2 and parts[0].startswith("submission_") and ".." not in parts:
                members.setdefault(parts[0], {})["/".join(parts[1:])] = info
        sources = []
        for name in sorted(set(metadata) | set(members)):
            files = members.get(name, {})
            choice = choose_notebook(files, expected)
            info = metadata.get(name, {"submission_id": name.removeprefix("submission_"), "submitters": []})
            origin = f"{zip_path}:{prefix}{name}"
            if choice.chosen is None:
                sha = listing_sha256((f, i.file_size) for f, i in files.items())
                sources.append(SubmissionSource(name, origin, None, sha, info, problem=choice.problem))
                continue
            target = scratch / name / PurePosixPath(choice.chosen).name
            _extract_capped(archive, files[choice.chosen], target)
            sources.append(SubmissionSource(name, f"{origin}/{choice.chosen}", target, file_sha256(target), info,
                                            note=choice.note))
    return sources


def _extract_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> None:
    """Copy one member out, stopping just past the size the ingest stage accepts (it then explains the refusal)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(info) as member, open(target, "wb") as out:
        shutil.copyfileobj(_Capped(member, MAX_EXTRACTED_BYTES + 1), out)


class _Capped:
    def __init__(self, stream: Any, limit: int) -> None:
        self.stream, self.left = stream, limit

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size is None or size < 0 else min(size, self.left)
        data = self.stream.read(size)
        self.left -= len(data)
        return data


def unique_keys(sources: list[SubmissionSource]) -> list[SubmissionSource]:
    """Two submissions never share a results file: a repeated key gets its file suffix, then a number."""
    taken: set[str] = set()
    unique = []
    for source in sources:
        key = source.key
        if key in taken and source.path is not None:
            key = f"{source.key}{source.path.suffix.replace('.', '_')}"
        number = 2
        while key in taken:
            key, number = f"{source.key}-{number}", number + 1
        taken.add(key)
        unique.append(source if key == source.key else _with_key(source, key))
    return unique


def _with_key(source: SubmissionSource, key: str) -> SubmissionSource:
    return SubmissionSource(key, source.origin, source.path, source.sha256, source.metadata, source.note,
                            source.problem)
