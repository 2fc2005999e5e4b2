"""What the adversarial hidden tests share: one call of an attack on a seeded model, and its checks.

``attack_report`` runs in the worker with the student's notebook (``submission.run``) and here with
the reference. Both sides build the same model from the same seed, call the attack with gradient
mode on, and report the result together with what the call left behind, so a test compares the
results and checks the rules (model and x as they were, a new detached tensor) from one call.
"""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_tensor_close

TOLERANCE = {"float32": {"rtol": 1e-4, "atol": 1e-5}, "float64": {"rtol": 1e-8, "atol": 1e-10}}
CUDA_FLOAT32 = {"rtol": 1e-3, "atol": 1e-4}
# The float32 and float64 references must agree within this share of the float32 tolerance, or the
# data is too close to a rounding decision (a gradient sign, a ReLU kink) to grade float32 fairly.
ROUNDING_SHARE = 0.2


def attack_report(student, attack, spec, seed, x, target, args, kwargs, device, dtype):
    """In the worker (or here with the reference): build ``spec``'s model from ``seed``, run the attack, report.

    ``spec`` is {"kind": "SmallClassifier" | "TanhRegressor" | "conv", "options": {...}, "out_scale": s}:
    the given classes with their keyword options, or a small conv net for [N, C, size, size] images.
    ``kwargs["loss_fn"]``, when present, names one of the losses below.
    """
    import torch
    import torch.nn.functional as F
    from torch import nn

    options = spec.get("options", {})
    if spec["kind"] == "conv":
        channels, size, classes = options["channels"], options["size"], options["classes"]
        model = nn.Sequential(nn.Conv2d(channels, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.Dropout(0.2),
                              nn.Flatten(), nn.Linear(4 * size * size, classes))
    else:
        model = getattr(student, spec["kind"])(**options)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, value in model.state_dict().items():
            if not value.is_floating_point():
                continue
            if name.endswith("running_var"):
                new = torch.rand(value.shape, generator=generator) + 0.5
            elif value.dim() > 1:
                new = torch.randn(value.shape, generator=generator) / value[0].numel() ** 0.5
            elif name.endswith("weight"):
                new = 1 + 0.2 * torch.randn(value.shape, generator=generator)
            else:
                new = 0.2 * torch.randn(value.shape, generator=generator)
            if name.startswith("out."):
                new = new * spec.get("out_scale", 1.0)
            value.copy_(new)
    real = getattr(torch, dtype)
    model.to(device=device, dtype=real).eval()
    x = x.to(device=device, dtype=real)
    target = target.to(device=device, dtype=real if target.is_floating_point() else target.dtype)
    losses = {
        "targeted": lambda output, labels: -F.cross_entropy(output, labels),
        "margin": lambda output, labels: F.multi_margin_loss(output, labels, reduction="sum"),
    }
    if "loss_fn" in kwargs:
        kwargs = {**kwargs, "loss_fn": losses[kwargs["loss_fn"]]}

    x_before = x.clone()
    state_before = {name: value.clone() for name, value in model.state_dict().items()}
    requires_grad_before = {name: param.requires_grad for name, param in model.named_parameters()}
    with torch.enable_grad():
        result = getattr(student, attack)(model, x, target, *args, **kwargs)

    problems = []
    if isinstance(result, torch.Tensor):
        if result.requires_grad:
            problems.append("the result still requires grad: return it detached")
        if result.untyped_storage().data_ptr() == x.untyped_storage().data_ptr():
            problems.append("the result is x or a view of x: return a new tensor")
        result = result.detach()
    elif isinstance(result, (list, tuple)):
        result = [item.detach() if isinstance(item, torch.Tensor) else None for item in result]
    elif not isinstance(result, (type(None), bool, int, float)):
        result = "<not a tensor>"  # an object that cannot travel as data; compare says what was expected
    if not torch.equal(x, x_before):
        problems.append("the values of x changed")
    if x.requires_grad:
        problems.append("the caller's x now requires grad: call requires_grad_ on a copy of x, not on x")
    changed = [name for name, value in model.state_dict().items() if not torch.equal(value, state_before[name])]
    if changed:
        problems.append(f"the model's parameters or buffers changed: {changed}")
    with_grad = [name for name, param in model.named_parameters() if param.grad is not None]
    if with_grad:
        problems.append(f"the model's parameters have a .grad ({with_grad}): use torch.autograd.grad(loss, x_adv), "
                        "not loss.backward()")
    flags = [name for name, param in model.named_parameters() if param.requires_grad != requires_grad_before[name]]
    if flags:
        problems.append(f"requires_grad of the model's parameters changed: {flags}")
    training = [name or "the model" for name, module in model.named_modules() if module.training]
    if training:
        problems.append(f"the model is no longer in eval mode (in training mode: {training})")
    return {"result": result, "problems": problems}


def tolerance(dtype: str, device: str) -> dict:
    """float32 on a GPU may run convolutions in TF32 (about 3 significant digits), here and in the worker alike."""
    return CUDA_FLOAT32 if (dtype, device) == ("float32", "cuda") else TOLERANCE[dtype]


class Attacks:
    """The tests' toolbox: seeded data, one attack run in the worker and with the reference, the checks."""

    def __init__(self, submission, reference) -> None:
        self.submission = submission
        self.reference = reference

    @staticmethod
    def unit_inputs(seed: int, shape: tuple[int, ...]) -> torch.Tensor:
        """Inputs in [0, 1], some of them exactly 0 or 1, so that clamping to [0, 1] matters."""
        g = torch.Generator().manual_seed(seed)
        return (torch.rand(shape, generator=g, dtype=torch.float64) * 1.2 - 0.1).clamp(0, 1)

    @staticmethod
    def normal_inputs(seed: int, shape: tuple[int, ...]) -> torch.Tensor:
        return torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)

    @staticmethod
    def labels(seed: int, count: int, classes: int) -> torch.Tensor:
        return torch.randint(0, classes, (count,), generator=torch.Generator().manual_seed(seed))

    @staticmethod
    def targets(seed: int, shape: tuple[int, ...]) -> torch.Tensor:
        """Regression targets strictly inside (-1, 1), where atanh is finite."""
        g = torch.Generator().manual_seed(seed)
        return torch.rand(shape, generator=g, dtype=torch.float64) * 1.8 - 0.9

    def run(self, attack: str, spec: dict, seed: int, x: torch.Tensor, target: torch.Tensor, *args,
            device: str, dtype: str, **kwargs) -> tuple[dict, dict]:
        """(the student's report, the reference's report); the grader's data must not depend on rounding."""
        call = (attack, spec, seed, x, target, args, kwargs)
        if dtype == "float32":
            self._assert_unambiguous(call)
        got = self.submission.run(attack_report, *call, device, dtype)
        expected = attack_report(self.reference, *call, device, dtype)
        if expected["problems"]:
            raise RuntimeError(f"grader bug: the reference broke a rule: {expected['problems']}")
        return got, expected

    def _assert_unambiguous(self, call: tuple) -> None:
        """A grader bug unless the float32 and float64 references agree (on the CPU) well within the tolerance.

        A sign step that rounding could flip moves a component by a whole step, far more than this allows.
        """
        single = attack_report(self.reference, *call, "cpu", "float32")["result"].double()
        double = attack_report(self.reference, *call, "cpu", "float64")["result"]
        allowed = ROUNDING_SHARE * (TOLERANCE["float32"]["atol"] + TOLERANCE["float32"]["rtol"] * double.abs())
        if ((single - double).abs() > allowed).any():
            gap = (single - double).abs().max().item()
            raise RuntimeError(f"grader bug: {call[0]} with seed {call[2]} depends on rounding (gap {gap:g}); pick another seed")

    @staticmethod
    def assert_same_result(got: dict, expected: dict, what: str, dtype: str, device: str) -> None:
        assert_tensor_close(got["result"], expected["result"], what=what, **tolerance(dtype, device))

    @staticmethod
    def assert_left_as_found(got: dict, what: str) -> None:
        if got["problems"]:  # one line: a hidden test shows its message's first line only
            raise AssertionError(f"{what} broke the rules for attacks: " + "; ".join(got["problems"]))


@pytest.fixture
def attacks(submission, reference) -> Attacks:
    return Attacks(submission, reference)
