"""The wire between the grader and the worker: framed messages that carry data, never objects.

Every message is an 8-byte length followed by JSON for the structure and raw bytes for the
tensors it holds (see :func:`dumps`); reading it back runs no pickle and builds only JSON values
and tensors of known dtypes. Values that are not plain data are
tagged on the way out (``encode``) and rebuilt on the way in (``decode``), so nothing the student
defines can run in the grader: a student class becomes a handle, a tensor subclass becomes an
:class:`~autograder.values.Unsendable` description.
"""

from __future__ import annotations

import json
import math
import os
import select
import struct
import time
from typing import Any, Callable

import numpy as np
import torch

from autograder.values import RemoteObject, Unsendable

HEADER = struct.Struct(">Q")
MAX_FRAME_BYTES = 128 * 1024 * 1024  # far above any honest result; keeps the grader's memory bounded
MAX_DEPTH = 32
KIND = "__kind__"


class ChannelClosed(EOFError):
    """The other side closed the channel (or died) before a full message arrived."""


class ChannelTimeout(TimeoutError):
    """No complete message arrived in time."""


class FrameTooLarge(ValueError):
    """A message announced more bytes than the grader accepts."""


# ---------------------------------------------------------------------------------------- framing


def dumps(message: Any) -> bytes:
    """JSON for the structure, raw bytes for tensors: no pickle anywhere on the wire."""
    buffers: list[bytes] = []

    def lift(node: Any) -> Any:
        if type(node) is torch.Tensor:
            data = node.detach().to("cpu").contiguous()
            raw = data.reshape(-1).view(torch.uint8).numpy().tobytes() if data.numel() else b""
            buffers.append(raw)
            return {KIND: "buffer", "index": len(buffers) - 1, "dtype": str(data.dtype).removeprefix("torch."),
                    "shape": list(data.shape)}
        if type(node) is dict:
            return {str(k): lift(v) for k, v in node.items()}
        if type(node) in (list, tuple):
            return [lift(v) for v in node]
        if node is None or type(node) in (bool, int, float, str):
            return node
        raise TypeError(f"cannot send a {type(node).__name__}")

    header = json.dumps(lift(message), separators=(",", ":")).encode()
    sizes = [len(b) for b in buffers]
    table = json.dumps(sizes).encode()
    return b"".join([struct.pack(">II", len(header), len(table)), header, table, *buffers])


def loads(payload: bytes) -> Any:
    """Parse a payload: JSON plus byte buffers rebuilt as tensors of whitelisted dtypes, nothing else."""
    if len(payload) < 8:
        raise ValueError("truncated message")
    header_size, table_size = struct.unpack(">II", payload[:8])
    header = json.loads(payload[8:8 + header_size])
    sizes = json.loads(payload[8 + header_size:8 + header_size + table_size])
    if type(sizes) is not list or not all(type(n) is int and n >= 0 for n in sizes):
        raise ValueError("malformed buffer table")
    offsets, position = [], 8 + header_size + table_size
    for size in sizes:
        offsets.append((position, size))
        position += size
    if position != len(payload):
        raise ValueError("message length does not match its buffers")

    def land(node: Any) -> Any:
        if type(node) is dict:
            if node.get(KIND) == "buffer":
                return _tensor_from(payload, offsets, node)
            return {k: land(v) for k, v in node.items()}
        if type(node) is list:
            return [land(v) for v in node]
        return node

    return land(header)


_DTYPES = {name: getattr(torch, name) for name in (
    "float16", "bfloat16", "float32", "float64", "complex64", "complex128", "uint8", "int8", "int16", "int32",
    "int64", "bool", "uint16", "uint32", "uint64")}


def _tensor_from(payload: bytes, offsets: list[tuple[int, int]], node: dict) -> torch.Tensor:
    index, dtype_name, shape = node.get("index"), node.get("dtype"), node.get("shape")
    if type(index) is not int or not 0 <= index < len(offsets) or dtype_name not in _DTYPES:
        raise ValueError("malformed tensor")
    if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape):
        raise ValueError("malformed tensor shape")
    dtype = _DTYPES[dtype_name]
    start, size = offsets[index]
    count = math.prod(shape)
    if count * torch.empty(0, dtype=dtype).element_size() != size:
        raise ValueError("tensor size does not match its shape")
    if count == 0:
        return torch.empty(shape, dtype=dtype)
    if isinstance(payload, bytearray):  # a received frame: one aligned copy of this tensor, not of the frame
        raw = torch.frombuffer(payload, dtype=torch.uint8, count=size, offset=start).clone()
    else:
        raw = torch.frombuffer(bytearray(payload[start:start + size]), dtype=torch.uint8)
    return raw.view(dtype).reshape(shape)


def send(fd: int, message: Any, timeout: float | None = None) -> None:
    """Write one message; with a timeout, raise ChannelTimeout if the reader stops reading (e.g. a stopped worker)."""
    payload = dumps(message)
    deadline = None if timeout is None else time.monotonic() + timeout
    _write_all(fd, HEADER.pack(len(payload)) + payload, deadline)


