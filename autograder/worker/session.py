"""One submission's conversation with its worker child, with every way it can go wrong named.

A :class:`Session` runs the notebook in a fresh child on first use, sends calls, enforces the
per-call and per-submission time budgets, and, when the child dies or times out, records why
and starts a new child for the remaining tests. What it returns is decoded data; what it raises
is one of :mod:`autograder.errors`, so the grader knows whose fault a failure is.
"""

from __future__ import annotations

import functools
import inspect
import math
import signal
import textwrap
import time
import types
from typing import Any

import torch

from autograder import errors, timeline
from autograder.values import RemoteObject
from autograder.worker import protocol
from autograder.worker.limits import Limits
from autograder.worker.pool import Spawned, Worker

# The student's code shares the worker process with the encoder and can replace it, so a reply may be
# forged: one that breaks the protocol fails the test, as the student's doing, with this explanation.
INTERFERENCE = ("this happens when the notebook interferes with the grader's worker (for example by replacing "
                "its functions)")

# Only a guard against a crash loop: the submission's time budget is what bounds restarts. Five cost a
# student whose one function crashes in six tests every test after them, however correct.
MAX_RESTARTS = 100


class Session:
    def __init__(self, worker: Worker, cells: list[list], limits: Limits, *, seed: int = 0, gpu: bool = False) -> None:
        self.worker = worker
        self.cells = cells
        self.limits = limits
        self.seed = seed
        self.gpu = gpu
        self.deadline = time.monotonic() + limits.submission_seconds  # restarted when the notebook first runs
        self._budget_started = False
        self.child: Spawned | None = None
        self.generation = 0
        self.restarts = 0
        self.fatal: errors.SubmissionFailure | None = None
        self.problems: list[dict] = []
        self.notebook_output = ""
        self.notebook_seconds = 0.0
        self.protections: tuple[str, ...] = ()
        self.events: list[str] = []
        self.calls = 0
        # Accounting, so a benchmark can split a submission's wall time: what the student's code took
        # (as the worker measured it: the notebook's top-level code and every call), and how long the
        # grader waited for the worker in all (that, plus forking and the round trips).
        self.worker_seconds = 0.0
        self.waiting_seconds = 0.0
        self.first_run_waiting = 0.0  # of that, the first run of the notebook (graded before the tests start)
        # The worker's start-up this session waited for (the zygote launching, importing torch): never the
        # submission's. It extends the deadline, and the grader leaves it out of the submission's times.
        self.startup_seconds = 0.0

    # ------------------------------------------------------------------------------ lifecycle

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def start(self) -> None:
        """Run the notebook in a fresh child, unless a fatal problem makes every call pointless."""
        if self.fatal is not None:
            raise self.fatal
        if self.child is not None:
            return
        if self.remaining() <= 0:
            self.fatal = errors.WorkerTimeout(
                f"the time budget for the whole submission ({self.limits.submission_seconds:g} s) is used up; "
                "this test was not run")
            raise self.fatal
        if self.restarts > MAX_RESTARTS:
            self.fatal = errors.WorkerCrashed("your code crashed the worker too many times; the remaining tests were not run")
            raise self.fatal
        waited = self.worker.ensure_ready()
        self.startup_seconds += waited
        if not self._budget_started:  # the budget is the submission's: it starts once the worker can run it
            self.deadline = time.monotonic() + self.limits.submission_seconds
            self._budget_started = True
        else:  # the zygote itself was restarted: its start-up is not the submission's either
            self.deadline += waited
        started = time.perf_counter()
        try:
            self.child = self.worker.spawn(self.cells, self.limits.as_dict(), seed=self.seed, gpu=self.gpu)
            self.generation += 1
            self.protections = self.child.protections
            timeout = min(self.limits.notebook_seconds, max(self.remaining(), 0.1))
            try:
                ready = self._ready(self._receive(timeout))
            except errors.SubmissionFailure as failure:
                what = "running your notebook's top-level code"
                self.fatal = type(failure)(failure.message.replace("the call", what))
                raise self.fatal from None
        finally:
            waited = time.perf_counter() - started
            self.waiting_seconds += waited
            if self.generation == 1:
                self.first_run_waiting = waited
        timeline.mark("notebook done")
        self.problems = ready["problems"]
        self.notebook_output = ready["output"]
        self.notebook_seconds = float(ready["seconds"])
        self.worker_seconds += self.notebook_seconds

    def close(self, *, died: bool = False) -> dict:
        """End the child and sweep its processes; returns the zygote's account of how it ended."""
        if self.child is None:
            return {}
        child, self.child = self.child, None
        return self.worker.end(child, died=died)

    # ------------------------------------------------------------------------------ transport

    def _receive(self, timeout: float) -> dict:
        try:
            reply = protocol.receive(self.child.channel.fileno(), timeout=timeout)
        except protocol.ChannelTimeout:
            self._lose_child()
            raise errors.WorkerTimeout(f"the call did not finish within {timeout:.3g} s (time limit) and was stopped") from None
        except (protocol.ChannelClosed, OSError):
            ending = self._lose_child(died=True)
            raise self._death_failure(ending) from None
        except protocol.FrameTooLarge as error:
            self._lose_child()
            raise errors.BadReply(f"the result of the call is too large for the grader to read back: {error}") from None
        except Exception as error:  # noqa: BLE001 - what loads() refuses was written by the student's code
            detail = str(error) if isinstance(error, protocol.MalformedReply) else f"{type(error).__name__}: {error}"
            raise self._unreadable("the call", detail[:300]) from None
        if type(reply) is not dict:
            raise self._unreadable("the call", "it is not a dict")
        if "crashed" in reply:  # the runtime itself failed; the child has exited, its channel is dead
            ending = self._lose_child(died=True)
            if ending.get("reason"):
                raise self._death_failure(ending)
            raise errors.WorkerCrashed("the worker broke down during the call: something your code did (a signal handler, "
                                       "a background thread, a returned object that misbehaves) stopped it from answering")
        return reply

    def _send(self, request: dict, timeout: float) -> None:
        try:
            protocol.send(self.child.channel.fileno(), request, timeout=timeout)
        except protocol.ChannelTimeout:  # the child stopped reading (e.g. it was stopped with SIGSTOP)
            self._lose_child()
            raise errors.WorkerTimeout(f"the call did not finish within {timeout:.3g} s (time limit) and was stopped") from None
        except OSError:  # the child is gone: report how it ended, like a closed channel
            ending = self._lose_child(died=True)
            raise self._death_failure(ending) from None

    def _unreadable(self, label: str, detail: str) -> errors.BadReply:
        """A reply that breaks the protocol: the failure is the submission's, and its child is not trusted again."""
        self._lose_child()
        return errors.BadReply(f"{label}: the worker sent a reply the grader could not read ({detail}); {INTERFERENCE}")

    def _decoded(self, encoded: Any, label: str, session: "Session | None") -> Any:
        """A value of a reply, decoded strictly; ``session`` None where the protocol allows no handles."""
        try:
            return protocol.decode(encoded, session)
        except protocol.MalformedReply as error:
            raise self._unreadable(label, str(error)) from None

    def _ready(self, reply: dict) -> dict:
        """The message that says the notebook ran, with the fields and types the runtime writes, or BadReply."""
        problems, output, seconds = reply.get("problems"), reply.get("output"), reply.get("seconds")
        if reply.get("ready") is not True or type(problems) is not list or not all(map(_is_problem, problems)):
            raise self._unreadable("the call", "its list of the notebook's failing cells is malformed")
        if type(output) is not str or not _is_seconds(seconds):
            raise self._unreadable("the call", "its output or its time is malformed")
        return reply

    def _checked(self, reply: dict, label: str, arguments: int = 0) -> dict:
        """A call's reply, with the fields and types the runtime writes, or BadReply."""
        problem = _reply_problem(reply, arguments)
        if problem:
            raise self._unreadable(label, problem)
        return reply

    def _lose_child(self, *, died: bool = False) -> dict:
        self.restarts += 1
        self.events.append("worker restarted")
        return self.close(died=died)

    def _death_failure(self, ending: dict) -> errors.SubmissionFailure:
        reason = ending.get("reason")
        if reason:
            return errors.LimitExceeded(f"your code was stopped: {reason}")
        status = ending.get("status")
        if status is not None and os_signal(status) is not None:
            sig = os_signal(status)
            if sig == signal.SIGXCPU:
                return errors.LimitExceeded(f"your code was stopped: it used more than {self.limits.submission_seconds:g} s of CPU time")
            if sig == signal.SIGXFSZ:
                return errors.LimitExceeded(f"your code was stopped: it wrote a file larger than {self.limits.file_size_mb} MB")
            return errors.WorkerCrashed(f"the worker process was killed by signal {signal.Signals(sig).name} during the call "
                                        "(a crash in native code, or a memory problem)")
        if status is not None:
            code = status >> 8
            return errors.WorkerCrashed(f"the worker process exited with status {code} during the call "
                                        "(does your code call os._exit or kill its own process?)")
        return errors.WorkerCrashed("the worker process stopped answering during the call")

    # ---------------------------------------------------------------------------------- calls

    def invoke(self, target: tuple, args: tuple, kwargs: dict, *, check_inputs: bool = True,
               allow_views: bool = False, label: str | None = None) -> Any:
        """Call something in the worker; returns decoded data or a RemoteObject, raises SubmissionFailure."""
        for value in (*args, *kwargs.values()):
            if isinstance(value, RemoteObject) and value._session is self and getattr(value, "_generation", self.generation) != self.generation:
                raise errors.WorkerCrashed(f"{value.type_name} was lost when the worker restarted after an earlier failure")
        self.start()
        label = label or _label(target)
        request = {"op": "call", "target": list(target), "args": protocol.encode_arguments(list(args)),
                   "kwargs": protocol.encode_arguments(dict(kwargs)), "return_args": check_inputs,
                   "seed": self.seed + self.calls, "synchronize": self.gpu}
        self.calls += 1
        reply = self._checked(self.exchange(request, label), label, len(args))
        if "missing" in reply:
            raise errors.MissingFunction(self._missing_message(str(reply["missing"])))
        if "error" in reply:
            raise errors.StudentError(f"{label} raised an exception:\n{reply['error']['message']}".rstrip(),
                                      student_output=reply.get("output", ""))
        value = self._decoded(reply["value"], label, self)
        _stamp_generation(value, self.generation)
        if check_inputs:
            self._check_unchanged(label, args, kwargs, reply)
        if not allow_views and reply.get("aliases"):
            position = reply["aliases"][0] + 1
            raise errors.SubmissionFailure(f"{label} returned a view of its argument {position} (the result shares memory "
                                           "with the input); return a new tensor, e.g. with .clone()")
        return value

    def exchange(self, request: dict, label: str) -> dict:
        """Send one request to the child and wait (within the time limits) for its reply."""
        timeout = min(self.limits.call_seconds, max(self.remaining(), 0.05))
        started = time.perf_counter()
        try:
            self._send(request, timeout)
            reply = self._receive(timeout)
        except errors.SubmissionFailure as failure:
            failure.message = failure.message.replace("the call", label)
            failure.args = (failure.message,)
            raise
        finally:
            self.waiting_seconds += time.perf_counter() - started
        seconds = reply.get("seconds")
        if type(seconds) in (int, float) and seconds > 0:
            self.worker_seconds += float(seconds)
        return reply

    def get_attribute(self, handle: int, name: str) -> Any:
        self.start()
        label = f"reading .{name}"
        reply = self._checked(self.exchange({"op": "getattr", "handle": handle, "name": name}, label), label)
        if "error" in reply:
            raise errors.StudentError(f"{label} raised an exception:\n{reply['error']['message']}")
        if "missing" in reply:
            raise self._unreadable(label, "it says a name is missing, which reading an attribute never does")
        value = self._decoded(reply["value"], label, self)
        _stamp_generation(value, self.generation)
        return value

    def _missing_message(self, name: str) -> str:
        message = f"your notebook does not define `{name}`"
        if self.problems:
            first = self.problems[0]
            message += (f" (cell {first.get('cell')} failed with {first.get('type')}, which may be why; "
                        f"the error was:\n{first.get('error', '')})")
        return message

    def _check_unchanged(self, label: str, args: tuple, kwargs: dict, reply: dict) -> None:
        after_args = self._decoded(reply.get("args_after"), label, None)
        after_kwargs = self._decoded(reply.get("kwargs_after"), label, None)
        if type(after_args) is not list or len(after_args) != len(args) or type(after_kwargs) is not dict \
                or set(after_kwargs) != set(kwargs):
            raise self._unreadable(label, "it does not return the arguments as they were after the call")
        for position, (before, after) in enumerate(zip(args, after_args)):
            if _changed(before, after):
                raise errors.SubmissionFailure(f"{label} modified its argument {position + 1} in place; "
                                               "the inputs must be left unchanged (work on a copy)")
        for key, before in kwargs.items():
            if _changed(before, after_kwargs[key]):
                raise errors.SubmissionFailure(f"{label} modified its argument `{key}` in place; "
                                               "the inputs must be left unchanged (work on a copy)")


