"""LocalSession runs calls in the notebook's own namespace, yet answers as the sandboxed worker does."""

from __future__ import annotations

import builtins
import linecache
import sys
import types

import pytest
import torch

from autograder import errors
from autograder.grading.proxy import SubmissionProxy
from autograder.student.check import run_in_namespace
from autograder.student.local_session import LocalSession, format_notebook_traceback
from autograder.values import RemoteObject, Unsendable
from autograder.worker.limits import Limits
from autograder.worker.runtime import format_student_traceback
from autograder.worker.session import Session

from .toy import run_cells

FAST = Limits(notebook_seconds=5, call_seconds=0.5, submission_seconds=60)

FUNCTIONS = '''
import torch
seen = []

def add(a, b):
    seen.append(a)
    return a + b

def fails(x):
    return helper(x)

def helper(x):
    return x.does_not_exist

def chatty(x):
    print("working on", x)
    raise ValueError("no")

def adds_in_place(x):
    x.add_(1)
    return x.sum()

def returns_view(x):
    return x[:2]

def noise():
    return torch.rand(3)

def make_layer():
    torch.manual_seed(0)
    return torch.nn.Linear(3, 2)

def parameter():
    return torch.nn.Parameter(torch.ones(2))

def asks():
    return input("your name? ")

def threads():
    return torch.get_num_threads()

def spins():
    while True:
        pass
'''

# Calls whose outcome (value or message) must be the same in the kernel and in the worker.
SAME_ANSWER = [
    ("add", (torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])), {}),
    ("add", (2, 3), {}),
    ("fails", (torch.ones(1),), {}),
    ("chatty", (7,), {}),
    ("adds_in_place", (torch.zeros(3),), {}),
    ("returns_view", (torch.arange(4.0),), {}),
    ("noise", (), {}),
    ("parameter", (), {}),
    ("asks", (), {}),
    ("threads", (), {}),
    ("not_defined", (1,), {}),
]


@pytest.fixture
def namespace() -> dict:
    return run_cells(FUNCTIONS)


@pytest.fixture
def local(namespace):
    session = LocalSession(namespace, FAST)
    yield SubmissionProxy(session, reveal_inputs=True)
    session.close()


def _answer(proxy: SubmissionProxy, name: str, args: tuple, kwargs: dict):
    try:
        return "value", proxy.call(name, *args, **kwargs)
    except errors.SubmissionFailure as failure:
        return type(failure).__name__, failure.message, failure.student_output


def _same(a, b) -> bool:
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        return type(a) is type(b) and a.dtype == b.dtype and torch.equal(a, b)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


@pytest.mark.parametrize(("name", "args", "kwargs"), SAME_ANSWER, ids=[f"{c[0]}-{i}" for i, c in enumerate(SAME_ANSWER)])
def test_a_call_answers_as_in_the_graders_worker(worker, namespace, name, args, kwargs):
    remote = Session(worker, [[1, FUNCTIONS]], FAST)
    local = LocalSession(namespace, FAST)
    try:
        in_worker = _answer(SubmissionProxy(remote, reveal_inputs=True), name, args, kwargs)
        in_kernel = _answer(SubmissionProxy(local, reveal_inputs=True), name, args, kwargs)
    finally:
        remote.close()
        local.close()
    assert _same(in_kernel, in_worker), (in_kernel, in_worker)


def test_arguments_arrive_as_copies_that_went_through_the_wire(local, namespace):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    assert torch.equal(local.add(x, 1.0), torch.tensor([2.0, 3.0]))
    (received,) = namespace["seen"]
    assert received is not x and received.requires_grad


def test_in_place_changes_are_allowed_only_when_the_test_says_so(local):
    x = torch.zeros(3)
    with pytest.raises(errors.SubmissionFailure, match=r"modified its argument 1 in place"):
        local.adds_in_place(x)
    assert local.call("adds_in_place", x, mutates_inputs=True) == 3.0
    assert torch.equal(x, torch.zeros(3))  # the test's own tensor is never touched


def test_objects_come_back_as_handles_that_work_like_the_workers(local):
    layer = local.make_layer()
    assert isinstance(layer, RemoteObject) and layer.type_name == "torch.nn.modules.linear.Linear"
    assert layer.get("in_features") == 3
    assert isinstance(layer.get("weight"), Unsendable)  # a Parameter is a tensor subclass: not plain data
    assert layer(torch.ones(1, 3)).shape == (1, 2)


def test_a_call_that_runs_too_long_is_stopped_with_the_graders_message(local):
    with pytest.raises(errors.WorkerTimeout, match=r"^spins\(\) did not finish within 0.5 s \(time limit\) and was stopped$"):
        local.spins()


def test_names_defined_after_the_session_started_are_seen(local, namespace):
    namespace["late"] = lambda: "here"
    assert local.late() == "here"


def test_what_the_student_prints_is_kept_for_the_message_not_shown(local, capsys):
    with pytest.raises(errors.StudentError) as failure:
        local.chatty(7)
    assert failure.value.student_output == "working on 7\n"
    assert capsys.readouterr().out == ""


def test_the_kernel_is_left_as_it_was(local):
    threads, ask = torch.get_num_threads(), builtins.input
    assert local.threads() == 1 and local.asks() == ""
    with pytest.raises(errors.WorkerTimeout):
        local.spins()
    assert torch.get_num_threads() == threads and builtins.input is ask


def test_cell_frames_are_formatted_exactly_as_in_the_worker(namespace):
    with pytest.raises(AttributeError) as raised:
        namespace["fails"](torch.ones(1))
    assert format_notebook_traceback(raised.value) == format_student_traceback(raised.value)
    assert "  cell 1, line 13, in helper\n    return x.does_not_exist\n" in format_notebook_traceback(raised.value)


def test_stopping_the_kernel_ends_the_check_instead_of_failing_one_test(toy_suite):
    pressed_stop = run_cells("def add(a, b):\n    raise KeyboardInterrupt\n")
    with pytest.raises(KeyboardInterrupt):
        run_in_namespace(toy_suite, pressed_stop)


def test_in_a_kernel_frames_are_named_by_the_cells_execution_count(monkeypatch):
    kernel_file = "/tmp/ipykernel_42/3141.py"
    source = "def stub():\n    raise NotImplementedError('yours')\n"
    linecache.cache[kernel_file] = (len(source), None, source.splitlines(True), kernel_file)
    namespace: dict = {}
    exec(compile(source, kernel_file, "exec"), namespace)
    names = {kernel_file: ("Cell", "In[5]")}
    shell = types.SimpleNamespace(compile=types.SimpleNamespace(format_code_name=names.get))
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
    with pytest.raises(NotImplementedError) as raised:
        namespace["stub"]()
    assert format_notebook_traceback(raised.value) == (
        "Traceback (your code, most recent call last):\n"
        "  cell In[5], line 2, in stub\n    raise NotImplementedError('yours')\n"
        "NotImplementedError: yours")
