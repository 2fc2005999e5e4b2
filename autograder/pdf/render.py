"""nbconvert's HTML exporter with our template: an :class:`AnswersDocument` to one self-contained HTML page."""

from __future__ import annotations

import re
from pathlib import Path

from nbconvert.exporters import HTMLExporter
from pygments.formatters import HtmlFormatter

from autograder.pdf.document import AnswersDocument
from autograder.pdf.markdown import answer_html, breakable

TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE = "answers"


class AnswersExporter(HTMLExporter):
    """The HTML exporter, our template, our inert markdown filter, no anchors, no lab theme or JavaScript."""

    def __init__(self, **kwargs) -> None:
        super().__init__(extra_template_basedirs=[str(TEMPLATES)], template_name=TEMPLATE,
                         exclude_anchor_links=True, **kwargs)
        self.register_filter("answer_html", answer_html)
        self.register_filter("css_string", css_string)
        self.register_filter("breakable", breakable)

    def _init_resources(self, resources):  # noqa: ANN001, ANN202 - nbconvert's signature
        # The lab theme, require.js and MathJax the base class would inline are never used by our template.
        return resources


def render_html(document: AnswersDocument) -> str:
    """The document's HTML: every notebook string escaped or made inert, nothing fetched, no script."""
    resources = {"answers": {"title": document.title, "subtitle": list(document.subtitle),
                             "notes": list(document.notes), "summary": document.summary(),
                             "footer": document.footer or document.title,
                             "pygments_css": HtmlFormatter().get_style_defs(".highlight")}}
    html, _ = AnswersExporter().from_notebook_node(document.notebook(), resources=resources)
    return html


_CSS_SAFE = re.compile(r"[A-Za-z0-9 _.,:;()@+-]")


def css_string(text: str, limit: int = 120) -> str:
    """``text`` for the inside of a CSS double-quoted string: anything but plain characters hex-escaped."""
    text = str(text)[:limit]
    return "".join(ch if _CSS_SAFE.fullmatch(ch) else f"\\{ord(ch):06x}" for ch in text)
