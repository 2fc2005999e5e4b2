"""The Gradescope zip holds exactly what grading needs, and nothing a student must not see on the way."""

from __future__ import annotations

import stat
import subprocess
import zipfile
from pathlib import Path

import pytest

import autograder
from autograder.assignment import load_assignment
from autograder.cli import main
from autograder.gradescope.build import build_autograder_zip
from autograder.gradescope.requirements import minimum_python, pinned_requirements

REPO = Path(__file__).resolve().parents[2]
PACKAGE = Path(autograder.__file__).resolve().parent


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    assert main(["gradescope", "conv_arithmetic", "-o", str(out)]) == 0
    path = out / "conv_arithmetic-autograder.zip"
    with zipfile.ZipFile(path) as archive:
        return path, {info.filename: info for info in archive.infolist()}, {
            name: archive.read(name) for name in ("setup.sh", "run_autograder", "requirements.txt")}


def package_files() -> set[str]:
    """The autograder package as it is on disk: sources and package data, no caches."""
    return {f"autograder/{p.relative_to(PACKAGE).as_posix()}" for p in PACKAGE.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            and not any(part.startswith(".") for part in p.relative_to(PACKAGE).parts)}


def test_the_zip_holds_exactly_the_grading_files(built):
    _, entries, _ = built
    course = {name for name in entries if not name.startswith("autograder/")}
    assert course == {
        "setup.sh", "run_autograder", "requirements.txt",
        "assignments/conv_arithmetic/assignment.yaml",
        "assignments/conv_arithmetic/conv_arithmetic.ipynb",
        "assignments/conv_arithmetic/tests/test_conv_output_shape.py",
        "assignments/conv_arithmetic/tests/test_receptive_field.py",
        "assignments/conv_arithmetic/tests/test_transposed_conv_output_shape.py",
        "hidden_tests/conv_arithmetic/test_conv_output_shape.py",
        "hidden_tests/conv_arithmetic/test_receptive_field.py",
        "hidden_tests/conv_arithmetic/test_transposed_conv_output_shape.py",
        "reference_solutions/conv_arithmetic.py",
    }
    assert {name for name in entries if name.startswith("autograder/")} == package_files()
    assert "autograder/gradescope/run.py" in entries and "autograder/schemas/results.schema.json" in entries


def test_nothing_of_other_assignments_examples_mutants_or_caches(built):
    _, entries, _ = built
    for name in entries:
        assert "mutants" not in name and "examples" not in name and not name.endswith(".pyc")
        assert not name.endswith(".ipynb") or name == "assignments/conv_arithmetic/conv_arithmetic.ipynb"
        assert "__pycache__" not in name
        for other in ("nms", "gan_losses", "lipschitz", "residual", "optimizer_params"):
            assert f"/{other}" not in name and not name.startswith(f"{other}") and f"{other}.py" not in name


def test_scripts_are_executable_and_setup_installs_cpu_torch_and_the_pins(built):
    _, entries, files = built
    for script in ("setup.sh", "run_autograder"):
        assert stat.S_IMODE(entries[script].external_attr >> 16) == 0o755
        assert files[script].startswith(b"#!/usr/bin/env bash\n")
    setup = files["setup.sh"].decode()
    assert '"torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu' in setup
    assert f"need Python {minimum_python(pinned_requirements())} or newer" in setup
    for script in ("setup.sh", "run_autograder"):
        subprocess.run(["bash", "-n"], input=files[script], check=True)  # at least it parses
    assert "-r requirements.txt" in setup
    assert 'autograder.gradescope.run "conv_arithmetic"' in files["run_autograder"].decode()
    pins = files["requirements.txt"].decode().split()
    assert not any(pin.lower().startswith("torch") for pin in pins)
    for needed in ("numpy==", "nbformat==", "pytest==", "PyYAML==", "jsonschema==", "matplotlib=="):
        assert any(pin.startswith(needed) for pin in pins), needed


def test_requirements_are_pinned_to_this_environment():
    from importlib.metadata import version

    pins = [line for line in pinned_requirements() if ";" not in line]
    assert f"pytest=={version('pytest')}" in pins and f"numpy=={version('numpy')}" in pins
    assert all("==" in pin for pin in pins)


def test_building_twice_gives_the_same_bytes(built, tmp_path):
    path, _, _ = built
    again = build_autograder_zip(load_assignment("conv_arithmetic"), tmp_path)
    assert again.read_bytes() == path.read_bytes()
