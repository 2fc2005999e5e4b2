"""An assignment is found by name from its folders: no registry to keep in sync.

``assignments/NAME/assignment.yaml`` gives the title, the limits and the devices; the hidden suite,
the public tests and the reference are found beside it by convention (see docs/authoring.md).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import yaml

import autograder
from autograder.errors import GraderError
from autograder.worker.limits import Limits

if TYPE_CHECKING:
    from autograder.ingest.given import GivenCode

KNOWN_DEVICES = ("cpu", "cuda")


def course_root() -> Path:
    """Where assignments/, hidden_tests/ and reference_solutions/ live: $AUTOGRADER_HOME or the checkout."""
    configured = os.environ.get("AUTOGRADER_HOME")
    if configured:
        return Path(configured).resolve()
    return Path(autograder.__file__).resolve().parent.parent


@dataclass(frozen=True)
class Assignment:
    name: str
    root: Path
    title: str
    exam: str
    notebook: str
    devices: tuple[str, ...]
    limits: Limits

    @property
    def folder(self) -> Path:
        return self.root / "assignments" / self.name

    @property
    def public_tests(self) -> Path:
        return self.folder / "tests"

    @property
    def hidden_tests(self) -> Path:
        return self.root / "hidden_tests" / self.name

    @property
    def reference_path(self) -> Path:
        return self.root / "reference_solutions" / f"{self.name}.py"

    @property
    def examples(self) -> Path:
        return self.folder / "examples"

    @property
    def mutants(self) -> Path:
        return self.folder / "mutants"

    @property
    def notebook_path(self) -> Path:
        return self.folder / self.notebook

    @property
    def given_code(self) -> "GivenCode":
        """The notebook's given cells: the one source of the code the assignment hands out."""
        from autograder.ingest.given import read_given_code  # noqa: PLC0415 - commands that only list need not load it

        return read_given_code(self.notebook_path)

    def test_paths(self) -> list[Path]:
        return [p for p in (self.public_tests, self.hidden_tests) if p.is_dir()]

    def protected_paths(self) -> list[Path]:
        """What the student's worker must never see."""
        return [self.root / "hidden_tests", self.root / "reference_solutions", self.root / "assignments",
                self.root / "results", self.root / "tests"]

    @cached_property
    def suite_version(self) -> str:
        """Changes whenever the grader, the tests or the reference change: results keyed on it stay valid."""
        digest = hashlib.sha256(autograder.__version__.encode())
        for folder in [*self.test_paths(), self.reference_path, self.folder / "assignment.yaml", self.notebook_path]:
            files = sorted(folder.rglob("*.py")) if folder.is_dir() else [folder]
            for path in files:
                if path.is_file() and "__pycache__" not in path.parts:
                    digest.update(path.name.encode())
                    digest.update(path.read_bytes())
        return digest.hexdigest()[:16]

    def load_reference(self) -> ModuleType:
        """Import the reference in the grader process (once per process)."""
        module_name = f"autograder_reference_{self.name}"
        if module_name in sys.modules:
            return sys.modules[module_name]
        if not self.reference_path.is_file():
            raise GraderError(f"the reference solution {self.reference_path} is missing")
        spec = importlib.util.spec_from_file_location(module_name, self.reference_path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
        return module


def load_assignment(name: str, root: Path | None = None) -> Assignment:
    root = (root or course_root()).resolve()
    config_path = root / "assignments" / name / "assignment.yaml"
    if not config_path.is_file():
        known = ", ".join(list_assignments(root)) or "none"
        raise GraderError(f"unknown assignment {name!r} (known: {known})")
    config = yaml.safe_load(config_path.read_text()) or {}
    devices = tuple(config.get("devices", ["cpu"]))
    unknown = [d for d in devices if d not in KNOWN_DEVICES]
    if unknown:
        raise GraderError(f"{config_path}: unknown devices {unknown}")
    try:
        limits = Limits.from_mapping(config.get("limits"))
    except (TypeError, ValueError) as error:
        raise GraderError(f"{config_path}: {error}") from error
    return Assignment(name=name, root=root, title=str(config.get("title", name)), exam=str(config.get("exam", "")),
                      notebook=str(config.get("notebook", f"{name}.ipynb")), devices=devices, limits=limits)


def list_assignments(root: Path | None = None) -> list[str]:
    root = (root or course_root()).resolve()
    folder = root / "assignments"
    if not folder.is_dir():
        return []
    return sorted(p.parent.name for p in folder.glob("*/assignment.yaml"))
