"""The worker's protection layers, checked from inside a worker, with bubblewrap and without it.

Each layer is probed directly: the student's code asks what it can see and do, and the answer
comes back as data. The same hostile corpus as tests/hostile then runs on a worker without
bubblewrap, so the fallback path Gradescope-like containers take is graded the same way.
"""

from __future__ import annotations

import os
import resource
import textwrap
from pathlib import Path

import pytest

from autograder.worker import sandbox
from autograder.worker.pool import Worker
from autograder.worker.session import Session
from hostile.corpus import (LAYERS, REPO, Expectation, case_params, check_case, corpus_worker, cuda_available,
                            grade_case, same_outcome, student_processes, toy_assignment, unmet_needs,
                            worker_protections)

PROBES = textwrap.dedent('''
    import os
    import resource
    import socket


    def can_see(paths):
        return {path: os.path.exists(path) for path in paths}


    def can_read(paths):
        found = {}
        for path in paths:
            try:
                with open(path, "rb") as handle:
                    found[path] = len(handle.read(16)) > 0
            except OSError:
                found[path] = False
        return found


    def identity():
        return {"uid": os.getuid(), "euid": os.geteuid(), "gid": os.getgid(), "groups": list(os.getgroups())}


    def rlimits():
        names = ("RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_CORE")
        return {name: list(resource.getrlimit(getattr(resource, name))) for name in names}


    def sockets():
        kinds = {"tcp": (socket.AF_INET, socket.SOCK_STREAM), "udp": (socket.AF_INET, socket.SOCK_DGRAM),
                 "tcp6": (socket.AF_INET6, socket.SOCK_STREAM), "netlink": (socket.AF_NETLINK, socket.SOCK_RAW),
                 "unix": (socket.AF_UNIX, socket.SOCK_STREAM)}
        opened = {}
        for name, (family, kind) in kinds.items():
            try:
                socket.socket(family, kind).close()
                opened[name] = True
            except OSError:
                opened[name] = False
        return opened


    def forks(wanted):
        """Fork children that exit at once and stay unreaped until the end (zombies count): how many forks worked."""
        children = []
        for _ in range(wanted):
            try:
                pid = os.fork()
            except OSError:
                break
            if pid == 0:
                os._exit(0)
            children.append(pid)
        for pid in children:
            os.waitpid(pid, 0)
        return len(children)
''')

HONEST = textwrap.dedent('''
    import torch

    def scale(x, k):
        return x * k

    def pairwise_sq_dist(a, b):
        return ((a[:, None, :] - b[None, :, :]) ** 2).sum(dim=-1)

    def relu_mean(x):
        return x.clamp(min=0).mean(dim=-1)

    def centered(x):
        return x - x.mean(dim=0, keepdim=True)
''')


def _plain_worker(assignment) -> Worker:
    """A worker made the way a machine without bubblewrap makes it: AUTOGRADER_NO_BWRAP=1."""
    previous = os.environ.get("AUTOGRADER_NO_BWRAP")
    os.environ["AUTOGRADER_NO_BWRAP"] = "1"
    sandbox.bubblewrap_works.cache_clear()
    try:
        assert not sandbox.bubblewrap_works()
        return corpus_worker(assignment)
    finally:
        if previous is None:
            del os.environ["AUTOGRADER_NO_BWRAP"]
        else:
            os.environ["AUTOGRADER_NO_BWRAP"] = previous
        sandbox.bubblewrap_works.cache_clear()


@pytest.fixture(scope="module")
def toy():
    return toy_assignment()


@pytest.fixture(scope="module", params=["bubblewrap", "plain"])
def worker(request, toy):
    if request.param == "bubblewrap":
        if not sandbox.bubblewrap_works():
            pytest.skip("bubblewrap cannot start on this machine")
        pool = corpus_worker(toy)
        assert pool.use_bwrap
    else:
        pool = _plain_worker(toy)
        assert not pool.use_bwrap
    yield pool
    pool.close()


