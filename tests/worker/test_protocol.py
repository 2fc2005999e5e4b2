"""The wire carries data only: what goes in comes out equal, what is not data is described, never rebuilt."""

from __future__ import annotations

import json
import math
import struct
import tracemalloc

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


@pytest.mark.parametrize("wrap", [lambda v: [v], lambda v: (v,), lambda v: {"k": v}, lambda v: {1: [v]}],
                         ids=["list", "tuple", "dict", "dict of lists"])
def test_deep_nesting_is_cut_off_by_the_encoder_and_still_decodes(wrap):
    value = torch.ones(2)
    for _ in range(100):
        value = wrap(value)
    back = roundtrip(value)
    depth = 0
    while type(back) in (list, tuple, dict):
        back, depth = next(iter(back.values())) if type(back) is dict else back[0], depth + 1
    assert isinstance(back, Unsendable) and "nested too deeply" in back.reason and depth < 100


@pytest.mark.parametrize("name", sorted(protocol.NUMPY_DTYPES))
def test_every_numpy_dtype_the_protocol_names_travels(name):
    array = np.arange(6).reshape(2, 3).astype(name)
    back = roundtrip(array)
    assert type(back) is np.ndarray and back.dtype == array.dtype and np.array_equal(back, array)
    scalar = roundtrip(array.reshape(-1)[1])
    assert type(scalar) is type(array.reshape(-1)[1]) and scalar == array.reshape(-1)[1]


@pytest.mark.parametrize("value", [np.zeros(2, dtype=">f4"), np.array(["text"]), np.zeros(1, dtype="V8"),
                                   np.zeros(2, dtype=[("a", "i4")]), np.datetime64(5, "ns"), np.longdouble(1.5)],
                         ids=["big-endian", "str", "void", "structured", "datetime", "longdouble"])
def test_numpy_values_outside_the_protocol_are_described_by_the_encoder(value):
    back = roundtrip(value)
    assert isinstance(back, Unsendable)


def test_honest_values_well_inside_the_limits_travel():
    values = [float(i) / 7 for i in range(100_000)]
    assert roundtrip(values) == values
    assert roundtrip({str(i): i for i in range(10_000)})["9999"] == 9999


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


# -------------------------------------------------------------------- forged replies (student-written)
#
# The student's code can replace the worker's encoder, so these values reach decode() as they are:
# each must be refused with a reason, not raise something else and not allocate what it declares.

T = torch.zeros(2, 3)


def tag(kind, **fields):
    return {"__kind__": kind, **fields}


FORGED_VALUES = {
    "unknown kind": (tag("exec", code="..."), "unknown kind 'exec'"),
    "bare list": (["not", "tagged"], "bare list"),
    "bare tensor": (T, "bare Tensor"),
    "device name torch refuses": (tag("tensor", data=T, device="quantum:9", requires_grad=False), "device named"),
    "device torch accepts but a tensor never has": (tag("tensor", data=T, device="meta", requires_grad=False),
                                                     "device named 'meta'"),
    "device with a negative index": (tag("tensor", data=T, device="cuda:-1", requires_grad=False), "device named"),
    "device value of 10 kB": (tag("device", name="c" * 10_000), "device named 'ccc"),
    "missing field": (tag("handle", type="Module"), "lacks the field(s) id"),
    "extra field": (tag("tensor", data=T, device="cpu", requires_grad=False, hook="x"), "unknown field(s) 'hook'"),
    "field of the wrong type": (tag("handle", id="1", type="Module"), "field 'id' of a handle is a str"),
    "bool as a tensor": (tag("tensor", data=1, device="cpu", requires_grad=False), "field 'data'"),
    "unhashable key": (tag("dict", items=[[[1, 2], 3]]), "key"),
    "dict item that is no pair": (tag("dict", items=[[1, 2, 3]]), "pair"),
    "huge string dtype": (tag("ndarray", data=torch.zeros(8, dtype=torch.uint8), dtype="S100000000"), "dtype"),
    "huge unicode dtype": (tag("ndarray", data=torch.zeros(8, dtype=torch.uint8), dtype="<U100000000"), "dtype"),
    "object dtype": (tag("ndarray", data=torch.zeros(8, dtype=torch.uint8), dtype="object"), "dtype"),
    "dtype other than the data's": (tag("ndarray", data=torch.zeros(8, dtype=torch.uint8), dtype="float64"),
                                    "carried as a torch.uint8"),
    "numpy scalar of a string dtype": (tag("npscalar", dtype="U100000000", value=1), "numpy scalar"),
    "numpy scalar that overflows": (tag("npscalar", dtype="int8", value=1000), "cannot hold 1000"),
    "float that is not nan or inf": (tag("float", repr="__import__('os')"), "not nan or inf"),
    "bytes of another dtype": (tag("bytes", data=T), "uint8"),
    "unknown torch dtype": (tag("dtype", name="torch.Tensor"), "unknown torch dtype"),
    "int tensor that requires grad": (tag("tensor", data=torch.zeros(2, dtype=torch.int64), device="cpu",
                                          requires_grad=True), "requires grad"),
    "handle outside a call's value": (tag("handle", id=1, type="Module"), "handle where only data belongs"),
}


