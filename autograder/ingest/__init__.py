"""The ingest stage: read a submitted notebook (``.ipynb``, ``.py`` or ``.zip``) into code cells.

Nothing here runs student code. Output is plain Python per cell, with IPython syntax made inert,
and warnings addressed to the student; an unreadable upload raises :class:`IngestError`.
"""

from autograder.ingest.loader import file_sha256, load_submission
from autograder.ingest.model import CodeCell, IngestError, Submission

__all__ = ["CodeCell", "IngestError", "Submission", "file_sha256", "load_submission"]
