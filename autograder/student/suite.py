"""Which public tests a check runs: the assignment is found from the notebook, not from a registry.

A student's copy may be the course checkout (``assignments/NAME/``) or a folder on its own that
holds ``assignment.yaml``, the notebook and ``tests/``; both work. The hidden tests and the
reference are never looked for.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from autograder.assignment import Assignment, course_root, list_assignments, load_assignment
from autograder.worker.limits import Limits

CONFIG_FILE = "assignment.yaml"


class CheckUsageError(ValueError):
    """check() was called in a way it cannot serve (no assignment found, unknown question)."""


class UnknownQuestion(CheckUsageError):
    """The question asked for is not one of the assignment's; the message lists those that are."""


@dataclass(frozen=True)
class PublicSuite:
    """An assignment as a student has it: its name, limits, devices and public tests folder."""

    name: str
    folder: Path
    root: Path
    title: str
    notebook: str
    devices: tuple[str, ...]
    limits: Limits

    @property
    def tests_dir(self) -> Path:
        return self.folder / "tests"

    @classmethod
    def from_assignment(cls, assignment: Assignment) -> PublicSuite:
        return cls(name=assignment.name, folder=assignment.folder, root=assignment.root, title=assignment.title,
                   notebook=assignment.notebook, devices=assignment.devices, limits=assignment.limits)

    @classmethod
    def from_folder(cls, folder: Path) -> PublicSuite:
        """The assignment whose ``assignment.yaml`` is in ``folder``, read the grader's way where the layout allows."""
        folder = Path(folder).resolve()
        if folder.parent.name == "assignments":
            return cls.from_assignment(load_assignment(folder.name, folder.parent.parent))
        return cls._standalone(folder)

    @classmethod
    def _standalone(cls, folder: Path) -> PublicSuite:
        config = yaml.safe_load((folder / CONFIG_FILE).read_text()) or {}
        try:
            limits = Limits.from_mapping(config.get("limits"))
        except (TypeError, ValueError) as error:
            raise CheckUsageError(f"{folder / CONFIG_FILE}: {error}") from error
        return cls(name=folder.name, folder=folder, root=folder.parent, title=str(config.get("title", folder.name)),
                   notebook=str(config.get("notebook", f"{folder.name}.ipynb")),
                   devices=tuple(config.get("devices", ["cpu"])), limits=limits)


def locate_suite(assignment: str | os.PathLike | None = None, *, cwd: Path | None = None,
                 notebook_file: str | None = None) -> PublicSuite:
    """The assignment a check is for: the explicit argument, else the notebook's folder, else its file name."""
    cwd = Path(cwd or Path.cwd()).resolve()
    if assignment is not None:
        return _explicit(assignment, cwd)
    if (cwd / CONFIG_FILE).is_file():
        return PublicSuite.from_folder(cwd)
    if notebook_file:
        notebook = Path(notebook_file)
        folder = notebook.parent if notebook.is_absolute() else (cwd / notebook).parent
        if (folder / CONFIG_FILE).is_file():
            return PublicSuite.from_folder(folder)
        found = _by_notebook_name(notebook.name)
        if found is not None:
            return found
    known = ", ".join(list_assignments()) or "none found"
    raise CheckUsageError("check() could not tell which assignment this notebook belongs to: neither the current "
                          f"folder ({cwd}) holds an {CONFIG_FILE} nor does the notebook's name match an assignment. "
                          f"Name it, e.g. check(assignment=\"nms\"). Known assignments: {known}.")


def _explicit(assignment: str | os.PathLike, cwd: Path) -> PublicSuite:
    as_path = Path(assignment)
    for folder in (as_path if as_path.is_absolute() else cwd / as_path, cwd):
        if folder.name == as_path.name and (folder / CONFIG_FILE).is_file():
            return PublicSuite.from_folder(folder)
    names = list_assignments()
    if str(assignment) not in names:
        raise CheckUsageError(f"unknown assignment {str(assignment)!r} (known: {', '.join(names) or 'none found'})")
    return PublicSuite.from_assignment(load_assignment(str(assignment)))


def _by_notebook_name(file_name: str) -> PublicSuite | None:
    for name in list_assignments():
        config = _read_config(course_root() / "assignments" / name / CONFIG_FILE)
        if str(config.get("notebook", f"{name}.ipynb")) == file_name:
            return PublicSuite.from_assignment(load_assignment(name))
    return None


def _read_config(path: Path) -> Mapping[str, Any]:
    try:
        config = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError):
        return {}
    return config if isinstance(config, Mapping) else {}


def notebook_file_of(namespace: Mapping[str, Any]) -> str | None:
    """The running notebook's path, where the front end tells the kernel (VS Code, Jupyter Server)."""
    for key in ("__vsc_ipynb_file__", "__session__"):
        value = namespace.get(key)
        if isinstance(value, str) and value.endswith(".ipynb"):
            return value
    value = os.environ.get("JPY_SESSION_NAME", "")
    return value if value.endswith(".ipynb") else None
