"""The pytest plugin that turns a hidden suite into graded outcomes.

It registers the ``points`` marker, provides the ``submission``, ``reference``, ``device`` and
``partial_credit`` fixtures, and records for each test whether the student earned its points,
and if not, a message that is theirs to read: the failure of their code, never the test's source
or hidden inputs. An exception that is not a submission failure is a grader bug and says so.
"""

from __future__ import annotations

import hashlib
import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest

from autograder.errors import SubmissionFailure

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
POINTS_MARKER = ("points(n, visibility='visible', name=None, question=None): "
                 "the test is worth n points; see docs/authoring.md")
OUTPUT_LIMIT = 4000
PYTEST_INI = Path(__file__).with_name("pytest.ini")


def isolated_pytest_args(test_paths: list[Path], root: Path) -> list[str]:
    """Run ``test_paths`` with the grader's ini file and nothing from the course repository's pytest setup."""
    return [str(p) for p in test_paths] + [
        "-c", str(PYTEST_INI), "--rootdir", str(root), "--confcutdir", str(root),
        "-p", "no:cacheprovider", "-p", "no:stepwise", "-p", "no:randomly", "--import-mode=importlib",
    ]


def case_group(item: pytest.Item) -> tuple:
    """The test case an item belongs to once its device is set aside: device variants share its points."""
    params = dict(getattr(getattr(item, "callspec", None), "params", {}) or {})
    params.pop("device", None)
    return (str(item.path), getattr(item, "originalname", item.name), repr(sorted(params.items(), key=str)))


@dataclass
class TestOutcome:
    nodeid: str
    name: str
    question: str
    max_score: float
    visibility: str
    status: str  # "passed", "failed" or "grader_error"
    fraction: float = 0.0
    output: str = ""
    seconds: float = 0.0
    device: str | None = None
    grader_error: str | None = None  # the full traceback, for staff only
    group: tuple = field(default=(), repr=False)

    @property
    def score(self) -> float:
        return round(self.max_score * self.fraction, 4)


class PartialCredit:
    """``partial_credit(0.5)``: the fraction a test earns if it fails after this point."""

    def __init__(self) -> None:
        self.fraction = 0.0

    def __call__(self, fraction: float) -> None:
        if not 0.0 <= fraction <= 1.0:
            raise ValueError("partial credit is a fraction between 0 and 1")
        self.fraction = float(fraction)


class GradingPlugin:
    def __init__(self, *, proxy_factory: Callable[[bool], Any], reference_loader: Callable[[], Any],
                 devices: tuple[str, ...], cuda_available: bool) -> None:
        self.proxy_factory = proxy_factory
        self.reference_loader = reference_loader
        self.devices = devices
        self.cuda_available = cuda_available
        self.outcomes: list[TestOutcome] = []
        self.collection_errors: list[str] = []

    # ------------------------------------------------------------------------------- fixtures

    @pytest.fixture
    def submission(self, request: pytest.FixtureRequest) -> Any:
        return self.proxy_factory(_visibility(request.node) == "visible")

    @pytest.fixture(scope="session")
    def reference(self) -> Any:
        return self.reference_loader()

    @pytest.fixture
    def partial_credit(self, request: pytest.FixtureRequest) -> PartialCredit:
        credit = PartialCredit()
        request.node.stash[_CREDIT] = credit
        return credit

    # ---------------------------------------------------------------------------------- hooks

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", POINTS_MARKER)

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "device" in metafunc.fixturenames:
            params = [pytest.param(d, marks=pytest.mark.skipif(d == "cuda" and not self.cuda_available,
                                                                reason="no CUDA device on this machine"))
                      for d in self.devices]
            metafunc.parametrize("device", params, ids=list(self.devices))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collection_errors.append(f"{report.nodeid}: {report.longreprtext[-3000:]}")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Any:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        if report.when == "setup" and report.skipped:
            return
        if report.when == "call" or (report.when == "setup" and report.failed):
            self.outcomes.append(self._outcome(item, call, report))

    # -------------------------------------------------------------------------------- outcomes

    def _outcome(self, item: pytest.Item, call: pytest.CallInfo, report: pytest.TestReport) -> TestOutcome:
        marker = item.get_closest_marker("points")
        points, visibility, name, question = marker_fields(item, marker)
        callspec = getattr(item, "callspec", None)
        device = (callspec.params if callspec is not None else {}).get("device")
        outcome = TestOutcome(nodeid=item.nodeid, name=name, question=question, max_score=points,
                              visibility=visibility, status="passed", seconds=report.duration, device=device,
                              group=case_group(item))
        if callspec is not None and callspec.id:
            outcome.name = f"{name} [{callspec.id}]"  # each parametrised case is a test a student must tell apart
        if report.passed:
            outcome.fraction = 1.0
            return outcome
        if report.skipped:
            outcome.status = "skipped"
            return outcome
        error = call.excinfo.value if call.excinfo else None
        credit = item.stash.get(_CREDIT, None)
        if isinstance(error, AssertionError) and report.when == "call":
            outcome.status = "failed"
            outcome.fraction = credit.fraction if credit else 0.0
            outcome.output = _student_message(error, visible=visibility == "visible", report=report)
        else:
            outcome.status = "grader_error"
            details = "".join(traceback.format_exception(error)) if error else report.longreprtext
            error_id = hashlib.sha256(f"{item.nodeid}\n{details}".encode()).hexdigest()[:8]
            outcome.grader_error = f"[{error_id}] {details}"
            outcome.output = (f"The grader hit an internal error in this test (error id {error_id}). "
                              "This is not your fault: please contact the course staff and quote the id.")
        return outcome


