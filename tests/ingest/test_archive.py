""".zip submissions: one clear notebook is chosen, read in memory, and size-limited."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from autograder.ingest import CodeCell, IngestError, load_submission
from autograder.ingest import archive


def test_the_file_with_the_expected_name_is_graded_wherever_it_is(write_zip, notebook_json) -> None:
    path = write_zip(
        {
            "scratch.ipynb": notebook_json("draft = 1"),
            "exam/nms.ipynb": notebook_json("def nms():\n    return 1"),
            "exam/report.pdf": b"%PDF-1.4",
        }
    )
    submission = load_submission(path, expected_name="nms.ipynb")
    assert submission.graded_file == "export.zip:exam/nms.ipynb"
    assert submission.cells == (CodeCell(1, "def nms():\n    return 1"),)
    assert submission.path == path


def test_the_only_notebook_is_graded_when_none_has_the_expected_name(write_zip, notebook_json) -> None:
    path = write_zip({"my_solution.ipynb": notebook_json("x = 1"), "notes.txt": "hello", ".otter_log": b"\x00"})
    submission = load_submission(path, expected_name="nms.ipynb")
    assert submission.graded_file == "export.zip:my_solution.ipynb"
    assert submission.cells == (CodeCell(1, "x = 1"),)


def test_macos_and_checkpoint_copies_are_not_candidates(write_zip, notebook_json) -> None:
    path = write_zip(
        {
            "nms.ipynb": notebook_json("real = 1"),
            "__MACOSX/._nms.ipynb": b"\x00\x05\x16\x07",
            "__MACOSX/old/nms.ipynb": notebook_json("resource fork"),
            ".ipynb_checkpoints/nms-checkpoint.ipynb": notebook_json("stale = 1"),
            "sub/.ipynb_checkpoints/nms.ipynb": notebook_json("stale = 2"),
            "._nms.ipynb": b"\x00\x05\x16\x07",
        }
    )
    for expected_name in ("nms.ipynb", None):
        submission = load_submission(path, expected_name=expected_name)
        assert submission.graded_file == "export.zip:nms.ipynb"
        assert submission.cells == (CodeCell(1, "real = 1"),)


def test_several_notebooks_without_the_expected_name_are_ambiguous(write_zip, notebook_json) -> None:
    path = write_zip({"a.ipynb": notebook_json("a = 1"), "b/c.ipynb": notebook_json("c = 1")})
    with pytest.raises(IngestError) as raised:
        load_submission(path, expected_name="nms.ipynb")
    message = raised.value.message
    assert "export.zip holds several notebooks (a.ipynb, b/c.ipynb)" in message
    assert "none is named nms.ipynb" in message


def test_two_files_with_the_expected_name_are_ambiguous(write_zip, notebook_json) -> None:
    path = write_zip({"v1/nms.ipynb": notebook_json("a = 1"), "v2/nms.ipynb": notebook_json("a = 2")})
    with pytest.raises(IngestError, match=r"several files named nms\.ipynb \(v1/nms\.ipynb, v2/nms\.ipynb\)"):
        load_submission(path, expected_name="nms.ipynb")


def test_a_zip_without_a_notebook_lists_what_it_holds(write_zip) -> None:
    path = write_zip({"nms.pdf": b"%PDF-1.4", "data/boxes.csv": "1,2,3,4"})
    with pytest.raises(IngestError) as raised:
        load_submission(path, expected_name="nms.ipynb")
    assert raised.value.message == (
        "export.zip holds no notebook (.ipynb file) and none is named nms.ipynb: "
        "it contains nms.pdf, data/boxes.csv."
    )


def test_an_empty_zip_says_so(write_zip) -> None:
    with pytest.raises(IngestError, match="holds no notebook .* it is empty"):
        load_submission(write_zip({}))


def test_a_file_named_zip_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(b"%PDF-1.4 not a zip")
    with pytest.raises(IngestError, match=r"export\.zip is not a valid zip archive \(it is a PDF document\)"):
        load_submission(path)


def test_the_hash_is_of_the_zip_itself(write_zip, notebook_json) -> None:
    path = write_zip({"nms.ipynb": notebook_json("x = 1")})
    assert load_submission(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_nothing_is_extracted_to_disk(tmp_path: Path, write_zip, notebook_json) -> None:
    path = write_zip({"deep/folder/nms.ipynb": notebook_json("x = 1")})
    before = sorted(tmp_path.rglob("*"))
    load_submission(path)
    assert sorted(tmp_path.rglob("*")) == before


def test_a_member_bigger_than_the_limit_is_refused_before_it_is_read(write_zip, monkeypatch) -> None:
    monkeypatch.setattr(archive, "MAX_SUBMISSION_BYTES", 10_000)
    path = write_zip({"nms.ipynb": b" " * 1_000_000})  # compresses to about a kilobyte
    assert path.stat().st_size < 10_000
    with pytest.raises(IngestError, match=r"nms\.ipynb in export\.zip is larger than"):
        load_submission(path)


def test_a_member_whose_header_understates_its_size_is_still_cut_off(write_zip, monkeypatch) -> None:
    monkeypatch.setattr(archive, "MAX_SUBMISSION_BYTES", 10_000)
    path = write_zip({"nms.ipynb": b" " * 1_000_000})
    data = bytearray(path.read_bytes())
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # claim 5,000 bytes, as a bomb would
        start = data.find(signature)
        data[start + size_offset : start + size_offset + 4] = (5_000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(IngestError, match="larger than|could not be unpacked"):
        load_submission(path)


def test_a_password_protected_member_is_refused(write_zip, notebook_json) -> None:
    path = write_zip({"nms.ipynb": notebook_json("x = 1")})
    data = bytearray(path.read_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set the "encrypted" bit
        start = data.find(signature)
        data[start + flag_offset] |= 0x1
    path.write_bytes(bytes(data))
    with pytest.raises(IngestError, match="password-protected"):
        load_submission(path)
