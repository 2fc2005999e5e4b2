"""Split a ``.py`` submission into cells where editors mark them, so cell numbers match the notebook.

Recognised markers: ``# %%`` (Jupytext, VS Code, Spyder, PyCharm; ``#%%`` too) and ``# In[3]:``
(Jupyter's "Download as Python"). ``# %% [markdown]`` cells hold prose and are skipped.
"""

from __future__ import annotations

import re

from autograder.ingest.text import normalise_newlines

_CELL_MARKER = re.compile(r"^(?:#\s?%%(?P<label>.*)|# In\[[\d ]*\]:\s*)$")
_PROSE_LABEL = re.compile(r"\[\s*(?:markdown|md|raw)\s*\]")


def split_script(text: str) -> tuple[str, ...]:
    """The code cells of a script: one per marker, or the whole file if it has no marker.

    Text before the first marker counts as a cell only if it holds code (a Jupytext header is
    nothing but comments), so the numbering agrees with the editor's.
    """
    text = normalise_newlines(text)
    lines = text.split("\n")
    markers = [index for index, line in enumerate(lines) if _CELL_MARKER.match(line)]
    if not markers:
        return (text,)
    cells = []
    preamble = lines[: markers[0]]
    if any(line.strip() and not line.lstrip().startswith("#") for line in preamble):
        cells.append(_join(preamble))
    for start, end in zip(markers, markers[1:] + [len(lines)]):
        label = _CELL_MARKER.match(lines[start])["label"] or ""
        if _PROSE_LABEL.search(label) is None:
            cells.append(_join(lines[start + 1 : end]))
    return tuple(cells)


def _join(lines: list[str]) -> str:
    """Lines of one cell, without the blank lines that separate it from the next marker."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return "".join(line + "\n" for line in lines[:end])
