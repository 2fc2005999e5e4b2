"""LaTeX in markdown drawn as an SVG image by matplotlib's mathtext: readable in a PDF with no TeX and no script.

mathtext covers what notebook answers use (fractions, sums, roots, Greek, sub- and superscripts,
norms, ``\\operatorname``, ``\\text``); what it cannot parse (matrices, ``align``) is shown as its
LaTeX source in a code box, which a TA still reads. A formula is the student's text: it is only
ever parsed by mathtext, never run, and the result is an image.
"""

from __future__ import annotations

import base64
import html
import io
import re
from functools import lru_cache

MAX_TEX_CHARS = 2000
# LaTeX commands students write that mathtext spells otherwise (it knows \leq, not \le).
ALIASES = {"le": r"\leq", "ge": r"\geq", "lVert": r"\Vert", "rVert": r"\Vert", "lvert": "|", "rvert": "|",
           "tfrac": r"\frac", "implies": r"\Rightarrow", "iff": r"\Leftrightarrow", "land": r"\wedge",
           "lor": r"\vee"}
_ALIAS = re.compile(r"\\(" + "|".join(ALIASES) + r")(?![A-Za-z])")
FONT_SIZE = 11
DISPLAY_FONT_SIZE = 13


def math_html(tex: str, *, display: bool) -> str:
    """HTML for one formula: an ``<img>`` of it, or its source in ``<code>`` where mathtext cannot draw it."""
    tex = tex.strip()
    drawn_tex = _ALIAS.sub(lambda match: ALIASES[match.group(1)], tex)
    drawn = (_draw(drawn_tex, DISPLAY_FONT_SIZE if display else FONT_SIZE)
             if tex and len(tex) <= MAX_TEX_CHARS else None)
    css = "math display" if display else "math"
    if drawn is None:
        source = html.escape(f"$${tex}$$" if display else f"${tex}$")
        return f'<code class="{css} tex">{source}</code>'
    svg, depth = drawn
    image = (f'<img class="{css}" alt="{html.escape(tex)}" style="vertical-align:-{depth:.2f}pt" '
             f'src="data:image/svg+xml;base64,{svg}"/>')
    return f'<div class="display-math">{image}</div>' if display else image


@lru_cache(maxsize=512)
def _draw(tex: str, size: float) -> tuple[str, float] | None:
    """(base64 SVG, depth below the baseline in points), or None if mathtext cannot parse ``tex``."""
    try:
        import matplotlib
        from matplotlib.font_manager import FontProperties
        from matplotlib.mathtext import math_to_image
    except ImportError:
        return None
    buffer = io.BytesIO()
    try:
        with matplotlib.rc_context({"savefig.transparent": True, "svg.hashsalt": "autograder"}):
            depth = math_to_image(f"${tex}$", buffer, prop=FontProperties(size=size), dpi=72, format="svg")
    except Exception:  # noqa: BLE001 - mathtext raises ValueError and others on what it cannot parse
        return None
    svg = re.sub(rb"<metadata>.*?</metadata>", b"", buffer.getvalue(), flags=re.DOTALL)  # a date: PDFs stay reproducible
    return base64.b64encode(svg).decode("ascii"), float(depth or 0.0)
