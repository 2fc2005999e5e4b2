"""Read a Gradescope export's ``submission_metadata.yml``: who submitted which ``submission_NNN`` folder.

Only a TA's export carries this file (see :mod:`autograder.grading.sources`), but it is still read
as hostile: it is YAML, which can describe a billion strings in 400 bytes through aliases, and its
values end up in results files, the gradebook and the report. So the file is size-capped, a
document that uses any alias is refused, only the fields we use are kept, each as a short string,
and anything unreadable is a :class:`MetadataError` with a message, never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml

GRADESCOPE_METADATA = "submission_metadata.yml"
SUBMISSION_FOLDER = re.compile(r"submission_[0-9]{1,20}")
MAX_METADATA_BYTES = 4 * 1024 * 1024
"""About 20,000 submissions' worth of Gradescope's metadata, and a few seconds of YAML parsing."""
MAX_FIELD_CHARS = 200
MAX_SUBMITTERS = 50
PERSON_FIELDS = ("name", "email", "sid")
SUBMISSION_FIELDS = ("created_at", "status")

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class MetadataError(ValueError):
    """``submission_metadata.yml`` cannot be used; the message says why, for the TA."""


class NoAliasLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML's safe loader, refusing any document in which a node is reached twice (an alias).

    Aliases share one node, so the parsed document stays small, but every consumer that walks it
    (``str()``, JSON, CSV) expands each use in full: "billion laughs". Gradescope never writes
    aliases, so a document with one is refused outright, before anything is built from it.
    """

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _refuse_shared_nodes(node)
        return self.construct_document(node)


def _refuse_shared_nodes(root: yaml.Node) -> None:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise MetadataError("it uses YAML aliases (*name), which Gradescope never writes")
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


@dataclass(frozen=True)
class ExportMetadata:
    """Who submitted each ``submission_NNN`` folder, and the top-level keys that name no such folder."""

    submissions: dict[str, dict[str, Any]]
    ignored: list[str]


def read_export_metadata(data: bytes | str) -> ExportMetadata:
    """``submission_metadata.yml`` as {"submission_NNN": {"submission_id", "submitters", "created_at", ...}}.

    Gradescope writes Ruby-style keys (``:submitters``, ``:name``); plain keys are accepted too.
    A key that is not a ``submission_NNN`` folder name is never used (it could be ``../x``): it is
    listed in ``ignored`` for the TA. Raises :class:`MetadataError` when the file is too large, not
    UTF-8, not YAML, uses aliases, or is not a mapping.
    """
    submissions, ignored = {}, []
    for folder, entry in parse_yaml(data).items():
        folder = str(folder)
        if SUBMISSION_FOLDER.fullmatch(folder):
            submissions[folder] = _entry(folder, entry)
        else:
            ignored.append(folder)
    return ExportMetadata(submissions, ignored)


def parse_yaml(data: bytes | str) -> dict:
    """The file's top-level mapping, parsed with every limit above applied."""
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > MAX_METADATA_BYTES:
        raise MetadataError(f"it is larger than {MAX_METADATA_BYTES:,} bytes, far more than a class's metadata needs")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise MetadataError(f"it is not UTF-8 text (byte {error.start} cannot be decoded)") from None
    try:
        raw = yaml.load(data, Loader=NoAliasLoader)  # noqa: S506 - a safe loader that also refuses aliases
    except MetadataError:
        raise
    except yaml.YAMLError as error:
        raise MetadataError(f"it is not valid YAML ({_yaml_problem(error)})") from None
    except (RecursionError, ValueError, TypeError, OverflowError) as error:
        raise MetadataError(f"it could not be read ({type(error).__name__}: {_first_line(error)})") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise MetadataError(f"it holds a {type(raw).__name__}, not a mapping of submission folders")
    return raw


def _entry(folder: str, entry: Any) -> dict[str, Any]:
    entry = _plain_keys(entry) if isinstance(entry, dict) else {}
    people = entry.get("submitters")
    submitters = []
    for person in (people if isinstance(people, list) else [])[:MAX_SUBMITTERS]:
        person = _plain_keys(person) if isinstance(person, dict) else {}
        fields = {key: _field(person.get(key)) for key in PERSON_FIELDS}
        submitters.append({key: value for key, value in fields.items() if value is not None})
    info: dict[str, Any] = {"submission_id": folder.removeprefix("submission_"), "submitters": submitters}
    for key in SUBMISSION_FIELDS:
        value = _field(entry.get(key))
        if value is not None:
            info[key] = value
    return info


def _plain_keys(mapping: dict) -> dict:
    return {str(key).lstrip(":"): value for key, value in mapping.items()}


def _field(value: Any) -> str | None:
    """A scalar as a string of at most MAX_FIELD_CHARS characters; None for nothing or a structure."""
    if isinstance(value, (datetime, date)):
        value = value.isoformat()
    elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value)
    return text if len(text) <= MAX_FIELD_CHARS else text[:MAX_FIELD_CHARS - 1] + "\u2026"


def _yaml_problem(error: yaml.YAMLError) -> str:
    problem, mark = getattr(error, "problem", None), getattr(error, "problem_mark", None)
    if not problem:
        return _first_line(error)
    return f"{problem}, line {mark.line + 1}" if mark is not None else str(problem)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().split("\n", 1)[0]
    return text if len(text) <= 160 else text[:157] + "..."
