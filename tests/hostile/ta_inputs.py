"""Hostile inputs on the TA's side: names, archives and metadata around the submissions, not code in them.

Each case builds, at test time (nothing large is committed), one hostile source next to a class of
honest submissions, and says what must happen to it. Whatever the case, the checks of
:mod:`hostile.test_ta_inputs` hold: the batch finishes within its bounds, every honest submission
is graded normally, every source has a results file of its own, nothing is written outside the
output folder, and nothing a student controls reaches a terminal, a spreadsheet or a Markdown page
raw.

A case's ``build(root, klass)`` puts files into the class folder ``klass`` and may return more
paths for the TA to name on the command line (a zip given directly, a second folder).
"""

from __future__ import annotations

import io
import json
import os
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import nbformat

from hostile.make_cases import HONEST

METADATA = "submission_metadata.yml"
CANARY = "canary"  # a folder beside the output: hostile names aim their files at it


def honest_notebook() -> bytes:
    """A correct toy submission: every test passes."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("import torch\n\n\n" + "\n\n".join(HONEST.values()))]
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number}"
    return nbformat.writes(notebook).encode()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def zip_of(path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def export_zip(path: Path, metadata: bytes, submissions: dict[str, bytes] | None = None) -> Path:
    """A zip laid out like Gradescope's export: the metadata and submission_NNN folders (with toy.ipynb)."""
    members = {f"assignment_1_export/{METADATA}": metadata}
    for folder, notebook in (submissions or {"submission_1": honest_notebook()}).items():
        members[f"assignment_1_export/{folder}/toy.ipynb"] = notebook
    return zip_of(path, members)


