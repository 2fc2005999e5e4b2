"""The wire between the grader and the worker: framed messages that carry data, never objects.

Every message is an 8-byte length followed by JSON for the structure and raw bytes for the
tensors it holds (see :func:`dumps`); reading it back runs no pickle and builds only JSON values
and tensors of known dtypes. Values that are not plain data are
tagged on the way out (``encode``) and rebuilt on the way in (``decode``), so nothing the student
defines can run in the grader: a student class becomes a handle, a tensor subclass becomes an
:class:`~autograder.values.Unsendable` description.

The student's code runs in the same process as the encoder and can replace it, so the grader
trusts nothing it reads: sizes are checked against the frame and the limits below before anything
is allocated, and decoding accepts only what the encoder writes. Anything else raises
:class:`MalformedReply` (or :class:`FrameTooLarge`), which the session reports as the submission's failure.
"""

from __future__ import annotations

import json
import math
import os
import re
import select
import struct
import time
from typing import Any, Callable

import numpy as np
import torch

from autograder.values import RemoteObject, Unsendable

HEADER = struct.Struct(">Q")
MAX_FRAME_BYTES = 128 * 1024 * 1024  # far above any honest result; keeps the grader's memory bounded
# The JSON part of a message (tensors travel apart from it): its bytes, and how many values it may hold.
# Parsed, a value costs up to ~25 times its bytes on the wire ("[]," is 3 bytes, an empty list 64), so
# both are capped before parsing; an honest reply is a few KB plus one value per list item it returns.
MAX_HEADER_BYTES = 16 * 1024 * 1024
MAX_VALUES = 1_000_000
MAX_DEPTH = 32
MAX_JSON_DEPTH = 3 * (MAX_DEPTH + 2) + 8  # a dict costs 3 JSON levels per level of nesting (tag, items, pair)
KIND = "__kind__"


class ChannelClosed(EOFError):
    """The other side closed the channel (or died) before a full message arrived."""


class ChannelTimeout(TimeoutError):
    """No complete message arrived in time."""


class FrameTooLarge(ValueError):
    """A message announced more bytes (or more values) than the grader accepts."""


class MalformedReply(ValueError):
    """A message breaks the protocol: the honest encoder never writes it, so the worker was tampered with."""


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


def loads(payload: bytes | bytearray) -> Any:
    """Parse a payload: JSON plus byte buffers rebuilt as tensors of allowed dtypes, nothing else.

    The payload may come from a worker the student's code has taken over, so every size it declares
    is checked against its actual length and the limits above before anything is allocated for it.
    Raises :class:`MalformedReply` (or :class:`FrameTooLarge`) for anything else.
    """
    if len(payload) < 8:
        raise MalformedReply("the message is truncated")
    header_size, table_size = struct.unpack(">II", payload[:8])
    if header_size > MAX_HEADER_BYTES or table_size > MAX_HEADER_BYTES:
        raise FrameTooLarge(f"its description takes {max(header_size, table_size)} bytes, over the limit of "
                            f"{MAX_HEADER_BYTES} bytes (tensors travel apart from it; long Python lists do not)")
    if 8 + header_size + table_size > len(payload):
        raise MalformedReply("the message is shorter than its header says")
    header = _parse_json(payload[8:8 + header_size])
    sizes = _parse_json(payload[8 + header_size:8 + header_size + table_size])
    if type(sizes) is not list or not all(type(n) is int and n >= 0 for n in sizes):
        raise MalformedReply("its table of buffers is malformed")
    offsets, position = [], 8 + header_size + table_size
    for size in sizes:
        offsets.append((position, size))
        position += size
    if position != len(payload):
        raise MalformedReply("its length does not match the sizes of its buffers")
    used: set[int] = set()

    def land(node: Any, depth: int) -> Any:
        if depth > MAX_JSON_DEPTH:
            raise MalformedReply("it is nested too deeply")
        if type(node) is dict:
            if node.get(KIND) == "buffer":
                return _tensor_from(payload, offsets, used, node)
            return {k: land(v, depth + 1) for k, v in node.items()}
        if type(node) is list:
            return [land(v, depth + 1) for v in node]
        return node

    return land(header, 0)


