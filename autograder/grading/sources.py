"""What a TA hands to ``autograder grade``, turned into a list of submissions to grade.

Accepted: submission files (``.ipynb``, ``.py``, ``.zip``, Otter's ``grader.export()`` zips among
them), folders of such files, and Gradescope's "Export Submissions" download, as the zip or unpacked
(a ``submission_metadata.yml`` beside one ``submission_NNN/`` folder per submission). Nothing here
reads a notebook's cells or runs anything: it only decides which file of each submission is graded,
and remembers who submitted it.

Who decides what is trusted: only a path the TA names can be an export, and only when its top
(or the one folder an unzipped export sits in) is laid out as Gradescope lays it out, or when the
TA says so (``exports``, the ``--export`` option). A zip inside a folder is always a submission,
whatever it holds, so a student cannot supply the names and emails in the gradebook. A folder is a
class of submission files; whatever in it is not graded is named in a notice, never skipped silently.
One broken source (a corrupt zip, unreadable metadata) costs only itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator

from autograder.errors import GraderError
from autograder.grading.metadata import (GRADESCOPE_METADATA, MAX_METADATA_BYTES, SUBMISSION_FOLDER, ExportMetadata,
                                         MetadataError, read_export_metadata)
from autograder.ingest import file_sha256
from autograder.ingest.archive import OPEN_ERRORS, directory_problem
from autograder.ingest.names import fold, numbered, safe_component

SUBMISSION_SUFFIXES = (".ipynb", ".py", ".zip")
CLUTTER_FOLDERS = frozenset({"__MACOSX", ".ipynb_checkpoints"})
CLUTTER_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
MAX_EXTRACTED_BYTES = 512 * 1024 * 1024  # the ingest stage refuses anything larger anyway
MAX_EXPORT_MEMBERS = 500_000
MAX_EXPORT_DIRECTORY_BYTES = 128 * 1024 * 1024
_NAMES_SHOWN = 8

Notice = Callable[[str], None]


@dataclass(frozen=True)
class SubmissionSource:
    """One submission to grade.

    ``path`` is the file the grader reads; it is None when no file could be chosen, and then
    ``problem`` tells the student why (they score 0 with that message on every test). ``sha256``
    identifies the graded content, so an unchanged submission is not graded twice. ``key`` names
    its results files: one safe path component, unique in the batch (see :func:`unique_keys`);
    ``origin`` is where it came from, as the TA would name it, for display only.
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
        digest.update(f"{name}\0{size}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# --------------------------------------------------------------------------------- discovery


@contextlib.contextmanager
def open_sources(paths: Iterable[Path], expected: str, *, exports: Iterable[Path] = (),
                 on_notice: Notice | None = None) -> Iterator[list[SubmissionSource]]:
    """The submissions found in ``paths``, in a stable order, with unique, safe keys.

    ``exports`` are paths the TA declared Gradescope exports. ``on_notice`` hears, in a sentence
    for the TA, everything found but not graded and every export whose metadata was unusable.
    Files picked out of a Gradescope export zip are unpacked into a private temporary folder that
    exists for the duration of the ``with`` block.
    """
    notice = on_notice or (lambda message: None)
    declared = {Path(p).resolve() for p in exports}
    with contextlib.ExitStack() as stack:
        def scratch() -> Path:
            return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="autograder-export-")))

        found: list[SubmissionSource] = []
        for path in map(Path, paths):
            if not path.exists():
                raise GraderError(f"no such file or folder: {path}")
            found.extend(_sources_in(path, expected, path.resolve() in declared, scratch, notice))
        yield unique_keys(found)


def _sources_in(path: Path, expected: str, declared: bool, scratch: Callable[[], Path],
                notice: Notice) -> list[SubmissionSource]:
    if path.is_dir():
        root = export_folder_root(path, declared=declared, notice=notice)
        if root is not None:
            return _export_folder(root, expected, notice)
        return _class_folder(path, notice)
    if declared or path.suffix.lower() == ".zip":
        inner = export_zip_root(path, declared=declared, notice=notice)
        if inner is not None:
            return _export_zip(path, inner, expected, scratch(), notice)
    return [_file_source(path)]


def _class_folder(folder: Path, notice: Notice) -> list[SubmissionSource]:
    """Each submission file at the top of ``folder``; everything else is named in a notice."""
    sources, skipped = [], []
    for entry in sorted(folder.iterdir()):
        if entry.name in CLUTTER_FOLDERS or entry.name in CLUTTER_FILES or entry.name.startswith("._"):
            continue
        if entry.is_file() and entry.suffix.lower() in SUBMISSION_SUFFIXES and not is_clutter(entry.name):
            sources.append(_file_source(entry))
        else:
            skipped.append(entry.name + ("/" if entry.is_dir() else ""))
    if skipped:
        notice(f"{folder}: not graded, as they are folders, hidden, or not .ipynb, .py or .zip files: "
               f"{_listing(skipped)}. Name a subfolder on the command line to grade what is in it.")
    return sources


def _file_source(path: Path) -> SubmissionSource:
    return SubmissionSource(key=path.stem, origin=str(path), path=path, sha256=file_sha256(path))


