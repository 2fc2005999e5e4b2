"""What a suite is worth: read from its test files' source where that is certain, else found by collecting it.

Collecting imports every test module, and with them torch (1-3 s): too slow for ``autograder list``,
which needs only the points. :func:`read_points` reads the ``points`` markers from the syntax tree
instead, counting parametrised cases as pytest does; it gives up (returns None) on anything whose
count only running the code could tell (a computed parameter list, a parametrised fixture, a hook,
a test class), and :func:`question_points` then collects. A test holds both ways to one answer for
every assignment (tests/grading/test_collect.py).
"""

from __future__ import annotations

import ast
import io
from contextlib import redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograder.assignment import Assignment

TEST_PREFIX = "test"  # python_functions = test_* (autograder/grading/pytest.ini); classes are not read


def question_points(assignment: "Assignment") -> dict[str, float]:
    """Points per question, without importing the suite where its source says it all."""
    points = read_points(assignment)
    return points if points is not None else suite_points(assignment)


def suite_points(assignment: "Assignment") -> dict[str, float]:
    """Points per question, by collecting the suite with pytest. Device variants of one test share its points."""
    import pytest

    from autograder.grading.plugin import GradingPlugin, case_group, isolated_pytest_args, marker_fields

    class Collector(GradingPlugin):
        def __init__(self) -> None:
            super().__init__(proxy_factory=lambda reveal: None, reference_loader=lambda: None,
                             devices=assignment.devices, cuda_available=False)
            self.items: list[pytest.Item] = []

        def pytest_collection_finish(self, session: pytest.Session) -> None:
            self.items = list(session.items)

    paths = assignment.test_paths()
    if not paths:  # pytest given no paths would collect the current folder instead
        return {}
    collector = Collector()
    args = isolated_pytest_args(paths, assignment.root) + ["--collect-only", "-q", "-p", "no:unraisableexception",
                                                           "-p", "no:threadexception"]  # their gc.collect(): 0.1-0.3 s
    with redirect_stdout(io.StringIO()):
        pytest.main(args, plugins=[collector])
    points: dict[str, float] = {}
    seen: set[tuple] = set()
    for item in collector.items:
        key = case_group(item)
        if key in seen:
            continue
        seen.add(key)
        value, _, _, question = marker_fields(item, item.get_closest_marker("points"))
        points[question] = points.get(question, 0.0) + value
    return points


# ------------------------------------------------------------------------------------ from the source


class _Unsure(Exception):
    """The source does not settle the count: collect instead."""


def read_points(assignment: "Assignment") -> dict[str, float] | None:
    """Points per question from the test files' syntax trees, or None when only collecting can tell."""
    points: dict[str, float] = {}
    try:
        for folder in assignment.test_paths():
            for path in sorted(folder.rglob("*.py")):
                relative = path.relative_to(folder).parts
                if "__pycache__" in relative or any(part.startswith(".") for part in relative):
                    continue
                if path.name == "conftest.py":
                    _check_conftest(_parse(path))
                elif path.name.startswith("test_"):
                    for question, value in _module_points(path):
                        points[question] = points.get(question, 0.0) + value
    except _Unsure:
        return None
    return points


def _parse(path: Path) -> ast.Module:
    try:
        return ast.parse(path.read_bytes(), filename=str(path))
    except (OSError, SyntaxError, ValueError) as error:
        raise _Unsure(str(error)) from None


