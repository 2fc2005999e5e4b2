"""The worker starts fast: launched before torch is imported here, preloading only what the notebooks use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from autograder.assignment import load_assignment
from autograder.worker import preload
from autograder.worker.limits import Limits
from autograder.worker.pool import Worker
from autograder.worker.session import Session

REPO = Path(__file__).resolve().parents[2]

PROBE = "import sys\ndef loaded(name):\n    return name in sys.modules\n"


def loaded_in_child(worker: Worker, module: str) -> bool:
    session = Session(worker, [[1, PROBE]], Limits())
    try:
        return session.invoke(("name", "loaded"), (module,), {})
    finally:
        session.close()


@pytest.mark.parametrize("name, expected", [
    ("nms", (preload.MATPLOTLIB,)),
    ("optimizer_params", (preload.MATPLOTLIB, preload.OPTIMIZER)),
    ("residual", (preload.MATPLOTLIB, preload.GRADIENTS)),  # its hidden tests' helpers backpropagate a gradient
])
def test_the_preloads_follow_what_the_notebook_and_the_tests_use(name, expected):
    assert preload.for_assignment(load_assignment(name)) == expected


@pytest.mark.parametrize("source, expected", [
    ("loss.backward()\n", ()),
    ("out.backward(grad_output)\n", (preload.GRADIENTS,)),
    ("torch.autograd.grad(y, x, grad_outputs=torch.ones_like(y))\n", (preload.GRADIENTS,)),
    ("opt = torch.optim.SGD(params, lr=0.1)\nimport matplotlib.pyplot as plt\n", (preload.MATPLOTLIB, preload.OPTIMIZER)),
])
def test_what_the_source_uses_is_read_from_its_text(tmp_path, source, expected):
    (tmp_path / "test_x.py").write_text(source)
    assert preload._uses(tmp_path / "test_x.py") == expected


def test_an_unreadable_notebook_asks_for_no_preloads(tmp_path):
    (tmp_path / "broken.ipynb").write_text("{ not json")
    assert preload.for_notebook(tmp_path / "broken.ipynb") == ()
    assert preload.for_notebook(tmp_path / "missing.ipynb") == ()
    assert preload.decode("matplotlib,rm -rf /,optimizer") == (preload.MATPLOTLIB, preload.OPTIMIZER)


def test_pyplot_the_optimizer_and_sympy_are_imported_by_the_zygote_only_when_asked(worker):
    heavy = ("matplotlib.pyplot", "torch._dynamo", "torch.fx.experimental.symbolic_shapes")
    assert all(loaded_in_child(worker, module) for module in heavy)  # the shared worker asks for all
    plain = Worker(protected=[REPO / "hidden_tests", REPO / "reference_solutions"])
    try:
        assert plain.ensure_ready() > 0
        assert plain.ensure_ready() == 0.0, "a warm worker makes nobody wait"
        assert not any(loaded_in_child(plain, module) for module in heavy)
    finally:
        plain.close()


def test_launching_a_worker_does_not_import_torch_in_the_grader():
    script = ("import sys\nfrom autograder.worker.pool import Worker\nw = Worker()\n"
              "print('torch' in sys.modules)\nw.ensure_ready()\nw.close()\n")
    finished = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=240)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.split() == ["False"]


def test_the_users_matplotlib_font_list_is_found_where_matplotlib_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert preload.font_cache() is None
    (tmp_path / "matplotlib").mkdir()
    (tmp_path / "matplotlib" / "fontlist-v3.11.0.json").write_text("{}")
    (tmp_path / "matplotlib" / "fontlist-v3.11.0.json.tmp").write_text("{}")
    assert preload.font_cache() == tmp_path / "matplotlib" / "fontlist-v3.11.0.json"
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "elsewhere"))
    assert preload.font_cache() is None


@pytest.mark.parametrize("font_list", [None, "not json at all"], ids=["none", "broken"])
def test_pyplot_is_preloaded_with_or_without_a_usable_font_list(tmp_path, monkeypatch, font_list):
    monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if font_list is not None:
        (tmp_path / "matplotlib").mkdir()
        (tmp_path / "matplotlib" / "fontlist-v3.11.0.json").write_text(font_list)
    plotting = Worker(protected=[REPO / "hidden_tests", REPO / "reference_solutions"], preloads=(preload.MATPLOTLIB,))
    try:
        assert loaded_in_child(plotting, "matplotlib.pyplot")
    finally:
        plotting.close()
