"""Strict comparisons between what a student's function returned and the reference's value.

Tests call these instead of a bare ``assert`` because a failed comparison is the feedback a
student reads. Every failure is a :class:`ComparisonFailure` whose ``message`` names one problem
(type, dtype, shape, device, NaN/Inf, or values, checked in that order) without showing any value,
so it is safe for hidden tests; the values themselves go to ``values``, which the report shows only
for visible tests.

``got`` is always data decoded in the grader process (or an :class:`~autograder.values.Unsendable` /
:class:`~autograder.values.RemoteObject` stand-in). It is treated as untrusted: whatever it is, a
comparison either passes or raises :class:`ComparisonFailure`. A bad ``expected`` is the test
author's mistake and raises :class:`~autograder.errors.GraderError` instead.
"""

from __future__ import annotations

import contextlib
import math
import re
import reprlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import torch

from autograder.errors import GraderError, StudentError, SubmissionFailure
from autograder.values import RemoteObject, Unsendable

__all__ = [
    "ComparisonFailure",
    "assert_tensor_close",
    "assert_tensor_equal",
    "assert_scalar_close",
    "assert_equal",
    "assert_raises",
    "describe",
]


class ComparisonFailure(SubmissionFailure):
    """A returned value that does not match the expected one.

    ``message`` (also ``str(e)``) never contains input, expected or returned values, so hidden
    tests can show it. ``values`` holds short lines with the actual numbers, for visible tests only.
    It derives from :class:`SubmissionFailure` (an ``AssertionError``) because a mismatch is the
    submission's fault, never the grader's.
    """

    def __init__(self, message: str, values: str = "") -> None:
        super().__init__(message)
        self.values = values


# Tolerances used when a test passes rtol=None/atol=None. Lower-precision floats get looser ones;
# anything not listed that is not floating point (integers, bool) is compared exactly.
_DEFAULT_TOLERANCES: dict[torch.dtype, tuple[float, float]] = {
    torch.float16: (1e-3, 1e-5),
    torch.bfloat16: (1.6e-2, 1e-5),
    torch.float32: (1.3e-6, 1e-5),
    torch.float64: (1e-7, 1e-7),
    torch.complex32: (1e-3, 1e-5),
    torch.complex64: (1.3e-6, 1e-5),
    torch.complex128: (1e-7, 1e-7),
}
_OTHER_FLOAT_TOLERANCE = (1.6e-2, 1e-5)  # float8 variants and future low-precision types

_PRINT_OPTIONS = {"threshold": 8, "edgeitems": 2, "precision": 4, "linewidth": 88}
_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60
_short.maxlist = _short.maxtuple = 6
_short.maxdict = 4
_short.maxlevel = 3


# --------------------------------------------------------------------------------------------
# describe
# --------------------------------------------------------------------------------------------


def describe(value: Any) -> str:
    """A short description of a value's type (and dtype/shape/device) that never shows its contents.

    Used in messages for hidden tests, so it must not reveal data; it never raises.
    """
    try:
        return _describe(value)
    except Exception:  # a value whose metadata cannot be read still has a type
        return _type_name(value)


def _describe(value: Any) -> str:
    kind = type(value)
    if value is None:
        return "None"
    if kind is Unsendable:
        return f"<{value.type_name} (could not be sent back from the worker: {value.reason})>"
    if kind is RemoteObject:
        return repr(value)
    if issubclass(kind, torch.Tensor):
        return _describe_tensor(value)
    if issubclass(kind, np.ndarray):
        prefix = "numpy.ndarray" if kind is np.ndarray else f"{_type_name(value)} (a numpy.ndarray subclass)"
        return f"{prefix} {value.dtype} {value.shape}"
    if kind in (str, bytes):
        return f"{kind.__name__} of length {len(value)}"
    if kind in (tuple, list):
        return _describe_sequence(value)
    if kind is dict:
        return f"dict with {_count(len(value), 'key')}"
    return _type_name(value)


def _describe_tensor(tensor: torch.Tensor) -> str:
    kind = type(tensor)
    if kind is torch.Tensor:
        prefix = "torch.Tensor"
        guard: contextlib.AbstractContextManager = contextlib.nullcontext()
    else:
        prefix = f"{_type_name(tensor)} (a torch.Tensor subclass)"
        # Reading .dtype on a subclass would run its __torch_function__; read the raw metadata.
        guard = torch._C.DisableTorchFunctionSubclass()
    with guard:
        dtype = _dtype_name(tensor.dtype)
        device = str(tensor.device)
        if tensor.is_nested:
            return f"{prefix} {dtype} nested on {device}"
        layout = "" if tensor.layout == torch.strided else f" {_layout_name(tensor.layout)}"
        return f"{prefix} {dtype} {_shape_text(tensor.shape)}{layout} on {device}"