# ------------------------------------------------------------------------ recognising exports


def export_layout(names: Iterable[str]) -> bool:
    """Whether the entries at one level (folders end in ``/``) are Gradescope's: the metadata, and
    ``submission_NNN`` folders, and no submission file beside them."""
    names = list(names)
    folders = [n[:-1] for n in names if n.endswith("/")]
    files = [n for n in names if not n.endswith("/")]
    return (GRADESCOPE_METADATA in files and any(SUBMISSION_FOLDER.fullmatch(f) for f in folders)
            and not any(f.lower().endswith(SUBMISSION_SUFFIXES) for f in files))


def export_folder_root(path: Path, *, declared: bool = False, notice: Notice | None = None) -> Path | None:
    """The folder holding the export's metadata if ``path`` is a Gradescope export folder, else None.

    The export is ``path`` itself or, as unzipping Gradescope's download gives, the one folder in it.
    """
    for candidate in _candidate_roots(path):
        entries = [e.name + ("/" if e.is_dir() else "") for e in candidate.iterdir()]
        if export_layout(entries) or (declared and GRADESCOPE_METADATA in entries):
            return candidate
    _explain_not_an_export(path, declared, any((c / GRADESCOPE_METADATA).is_file() for c in _candidate_roots(path)),
                           notice)
    return None


def _candidate_roots(path: Path) -> list[Path]:
    entries = [e for e in path.iterdir() if e.name not in CLUTTER_FOLDERS and e.name not in CLUTTER_FILES]
    return [path] + ([entries[0]] if len(entries) == 1 and entries[0].is_dir() else [])


def export_zip_root(path: Path, *, declared: bool = False, notice: Notice | None = None) -> str | None:
    """The folder inside the zip holding the export's metadata (``""`` for the top), or None if it is no export.

    A zip that cannot be opened, or is too large to list, is no export: it is graded as a
    submission, and the ingest stage says what is wrong with it.
    """
    problem = directory_problem(path, max_members=MAX_EXPORT_MEMBERS, max_bytes=MAX_EXPORT_DIRECTORY_BYTES)
    if problem is not None:
        if declared:
            (notice or (lambda m: None))(f"{path}: not read as an export, as {problem}; it is graded as one "
                                         "submission instead.")
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist()]
    except OPEN_ERRORS as error:
        if declared:
            (notice or (lambda m: None))(f"{path}: not read as an export, as it cannot be opened as a zip "
                                         f"({error}); it is graded as one submission instead.")
        return None
    levels = _zip_levels(names)
    top = levels.get("", set())
    candidates = [""] + ([next(iter(top))] if len(top) == 1 and next(iter(top)).endswith("/") else [])
    for prefix in candidates:
        entries = levels.get(prefix, set())
        if export_layout(entries) or (declared and GRADESCOPE_METADATA in entries):
            return prefix.rstrip("/")
    _explain_not_an_export(path, declared, any(GRADESCOPE_METADATA in levels.get(p, ()) for p in candidates), notice)
    return None


def _zip_levels(names: Iterable[str]) -> dict[str, set[str]]:
    """For the top and each top-level folder of a zip: the entries directly in it (folders end in ``/``)."""
    levels: dict[str, set[str]] = {}
    for name in names:
        parts = [p for p in name.split("/") if p]
        if not parts or parts[0] in CLUTTER_FOLDERS:
            continue
        is_folder = name.endswith("/")
        levels.setdefault("", set()).add(parts[0] + ("/" if len(parts) > 1 or is_folder else ""))
        if len(parts) >= 2:
            levels.setdefault(parts[0] + "/", set()).add(parts[1] + ("/" if len(parts) > 2 or is_folder else ""))
    return levels


def _explain_not_an_export(path: Path, declared: bool, has_metadata: bool, notice: Notice | None) -> None:
    if declared:
        raise GraderError(f"{path} was given as a Gradescope export, but no {GRADESCOPE_METADATA} is at its top "
                          "or in the one folder at its top")
    if has_metadata and notice is not None:
        notice(f"{path} holds a {GRADESCOPE_METADATA} but is not laid out as a Gradescope export (only that file "
               "and submission_NNN folders), so it was graded as submissions and its metadata was not used. "
               "If it is your export, pass it with --export.")


# ----------------------------------------------------------------------------------- exports


def _read_metadata(data: Callable[[], bytes], where: str, notice: Notice) -> ExportMetadata:
    """The export's metadata, or none (with a notice) when it cannot be used: its submissions are still graded."""
    try:
        metadata = read_export_metadata(data())
    except MetadataError as error:
        notice(f"{where} was not used: {error}. The submissions of this export are graded without names.")
        return ExportMetadata({}, [])
    if metadata.ignored:
        notice(f"{where}: entries that name no submission_NNN folder were ignored: {_listing(metadata.ignored)}.")
    return metadata


def _no_metadata(name: str) -> dict[str, Any]:
    return {"submission_id": name.removeprefix("submission_"), "submitters": []}


