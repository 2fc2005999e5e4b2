"""What a student reads when a comparison fails, and that it fails (only) when it should."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest
import torch

from autograder.compare import (
    ComparisonFailure,
    assert_raises,
    assert_equal,
    assert_scalar_close,
    assert_tensor_close,
    assert_tensor_equal,
    describe,
)
from autograder.errors import GraderError, StudentError
from autograder.values import RemoteObject, Unsendable

needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


# --------------------------------------------------------------------------------------------
# Helpers and odd values a student might return
# --------------------------------------------------------------------------------------------


class RecordingSession:
    """Stands in for a worker session; a comparison must never call into the worker."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def invoke(self, *args: Any) -> Any:
        self.calls.append(("invoke", *args))
        return 0.0

    def get_attribute(self, *args: Any) -> Any:
        self.calls.append(("get_attribute", *args))
        return 0.0


class LyingTensor(torch.Tensor):
    """A subclass that claims equality with anything, through both == and torch functions."""

    torch_function_calls = 0

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        cls.torch_function_calls += 1
        if func in (torch.equal, torch.allclose):
            return True
        if func in (torch.Tensor.__eq__, torch.eq, torch.isclose):
            return torch.ones(args[0].shape, dtype=torch.bool)
        return super().__torch_function__(func, types, args, kwargs or {})

    def __eq__(self, other: object) -> bool:  # type: ignore[override]
        return True

    __hash__ = torch.Tensor.__hash__


class MyArray(np.ndarray):
    pass


def lying_tensor(like: torch.Tensor) -> LyingTensor:
    tensor = torch.full_like(like, 99.0).as_subclass(LyingTensor)
    LyingTensor.torch_function_calls = 0
    return tensor


def failure(check: Callable[[], None]) -> ComparisonFailure:
    with pytest.raises(ComparisonFailure) as caught:
        check()
    error = caught.value
    assert str(error) == error.message
    return error


@pytest.fixture
def expected() -> torch.Tensor:
    return torch.arange(12, dtype=torch.float32).reshape(3, 4) / 7


# --------------------------------------------------------------------------------------------
# Tensors: type
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_got", "fragments"),
    [
        pytest.param(
            lambda e: e.numpy(),
            ["expected a torch.Tensor, got a numpy.ndarray; convert with torch.from_numpy or use torch operations"],
            id="numpy-array",
        ),
        pytest.param(
            lambda e: e.numpy().view(MyArray),
            ["test_compare.MyArray, a subclass of numpy.ndarray", "torch.from_numpy"],
            id="ndarray-subclass",
        ),
        pytest.param(
            lambda e: torch.nn.Parameter(e.clone()),
            ["got a torch.nn.Parameter, which is a subclass of torch.Tensor", ".detach()"],
            id="nn-parameter",
        ),
        pytest.param(
            lying_tensor,
            ["LyingTensor, which is a subclass of torch.Tensor", "return a plain tensor"],
            id="subclass-with-torch-function",
        ),
        pytest.param(lambda e: None, ["got None", "`return`"], id="none"),
        pytest.param(lambda e: "tensor([1, 2])", ["got a str of length 14"], id="string"),
        pytest.param(lambda e: {"out": e}, ["got a dict with 1 key"], id="dict"),
        pytest.param(lambda e: e.tolist(), ["got a list of 3 lists", "torch.stack"], id="nested-list"),
        pytest.param(lambda e: (e, e), ["got a tuple of 2 tensors", "one tensor"], id="tuple-of-tensors"),
        pytest.param(lambda e: 0.5, ["got a single number (float)", ".item()"], id="python-float"),
        pytest.param(lambda e: np.float32(0.5), ["got a single number (numpy.float32)"], id="numpy-scalar"),
        pytest.param(lambda e: True, ["got a single number (bool)"], id="bool"),
    ],
)
def test_a_value_that_is_not_exactly_a_tensor_fails_on_its_type(make_got, fragments, expected):
    error = failure(lambda: assert_tensor_close(make_got(expected), expected, what="normalize(x)"))
    assert error.message.startswith("normalize(x): expected a")
    for fragment in fragments:
        assert fragment in error.message
    assert "expected: torch.Tensor float32 [3, 4] on cpu" in error.message


@pytest.mark.parametrize("check", [assert_tensor_close, assert_tensor_equal])
def test_a_lying_subclass_neither_passes_nor_runs_its_own_code(check, expected):
    got = lying_tensor(expected)
    error = failure(lambda: check(got, expected))
    assert "subclass of torch.Tensor" in error.message
    assert "LyingTensor (a torch.Tensor subclass) float32 [3, 4] on cpu" in error.message
    assert "99." in error.values
    assert LyingTensor.torch_function_calls == 0


