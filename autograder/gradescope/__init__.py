"""The Gradescope autograder: the zip we upload (:mod:`.build`) and what runs inside it (:mod:`.run`)."""
