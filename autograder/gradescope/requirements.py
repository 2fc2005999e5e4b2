"""``requirements.txt`` for the Gradescope image: what grading imports, pinned to the versions we test with.

The pins are read from the environment that builds the zip (the Makefile's venv, the one the
test suite passes in), following each package's own requirements, so Gradescope grades with the
exact versions the grader was tested against. torch is not here: setup.sh installs its CPU build
from PyTorch's own index first. A dependency that this Python does not need but another might
(``exceptiongroup; python_version < "3.11"``) is kept as its package declares it.
"""

from __future__ import annotations

from importlib import metadata

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from autograder.errors import GraderError

# The grader imports numpy, nbformat, yaml, pytest and jsonschema; the assignment notebooks import matplotlib.
GRADING_REQUIREMENTS = ("numpy", "nbformat", "pyyaml", "pytest", "jsonschema", "matplotlib")
INSTALLED_SEPARATELY = frozenset({"torch"})


def pinned_requirements(roots: tuple[str, ...] = GRADING_REQUIREMENTS) -> list[str]:
    """``name==version`` for ``roots`` and everything they need here, sorted; conditional extras as declared."""
    environment = {**default_environment(), "extra": ""}
    pins: dict[str, str] = {}
    conditional: dict[str, str] = {}
    pending = [canonicalize_name(r) for r in roots]
    while pending:
        name = pending.pop()
        if name in pins or name in INSTALLED_SEPARATELY:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise GraderError(f"cannot pin {name}: it is not installed in this environment "
                              "(build the zip from the project's venv: make gradescope)") from None
        pins[name] = f"{distribution.metadata['Name']}=={distribution.version}"
        for line in distribution.requires or []:
            requirement = Requirement(line)
            dependency = canonicalize_name(requirement.name)
            marker = requirement.marker
            if marker is None or marker.evaluate(environment):
                pending.append(dependency)
            elif "extra" not in str(marker):
                conditional.setdefault(dependency, line)
    extra = [line for name, line in conditional.items() if name not in pins and name not in INSTALLED_SEPARATELY]
    return sorted(pins.values(), key=str.lower) + sorted(extra, key=str.lower)


def minimum_python(pins: list[str], *, also: tuple[str, ...] = ("torch",)) -> str:
    """The oldest Python every pinned package (and torch) accepts, as ``"3.11"``: setup.sh checks it first."""
    oldest = Version("3.8")
    names = [pin.split("==")[0] for pin in pins if "==" in pin and ";" not in pin] + list(also)
    for name in names:
        try:
            declared = metadata.distribution(name).metadata.get("Requires-Python") or ""
        except metadata.PackageNotFoundError:
            continue
        for spec in SpecifierSet(declared):
            if spec.operator in (">=", ">") and Version(spec.version) > oldest:
                oldest = Version(spec.version)
    return f"{oldest.major}.{oldest.minor}"
