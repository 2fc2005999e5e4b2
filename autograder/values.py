"""Grader-side stand-ins for values that cannot cross from the worker as data.

The worker never sends objects, only data. What it cannot send arrives as one of these
descriptions, so comparisons can say precisely what the student returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Unsendable:
    """A returned value that is not plain data, e.g. a tensor subclass or an object with custom ``__eq__``."""

    type_name: str
    reason: str

    def __repr__(self) -> str:
        return f"<{self.type_name}: {self.reason}>"


class RemoteObject:
    """A handle to an object that lives in the worker (an ``nn.Module``, an optimizer, ...).

    Attribute access gives a callable that invokes the method in the worker; ``get`` reads an
    attribute as data (or as another handle).
    """

    def __init__(self, session: Any, handle: int, type_name: str) -> None:
        object.__setattr__(self, "_session", session)
        object.__setattr__(self, "_handle", handle)
        object.__setattr__(self, "type_name", type_name)

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)

        def method(*args: Any, **kwargs: Any) -> Any:
            return self._session.invoke(("method", self._handle, name), args, kwargs)

        method.__name__ = name
        return method

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.invoke(("handle", self._handle), args, kwargs)

    def get(self, attribute: str) -> Any:
        return self._session.get_attribute(self._handle, attribute)

    def __repr__(self) -> str:
        return f"<student {self.type_name} (in the worker)>"
