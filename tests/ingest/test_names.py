"""Names a student controls become one safe, short, unique file name; the original is kept for display."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from autograder.ingest.names import MAX_COMPONENT_BYTES, fold, path_inside, safe_component, unique_components


@pytest.mark.parametrize("name, safe", [
    ("alice", "alice"),
    ("Ørjan Ås (v2)", "Ørjan_Ås_(v2)"),
    ("../../../../tmp/x", "_.._.._.._.._tmp_x"),
    ("/tmp/x", "_tmp_x"),
    ("./alice", "_._alice"),
    ("..", "_.."),
    (".hidden", "_.hidden"),
    ("-o", "_-o"),
    ("", "submission"),
    ("a\0b", "a_b"),
    ("x\x1b[31m\u202e\udcff", "x_[31m__"),
    ("e\u0301", "\u00e9"),
])
def test_a_name_becomes_one_safe_component(name, safe):
    assert safe_component(name) == safe


@pytest.mark.parametrize("name", ["a" * 240, "日本語" * 100, "\U0001F600" * 80, "a" * 200 + "\u0301" * 50])
def test_long_names_are_cut_whole_characters_and_keep_a_digest(name):
    safe = safe_component(name)
    assert len(safe.encode("utf-8")) <= MAX_COMPONENT_BYTES
    assert safe.encode("utf-8").decode("utf-8") == safe
    assert safe_component(name + "x") != safe, "names that share a long beginning stay distinct"


def test_unique_after_case_folding_and_normalisation():
    names = ["Alice", "alice", "ALICE", "\u00e9", "e\u0301", "a" * 240, "a" * 240]
    unique = unique_components(names)
    assert len({fold(n) for n in unique}) == len(names)
    assert unique[:3] == ["Alice", "alice-2", "ALICE-3"]
    assert all(unicodedata.is_normalized("NFC", n) and len(n.encode()) <= MAX_COMPONENT_BYTES for n in unique)


@pytest.mark.parametrize("name", ["../x", "..", "", "a/b", "x\0"])
def test_path_inside_refuses_anything_but_one_component(tmp_path, name):
    with pytest.raises(ValueError):
        path_inside(tmp_path, name)


def test_path_inside_refuses_a_link_that_leads_out(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "alice.json").symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(ValueError, match="outside"):
        path_inside(tmp_path / "out", "alice.json")
    assert path_inside(tmp_path / "out", "bob.json") == tmp_path / "out" / "bob.json"


def test_a_safe_name_can_be_written(tmp_path):
    for name in ["a" * 240 + ".json", "\udcff\ufffe\x00.json", "日本語" * 100]:
        path = path_inside(tmp_path, safe_component(name) + ".json")
        Path(path).write_text("{}")
