"""IPython syntax becomes inert Python on the same line; real Python is never touched."""

from __future__ import annotations

import pytest

from autograder.ingest.magics import neutralise_magics


def rewrite(source: str, number: int = 3) -> str | None:
    return neutralise_magics(source, number).source


def warnings_of(source: str, number: int = 3) -> tuple[str, ...]:
    return neutralise_magics(source, number).warnings


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("%matplotlib inline\nimport torch\n", "pass\nimport torch\n"),
        ("%load_ext autoreload\n%autoreload 2\n", "pass\npass\n"),
        ("%time x = f()\n", "x = f()\n"),
        ("%timeit f()\nx = 1\n", "pass\nx = 1\n"),
        ("%time\n", "pass\n"),
        ("here = %pwd\n", "here = None\n"),
        ("out = %timeit -o f()\n", "out = None\n"),
        ("y = %time g()\n", "y = g()\n"),
        ("!pip install torch\n", "pass\n"),
        ("files = !ls data\n", "files = []\n"),
        ("a, b = !ls\n", "a, b = [], []\n"),
        ("self.listing = !!ls\n", "self.listing = []\n"),
        ("torch.nn.Linear?\n??nms\n", "pass\npass\n"),
    ],
)
def test_magics_and_shell_escapes_become_inert_python(source: str, expected: str) -> None:
    assert rewrite(source) == expected


def test_indented_magics_keep_their_block_valid() -> None:
    source = "for i in range(3):\n    %time step(i)\n    !nvidia-smi\n    if i:\n        %matplotlib inline\n"
    result = rewrite(source)
    assert result == "for i in range(3):\n    step(i)\n    pass\n    if i:\n        pass\n"
    compile(result, "<cell 3>", "exec")


def test_tab_indentation_is_kept_as_it_was() -> None:
    result = rewrite("if ready:\n\t!ls\nelse:\n\tx = %pwd\n")
    assert result == "if ready:\n\tpass\nelse:\n\tx = None\n"
    compile(result, "<cell 3>", "exec")


@pytest.mark.parametrize(
    "source",
    [
        'print("%d items" % n)\nok = a != b\n',
        's = """\n%matplotlib inline\n!rm -rf /\n"""\n',
        "doc = '''\n  %d\n  files = !ls\n'''\n",
        'msg = """Total:\n%d""" % total\n',
        "total = (a\n         % b)\n",
        "total = a \\\n    % b\n",
        "call(x,\n     !flag)\n",
        "f'''\n%s {y}\n'''\n",
        "# %matplotlib inline\n#!ls\n",
        "x = 'what?'\n",
    ],
    ids=[
        "percent-in-string", "triple-quoted", "triple-single-quoted", "string-closing-on-magic-like-line",
        "bracket-continuation", "backslash-continuation", "bang-in-brackets", "f-string", "comments",
        "question-mark-in-string",
    ],
)
def test_percent_and_bang_that_are_not_at_a_statement_start_are_left_alone(source: str) -> None:
    assert rewrite(source) == source
    assert warnings_of(source) == ()


def test_a_line_after_a_string_that_looked_like_a_magic_is_still_rewritten() -> None:
    source = 'msg = """Total:\n%d""" % total\n!echo done\n'
    assert rewrite(source) == 'msg = """Total:\n%d""" % total\npass\n'


def test_shell_escapes_are_never_run_and_the_student_is_told() -> None:
    assert warnings_of("!pip install x\n", number=4) == ("cell 4: shell command `!pip install x` was not run",)
    assert warnings_of("files = !ls\n", number=2) == (
        "cell 2: shell command `files = !ls` was not run; `files` was set to []",
    )


def test_magics_that_change_behaviour_are_reported_but_display_magics_are_not() -> None:
    assert warnings_of("%matplotlib inline\n%load_ext autoreload\n%timeit f()\n") == ()
    assert warnings_of("%cd /data\n%pip install x\n", number=5) == (
        "cell 5: magic `%cd /data` was not run",
        "cell 5: magic `%pip install x` was not run",
    )


