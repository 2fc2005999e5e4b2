"""Manual questions: written answers in a notebook that a person grades (nbgrader's and Otter's convention).

An assignment notebook asks one with two markdown cells: the prompt, metadata
``"autograder": {"prompt": "<id>"}``, then right after it the answer cell, which starts as the
line ``YOUR ANSWER HERE`` and carries ``"autograder": {"manual": "<id>", "points": <number>}``.
The teacher's answer lives in the reference solution (``TEACHER_ANSWERS``), never in the notebook.

:mod:`autograder.manual.questions` reads the questions from the assignment's notebook with the
json module alone (``autograder list`` uses it without importing anything heavy);
:mod:`autograder.manual.answers` finds a student's answers in a submitted notebook.
"""
