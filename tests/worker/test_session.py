"""A session runs one notebook in a fresh child; every way a call can go wrong is named for the student."""

from __future__ import annotations

import time

import pytest
import torch

from autograder import errors
from autograder.grading.proxy import SubmissionProxy
from autograder.values import RemoteObject
from autograder.worker.limits import Limits
from autograder.worker.session import Session

FAST = Limits(notebook_seconds=5, call_seconds=2, submission_seconds=60)

FUNCTIONS = '''
import os
import torch

def add(a, b):
    return a + b

def fails(x):
    return helper(x)

def helper(x):
    return x.does_not_exist

def spins():
    while True:
        pass

def adds_in_place(x):
    x.add_(1)
    return x.sum()

def returns_view(x):
    return x[:2]

def leaves():
    os._exit(3)

def quits():
    raise SystemExit(0)

def make_layer():
    torch.manual_seed(0)
    return torch.nn.Linear(3, 2)

def noise():
    return torch.rand(3)
'''


@pytest.fixture
def session(worker):
    live = Session(worker, [[1, FUNCTIONS]], FAST)
    yield live
    live.close()


@pytest.fixture
def submission(session):
    return SubmissionProxy(session, reveal_inputs=True)


def test_a_call_returns_data_computed_in_the_worker(submission):
    got = submission.add(torch.ones(2), torch.ones(2))
    assert type(got) is torch.Tensor and got.tolist() == [2.0, 2.0]


def test_the_worker_reports_its_protections(session, submission):
    submission.add(1, 2)
    layers = set(session.protections)
    assert {"cpu", "file size", "open files", "core files", "processes", "seccomp: no network sockets"} <= layers
    assert any(layer.startswith("landlock") for layer in layers) or any("bubblewrap" in layer for layer in layers)


def test_student_exceptions_show_only_their_own_frames(submission):
    with pytest.raises(errors.StudentError) as caught:
        submission.fails(torch.zeros(1))
    message = caught.value.message
    assert "cell 1, line 9, in fails" in message and "cell 1, line 12, in helper" in message
    assert "AttributeError" in message and "runtime.py" not in message


def test_a_missing_function_is_named(submission):
    with pytest.raises(errors.MissingFunction, match="does not define `nms`"):
        submission.nms()


def test_an_endless_call_times_out_and_the_next_call_gets_a_fresh_worker(session, submission):
    started = time.monotonic()
    with pytest.raises(errors.WorkerTimeout, match=r"spins\(\) did not finish within 2 s"):
        submission.spins()
    assert time.monotonic() - started < 6
    assert submission.add(2, 3) == 5
    assert session.events == ["worker restarted"]


def test_a_worker_that_exits_is_reported_and_replaced(submission):
    with pytest.raises(errors.WorkerCrashed, match="exited with status 3"):
        submission.leaves()
    assert submission.add(1, 1) == 2


def test_sys_exit_inside_a_function_is_an_exception_not_a_crash(submission):
    with pytest.raises(errors.StudentError, match="SystemExit"):
        submission.quits()


def test_modifying_an_input_in_place_fails_the_call(submission):
    with pytest.raises(errors.SubmissionFailure, match="modified its argument 1 in place"):
        submission.adds_in_place(torch.zeros(3))


def test_returning_a_view_of_an_input_fails_unless_allowed(submission):
    with pytest.raises(errors.SubmissionFailure, match="returned a view of its argument 1"):
        submission.returns_view(torch.arange(4.0))
    assert submission.call("returns_view", torch.arange(4.0), allow_views=True).tolist() == [0.0, 1.0]


def test_objects_stay_in_the_worker_behind_handles(submission):
    layer = submission.make_layer()
    assert isinstance(layer, RemoteObject)
    out = layer(torch.ones(1, 3))
    assert type(out) is torch.Tensor and out.shape == (1, 2)
    assert layer.get("weight") is not None
    assert isinstance(layer.parameters(), RemoteObject)


def in_worker_layer_norm(student, scale):
    layer = student.make_layer()
    return {"norm": layer.weight.detach().norm() * scale, "kind": type(layer).__name__}


def test_a_helper_runs_in_the_worker_against_the_student_namespace(submission):
    got = submission.run(in_worker_layer_norm, 2.0)
    assert got["kind"] == "Linear" and type(got["norm"]) is torch.Tensor


def test_calls_are_seeded_so_scores_are_deterministic(worker):
    first, second = (Session(worker, [[1, FUNCTIONS]], FAST) for _ in range(2))
    try:
        a = SubmissionProxy(first).noise()
        b = SubmissionProxy(second).noise()
        assert torch.equal(a, b)
    finally:
        first.close()
        second.close()


