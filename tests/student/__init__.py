"""Tests of the student side: check() in a notebook and the autograder check command."""
