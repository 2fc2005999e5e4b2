"""Well-typed but wrong versions of each graded function, made from the reference.

A hidden suite must pay only for right answers. These variants are what a student who wrote
nothing useful could still hand in: a constant of the right type, shape and dtype; an empty
result; a function that does nothing; one that returns its input; one that always raises the
error the function documents. Each is the reference with one function (or a class's ``forward``)
wrapped at the end of the module, so it runs in the worker exactly like a student's notebook, and
the audit requires each to earn nothing on the question it belongs to.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass
from types import ModuleType

# Runs in the worker at the end of the variant's source; names start with _autograder so they
# cannot clash with the reference's.
_WRAPPER = '''

def _autograder_wrong(original, kind, error=None, first=0):
    import copy
    import functools
    import types

    import torch

    def constant(value, empty=False):
        if isinstance(value, torch.Tensor):
            if empty and value.dim() > 0:
                return value.new_empty((0, *value.shape[1:]))
            return torch.zeros_like(value)
        if isinstance(value, bool):
            return False
        if isinstance(value, (int, float)):
            return type(value)(0)
        if isinstance(value, (list, tuple)):
            return type(value)(constant(item, empty) for item in value)
        if isinstance(value, dict):
            return {key: constant(item, empty) for key, item in value.items()}
        if isinstance(value, torch.nn.Module):
            forward = value.forward
            value.forward = types.MethodType(lambda self, *a, **k: constant(forward(*a, **k), empty), value)
            return value
        return value

    def untouched(*args, **kwargs):
        """What the original returns, computed on copies so that the caller's objects stay as they were."""
        try:
            args, kwargs = copy.deepcopy((args, kwargs))
        except Exception:
            pass
        return original(*args, **kwargs)

    @functools.wraps(original)
    def wrong(*args, **kwargs):
        if kind == "raises":
            raise error("invalid arguments")
        if kind == "does_nothing":
            return None
        if kind == "returns_input":
            return args[first] if len(args) > first else None
        return constant(untouched(*args, **kwargs), empty=(kind == "empty"))

    return wrong
'''

DESCRIPTIONS = {
    "zeros": "returns zeros (False, 0, a module whose output is zeros) of the right type, shape and dtype",
    "empty": "returns an empty tensor of the right dtype",
    "does_nothing": "does nothing and returns None",
    "returns_input": "returns its first argument unchanged",
    "raises": "always raises {error}",
}

# Results that have an obvious constant of their type; an optimizer or None has none.
_CONSTANT_TYPES = ("Tensor", "float", "int", "bool", "tuple", "list", "dict", "Module", "Sequential")


@dataclass(frozen=True)
class WrongVariant:
    question: str
    target: str         # the function, or "Class.forward"
    kind: str
    error: str | None = None

    @property
    def name(self) -> str:
        return f"{self.question}: {self.target} {self.kind}" + (f" {self.error}" if self.error else "")

    @property
    def description(self) -> str:
        return f"{self.target} " + DESCRIPTIONS[self.kind].format(error=self.error)

    def source(self, reference_source: str) -> str:
        """The reference with ``target`` replaced by this wrong version."""
        owner, _, method = self.target.partition(".")
        error = self.error or "None"
        first = 1 if method else 0
        wrapped = f"{owner}.{method}" if method else owner
        return (f"{reference_source.rstrip()}\n{_WRAPPER}\n"
                f"{wrapped} = _autograder_wrong({wrapped}, {self.kind!r}, {error}, first={first})\n")


def graded_target(reference: ModuleType, question: str) -> str | None:
    """The reference function (or class, by its ``forward``) a question grades, matched by name."""
    wanted = question.lower().replace("_", "")
    for name, value in vars(reference).items():
        if name.startswith("_") or name.lower().replace("_", "") != wanted:
            continue
        if inspect.isclass(value) and callable(getattr(value, "forward", None)):
            return f"{name}.forward"
        if inspect.isfunction(value):
            return name
    return None


def wrong_variants(reference: ModuleType, reference_source: str, questions: list[str]) -> list[WrongVariant]:
    """Every applicable wrong variant of every question whose function the reference defines."""
    tree = ast.parse(reference_source)
    functions = {node.name: node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    variants = []
    for question in questions:
        target = graded_target(reference, question)
        if target is None:
            continue
        owner, _, method = target.partition(".")
        node = functions[owner]
        returns = _return_annotation(node, method)
        kinds = ["does_nothing"]
        if any(word in returns for word in _CONSTANT_TYPES):
            kinds.insert(0, "zeros")
            if "Tensor" in returns:
                kinds += ["empty", "returns_input"]
        variants += [WrongVariant(question, target, kind) for kind in kinds]
        variants += [WrongVariant(question, target, "raises", error) for error in _raised(node, functions)]
    return variants


def _return_annotation(node: ast.AST, method: str) -> str:
    if method:
        node = next((m for m in node.body if isinstance(m, ast.FunctionDef) and m.name == method), node)
    returns = getattr(node, "returns", None)
    return ast.unparse(returns) if returns is not None else ""


def _raised(node: ast.AST, functions: dict[str, ast.AST], seen: set[str] | None = None) -> list[str]:
    """Exceptions the function raises itself or through the module's functions it calls (its documented errors)."""
    seen = seen if seen is not None else set()
    errors: list[str] = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Raise) and inner.exc is not None:
            exc = inner.exc.func if isinstance(inner.exc, ast.Call) else inner.exc
            if isinstance(exc, ast.Name) and exc.id not in ("NotImplementedError", *errors):
                errors.append(exc.id)
        elif isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in functions:
            callee = inner.func.id
            if callee not in seen:
                seen.add(callee)
                errors += [e for e in _raised(functions[callee], functions, seen) if e not in errors]
    return errors