@pytest.fixture
def probe(worker, toy):
    """A running notebook with the probe functions; ``probe("rlimits")`` calls one inside the worker."""
    session = Session(worker, [[1, PROBES], [2, HONEST]], toy.limits)

    def call(name, *args):
        return session.invoke(("name", name), args, {}, check_inputs=False)

    yield call
    session.close()
    assert student_processes(worker) == []


def _unprivileged_possible(worker: Worker) -> bool:
    """Root graders drop the student to another uid, with bubblewrap or where Python is readable by others."""
    return os.getuid() == 0 and (worker.use_bwrap or sandbox.python_readable_by_others())


@pytest.fixture(scope="module")
def protections(worker, toy) -> tuple[str, ...]:
    return worker_protections(worker, toy)


# ------------------------------------------------------------------------------------- the layers


def test_the_environment_switch_turns_bubblewrap_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOGRADER_NO_BWRAP", "1")
    sandbox.bubblewrap_works.cache_clear()
    try:
        assert sandbox.bubblewrap_works() is False
    finally:
        monkeypatch.delenv("AUTOGRADER_NO_BWRAP")
        sandbox.bubblewrap_works.cache_clear()


def test_hidden_tests_and_reference_are_out_of_sight(probe, worker, toy, protections) -> None:
    secrets = [toy.hidden_tests / "test_hidden.py", toy.reference_path, toy.public_tests / "test_public.py",
               toy.folder / "assignment.yaml", REPO / "tests" / "hostile" / "cases" / "fork_bomb" / "expected.yaml"]
    paths = [str(p) for p in secrets] + [str(p) for p in toy.protected_paths()]
    if worker.use_bwrap:
        assert probe("can_see", paths) == {p: False for p in paths}
    elif not LAYERS["filesystem"](protections):
        pytest.skip("without bubblewrap or Landlock, files readable by the student's uid are readable: "
                    f"protections here are {protections}")
    assert probe("can_read", [str(p) for p in secrets]) == {str(p): False for p in secrets}


def test_network_sockets_fail_but_unix_sockets_work(probe) -> None:
    assert probe("sockets") == {"tcp": False, "udp": False, "tcp6": False, "netlink": False, "unix": True}


def test_student_runs_unprivileged_when_the_grader_is_root(probe, worker) -> None:
    if os.getuid() != 0:
        pytest.skip("the grader is not root here: the student keeps the grader's own unprivileged uid")
    if not _unprivileged_possible(worker):
        pytest.skip("without bubblewrap, Python here is not readable by others, so the student cannot drop to "
                    "another uid")
    who = probe("identity")
    assert who["uid"] >= 1000 and who["euid"] == who["uid"] and who["gid"] != 0 and who["groups"] == []


def test_rlimits_are_in_force(probe, toy) -> None:
    limits = probe("rlimits")
    mb = 1024 * 1024
    assert limits["RLIMIT_FSIZE"] == [toy.limits.file_size_mb * mb] * 2
    assert limits["RLIMIT_NOFILE"] == [toy.limits.open_files] * 2
    assert limits["RLIMIT_CORE"] == [0, 0]
    assert limits["RLIMIT_CPU"][1] <= toy.limits.submission_seconds + 1
    assert limits["RLIMIT_NPROC"][1] != resource.RLIM_INFINITY
    if not cuda_available():  # a CUDA context needs more address space than any sensible limit
        assert limits["RLIMIT_AS"] == [toy.limits.address_space_mb * mb] * 2


def test_the_processes_limit_stops_forking(probe, worker, toy) -> None:
    if not _unprivileged_possible(worker) and os.getuid() == 0:
        pytest.skip("the processes limit does not apply to a student running as root (no bubblewrap here)")
    assert 0 < probe("forks", 200) < toy.limits.processes