def test_an_unsendable_value_says_what_it_was_and_why(expected):
    got = Unsendable("MyTensor", "a tensor subclass cannot be sent as data")
    error = failure(lambda: assert_tensor_close(got, expected))
    assert "got a MyTensor that could not be sent back from your code" in error.message
    assert "(a tensor subclass cannot be sent as data)" in error.message


def test_a_remote_object_names_its_type_without_calling_the_worker(expected):
    session = RecordingSession()
    got = RemoteObject(session, 3, "MyNet")
    error = failure(lambda: assert_tensor_close(got, expected))
    assert "got a MyNet object, which is not data" in error.message
    assert "<student MyNet (in the worker)>" in error.message
    assert session.calls == []


def test_a_remote_object_in_assert_equal_does_not_call_the_worker():
    session = RecordingSession()
    error = failure(lambda: assert_equal(RemoteObject(session, 1, "Adam"), (1, 2)))
    assert "got <student Adam (in the worker)>" in error.message
    assert session.calls == []


# --------------------------------------------------------------------------------------------
# Tensors: dtype, shape, device, in that order
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("got_dtype", "expected_dtype", "hint"),
    [
        (torch.float64, torch.float32, ".float()"),
        (torch.float32, torch.float64, ".to(torch.float64)"),
        (torch.int32, torch.int64, ".long()"),
        (torch.float32, torch.int64, ".long()"),
        (torch.uint8, torch.bool, "`x > 0`"),
        (torch.complex64, torch.float32, ".real"),
    ],
)
def test_wrong_dtype_names_both_dtypes_and_a_fix(got_dtype, expected_dtype, hint):
    expected = torch.ones(4, dtype=expected_dtype)
    error = failure(lambda: assert_tensor_close(torch.ones(4, dtype=got_dtype), expected))
    first_line = error.message.splitlines()[0]
    assert first_line == (
        f"The result has the wrong dtype: expected {str(expected_dtype)[6:]}, got {str(got_dtype)[6:]}."
    )
    assert hint in error.message


@pytest.mark.parametrize(
    ("got_shape", "expected_shape", "broadcast_to", "hint"),
    [
        ((5, 1), (5,), "[5, 5]", "dimensions of size 1"),
        ((5,), (5, 1), "[5, 5]", "dimensions of size 1"),
        ((1,), (), "[1]", "dimensions of size 1"),
        ((), (1,), "[1]", "dimensions of size 1"),
        ((2, 3), (3,), "[2, 3]", None),
        ((4, 3), (3, 4), None, "transpose"),
        ((12,), (3, 4), None, "reshape"),
        ((4,), (3,), None, None),
    ],
)
def test_wrong_shape_warns_when_it_would_broadcast_silently(got_shape, expected_shape, broadcast_to, hint):
    got, expected = torch.zeros(got_shape), torch.zeros(expected_shape)
    error = failure(lambda: assert_tensor_close(got, expected, what="loss(x, y)"))
    assert error.message.splitlines()[0].startswith("loss(x, y) has the wrong shape: expected ")
    if broadcast_to is None:
        assert "broadcast" not in error.message
    else:
        assert "these shapes broadcast against each other" in error.message
        assert f"would silently give shape {broadcast_to}" in error.message
    if hint is not None:
        assert hint in error.message


def test_zero_dim_and_one_dim_tensors_are_told_apart():
    error = failure(lambda: assert_tensor_close(torch.tensor([2.0]), torch.tensor(2.0)))
    assert "expected [] (0-dim), got [1]" in error.message


def test_wrong_device_is_reported_with_device_names(expected):
    error = failure(lambda: assert_tensor_close(expected.to("meta"), expected))
    assert error.message.splitlines()[0] == "The result is on the wrong device: expected cpu, got meta."


def test_checks_run_in_order_type_dtype_shape_device(expected):
    wrong_everything = torch.zeros(4, 3, dtype=torch.float64, device="meta")
    assert "wrong dtype" in failure(lambda: assert_tensor_close(wrong_everything, expected)).message
    wrong_shape_and_device = torch.zeros(4, 3, device="meta")
    assert "wrong shape" in failure(lambda: assert_tensor_close(wrong_shape_and_device, expected)).message
    assert "numpy.ndarray" in failure(lambda: assert_tensor_close(np.zeros(2), expected)).message