def _parse_json(raw: bytes | bytearray) -> Any:
    """Strict UTF-8 JSON whose count of values is bounded before it is parsed (3 bytes can cost 64 in Python)."""
    values = raw.count(b",") + raw.count(b"[") + raw.count(b"{")  # bounds the number of values it can hold
    if values > MAX_VALUES:
        raise FrameTooLarge(f"it holds too many values, over {MAX_VALUES:,} numbers, strings, lists and dicts "
                            "(return a tensor instead of a long Python list)")
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise MalformedReply("it is nested too deeply") from None
    except ValueError as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors; so is a 5000-digit int
        raise MalformedReply(f"it is not valid JSON: {str(error)[:80]}") from None


_DTYPES = {name: getattr(torch, name) for name in (
    "float16", "bfloat16", "float32", "float64", "complex64", "complex128", "uint8", "int8", "int16", "int32",
    "int64", "bool", "uint16", "uint32", "uint64")}
MAX_DIMENSIONS = 64  # torch's own limit


def _tensor_from(payload: bytes | bytearray, offsets: list[tuple[int, int]], used: set[int], node: dict) -> torch.Tensor:
    """One buffer as a tensor, after its dtype, shape and byte count agree with each other and with the frame."""
    _expect_fields(node, {KIND, "index", "dtype", "shape"}, "buffer")
    index, dtype_name, shape = node["index"], node["dtype"], node["shape"]
    if type(index) is not int or not 0 <= index < len(offsets):
        raise MalformedReply("a tensor names a buffer that is not in the message")
    if index in used:  # each buffer is one tensor's bytes: naming it twice would copy it once per name
        raise MalformedReply("two tensors name the same buffer")
    used.add(index)
    if type(dtype_name) is not str or dtype_name not in _DTYPES:
        raise MalformedReply(f"a tensor has a dtype the protocol does not carry ({_short(dtype_name)})")
    if (type(shape) is not list or len(shape) > MAX_DIMENSIONS
            or not all(type(n) is int and 0 <= n < 2**62 for n in shape)):
        raise MalformedReply("a tensor's shape is malformed")
    dtype = _DTYPES[dtype_name]
    start, size = offsets[index]
    if math.prod(shape) * _ITEMSIZE[dtype_name] != size:
        raise MalformedReply(f"a tensor's shape {shape} and dtype {dtype_name} do not match its {size} bytes")
    if size == 0:
        return torch.empty(shape, dtype=dtype)
    if isinstance(payload, bytearray):  # a received frame: one aligned copy of this tensor, not of the frame
        raw = torch.frombuffer(payload, dtype=torch.uint8, count=size, offset=start).clone()
    else:
        raw = torch.frombuffer(bytearray(payload[start:start + size]), dtype=torch.uint8)
    if dtype is torch.bool and bool((raw > 1).any()):  # any other byte is a bool torch would misread
        raise MalformedReply("a bool tensor holds bytes other than 0 and 1")
    return raw.view(dtype).reshape(shape)


_ITEMSIZE = {name: torch.empty(0, dtype=dtype).element_size() for name, dtype in _DTYPES.items()}


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
    if value.dtype.name not in NUMPY_DTYPES or not value.dtype.isnative:
        return _tag("unsendable", type="numpy.ndarray", reason=f"its dtype {value.dtype} has no tensor equivalent")
    data = torch.from_numpy(np.ascontiguousarray(value).copy())
    return _tag("ndarray", data=data, dtype=value.dtype.name)


def _encode_numpy_scalar(value: np.generic) -> dict:
    item = value.item()
    if value.dtype.name not in NUMPY_DTYPES or type(item) not in (bool, int, float, complex):
        return _tag("unsendable", type=_type_name(value), reason="it is not a numeric numpy scalar")
    return _tag("npscalar", dtype=value.dtype.name, value=encode(item))