def _reply_problem(reply: dict, arguments: int) -> str | None:
    """What is wrong with a call's reply (None: nothing); ``arguments`` is how many positional ones were sent."""
    outcomes = [key for key in ("missing", "error", "value") if key in reply]
    if len(outcomes) != 1:
        return "it holds none or several of a value, an error and a missing name"
    if "missing" in reply and type(reply["missing"]) not in (str, int):  # an int: a handle the worker lost
        return "the missing name is not a name"
    if "error" in reply and not (type(reply["error"]) is dict and type(reply["error"].get("message")) is str):
        return "its error has no message"
    if type(reply.get("output", "")) is not str:
        return "its output is not text"
    if not _is_seconds(reply.get("seconds", 0.0)):
        return "its time is not a number of seconds"
    aliases = reply.get("aliases", [])
    if type(aliases) is not list or not all(type(a) is int and 0 <= a < arguments for a in aliases):
        return "its list of arguments the result is a view of is malformed"
    return None


def _is_problem(problem: Any) -> bool:
    """One failing cell as the runtime reports it: its number, the error's type and the student's traceback."""
    return (type(problem) is dict and set(problem) == {"cell", "error", "type"} and type(problem["cell"]) is int
            and type(problem["error"]) is str and type(problem["type"]) is str)