def test_a_sparse_tensor_is_not_accepted_for_a_dense_one(expected):
    error = failure(lambda: assert_tensor_close(expected.to_sparse(), expected))
    assert "expected a dense tensor, got a sparse_coo tensor; convert it with .to_dense()" in error.message


def test_matching_sparse_tensors_are_compared_by_value(expected):
    assert_tensor_close(expected.to_sparse(), expected.to_sparse())
    error = failure(lambda: assert_tensor_close((expected * 2).to_sparse(), expected.to_sparse()))
    assert "not close enough" in error.message


# --------------------------------------------------------------------------------------------
# Tensors: NaN/Inf and values
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("bad", "name"), [(float("nan"), "NaN"), (float("inf"), "Inf"), (float("-inf"), "Inf")])
def test_non_finite_values_where_finite_ones_were_expected_name_the_first_index(bad, name, expected):
    got = expected.clone()
    got[1, 2] = bad
    got[2, 3] = bad
    error = failure(lambda: assert_tensor_close(got, expected, what="softmax(x)"))
    assert error.message.splitlines()[0] == (
        f"softmax(x) contains {name} at index (1, 2) where the expected value is finite."
    )
    assert "of 12 elements" in error.message
    assert "at index (1, 2): expected 0.8571, got" in error.values


def test_nan_where_nan_is_expected_needs_equal_nan(expected):
    expected = expected.clone()
    expected[0, 1] = float("nan")
    assert_tensor_close(expected.clone(), expected, equal_nan=True)
    error = failure(lambda: assert_tensor_close(expected.clone(), expected))
    assert "where the expected value is NaN or Inf" in error.message
    assert "first bad index: (0, 1)" in error.message


def test_same_infinities_are_close():
    values = torch.tensor([float("inf"), -float("inf"), 1.0])
    assert_tensor_close(values.clone(), values)
    error = failure(lambda: assert_tensor_close(torch.tensor([float("inf"), float("inf"), 1.0]), values))
    assert "first bad index: (1,)" in error.message


def test_close_but_out_of_tolerance_reports_error_tolerance_and_first_bad_index(expected):
    got = expected.clone()
    got[1, 2] += 1e-3
    got[2, 0] += 3e-3
    error = failure(lambda: assert_tensor_close(got, expected, what="nms(boxes, scores, 0.5)"))
    lines = error.message.splitlines()
    assert lines[0] == "nms(boxes, scores, 0.5) is not close enough to the expected values: 2 of 12 elements are off."
    assert "first bad index: (1, 2)" in error.message
    assert "max abs error: 0.003 at (2, 0)" in error.message
    assert "max rel error: 0.00262" in error.message
    assert "rtol=1.3e-06, atol=1e-05 (the default for float32)" in error.message
    assert error.values.splitlines()[0].startswith("at index (1, 2): expected 0.8571")
    assert error.values.splitlines()[1].startswith("largest error at index (2, 0):")


def test_within_the_default_tolerance_passes(expected):
    assert_tensor_close(expected * (1 + 1e-7), expected)
    assert_tensor_close(expected.clone().requires_grad_(), expected)


def test_tolerance_set_by_the_test_is_used_and_printed(expected):
    got = expected + 1e-3
    assert_tensor_close(got, expected, atol=2e-3)
    error = failure(lambda: assert_tensor_close(got, expected, rtol=0.0, atol=1e-4))
    assert "rtol=0, atol=0.0001 (set by the test)" in error.message


@pytest.mark.parametrize(
    ("dtype", "tolerance"),
    [
        (torch.float16, "rtol=0.001, atol=1e-05 (the default for float16)"),
        (torch.bfloat16, "rtol=0.016, atol=1e-05 (the default for bfloat16)"),
        (torch.float32, "rtol=1.3e-06, atol=1e-05 (the default for float32)"),
        (torch.float64, "rtol=1e-07, atol=1e-07 (the default for float64)"),
        (torch.int64, "exact (the default for int64)"),
        (torch.bool, "exact (the default for bool)"),
    ],
)
def test_default_tolerance_depends_on_the_dtype_and_is_printed(dtype, tolerance):
    expected = torch.tensor([0, 1, 1, 0]).to(dtype)
    got = torch.tensor([0, 1, 0, 0]).to(dtype)
    error = failure(lambda: assert_tensor_close(got, expected))
    assert tolerance in error.message
    assert "first bad index: (2,)" in error.message