def _describe_sequence(items: Sequence[Any]) -> str:
    name = type(items).__name__
    if not items:
        return f"empty {name}"
    kinds = [_element_kind(item) for item in items]
    if len(set(kinds)) == 1:
        return f"{name} of {_count(len(items), kinds[0])}"
    shown = ", ".join(kinds[:4]) + (", ..." if len(kinds) > 4 else "")
    return f"{name} of {len(items)} ({shown})"


def _element_kind(value: Any) -> str:
    kind = type(value)
    if value is None:
        return "None"
    if kind is torch.Tensor:
        return "tensor"
    if kind is np.ndarray:
        return "numpy.ndarray"
    if kind is Unsendable:
        return value.type_name
    if kind is RemoteObject:
        return value.type_name
    return _type_name(value)


def _type_name(value: Any) -> str:
    kind = type(value)
    if kind is torch.nn.Parameter:
        return "torch.nn.Parameter"
    module = getattr(kind, "__module__", "") or ""
    name = getattr(kind, "__qualname__", kind.__name__)
    if module == "builtins":
        return name
    return f"{module}.{name}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _with_article(description: str) -> str:
    if description == "None" or description.startswith("<"):
        return description
    return ("an " if description[:1].lower() in "aeiou" else "a ") + description


def _dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def _layout_name(layout: torch.layout) -> str:
    return str(layout).removeprefix("torch.")


def _shape_text(shape: Sequence[int]) -> str:
    return "[] (0-dim)" if len(shape) == 0 else str(list(shape))


def _subject(what: str) -> str:
    """``what`` at the start of a sentence: "the result" becomes "The result", code stays as written."""
    return "The " + what[4:] if what.startswith("the ") else what


# --------------------------------------------------------------------------------------------
# Tensors
# --------------------------------------------------------------------------------------------


def assert_tensor_close(
    got: Any,
    expected: torch.Tensor,
    *,
    rtol: float | None = None,
    atol: float | None = None,
    what: str = "the result",
    equal_nan: bool = False,
) -> None:
    """Check that ``got`` is a plain tensor like ``expected`` whose values are within tolerance.

    An element passes when ``|got - expected| <= atol + rtol * |expected|`` (computed in float64).
    Tolerances left as None default by the expected dtype; the one used is always reported.
    """
    _require_plain_tensor(expected, "assert_tensor_close")
    tolerance = _Tolerance.for_dtype(expected.dtype, rtol, atol)
    with _student_value_guard(got, what):
        _check_tensor_metadata(got, expected, what)
        _check_tensor_values(got, expected, what, tolerance, equal_nan=equal_nan)


def assert_tensor_equal(got: Any, expected: torch.Tensor, *, what: str = "the result") -> None:
    """Check that ``got`` is a plain tensor identical to ``expected``: same metadata, same values.

    NaN in the same position counts as equal, since the two results are then indistinguishable.
    """
    _require_plain_tensor(expected, "assert_tensor_equal")
    with _student_value_guard(got, what):
        _check_tensor_metadata(got, expected, what)
        _check_tensor_values(got, expected, what, _Tolerance.exact(), equal_nan=True)


class _Tolerance:
    def __init__(self, rtol: float, atol: float, source: str) -> None:
        self.rtol = rtol
        self.atol = atol
        self.source = source

    @classmethod
    def for_dtype(cls, dtype: torch.dtype, rtol: float | None, atol: float | None) -> _Tolerance:
        if dtype in _DEFAULT_TOLERANCES:
            default = _DEFAULT_TOLERANCES[dtype]
        elif dtype.is_floating_point:
            default = _OTHER_FLOAT_TOLERANCE
        else:
            default = (0.0, 0.0)
        if rtol is None and atol is None:
            source = f"the default for {_dtype_name(dtype)}"
        else:
            source = "set by the test"
        return cls(
            default[0] if rtol is None else float(rtol),
            default[1] if atol is None else float(atol),
            source,
        )

    @classmethod
    def exact(cls) -> _Tolerance:
        return cls(0.0, 0.0, "this test needs an exact match")

    @property
    def is_exact(self) -> bool:
        return self.rtol == 0 and self.atol == 0

    def describe(self) -> str:
        if self.is_exact:
            return f"exact ({self.source}): every element must be equal"
        return (
            f"rtol={self.rtol:g}, atol={self.atol:g} ({self.source}); an element passes when "
            f"|got - expected| <= atol + rtol * |expected|"
        )


def _require_plain_tensor(expected: Any, function: str) -> None:
    if type(expected) is not torch.Tensor:
        raise GraderError(
            f"{function} needs a plain torch.Tensor as the expected value, got {describe(expected)}"
        )


