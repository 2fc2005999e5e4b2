"""A student in JupyterLab: a check cell shows its HTML result, and export() leaves the hand-in zip on disk.

JupyterLab runs on a free local port with a token; Playwright drives Debian's chromium (never a
browser that Playwright downloads). Skipped, with the reason, where chromium, Playwright or
JupyterLab is missing; CI installs all three.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from autograder.assignment import load_assignment

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SECONDS = 90
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium (apt-get install chromium)"),
]
KEPT_CELLS = ("cell-00", "cell-01", "cell-03", "cell-05", "cell-09", "cell-13", "cell-17", "cell-21", "cell-22")


def student_copy(folder: Path) -> Path:
    """The layers assignment as a student has it, solved and answered, with the export cell they add at the end.

    Demo cells are left out (they only print and plot); the functions, a check cell and the
    written questions stay, in the notebook's order.
    """
    assignment = load_assignment("layers")
    shutil.copytree(assignment.public_tests, folder / "tests")
    shutil.copy(assignment.folder / "assignment.yaml", folder / "assignment.yaml")
    notebook = json.loads((assignment.examples / "correct.ipynb").read_text(encoding="utf-8"))
    notebook["cells"] = [cell for cell in notebook["cells"]
                         if cell.get("id") in KEPT_CELLS or "autograder" in cell.get("metadata", {})
                         and cell["cell_type"] == "markdown"]
    notebook["cells"].append({"cell_type": "code", "id": "export", "metadata": {}, "outputs": [],
                              "execution_count": None, "source": ["from autograder import export\n", "export()"]})
    path = folder / assignment.notebook
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def jupyterlab(tmp_path: Path):
    """(base URL, token, root folder) of a JupyterLab server of our own; stopped after the test."""
    pytest.importorskip("jupyterlab", reason="needs JupyterLab (pip install -e .[dev])")
    root, home = tmp_path / "root", tmp_path / "home"
    root.mkdir()
    home.mkdir()
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "HOME": str(home), "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
           "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
           "IPYTHONDIR": str(home / "ipython"), "MPLBACKEND": "Agg"}
    env.pop("AUTOGRADER_WORKER", None)
    log = (tmp_path / "jupyterlab.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--ServerApp.allow_root=True"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("JupyterLab did not start:\n" + (tmp_path / "jupyterlab.log").read_text()[-3000:])
            time.sleep(0.3)
        yield base, token, root
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_a_student_runs_a_check_and_exports_in_jupyterlab(jupyterlab):
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright (pip install -e .[dev])")
    base, token, root = jupyterlab
    folder = root / "layers"
    folder.mkdir()
    notebook = student_copy(folder)
    started = time.monotonic()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page()
            page.set_default_timeout(SECONDS * 1000)
            page.goto(f"{base}/lab/tree/layers/{notebook.name}?token={token}")
            page.locator(".jp-Notebook .jp-Cell").first.wait_for()
            choose_kernel = page.locator(".jp-Dialog .jp-mod-accept")  # "Select Kernel", as a student is asked
            try:
                choose_kernel.wait_for(timeout=10_000)
                choose_kernel.click()
            except sync_api.TimeoutError:
                pass
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
            page.get_by_role("menuitem", name="Run").click()
            page.get_by_text("Run All Cells", exact=True).click()
            result = page.locator(".jp-OutputArea-output .autograder-check").first
            result.wait_for(state="attached")  # cells off screen are attached, not visible
            exported = page.locator(".jp-OutputArea-output .autograder-export")
            exported.wait_for(state="attached")
            check_text, export_text = result.text_content(), exported.text_content()
            page_outputs = page.locator(".jp-OutputArea-output").count()
        finally:
            browser.close()
    seconds = time.monotonic() - started
    assert "Public checks of layers (question cosine_similarity)" in check_text
    assert "PASS" in check_text and "passed" in check_text
    zip_path = folder / "layers-submission.zip"
    assert f"Wrote {zip_path}" in export_text
    assert "All 3 written questions have an answer." in export_text
    with zipfile.ZipFile(zip_path) as archive:
        assert sorted(archive.namelist()) == ["layers-answers.pdf", "layers.ipynb"]
        assert archive.read("layers-answers.pdf").startswith(b"%PDF")
    assert seconds < SECONDS
    assert page_outputs == 3, "the check cell, the check() inside export(), and export's summary; no return value"