def test_loose_half_precision_tolerance_accepts_rounding():
    expected = torch.linspace(0, 1, 50, dtype=torch.float16)
    assert_tensor_close(expected + torch.tensor(1e-4, dtype=torch.float16), expected, atol=1e-3)
    assert_tensor_close(expected * (1 + 5e-4), expected)


def test_large_integers_are_compared_exactly_not_through_float64():
    expected = torch.tensor([2**60, 5])
    error = failure(lambda: assert_tensor_equal(torch.tensor([2**60 + 1, 5]), expected))
    assert "1 of 2 elements is off" in error.message
    assert "first bad index: (0,)" in error.message


def test_tensor_equal_accepts_identical_tensors_including_nan_positions():
    values = torch.tensor([1.0, float("nan"), -0.0])
    assert_tensor_equal(values.clone(), values)
    error = failure(lambda: assert_tensor_equal(values + torch.tensor([0.0, 0.0, 1e-12]), values))
    assert "differs from the expected values: 1 of 3 elements is off" in error.message
    assert "exact (this test needs an exact match)" in error.message


def test_complex_tensors_are_compared_by_modulus_of_the_difference():
    expected = torch.tensor([1 + 1j, 2 - 1j], dtype=torch.complex64)
    assert_tensor_close(expected.clone(), expected)
    error = failure(lambda: assert_tensor_close(expected + 0.5j, expected))
    assert "max abs error: 0.5" in error.message


@pytest.mark.parametrize("dtype", [torch.float8_e4m3fn, torch.float8_e5m2, torch.uint16])
def test_uncommon_dtypes_are_compared_through_float64(dtype):
    expected = torch.tensor([1.0, 2.0, 3.0]).to(dtype)
    assert_tensor_close(expected.clone(), expected)
    got = torch.tensor([1.0, 2.0, 4.0]).to(dtype)
    error = failure(lambda: assert_tensor_close(got, expected))
    assert "first bad index: (2,)" in error.message
    assert "at index (2,): expected 3, got 4" in error.values


def test_empty_tensors_of_the_right_kind_are_equal():
    assert_tensor_close(torch.zeros(0, 4), torch.zeros(0, 4))


def test_values_of_a_large_tensor_are_truncated():
    expected = torch.zeros(1000, 1000)
    got = expected.clone()
    got[500, 500] = 1.0
    error = failure(lambda: assert_tensor_close(got, expected))
    assert "first bad index: (500, 500)" in error.message
    assert "..." in error.values
    assert len(error.values) < 1500
    assert len(error.values.splitlines()) < 20


def test_nested_tensors_and_meta_expectations_are_handled():
    nested = torch.nested.nested_tensor([torch.zeros(2), torch.zeros(3)], layout=torch.jagged)
    error = failure(lambda: assert_tensor_close(nested, torch.zeros(2, 3)))
    assert "nested tensor" in error.message
    with pytest.raises(GraderError):
        assert_tensor_close(torch.zeros(2, device="meta"), torch.zeros(2, device="meta"))


@pytest.mark.parametrize("expected", [np.zeros(3), [0.0, 0.0], 0.0, torch.nn.Parameter(torch.zeros(3))])
def test_an_expected_value_that_is_not_a_plain_tensor_is_a_grader_error(expected):
    with pytest.raises(GraderError):
        assert_tensor_close(torch.zeros(3), expected)


# --------------------------------------------------------------------------------------------
# CUDA (skipped without a GPU)
# --------------------------------------------------------------------------------------------


@needs_cuda
def test_cuda_result_on_the_cpu_is_a_device_failure():
    expected = torch.ones(3, device="cuda")
    error = failure(lambda: assert_tensor_close(torch.ones(3), expected))
    assert error.message.splitlines()[0] == "The result is on the wrong device: expected cuda:0, got cpu."
    assert "device=x.device" in error.message
    error = failure(lambda: assert_tensor_close(expected, torch.ones(3)))
    assert "expected cpu, got cuda:0" in error.message


@needs_cuda
def test_cuda_values_are_compared_on_the_gpu():
    expected = torch.arange(12, dtype=torch.float32, device="cuda").reshape(3, 4)
    assert_tensor_close(expected.clone(), expected)
    got = expected.clone()
    got[2, 1] = float("nan")
    assert "NaN at index (2, 1)" in failure(lambda: assert_tensor_close(got, expected)).message
    got = expected.clone()
    got[1, 3] += 1
    error = failure(lambda: assert_tensor_close(got, expected))
    assert "first bad index: (1, 3)" in error.message
    assert "device='cuda:0'" in error.values
    assert describe(expected) == "torch.Tensor float32 [3, 4] on cuda:0"