@contextlib.contextmanager
def _student_value_guard(got: Any, what: str) -> Iterator[None]:
    """Turn any surprise raised while inspecting a student's value into a ComparisonFailure.

    Student values are untrusted data of any shape; a comparison must fail them, never crash.
    """
    try:
        yield
    except (ComparisonFailure, GraderError):
        raise
    except Exception as error:  # noqa: BLE001 - anything else is an unusable student value
        raise ComparisonFailure(
            f"{_subject(what)} could not be compared with the expected value "
            f"(got {describe(got)}; the comparison raised {type(error).__name__}).",
            values=f"{type(error).__name__}: {error}",
        ) from error


def _check_tensor_metadata(got: Any, expected: torch.Tensor, what: str) -> None:
    if type(got) is not torch.Tensor:
        _fail_not_a_tensor(got, expected, what)
    if got.is_nested or got.layout != expected.layout:
        _fail_layout(got, expected, what)
    if got.dtype != expected.dtype:
        raise ComparisonFailure(
            _lines(
                f"{_subject(what)} has the wrong dtype: expected {_dtype_name(expected.dtype)}, "
                f"got {_dtype_name(got.dtype)}.",
                _dtype_hint(got.dtype, expected.dtype),
            )
        )
    if got.shape != expected.shape:
        raise ComparisonFailure(
            _lines(
                f"{_subject(what)} has the wrong shape: expected {_shape_text(expected.shape)}, "
                f"got {_shape_text(got.shape)}.",
                *_shape_hints(tuple(got.shape), tuple(expected.shape)),
            ),
            values=_tensor_values(got, expected),
        )
    if (got.device.type, got.device.index) != (expected.device.type, expected.device.index):
        raise ComparisonFailure(
            _lines(
                f"{_subject(what)} is on the wrong device: expected {expected.device}, got {got.device}.",
                _device_hint(got.device, expected.device),
            )
        )


def _fail_not_a_tensor(got: Any, expected: torch.Tensor, what: str) -> None:
    kind = type(got)
    if kind is Unsendable:
        problem = (
            f"expected a torch.Tensor, got a {got.type_name} that could not be sent back from your "
            f"code ({got.reason}); return a plain torch.Tensor"
        )
    elif kind is RemoteObject:
        problem = (
            f"expected a torch.Tensor, got a {got.type_name} object, which is not data and stays in "
            f"your notebook's process; return the tensor it computes instead"
        )
    elif issubclass(kind, torch.Tensor) and _is_nested(got):
        problem = "expected a torch.Tensor, got a nested tensor; build one dense tensor (e.g. with torch.stack)"
    elif issubclass(kind, torch.Tensor):
        how = ".detach()" if kind is torch.nn.Parameter else "torch.Tensor.as_subclass(x, torch.Tensor)"
        problem = (
            f"expected a plain torch.Tensor, got a {_type_name(got)}, which is a subclass of "
            f"torch.Tensor; return a plain tensor (e.g. with {how})"
        )
    elif kind is np.ndarray:
        problem = (
            "expected a torch.Tensor, got a numpy.ndarray; "
            "convert with torch.from_numpy or use torch operations"
        )
    elif issubclass(kind, np.ndarray):
        problem = (
            f"expected a torch.Tensor, got a {_type_name(got)}, a subclass of numpy.ndarray; "
            f"convert with torch.from_numpy(numpy.asarray(x)) or use torch operations"
        )
    elif got is None:
        problem = "expected a torch.Tensor, got None; is a `return` statement missing?"
    elif kind in (int, float, bool) or issubclass(kind, np.generic):
        problem = (
            f"expected a torch.Tensor, got a single number ({_type_name(got)}); keep the result of "
            f"torch operations as a tensor instead of converting it (e.g. with .item() or float())"
        )
    elif kind in (list, tuple):
        problem = (
            f"expected a torch.Tensor, got {_with_article(describe(got))}; build one tensor "
            f"(e.g. with torch.stack, torch.cat or torch.tensor)"
        )
    else:
        problem = f"expected a torch.Tensor, got {_with_article(describe(got))}"
    raise ComparisonFailure(
        _lines(_sentence(f"{_subject(what)}: {problem}"), *_expected_got(got, expected)),
        values=_lines(_value_line("expected", expected), _value_line("got", got)),
    )


def _is_nested(tensor: torch.Tensor) -> bool:
    try:
        with torch._C.DisableTorchFunctionSubclass():
            return bool(tensor.is_nested)
    except Exception:  # a tensor whose metadata cannot be read is not a nested tensor we know of
        return False


