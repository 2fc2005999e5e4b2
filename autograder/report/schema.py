"""Validation of results.json against Gradescope's schema (this project's stricter profile)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

PROFILE = "urn:autograder:gradescope-results:v1#/$defs/project_profile"


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema
    from referencing import Registry, Resource

    schema = json.loads(resources.files("autograder.schemas").joinpath("results.schema.json").read_text())
    registry = Registry().with_resource(schema["$id"], Resource.from_contents(schema))
    return jsonschema.Draft202012Validator({"$ref": PROFILE}, registry=registry)


def validation_errors(results: dict) -> list[str]:
    """Human-readable schema violations; empty when the file is valid."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in _validator().iter_errors(results)]


def prepare_validator() -> None:
    """Import jsonschema and build the validator now (0.1-0.2 s), e.g. while the worker starts."""
    _validator()
