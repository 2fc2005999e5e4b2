"""What runs inside a forked worker: the student's notebook, then the grader's calls, one at a time.

This module is the only place student code executes. It answers over a private channel with
plain data (see :mod:`autograder.worker.protocol`) and never decides anything: it reports what
happened and the grader judges. Nothing here is trusted by the grader.
"""

from __future__ import annotations

import builtins
import io
import linecache
import os
import random
import sys
import time
import traceback
import types
from typing import Any

import numpy as np
import torch

from autograder.worker import protocol

STUDENT_MODULE = "__submission__"
OUTPUT_LIMIT = 16 * 1024


class CappedOutput(io.TextIOBase):
    """stdout/stderr stand-in that keeps the first few KB and counts the rest, so floods cost nothing."""

    def __init__(self, limit: int = OUTPUT_LIMIT) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.kept = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        room = self.limit - self.kept
        if room > 0:
            self.parts.append(text[:room])
            self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def take(self) -> str:
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n[... {self.dropped} more characters of output not kept]"
        self.parts, self.kept, self.dropped = [], 0, 0
        return text


class _IPythonStub:
    """Enough of get_ipython() for notebooks that call it; nothing it does reaches the system."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def seed_everything(seed: int) -> None:
    """Seed Python, numpy and torch (CPU, and CUDA once it is in use); torch.manual_seed itself is ~100x slower."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.default_generator.manual_seed(seed)
    if torch.cuda.is_initialized():
        torch.cuda.manual_seed_all(seed)


