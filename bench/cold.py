"""Cold start: one submission graded by a fresh process, as on Gradescope, against a fresh Jupyter kernel.

On Gradescope every submission runs in a new container: the warm zygote never pays off there, and
what a student waits for is a command started from nothing. Each command below is run as a new
process, several times, on one correct notebook (the assignment's correct example with a comment
naming the run, so its hash is new every time):

- ``run_autograder`` from an unpacked Gradescope zip in a temporary ``/autograder`` layout
  (``AUTOGRADER_ROOT``), with this checkout's virtual environment as Gradescope's ``venv`` and
  bubblewrap used where it works;
- ``autograder check ASSIGNMENT NOTEBOOK``, ``autograder list`` and ``autograder grade ASSIGNMENT
  NOTEBOOK -o DIR`` (a new DIR each time: nothing is kept from an earlier run).

The baseline, measured in the same run: nbclient executes the same notebook in a fresh ipykernel,
then one more cell checks the graded function on one input, and the kernel is shut down (what Otter
and nbgrader do per submission, in its cheapest form: nbclient is already imported here).

Every run records phase marks (:mod:`autograder.timeline`), which split its wall time.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from autograder import timeline
from autograder.assignment import Assignment

REPO = Path(__file__).resolve().parent.parent
COMMAND_TIMEOUT = 300

# The baseline's check after the notebook: one call of the graded function, compared with the reference.
SHORT_CHECKS = {
    "nms": ("import importlib.util as _u, torch as _t\n"
            "_s = _u.spec_from_file_location('_bench_reference', {reference!r}); _r = _u.module_from_spec(_s); "
            "_s.loader.exec_module(_r)\n"
            "_g = _t.Generator().manual_seed(0); _b = _t.rand(50, 2, generator=_g) * 100\n"
            "_b = _t.cat([_b, _b + _t.rand(50, 2, generator=_g) * 50], 1); _c = _t.rand(50, generator=_g)\n"
            "assert _t.equal(nms(_b, _c, 0.5), _r.nms(_b, _c, 0.5)), 'nms differs from the reference'\n"
            "print('BENCH-CHECK ok')\n"),
}
# Seconds each command should take at most on this machine kind (issue 12).
GOALS = {"run_autograder": 2.1, "check": 2.1, "list": 0.5, "grade": 2.5}

# (phase, first mark, second mark): a row of the breakdown when both marks are in a run's timeline.
# "launch" and "exit" are the benchmark's own readings around the process.
PHASES = (
    ("process start (interpreter, site, the command's module)", "launch", "grader started"),
    ("grader start-up until the zygote is launched", "grader started", "zygote launched"),
    ("grader imports (torch, pytest, ...)", "grader started", "grader imports done"),
    ("zygote: bubblewrap and Python start", "zygote launched", "zygote python up"),
    ("zygote: imports (numpy, torch)", "zygote python up", "zygote imported torch"),
    ("zygote: warm-up", "zygote imported torch", "zygote warm"),
    ("zygote ready until the grader asks for a child", "zygote ready", "child forking"),
    ("sandbox set-up (fork, rlimits, uid, Landlock, seccomp)", "child forking", "child sandboxed"),
    ("notebook execution", "child sandboxed", "notebook done"),
    ("pytest configuration and collection", "pytest configuring", "pytest collected"),
    ("tests", "tests started", "tests done"),
    ("writing results", "tests done", "results written"),
    ("exit (worker closed, interpreter ends)", "results written", "exit"),
)


@dataclass
class ColdRun:
    seconds: float
    returncode: int
    marks: dict[str, float] = field(default_factory=dict)   # phase -> seconds since launch (first occurrence)
    output: str = ""
    score: float | None = None


@dataclass
class ColdCommand:
    name: str
    shown: str                # the command line as a reader would type it
    runs: list[ColdRun]

    @property
    def seconds(self) -> list[float]:
        return [r.seconds for r in self.runs if r.returncode == 0]

    def median_run(self) -> ColdRun | None:
        good = sorted((r for r in self.runs if r.returncode == 0), key=lambda r: r.seconds)
        return good[len(good) // 2] if good else None


@dataclass
class ColdResult:
    assignment: str
    repeats: int
    commands: list[ColdCommand]
    kernel: list[float]                       # seconds per baseline run
    kernel_errors: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------------ running


def _notebook(assignment: Assignment, folder: Path, number: int) -> Path:
    """The correct example with a comment naming this run: a file the grader has never seen."""
    notebook = json.loads((assignment.examples / "correct.ipynb").read_text())
    for cell in notebook["cells"]:
        if cell.get("cell_type") == "code":
            source = cell["source"]
            cell["source"] = f"# cold run {number}\n" + ("".join(source) if isinstance(source, list) else source)
            break
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / assignment.notebook
    path.write_text(json.dumps(notebook, indent=1) + "\n")
    return path


def _timed(command: list[str], *, env: dict[str, str], cwd: Path, trace: Path) -> ColdRun:
    trace.unlink(missing_ok=True)
    env = {**env, timeline.ENVIRONMENT: str(trace)}
    launched = time.monotonic()
    finished = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=COMMAND_TIMEOUT)
    ended = time.monotonic()
    marks: dict[str, float] = {"launch": 0.0}
    for at, _, phase in timeline.read(trace):
        marks.setdefault(phase, at - launched)
    marks["exit"] = ended - launched
    return ColdRun(ended - launched, finished.returncode, marks, (finished.stdout + finished.stderr)[-3000:])


def gradescope_layout(assignment: Assignment, root: Path, tree: Path) -> Path:
    """``ROOT/source`` as Gradescope unpacks the autograder zip that ``tree`` builds (modes kept), then what its
    ``setup.sh`` runs after installing, with this virtual environment standing for the image's ``venv``."""
    env = _base_environment()
    subprocess.run([sys.executable, "-m", "autograder", "gradescope", assignment.name, "-o", str(root.parent / "dist")],
                   cwd=tree, env=env, check=True, capture_output=True, timeout=COMMAND_TIMEOUT)
    with zipfile.ZipFile(root.parent / "dist" / f"{assignment.name}-autograder.zip") as opened:
        opened.extractall(root / "source")
        for info in opened.infolist():
            os.chmod(root / "source" / info.filename, stat.S_IMODE(info.external_attr >> 16) or 0o644)
    setup = (root / "source" / "setup.sh").read_text()
    if "autograder.gradescope.prepare" in setup:  # a tree from before that step has nothing to prepare
        env = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run([sys.executable, "-m", "autograder.gradescope.prepare", assignment.name], cwd=root / "source",
                       env=env, check=True, capture_output=True, timeout=COMMAND_TIMEOUT)
    return root


