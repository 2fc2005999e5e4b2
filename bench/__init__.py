"""The grading benchmark: our grader (warm zygote, forked workers) against the kernel-based way.

Run it with ``make bench`` (``python bench/run.py``); it writes ``bench/results.md``.
"""