# --------------------------------------------------------------------------------------------
# Python scalars
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("got", "fragment"),
    [
        (torch.tensor(0.25), "got a 0-dim torch.Tensor; use .item() to get a Python number"),
        (torch.tensor([0.25]), "got a torch.Tensor of shape [1]; use .item()"),
        (torch.tensor([0.25, 0.5]), "reduce it to one value first"),
        (torch.nn.Parameter(torch.tensor(0.25)), "reduce it to one value first"),
        (np.float64(0.25), "got a numpy.float64 (a numpy scalar); convert it with float(x)"),
        (np.float32(0.25), "got a numpy.float32 (a numpy scalar)"),
        (np.array(0.25), "use .item()"),
        (True, "got a bool"),
        (None, "got None"),
        ("0.25", "got a str of length 4"),
        (0.25 + 0j, "got a complex"),
        (Unsendable("Decimal", "not plain data"), "got a Decimal that could not be sent back"),
    ],
)
def test_scalar_that_is_not_a_python_number_gets_a_hint(got, fragment):
    error = failure(lambda: assert_scalar_close(got, 0.25, what="accuracy(logits, labels)"))
    assert error.message.startswith("accuracy(logits, labels): expected a")
    assert fragment in error.message


@pytest.mark.parametrize(("got", "expected"), [(0.25, 0.25), (0.25 + 1e-9, 0.25), (3, 3.0), (3.0, 3), (0.0, 0.0), (float("inf"), float("inf"))])
def test_close_python_numbers_pass(got, expected):
    assert_scalar_close(got, expected)


@pytest.mark.parametrize(
    ("got", "expected", "fragment"),
    [
        (float("nan"), 0.25, "is NaN; NaN never equals a number"),
        (float("nan"), float("nan"), "is NaN"),
        (0.25, float("nan"), "the expected value is NaN"),
        (float("inf"), 0.25, "is infinite where a finite number was expected"),
        (0.25, float("-inf"), "is finite where an infinite value was expected"),
    ],
)
def test_nan_never_equals_and_infinities_must_match(got, expected, fragment):
    assert fragment in failure(lambda: assert_scalar_close(got, expected)).message


def test_scalar_out_of_tolerance_reports_errors_and_tolerance():
    error = failure(lambda: assert_scalar_close(0.2525, 0.25, what="the loss"))
    assert error.message.splitlines() == [
        "The loss is not close enough to the expected value.",
        "  abs error: 0.0025; rel error: 0.01",
        "  tolerance: rtol=1e-06, atol=1e-08; the value passes when |got - expected| <= atol + rtol * |expected|",
    ]
    assert error.values == "expected 0.25, got 0.2525"


def test_scalar_tolerance_can_be_widened():
    assert_scalar_close(0.2525, 0.25, rtol=0.02)
    assert "rel error: n/a" in failure(lambda: assert_scalar_close(1e-3, 0.0)).message


@pytest.mark.parametrize("expected", [torch.tensor(0.25), np.float64(0.25), True, "0.25"])
def test_scalar_expected_value_must_be_a_python_number(expected):
    with pytest.raises(GraderError):
        assert_scalar_close(0.25, expected)


# --------------------------------------------------------------------------------------------
# Plain values
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        (24, 32),
        [1, 2.5, "three", None, True],
        {"size": (3, 3), "stride": [1, 1], "bias": False},
        "",
        None,
        (torch.tensor([1, 2]), np.arange(3)),
        {"weights": [torch.ones(2, 2)]},
        float("inf"),
    ],
)
def test_equal_plain_values_pass(value):
    import copy

    assert_equal(copy.deepcopy(value), value)


@pytest.mark.parametrize(
    ("got", "expected", "message", "values"),
    [
        ([24, 32], (24, 32), "expected a tuple of 2 ints, got a list of 2 ints; return a tuple", "expected (24, 32) (tuple), got [24, 32] (list)"),
        ((1, 32.0), (1, 32), "element [1]: expected an int, got a float", "element [1]: expected 32 (int), got 32.0 (float)"),
        (True, 1, "expected an int, got a bool", "expected 1 (int), got True (bool)"),
        (1, True, "expected a bool, got an int", "expected True (bool), got 1 (int)"),
        ((np.int64(3),), (3,), "numpy.int64 is a numpy scalar, not a Python int", "(numpy.int64)"),
        (torch.tensor(3), 3, "use .item()", "got tensor(3)"),
        ((1, 2, 3), (1, 2), "expected a tuple of 2 elements, got 3", "got (1, 2, 3)"),
        ((1, (2, 4)), (1, (2, 3)), "element [1][1]: the int differs from the expected value by 1", "element [1][1]: expected 3 (int), got 4 (int)"),
        (float("nan"), float("nan"), "NaN never equals anything", "expected nan"),
        ("kernel", "kernal", "differs from the expected one at character 4", "expected 'kernal' (str)"),
        (None, (1,), "got None; is a `return` statement missing?", "got None"),
    ],
)
def test_unequal_plain_values_report_the_path_and_the_types(got, expected, message, values):
    error = failure(lambda: assert_equal(got, expected, what="conv_output_size(32, 3)"))
    assert error.message.startswith("conv_output_size(32, 3)")
    assert message in error.message
    assert values in error.values