@pytest.mark.parametrize("value, reason", FORGED_VALUES.values(), ids=FORGED_VALUES.keys())
def test_forged_values_are_refused_with_a_reason(value, reason):
    with pytest.raises(protocol.MalformedReply) as caught:
        protocol.decode(value, None, cuda_available=False)
    assert reason in str(caught.value)
    assert len(str(caught.value)) < 300  # a hostile value is quoted at a bounded length


def test_forged_nesting_past_what_the_encoder_writes_is_refused():
    value = 1
    for _ in range(protocol.MAX_DEPTH + 3):
        value = tag("list", items=[value])
    with pytest.raises(protocol.MalformedReply, match="nested too deeply"):
        protocol.decode(value, cuda_available=False)


def test_a_forged_huge_dtype_is_refused_without_allocating_it():
    tracemalloc.start()
    try:
        with pytest.raises(protocol.MalformedReply):
            protocol.decode(FORGED_VALUES["huge string dtype"][0], cuda_available=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20  # believing the dtype costs 800 MB (numpy's allocations are traced)


def test_a_cuda_tensor_on_a_machine_without_cuda_is_described_not_refused():
    back = protocol.decode(tag("tensor", data=T, device="cuda:0", requires_grad=False), cuda_available=False)
    assert isinstance(back, Unsendable) and "cuda:0" in back.reason


def test_long_type_names_and_reasons_are_cut():
    back = protocol.decode(tag("unsendable", type="T" * 100_000, reason="r" * 100_000), cuda_available=False)
    assert len(back.type_name) <= 200 and len(back.reason) <= 1000


def frame(header: bytes, table: bytes, *buffers: bytes) -> bytearray:
    """A received frame, as _read_exactly returns it."""
    return bytearray(struct.pack(">II", len(header), len(table)) + header + table + b"".join(buffers))


def buffer_value(dtype="float32", shape=(2,), index=0):
    return tag("buffer", index=index, dtype=dtype, shape=list(shape))


FORGED_FRAMES = {
    "shape promising more than its bytes": (forge({"v": buffer_value(shape=[100_000_000])}, [b"\0" * 8]),
                                            "do not match its 8 bytes"),
    "negative dimension": (forge({"v": buffer_value(shape=[-2, -1])}, [b"\0" * 8]), "shape is malformed"),
    "65 dimensions": (forge({"v": buffer_value(shape=[1] * 65)}, [b"\0" * 4]), "shape is malformed"),
    "bool dimension": (forge({"v": buffer_value(shape=[True, 2])}, [b"\0" * 8]), "shape is malformed"),
    "object dtype": (forge({"v": buffer_value(dtype="object", shape=[1])}, [b"\0" * 8]), "dtype"),
    "one buffer named twice": (forge({"v": [buffer_value(), buffer_value()]}, [b"\0" * 8]), "same buffer"),
    "bool bytes other than 0 and 1": (forge({"v": buffer_value(dtype="bool", shape=[2])}, [b"\1\2"]), "bool"),
    "extra field in a buffer": (forge({"v": {**buffer_value(), "x": 1}}, [b"\0" * 8]), "unknown field"),
    "header longer than the frame": (b"\0\0\1\0\0\0\0\0{}", "shorter than its header"),
    "invalid UTF-8": (frame(b'"\xff\xfe"', b"[]"), "not valid JSON"),
    "JSON nested 100000 deep": (frame(b"[" * 100_000 + b"]" * 100_000, b"[]"), "nested too deeply"),
    "JSON nested past what the encoder writes": (frame(b"[" * 200 + b"]" * 200, b"[]"), "nested too deeply"),
    "a 5000-digit number": (frame(b"9" * 5000, b"[]"), "not valid JSON"),
}


@pytest.mark.parametrize("payload, reason", FORGED_FRAMES.values(), ids=FORGED_FRAMES.keys())
def test_forged_frames_are_refused_with_a_reason(payload, reason):
    with pytest.raises(protocol.MalformedReply) as caught:
        protocol.loads(bytearray(payload))
    assert reason in str(caught.value)


@pytest.mark.parametrize("payload", [
    frame(b"[" + b"[]," * protocol.MAX_VALUES + b"[]]", b"[]"),  # 3 MB that would take 200 MB parsed
    frame(b"[]", b"[" + b"0," * protocol.MAX_VALUES + b"0]"),
    bytearray(struct.pack(">II", protocol.MAX_HEADER_BYTES + 1, 2)) + b"[]",
], ids=["too many values", "too many buffers", "description over its byte limit"])
def test_descriptions_over_the_limits_are_refused_before_parsing(payload):
    tracemalloc.start()
    try:
        with pytest.raises(protocol.FrameTooLarge):
            protocol.loads(payload)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20


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
