"""`make bench` runs end to end: a --quick run grades two submissions every way and writes its report.

A smoke test of the benchmark script, not of the grader's speed: no timing is asserted.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SECTIONS = ("## Machine", "## Targets", "## Cold start", "## (a) One job", "## (b) Throughput",
            "## (c) Kernel-based baseline", "## Where the time goes")


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    out = tmp_path_factory.mktemp("bench") / "results.md"
    finished = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--out", str(out)],
                              cwd=REPO, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-4000:]
    return out.read_text(), finished.stdout


def test_the_report_has_every_section(quick_report):
    text, _ = quick_report
    positions = [text.find(section) for section in SECTIONS]
    assert -1 not in positions, [s for s, p in zip(SECTIONS, positions) if p == -1]
    assert positions == sorted(positions)


def test_the_report_describes_the_machine(quick_report):
    text, _ = quick_report
    for field in ("CPU", "cores usable", "RAM", "Python", "torch", "bubblewrap"):
        assert f"| {field} |" in text


def test_every_measurement_graded_both_submissions(quick_report):
    text, _ = quick_report
    one_job = re.search(r"^\| conv_arithmetic \| 2 \(\d+ originals\) \| [\d.]+ \|", text, re.MULTILINE)
    assert one_job, "(a) should time both submissions"
    assert re.search(r"^\| conv_arithmetic \| 1 \| 2 \| [\d.]+ \|", text, re.MULTILINE), "(b) -j 1 should grade both"
    assert re.search(r"^\| conv_arithmetic \| 2 \| 2 \| [\d.]+ \|", text, re.MULTILINE), "(b) -j 2 should grade both"
    baseline = re.search(r"^\| conv_arithmetic \| 1 \| ([\d.]+) \|", text[text.find("## (c)"):], re.MULTILINE)
    assert baseline, "(c) should run one notebook in a fresh kernel"


def test_the_run_prints_the_ratio_of_the_baseline_to_ours(quick_report):
    _, printed = quick_report
    assert re.search(r"\(c\)/\(a\) = [\d.]+x", printed)


def test_the_cold_start_is_measured_beside_a_fresh_kernel_with_its_phases(quick_report):
    text, _ = quick_report
    cold = text[text.find("## Cold start"):text.find("## (a)")]
    for command in ("run_autograder (Gradescope layout)", "autograder check nms NOTEBOOK", "autograder list",
                    "autograder grade nms NOTEBOOK -o DIR"):
        row = re.search(rf"^\| `{re.escape(command)}` \| ([\d.]+) \| [\d.]+ \|", cold, re.MULTILINE)
        assert row, f"{command} should have run once, with full marks"
    assert re.search(r"^\| kernel baseline \(nbclient, fresh ipykernel, short check\) \| [\d.]+ \|", cold, re.MULTILINE)
    for phase in ("zygote: imports (numpy, torch)", "notebook execution", "pytest configuration and collection",
                  "tests", "writing results"):
        assert f"| {phase} |" in cold
    assert re.search(r"^\| cold: `autograder list`.*\| [\d.]+ s \| (met|\*\*not met\*\*) \|$", text, re.MULTILINE)
