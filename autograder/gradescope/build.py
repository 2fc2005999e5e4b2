"""Build ``dist/ASSIGNMENT-autograder.zip``, the file uploaded to a Gradescope programming assignment.

It holds exactly: ``setup.sh``, ``run_autograder``, ``requirements.txt``, the ``autograder``
package, and of the course only this assignment's ``assignment.yaml``, notebook (the one source of
its given code, which grading restores), public tests, hidden suite and reference, in the
repository's layout (so the grader finds them as it does here). No example submissions, mutants
or other assignments. The zip is reproducible: sorted
entries, fixed timestamps, so the same sources give the same bytes.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

import autograder
from autograder.assignment import Assignment
from autograder.errors import GraderError
from autograder.gradescope.requirements import minimum_python, pinned_requirements

TORCH_SPEC = "torch==2.13.0"
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
EXECUTABLES = frozenset({"setup.sh", "run_autograder"})


def zip_name(assignment: Assignment) -> str:
    return f"{assignment.name}-autograder.zip"


def _template(name: str) -> str:
    return resources.files("autograder.gradescope").joinpath("templates", name).read_text(encoding="utf-8")


def _shipped(relative: Path) -> bool:
    """Source files only: no caches, no compiled files, no hidden editor or OS files."""
    return ("__pycache__" not in relative.parts and relative.suffix not in (".pyc", ".pyo")
            and not any(part.startswith(".") or part.endswith("~") for part in relative.parts))


def _tree(folder: Path, root: Path) -> dict[str, Path]:
    """The files under ``folder``, named by their path from ``root``."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p for p in sorted(folder.rglob("*"))
            if p.is_file() and _shipped(p.relative_to(root))}


def zip_contents(assignment: Assignment) -> dict[str, bytes | Path]:
    """Every entry of the zip: its name in the zip, and its bytes or the file that holds them."""
    for required in (assignment.hidden_tests, assignment.reference_path, assignment.folder / "assignment.yaml"):
        if not required.exists():
            raise GraderError(f"{assignment.name}: {required} is missing, so there is nothing to grade with")
    package = Path(autograder.__file__).resolve().parent
    course = assignment.root
    pins = pinned_requirements()
    setup = (_template("setup.sh").replace("@TORCH_SPEC@", TORCH_SPEC).replace("@TORCH_INDEX@", TORCH_INDEX)
             .replace("@PYTHON_MIN@", minimum_python(pins)).replace("@ASSIGNMENT@", assignment.name))
    contents: dict[str, bytes | Path] = {
        "setup.sh": setup.encode(),
        "run_autograder": _template("run_autograder").replace("@ASSIGNMENT@", assignment.name).encode(),
        "requirements.txt": ("\n".join(pins) + "\n").encode(),
    }
    contents.update(_tree(package, package.parent))
    contents[f"assignments/{assignment.name}/assignment.yaml"] = assignment.folder / "assignment.yaml"
    contents[f"assignments/{assignment.name}/{assignment.notebook}"] = assignment.notebook_path
    contents.update(_tree(assignment.public_tests, course))
    contents.update(_tree(assignment.hidden_tests, course))
    contents[f"reference_solutions/{assignment.name}.py"] = assignment.reference_path
    return dict(sorted(contents.items()))


def build_autograder_zip(assignment: Assignment, out_dir: Path) -> Path:
    """Write the zip atomically (a half-written zip would be uploaded as broken) and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    destination = out_dir / zip_name(assignment)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in zip_contents(assignment).items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.external_attr = (0o100755 if name in EXECUTABLES else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content if isinstance(content, bytes) else content.read_bytes())
    descriptor, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(buffer.getvalue())
        os.chmod(temporary, 0o644)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return destination
