"""A one-page PDF that says why a submission's PDF could not be made, written with no library at all.

It must work exactly when the real renderer did not (a broken notebook, a crash, a timeout, no
engine installed), so it is a hand-written PDF 1.4 file: one page, Helvetica, the text escaped
for PDF strings and reduced to Latin-1, wrapped to the page.
"""

from __future__ import annotations

import textwrap
import unicodedata
from pathlib import Path

PAGE_WIDTH, PAGE_HEIGHT = 595, 842   # A4 in points
MARGIN, LEADING, WRAP, MAX_LINES = 56, 15, 88, 46


def notice_pdf(title: str, lines: list[str]) -> bytes:
    """The bytes of a one-page PDF with ``title`` in bold and ``lines`` below it."""
    body = ["BT", f"/F2 14 Tf {MARGIN} {PAGE_HEIGHT - MARGIN} Td ({_pdf_text(title)[:80]}) Tj", "ET"]
    wrapped = [piece for line in lines for piece in (textwrap.wrap(_latin1(line), WRAP) or [""])][:MAX_LINES]
    y = PAGE_HEIGHT - MARGIN - 2 * LEADING
    for line in wrapped:
        body += ["BT", f"/F1 10 Tf {MARGIN} {y} Td ({_pdf_text(line)}) Tj", "ET"]
        y -= LEADING
    stream = "\n".join(body).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] /Contents 4 0 R "
         "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>").encode(),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write_notice(target: Path, title: str, lines: list[str]) -> None:
    Path(target).write_bytes(notice_pdf(title, lines))


def _latin1(text: str) -> str:
    """Printable Latin-1 only: accents kept where Latin-1 has them, control characters and the rest as '?'."""
    text = unicodedata.normalize("NFC", str(text))
    return "".join(ch if (" " <= ch <= "~" or "\xa0" <= ch <= "\xff") else ("?" if ch not in "\t" else " ")
                   for ch in text)


def _pdf_text(text: str) -> str:
    return _latin1(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
