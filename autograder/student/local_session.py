"""The grader's session, served by the notebook's own kernel instead of a sandboxed child.

:class:`LocalSession` is a :class:`~autograder.worker.session.Session` whose transport runs the
request through the worker's :class:`~autograder.worker.runtime.Runtime`, bound to the notebook's
namespace. Every request and reply still goes through the wire format (``torch.save`` /
``torch.load(weights_only=True)``), so arguments arrive as fresh copies, results come back as data
or handles, and the input-mutation and view checks of ``Session.invoke`` see exactly what they see
in the grader. The conditions of a worker call are reproduced around each call: one torch thread,
output captured, ``input()`` answering nothing, and the per-call time limit.
"""

from __future__ import annotations

import builtins
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from typing import Any

import torch

from autograder import errors
from autograder.worker import protocol
from autograder.worker.limits import Limits
from autograder.worker.runtime import STUDENT_MODULE, Runtime
from autograder.worker.session import Session

_MISSING = object()


class NamespaceModule:
    """A module-like view of a namespace dict: what the grader's helpers receive as ``student``.

    IPython does the same for the kernel's ``__main__`` (a plain object whose ``__dict__`` *is*
    the user namespace), so names defined later in the notebook are seen at once.
    """

    def __init__(self, namespace: MutableMapping[str, Any]) -> None:
        self.__dict__ = namespace  # the very dict, not a copy


def module_for(namespace: MutableMapping[str, Any]) -> Any:
    main = sys.modules.get("__main__")
    if main is not None and getattr(main, "__dict__", None) is namespace:
        return main
    return NamespaceModule(namespace)


class KernelRuntime(Runtime):
    """The worker's runtime over an existing namespace; it remembers the last student exception.

    The worker's message keeps only frames from ``<cell N>`` files; a kernel names its cells
    differently, so the exception is kept to rebuild the same message with the kernel's cell names.
    """

    def __init__(self, namespace: MutableMapping[str, Any]) -> None:
        previous = sys.modules.get(STUDENT_MODULE, _MISSING)
        super().__init__()
        if previous is _MISSING:
            sys.modules.pop(STUDENT_MODULE, None)
        else:
            sys.modules[STUDENT_MODULE] = previous
        self.module = module_for(namespace)
        self.last_error: BaseException | None = None

    def resolve(self, target: list) -> Any:
        function = super().resolve(target)

        def remembering(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except BaseException as error:
                self.last_error = error
                raise

        return remembering


class _CallTimedOut(BaseException):
    """Raised into the student's code when its call runs past the time limit."""


class LocalSession(Session):
    """A Session whose calls run in this process, in ``namespace``, with the worker's runtime."""

    def __init__(self, namespace: MutableMapping[str, Any], limits: Limits, *, seed: int = 0, gpu: bool = False) -> None:
        super().__init__(worker=None, cells=[], limits=limits, seed=seed, gpu=gpu)
        self.runtime = KernelRuntime(namespace)

    def start(self) -> None:
        """The notebook has already run (its state is the kernel's); only the time budget can stop a call."""
        if self.fatal is not None:
            raise self.fatal
        if self.remaining() <= 0:
            self.fatal = errors.WorkerTimeout(
                f"the time budget for the whole submission ({self.limits.submission_seconds:g} s) is used up; "
                "this test was not run")
            raise self.fatal

    def close(self, *, died: bool = False) -> dict:
        """Forget the handles; the namespace is the notebook's and stays as it is."""
        self.runtime.handles.clear()
        self.runtime.last_error = None
        return {}

    def exchange(self, request: dict, label: str) -> dict:
        """Serve one request as the worker's loop would, with the wire's encode/decode on both sides."""
        request = protocol.loads(protocol.dumps(request))
        timeout = min(self.limits.call_seconds, max(self.remaining(), 0.05))
        self.runtime.last_error = None
        try:
            with _worker_conditions(self.runtime), _time_limit(timeout):
                reply = self._serve(request)
        except _CallTimedOut:
            reply = {"error": {"type": _CallTimedOut.__name__, "message": ""}}
        reply["output"] = self.runtime.output.take()
        error = self.runtime.last_error
        self.runtime.last_error = None
        if isinstance(reply.get("error"), dict) and reply["error"].get("type") == _CallTimedOut.__name__:
            raise errors.WorkerTimeout(f"{label} did not finish within {timeout:.3g} s (time limit) and was stopped")
        if isinstance(error, KeyboardInterrupt):
            raise error  # the student stopped the kernel: end the check, do not grade the interruption
        if error is not None and isinstance(reply.get("error"), dict):
            reply["error"]["message"] = format_notebook_traceback(error)
        return self._through_the_wire(reply)

    def _serve(self, request: dict) -> dict:
        op = request.get("op")
        if op == "call":
            return self.runtime.call(request)
        if op == "getattr":
            return self.runtime.get_attribute(request)
        return {"error": {"type": "ProtocolError", "message": f"unknown request {op!r}"}}

    def _through_the_wire(self, reply: dict) -> dict:
        try:
            payload = protocol.dumps(reply)
        except Exception as error:  # noqa: BLE001 - as the worker does: a value torch.save cannot write
            payload = protocol.dumps({"error": {"type": "UnsendableResult", "message": str(error)}, "output": ""})
        try:
            if len(payload) > protocol.MAX_FRAME_BYTES:
                raise protocol.FrameTooLarge(f"a reply of {len(payload)} bytes is over the limit of "
                                             f"{protocol.MAX_FRAME_BYTES} bytes")
            return protocol.loads(payload)
        except Exception as error:  # noqa: BLE001 - undecodable data is the student's, as in Session._receive
            raise errors.BadReply(f"the result could not be read back as data ({type(error).__name__}: {error})") from None


@contextmanager
def _worker_conditions(runtime: Runtime) -> Iterator[None]:
    """What a call sees in the worker: one torch thread, captured output, an ``input()`` that returns ''."""
    threads = torch.get_num_threads()
    original_input = builtins.input
    builtins.input = lambda *args: ""
    torch.set_num_threads(1)
    try:
        with redirect_stdout(runtime.output), redirect_stderr(runtime.output):
            yield
    finally:
        torch.set_num_threads(threads)
        builtins.input = original_input


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the call after ``seconds`` (main thread only: that is where a kernel runs cells)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _CallTimedOut()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def format_notebook_traceback(error: BaseException) -> str:
    """The worker's message for a student exception, with the kernel's own cell names for the frames."""
    cell_name = _kernel_cell_namer()
    lines = []
    frames = [(f, cell_name(f.filename)) for f in traceback.extract_tb(error.__traceback__)]
    frames = [(f, name) for f, name in frames if name]
    if frames:
        lines.append("Traceback (your code, most recent call last):")
        for frame, name in frames:
            lines.append(f"  {name}, line {frame.lineno}, in {frame.name}")
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
    lines.extend(traceback.format_exception_only(type(error), error))
    return "\n".join(line.rstrip("\n") for line in lines)


def _kernel_cell_namer():
    """filename -> "cell 3" (the worker's cells) or "cell In[5]" (an IPython kernel's), else None."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    formatter = getattr(getattr(shell, "compile", None), "format_code_name", None)

    def name(filename: str) -> str | None:
        if filename.startswith("<cell "):
            return filename[1:-1]
        if formatter is not None:
            try:
                known = formatter(filename)
            except Exception:  # noqa: BLE001 - a foreign compiler's names are only a nicety
                known = None
            if known:
                return f"cell {known[1]}"
        return None

    return name
