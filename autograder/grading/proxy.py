"""The ``submission`` object hidden tests see: the notebook's functions, called across the process boundary."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import torch

from autograder.values import RemoteObject
from autograder.worker.session import Session, helper_source

MAX_ARGUMENT_TEXT = 120


class SubmissionProxy:
    """``submission.nms(boxes, scores, 0.5)`` runs ``nms`` in the worker and returns data.

    ``reveal_inputs`` is set per test: visible tests name their arguments in failure messages,
    hidden tests only name the function.
    """

    def __init__(self, session: Session, reveal_inputs: bool = False) -> None:
        self._session = session
        self._reveal_inputs = reveal_inputs
        # One proxy per test: its calls are seeded from the session's seed afresh, so a test gets the same
        # seeds whichever tests ran before it (check("question") in a notebook runs only some of them).
        session.calls = 0

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self.call(name, *args, **kwargs)

        call.__name__ = name
        return call

    def call(self, name: str, *args: Any, mutates_inputs: bool = False, allow_views: bool = False, **kwargs: Any) -> Any:
        """Call the notebook's ``name``; ``mutates_inputs=True`` for functions whose contract is to modify arguments."""
        return self._session.invoke(("name", name), args, kwargs, check_inputs=not mutates_inputs,
                                    allow_views=allow_views, label=self.describe_call(name, args, kwargs))

    def run(self, helper: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run ``helper(student, *args, **kwargs)`` inside the worker and return its result as data."""
        source, name = helper_source(helper)
        return self._session.invoke(("helper", source, name), args, kwargs, check_inputs=False, allow_views=True,
                                    label=f"the grader's check `{name}`")

    @property
    def notebook_problems(self) -> list[dict]:
        """Cells that raised while the notebook ran (each: cell number, error type, student traceback)."""
        self._session.start()
        return list(self._session.problems)

    def describe_call(self, name: str, args: tuple, kwargs: dict) -> str:
        if not self._reveal_inputs:
            return f"{name}(...)"
        parts = [_short(a) for a in args] + [f"{k}={_short(v)}" for k, v in kwargs.items()]
        return f"{name}({', '.join(parts)})"


def _short(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        text = f"tensor(shape={list(value.shape)}, dtype={value.dtype}, device={value.device})"
        if value.numel() <= 8:
            text = repr(value.detach().cpu()).replace("\n", " ")
        return text[:MAX_ARGUMENT_TEXT]
    if isinstance(value, np.ndarray):
        return f"ndarray(shape={value.shape}, dtype={value.dtype})"
    if isinstance(value, RemoteObject):
        return f"<your {value.type_name}>"
    text = repr(value)
    return text if len(text) <= MAX_ARGUMENT_TEXT else text[: MAX_ARGUMENT_TEXT - 3] + "..."
