"""Reading and schema-checking the packaged data files; every problem names the file and field."""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from backcoach.contracts.validator import SchemaViolation, Validator
from backcoach.errors import KnowledgeError

# Plain strings, not pathlib: importing pathlib costs milliseconds on every command-line start.
StrPath = str | os.PathLike[str]
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.join(PACKAGE_DIR, "data")
SCHEMA_DIR = os.path.join(PACKAGE_DIR, "schemas")
CONTRACTS_DIR = os.path.join(os.path.dirname(PACKAGE_DIR), "contracts")


def files_in(folder: StrPath, suffix: str) -> list[str]:
    """The files of a folder whose names end with ``suffix``, sorted."""
    return [os.path.join(folder, name) for name in sorted(os.listdir(folder)) if name.endswith(suffix)]


def read_yaml(path: StrPath) -> Any:
    import yaml  # only when the knowledge is (re)validated, not on a warm start

    name = os.path.basename(path)
    try:
        with open(path, "rb") as handle:
            return yaml.load(handle, Loader=yaml.CSafeLoader)
    except OSError as error:
        raise KnowledgeError(f"{name}: cannot be read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{name}: is not valid YAML ({error})") from None


@cache
def read_json(path: StrPath) -> Any:
    with open(path, "rb") as handle:
        return json.load(handle)


@cache
def validator(schema_name: str) -> Validator:
    return Validator(read_json(os.path.join(SCHEMA_DIR, schema_name)))


def load_checked(path: StrPath, schema_name: str, definition: str | None = None) -> Any:
    """Read a YAML file and validate it; raise KnowledgeError naming the file and the field."""
    document = read_yaml(path)
    try:
        validator(schema_name).validate(document, definition)
    except SchemaViolation as violation:
        where = violation.path or "(top level)"
        raise KnowledgeError(f"{os.path.basename(path)}: {where}: {violation.problem}") from None
    return document


def intake_schema() -> Any:
    return read_json(os.path.join(CONTRACTS_DIR, "intake.schema.json"))


def checkin_schema() -> Any:
    return read_json(os.path.join(CONTRACTS_DIR, "checkin.schema.json"))


def intake_fields(schema: Any | None = None, prefix: str = "") -> set[str]:
    """Every dotted field path of the intake contract (objects contribute their children too)."""
    schema = intake_schema() if schema is None else schema
    fields: set[str] = set()
    for name, child in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        fields.add(path)
        if child.get("type") == "object":
            fields |= intake_fields(child, f"{path}.")
    return fields