def test_protections_are_listed_in_results_json(worker, toy, tmp_path: Path) -> None:
    notebook = tmp_path / "toy.py"
    notebook.write_text(HONEST)
    run = grade_case(toy, notebook, worker, tmp_path)
    assert run.results["score"] == 10
    protections = run.results["extra_data"]["protections"]
    assert {"cpu", "file size", "open files", "processes", "seccomp: no network sockets"} <= set(protections)
    if worker.use_bwrap:
        assert any(p.startswith("bubblewrap") for p in protections)
    else:
        assert "no bubblewrap: plain process" in protections
    assert ("unprivileged uid" in protections) == _unprivileged_possible(worker)


# -------------------------------------------------------------------------------- whole gradings


def test_grading_twice_gives_identical_results(worker, toy, tmp_path: Path) -> None:
    notebook = tmp_path / "toy.py"
    notebook.write_text(HONEST + textwrap.dedent('''
        import random

        def relu_mean(x):
            noise = torch.randn(x.shape[:-1]) * 1e-3 + random.random() * 1e-3  # unseeded by the student
            return x.clamp(min=0).mean(dim=-1) + noise
    '''))
    first = grade_case(toy, notebook, worker, tmp_path / "first")
    second = grade_case(toy, notebook, worker, tmp_path / "second")
    assert first.results["score"] == 7
    assert same_outcome(first, second)


def test_a_signal_handler_that_breaks_the_runtime_costs_the_student_only(worker, toy, tmp_path: Path) -> None:
    """An alarm whose handler raises inside the worker's own code: tests may fail, the grader must not."""
    notebook = tmp_path / "toy.py"
    notebook.write_text(HONEST + textwrap.dedent('''
        import signal

        def _interrupt(signum, frame):
            if not frame.f_code.co_filename.startswith("<cell"):
                raise KeyboardInterrupt("interrupting the grader's runtime")
            signal.setitimer(signal.ITIMER_REAL, 0.001)

        signal.signal(signal.SIGALRM, _interrupt)

        def scale(x, k):
            signal.setitimer(signal.ITIMER_REAL, 0.001)
            return x * k
    '''))
    run = grade_case(toy, notebook, worker, tmp_path)  # where the alarm lands depends on timing
    assert run.results["extra_data"]["grader_errors"] == []
    assert "internal error" not in run.text
    for name, variants in run.by_function().items():
        for score, max_score, output in variants:
            assert score == max_score or "worker" in output or "did not finish" in output, (name, output)
    assert run.by_function()["test_relu_mean_large"][0][0] == 1.0  # far from any scale call: a fresh worker
    assert student_processes(worker) == []


@pytest.fixture(scope="module")
def plain_worker(toy):
    pool = _plain_worker(toy)
    yield pool
    scratch = pool._scratch
    pool.close()
    assert not os.path.exists(scratch), "a worker without bubblewrap left its scratch folder behind"


@pytest.fixture(scope="module")
def plain_protections(plain_worker, toy) -> tuple[str, ...]:
    return worker_protections(plain_worker, toy)


@pytest.mark.slow
@pytest.mark.parametrize("case", case_params())
def test_corpus_without_bubblewrap(case: Path, toy, plain_worker, plain_protections, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    expectation = Expectation.load(case, cuda=cuda_available())
    unmet = unmet_needs(expectation, plain_protections)
    if unmet:
        pytest.skip("; ".join(unmet))
    monkeypatch.chdir(tmp_path)
    with expectation.submission(tmp_path) as submission:
        runs = [grade_case(toy, submission, plain_worker, tmp_path / f"run{i}") for i in range(expectation.runs)]
    for run in runs:
        check_case(expectation, run, toy)
        assert "no bubblewrap: plain process" in run.results["extra_data"]["protections"] or not run.results[
            "extra_data"]["protections"]
    assert all(same_outcome(runs[0], run) for run in runs[1:])
    assert student_processes(plain_worker) == []
