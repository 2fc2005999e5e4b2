"""report.html: the sections a TA needs, a real histogram, safe with hostile names, and it renders."""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from autograder.report.html import histogram_png, pass_rates, render_report

SECTIONS = ["summary", "histogram", "pass-rates", "slowest", "failing", "given-code", "grader-errors"]


class Page(HTMLParser):
    """Section ids, images, scripts and each section's text."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.images: list[str] = []
        self.scripts = 0
        self.text: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.sections.append(attrs.get("id"))
            self.text[attrs.get("id")] = ""
        elif tag == "img":
            self.images.append(attrs.get("src", ""))
        elif tag == "script":
            self.scripts += 1

    def handle_data(self, data):
        if self.sections:
            self.text[self.sections[-1]] += data


@pytest.fixture
def entries(make_entry):
    return [make_entry("alice", seconds=2.0),
            make_entry("bob", passed={"keeps the best box", "identical boxes overlap fully"}, seconds=9.5),
            make_entry("submission_3", passed=set(), seconds=0.5,
                       submitters=[{"name": "<script>alert('x')</script>", "email": "eve@example.org"}]),
            make_entry("dave", grader_errors=["[c0ffee12] Traceback (most recent call last): KeyError: 'boxes'"])]


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    return parser


def test_the_report_has_every_section_with_what_the_ta_needs(entries):
    page = parse(render_report(entries, title="NMS", feedback_links={"bob": "feedback/bob.md"}))
    assert page.sections == SECTIONS
    assert "submissions4" in page.text["summary"].replace(" ", "").replace("\n", "")
    assert page.text["pass-rates"].index("random boxes match the reference") < page.text["pass-rates"].index(
        "keeps the best box"), "hardest tests first"
    assert page.text["slowest"].index("bob.ipynb") < page.text["slowest"].index("alice.ipynb")
    failing = page.text["failing"]
    assert failing.index("submission_3") < failing.index("bob.ipynb") and "alice.ipynb" not in failing
    assert "KeyError: 'boxes'" in page.text["grader-errors"] and "dave.ipynb" in page.text["grader-errors"]


def test_student_names_are_escaped_not_run(entries):
    html = render_report(entries, title="NMS")
    assert parse(html).scripts == 0
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_the_histogram_is_a_real_png_embedded_in_the_page(entries):
    import matplotlib.image

    png = histogram_png(entries)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
    assert pixels.shape[0] > 200 and pixels.shape[1] > 500 and pixels.std() > 0.05
    (source,) = parse(render_report(entries, title="NMS")).images
    assert source.startswith("data:image/png;base64,")
    assert base64.b64decode(source.split(",", 1)[1]) == png


def test_pass_rates_count_each_test_once_per_submission(entries):
    rates = {rate.name: (rate.passed, rate.total) for rate in pass_rates(entries)}
    assert rates["keeps the best box"] == (3, 4)
    assert rates["random pairs match"] == (2, 4)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_the_report_renders_in_headless_chromium(entries, tmp_path):
    import matplotlib.image

    report = tmp_path / "report.html"
    report.write_text(render_report(entries, title="NMS"))
    screenshot = tmp_path / "report.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1100,1400", f"--screenshot={screenshot}", report.as_uri()],
                   check=True, capture_output=True, timeout=120)
    pixels = matplotlib.image.imread(screenshot)
    assert pixels.shape[:2] == (1400, 1100)
    colours = pixels[..., :3].reshape(-1, 3)
    not_white = (colours < 0.9).any(axis=1).mean()
    assert 0.01 < not_white < 0.6, "a page with text and a plot, neither blank nor a solid block"
    blue_bars = ((colours[:, 2] > 0.7) & (colours[:, 0] < 0.35)).sum()
    assert blue_bars > 500, "the histogram's bars (and pass-rate bars) are drawn"
