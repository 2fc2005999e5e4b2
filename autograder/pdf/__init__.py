"""PDFs of the written answers, for Gradescope's manual grading and the student's export.

One PDF per submission: the submission's name first, then each manual question on its own page
(its prompt from the assignment's notebook, the student's answer from theirs), optionally the
student's code. The notebook is rendered to HTML by nbconvert with our template
(:mod:`autograder.pdf.render`), student markdown made inert (raw HTML shown as text, links and
images restricted), LaTeX drawn by matplotlib's mathtext; WeasyPrint, which has no JavaScript
engine at all and here fetches nothing but inline ``data:`` images, lays the HTML out as a PDF
(:mod:`autograder.pdf.engine`). A class is rendered one forked process per submission, with a
time and memory limit (:mod:`autograder.pdf.batch`); one whose PDF cannot be made gets a one-page
PDF that says why (:mod:`autograder.pdf.notice`, no dependencies).

Nothing here is imported by the student's ``check()``; the student's ``export()`` imports it only
to make the PDF, and says how to install the engine when it is missing.
"""