def test_dict_keys_are_shown_only_in_values():
    error = failure(lambda: assert_equal({"alpha": 1, "gamma": 2}, {"alpha": 1, "beta": 2}))
    assert "1 expected key missing and 1 unexpected key" in error.message
    assert "beta" not in error.message and "gamma" not in error.message
    assert error.values == "missing keys: ['beta']; unexpected keys: ['gamma']"

    error = failure(lambda: assert_equal({"alpha": [1, 2]}, {"alpha": [1, 3]}))
    assert "The result, element [<key>][1]: the int differs" in error.message
    assert "alpha" not in error.message
    assert error.values.startswith("element ['alpha'][1]: expected 3 (int), got 2 (int)")


def test_dict_key_types_must_match():
    error = failure(lambda: assert_equal({1: "a"}, {True: "a"}))
    assert "a key has the wrong type: expected a bool, got an int" in error.message


def test_tensors_and_arrays_inside_plain_values_are_compared_strictly():
    error = failure(lambda: assert_equal((torch.tensor([1, 2]), torch.tensor([1, 3])), (torch.tensor([1, 2]), torch.tensor([1, 2]))))
    assert error.message.startswith("The result, element [1] differs from the expected values: 1 of 2 elements is off.")
    error = failure(lambda: assert_equal([np.arange(3.0)], [np.arange(3)]))
    assert "element [0] has the wrong dtype: expected int64, got float64" in error.message
    error = failure(lambda: assert_equal([torch.arange(3)], [np.arange(3)]))
    assert "expected a numpy.ndarray, got a torch.Tensor int64 [3] on cpu; convert with .numpy()" in error.message
    error = failure(lambda: assert_equal(np.array([1, 5, 3]), np.array([1, 2, 3])))
    assert "first bad index: (1,)" in error.message
    assert "at index (1,): expected 2, got 5" in error.values


# --------------------------------------------------------------------------------------------
# Robustness: any student value fails cleanly
# --------------------------------------------------------------------------------------------


class RaisingEverywhere:
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __repr__(self) -> str:
        raise RuntimeError("repr")

    def __len__(self) -> int:
        raise RuntimeError("len")


ODD_VALUES = [
    pytest.param("a string", id="str"),
    pytest.param({"a": 1}, id="dict"),
    pytest.param([1.0, 2.0], id="list"),
    pytest.param(None, id="none"),
    pytest.param(torch.tensor([1.0]), id="one-dim-tensor"),
    pytest.param(torch.tensor(1.0), id="zero-dim-tensor"),
    pytest.param(torch.ones(2, dtype=torch.complex64), id="complex-tensor"),
    pytest.param(torch.ones(2).to_sparse(), id="sparse-tensor"),
    pytest.param(torch.ones(2, device="meta"), id="meta-tensor"),
    pytest.param(torch.nested.nested_tensor([torch.ones(1), torch.ones(2)], layout=torch.jagged), id="nested-tensor"),
    pytest.param(np.ones(2), id="ndarray"),
    pytest.param(np.float64("nan"), id="numpy-nan"),
    pytest.param(float("nan"), id="nan"),
    pytest.param(10**400, id="huge-int"),
    pytest.param(object(), id="object"),
    pytest.param(RaisingEverywhere(), id="raises-everywhere"),
    pytest.param(Unsendable("Foo", "bar"), id="unsendable"),
]

EXPECTATIONS = [
    pytest.param(lambda got: assert_tensor_close(got, torch.ones(2)), id="tensor_close"),
    pytest.param(lambda got: assert_tensor_equal(got, torch.ones(2, dtype=torch.int64)), id="tensor_equal"),
    pytest.param(lambda got: assert_scalar_close(got, 1.0), id="scalar_close"),
    pytest.param(lambda got: assert_equal(got, (1, [2.0], {"k": None})), id="equal"),
]