# ------------------------------------------------------------------------------ decoding (grader)
#
# What arrives may have been written by the student's code (it shares the worker process with the
# encoder and can replace it), so decoding accepts only what the encoder above writes: each kind with
# exactly its fields, of their types, dtypes and devices from fixed lists. Anything else raises
# MalformedReply, which the session reports as the submission's failure.

# numpy dtypes that travel (as the tensor of the same dtype): the numeric ones torch.from_numpy takes.
NUMPY_DTYPES = frozenset(("bool", "uint8", "int8", "int16", "int32", "int64", "uint16", "uint32", "uint64",
                          "float16", "float32", "float64", "complex64", "complex128"))
TORCH_DTYPES = {str(d): d for d in vars(torch).values() if isinstance(d, torch.dtype)}
TENSOR_DEVICE = re.compile(r"(cpu|cuda)(:[0-9]{1,3})?")
DEVICE_NAME = re.compile(r"[a-z_]{1,20}(:[0-9]{1,3})?")
NON_FINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
KEY_TYPES = (str, int, bool, type(None))  # what the encoder accepts as dict keys
MAX_NAME = 200  # characters of a type name or reason kept for messages
FIELDS = {  # kind -> (field -> accepted types); every field is required
    "list": {"items": (list,)}, "tuple": {"items": (list,)}, "dict": {"items": (list,)},
    "tensor": {"data": (torch.Tensor,), "device": (str,), "requires_grad": (bool,)},
    "ndarray": {"data": (torch.Tensor,), "dtype": (str,)},
    "npscalar": {"dtype": (str,), "value": (bool, int, float, dict)},
    "float": {"repr": (str,)}, "complex": {"real": (int, float), "imag": (int, float)},
    "bytes": {"data": (torch.Tensor,)}, "dtype": {"name": (str,)}, "device": {"name": (str,)},
    "handle": {"id": (int,), "type": (str,)}, "unsendable": {"type": (str,), "reason": (str,)},
}


def decode(value: Any, session: Any = None, *, cuda_available: bool | None = None) -> Any:
    """Rebuild a value from data received from the worker; raise MalformedReply for anything it never sends."""
    if cuda_available is None:
        cuda_available = torch.cuda.is_available()
    try:
        return _decode(value, session, cuda_available, 0)
    except MalformedReply:
        raise
    except (ValueError, TypeError, OverflowError, RuntimeError) as error:  # a check above missed a case: still data's fault
        raise MalformedReply(f"{type(error).__name__}: {str(error)[:MAX_NAME]}") from None


def _decode(value: Any, session: Any, cuda: bool, depth: int) -> Any:
    """Rebuild one value; handles need the ``session`` they belong to (None: data only)."""
    if depth > MAX_DEPTH + 2:  # the encoder stops at MAX_DEPTH
        raise MalformedReply("it is nested too deeply")
    if value is None or type(value) in (bool, int, str, float):
        return value
    if type(value) is not dict or type(value.get(KIND)) is not str:
        raise MalformedReply(f"it holds a bare {type(value).__name__} where a tagged value belongs")
    kind = value[KIND]
    if kind not in FIELDS:
        raise MalformedReply(f"it holds a value of unknown kind {_short(kind)}")
    _expect_fields(value, {KIND, *FIELDS[kind]}, kind)
    for name, types in FIELDS[kind].items():
        if type(value[name]) not in types:
            raise MalformedReply(f"the field {name!r} of a {kind} is a {type(value[name]).__name__}")
    if kind in ("list", "tuple"):
        items = [_decode(item, session, cuda, depth + 1) for item in value["items"]]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        return _decode_dict(value["items"], session, cuda, depth)
    if kind == "tensor":
        return _decode_tensor(value, cuda)
    if kind == "ndarray":
        return _decode_ndarray(value["data"], value["dtype"])
    if kind == "npscalar":
        return _decode_numpy_scalar(value["dtype"], _decode(value["value"], session, cuda, depth + 1))
    if kind == "float":
        if value["repr"] not in NON_FINITE:
            raise MalformedReply(f"a tagged float is {_short(value['repr'])}, not nan or inf")
        return NON_FINITE[value["repr"]]
    if kind == "complex":
        return complex(value["real"], value["imag"])
    if kind == "bytes":
        data = value["data"]
        if data.dtype != torch.uint8 or data.dim() != 1:
            raise MalformedReply("bytes that are not a flat uint8 buffer")
        return data.numpy().tobytes()
    if kind == "dtype":
        if value["name"] not in TORCH_DTYPES:
            raise MalformedReply(f"an unknown torch dtype {_short(value['name'])}")
        return TORCH_DTYPES[value["name"]]
    if kind == "device":
        return _device(value["name"], DEVICE_NAME)
    if kind == "handle":
        if session is None or value["id"] < 1:
            raise MalformedReply("an object handle where only data belongs")
        return RemoteObject(session, value["id"], value["type"][:MAX_NAME])
    return Unsendable(value["type"][:MAX_NAME], value["reason"][:MAX_NAME * 5])  # kind == "unsendable"