def test_a_magic_continued_with_backslashes_is_blanked_to_its_end() -> None:
    source = "!pip install \\\n    torch \\\n    numpy\nprint(1)\n"
    assert rewrite(source) == "pass\n\n\nprint(1)\n"


def test_a_time_magic_continued_with_a_backslash_keeps_the_whole_statement() -> None:
    source = "%time x = f(1,\\\n          2)\n"
    assert rewrite(source) == "x = f(1,\\\n          2)\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("%%time\nx = 1\n%time y = 2\n", "\nx = 1\ny = 2\n"),
        ("\n%%capture\nprint(1)\n", "\n\nprint(1)\n"),
        ("%%capture output --no-stderr\nprint(1)\n", "output = None\nprint(1)\n"),
    ],
)
def test_cell_magics_that_wrap_python_run_the_body(source: str, expected: str) -> None:
    assert rewrite(source) == expected


@pytest.mark.parametrize(
    "magic", ["bash", "sh", "script python", "html", "javascript", "latex", "markdown", "mystery"]
)
def test_cell_magics_for_other_languages_skip_the_whole_cell(magic: str) -> None:
    result = neutralise_magics(f"%%{magic}\necho hi\nx = 1\n", 6)
    assert result.source is None
    name = magic.split()[0]
    assert result.warnings == (f"cell 6: the cell starts with `%%{name}`, so it is not Python and was not run",)


def test_timing_cell_magics_skip_the_cell_and_say_why() -> None:
    result = neutralise_magics("%%timeit\nnms(boxes, scores, 0.5)\n", 7)
    assert result.source is None
    assert result.warnings == ("cell 7: the cell starts with `%%timeit`, which only measures code, so it was not run",)


def test_writefile_says_which_file_was_not_written() -> None:
    result = neutralise_magics("%%writefile helpers.py\ndef f():\n    return 1\n", 2)
    assert result.source is None
    assert result.warnings == ("cell 2: `%%writefile helpers.py` was not run, so helpers.py was not written",)


def test_get_ipython_calls_are_left_for_the_worker_stub() -> None:
    source = "get_ipython().system('ls')\nget_ipython().run_line_magic('matplotlib', 'inline')\n"
    assert rewrite(source) == source


@pytest.mark.parametrize(
    "source",
    [
        "def f(:\n    return 1\n%matplotlib inline\n!ls\n",
        "x = (1,\n!ls\n",
        "if True:\n        x = 1\n    y = 2\n!ls\n",
    ],
    ids=["bad-signature", "unclosed-bracket", "bad-dedent"],
)
def test_a_cell_with_a_syntax_error_keeps_every_line_but_its_magics(source: str) -> None:
    result = rewrite(source)
    original, rewritten = source.split("\n"), result.split("\n")
    assert len(rewritten) == len(original)
    for before, after in zip(original, rewritten):
        if before.lstrip().startswith(("%", "!")):
            assert after.strip() == "pass"
        else:
            assert after == before
    with pytest.raises(SyntaxError):
        compile(result, "<cell 3>", "exec")


def test_a_cell_with_a_syntax_error_still_skips_triple_quoted_strings() -> None:
    source = "def f(:\ns = '''\n!ls\n%d\n'''\n!pwd\n"
    assert rewrite(source) == "def f(:\ns = '''\n!ls\n%d\n'''\npass\n"


@pytest.mark.parametrize(
    "source",
    [
        "%matplotlib inline\nfor i in range(2):\n    !echo $i \\\n       more\n    x = %pwd\n"
        "%time y = (1 +\n   2)\n",
        "%%time\n\n%load_ext autoreload\nz = 1",
        "a = 1\r\n!ls\r\nb = 2\r\n",
    ],
)
def test_line_numbers_are_preserved_and_the_result_compiles(source: str) -> None:
    result = rewrite(source)
    assert result.count("\n") == source.count("\n")
    compile(result, "<cell 3>", "exec")


def test_cells_without_ipython_syntax_come_back_unchanged() -> None:
    source = "import torch\n\ndef nms(boxes, scores, threshold):\n    return boxes[scores > threshold]\n"
    assert rewrite(source) == source
