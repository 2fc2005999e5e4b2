"""Pick the one notebook to grade out of a zip, reading it in memory and never extracting anything.

Zips come from Otter's ``grader.export()`` and from Gradescope downloads; they may hold a PDF,
logs, data files and macOS clutter besides the notebook. The rule: the file named like the
assignment's notebook (in any folder), else the only ``.ipynb``. Anything else is ambiguous and the
student is told which files were candidates, rather than the grader guessing.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from autograder.ingest.limits import MAX_SUBMISSION_BYTES, describe_size
from autograder.ingest.model import IngestError
from autograder.ingest.sniff import describe_binary

_CLUTTER_FOLDERS = frozenset({"__MACOSX", ".ipynb_checkpoints"})
_READ_CHUNK = 1024 * 1024
_NAMES_SHOWN = 8


@dataclass(frozen=True)
class ArchiveMember:
    """The chosen file: its path inside the zip and its decompressed bytes."""

    name: str
    data: bytes


def read_notebook_from_zip(path: Path, expected_name: str | None = None) -> ArchiveMember:
    """Choose and read the notebook in the zip at ``path``; :class:`IngestError` if there is no clear one."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, ValueError) as error:
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
