"""``similarity.csv``: one row per pair of submissions, the most similar first.

Columns ``submission_a, submission_b, similarity``: the submissions' keys (the names of their results
files, so the CSV joins with the gradebook) and a number in [0, 1] with 4 decimals. A key comes from
a file name a student chose, and a spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``
or a tab as a formula, so such a cell is prefixed with ``'`` (OWASP's advice for CSV injection).
"""

from __future__ import annotations

import csv
import io

from autograder.similarity.run import Similarity

HEADER = ("submission_a", "submission_b", "similarity")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value: str) -> str:
    """``value`` as a spreadsheet shows it but never evaluates it."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def render_csv(result: Similarity) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for pair in result.pairs:
        writer.writerow([spreadsheet_safe(result.compared[pair.a].key), spreadsheet_safe(result.compared[pair.b].key),
                         f"{pair.similarity:.4f}"])
    return buffer.getvalue()
