"""Recognise what a file really is from its first bytes, so a refusal can say "this is a PDF"."""

from __future__ import annotations

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Office document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program (ELF executable)"),
)


def describe_binary(data: bytes) -> str | None:
    """Name the format of ``data`` if it is clearly not text (or is empty); None if it may be text."""
    if not data:
        return "an empty file (0 bytes)"
    if not data[:4096].strip() and not data.strip():
        return "a file with nothing but whitespace in it"
    for signature, description in _SIGNATURES:
        if data.startswith(signature):
            return description
    if b"\x00" in data[:8192] and not _has_utf16_bom(data):
        return "a binary file"
    return None


def describe_text(text: str) -> str | None:
    """Guess what a text that failed to parse as notebook JSON is, for the error message."""
    head = text[:4096].lstrip()[:2048]
    lowered = head.lower()
    if lowered.startswith(("<!doctype html", "<html")) or "<html" in lowered[:512]:
        return "a web page (HTML), perhaps saved from the browser instead of downloaded from Jupyter"
    if (text.startswith("<<<<<<< ") or "\n<<<<<<< " in text) and "\n>>>>>>> " in text:
        return "a notebook with git merge-conflict markers (<<<<<<< ... >>>>>>>) in it"
    first_line = head.split("\n", 1)[0].strip()
    if first_line.startswith(("import ", "from ", "def ", "class ", "#", "print(")):
        return "a Python script (submit it with the .py extension instead)"
    return None


def _has_utf16_bom(data: bytes) -> bool:
    return data.startswith((b"\xff\xfe", b"\xfe\xff"))
