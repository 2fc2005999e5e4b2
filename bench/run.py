"""``make bench``: grade a class with our grader and with the kernel-based way, side by side.

First, cold start (``bench/cold.py``): one submission graded by a fresh process (``run_autograder``
in a Gradescope layout, ``autograder check``, ``list`` and ``grade``), median of 3, against a fresh
Jupyter kernel running the same notebook in the same run, with a phase breakdown.
Then, for every assignment found (``assignments/*/assignment.yaml``) it makes a class of submissions from
the examples and mutants, and measures
  (a) our grader, one job: per-submission wall time (median, p95), overhead and peak memory;
  (b) our grader with -j 1 and -j <cores>: submissions per second;
  (c) the kernel-based baseline on a sample: nbclient, a fresh kernel per notebook, checks in-kernel;
prints the ratio (c)/(a) and writes bench/results.md. ``--quick`` is a smoke run (2 submissions of
one assignment) that writes its report elsewhere.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from autograder.assignment import list_assignments, load_assignment  # noqa: E402
from bench import cold, kernel_baseline, machine, ours, report, variants  # noqa: E402

DEFAULT_OUT = REPO / "bench" / "results.md"
QUICK_ASSIGNMENT = "conv_arithmetic"
COLD_ASSIGNMENT = "nms"
MIN_BASELINE_SAMPLE = 4


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 submissions of one assignment")
    parser.add_argument("--assignment", action="append", dest="assignments", metavar="NAME",
                        help="benchmark only this assignment (repeatable); default: all")
    parser.add_argument("--per-assignment", type=int, default=50, help="submissions per assignment for (a) and (b)")
    parser.add_argument("--baseline-sample", type=int, default=8, help="submissions per assignment for (c)")
    parser.add_argument("--jobs", type=int, nargs="+", help="-j values for (b); default: 1 and the core count")
    parser.add_argument("--out", type=Path, help="the report (default bench/results.md; --quick: a temporary folder)")
    parser.add_argument("--budget", type=float, default=540.0,
                        help="seconds the whole run should take: (c) samples fewer notebooks (at least "
                             f"{MIN_BASELINE_SAMPLE}) when the machine is too slow for the full sample")
    parser.add_argument("--keep", action="store_true", help="keep the generated submissions")
    parser.add_argument("--cold-repeats", type=int, default=3, help="runs of each cold-start command (the median counts)")
    parser.add_argument("--cold-assignment", default=COLD_ASSIGNMENT, help="the assignment of the cold-start notebook")
    parser.add_argument("--cold-only", action="store_true", help="measure the cold start only")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold start")
    parser.add_argument("--cold-before", type=Path, metavar="TREE",
                        help="also measure the cold start of the grader in another checkout (e.g. `git archive` of an "
                             "earlier commit), right after this one's, as a 'before' column")
    return parser


def _say(text: str) -> None:
    print(text, flush=True)


def _choose_assignments(args: argparse.Namespace) -> list[str]:
    known = list_assignments()
    if args.assignments:
        unknown = [name for name in args.assignments if name not in known]
        if unknown:
            raise SystemExit(f"unknown assignment(s): {', '.join(unknown)} (known: {', '.join(known)})")
        return args.assignments
    if args.quick:
        return [QUICK_ASSIGNMENT if QUICK_ASSIGNMENT in known else known[0]]
    return known


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    names = _choose_assignments(args)
    per_assignment = 2 if args.quick else args.per_assignment
    sample = 1 if args.quick else args.baseline_sample
    cores = machine.cores()
    jobs = sorted(set(args.jobs or ([1, 2] if args.quick else [1, cores])))
    workdir = Path(tempfile.mkdtemp(prefix="autograder-bench-"))
    out = args.out or (workdir / "results.md" if args.quick else DEFAULT_OUT)
    run = report.BenchRun(machine=machine.describe(), load_before=machine.load_average(), load_after="",
                          per_assignment=per_assignment, baseline_sample=sample, jobs=jobs, quick=args.quick, seconds=0.0,
                          arguments="".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:])))
    _say(f"Benchmark on {run.machine['CPU']}, {cores} cores, bubblewrap: {run.machine['bubblewrap']}")
    _say(f"{len(names)} assignment(s), {per_assignment} submissions each; -j {jobs}; kernel baseline on {sample} each")
    try:
        if not args.no_cold:
            phase_started = time.perf_counter()
            _cold(args, run)
            run.phases["cold"] = time.perf_counter() - phase_started
        if args.cold_only:
            names = []
        classes = {}
        for name in names:
            assignment = load_assignment(name)
            made = variants.make_class(assignment, workdir / name, per_assignment)
            classes[name] = (assignment, made, len(variants.originals(assignment)))
        one_job = {}
        phase_started = time.perf_counter()
        _say("\n(a) one job, submission by submission")
        for name, (assignment, made, _) in classes.items():
            one_job[name] = ours.one_job(assignment, made, [workdir])
            walls = [t.wall for t in one_job[name].submissions]
            _say(f"  {name:<18} {len(walls):>3} submissions  median {report.median(walls):.3f} s  "
                 f"p95 {report.p95(walls):.3f} s  overhead median "
                 f"{report.median([t.overhead for t in one_job[name].submissions]):.3f} s")
        run.phases["(a)"] = time.perf_counter() - phase_started
        throughput = {name: [] for name in classes}
        phase_started = time.perf_counter()
        _say("\n(b) grade_many with -j")
        for name, (assignment, made, _) in classes.items():
            for j in jobs:
                entry = ours.batch(assignment, workdir / name, j)
                throughput[name].append(entry)
                _say(f"  {name:<18} -j {j}: {entry.count} in {entry.wall:.1f} s = {entry.per_second:.2f}/s "
                     f"(warm {entry.steady_per_second:.2f}/s)")
        run.phases["(b)"] = time.perf_counter() - phase_started
        phase_started = time.perf_counter()
        _say("\n(c) kernel-based baseline: a fresh kernel per notebook")
        kernel_seconds: list[float] = []
        with kernel_baseline.kernel_environment():
            for index, (name, (assignment, made, originals)) in enumerate(classes.items()):
                chosen = variants.baseline_sample(made, sample)
                if kernel_seconds and not args.quick:
                    left = args.budget - (time.perf_counter() - started)
                    affordable = int(left / (len(classes) - index) / (sum(kernel_seconds) / len(kernel_seconds)))
                    if affordable < len(chosen):
                        chosen = chosen[:max(MIN_BASELINE_SAMPLE, affordable)]
                        run.notes.append(f"(c) ran {len(chosen)} notebooks of {name} instead of {sample} to stay "
                                         f"within the {args.budget:.0f} s budget.")
                runs = []
                for variant in chosen:
                    runs.append(kernel_baseline.grade_in_fresh_kernel(assignment, variant.path, workdir))
                    kernel_seconds.append(runs[-1].seconds)
                names_chosen = {v.path.name for v in chosen}
                result = report.AssignmentResult(name, originals, one_job[name], throughput[name], runs,
                                                 [t for t in one_job[name].submissions if t.source in names_chosen])
                run.assignments.append(result)
                good = [k.seconds for k in runs if k.error is None]
                _say(f"  {name:<18} {len(good)}/{len(runs)} notebooks  median {report.median(good):.2f} s  "
                     f"-> kernel / ours = {report.speedup(result):.1f}x")
        run.phases["(c)"] = time.perf_counter() - phase_started
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    run.load_after = machine.load_average()
    run.seconds = time.perf_counter() - started
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.render(run))
    if not run.assignments:
        _say(f"Report: {out} ({run.seconds:.0f} s in all)")
        return 0
    timings = report.all_timings(run)
    _say(f"\nMedian per submission: ours {report.median([t.wall for a in run.assignments for t in a.ours_on_sample]):.3f} s, "
         f"kernel {report.median([k.seconds for a in run.assignments for k in a.kernel if k.error is None]):.2f} s "
         f"on the same submissions: (c)/(a) = {report.overall_speedup(run):.1f}x")
    _say(f"Overhead per submission (median over {len(timings)}): {report.median([t.overhead for t in timings]):.3f} s; "
         f"without the checks' grader-side work: {report.median([t.engine_overhead for t in timings]):.3f} s")
    _say(f"Report: {out} ({run.seconds:.0f} s in all)")
    return 0


def _cold(args: argparse.Namespace, run: report.BenchRun) -> None:
    known = list_assignments()
    name = args.cold_assignment if args.cold_assignment in known else (known[0] if known else None)
    if name is None:
        return
    assignment = load_assignment(name)
    repeats = 1 if args.quick else max(1, args.cold_repeats)
    _say(f"\ncold start: one {name} notebook, a fresh process per command, {repeats} run(s) each")
    run.cold = cold.measure(assignment, repeats, say=_say)
    if args.cold_before:
        _say(f"cold start of the grader in {args.cold_before}")
        run.cold_before = cold.measure(assignment, repeats, say=_say, tree=args.cold_before.resolve())
        run.cold_before_label = args.cold_before.name
    for command in run.cold.commands:
        _say(f"  {command.shown:<48} median {report.median(command.seconds):.2f} s")
    _say(f"  kernel baseline (same run)                       median {report.median(run.cold.kernel):.2f} s")


if __name__ == "__main__":
    sys.exit(main())
