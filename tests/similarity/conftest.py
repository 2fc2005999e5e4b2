"""The synthetic class of :mod:`.synthetic` on disk, and what the comparison makes of it (computed once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.assignment import Assignment, load_assignment
from autograder.similarity import Similarity, find_similarity

from .synthetic import write_class


@pytest.fixture(scope="session")
def nms() -> Assignment:
    return load_assignment("nms")


@pytest.fixture(scope="session")
def class_folder(nms: Assignment, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nms-class")
    write_class(nms.notebook_path, folder)
    return folder


@pytest.fixture(scope="session")
def compared(nms: Assignment, class_folder: Path) -> Similarity:
    return find_similarity(nms, [class_folder])


@pytest.fixture(scope="session")
def scores(compared: Similarity) -> dict[frozenset[str], float]:
    """{frozenset({key_a, key_b}): similarity} for every pair."""
    return {frozenset({compared.compared[p.a].key, compared.compared[p.b].key}): p.similarity for p in compared.pairs}