def _write_all(fd: int, data: bytes, deadline: float | None = None) -> None:
    view = memoryview(data)
    if deadline is None:
        while view:
            written = os.write(fd, view)
            view = view[written:]
        return
    was_blocking = os.get_blocking(fd)
    os.set_blocking(fd, False)  # a blocking write of a large frame would wait forever on a reader that stopped
    try:
        while view:
            _, writable, _ = select.select([], [fd], [], max(0.0, deadline - time.monotonic()))
            if not writable:
                raise ChannelTimeout()
            try:
                written = os.write(fd, view)
            except BlockingIOError:
                continue
            view = view[written:]
    finally:
        os.set_blocking(fd, was_blocking)


def receive(fd: int, timeout: float | None = None, max_bytes: int = MAX_FRAME_BYTES) -> Any:
    """Read one message; raise ChannelTimeout, ChannelClosed or FrameTooLarge instead of hanging."""
    deadline = None if timeout is None else time.monotonic() + timeout
    header = _read_exactly(fd, HEADER.size, deadline)
    (length,) = HEADER.unpack(header)
    if length > max_bytes:
        raise FrameTooLarge(f"a reply of {length} bytes is over the limit of {max_bytes} bytes")
    return loads(_read_exactly(fd, length, deadline))


def _read_exactly(fd: int, count: int, deadline: float | None) -> bytearray:
    """Read into one buffer of the final size: chunks joined at the end would hold a large reply twice."""
    buffer = bytearray(count)
    view = memoryview(buffer)
    done = 0
    while done < count:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            raise ChannelTimeout()
        read = os.readv(fd, [view[done:done + min(count - done, 1 << 20)]])
        if not read:
            raise ChannelClosed()
        done += read
    return buffer


# ------------------------------------------------------------------------------ encoding (worker)


def encode(value: Any, keep: Callable[[Any], int] | None = None, _depth: int = 0) -> Any:
    """Turn a value into plain data; objects go to ``keep`` (which returns a handle id) or are described."""
    if _depth > MAX_DEPTH:
        return _tag("unsendable", type=type(value).__name__, reason="it is nested too deeply")
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if kind is float:
        return value if math.isfinite(value) else _tag("float", repr=repr(value))
    if kind is complex:
        return _tag("complex", real=value.real, imag=value.imag)
    if kind is bytes:
        return _tag("bytes", data=torch.frombuffer(bytearray(value), dtype=torch.uint8) if value else torch.empty(0, dtype=torch.uint8))
    if isinstance(value, torch.Tensor):
        return _encode_tensor(value)
    if isinstance(value, np.ndarray):
        return _encode_ndarray(value)
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        return _encode_numpy_scalar(value)
    if kind is torch.dtype:
        return _tag("dtype", name=str(value))
    if kind is torch.device:
        return _tag("device", name=str(value))
    if kind is torch.Size:
        return _tag("tuple", items=[int(v) for v in value])
    if kind in (list, tuple) or (isinstance(value, tuple) and hasattr(value, "_fields")):
        items = [encode(item, keep, _depth + 1) for item in value]
        return _tag("list" if kind is list else "tuple", items=items)
    if kind is dict or kind.__name__ == "OrderedDict" and kind.__module__ == "collections":
        pairs = []
        for key, item in value.items():
            if type(key) not in (str, int, bool) and key is not None:
                return _unsendable_or_keep(value, keep, "it is a dict whose keys are not strings or numbers")
            pairs.append([key, encode(item, keep, _depth + 1)])
        return _tag("dict", items=pairs)
    return _unsendable_or_keep(value, keep, "it is not plain data")


def _tag(kind: str, **fields: Any) -> dict:
    return {KIND: kind, **fields}


def _unsendable_or_keep(value: Any, keep: Callable[[Any], int] | None, reason: str) -> dict:
    name = _type_name(value)
    if keep is None:
        return _tag("unsendable", type=name, reason=reason)
    return _tag("handle", id=keep(value), type=name)


def _type_name(value: Any) -> str:
    kind = type(value)
    module = kind.__module__
    return kind.__qualname__ if module in ("builtins", "__main__", "__submission__") else f"{module}.{kind.__qualname__}"


def _encode_tensor(value: torch.Tensor) -> dict:
    if type(value) is not torch.Tensor:
        what = "nn.Parameter" if isinstance(value, torch.nn.Parameter) else _type_name(value)
        return _tag("unsendable", type=what, reason="it is a subclass of torch.Tensor, not a plain torch.Tensor")
    if value.layout != torch.strided or value.is_quantized or value.device.type == "meta":
        return _tag("unsendable", type="torch.Tensor", reason=f"it is a {value.layout} / {value.device.type} tensor")
    data = value.detach().to("cpu", copy=True).contiguous()
    return _tag("tensor", data=data, device=str(value.device), requires_grad=bool(value.requires_grad))


