"""Turn a submitted file's bytes into text, refusing binaries with a message that names what they are."""

from __future__ import annotations

from autograder.ingest.model import IngestError
from autograder.ingest.sniff import describe_binary


def decode_text(data: bytes, name: str, *, kind: str) -> str:
    """Decode UTF-8 (with or without a byte-order mark; UTF-16 if it has one).

    ``kind`` is what the file should have been ("notebook", "Python script"), for the message.
    """
    looks_like = describe_binary(data)
    if looks_like is not None:
        raise IngestError(
            f"{name} is {looks_like}, not a {kind}. "
            "Submit the notebook itself (the .ipynb file from Jupyter's File > Download)."
        )
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(
            f"{name} is not UTF-8 text (byte {error.start} cannot be decoded), so it cannot be a {kind}. "
            "Save it again from Jupyter and resubmit."
        ) from None
    return text


def normalise_newlines(source: str) -> str:
    """Windows and old Mac line ends become ``\\n``, so line numbers match the student's editor."""
    if "\r" not in source:
        return source
    return source.replace("\r\n", "\n").replace("\r", "\n")
