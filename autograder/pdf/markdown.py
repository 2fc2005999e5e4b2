"""Student markdown to inert HTML: raw HTML is shown as text, links and images are restricted, math is drawn.

The student writes the answers, so everything here assumes hostility: ``<script>``, ``<iframe>``,
``<style>`` and event attributes are escaped by the markdown parser (mistune with ``escape=True``,
as nbconvert uses it); a link keeps only http, https and mailto targets; an image is shown only
when it is inline data (a cell attachment or a ``data:`` URL) of a raster or SVG type within
:data:`MAX_IMAGE_BYTES` and :data:`MAX_IMAGE_PIXELS`, else a note says which image was left out.
The result then passes an allow-list sanitiser (bleach, nbconvert's own dependency), so the HTML
that reaches the PDF engine holds only the tags this module writes.
"""

from __future__ import annotations

import base64
import binascii
import html
import io
import re
import warnings
from typing import Any, Mapping

import bleach
from bleach.css_sanitizer import CSSSanitizer
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

from autograder.pdf.math import math_html

MAX_MARKDOWN_CHARS = 100_000
BREAK_EVERY = 30
MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml")
_DATA_URL = re.compile(r"data:(image/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=\s]*)\Z", re.IGNORECASE)

_TAGS = {"p", "br", "hr", "em", "strong", "del", "code", "pre", "kbd", "sup", "sub", "span", "div", "blockquote",
         "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "input",
         "table", "thead", "tbody", "tr", "th", "td"}
_ATTRIBUTES = {"*": ["class"], "a": ["href", "title"], "img": ["src", "alt", "title", "style"],
               "input": ["type", "checked", "disabled"], "th": ["style"], "td": ["style"], "ol": ["start"]}
_LINK_PROTOCOLS = ("http", "https", "mailto")
_CSS = CSSSanitizer(allowed_css_properties=["vertical-align", "text-align"])


def answer_html(source: Any, attachments: Any = None) -> str:
    """The HTML of one markdown cell written by a student (or an author), safe to hand to the PDF engine."""
    text = source if isinstance(source, str) else ""
    note = ""
    if len(text) > MAX_MARKDOWN_CHARS:
        text, note = text[:MAX_MARKDOWN_CHARS], (f'<p class="note">[The rest of this cell, past '
                                                 f'{MAX_MARKDOWN_CHARS:,} characters, is not shown.]</p>')
    renderer = _InertRenderer(attachments if isinstance(attachments, Mapping) else {})
    try:
        rendered = MarkdownWithMath(renderer=renderer).render(text)
    except RecursionError:
        rendered = f'<pre class="unparsed">{html.escape(text)}</pre>'
    return breakable(_sanitise(rendered)) + note


_TAG = re.compile(r"(<[^>]*>)")
_LONG_RUN = re.compile(rf"\S{{{BREAK_EVERY}}}(?=\S)")


def breakable(fragment: str) -> str:
    """A zero-width space after every :data:`BREAK_EVERY` characters of a run without spaces, in text only.

    A long unbroken word (a URL, ``[[[[...``) must wrap rather than run off the page, and letting
    the engine break anywhere (CSS ``overflow-wrap``) costs it minutes on nested hostile markup.
    """
    parts = _TAG.split(fragment)
    for index in range(0, len(parts), 2):  # the even parts are text between tags
        if len(parts[index]) > BREAK_EVERY and _LONG_RUN.search(html.unescape(parts[index])):
            text = _LONG_RUN.sub(lambda match: match.group(0) + "\u200b", html.unescape(parts[index]))
            parts[index] = html.escape(text, quote=False)
    return "".join(parts)


class _InertRenderer(IPythonRenderer):
    """nbconvert's renderer with raw HTML escaped, no anchors, math as images, only inline images."""

    def __init__(self, attachments: Mapping[str, Any]) -> None:
        super().__init__(escape=True, allow_harmful_protocols=False, exclude_anchor_links=True)
        self.cell_attachments = attachments

    def block_math(self, body: str) -> str:
        return math_html(body, display=True)

    def inline_math(self, body: str) -> str:
        return math_html(body, display=False)

    def latex_environment(self, name: str, body: str) -> str:
        return math_html(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)

    def block_mermaidjs(self, code: str) -> str:
        return f"<pre><code>{html.escape(code)}</code></pre>"

    def link(self, text: str, url: str, title: str | None = None) -> str:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme not in _LINK_PROTOCOLS:
            return f'<span class="link">{text}</span>'
        return super().link(text, url, title)

    def image(self, text: str, url: str, title: str | None = None) -> str:
        alt = html.escape(re.sub(r"<[^>]*>", "", text))
        src, problem = self._inline_image(url)
        if src is None:
            return f'<span class="note">[image {alt or "without a description"} not shown: {html.escape(problem)}]</span>'
        return f'<img src="{src}" alt="{alt}"/>'

    def _inline_image(self, url: str) -> tuple[str | None, str]:
        """(a data: URL the engine may load, or None) and why not."""
        if url.startswith("attachment:"):
            name = url[len("attachment:"):]
            bundle = self.cell_attachments.get(name)
            if not isinstance(bundle, Mapping):
                return None, "the attachment is missing from the notebook"
            for mime in IMAGE_TYPES:
                data = bundle.get(mime)
                if isinstance(data, list):
                    data = "".join(part for part in data if isinstance(part, str))
                if isinstance(data, str):
                    return _checked_image(mime, data)
            return None, "the attachment is not an image"
        match = _DATA_URL.match(url)
        if match and match.group(1).lower() in IMAGE_TYPES:
            return _checked_image(match.group(1).lower(), match.group(2))
        return None, "only images pasted into the notebook are included, not links to files or the web"


def _checked_image(mime: str, data: str) -> tuple[str | None, str]:
    """A data: URL for the image if it is small enough to lay out, else None and the reason."""
    data = re.sub(r"\s+", "", data)
    if len(data) * 3 // 4 > MAX_IMAGE_BYTES:
        return None, f"it is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB"
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None, "its data is not valid base64"
    if mime != "image/svg+xml":
        problem = _raster_problem(raw)
        if problem:
            return None, problem
    return f"data:{mime};base64,{data}", ""


def _raster_problem(raw: bytes) -> str | None:
    """Why a raster image will not be drawn (unreadable, too many pixels), read from its header only."""
    try:
        from PIL import Image
    except ImportError:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the header alone is read here
            with Image.open(io.BytesIO(raw)) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return f"it has more than {MAX_IMAGE_PIXELS // 1_000_000} million pixels"
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of errors on broken images
        return "it is not a readable image"
    if width * height > MAX_IMAGE_PIXELS:
        return f"it is {width} x {height} pixels, more than {MAX_IMAGE_PIXELS // 1_000_000} million"
    return None


def _sanitise(fragment: str) -> str:
    return bleach.clean(fragment, tags=_TAGS, attributes=_allowed_attribute, protocols=[*_LINK_PROTOCOLS, "data"],
                        css_sanitizer=_CSS, strip=True, strip_comments=True)


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name == "class":
        return True
    if tag == "img" and name == "src":
        return bool(_DATA_URL.match(value))
    if tag == "img" and name == "style":
        return bool(re.fullmatch(r"vertical-align: ?-?[0-9.]+pt;?", value))
    if tag in ("th", "td") and name == "style":
        return bool(re.fullmatch(r"text-align: ?(left|right|center);?", value))
    if tag == "a" and name == "href":
        return value.split(":", 1)[0].lower() in _LINK_PROTOCOLS
    return name in _ATTRIBUTES.get(tag, ())
