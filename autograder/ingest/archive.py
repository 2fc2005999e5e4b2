"""Pick the one notebook to grade out of a zip, reading it in memory and never extracting anything.

Zips come from Otter's ``grader.export()`` and from Gradescope downloads; they may hold a PDF,
logs, data files and macOS clutter besides the notebook. The rule: the file named like the
assignment's notebook (in any folder), else the only ``.ipynb``. Anything else is ambiguous and the
student is told which files were candidates, rather than the grader guessing.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from autograder.ingest.limits import (MAX_SUBMISSION_BYTES, MAX_ZIP_DIRECTORY_BYTES, MAX_ZIP_MEMBERS,
                                      describe_size)
from autograder.ingest.model import IngestError
from autograder.ingest.sniff import describe_binary

_CLUTTER_FOLDERS = frozenset({"__MACOSX", ".ipynb_checkpoints"})
_READ_CHUNK = 1024 * 1024
_NAMES_SHOWN = 8
_END_RECORD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END_RECORD = b"PK\x06\x06"
_END_RECORD_SIZE = 22
_MAX_COMMENT = 65535
# What opening a zip can raise on hostile bytes: a truncated or lying directory, a member name
# that is not the UTF-8 it claims (UnicodeDecodeError is a ValueError), an unsupported feature.
OPEN_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError, struct.error,
               NotImplementedError, OverflowError)


@dataclass(frozen=True)
class ArchiveMember:
    """The chosen file: its path inside the zip and its decompressed bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Directory:
    """What a zip's end record declares about its table of contents, read without parsing it."""

    members: int
    size: int


def read_directory(path: Path) -> Directory | None:
    """The member count and directory size the zip at ``path`` declares; None if it has no end record.

    ``zipfile.ZipFile`` reads and parses the whole central directory (one object per member) as
    it opens: a small zip can declare millions of members. Reading these numbers first, the way
    ``zipfile`` finds them (the last end record in the file's final 64 KB), bounds that work.
    """
    with open(path, "rb") as file:
        file.seek(0, 2)
        size = file.tell()
        start = max(0, size - _END_RECORD_SIZE - _MAX_COMMENT)
        file.seek(start)
        tail = file.read()
        at = tail.rfind(_END_RECORD)
        if at < 0 or len(tail) - at < _END_RECORD_SIZE:
            return None
        members, directory_size = struct.unpack("<HI", tail[at + 10:at + 16])
        locator = tail[at - 20:at] if at >= 20 else b""
        if locator[:4] == _ZIP64_LOCATOR and (members == 0xFFFF or directory_size == 0xFFFFFFFF):
            (offset,) = struct.unpack("<Q", locator[8:16])
            file.seek(min(offset, size))
            record = file.read(56)
            if record[:4] == _ZIP64_END_RECORD and len(record) == 56:
                members, directory_size = struct.unpack("<QQ", record[32:48])
    return Directory(members, directory_size)


def directory_problem(path: Path, *, max_members: int, max_bytes: int) -> str | None:
    """Why the zip at ``path`` is too costly to open (too many members, too large a directory), or None."""
    directory = read_directory(path)
    if directory is None:
        return None  # not a zip at all: opening it fails fast and says so
    if directory.members > max_members:
        return f"it holds {directory.members:,} files, more than the {max_members:,} a submission may have"
    if directory.size > max_bytes:
        return (f"its list of contents takes {describe_size(directory.size)}, more than the "
                f"{describe_size(max_bytes)} a submission may have")
    return None


def read_notebook_from_zip(path: Path, expected_name: str | None = None) -> ArchiveMember:
    """Choose and read the notebook in the zip at ``path``; :class:`IngestError` if there is no clear one."""
    path = Path(path)
    problem = directory_problem(path, max_members=MAX_ZIP_MEMBERS, max_bytes=MAX_ZIP_DIRECTORY_BYTES)
    if problem is not None:
        raise IngestError(f"{path.name} was not opened: {problem}. Submit a zip with just your notebook.")
    try:
        archive = zipfile.ZipFile(path)
    except OPEN_ERRORS as error:
        with open(path, "rb") as file:
            looks_like = describe_binary(file.read(8192))
        detail = f" (it is {looks_like})" if looks_like else f" ({error})"
        raise IngestError(f"{path.name} is not a valid zip archive{detail}; submit the notebook itself.") from None
    with archive:
        files = [info for info in archive.infolist() if not info.is_dir() and not _is_clutter(info.filename)]
        chosen = _choose(files, path.name, expected_name)
        return ArchiveMember(chosen.filename, _read_member(archive, chosen, path.name))


def _is_clutter(member_name: str) -> bool:
    """macOS resource forks and Jupyter's autosave copies are never the submission."""
    parts = member_name.replace("\\", "/").split("/")
    return any(part in _CLUTTER_FOLDERS for part in parts[:-1]) or parts[-1].startswith("._")


def _base_name(member_name: str) -> str:
    return member_name.replace("\\", "/").rsplit("/", 1)[-1]


def _choose(files: list[zipfile.ZipInfo], zip_name: str, expected_name: str | None) -> zipfile.ZipInfo:
    if expected_name:
        named = [info for info in files if _base_name(info.filename) == expected_name]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise IngestError(
                f"{zip_name} holds several files named {expected_name} ({_list(named)}); "
                "keep only the one you want graded."
            )
    notebooks = [info for info in files if info.filename.lower().endswith(".ipynb")]
    if len(notebooks) == 1:
        return notebooks[0]
    wanted = f" and none is named {expected_name}" if expected_name else ""
    if not notebooks:
        contents = f"it contains {_list(files)}" if files else "it is empty"
        raise IngestError(f"{zip_name} holds no notebook (.ipynb file){wanted}: {contents}.")
    rename = f", or name the one to grade {expected_name}" if expected_name else ""
    raise IngestError(
        f"{zip_name} holds several notebooks ({_list(notebooks)}){wanted}, so it is unclear which to grade. "
        f"Submit a zip with only one notebook{rename}."
    )


def _list(infos: list[zipfile.ZipInfo]) -> str:
    names = [info.filename for info in infos[:_NAMES_SHOWN]]
    more = len(infos) - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, zip_name: str) -> bytes:
    """Decompress one member, stopping at the size limit whatever its header claims (zip bombs)."""
    where = f"{info.filename} in {zip_name}"
    too_big = IngestError(
        f"{where} is larger than {describe_size(MAX_SUBMISSION_BYTES)} uncompressed, "
        "which is more than any notebook needs; clear the outputs and resubmit."
    )
    if info.file_size > MAX_SUBMISSION_BYTES:
        raise too_big
    if info.flag_bits & 0x1:
        raise IngestError(f"{where} is password-protected; submit a zip without a password.")
    chunks, total = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_READ_CHUNK):
                total += len(chunk)
                if total > MAX_SUBMISSION_BYTES:
                    raise too_big
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        raise IngestError(f"{where} could not be unpacked ({error}); make the zip again and resubmit.") from None
    return b"".join(chunks)
