"""similarity.csv and similarity.html as a TA opens them: every pair, safe in a spreadsheet and a browser."""

from __future__ import annotations

import csv
import json
import io
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from autograder.similarity import find_similarity, write_similarity
from autograder.similarity.csvfile import HEADER, render_csv, spreadsheet_safe
from autograder.similarity.histogram import bin_counts
from autograder.similarity.page import render_page

SECTIONS = ["summary", "distribution", "top-pairs", "pairs", "not-compared", "method"]
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_CODE = "</pre><script>alert('code')</script>"
HOSTILE_PEOPLE = "<b onmouseover=alert(2)>Eve</b>"


class Page(HTMLParser):
    """Section ids, the tags that could run or load something, marks and rectangles, and the text."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.active: list[str] = []
        self.marks = 0
        self.bars = 0
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.sections.append(attrs.get("id"))
        elif tag in ("script", "img", "iframe", "object", "embed", "link") or any(a.startswith("on") for a in attrs):
            self.active.append(tag)
        elif tag == "mark":
            self.marks += 1
        elif tag == "rect" and attrs.get("class") == "bar":
            self.bars += 1

    def handle_data(self, data):
        self.text += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def hostile(nms, class_folder, tmp_path_factory):
    """The synthetic class with markup in a student's code, then hostile names put where the sources put names
    (whether the sources also clean file names up is their business: these writers must not rely on it)."""
    folder = tmp_path_factory.mktemp("hostile-class")
    for path in class_folder.glob("*.ipynb"):
        shutil.copy(path, folder / path.name)
    copy = folder / "copy_of_a_renamed.ipynb"
    copy.write_text(copy.read_text().replace("# keep only the boxes", f"# {HOSTILE_CODE} keep only the boxes"))
    result = find_similarity(nms, [folder])
    by_key = {entry.key: entry for entry in result.compared}
    by_key["student_a"].label = HOSTILE_NAME
    by_key["student_a"].people = HOSTILE_PEOPLE
    by_key["student_b"].key = "=1+2"
    by_key["student_c"].key = "@SUM(A1)"
    result.skipped.append(("-2+3", f"{HOSTILE_NAME} is not valid notebook JSON"))
    return result


def test_the_csv_has_every_pair_once_most_similar_first(compared):
    rows = list(csv.reader(io.StringIO(render_csv(compared))))
    assert tuple(rows[0]) == HEADER
    body = rows[1:]
    assert len(body) == 21 and len({frozenset(row[:2]) for row in body}) == 21
    values = [float(row[2]) for row in body]
    assert values == sorted(values, reverse=True) and 0.0 <= min(values) and max(values) <= 1.0
    assert set(body[0][:2]) in ({"student_a", "copy_of_a_renamed"}, {"student_c", "copy_of_c_reordered"})


@pytest.mark.parametrize("value, shown", [("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
                                          ("\tx", "'\tx"), ("student_a", "student_a")])
def test_a_spreadsheet_never_runs_a_name(value, shown):
    assert spreadsheet_safe(value) == shown


def test_names_from_students_are_neutralised_in_the_csv(hostile):
    cells = {cell for row in csv.reader(io.StringIO(render_csv(hostile))) for cell in row[:2]}
    assert {"'=1+2", "'@SUM(A1)"} <= cells and not {"=1+2", "@SUM(A1)"} & cells


def test_the_page_has_every_section_and_the_copies_on_top(compared):
    page = parse(render_page(compared))
    assert page.sections == SECTIONS
    top = page.text[page.text.index("Most similar pairs"):page.text.index("Shared fragments")]
    assert top.index("copy_of_") < top.index("student_b"), "a copy pair comes before any pair with student B"
    assert page.marks > 10, "shared fragments are marked"
    assert page.bars >= 2, "the histogram has bars (pairs near 0, copies near 1)"
    assert "untouched" not in top


def test_student_text_is_escaped_and_nothing_can_run(hostile):
    html = render_page(hostile)
    page = parse(html)
    assert page.active == [], "no script, image or event handler comes from student text"
    assert HOSTILE_NAME in page.text and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert HOSTILE_PEOPLE in page.text and "-2+3" in page.text
    assert HOSTILE_CODE in page.text and "&lt;/pre&gt;&lt;script&gt;" in html


def test_the_histogram_counts_every_pair():
    assert bin_counts([0.0, 0.01, 0.5, 0.99, 1.0], bins=4) == [2, 0, 1, 2]


def test_both_files_are_written(compared, tmp_path):
    outputs = write_similarity(tmp_path / "out", compared)
    assert outputs.csv.read_text().startswith("submission_a,submission_b,similarity\n")
    assert outputs.html.read_text().startswith("<!DOCTYPE html>")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_the_page_renders_in_headless_chromium(compared, tmp_path: Path):
    import matplotlib.image

    page = tmp_path / "similarity.html"
    page.write_text(render_page(compared))
    screenshot = tmp_path / "similarity.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1300,1800", f"--screenshot={screenshot}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    pixels = matplotlib.image.imread(screenshot)
    assert pixels.shape[:2] == (1800, 1300)
    colours = pixels[..., :3].reshape(-1, 3)
    not_white = (colours < 0.9).any(axis=1).mean()
    assert 0.01 < not_white < 0.7, "a page with text, a plot and code, neither blank nor a solid block"
    blue = ((colours[:, 2] > 0.7) & (colours[:, 0] < 0.35)).sum()
    red = ((colours[:, 0] > 0.75) & (colours[:, 1] < 0.45) & (colours[:, 2] < 0.35)).sum()
    marked = ((colours[:, 0] > 0.95) & (colours[:, 1] > 0.75) & (colours[:, 1] < 0.88) & (colours[:, 2] < 0.6)).sum()
    assert blue > 500 and red > 500, "the histogram's bars for the many low pairs and the copies are drawn"
    assert marked > 2000, "the shared fragments of the first pair are highlighted"


def test_a_huge_submission_is_shown_only_in_part(nms, tmp_path, monkeypatch):
    from autograder.similarity import page as page_module

    lines = "".join(f"    total = total * 3 + {i} - len(str(total))\n" for i in range(2000))
    helper = f"def padding(total):\n{lines}    return total\n\n\ndef more():\n    return padding(1)\n"
    for name in ("pad_1", "pad_2"):
        notebook = json.loads(nms.notebook_path.read_text(encoding="utf-8"))
        notebook["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                                  "source": helper})
        (tmp_path / f"{name}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    monkeypatch.setattr(page_module, "SHOWN_CHARS", 5000)
    html = render_page(find_similarity(nms, [tmp_path]))
    assert len(html) < 60_000 and html.count("1 more unit(s)") == 2