@pytest.mark.parametrize("check", EXPECTATIONS)
@pytest.mark.parametrize("got", ODD_VALUES)
def test_odd_student_values_only_ever_raise_comparison_failure(check, got):
    error = failure(lambda: check(got))
    assert error.message.strip()
    assert "could not be compared" not in error.message, "each odd value deserves a specific message"


def test_remote_object_fails_every_comparison_without_calling_the_worker():
    session = RecordingSession()
    got = RemoteObject(session, 7, "Generator")
    for check in (
        lambda: assert_tensor_close(got, torch.ones(2)),
        lambda: assert_tensor_equal(got, torch.ones(2)),
        lambda: assert_scalar_close(got, 1.0),
        lambda: assert_equal(got, [1]),
    ):
        assert "Generator" in failure(check).message
    assert session.calls == []


# --------------------------------------------------------------------------------------------
# Hidden-test safety: messages never show values; `values` does
# --------------------------------------------------------------------------------------------

SECRET_EXPECTED = 61.875
SECRET_GOT = 93.25


def _secret_tensor(value: float) -> torch.Tensor:
    return torch.tensor([[1.0, 2.0], [3.0, value]])


def _secret_tensor_with_nan() -> torch.Tensor:
    tensor = _secret_tensor(SECRET_GOT)
    tensor[0, 0] = float("nan")
    return tensor


HIDDEN_SAFETY_CASES = [
    pytest.param(lambda: assert_tensor_close(_secret_tensor(SECRET_GOT), _secret_tensor(SECRET_EXPECTED)), id="values"),
    pytest.param(lambda: assert_tensor_equal(_secret_tensor(SECRET_GOT), _secret_tensor(SECRET_EXPECTED)), id="exact-values"),
    pytest.param(lambda: assert_tensor_close(_secret_tensor(SECRET_GOT)[:, 1:], _secret_tensor(SECRET_EXPECTED)[:, 1]), id="shape"),
    pytest.param(lambda: assert_tensor_close(_secret_tensor(SECRET_GOT).numpy(), _secret_tensor(SECRET_EXPECTED)), id="numpy"),
    pytest.param(lambda: assert_tensor_close([SECRET_GOT], _secret_tensor(SECRET_EXPECTED)), id="list"),
    pytest.param(lambda: assert_tensor_close(_secret_tensor_with_nan(), _secret_tensor(SECRET_EXPECTED)), id="nan"),
    pytest.param(lambda: assert_scalar_close(SECRET_GOT, SECRET_EXPECTED), id="scalar"),
    pytest.param(lambda: assert_scalar_close(torch.tensor(SECRET_GOT), SECRET_EXPECTED), id="scalar-tensor"),
    pytest.param(lambda: assert_equal((1, SECRET_GOT), (1, SECRET_EXPECTED)), id="equal-float"),
    pytest.param(lambda: assert_equal([SECRET_GOT], (SECRET_EXPECTED,)), id="equal-type"),
    pytest.param(lambda: assert_equal({"w93.25": 1}, {"w61.875": 1}), id="equal-keys"),
    pytest.param(lambda: assert_equal({"w61.875": SECRET_GOT}, {"w61.875": SECRET_EXPECTED}), id="equal-under-key"),
    pytest.param(lambda: assert_equal("s93.25", "s61.875"), id="equal-str"),
    pytest.param(lambda: assert_equal(np.array([SECRET_GOT]), np.array([SECRET_EXPECTED])), id="equal-array"),
]


@pytest.mark.parametrize("check", HIDDEN_SAFETY_CASES)
def test_messages_never_contain_expected_or_returned_values(check):
    error = failure(check)
    for secret in ("61.8", "93.2"):
        assert secret not in error.message, error.message
        assert secret in error.values, error.values