def _check_conftest(tree: ast.Module) -> None:
    """A conftest may hold helpers and plain fixtures; hooks and parametrised fixtures change what is collected."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name.startswith("pytest_"):
                raise _Unsure(f"hook {node.name}")
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and _dotted(decorator.func).endswith("fixture") \
                        and any(k.arg in ("params", "ids") for k in decorator.keywords):
                    raise _Unsure(f"parametrised fixture {node.name}")
        elif isinstance(node, ast.Assign) and "pytest_plugins" in [n for t in node.targets for n in _bound_names(t)]:
            raise _Unsure("pytest_plugins")


def _module_points(path: Path) -> list[tuple[str, float]]:
    tree = _parse(path)
    _check_conftest(tree)
    module_question = path.stem.removeprefix("test_")
    constants: dict[str, ast.expr] = {}
    tests: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            tests.pop(node.name, None)  # a later definition replaces an earlier one, as in the module
            if node.name.startswith(TEST_PREFIX):
                tests[node.name] = node
        elif isinstance(node, ast.ClassDef):
            if node.name.startswith("Test"):
                raise _Unsure(f"test class {node.name}")
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in _bound_names(target):
                    if name.startswith(TEST_PREFIX) or name == "pytestmark":
                        raise _Unsure(f"module-level {name}")
                    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(target, ast.Name):
                        constants[name] = node.value
                    else:
                        constants.pop(name, None)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if (alias.asname or alias.name).split(".")[0].startswith(TEST_PREFIX):
                    raise _Unsure(f"imported {alias.name}")
        elif isinstance(node, (ast.If, ast.Try)):
            for inner in ast.walk(node):  # what is defined or bound only on some paths is not read
                if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
                    raise _Unsure(f"a definition inside a module-level {type(node).__name__}")
                if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
                    if inner.id.startswith(TEST_PREFIX) or inner.id == "pytestmark":
                        raise _Unsure(f"module-level {inner.id}")
                    constants.pop(inner.id, None)
        elif not isinstance(node, ast.Expr):
            raise _Unsure(f"module-level {type(node).__name__}")
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for inner in ast.walk(node):  # a module that skips itself while it is collected has no tests
                if isinstance(inner, ast.Call) and _dotted(inner.func).split(".")[-1] in ("skip", "importorskip"):
                    raise _Unsure("module-level skip")
    found = []
    for test in tests.values():
        value, question, cases = 0.0, module_question, 1
        for decorator in test.decorator_list:
            if not isinstance(decorator, ast.Call):
                if _dotted(decorator).startswith("pytest.mark."):
                    continue  # a bare marker (skip, xfail, ...): still collected
                raise _Unsure(f"decorator of {test.name}")
            name = _dotted(decorator.func)
            if name == "pytest.mark.points":
                value, question = _points_marker(decorator, module_question)
            elif name == "pytest.mark.parametrize":
                cases *= _parameter_count(decorator, constants)
            elif not name.startswith("pytest.mark."):
                raise _Unsure(f"decorator {name} of {test.name}")
        found.append((question, value * cases))
    return found


def _bound_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _bound_names(element)]
    return []


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _points_marker(call: ast.Call, module_question: str) -> tuple[float, str]:
    """``points(n, visibility=..., name=..., question=...)`` with literal values (as marker_fields reads it)."""
    keywords = {k.arg: k.value for k in call.keywords}
    if None in keywords or any(isinstance(a, ast.Starred) for a in call.args):
        raise _Unsure("points with * or ** arguments")
    amount = call.args[0] if call.args else keywords.get("n")
    value = _literal(amount) if amount is not None else 0
    question = _literal(keywords["question"]) if "question" in keywords else None
    if type(value) not in (int, float) or (question is not None and type(question) is not str):
        raise _Unsure("points or question not literal")
    return float(value), question or module_question


def _parameter_count(call: ast.Call, constants: dict[str, ast.expr]) -> int:
    """How many cases ``parametrize(names, values, ...)`` makes, when ``values`` is a list or tuple in the source."""
    keywords = {k.arg: k.value for k in call.keywords}
    values = call.args[1] if len(call.args) > 1 else keywords.get("argvalues")
    if isinstance(values, ast.Name):
        values = constants.get(values.id)
    names = call.args[0] if call.args else keywords.get("argnames")
    if not isinstance(values, (ast.List, ast.Tuple)) or not values.elts or set(keywords) - {"ids", "indirect", "scope"}:
        raise _Unsure("parameters not a literal list")
    if not isinstance(names, ast.Constant) and not isinstance(names, (ast.List, ast.Tuple)):
        raise _Unsure("parameter names not literal")
    given = _literal(names)
    listed = [n.strip() for n in given.split(",")] if isinstance(given, str) else [str(n) for n in given]
    if "device" in listed:
        raise _Unsure("a test parametrised over device itself")  # device variants share their points
    if any(isinstance(element, ast.Starred) for element in values.elts):
        raise _Unsure("starred parameters")
    if len({ast.dump(element) for element in values.elts}) != len(values.elts):
        raise _Unsure("repeated parameters")  # equal cases share one case group, and its points
    return len(values.elts)


def _literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise _Unsure("not a literal") from None