def _encode_ndarray(value: np.ndarray) -> dict:
    if type(value) is not np.ndarray:
        return _tag("unsendable", type=_type_name(value), reason="it is a subclass of numpy.ndarray")
    try:
        data = torch.from_numpy(np.ascontiguousarray(value).copy())
    except TypeError:
        return _tag("unsendable", type="numpy.ndarray", reason=f"its dtype {value.dtype} has no tensor equivalent")
    return _tag("ndarray", data=data, dtype=str(value.dtype))


def _encode_numpy_scalar(value: np.generic) -> dict:
    item = value.item()
    if type(item) not in (bool, int, float, complex):
        return _tag("unsendable", type=_type_name(value), reason="it is not a numeric numpy scalar")
    return _tag("npscalar", dtype=str(value.dtype), value=encode(item))


# ------------------------------------------------------------------------------ decoding (grader)


def decode(value: Any, session: Any = None, *, cuda_available: bool | None = None) -> Any:
    """Rebuild a value from data received from the worker. Unknown shapes become Unsendable."""
    if cuda_available is None:
        cuda_available = torch.cuda.is_available()
    return _decode(value, session, cuda_available, 0)


def _decode(value: Any, session: Any, cuda: bool, depth: int) -> Any:
    if depth > MAX_DEPTH + 2:
        return Unsendable("object", "it is nested too deeply")
    if value is None or type(value) in (bool, int, str, float):
        return value
    if type(value) is not dict or KIND not in value:
        return Unsendable(type(value).__name__, "the worker sent something that is not data")
    kind = value[KIND]
    if kind in ("list", "tuple"):
        items = [_decode(item, session, cuda, depth + 1) for item in value.get("items", [])]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        return {key: _decode(item, session, cuda, depth + 1) for key, item in value.get("items", [])}
    if kind == "tensor":
        return _decode_tensor(value, cuda)
    if kind == "ndarray":
        data = value.get("data")
        return data.numpy().astype(np.dtype(str(value.get("dtype"))), copy=False) if type(data) is torch.Tensor else Unsendable("numpy.ndarray", "malformed")
    if kind == "npscalar":
        return np.dtype(str(value.get("dtype"))).type(_decode(value.get("value"), session, cuda, depth + 1))
    if kind == "float":
        return float(str(value.get("repr")))
    if kind == "complex":
        return complex(float(value.get("real")), float(value.get("imag")))
    if kind == "bytes":
        data = value.get("data")
        return bytes(data.tolist()) if type(data) is torch.Tensor else b""
    if kind == "dtype":
        return _decode_dtype(str(value.get("name")))
    if kind == "device":
        return torch.device(str(value.get("name")))
    if kind == "handle" and session is not None:
        return RemoteObject(session, int(value["id"]), str(value.get("type", "object")))
    if kind == "unsendable":
        return Unsendable(str(value.get("type", "object")), str(value.get("reason", "")))
    return Unsendable("object", f"the worker sent an unknown kind of value ({kind!r})")


def _decode_tensor(value: dict, cuda: bool) -> Any:
    data = value.get("data")
    if type(data) is not torch.Tensor:
        return Unsendable("torch.Tensor", "malformed tensor")
    device = torch.device(str(value.get("device", "cpu")))
    if device.type == "cuda":
        if not cuda:
            return Unsendable("torch.Tensor", f"it is on {device}, which this machine does not have")
        data = data.to(device)
    elif device.type != "cpu":
        return Unsendable("torch.Tensor", f"it is on device {device}")
    if value.get("requires_grad") and data.is_floating_point():
        data.requires_grad_(True)
    return data


def _decode_dtype(name: str) -> Any:
    dtype = getattr(torch, name.removeprefix("torch."), None)
    return dtype if isinstance(dtype, torch.dtype) else Unsendable("torch.dtype", name)


# ----------------------------------------------------------------------- arguments (grader -> worker)


def encode_arguments(value: Any) -> Any:
    """Encode a test's arguments; RemoteObjects travel as references to the worker's handles."""
    if isinstance(value, RemoteObject):
        return _tag("ref", id=value._handle)
    if type(value) in (list, tuple):
        return _tag("list" if type(value) is list else "tuple", items=[encode_arguments(v) for v in value])
    if type(value) is dict:
        return _tag("dict", items=[[k, encode_arguments(v)] for k, v in value.items()])
    return encode(value)


def decode_arguments(value: Any, lookup: Callable[[int], Any]) -> Any:
    """Worker side: rebuild arguments, resolving handle references, tensors on their own devices."""
    if type(value) is dict and value.get(KIND) == "ref":
        return lookup(int(value["id"]))
    if type(value) is dict and value.get(KIND) in ("list", "tuple"):
        items = [decode_arguments(v, lookup) for v in value["items"]]
        return items if value[KIND] == "list" else tuple(items)
    if type(value) is dict and value.get(KIND) == "dict":
        return {k: decode_arguments(v, lookup) for k, v in value["items"]}
    return decode(value, cuda_available=True)
