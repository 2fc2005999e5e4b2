"""The wire carries data only: what goes in comes out equal, what is not data is described, never rebuilt."""

from __future__ import annotations

import json
import math
import struct

import numpy as np
import pytest
import torch

from autograder.values import RemoteObject, Unsendable
from autograder.worker import protocol


def roundtrip(value, keep=None, session=None):
    return protocol.decode(protocol.loads(protocol.dumps(protocol.encode(value, keep))), session, cuda_available=False)


@pytest.mark.parametrize("value", [
    None, True, 0, -7, 2**70, 1.5, "text", "", (1, 2), [1, (2, 3)], {"a": [1.0], 2: "b"}, (), [], {},
    complex(1, -2), b"bytes", torch.float64, torch.device("cpu"),
])
def test_plain_values_come_back_equal_and_of_the_same_type(value):
    back = roundtrip(value)
    assert back == value
    assert type(back) is type(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_floats_survive(value):
    back = roundtrip(value)
    assert type(back) is float and (math.isnan(back) if math.isnan(value) else back == value)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64,
                                   torch.int32, torch.uint8, torch.bool, torch.complex64])
def test_tensors_keep_dtype_shape_and_values(dtype):
    tensor = (torch.arange(12).reshape(3, 4) % 3).to(dtype)
    back = roundtrip(tensor)
    assert type(back) is torch.Tensor and back.dtype == dtype and back.shape == (3, 4)
    assert torch.equal(back, tensor)


def test_views_travel_as_their_own_values_only():
    base = torch.arange(1000.0)
    back = roundtrip(base[10:13])
    assert back.tolist() == [10.0, 11.0, 12.0]
    assert back.untyped_storage().nbytes() == 3 * 4


def test_empty_and_zero_dim_tensors():
    assert roundtrip(torch.empty(0, 3)).shape == (0, 3)
    scalar = roundtrip(torch.tensor(2.5))
    assert scalar.shape == () and scalar.item() == 2.5


def test_numpy_arrays_and_scalars_stay_numpy():
    array = np.arange(6, dtype=np.float32).reshape(2, 3)
    back = roundtrip(array)
    assert type(back) is np.ndarray and back.dtype == np.float32 and np.array_equal(back, array)
    scalar = roundtrip(np.float64(1.25))
    assert type(scalar) is np.float64 and scalar == 1.25


def test_tensor_subclasses_are_described_not_rebuilt():
    class Sneaky(torch.Tensor):
        def __eq__(self, other):
            return True

    back = roundtrip(torch.zeros(2).as_subclass(Sneaky))
    assert isinstance(back, Unsendable) and "subclass of torch.Tensor" in back.reason
    assert isinstance(roundtrip(torch.nn.Parameter(torch.zeros(1))), Unsendable)


def test_ndarray_subclasses_and_object_arrays_are_described():
    class Matrixish(np.ndarray):
        pass

    assert isinstance(roundtrip(np.zeros(2).view(Matrixish)), Unsendable)
    assert isinstance(roundtrip(np.array([object()], dtype=object)), Unsendable)


def test_objects_become_handles_when_the_worker_keeps_them():
    kept = []
    module = torch.nn.Linear(2, 2)
    back = roundtrip(module, keep=lambda obj: kept.append(obj) or len(kept), session=object())
    assert isinstance(back, RemoteObject) and back.type_name == "torch.nn.modules.linear.Linear"
    assert kept == [module]


def test_objects_without_a_keeper_are_described():
    class Evil:
        def __reduce__(self):
            return (print, ("this must never run",))

    back = roundtrip(Evil())
    assert isinstance(back, Unsendable)


def test_deep_nesting_is_cut_off():
    value = []
    for _ in range(100):
        value = [value]
    back = roundtrip(value)
    depth = 0
    while isinstance(back, list):
        back, depth = back[0], depth + 1
    assert isinstance(back, Unsendable) and depth < 100


def forge(header: dict, buffers: list[bytes], sizes: list[int] | None = None) -> bytes:
    head = json.dumps(header).encode()
    table = json.dumps(sizes if sizes is not None else [len(b) for b in buffers]).encode()
    return struct.pack(">II", len(head), len(table)) + head + table + b"".join(buffers)


@pytest.mark.parametrize("payload", [
    b"",
    b"\x80\x04\x95pickle",
    forge({"__kind__": "buffer", "index": 0, "dtype": "object", "shape": [1]}, [b"\0" * 8]),
    forge({"__kind__": "buffer", "index": 0, "dtype": "float32", "shape": [3]}, [b"\0" * 8]),
    forge({"__kind__": "buffer", "index": 5, "dtype": "float32", "shape": [1]}, [b"\0" * 4]),
    forge({"x": 1}, [b"\0" * 4], sizes=[400]),
])
def test_forged_or_truncated_payloads_are_refused(payload):
    with pytest.raises(ValueError):
        protocol.loads(payload)


def test_unknown_tags_from_a_forged_reply_are_described():
    assert isinstance(protocol.decode({"__kind__": "exec", "code": "..."}), Unsendable)
    assert isinstance(protocol.decode(["not", "tagged"]), Unsendable)


def test_frames_over_the_limit_are_refused_before_reading(tmp_path):
    import os

    read, write = os.pipe()
    os.write(write, protocol.HEADER.pack(10**12))
    with pytest.raises(protocol.FrameTooLarge):
        protocol.receive(read, timeout=1)
    os.close(read)
    os.close(write)


def test_receive_times_out_instead_of_hanging():
    import os

    read, write = os.pipe()
    with pytest.raises(protocol.ChannelTimeout):
        protocol.receive(read, timeout=0.05)
    os.close(write)
    with pytest.raises(protocol.ChannelClosed):
        protocol.receive(read, timeout=1)
    os.close(read)