_CREDIT = pytest.StashKey[PartialCredit]()


def _visibility(item: pytest.Item) -> str:
    marker = item.get_closest_marker("points")
    return str(marker.kwargs.get("visibility", "visible")) if marker else "visible"


def marker_fields(item: pytest.Item, marker: pytest.Mark | None) -> tuple[float, str, str, str]:
    module = item.path.stem.removeprefix("test_")
    base = getattr(item, "originalname", item.name)
    readable = base.removeprefix("test_").replace("_", " ")
    if marker is None:
        return 0.0, "visible", readable, module
    points = float(marker.args[0]) if marker.args else float(marker.kwargs.get("n", 0))
    visibility = str(marker.kwargs.get("visibility", "visible"))
    if visibility not in VISIBILITIES:
        raise ValueError(f"{item.nodeid}: visibility must be one of {VISIBILITIES}, not {visibility!r}")
    return points, visibility, str(marker.kwargs.get("name") or readable), str(marker.kwargs.get("question") or module)


def _student_message(error: AssertionError, *, visible: bool, report: pytest.TestReport) -> str:
    """What the student may read: the failure itself; values and prints only for visible tests."""
    if isinstance(error, SubmissionFailure):
        text = error.message
        values = getattr(error, "values", "")
        if visible and values:
            text += "\n" + str(values)
        if visible and error.student_output.strip():
            text += "\n\nYour code printed:\n" + error.student_output.strip()[:1000]
        return _cap(text)
    if visible:
        crash = getattr(report.longrepr, "reprcrash", None)
        return _cap(crash.message if crash else str(error))
    first_line = str(error).split("\n", 1)[0].strip()
    if not first_line or re.match(r"^(assert\b|AssertionError$)", first_line):
        return "A hidden check failed (its inputs and expected values are not shown)."
    return _cap(first_line)


def _cap(text: str) -> str:
    return text if len(text) <= OUTPUT_LIMIT else text[: OUTPUT_LIMIT - 40] + "\n[... message shortened]"


def split_device_points(outcomes: list[TestOutcome]) -> list[TestOutcome]:
    """Device variants share their test's points, so a machine without a GPU grades out of the same total."""
    ran = [o for o in outcomes if o.status != "skipped"]
    counts: dict[tuple, int] = {}
    for outcome in ran:
        if outcome.device is not None:
            counts[outcome.group] = counts.get(outcome.group, 0) + 1
    for outcome in ran:
        if outcome.device is not None:
            outcome.max_score = outcome.max_score / counts[outcome.group]
    return ran