def _base_environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AUTOGRADER_")}
    env.pop("PYTHONPATH", None)
    return env


def run_autograder(assignment: Assignment, layout: Path, work: Path, number: int) -> ColdRun:
    submission = layout / "submission"
    shutil.rmtree(submission, ignore_errors=True)
    shutil.rmtree(layout / "results", ignore_errors=True)
    _notebook(assignment, submission, number)
    env = {**_base_environment(), "AUTOGRADER_ROOT": str(layout), "AUTOGRADER_PYTHON": sys.executable}
    run = _timed([str(layout / "source" / "run_autograder")], env=env, cwd=layout, trace=work / "trace")
    return _full_marks(run, layout / "results" / "results.json")


def autograder_command(arguments: list[str], tree: Path, work: Path) -> ColdRun:
    """``autograder ARGUMENTS`` of the checkout ``tree`` (``python -m autograder``, the same entry point)."""
    return _timed([sys.executable, "-m", "autograder", *arguments], env=_base_environment(), cwd=tree,
                  trace=work / "trace")


def _full_marks(run: ColdRun, results: Path) -> ColdRun:
    """A run counts only if the correct notebook got every point, without a grader error."""
    try:
        graded = json.loads(results.read_text())
        run.score = float(graded["score"])
        if graded["extra_data"]["grader_errors"] or run.score != graded["extra_data"]["max_score"]:
            run.output += f"\n{results.name}: {run.score:g} of {graded['extra_data']['max_score']:g} points"
            run.returncode = run.returncode or 1
    except (OSError, ValueError, KeyError, TypeError):
        run.output += f"\nno results in {results}"
        run.returncode = run.returncode or 1
    return run


