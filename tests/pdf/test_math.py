"""Formulas students write are drawn, not left as source; what mathtext cannot draw is shown as its source."""

from __future__ import annotations

import pytest

from autograder.pdf.math import math_html

pytest.importorskip("matplotlib", reason="matplotlib's mathtext draws the formulas (the grader extra)")

DRAWN = [r"s(v, w) = \frac{v \cdot w}{\|v\|\|w\|}", r"\sum_{d=1}^{D} v_d w_d", r"a \le b \ge c \ne d",
         r"\lVert x \rVert_2", r"\tfrac{1}{2}", r"x > 0 \implies y", r"\operatorname{AdaIN}(x, y)",
         r"\text{if } \lambda < 0", r"\mathbb{R}^{n}", r"\sigma(y)\left(\frac{x - \mu(x)}{\sigma(x)}\right)"]


@pytest.mark.parametrize("tex", DRAWN)
def test_common_latex_is_drawn_as_an_image(tex):
    assert math_html(tex, display=False).startswith('<img class="math"')


@pytest.mark.parametrize("tex", [r"\begin{pmatrix} 1 & 2 \end{pmatrix}", r"\frac{", "x" * 3000])
def test_what_cannot_be_drawn_is_shown_as_escaped_source(tex):
    shown = math_html(tex + "<b>", display=True)
    assert shown.startswith('<code class="math display tex">$$') and "&lt;b&gt;" in shown
