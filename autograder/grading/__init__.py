"""The grader process: runs the suites, through the worker, and turns outcomes into results."""