def _is_seconds(value: Any) -> bool:
    return type(value) in (int, float) and 0 <= value < math.inf


def os_signal(status: int) -> int | None:
    return status & 0x7F if (status & 0x7F) not in (0, 0x7F) else None


def _label(target: tuple) -> str:
    if target[0] == "name":
        return f"{target[1]}(...)"
    if target[0] == "method":
        return f".{target[2]}(...)"
    if target[0] == "helper":
        return f"the grader's check `{target[2]}`"
    return "calling your object"


def _stamp_generation(value: Any, generation: int) -> None:
    if isinstance(value, RemoteObject):
        object.__setattr__(value, "_generation", generation)
    elif type(value) in (list, tuple):
        for item in value:
            _stamp_generation(item, generation)
    elif type(value) is dict:
        for item in value.values():
            _stamp_generation(item, generation)


def _changed(before: Any, after: Any) -> bool:
    """True when a data argument came back different from what was sent (handles are skipped)."""
    if isinstance(before, RemoteObject):
        return False
    if isinstance(before, torch.Tensor):
        if not isinstance(after, torch.Tensor) or after.shape != before.shape or after.dtype != before.dtype:
            return True
        return not torch.equal(before.detach().cpu(), after.detach().cpu()) and not (
            before.is_floating_point() and torch.equal(before.detach().cpu().isnan(), after.detach().cpu().isnan())
            and torch.equal(before.detach().cpu().nan_to_num(), after.detach().cpu().nan_to_num()))
    if type(before) in (list, tuple):
        return type(after) is not type(before) or len(after) != len(before) or any(_changed(b, a) for b, a in zip(before, after))
    if type(before) is dict:
        return type(after) is not dict or set(after) != set(before) or any(_changed(v, after[k]) for k, v in before.items())
    return False


def helper_source(helper: Any) -> tuple[str, str]:
    """The source of a test-authored helper, to run in the worker (see Submission.run)."""
    if not inspect.isfunction(helper) or helper.__qualname__ != helper.__name__:
        raise errors.GraderError("submission.run() needs a top-level function defined in the test module")
    return _source_of(helper.__code__), helper.__name__


@functools.lru_cache(maxsize=512)
def _source_of(code: types.CodeType) -> str:
    """inspect.getsource tokenizes the file on every call (~1 ms); a helper runs many times per process."""
    return textwrap.dedent(inspect.getsource(code))
