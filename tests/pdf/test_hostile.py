"""Hostile and broken notebooks: a PDF is still made, nothing in it runs or is fetched, and the batch goes on."""

from __future__ import annotations

import base64
import http.server
import io
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from autograder.manual.questions import read_questions
from autograder.pdf import batch as pdf_batch
from autograder.pdf import make as pdf_make
from autograder.pdf.make import submission_pdf

from manual.notebooks import write

from .conftest import ANSWERS, student_notebook

pytestmark = pytest.mark.usefixtures("engine")


class _Requests(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the handler's API
        _Requests.seen.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:  # noqa: ANN002 - silence
        pass


@pytest.fixture
def listener():
    """A local web server that records every request: a PDF engine that fetched anything would show up here."""
    _Requests.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Requests)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Requests.seen
    server.shutdown()


def huge_png() -> str:
    """A 12000 x 12000 image that compresses to a few kilobytes: 144 million pixels to decode."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def hostile_answer(url: str) -> str:
    svg = base64.b64encode(f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                           f'width="10" height="10"><script>alert(1)</script><image xlink:href="{url}/in-svg.png" '
                           f'width="10" height="10"/></svg>'.encode()).decode()
    return "\n\n".join([
        "Before. <script>document.write('OW' + 'NED')</script> After.",
        f'<img src="{url}/img.png" onerror="alert(1)"> <iframe src="{url}/frame"></iframe>',
        f'<link rel="stylesheet" href="{url}/sheet.css"><style>@import url("{url}/import.css");</style>',
        f"[a javascript link](javascript:alert(1)) and <a href=\"javascript:alert(2)\">another</a>",
        f"![remote]({url}/md.png) ![local](file:///etc/hostname) ![vector](data:image/svg+xml;base64,{svg})",
        "![huge](attachment:huge.png)",
        "$\\frac{" + "\\frac{1}{" * 300 + "$ and an unclosed $ dollar",
        "> " * 3000 + "deep quote",
        "[" * 20_000 + "*" * 20_000,
        "```python\nprint('an unclosed fence')",
    ])


def test_a_hostile_answer_gives_a_pdf_where_nothing_ran_and_nothing_was_fetched(tiny_assignment, tmp_path,
                                                                                   pdf_pages, listener):
    url, requests = listener
    notebook = student_notebook({"1a": hostile_answer(url), "2b": ANSWERS["2b"]})
    notebook.cells[3]["attachments"] = {"huge.png": {"image/png": huge_png()}}
    notebook.cells[5].source = f"Fine answer. <meta http-equiv=\"refresh\" content=\"0;url={url}/refresh\">"
    path = write(notebook, tmp_path / "mallory.ipynb")
    started = time.monotonic()
    made = submission_pdf(read_questions(tiny_assignment.notebook_path), path, tmp_path / "mallory.pdf",
                          title="mallory.ipynb")
    seconds = time.monotonic() - started
    pages = pdf_pages(made.path)
    text = " ".join(pages)
    assert "Before. <script>document.write('OW' + 'NED')</script> After." in text, "markup is shown as text"
    assert "OWNED" not in text, "no script ran"
    assert "image huge not shown: it is 12000 x 12000 pixels" in text
    assert "image remote not shown" in text and "image local not shown" in text
    assert requests == [], f"the renderer fetched {requests}"
    assert "Fine answer." in pages[-1]
    assert seconds < 30


def _patched(original):
    def submission_pdf(questions, submission, target, **kwargs):  # noqa: ANN001, ANN003, ANN202
        name = Path(submission).name
        if name.startswith("crash"):
            os.kill(os.getpid(), signal.SIGKILL)
        if name.startswith("slow"):
            time.sleep(60)
        return original(questions, submission, target, **kwargs)

    return submission_pdf


def test_the_batch_writes_a_pdf_for_every_submission_and_says_why_when_it_could_not(
        tiny_assignment, tmp_path, pdf_pages, monkeypatch):
    monkeypatch.setattr(pdf_make, "submission_pdf", _patched(pdf_make.submission_pdf))
    folder = tmp_path / "class"
    write(student_notebook(), folder / "alice.ipynb")
    write(student_notebook({"2b": "only this"}), folder / "crash.ipynb")
    write(student_notebook(), folder / "slow.ipynb")
    (folder / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    (folder / "script.py").write_text("def double(x):\n    return 2 * x\n")
    write(student_notebook(), folder / '"><style>{}<b>bold.ipynb')
    seen = []
    results = pdf_batch.write_class_pdfs(tiny_assignment, [folder], tmp_path / "out", jobs=2, seconds=4,
                                         on_result=seen.append)
    by_key = {r.key: r for r in results}
    named = next(key for key in by_key if "bold" in key)
    assert sorted(by_key) == sorted(["alice", "broken", "crash", "script", "slow", named]) and len(seen) == 6
    assert "/" not in named and pdf_pages(by_key[named].path)[0].startswith('"><style>{}<b>bold.ipynb'), (
        "a student's file name is the title, as text")
    for result in results:
        assert result.path == tmp_path / "out" / "pdfs" / f"{result.key}.pdf" and result.path.is_file()
    assert by_key["alice"].problem is None and by_key["script"].problem is None
    assert by_key["script"].unanswered == ("1a", "2b")
    assert "could not be read" in by_key["broken"].problem
    assert "killed" in by_key["crash"].problem
    assert "longer than 4 s" in by_key["slow"].problem
    for key in ("broken", "crash", "slow"):
        pages = pdf_pages(by_key[key].path)
        assert len(pages) == 1 and "could not be made" in pages[0], pages
    assert len(pdf_pages(by_key["alice"].path)) == 3