def kernel_baseline(assignment: Assignment, notebook_path: Path, workdir: Path) -> float:
    """nbclient runs the notebook in a fresh kernel, then the short check; seconds from kernel start to its end."""
    import nbformat
    from nbclient import NotebookClient

    from bench.kernel_baseline import kernel_environment

    notebook = nbformat.read(notebook_path, as_version=4)
    check = SHORT_CHECKS.get(assignment.name)
    if check:
        notebook.cells.append(nbformat.v4.new_code_cell(check.format(reference=str(assignment.reference_path))))
    with kernel_environment():
        started = time.perf_counter()
        client = NotebookClient(notebook, timeout=COMMAND_TIMEOUT, kernel_name="python3", allow_errors=False,
                                resources={"metadata": {"path": str(workdir)}})
        client.execute()
        seconds = time.perf_counter() - started
    if check and "BENCH-CHECK ok" not in json.dumps(notebook.cells[-1].get("outputs", [])):
        raise RuntimeError("the short check did not pass in the kernel")
    return seconds


def _kernel_into(result: ColdResult, assignment: Assignment, notebook: Path) -> None:
    try:
        result.kernel.append(kernel_baseline(assignment, notebook, notebook.parent))
    except Exception as error:  # noqa: BLE001 - a failed baseline run is reported, not fatal
        result.kernel_errors.append(f"{type(error).__name__}: {error}"[:300])


def measure(assignment: Assignment, repeats: int, say=print, tree: Path = REPO) -> ColdResult:
    """Each command ``repeats`` times, interleaved, each round starting with another command (so a change in the
    machine's load, or what one command leaves behind, hits all alike).

    ``tree`` is the checkout whose grader is measured (another one to compare with an earlier version).
    """
    # Not under /tmp: bubblewrap gives the worker a private /tmp, which would hide an unpacked zip there.
    work = Path(tempfile.mkdtemp(prefix="autograder-cold-", dir="/var/tmp" if os.path.isdir("/var/tmp") else None))
    try:
        layout = gradescope_layout(assignment, work / "autograder", tree)
        commands = {
            "run_autograder": ColdCommand("run_autograder", "run_autograder (Gradescope layout)", []),
            "check": ColdCommand("check", f"autograder check {assignment.name} NOTEBOOK", []),
            "list": ColdCommand("list", "autograder list", []),
            "grade": ColdCommand("grade", f"autograder grade {assignment.name} NOTEBOOK -o DIR", []),
        }
        result = ColdResult(assignment.name, repeats, list(commands.values()), [])
        for number in range(repeats):
            notebook = _notebook(assignment, work / f"notebook-{number}", number)
            steps = [
                lambda: commands["run_autograder"].runs.append(run_autograder(assignment, layout, work, number)),
                lambda: commands["check"].runs.append(
                    autograder_command(["check", assignment.name, str(notebook)], tree, work)),
                lambda: commands["list"].runs.append(autograder_command(["list"], tree, work)),
                lambda: commands["grade"].runs.append(_full_marks(autograder_command(
                    ["grade", assignment.name, str(notebook), "-o", str(work / f"results-{number}")], tree, work),
                    work / f"results-{number}" / f"{assignment.notebook.removesuffix('.ipynb')}.json")),
                lambda: _kernel_into(result, assignment, notebook),
            ]
            for step in steps[number % len(steps):] + steps[:number % len(steps)]:  # each run starts elsewhere
                step()
            say("  run {}: ".format(number + 1) + ", ".join(
                f"{c.name} {c.runs[-1].seconds:.2f} s" + ("" if c.runs[-1].returncode == 0 else " (FAILED)")
                for c in commands.values()) + (f", kernel {result.kernel[-1]:.2f} s" if len(result.kernel) > number else ""))
        for command in commands.values():
            for run in command.runs:
                if run.returncode != 0:
                    say(f"  {command.name} failed (exit {run.returncode}):\n{run.output}")
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ------------------------------------------------------------------------------------------- report


