"""Everything the grader writes: results.json, and (for the TA) gradebooks and reports."""
