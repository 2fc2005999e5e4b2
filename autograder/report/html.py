"""``report.html`` for the TA: one self-contained page about a whole batch.

Sections (each an element with a stable id): ``summary``, ``similarity`` (with ``grade --similarity``: a
link to similarity.html), ``histogram`` (a matplotlib plot of
the scores, embedded as a base64 PNG so the page is one file), ``pass-rates`` (per test, hardest
first), ``slowest``, ``failing`` (below full marks, lowest first, linked to their feedback pages)
and ``grader-errors`` (with the tracebacks, which only staff see). Every string from a results
file is escaped: student names and messages are data, never markup.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape as _escape_html
from statistics import mean, median

from autograder.report.gradebook import GradedEntry, number
from autograder.report.safe_text import terminal_text


def escape(text: str, quote: bool = True) -> str:
    """HTML-escaped, and control characters shown as escapes (they are not valid HTML, and run when the file is catted)."""
    return _escape_html(terminal_text(text, multiline=True), quote)

SLOWEST_SHOWN = 10

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #1d232a; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccd; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { padding: .25em .7em; border-bottom: 1px solid #e3e6ea; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { background: #e3e6ea; width: 10em; height: .8em; display: inline-block; }
.bar span { background: #3b7dd8; height: 100%; display: block; }
.low .bar span { background: #d8573b; }
pre { background: #f5f6f8; padding: .6em; overflow-x: auto; max-height: 24em; font-size: .85em; }
.none { color: #667; font-style: italic; }
"""


@dataclass(frozen=True)
class TestRate:
    question: str
    name: str
    visibility: str
    passed: int
    total: int

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


def pass_rates(entries: list[GradedEntry]) -> list[TestRate]:
    """Per test (question and name), how many submissions passed it; the hardest first."""
    counts: dict[tuple[str, str], list] = {}
    for entry in entries:
        for test in entry.results.get("tests") or []:
            key = (str((test.get("tags") or [""])[0]), str(test.get("name", "")))
            slot = counts.setdefault(key, [0, 0, str(test.get("visibility", "visible"))])
            slot[0] += test.get("status") == "passed"
            slot[1] += 1
    rates = [TestRate(q, n, v, p, t) for (q, n), (p, t, v) in counts.items()]
    return sorted(rates, key=lambda r: (r.rate, r.question, r.name))