def _expect_fields(node: dict, fields: set[str], kind: str) -> None:
    """Exactly the fields the encoder writes for this kind: none missing, none added."""
    if set(node) != fields:
        missing, extra = sorted(fields - set(node)), sorted(map(str, set(node) - fields))
        raise MalformedReply(f"a {kind} value " + (f"lacks the field(s) {', '.join(missing)}" if missing else
                                                    f"has unknown field(s) {_short(', '.join(extra))}"))


def _decode_dict(pairs: list, session: Any, cuda: bool, depth: int) -> dict:
    result = {}
    for pair in pairs:
        if type(pair) is not list or len(pair) != 2 or type(pair[0]) not in KEY_TYPES:
            raise MalformedReply("a dict entry is not a [key, value] pair with a string or number key")
        result[pair[0]] = _decode(pair[1], session, cuda, depth + 1)
    return result


def _decode_tensor(value: dict, cuda: bool) -> Any:
    data, requires_grad = value["data"], value["requires_grad"]
    device = _device(value["device"], TENSOR_DEVICE)
    if device.type == "cuda":
        if not cuda or (device.index or 0) >= torch.cuda.device_count():
            return Unsendable("torch.Tensor", f"it is on {device}, which this machine does not have")
        data = data.to(device)
    if requires_grad:
        if not (data.is_floating_point() or data.is_complex()):
            raise MalformedReply(f"a {data.dtype} tensor that requires grad")
        data.requires_grad_(True)
    return data


def _device(name: str, allowed: re.Pattern) -> torch.device:
    """A device named as str(torch.device) writes it, from the allowed types only."""
    if not allowed.fullmatch(name):
        raise MalformedReply(f"a device named {_short(name)}")
    try:
        device = torch.device(name)
    except RuntimeError:
        raise MalformedReply(f"a device named {_short(name)}") from None
    if str(device) != name:
        raise MalformedReply(f"a device named {_short(name)}")
    return device


def _decode_ndarray(data: torch.Tensor, dtype: str) -> np.ndarray:
    """The array is the tensor's own memory: its dtype must be the one declared, nothing is converted."""
    if dtype not in NUMPY_DTYPES or TORCH_DTYPES.get(f"torch.{dtype}") != data.dtype:
        raise MalformedReply(f"an array of dtype {_short(dtype)} carried as a {data.dtype} tensor")
    return data.numpy()


def _decode_numpy_scalar(dtype: str, value: Any) -> np.generic:
    if dtype not in NUMPY_DTYPES or type(value) not in (bool, int, float, complex):
        raise MalformedReply(f"a numpy scalar of dtype {_short(dtype)} holding a {type(value).__name__}")
    try:
        return np.dtype(dtype).type(value)
    except (OverflowError, TypeError, ValueError):
        raise MalformedReply(f"a numpy {dtype} that cannot hold {_short(value)}") from None


def _short(value: Any) -> str:
    """A hostile value, quoted in a message at a bounded length."""
    text = repr(value[:60] if type(value) is str else value)
    return text if len(text) <= 60 else text[:57] + "..."


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
