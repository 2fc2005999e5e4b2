"""``check("nms")``: the public tests of one question (or all) against the notebook as it is now.

Inside the grader's worker (``AUTOGRADER_WORKER=1``) it does nothing: the grader runs every cell
of the notebook, check cells included, and grades with its own tests. Everywhere else it runs the
same public tests, through the same plugin and comparisons, against the functions defined in the
calling namespace (the kernel's ``__main__``), with the student's code called the way the worker
calls it (see :mod:`autograder.student.local_session`).
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from autograder.student.report import CheckReport
    from autograder.student.suite import PublicSuite

WORKER_ENVIRONMENT = "AUTOGRADER_WORKER"


def inside_worker() -> bool:
    return os.environ.get(WORKER_ENVIRONMENT) == "1"


def check(question: str | None = None, *, assignment: str | None = None,
          namespace: MutableMapping[str, Any] | None = None) -> None:
    """Run the public tests of ``question`` (all questions if None) and show what the grader would say.

    ``assignment`` names the assignment (or its folder) when it cannot be found from the notebook's
    folder or file name. ``namespace`` defaults to the notebook's (``__main__``).
    """
    if inside_worker():
        return None
    from autograder.student.display import show
    from autograder.student.suite import locate_suite, notebook_file_of

    namespace = notebook_namespace() if namespace is None else namespace
    suite = locate_suite(assignment, notebook_file=notebook_file_of(namespace))
    show(run_in_namespace(suite, namespace, question=question))
    return None


def notebook_namespace() -> MutableMapping[str, Any]:
    """The namespace the student's cells run in: IPython's user namespace, else ``__main__``'s."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        return shell.user_ns
    return sys.modules["__main__"].__dict__


def run_in_namespace(suite: PublicSuite, namespace: MutableMapping[str, Any], *,
                     question: str | None = None) -> CheckReport:
    """The CheckReport of ``suite``'s public tests against the functions in ``namespace``, run in this process."""
    import torch

    from autograder.student.local_session import LocalSession
    from autograder.student.runner import run_public_tests

    cuda = torch.cuda.is_available()
    session = LocalSession(namespace, suite.limits, gpu=cuda and "cuda" in suite.devices)
    with _random_state_kept():
        try:
            return run_public_tests(suite, session, question=question, cuda_available=cuda)
        finally:
            session.close()


@contextmanager
def _random_state_kept() -> Iterator[None]:
    """Calls are seeded as in the worker; the notebook's own random streams are left as they were."""
    import numpy as np
    import torch

    python_state, numpy_state, torch_state = random.getstate(), np.random.get_state(), torch.get_rng_state()
    cuda_states = torch.cuda.get_rng_state_all() if torch.cuda.is_available() and torch.cuda.is_initialized() else None
    try:
        yield
    finally:
        random.setstate(python_state)
        np.random.set_state(numpy_state)
        torch.set_rng_state(torch_state)
        if cuda_states is not None:
            torch.cuda.set_rng_state_all(cuda_states)