def _fail_layout(got: torch.Tensor, expected: torch.Tensor, what: str) -> None:
    if got.is_nested:
        problem = "expected a torch.Tensor, got a nested tensor; build one dense tensor (e.g. with torch.stack)"
    elif expected.layout == torch.strided:
        problem = (
            f"expected a dense tensor, got a {_layout_name(got.layout)} tensor; convert it with .to_dense()"
        )
    else:
        problem = (
            f"expected a {_layout_name(expected.layout)} tensor, got a "
            f"{'dense' if got.layout == torch.strided else _layout_name(got.layout)} tensor"
        )
    raise ComparisonFailure(_lines(f"{_subject(what)}: {problem}.", *_expected_got(got, expected)))


def _expected_got(got: Any, expected: Any) -> tuple[str, str]:
    return f"  expected: {describe(expected)}", f"  got:      {describe(got)}"


def _dtype_hint(got: torch.dtype, expected: torch.dtype) -> str:
    target = f"torch.{_dtype_name(expected)}"
    if got.is_complex:
        return "  The result is complex; check for complex operations (e.g. torch.fft) and take .real or .abs() as the task requires."
    if expected == torch.bool:
        return "  Masks should be bool tensors: build them with comparisons such as `x > 0`, or convert with .bool()."
    if expected == torch.int64 and (got.is_floating_point or got == torch.int32):
        return "  Indices and counts should be int64 (torch.long): e.g. torch.argsort and torch.nonzero give int64, or convert with .long()."
    if got == torch.float64 and expected == torch.float32:
        return (
            "  float64 often comes from numpy arrays or Python floats turned into tensors; create tensors "
            "with dtype=x.dtype (the input's dtype) or convert with .float()."
        )
    return f"  Create new tensors with dtype=x.dtype (the input's dtype) or convert with .to({target})."


def _shape_hints(got: tuple[int, ...], expected: tuple[int, ...]) -> list[str]:
    hints = []
    try:
        broadcast = tuple(torch.broadcast_shapes(got, expected))
    except RuntimeError:
        broadcast = None
    if broadcast is not None:
        hints.append(
            f"  Careful: these shapes broadcast against each other, so arithmetic such as "
            f"`got - expected` would silently give shape {_shape_text(broadcast)} instead of an error."
        )
    if math.prod(got) == math.prod(expected):
        if [n for n in got if n != 1] == [n for n in expected if n != 1]:
            hints.append(
                "  The shapes differ only in dimensions of size 1: check keepdim= and any "
                "squeeze/unsqueeze (or indexing with [0])."
            )
        elif len(got) == len(expected) and sorted(got) == sorted(expected):
            hints.append("  Same sizes in a different order: check for a missing or extra transpose/permute.")
        else:
            hints.append("  Same number of elements: check your reshape/view/flatten.")
    return hints


def _device_hint(got: torch.device, expected: torch.device) -> str:
    if got.type == "cpu":
        return (
            "  Create new tensors on the input's device, e.g. torch.zeros(n, device=x.device), "
            "and avoid round trips through .cpu(), .numpy() or Python lists."
        )
    return "  Keep the result on the input's device: create new tensors with device=x.device and do not move them."


def _check_tensor_values(
    got: torch.Tensor, expected: torch.Tensor, what: str, tolerance: _Tolerance, *, equal_nan: bool
) -> None:
    if expected.device.type == "meta":
        raise GraderError(f"cannot compare the values of {what}: the expected tensor is on the meta device")
    if expected.numel() == 0:
        return
    with torch.no_grad():
        got_data, expected_data = _dense(got.detach()), _dense(expected.detach())
        # All error arithmetic happens in float64 (complex128), on the expected tensor's device.
        wide = torch.complex128 if (got.is_complex() or expected.is_complex()) else torch.float64
        got_wide, expected_wide = got_data.to(wide), expected_data.to(wide)
        _check_non_finite(got_data, expected_data, got_wide, expected_wide, what)
        _check_close(got_data, expected_data, got_wide, expected_wide, what, tolerance, equal_nan=equal_nan)


def _dense(tensor: torch.Tensor) -> torch.Tensor:
    return tensor if tensor.layout == torch.strided else tensor.to_dense()


def _check_non_finite(
    got: torch.Tensor, expected: torch.Tensor, got_wide: torch.Tensor, expected_wide: torch.Tensor, what: str
) -> None:
    if not (got.is_floating_point() or got.is_complex()):
        return
    expected_finite = torch.isfinite(expected_wide)
    nan_mask = torch.isnan(got_wide) & expected_finite
    inf_mask = torch.isinf(got_wide) & expected_finite
    bad = nan_mask | inf_mask
    if not bool(bad.any()):
        return
    index = _first_index(bad)
    kind = "NaN" if bool(nan_mask[index]) else "Inf"
    counts = f"{_count(int(nan_mask.sum()), 'NaN')} and {_count(int(inf_mask.sum()), 'Inf')}"
    raise ComparisonFailure(
        _lines(
            f"{_subject(what)} contains {kind} at index {_index_text(index)} where the expected value is finite.",
            f"  In total {counts} where finite values were expected (of {got.numel()} elements).",
            "  Look for division by zero, log or sqrt of zero or negative numbers, and exp overflow.",
        ),
        values=_tensor_values(got, expected, index),
    )


