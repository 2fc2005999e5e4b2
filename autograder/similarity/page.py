"""``similarity.html``: the score distribution, the most similar pairs, and their code side by side.

Sections (elements with stable ids): ``summary``, ``distribution`` (an inline SVG histogram),
``top-pairs`` (a table linking to each pair), ``pairs`` (for each listed pair, the two students'
code with the shared fragments marked), ``not-compared`` and ``method``. One self-contained file: no
script, no image file, no network. Every piece of student text (code, file names, people's names,
ingest messages) is HTML-escaped: it is data, never markup.
"""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape

from autograder.similarity.compare import COMMON_FRACTION, COMMON_MIN, MIN_FINGERPRINTS, Pair, shared_spans
from autograder.similarity.fingerprint import K, WINDOW
from autograder.similarity.histogram import histogram_svg
from autograder.similarity.run import Compared, Similarity

TOP_PAIRS = 25
SHOWN_CHARS = 40_000  # of one submission's code, per pair

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 90em; color: #1d232a; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccd; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { padding: .25em .7em; border-bottom: 1px solid #e3e6ea; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
.side > div { min-width: 0; }
pre { background: #f5f6f8; padding: .6em; overflow-x: auto; font-size: .8em; margin: .2em 0 .8em; }
mark { background: #ffd27a; }
.unit { color: #556; font-size: .85em; margin-top: .6em; }
.none { color: #667; font-style: italic; }
.pair { border-top: 2px solid #ccd; margin-top: 1.5em; }
"""


def render_page(result: Similarity, *, generated: datetime | None = None, top: int = TOP_PAIRS) -> str:
    when = (generated or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    shown = [pair for pair in result.pairs[:top] if pair.shared > 0]
    title = escape(result.title)
    parts = ["<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
             f"<title>{title}: code similarity</title><style>{STYLE}</style></head><body>",
             f"<h1>{title}: code similarity</h1>",
             _summary(result, when),
             "<section id=\"distribution\"><h2>Distribution of pair scores</h2>"
             f"{histogram_svg([p.similarity for p in result.pairs], [p.similarity for p in shown])}</section>",
             _top_table(result, shown), _pair_details(result, shown), _not_compared(result), _method(),
             "</body></html>"]
    return "\n".join(parts) + "\n"


def _name(entry: Compared) -> str:
    people = f" <span class=\"none\">({escape(entry.people)})</span>" if entry.people else ""
    return f"{escape(entry.label)}{people}"


def _summary(result: Similarity, when: str) -> str:
    untouched = sum(1 for entry in result.compared if not entry.units)
    rows = [("submissions compared", str(len(result.compared))), ("pairs", str(len(result.pairs))),
            ("with no code of their own (untouched)", str(untouched)),
            ("not compared (unreadable)", str(len(result.skipped))),
            ("highest similarity", f"{result.pairs[0].similarity:.2f}" if result.pairs else "-"),
            ("time", f"{result.seconds:.2f} s"), ("generated", when)]
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return ("<section id=\"summary\"><h2>Summary</h2><table>" + body + "</table>"
            "<p>A high score says two students share code the assignment did not give them. It is a reason to "
            "look, not a verdict: read the marked fragments.</p></section>")


def _top_table(result: Similarity, shown: list[Pair]) -> str:
    if not shown:
        return ("<section id=\"top-pairs\"><h2>Most similar pairs</h2>"
                "<p class=\"none\">No two submissions share any code of their own.</p></section>")
    rows = []
    for rank, pair in enumerate(shown, start=1):
        a, b = result.compared[pair.a], result.compared[pair.b]
        rows.append(f"<tr><td class=\"n\"><a href=\"#pair-{rank}\">{rank}</a></td><td>{_name(a)}</td>"
                    f"<td>{_name(b)}</td><td class=\"n\">{pair.similarity:.2f}</td><td class=\"n\">{pair.shared}</td>"
                    "</tr>")
    return ("<section id=\"top-pairs\"><h2>Most similar pairs</h2><table><tr><th>#</th><th>submission a</th>"
            "<th>submission b</th><th>similarity</th><th>shared fingerprints</th></tr>" + "".join(rows)
            + "</table><p>The full list of pairs is in similarity.csv.</p></section>")


def _pair_details(result: Similarity, shown: list[Pair]) -> str:
    blocks = []
    for rank, pair in enumerate(shown, start=1):
        a, b = result.compared[pair.a], result.compared[pair.b]
        blocks.append(f"<div class=\"pair\" id=\"pair-{rank}\"><h3>{rank}. {_name(a)} and {_name(b)}: "
                      f"{pair.similarity:.2f}</h3><div class=\"side\"><div>{_code(a, b, result)}</div>"
                      f"<div>{_code(b, a, result)}</div></div></div>")
    return "<section id=\"pairs\"><h2>Shared fragments</h2>" + "".join(blocks) + "</section>"


def _code(mine: Compared, theirs: Compared, result: Similarity) -> str:
    """``mine``'s code that counts, unit by unit, with what it shares with ``theirs`` marked.

    At most SHOWN_CHARS characters of it: a submission padded with megabytes of code must not make
    the page unreadable (the notebook itself is there to read in full).
    """
    spans = shared_spans(mine.prints, theirs.prints, result.common, mine.units)
    parts = [f"<h4>{escape(mine.label)}</h4>"]
    left = SHOWN_CHARS
    for index, unit in enumerate(mine.units):
        if left <= 0:
            rest = sum(len(u.text) for u in mine.units[index:])
            parts.append(f"<p class=\"none\">{len(mine.units) - index} more unit(s), {rest} characters, not shown."
                         "</p>")
            break
        parts.append(f"<div class=\"unit\">cell {unit.cell}: {escape(unit.name)}</div>"
                     f"<pre>{_marked(unit.text[:left], spans.get(index, []))}</pre>")
        left -= len(unit.text)
    return "".join(parts)


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if end <= start:
            continue
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _not_compared(result: Similarity) -> str:
    if not result.skipped:
        return ("<section id=\"not-compared\"><h2>Not compared</h2>"
                "<p class=\"none\">Every submission could be read.</p></section>")
    rows = "".join(f"<tr><td>{escape(key)}</td><td>{escape(why)}</td></tr>" for key, why in result.skipped)
    return (f"<section id=\"not-compared\"><h2>Not compared ({len(result.skipped)})</h2><table><tr>"
            f"<th>submission</th><th>why</th></tr>{rows}</table></section>")


def _method() -> str:
    return ("<section id=\"method\"><h2>How the score is made</h2><ul>"
            "<li>Only code the student wrote counts: the notebook's given cells, its stubs (signatures, docstrings, "
            "<code>raise NotImplementedError</code>), its <code>check()</code> and demo cells, and the reference's "
            "given code are removed first. An untouched notebook scores 0 with everyone.</li>"
            "<li>Comments, docstrings, blank lines, spacing, the names students chose and the text of strings are "
            "ignored; each function and method is fingerprinted on its own, so reordering changes nothing.</li>"
            f"<li>Fingerprints: MOSS's winnowing (copydetect) over {K}-token k-grams with a window of {WINDOW}; a "
            f"match shorter than {K} tokens never counts, one of {K + WINDOW - 1} or more always does.</li>"
            f"<li>similarity = shared fingerprints / max(fingerprints of the smaller submission, {MIN_FINGERPRINTS}): "
            "students who wrote little cannot score high by sharing a line or two.</li>"
            f"<li>Fingerprints that more than max({COMMON_MIN}, {COMMON_FRACTION:.0%} of the class) submissions "
            "share are the task's idioms and count for nobody.</li></ul></section>")