def histogram_png(entries: list[GradedEntry]) -> bytes:
    """The distribution of scores as a PNG (matplotlib, headless)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    scores = [e.score for e in entries]
    top = max([e.max_score for e in entries] + [1.0])
    figure = Figure(figsize=(7, 3.2), dpi=100)
    axes = figure.subplots()
    bins = min(max(int(top), 5), 40)
    axes.hist(scores, bins=bins, range=(0, top), color="#3b7dd8", edgecolor="white")
    axes.set_xlabel(f"score (out of {number(top)})")
    axes.set_ylabel("submissions")
    axes.set_title(f"{len(scores)} submissions, median {number(median(scores)) if scores else '-'}")
    axes.yaxis.get_major_locator().set_params(integer=True)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def render_report(entries: list[GradedEntry], *, title: str, feedback_links: dict[str, str] | None = None,
                  generated: datetime | None = None, similarity_link: str | None = None) -> str:
    links = feedback_links or {}
    when = (generated or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    parts = ["<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
             f"<title>{escape(title)}: grading report</title><style>{STYLE}</style></head><body>",
             f"<h1>{escape(title)}: grading report</h1>",
             _summary(entries, when), *([_similarity(similarity_link)] if similarity_link else []),
             _histogram(entries), _pass_rates(entries), _slowest(entries, links),
             _failing(entries, links), _given_code(entries, links), _grader_errors(entries), "</body></html>"]
    return "\n".join(parts) + "\n"


def _name(entry: GradedEntry, links: dict[str, str]) -> str:
    people = ", ".join(p.get("name") or p.get("email") or "" for p in entry.submitters if p)
    label = escape(entry.label) + (f" <span class=\"none\">({escape(people)})</span>" if people else "")
    link = links.get(entry.key)
    return f"<a href=\"{escape(link, quote=True)}\">{label}</a>" if link else label


def _summary(entries: list[GradedEntry], when: str) -> str:
    scores = [e.score for e in entries]
    top = max([e.max_score for e in entries] + [0.0])
    full = sum(e.max_score > 0 and e.score >= e.max_score for e in entries)
    errors = sum(bool(e.grader_errors) for e in entries)
    rows = [("submissions", str(len(entries))), ("points possible", number(top)),
            ("mean score", number(mean(scores)) if scores else "-"),
            ("median score", number(median(scores)) if scores else "-"),
            ("full marks", str(full)), ("below full marks", str(len(entries) - full)),
            ("with grader errors", str(errors)), ("generated", when)]
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f"<section id=\"summary\"><h2>Summary</h2><table>{body}</table></section>"


def _similarity(link: str) -> str:
    """A link to similarity.html (``grade --similarity``), where pairs that share code are listed."""
    return (f"<section id=\"similarity\"><h2>Code similarity</h2><p><a href=\"{escape(link, quote=True)}\">"
            "Pairs of submissions that share code the notebook did not give</a> (and similarity.csv beside it)."
            "</p></section>")


def _histogram(entries: list[GradedEntry]) -> str:
    encoded = base64.b64encode(histogram_png(entries)).decode("ascii")
    return ("<section id=\"histogram\"><h2>Score distribution</h2>"
            f"<img alt=\"histogram of the scores\" src=\"data:image/png;base64,{encoded}\"></section>")


def _pass_rates(entries: list[GradedEntry]) -> str:
    rows = []
    for rate in pass_rates(entries):
        low = " class=\"low\"" if rate.rate < 0.5 else ""
        rows.append(f"<tr{low}><td>{escape(rate.question)}</td><td>{escape(rate.name)}</td>"
                    f"<td>{escape(rate.visibility)}</td><td class=\"n\">{rate.passed} / {rate.total}</td>"
                    f"<td><span class=\"bar\"><span style=\"width:{rate.rate * 100:.0f}%\"></span></span> "
                    f"{rate.rate * 100:.0f}%</td></tr>")
    table = ("<table><tr><th>question</th><th>test</th><th>visibility</th><th>passed</th><th>rate</th></tr>"
             + "".join(rows) + "</table>") if rows else "<p class=\"none\">No tests ran.</p>"
    return f"<section id=\"pass-rates\"><h2>Pass rate per test</h2>{table}</section>"


def _slowest(entries: list[GradedEntry], links: dict[str, str]) -> str:
    slow = sorted(entries, key=lambda e: -float(e.results.get("execution_time", 0.0)))[:SLOWEST_SHOWN]
    rows = "".join(f"<tr><td>{_name(e, links)}</td>"
                   f"<td class=\"n\">{float(e.results.get('execution_time', 0.0)):.1f} s</td>"
                   f"<td class=\"n\">{number(e.score)} / {number(e.max_score)}</td></tr>" for e in slow)
    return (f"<section id=\"slowest\"><h2>Slowest submissions</h2><table><tr><th>submission</th><th>time</th>"
            f"<th>score</th></tr>{rows}</table></section>")


def _failing(entries: list[GradedEntry], links: dict[str, str]) -> str:
    below = sorted((e for e in entries if e.score < e.max_score or e.max_score == 0), key=lambda e: (e.score, e.label))
    if not below:
        return ("<section id=\"failing\"><h2>Below full marks</h2>"
                "<p class=\"none\">Every submission has full marks.</p></section>")
    rows = []
    for entry in below:
        failed = [str(t.get("name", "")) for t in entry.results.get("tests") or [] if t.get("status") != "passed"]
        shown = ", ".join(failed[:6]) + (f" and {len(failed) - 6} more" if len(failed) > 6 else "")
        rows.append(f"<tr><td>{_name(entry, links)}</td><td class=\"n\">{number(entry.score)} / "
                    f"{number(entry.max_score)}</td><td>{escape(shown)}</td></tr>")
    return (f"<section id=\"failing\"><h2>Below full marks ({len(below)})</h2><table><tr><th>submission</th>"
            f"<th>score</th><th>failed tests</th></tr>{''.join(rows)}</table></section>")


def _given_code(entries: list[GradedEntry], links: dict[str, str]) -> str:
    """Submissions whose copy of the given code differed: the assignment's version ran, at no cost or gain."""
    changed = [(e, e.results.get("extra_data", {}).get("given_code") or []) for e in entries]
    rows = "".join(f"<tr><td>{_name(e, links)}</td><td>{'<br>'.join(escape(str(n)) for n in notes)}</td></tr>"
                   for e, notes in changed if notes)
    body = (f"<table><tr><th>submission</th><th>what differed</th></tr>{rows}</table>" if rows
            else "<p class=\"none\">Every submission kept the given code as given.</p>")
    return f"<section id=\"given-code\"><h2>Given code restored</h2>{body}</section>"


def _grader_errors(entries: list[GradedEntry]) -> str:
    broken = [e for e in entries if e.grader_errors]
    if not broken:
        return "<section id=\"grader-errors\"><h2>Grader errors</h2><p class=\"none\">None.</p></section>"
    items = []
    for entry in broken:
        traces = "".join(f"<pre>{escape(error)}</pre>" for error in entry.grader_errors)
        items.append(f"<details><summary>{escape(entry.label)}: {len(entry.grader_errors)} error(s)</summary>"
                     f"{traces}</details>")
    return (f"<section id=\"grader-errors\"><h2>Grader errors ({len(broken)} submissions)</h2>"
            "<p>Not the students' fault: fix the grader and run the batch again; these are regraded.</p>"
            f"{''.join(items)}</section>")