def breakdown(run: ColdRun) -> list[tuple[str, float, float]]:
    """(phase, from, to) in seconds since launch, for the phases both of whose marks the run has."""
    rows = []
    for name, first, second in PHASES:
        if first in run.marks and second in run.marks:
            rows.append((name, run.marks[first], run.marks[second]))
    return rows


def _median(values: list[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _seconds(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def target_rows(result: ColdResult) -> list[str]:
    """Rows of the report's Targets table: each command's median against its goal."""
    rows = []
    for command in result.commands:
        ours = _median(command.seconds)
        goal = GOALS[command.name]
        verdict = "n/a" if ours is None or len(command.seconds) < len(command.runs) else (
            "met" if ours <= goal else "**not met**")
        what = "" if command.name == "list" else f", one {result.assignment} notebook"
        rows.append(f"| cold: `{command.shown}`{what}, a fresh process, median of {result.repeats}, "
                    f"<= {goal:g} s | {_seconds(ours)} s | {verdict} |")
    return rows


def render(result: ColdResult, before: ColdResult | None = None, before_label: str = "") -> list[str]:
    """The report's cold-start section: the table of the issue, then where each command's time went."""
    kernel = _median(result.kernel)
    lines = ["## Cold start: one submission, a fresh process", "",
             f"Each command started as a new process, {result.repeats} times, interleaved with the others and with "
             f"the kernel baseline, on one correct {result.assignment} notebook (the correct example with a comment "
             "naming the run, so its hash is new). `run_autograder` runs from the unpacked Gradescope zip in a "
             "temporary `/autograder` layout (`AUTOGRADER_ROOT`, outside /tmp), after the zip's own `setup.sh` "
             "preparation step, with this virtual environment as the image's venv and bubblewrap where it works; "
             "`grade` writes to a new folder each time. Kernel baseline, same run: nbclient executes the same "
             "notebook in a fresh ipykernel, then one cell checks `nms` on one input against the reference (timed "
             "from the kernel's start to its shutdown, in this process: no interpreter start counted for it). "
             "A run counts only when the notebook got full marks (`check`: every public check passed).", "",
             "| what | ours: median s | runs s | kernel baseline: median s | kernel / ours | goal"
             + (f" | before ({before_label}): median s" if before else "") + " |",
             "|---|---|---|---|---|---" + ("|---" if before else "") + "|"]
    earlier = {c.name: c for c in before.commands} if before else {}
    for command in result.commands:
        ours = _median(command.seconds)
        runs = ", ".join(f"{r.seconds:.2f}" + ("" if r.returncode == 0 else " (failed)") for r in command.runs)
        baseline = command.name != "list" and kernel is not None
        ratio = f"{kernel / ours:.1f}x" if baseline and ours else "-"
        row = (f"| `{command.shown}` | {_seconds(ours)} | {runs} | {_seconds(kernel) if baseline else '-'} | {ratio} "
               f"| <= {GOALS[command.name]:g} s")
        if before:
            previous = earlier.get(command.name)
            row += f" | {_seconds(_median(previous.seconds)) if previous else 'n/a'}"
        lines.append(row + " |")
    lines.append(f"| kernel baseline (nbclient, fresh ipykernel, short check) | {_seconds(kernel)} | "
                 + ", ".join(f"{k:.2f}" for k in result.kernel) + " | | | |" + (" |" if before else ""))
    lines += [f"| | kernel baseline failed: {error} | | | | |" for error in result.kernel_errors]
    lines += ["", "### Where the cold time goes", "",
              "Phase marks of the median run of each command (`autograder.timeline`), in seconds since the process "
              "was launched. Phases overlap: the zygote (the worker's parent, in bubblewrap) starts first and imports "
              "torch while the grader imports its own and pytest collects the suite in a thread.", ""]
    for command in result.commands:
        run = command.median_run()
        if run is None:
            continue
        lines += [f"`{command.shown}`, {run.seconds:.2f} s:", "", "| phase | from s | to s | s |", "|---|---|---|---|"]
        lines += [f"| {name} | {start:.3f} | {end:.3f} | {end - start:.3f} |" for name, start, end in breakdown(run)]
        lines.append("")
    return lines