def format_student_traceback(error: BaseException) -> str:
    """The exception with only the student's own frames (their cells), as a student reads it."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith("<cell ")]
    lines = []
    if frames:
        lines.append("Traceback (your code, most recent call last):")
        for frame in frames:
            lines.append(f"  {frame.filename[1:-1]}, line {frame.lineno}, in {frame.name}")
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
    lines.extend(traceback.format_exception_only(type(error), error))
    return "\n".join(line.rstrip("\n") for line in lines)


class Runtime:
    """The student's namespace plus the handle table for objects that cannot travel as data."""

    def __init__(self) -> None:
        self.module = types.ModuleType(STUDENT_MODULE)
        self.module.__dict__.update(__builtins__=builtins, get_ipython=_IPythonStub, display=print)
        sys.modules[STUDENT_MODULE] = self.module
        self.handles: dict[int, Any] = {}
        self.output = CappedOutput()

    # ----------------------------------------------------------------------------- the notebook

    def run_cells(self, cells: list[list]) -> list[dict]:
        """Run each cell on its own, as Jupyter would; a broken cell is reported and the rest still run."""
        problems = []
        for number, source in cells:
            filename = f"<cell {number}>"
            linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
            try:
                code = compile(source, filename, "exec")
            except SyntaxError as error:
                problems.append({"cell": number, "error": format_student_traceback(error), "type": "SyntaxError"})
                continue
            try:
                exec(code, self.module.__dict__)
            except BaseException as error:  # noqa: BLE001 - any student failure is reported, not raised
                problems.append({"cell": number, "error": format_student_traceback(error), "type": type(error).__name__})
        return problems

    # -------------------------------------------------------------------------------- the calls

    def keep(self, value: Any) -> int:
        handle = len(self.handles) + 1
        self.handles[handle] = value
        return handle

    def lookup(self, handle: int) -> Any:
        return self.handles[handle]

    def resolve(self, target: list) -> Any:
        kind = target[0]
        if kind == "name":
            name = target[1]
            if name not in self.module.__dict__:
                raise LookupError(name)
            return self.module.__dict__[name]
        if kind == "handle":
            return self.handles[target[1]]
        if kind == "method":
            return getattr(self.handles[target[1]], target[2])
        if kind == "helper":
            namespace: dict[str, Any] = {"__name__": "__grader_helper__"}
            exec(compile(target[1], "<grader helper>", "exec"), namespace)
            helper = namespace[target[2]]
            return lambda *args, **kwargs: helper(self.module, *args, **kwargs)
        raise ValueError(f"unknown call target {kind!r}")

    def call(self, request: dict) -> dict:
        try:
            function = self.resolve(request["target"])
        except LookupError:
            return {"missing": request["target"][1]}
        args = protocol.decode_arguments(request["args"], self.lookup)
        kwargs = protocol.decode_arguments(request["kwargs"], self.lookup)
        seed_everything(int(request.get("seed", 0)))
        started = time.perf_counter()
        try:
            result = function(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are student errors too
            return {"error": {"type": type(error).__name__, "message": format_student_traceback(error)},
                    "seconds": time.perf_counter() - started}
        seconds = time.perf_counter() - started
        if request.get("synchronize") and torch.cuda.is_available() and torch.cuda.is_initialized():
            torch.cuda.synchronize()
        try:  # encoding inspects the student's objects (their __iter__, __class__, ...), which may raise
            reply = {"value": protocol.encode(result, self.keep), "seconds": seconds,
                     "aliases": _aliased_arguments(result, args, kwargs)}
            if request.get("return_args"):
                reply["args_after"] = protocol.encode(list(args), None)
                reply["kwargs_after"] = protocol.encode(dict(kwargs), None)
        except BaseException as error:  # noqa: BLE001 - the student's objects misbehaved, not the runtime
            return {"error": _unsendable(error), "seconds": seconds}
        return reply

    def get_attribute(self, request: dict) -> dict:
        try:
            value = getattr(self.handles[request["handle"]], request["name"])
        except BaseException as error:  # noqa: BLE001
            return {"error": {"type": type(error).__name__, "message": format_student_traceback(error)}}
        try:
            return {"value": protocol.encode(value, self.keep)}
        except BaseException as error:  # noqa: BLE001
            return {"error": _unsendable(error)}


def _unsendable(error: BaseException) -> dict:
    message = ("your code returned, but the result could not be sent back as data: inspecting it raised "
               + format_student_traceback(error))
    return {"type": "UnsendableResult", "message": message}


def _aliased_arguments(result: Any, args: tuple, kwargs: dict) -> list[int]:
    """Positions of tensor arguments whose storage the result shares (a view of the input returned)."""
    if type(result) is not torch.Tensor:
        return []
    try:
        pointer = result.untyped_storage().data_ptr()
    except Exception:  # noqa: BLE001
        return []
    return [i for i, arg in enumerate(args) if type(arg) is torch.Tensor and arg.untyped_storage().data_ptr() == pointer and pointer]


def serve(channel: int, cells: list[list], seed: int) -> None:
    """The child's whole life: run the notebook, report, then answer calls until the grader hangs up."""
    runtime = Runtime()
    sys.stdout = sys.stderr = runtime.output
    builtins.input = lambda *args: ""
    seed_everything(seed)
    started = time.perf_counter()
    problems = runtime.run_cells(cells)
    protocol.send(channel, {"ready": True, "problems": problems, "seconds": time.perf_counter() - started,
                            "output": runtime.output.take()})
    while True:
        try:
            request = protocol.receive(channel)
        except protocol.ChannelClosed:
            return
        op = request.get("op")
        if op == "call":
            reply = runtime.call(request)
        elif op == "getattr":
            reply = runtime.get_attribute(request)
        else:
            reply = {"error": {"type": "ProtocolError", "message": f"unknown request {op!r}"}}
        reply["output"] = runtime.output.take()
        try:
            protocol.send(channel, reply)
        except Exception as error:  # noqa: BLE001 - e.g. a value the wire format cannot carry
            protocol.send(channel, {"error": {"type": "UnsendableResult", "message": str(error)}, "output": ""})


def child_main(channel: int, cells: list[list], seed: int) -> None:
    """Entry point in the forked child; never returns, never runs atexit handlers of the student."""
    code = 0
    try:
        serve(channel, cells, seed)
    except BaseException:  # noqa: BLE001 - reported as a crash; the details help staff debug the runtime
        code = 70
        try:
            protocol.send(channel, {"crashed": traceback.format_exc()[-4000:]})
        except BaseException:  # noqa: BLE001
            pass
    finally:
        os._exit(code)