def test_a_notebook_that_hangs_fails_every_call_quickly(worker):
    hanging = Session(worker, [[1, "while True:\n    pass\n"]], Limits(notebook_seconds=1, call_seconds=1))
    try:
        with pytest.raises(errors.WorkerTimeout, match="top-level code"):
            SubmissionProxy(hanging).anything()
        started = time.monotonic()
        with pytest.raises(errors.WorkerTimeout):
            SubmissionProxy(hanging).anything_else()
        assert time.monotonic() - started < 0.5
    finally:
        hanging.close()


def test_a_broken_cell_is_reported_and_the_other_cells_still_run(worker):
    live = Session(worker, [[1, "x = ("], [2, "def ok():\n    return 1\n"], [3, "undefined_name"]], FAST)
    try:
        proxy = SubmissionProxy(live)
        assert proxy.ok() == 1
        assert [(p["cell"], p["type"]) for p in live.problems] == [(1, "SyntaxError"), (3, "NameError")]
    finally:
        live.close()


def test_the_submission_budget_bounds_everything(worker):
    short = Session(worker, [[1, FUNCTIONS]], Limits(call_seconds=1, submission_seconds=2))
    try:
        proxy = SubmissionProxy(short)
        for _ in range(2):
            with pytest.raises(errors.WorkerTimeout):
                proxy.spins()
        with pytest.raises(errors.WorkerTimeout, match="time budget"):
            proxy.add(1, 2)
    finally:
        short.close()


# ---------------------------------------------------------------- replies forged by the student's code
#
# The student's code shares the worker process with the encoder: it can rewrite any reply. A reply
# that breaks the protocol fails the call as the submission's failure, never as a grader error.

FORGER = '''
import autograder.worker.protocol as wire

_send = wire.send


def forged_send(fd, message, timeout=None):
    if isinstance(message, dict) and message.get("value") == "FORGE":
        message = FORGE(message)
    return _send(fd, message, timeout)


wire.send = forged_send


def forged(x):
    return "FORGE"  # the reply of this call only is rewritten


def add(a, b):
    return a + b
'''

FORGERIES = {
    "value of an unknown kind": ('lambda m: {**m, "value": {"__kind__": "exec", "code": "1"}}', "unknown kind"),
    "tensor on a made-up device": ('lambda m: {**m, "value": {"__kind__": "device", "name": "quantum:9"}}',
                                   "device named 'quantum:9'"),
    "handle without its id": ('lambda m: {**m, "value": {"__kind__": "handle", "type": "Module"}}', "lacks the field"),
    "unhashable dict key": ('lambda m: {**m, "value": {"__kind__": "dict", "items": [[[1], 2]]}}', "key"),
    "no value": ('lambda m: {"output": "", "seconds": 0.1}', "none or several"),
    "error without a message": ('lambda m: {"error": "boom", "output": ""}', "error has no message"),
    "alias of an argument never sent": ('lambda m: {**m, "aliases": ["first"]}', "view of is malformed"),
    "arguments after the call missing": ('lambda m: {k: v for k, v in m.items() if k != "args_after"}',
                                         "arguments as they were"),
    "time that is not a number": ('lambda m: {**m, "seconds": "soon"}', "number of seconds"),
}


@pytest.mark.parametrize("forge, reason", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_reply_fails_the_call_as_the_submissions_failure(worker, forge, reason):
    live = Session(worker, [[1, f"FORGE = {forge}\n" + FORGER]], FAST)
    try:
        proxy = SubmissionProxy(live)
        with pytest.raises(errors.BadReply) as caught:
            proxy.call("forged", torch.ones(2))
        message = caught.value.message
        assert message.startswith("forged(...): the worker sent a reply the grader could not read")
        assert reason in message and "interferes with the grader's worker" in message
        assert proxy.add(2, 3) == 5  # a fresh child answers the next call
        assert live.events == ["worker restarted"]
    finally:
        live.close()


def test_a_forged_message_about_the_notebook_fails_every_test(worker):
    forger = FORGER.replace('message.get("value") == "FORGE"', 'message.get("ready")')
    live = Session(worker, [[1, "FORGE = lambda m: {**m, 'problems': 5}\n" + forger]], FAST)
    try:
        for _ in range(2):
            with pytest.raises(errors.BadReply, match="running your notebook's top-level code: the worker sent a reply"):
                SubmissionProxy(live).add(1, 2)
        assert live.events == ["worker restarted"]  # the first failure is kept: the notebook is not run again
    finally:
        live.close()


def test_a_reply_too_large_to_read_is_the_submissions_failure(worker):
    live = Session(worker, [[1, "def many():\n    return [0.5] * 1_100_000\n"]], Limits(call_seconds=20))
    try:
        with pytest.raises(errors.BadReply, match=r"^the result of many\(\.\.\.\) is too large .*: it holds too many values"):
            SubmissionProxy(live).many()
    finally:
        live.close()