def billion_laughs() -> bytes:
    """About 400 bytes of YAML that expand to 43 million strings wherever they are walked."""
    lines = ["l0: &l0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 8)]
    lines.append("submission_1:\n  :submitters:\n  - :name: *l7")
    return ("\n".join(lines) + "\n").encode()


def huge_metadata_zip(path: Path, megabytes: int = 300) -> Path:
    """An export whose metadata is ``megabytes`` of valid-looking YAML, compressed to about 2 MB."""
    path.parent.mkdir(parents=True, exist_ok=True)
    block = b"submission_1:\n  :status: processed\n" * 30_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open(f"assignment_1_export/{METADATA}", "w", force_zip64=True) as member:
            for _ in range(megabytes * 2**20 // len(block) + 1):
                member.write(block)
        archive.writestr("assignment_1_export/submission_1/toy.ipynb", honest_notebook())
    return path


def million_cells_zip(path: Path) -> Path:
    cell = json.dumps({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": ""})
    text = '{"cells": [' + ", ".join([cell] * 1_000_000) + '], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("toy.ipynb", text)
    return path


def invalid_utf8_member_zip(path: Path) -> Path:
    """A zip whose member name claims UTF-8 (flag bit 11) but is not."""
    zip_of(path, {"toy\xe9.ipynb": honest_notebook()}, compression=zipfile.ZIP_STORED)
    data = path.read_bytes()
    encoded = "toy\xe9.ipynb".encode()
    return write(path, data.replace(encoded, b"toy\xff\xfe.ipynb"[: len(encoded)].ljust(len(encoded), b"x")))


def corrupt_directory_zip(path: Path) -> Path:
    """A zip whose central directory is damaged (its first entry's signature overwritten)."""
    zip_of(path, {"toy.ipynb": honest_notebook()})
    data = bytearray(path.read_bytes())
    entry = data.rfind(b"PK\x01\x02")
    data[entry:entry + 4] = b"XXXX"
    return write(path, bytes(data))


def corrupt_member_zip(path: Path) -> Path:
    """A zip whose notebook's compressed bytes are damaged (the directory is fine)."""
    zip_of(path, {"toy.ipynb": honest_notebook() * 20})
    data = bytearray(path.read_bytes())
    start = 30 + len("toy.ipynb")
    for offset in range(start + 20, start + 60):
        data[offset] ^= 0x5A
    return write(path, bytes(data))


def many_members_zip(path: Path) -> Path:
    members = {f"data/{i}.txt": b"" for i in range(20_000)}
    members["toy.ipynb"] = honest_notebook()
    return zip_of(path, members, compression=zipfile.ZIP_STORED)


def student_zip_with_metadata(path: Path, metadata: bytes) -> Path:
    """What a student can hand in: their notebook, plus a metadata file of their own making."""
    return zip_of(path, {METADATA: metadata, "toy.ipynb": honest_notebook()})


# ------------------------------------------------------------------------------------ the cases


@dataclass(frozen=True)
class TaCase:
    """One hostile source and what must become of it.

    ``results``: for each results file expected from the hostile source, a substring of its
    ``source`` and one of its message (``""``: it is graded normally, full marks).
    ``notices``: substrings of what the TA must be told. ``export``: name the extra paths with
    ``--export``. ``rows``: gradebook ``file`` values that must be present.
    """

    name: str
    about: str
    build: Callable[[Path, Path], list[Path]]
    results: dict[str, str] = field(default_factory=dict)
    notices: tuple[str, ...] = ()
    export: bool = False
    rows: tuple[str, ...] = ()
    no_metadata: bool = False  # no gradebook row may carry names (the metadata was not used)


def _in_class(name: str) -> Callable[[Path, Path], list[Path]]:
    """An honest notebook under a hostile file name, in the class folder."""
    def build(root: Path, klass: Path) -> list[Path]:
        write(klass / name, honest_notebook())
        return []
    return build


def _made_in_class(name: str, make: Callable[[Path], Path]) -> Callable[[Path, Path], list[Path]]:
    """A hostile file made by ``make(path)``, in the class folder."""
    def build(root: Path, klass: Path) -> list[Path]:
        make(klass / name)
        return []
    return build


def _given(name: str, make: Callable[[Path], Path]) -> Callable[[Path, Path], list[Path]]:
    """A hostile file made by ``make(path)``, named by the TA on the command line."""
    def build(root: Path, klass: Path) -> list[Path]:
        return [make(root / "given" / name)]
    return build


def _names_differing_in_form_and_case(root: Path, klass: Path) -> list[Path]:
    for form in ("NFC", "NFD"):
        write(klass / unicodedata.normalize(form, "\u00e9l\u00e8ve.ipynb"), honest_notebook())
    write(klass / "ALICE.ipynb", honest_notebook())  # beside the honest alice.ipynb
    return []


def _formula_names(root: Path, klass: Path) -> list[Path]:
    for name in ("=HYPERLINK(1).ipynb", "+1.ipynb", "@SUM(1).ipynb"):
        write(klass / name, honest_notebook())
    return []


def _undecodable(root: Path, klass: Path) -> list[Path]:
    write(Path(os.fsdecode(os.fsencode(klass) + b"/\xff\xfe-student.ipynb")), honest_notebook())
    return []


def _same_names(root: Path, klass: Path) -> list[Path]:
    for week in ("week1", "week2"):
        write(root / week / "alice.ipynb", honest_notebook())
    return [root / "week1", root / "week2"]


def _metadata_in_a_subfolder(root: Path, klass: Path) -> list[Path]:
    write(klass / "odd" / METADATA, b"submission_1:\n  :submitters:\n  - :name: Mallory\n")
    write(klass / "odd" / "submission_1" / "toy.ipynb", honest_notebook())
    return []


def traversal_keys(target: str) -> bytes:
    """Metadata keys aimed outside the output folder, and at an honest student's results."""
    return (f"../../../../{target}/x:\n  :submitters:\n  - :name: Eve\n"
            f"/{target}/y:\n  :submitters:\n  - :name: Eve\n"
            "./alice:\n  :submitters:\n  - :name: Eve\n").encode()


def _canary(root: Path) -> str:
    return (root / CANARY).as_posix().lstrip("/")


def _student_zip_traversal(root: Path, klass: Path) -> list[Path]:
    return [student_zip_with_metadata(root / "given" / "mine.zip", traversal_keys(_canary(root)))]


def _crafted_export_traversal(root: Path, klass: Path) -> list[Path]:
    metadata = traversal_keys(_canary(root)) + b"submission_1: {}\n"
    return [export_zip(root / "given" / "crafted.zip", metadata)]


def _export_with(metadata: bytes) -> Callable[[Path, Path], list[Path]]:
    return _given("export.zip", lambda path: export_zip(path, metadata))


def export_with_a_corrupt_submission(path: Path) -> Path:
    export_zip(path, b"submission_1: {}\nsubmission_2: {}\n",
               {"submission_1": honest_notebook(), "submission_2": honest_notebook() * 20})
    data = bytearray(path.read_bytes())
    member = b"assignment_1_export/submission_2/toy.ipynb"
    header_end = data.find(member) + len(member)
    for offset in range(header_end + 20, header_end + 60):  # the first mention is the local header: data follows
        data[offset] ^= 0x5A
    return write(path, bytes(data))


ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07"

CASES: list[TaCase] = [
    # names become paths
    TaCase("long_name", "a 240-character file name: its results file name would be too long to write",
           _in_class("a" * 240 + ".ipynb"), results={"aaaaaaaa": ""}),
    TaCase("case_and_normalisation", "names that differ only in Unicode normalisation, or only in case",
           _names_differing_in_form_and_case,
           results={"\u00e9l\u00e8ve": "", "e\u0301le\u0300ve": "", "ALICE": ""}),
    TaCase("undecodable_name", "a file name that is not UTF-8", _undecodable, results={"-student": ""}),
    TaCase("option_like_name", "a file named -o.ipynb, which a shell glob puts among the options",
           _in_class("-o.ipynb"), results={"-o.ipynb": ""}),
    TaCase("same_names_in_two_folders", "alice.ipynb in two folders: two results, rows told apart by source",
           _same_names, results={"week1/alice.ipynb": "", "week2/alice.ipynb": ""}),
    TaCase("student_zip_traversal_keys", "a student's zip with metadata keys ../../x, /x and ./alice",
           _student_zip_traversal, results={"mine.zip": ""}, notices=("not laid out as a Gradescope export",),
           no_metadata=True),
    TaCase("crafted_export_traversal_keys", "a zip laid out as an export whose keys climb out of the output",
           _crafted_export_traversal, results={"crafted.zip:assignment_1_export/submission_1": ""},
           notices=("name no submission_NNN folder",)),
    TaCase("student_zip_given_as_export", "a student's zip named with --export: its keys are never used as names, "
           "and the TA is told its notebook is no submission folder",
           _given("s.zip", lambda path: student_zip_with_metadata(path, traversal_keys("x"))), export=True,
           notices=("name no submission_NNN folder", "not submission_NNN folders of the export: toy.ipynb"),
           no_metadata=True),
    # what people see
    TaCase("escape_sequences_in_name", "window title, clear screen and clipboard write in a file name",
           _in_class(ESCAPES + "x.ipynb"), results={"x.ipynb": ""}),
    TaCase("formula_names", "file names a spreadsheet would run as formulas", _formula_names,
           results={"=HYPERLINK": "", "+1": "", "@SUM": ""}),
    TaCase("markdown_breakout_name", "a file name with blank lines and HTML, to leave the feedback's code span",
           _in_class("x\n\n<img src=x onerror=alert(1)>.ipynb"), results={"onerror": ""}),
    # archives and metadata
    TaCase("student_zip_billion_laughs", "a student's zip holding a YAML alias bomb as its metadata",
           _made_in_class("laughs.zip", lambda path: student_zip_with_metadata(path, billion_laughs())),
           results={"laughs.zip": ""}, no_metadata=True),
    TaCase("export_billion_laughs", "an export whose metadata is a YAML alias bomb",
           _export_with(billion_laughs()), results={"submission_1": ""}, notices=("YAML aliases",),
           no_metadata=True),
    TaCase("export_huge_metadata", "300 MB of metadata compressed into about 2 MB",
           _given("export.zip", huge_metadata_zip), results={"submission_1": ""}, notices=("larger than",),
           no_metadata=True),
    TaCase("export_bad_yaml", "metadata that is not YAML", _export_with(b"submission_1: [\n"),
           results={"submission_1": ""}, notices=("not valid YAML",), no_metadata=True),
    TaCase("export_list_yaml", "metadata that is a YAML list", _export_with(b"- submission_1\n- submission_2\n"),
           results={"submission_1": ""}, notices=("not a mapping",), no_metadata=True),
    TaCase("export_nul_in_key", "a NUL character in a metadata key",
           _export_with(b'"submission_1\\0../x":\n  :submitters:\n  - :name: Eve\n'),
           results={"submission_1": ""}, notices=("name no submission_NNN folder",), no_metadata=True),
    TaCase("export_metadata_not_utf8", "metadata that is not UTF-8",
           _export_with(b"submission_1:\n  :status: \xff\xfe\n"),
           results={"submission_1": ""}, notices=("not UTF-8",), no_metadata=True),
    TaCase("export_corrupt_member", "an export in which one submission's file is damaged",
           _given("export.zip", export_with_a_corrupt_submission),
           results={"submission_1": "", "submission_2": "could not be unpacked"}),
    TaCase("metadata_in_a_subfolder", "a subfolder with its own submission_metadata.yml inside the class folder",
           _metadata_in_a_subfolder, notices=("odd/",)),
    TaCase("invalid_utf8_member_name", "a zip whose member name claims UTF-8 but is not",
           _made_in_class("bad_name.zip", invalid_utf8_member_zip), results={"bad_name.zip": "not a valid zip"}),
    TaCase("corrupt_central_directory", "a zip whose central directory is damaged",
           _made_in_class("bad_directory.zip", corrupt_directory_zip),
           results={"bad_directory.zip": "not a valid zip"}),
    TaCase("corrupt_member", "a zip whose notebook's compressed bytes are damaged",
           _made_in_class("bad_member.zip", corrupt_member_zip), results={"bad_member.zip": "could not be unpacked"}),
    TaCase("million_empty_cells", "a 300 KB zip holding a notebook of a million empty cells",
           _made_in_class("million.zip", million_cells_zip), results={"million.zip": "JSON objects and lists"}),
    TaCase("many_members", "a zip of twenty thousand empty files and a notebook",
           _made_in_class("many.zip", many_members_zip), results={"many.zip": "more than the 10,000"}),
]


def case_named(name: str) -> TaCase:
    return next(case for case in CASES if case.name == name)


def honest_class(klass: Path) -> list[str]:
    """The honest submissions every case sits among."""
    for name in ("alice.ipynb", "bob.ipynb"):
        write(klass / name, honest_notebook())
    return ["alice.ipynb", "bob.ipynb"]


def files_outside(root: Path, out: Path) -> set[str]:
    """Every path under ``root`` except the output folder's contents."""
    return {str(p.relative_to(root)) for p in root.rglob("*") if p != out and out not in p.parents}


def gradebook_text_cells(text: str) -> list[str]:
    import csv

    rows = list(csv.DictReader(io.StringIO(text)))
    return [row[column] for row in rows[1:] for column in ("file", "source", "name", "email", "sid")
            if column in row]