def _check_close(
    got: torch.Tensor,
    expected: torch.Tensor,
    got_wide: torch.Tensor,
    expected_wide: torch.Tensor,
    what: str,
    tolerance: _Tolerance,
    *,
    equal_nan: bool,
) -> None:
    error = (got_wide - expected_wide).abs()
    if tolerance.is_exact and not (got.is_floating_point() or got.is_complex()):
        mismatch = got != expected  # exact in the native dtype: float64 cannot hold every int64
    else:
        allowed = tolerance.atol + tolerance.rtol * expected_wide.abs()
        # Where the expected value is Inf, the allowed error is Inf too: only an equal value passes.
        close = (got_wide == expected_wide) | ((error <= allowed) & torch.isfinite(expected_wide))
        if equal_nan:
            close |= torch.isnan(got_wide) & torch.isnan(expected_wide)
        mismatch = ~close
    bad_count = int(mismatch.sum())
    if bad_count == 0:
        return

    first = _first_index(mismatch)
    error = torch.where(got_wide == expected_wide, torch.zeros_like(error), error)
    finite_error = torch.where(torch.isfinite(error), error, torch.zeros_like(error))
    worst = _first_index(finite_error == finite_error.max())
    magnitude = expected_wide.abs()
    relative = torch.where(magnitude > 0, finite_error / torch.where(magnitude > 0, magnitude, 1.0), 0.0)
    worst_relative = _first_index(relative == relative.max())

    verb = "differs from" if tolerance.is_exact else "is not close enough to"
    lines = [
        f"{_subject(what)} {verb} the expected values: {_off_count(bad_count, got.numel())}.",
        f"  first bad index: {_index_text(first)}",
        f"  max abs error: {_number(finite_error[worst])} at {_index_text(worst)}; "
        f"max rel error: {_number(relative[worst_relative])} at {_index_text(worst_relative)}",
    ]
    non_finite = mismatch & ~torch.isfinite(expected_wide)
    if bool(non_finite.any()):
        nan_note = "" if equal_nan else " (NaN only matches NaN when the test allows it)"
        lines.append(
            f"  {int(non_finite.sum())} of the bad elements are where the expected value is NaN or Inf{nan_note}."
        )
    lines.append(f"  tolerance: {tolerance.describe()}")
    raise ComparisonFailure(_lines(*lines), values=_tensor_values(got, expected, first, worst))


def _off_count(bad: int, total: int) -> str:
    return f"{bad} of {total} elements {'is' if bad == 1 else 'are'} off"


def _first_index(mask: torch.Tensor) -> tuple[int, ...]:
    flat = int(mask.reshape(-1).nonzero()[0, 0])
    index = []
    for size in reversed(mask.shape):
        flat, position = divmod(flat, size)
        index.append(position)
    return tuple(reversed(index))


def _index_text(index: tuple[int, ...]) -> str:
    return "() (the only element)" if not index else str(index)


def _relative_error(error: float, expected: float) -> str:
    if not expected:
        return "n/a (the expected value is 0)"
    try:
        return _number(error / abs(expected))
    except OverflowError:  # an int too large for a float
        return "more than 1e308"


def _number(value: Any) -> str:
    number = value.item() if isinstance(value, torch.Tensor) else value
    try:
        return f"{number:.4g}"
    except OverflowError:  # an int too large for a float
        return "more than 1e308"


def _tensor_values(got: Any, expected: torch.Tensor, *indices: tuple[int, ...]) -> str:
    """Value lines for visible tests: the elements at the given indices, then both tensors in short."""
    lines = []
    seen = set()
    for label, index in zip(("at index", "largest error at index"), indices):
        if index in seen:
            continue
        seen.add(index)
        want, have = _format_pair(_element(expected, index), _element(got, index))
        lines.append(f"{label} {_index_text(index)}: expected {want}, got {have}")
    lines.append(_value_line("expected", expected))
    lines.append(_value_line("got", got))
    return "\n".join(lines)


def _element(tensor: torch.Tensor, index: tuple[int, ...]) -> Any:
    try:
        return tensor[index].item()
    except Exception:  # dtypes without .item() support (some float8 types) still convert to float64
        return tensor[index].to(torch.float64).item()


def _value_line(label: str, value: Any) -> str:
    text = _short_repr(value)
    return f"{label + ':':<10}" + text.replace("\n", "\n" + " " * 10)