def _export_folder(root: Path, expected: str, notice: Notice) -> list[SubmissionSource]:
    metadata_file = root / GRADESCOPE_METADATA

    def data() -> bytes:
        with open(metadata_file, "rb") as handle:
            return handle.read(MAX_METADATA_BYTES + 1)

    metadata = _read_metadata(_guarded(data), str(metadata_file), notice).submissions
    on_disk = {p.name for p in root.iterdir() if p.is_dir() and SUBMISSION_FOLDER.fullmatch(p.name)}
    others = sorted(p.name + ("/" if p.is_dir() else "") for p in root.iterdir()
                    if p.name not in on_disk and p.name != GRADESCOPE_METADATA and p.name not in CLUTTER_FOLDERS
                    and p.name not in CLUTTER_FILES)
    if others:
        notice(f"{root}: not graded, as they are not submission_NNN folders of the export: {_listing(others)}.")
    sources = []
    for name in sorted(set(metadata) | on_disk):
        folder = root / name
        files = folder_files(folder) if folder.is_dir() else []
        choice = choose_notebook(files, expected)
        info = metadata.get(name, _no_metadata(name))
        if choice.chosen is None:
            sha = listing_sha256((f, (folder / f).stat().st_size) for f in files)
            sources.append(SubmissionSource(name, str(folder), None, sha, info, problem=choice.problem))
        else:
            path = folder / choice.chosen
            sources.append(SubmissionSource(name, str(path), path, file_sha256(path), info, note=choice.note))
    return sources


def _export_zip(zip_path: Path, inner_root: str, expected: str, scratch: Path,
                notice: Notice) -> list[SubmissionSource]:
    prefix = inner_root + "/" if inner_root else ""
    with zipfile.ZipFile(zip_path) as archive:
        def data() -> bytes:
            with archive.open(prefix + GRADESCOPE_METADATA) as member:
                return member.read(MAX_METADATA_BYTES + 1)

        metadata = _read_metadata(_guarded(data), f"{zip_path}:{prefix}{GRADESCOPE_METADATA}", notice).submissions
        members: dict[str, dict[str, zipfile.ZipInfo]] = {}
        others: set[str] = set()
        for info in archive.infolist():
            if not info.filename.startswith(prefix):
                continue
            parts = [p for p in info.filename[len(prefix):].split("/") if p]
            if not parts or parts[0] in CLUTTER_FOLDERS or parts == [GRADESCOPE_METADATA]:
                continue
            if SUBMISSION_FOLDER.fullmatch(parts[0]) and len(parts) >= 2 and ".." not in parts:
                if not info.is_dir():
                    members.setdefault(parts[0], {})["/".join(parts[1:])] = info
            elif not SUBMISSION_FOLDER.fullmatch(parts[0]):
                others.add(parts[0])
        if others:
            notice(f"{zip_path}: not graded, as they are not submission_NNN folders of the export: "
                   f"{_listing(sorted(others))}.")
        sources = []
        for name in sorted(set(metadata) | set(members)):
            files = members.get(name, {})
            choice = choose_notebook(files, expected)
            info = metadata.get(name, _no_metadata(name))
            origin = f"{zip_path}:{prefix}{name}"
            if choice.chosen is None:
                sha = listing_sha256((f, i.file_size) for f, i in files.items())
                sources.append(SubmissionSource(name, origin, None, sha, info, problem=choice.problem))
                continue
            chosen = PurePosixPath(choice.chosen)
            target = scratch / name / (safe_component(chosen.stem, max_bytes=80) + chosen.suffix[:16])
            origin = f"{origin}/{choice.chosen}"
            try:
                _extract_capped(archive, files[choice.chosen], target)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError,
                    ValueError) as error:
                sha = listing_sha256((f, i.file_size) for f, i in files.items())
                problem = (f"{choice.chosen} could not be unpacked from the export ({error}); "
                           "please submit it again.")
                sources.append(SubmissionSource(name, origin, None, sha, info, problem=problem))
                continue
            sources.append(SubmissionSource(name, origin, target, file_sha256(target), info, note=choice.note))
    return sources


def _guarded(read: Callable[[], bytes]) -> Callable[[], bytes]:
    """A reader of a zip member whose failures (a corrupt member) are metadata problems, not crashes."""
    def guarded() -> bytes:
        try:
            return read()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as error:
            raise MetadataError(f"it could not be unpacked ({error})") from None
    return guarded


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


# ------------------------------------------------------------------------------------- keys


def unique_keys(sources: list[SubmissionSource]) -> list[SubmissionSource]:
    """Every source gets a key that is one safe path component, and no two share a results file.

    Names are made safe (:func:`~autograder.ingest.names.safe_component`) and compared as a
    filesystem that ignores case and Unicode normalisation would. A repeated key gets its file
    suffix first (``alice`` and ``alice_py``), then a number.
    """
    taken: set[str] = set()
    unique = []
    for source in sources:
        key = base = safe_component(source.key)
        if fold(key) in taken and source.path is not None:
            key = safe_component(f"{source.key}{source.path.suffix.replace('.', '_')}")
        number = 2
        while fold(key) in taken:
            key, number = numbered(base, number), number + 1
        taken.add(fold(key))
        unique.append(source if key == source.key else replace(source, key=key))
    return unique
