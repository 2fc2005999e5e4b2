"""Which submissions share code the assignment did not give them (``autograder similarity``).

The way through, one module each: :mod:`.skeleton` (what the assignment gives) and :mod:`.extract`
(the student's own code, split into units by :mod:`.units`), :mod:`.normalise` (tokens a copier
cannot change), :mod:`.fingerprint` (copydetect's winnowing), :mod:`.compare` (a score per pair),
:mod:`.run` (sources in, scored pairs out), :mod:`.csvfile`, :mod:`.page` and :mod:`.histogram`
(the outputs), :mod:`.write`. Student code is parsed and tokenized, never run.
"""

from autograder.similarity.run import Similarity, find_similarity
from autograder.similarity.write import CSV_NAME, HTML_NAME, SimilarityOutputs, compare_and_write, write_similarity

__all__ = ["CSV_NAME", "HTML_NAME", "Similarity", "SimilarityOutputs", "compare_and_write", "find_similarity",
           "write_similarity"]