def _short_repr(value: Any) -> str:
    try:
        if isinstance(value, torch.Tensor):
            # A subclass's own __repr__/__torch_function__ is not ours to run: print the raw tensor.
            with torch._C.DisableTorchFunctionSubclass(), torch._tensor_str.printoptions(**_PRINT_OPTIONS):
                return repr(torch.Tensor.as_subclass(value, torch.Tensor).detach())
        if isinstance(value, np.ndarray):
            return np.array2string(
                np.asarray(value),
                threshold=_PRINT_OPTIONS["threshold"],
                edgeitems=_PRINT_OPTIONS["edgeitems"],
                precision=_PRINT_OPTIONS["precision"],
            )
        return _short.repr(value)
    except Exception:  # repr of a strange value must not hide the real failure
        return describe(value)


def _format_pair(expected: Any, got: Any) -> tuple[str, str]:
    """Format two numbers with just enough digits to show that they differ."""
    if not isinstance(expected, (float, complex)) and not isinstance(got, (float, complex)):
        return repr(expected), repr(got)
    for digits in range(4, 18):
        want, have = _format_number(expected, digits), _format_number(got, digits)
        if want != have:
            return want, have
    return want, have


def _format_number(value: Any, digits: int) -> str:
    if isinstance(value, (float, complex)):
        return format(value, f".{digits}g")
    return repr(value)


# --------------------------------------------------------------------------------------------
# Python scalars
# --------------------------------------------------------------------------------------------


def assert_scalar_close(
    got: Any,
    expected: float,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    what: str = "the result",
) -> None:
    """Check that ``got`` is a Python number within ``atol + rtol * |expected|`` of ``expected``.

    int and float are interchangeable; bool, numpy scalars and tensors are not Python numbers and
    fail with a hint. NaN never equals anything, itself included.
    """
    if type(expected) not in (int, float):
        raise GraderError(f"assert_scalar_close needs a Python int or float as the expected value, got {describe(expected)}")
    with _student_value_guard(got, what):
        if type(got) not in (int, float):
            _fail_not_a_number(got, expected, what)
        _check_scalar_value(got, expected, what, rtol, atol)


def _fail_not_a_number(got: Any, expected: float, what: str) -> None:
    kind = type(got)
    want = type(expected).__name__
    if issubclass(kind, torch.Tensor):
        if kind is torch.Tensor and got.numel() == 1:
            shape = "a 0-dim torch.Tensor" if got.dim() == 0 else f"a torch.Tensor of shape {_shape_text(got.shape)}"
            hint = f"expected a Python {want}, got {shape}; use .item() to get a Python number"
        else:
            hint = (
                f"expected a single Python {want}, got {_with_article(describe(got))}; "
                f"reduce it to one value first (e.g. .sum() or .mean()) and then call .item()"
            )
    elif isinstance(got, np.generic):
        hint = (
            f"expected a Python {want}, got a {_type_name(got)} (a numpy scalar); "
            f"convert it with float(x) or .item()"
        )
    elif isinstance(got, np.ndarray):
        hint = f"expected a Python {want}, got {_with_article(describe(got))}; use .item() to get a Python number"
    elif kind is bool:
        hint = f"expected a {want}, got a bool; return the number itself, not a comparison"
    elif got is None:
        hint = f"expected a {want}, got None; is a `return` statement missing?"
    elif kind is Unsendable:
        hint = f"expected a {want}, got a {got.type_name} that could not be sent back from your code ({got.reason})"
    elif kind is RemoteObject:
        hint = f"expected a {want}, got a {got.type_name} object, which is not data; return the number instead"
    else:
        hint = f"expected a Python {want}, got {_with_article(describe(got))}"
    raise ComparisonFailure(
        _sentence(f"{_subject(what)}: {hint}"),
        values=_lines(_value_line("expected", expected), _value_line("got", got)),
    )


def _check_scalar_value(got: float, expected: float, what: str, rtol: float, atol: float) -> None:
    want, have = _format_pair(expected, got)
    values = f"expected {want}, got {have}"
    if isinstance(got, float) and math.isnan(got):
        raise ComparisonFailure(
            _lines(
                f"{_subject(what)} is NaN; NaN never equals a number.",
                "  Look for division by zero, log or sqrt of zero or negative numbers, and overflow.",
            ),
            values=values,
        )
    if isinstance(expected, float) and math.isnan(expected):
        raise ComparisonFailure(f"{_subject(what)}: the expected value is NaN, and NaN never equals anything.", values=values)
    if got == expected:
        return
    got_infinite = isinstance(got, float) and math.isinf(got)
    if got_infinite or (isinstance(expected, float) and math.isinf(expected)):
        where = "is infinite where a finite number was expected" if got_infinite else "is finite where an infinite value was expected"
        raise ComparisonFailure(f"{_subject(what)} {where}.", values=values)
    try:
        error = abs(got - expected)
    except OverflowError:  # an int beyond the float range against a float
        raise ComparisonFailure(f"{_subject(what)} is far too large: its magnitude is over 1e308.", values=values) from None
    if error <= atol + rtol * abs(expected):
        return
    relative = _relative_error(error, expected)
    raise ComparisonFailure(
        _lines(
            f"{_subject(what)} is not close enough to the expected value.",
            f"  abs error: {_number(error)}; rel error: {relative}",
            f"  tolerance: rtol={rtol:g}, atol={atol:g}; the value passes when "
            f"|got - expected| <= atol + rtol * |expected|",
        ),
        values=values,
    )


