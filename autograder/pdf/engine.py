"""HTML to PDF with WeasyPrint: no JavaScript engine at all, and here no fetching but inline ``data:`` images.

Chosen over headless Chromium (see the README): WeasyPrint cannot run a script whatever the
HTML holds, it runs in-process (about 0.1 s a PDF once warm, against about a second to start a
browser), it needs no sandbox exemption to run as root, and it installs from PyPI on top of
Debian's Pango. The URL fetcher refuses every scheme but ``data:``, so a ``file:`` or ``http:``
reference, should one survive the sanitiser, reads nothing and reaches no network.
"""

from __future__ import annotations

import logging
from pathlib import Path

INSTALL_HINT = ("pip install weasyprint nbconvert matplotlib (WeasyPrint also needs the Pango library: "
                "apt-get install libpango-1.0-0 libpangoft2-1.0-0 on Debian/Ubuntu, brew install pango on macOS; "
                "see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html)")


class EngineMissing(RuntimeError):
    """The PDF engine (WeasyPrint, or the Pango library it loads) is not installed here."""


def load_engine():  # noqa: ANN201 - the weasyprint module
    """Import WeasyPrint and quieten its log (it would echo student text); EngineMissing if it cannot load."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: the Python package is there but Pango is not
        raise EngineMissing(f"the PDF engine WeasyPrint is not usable here ({error}). Install it: {INSTALL_HINT}") \
            from None
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return weasyprint


def _fetcher(weasyprint):  # noqa: ANN001, ANN202
    """A fetcher that serves ``data:`` URLs only, across WeasyPrint's old (function) and new (class) APIs."""
    if hasattr(weasyprint, "URLFetcher"):
        return weasyprint.URLFetcher(allowed_protocols={"data"}, timeout=1, allow_redirects=False)

    def data_only(url: str, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if not url.lower().startswith("data:"):
            raise ValueError("only inline data is loaded")
        return weasyprint.default_url_fetcher(url, *args, **kwargs)

    return data_only


def html_to_pdf(html: str, target: Path) -> None:
    """Lay ``html`` out as a PDF written to ``target`` (the caller writes it atomically)."""
    weasyprint = load_engine()
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_fetcher(weasyprint))
    document.write_pdf(str(target))
