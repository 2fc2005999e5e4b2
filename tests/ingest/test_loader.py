"""What every submission gets whatever its type: a hash of its bytes, and refusals that explain."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from autograder.ingest import IngestError, Submission, load_submission
from autograder.ingest import loader


def test_the_hash_covers_the_submitted_bytes_so_a_regrade_sees_changes(write_notebook) -> None:
    path = write_notebook("x = 1")
    first = load_submission(path)
    assert first.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert load_submission(path).sha256 == first.sha256
    write_notebook("x = 2")
    assert load_submission(path).sha256 != first.sha256


def test_a_submission_is_immutable(write_notebook) -> None:
    submission = load_submission(write_notebook("x = 1"))
    assert isinstance(submission, Submission)
    with pytest.raises(AttributeError):
        submission.cells = ()  # type: ignore[misc]
    assert isinstance(submission.cells, tuple) and isinstance(submission.warnings, tuple)


@pytest.mark.parametrize("name", ["nms.pdf", "nms.html", "nms.txt", "nms", "nms.ipynb.tar.gz"])
def test_other_file_types_are_not_notebooks(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(IngestError) as raised:
        load_submission(path)
    assert raised.value.message.startswith(f"{name} is not a notebook")


def test_the_extension_is_matched_without_regard_to_case(write_notebook) -> None:
    path = write_notebook("x = 1", name="NMS.IPYNB")
    assert load_submission(path).graded_file == "NMS.IPYNB"


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="nms.ipynb was not found"):
        load_submission(tmp_path / "nms.ipynb")
    (tmp_path / "folder.ipynb").mkdir()
    with pytest.raises(IngestError, match="is a folder"):
        load_submission(tmp_path / "folder.ipynb")


def test_files_over_the_size_limit_are_refused_unread(write_notebook, monkeypatch) -> None:
    path = write_notebook("x = 1")
    monkeypatch.setattr(loader, "MAX_SUBMISSION_BYTES", 100)
    with pytest.raises(IngestError) as raised:
        load_submission(path)
    assert "over the 100 bytes limit" in raised.value.message
    assert "Clear All Outputs" in raised.value.message


def test_the_real_limit_is_512_megabytes() -> None:
    assert loader.MAX_SUBMISSION_BYTES == 512 * 1024 * 1024