# --------------------------------------------------------------------------------------------
# describe and readability
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "description"),
    [
        (torch.zeros(3, 4), "torch.Tensor float32 [3, 4] on cpu"),
        (torch.tensor(1.0, dtype=torch.float64), "torch.Tensor float64 [] (0-dim) on cpu"),
        (torch.zeros(3, device="meta"), "torch.Tensor float32 [3] on meta"),
        (torch.zeros(3).to_sparse(), "torch.Tensor float32 [3] sparse_coo on cpu"),
        (torch.nn.Parameter(torch.zeros(2)), "torch.nn.Parameter (a torch.Tensor subclass) float32 [2] on cpu"),
        (np.zeros(3), "numpy.ndarray float64 (3,)"),
        (np.zeros((2, 2), dtype=np.int32).view(MyArray), "test_compare.MyArray (a numpy.ndarray subclass) int32 (2, 2)"),
        (np.int64(3), "numpy.int64"),
        ((1, 2), "tuple of 2 ints"),
        ([1], "list of 1 int"),
        ([1, 2.0, "x", None, True], "list of 5 (int, float, str, None, ...)"),
        ((torch.ones(1), torch.ones(1)), "tuple of 2 tensors"),
        ((), "empty tuple"),
        ({"a": 1, "b": 2}, "dict with 2 keys"),
        ("abc", "str of length 3"),
        (None, "None"),
        (2.5, "float"),
        (True, "bool"),
        (Unsendable("MyTensor", "a tensor subclass"), "<MyTensor (could not be sent back from the worker: a tensor subclass)>"),
        (RemoteObject(RecordingSession(), 1, "MyNet"), "<student MyNet (in the worker)>"),
        (RaisingEverywhere(), "test_compare.RaisingEverywhere"),
    ],
)
def test_describe_gives_the_type_without_the_contents(value, description):
    assert describe(value) == description


def test_describe_a_lying_subclass_without_running_it():
    value = lying_tensor(torch.zeros(2))
    assert describe(value) == "test_compare.LyingTensor (a torch.Tensor subclass) float32 [2] on cpu"
    assert LyingTensor.torch_function_calls == 0


READABILITY_CASES = {
    "type": lambda e: assert_tensor_close(e.numpy(), e, what="nms(boxes, scores, 0.5)"),
    "dtype": lambda e: assert_tensor_close(e.double(), e),
    "shape": lambda e: assert_tensor_close(e[:, :1], e[:, 0], what="the gradient of the loss"),
    "device": lambda e: assert_tensor_close(e.to("meta"), e),
    "nan": lambda e: assert_tensor_close(e / 0 * 0, e),
    "values": lambda e: assert_tensor_close(e + 1e-3, e),
    "scalar": lambda e: assert_scalar_close(e.sum(), 1.0),
    "equal": lambda e: assert_equal((1, 2.0), (1, 2)),
}
SINGLE_PURPOSE = {
    "type": "torch.Tensor",
    "dtype": "dtype",
    "shape": "shape",
    "device": "device",
    "nan": "NaN",
    "values": "not close enough",
    "scalar": ".item()",
    "equal": "expected an int, got a float",
}


def test_messages_are_single_purpose_and_readable(expected):
    messages = {name: failure(lambda case=case: case(expected)) for name, case in READABILITY_CASES.items()}
    gallery = "\n\n".join(f"[{name}]\n{error.message}\n-- values --\n{error.values}" for name, error in messages.items())
    for name, error in messages.items():
        first_line, *details = error.message.splitlines()
        assert SINGLE_PURPOSE[name] in first_line, gallery
        assert first_line.endswith("."), gallery
        assert first_line[0].isupper() or first_line.startswith("nms("), gallery
        assert len(details) <= 4, gallery
        assert all(line.startswith("  ") for line in details), gallery
        assert all(len(line) <= 160 for line in error.message.splitlines()), gallery
        other_checks = {"dtype", "shape", "device"} - {name}
        assert not any(f"wrong {other}" in error.message for other in other_checks), gallery


# --------------------------------------------------------------------------------------------
# assert_raises
# --------------------------------------------------------------------------------------------


def _raise(message: str):
    def call():
        raise StudentError(message, student_output="printed")
    return call


def test_assert_raises_accepts_the_documented_error():
    assert_raises(_raise("Traceback (your code, most recent call last):\n  cell 3, line 2, in f\nValueError: no"),
                  "ValueError", what="f(4, 5)")


def test_assert_raises_keeps_another_exception_the_students_with_their_output():
    with pytest.raises(StudentError, match="f\\(4, 5\\) should raise ValueError, but it raised another") as caught:
        assert_raises(_raise("TypeError: bad operand"), "ValueError", what="f(4, 5)")
    assert caught.value.student_output == "printed"


def test_assert_raises_describes_a_returned_value_without_showing_it():
    with pytest.raises(ComparisonFailure) as caught:
        assert_raises(lambda: (123456,), "ValueError", what="f(4, 5)", why="a kernel of 5 does not fit in 4")
    assert "should raise ValueError (a kernel of 5 does not fit in 4)" in caught.value.message
    assert "123456" not in caught.value.message