# --------------------------------------------------------------------------------------------
# Plain values
# --------------------------------------------------------------------------------------------


def assert_equal(got: Any, expected: Any, *, what: str = "the result") -> None:
    """Check exact equality with exact types, recursively through tuples, lists and dicts.

    A list is not a tuple, True is not 1 and numpy.int64 is not int: the contract of a function
    includes the types it returns. Tensors and arrays inside are compared exactly too.
    """
    with _student_value_guard(got, what):
        _equal(got, expected, what, _Path())


def assert_raises(call: Callable[[], Any], error: str, *, what: str, why: str = "") -> None:
    """Check that ``call()`` (a call into the submission) raises the exception named ``error``.

    The student's exception arrives as a :class:`StudentError` whose message ends with the
    exception's unindented ``Name: message`` line. Another exception stays the student's failure,
    with their own traceback; a returned value fails with a description of it (no value shown).
    """
    try:
        got = call()
    except StudentError as raised:
        if re.search(rf"^{re.escape(error)}\b", str(raised), re.MULTILINE):
            return
        raise StudentError(f"{what} should raise {error}, but it raised another exception:\n{raised}",
                           student_output=raised.student_output) from None
    reason = f" ({why})" if why else ""
    raise ComparisonFailure(f"{what} should raise {error}{reason}, but it returned {describe(got)}.")


class _Path:
    """Where in a nested value a difference is, written twice: safely for messages, fully for values.

    Dict keys can be data (a vocabulary, say), so messages show them only as ``[<key>]``.
    """

    def __init__(self, public: str = "", full: str = "") -> None:
        self.public = public
        self.full = full

    def index(self, position: int) -> _Path:
        return _Path(f"{self.public}[{position}]", f"{self.full}[{position}]")

    def key(self, key: Any) -> _Path:
        return _Path(f"{self.public}[<key>]", f"{self.full}[{_short.repr(key)}]")

    def subject(self, what: str) -> str:
        return f"{_subject(what)}, element {self.public}" if self.public else _subject(what)

    def values_prefix(self) -> str:
        return f"element {self.full}: " if self.full else ""


def _equal(got: Any, expected: Any, what: str, path: _Path) -> None:
    kind = type(expected)
    if kind is torch.Tensor:
        assert_tensor_equal(got, expected, what=_nested_what(what, path))
        return
    if kind is np.ndarray:
        _array_equal(got, expected, what, path)
        return
    if type(got) is not kind:
        _fail_type(got, expected, what, path)
    if kind in (tuple, list):
        if len(got) != len(expected):
            raise ComparisonFailure(
                f"{path.subject(what)}: expected a {kind.__name__} of {_count(len(expected), 'element')}, "
                f"got {len(got)}.",
                values=_pair_values(got, expected, path),
            )
        for position, (got_item, expected_item) in enumerate(zip(got, expected)):
            _equal(got_item, expected_item, what, path.index(position))
        return
    if kind is dict:
        _dict_equal(got, expected, what, path)
        return
    _leaf_equal(got, expected, what, path)


def _nested_what(what: str, path: _Path) -> str:
    return f"{what}, element {path.public}" if path.public else what


def _fail_type(got: Any, expected: Any, what: str, path: _Path) -> None:
    got_kind, expected_kind = type(got), type(expected)
    hint = ""
    if {got_kind, expected_kind} == {list, tuple}:
        hint = f"; return a {expected_kind.__name__} (e.g. {expected_kind.__name__}(x))"
    elif expected_kind is int and got_kind is float:
        hint = "; `/` always gives a float in Python: use `//` or int(...)"
    elif bool in (got_kind, expected_kind) and {got_kind, expected_kind} <= {bool, int, float}:
        hint = "; True/False and numbers are different types here"
    elif isinstance(got, np.generic) and expected_kind in (int, float, bool, complex):
        hint = f"; {_type_name(got)} is a numpy scalar, not a Python {expected_kind.__name__}: convert with .item()"
    elif got_kind is torch.Tensor and expected_kind in (int, float, bool):
        hint = "; use .item() to get a Python number"
    elif got_kind is torch.Tensor and expected_kind in (list, tuple):
        hint = "; use .tolist() to get a Python list"
    elif got is None:
        hint = "; is a `return` statement missing?"
    raise ComparisonFailure(
        _sentence(f"{path.subject(what)}: expected {_with_article(_kind_text(expected))}, got {_with_article(_kind_text(got))}{hint}"),
        values=_pair_values(got, expected, path),
    )


def _kind_text(value: Any) -> str:
    kind = type(value)
    if kind in (tuple, list, dict) or issubclass(kind, (torch.Tensor, np.ndarray)) or kind in (Unsendable, RemoteObject):
        return describe(value)
    return _element_kind(value)


def _dict_equal(got: dict, expected: dict, what: str, path: _Path) -> None:
    missing = [key for key in expected if key not in got]
    extra = [key for key in got if key not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{_count(len(missing), 'expected key')} missing")
        if extra:
            parts.append(f"{_count(len(extra), 'unexpected key')}")
        raise ComparisonFailure(
            f"{path.subject(what)}: the dict has the wrong keys: {' and '.join(parts)} "
            f"(expected {_count(len(expected), 'key')}, got {len(got)}).",
            values=f"{path.values_prefix()}missing keys: {_short.repr(missing)}; unexpected keys: {_short.repr(extra)}",
        )
    got_keys = {key: key for key in got}
    for key, expected_value in expected.items():
        got_key = got_keys[key]
        if type(got_key) is not type(key):
            raise ComparisonFailure(
                f"{path.subject(what)}: a key has the wrong type: expected "
                f"{_with_article(_element_kind(key))}, got {_with_article(_element_kind(got_key))}.",
                values=f"{path.values_prefix()}expected key {_short.repr(key)}, got key {_short.repr(got_key)}",
            )
        _equal(got[key], expected_value, what, path.key(key))


def _leaf_equal(got: Any, expected: Any, what: str, path: _Path) -> None:
    kind = type(expected)
    if kind is float and (math.isnan(got) or math.isnan(expected)):
        raise ComparisonFailure(
            f"{path.subject(what)}: NaN never equals anything (got NaN or expected NaN).",
            values=_pair_values(got, expected, path),
        )
    if kind in (str, bytes):
        if got == expected:
            return
        first = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
        raise ComparisonFailure(
            f"{path.subject(what)}: the {kind.__name__} differs from the expected one at character {first} "
            f"(expected length {len(expected)}, got length {len(got)}).",
            values=_pair_values(got, expected, path),
        )
    if kind in (int, float, complex):
        if got == expected:
            return
        raise ComparisonFailure(
            f"{path.subject(what)}: the {_element_kind(expected)} differs from the expected value "
            f"by {_number(abs(got - expected))}.",
            values=_pair_values(got, expected, path),
        )
    if bool(got == expected):
        return
    raise ComparisonFailure(
        f"{path.subject(what)}: the {_element_kind(expected)} differs from the expected value.",
        values=_pair_values(got, expected, path),
    )


def _array_equal(got: Any, expected: np.ndarray, what: str, path: _Path) -> None:
    subject = path.subject(what)
    if type(got) is not np.ndarray:
        hint = "; convert with .numpy() (after .cpu())" if type(got) is torch.Tensor else ""
        raise ComparisonFailure(
            _lines(f"{subject}: expected a numpy.ndarray, got {_with_article(describe(got))}{hint}.", *_expected_got(got, expected)),
            values=_pair_values(got, expected, path),
        )
    if got.dtype != expected.dtype:
        raise ComparisonFailure(f"{subject} has the wrong dtype: expected {expected.dtype}, got {got.dtype}.")
    if got.shape != expected.shape:
        raise ComparisonFailure(
            _lines(
                f"{subject} has the wrong shape: expected {expected.shape}, got {got.shape}.",
                *_shape_hints(got.shape, expected.shape),
            ),
            values=_pair_values(got, expected, path),
        )
    same = got == expected
    if expected.dtype.kind in "fc":
        same |= np.isnan(got) & np.isnan(expected)
    if bool(np.all(same)):
        return
    bad = ~same
    first = tuple(int(i) for i in np.argwhere(bad)[0])
    want, have = _format_pair(expected[first].item(), got[first].item())
    raise ComparisonFailure(
        _lines(
            f"{subject} differs from the expected values: {_off_count(int(bad.sum()), expected.size)}.",
            f"  first bad index: {_index_text(first)}",
            "  tolerance: exact (this test needs an exact match): every element must be equal",
        ),
        values=_lines(
            f"at index {_index_text(first)}: expected {want}, got {have}",
            _value_line("expected", expected),
            _value_line("got", got),
        ),
    )


def _pair_values(got: Any, expected: Any, path: _Path) -> str:
    return (
        f"{path.values_prefix()}expected {_short_repr(expected)} ({_element_kind(expected)}), "
        f"got {_short_repr(got)} ({_element_kind(got)})"
    )


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)
