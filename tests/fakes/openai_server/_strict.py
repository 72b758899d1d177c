"""OpenAI's strict Structured Outputs subset: which schemas it refuses, and whether an answer fits one.

Taken from the "Supported schemas" section of OpenAI's Structured Outputs guide
(platform.openai.com/docs/guides/structured-outputs#supported-schemas):

* the root is an object (not ``anyOf``); every object sets ``additionalProperties: false`` and lists every
  key of ``properties`` in ``required``;
* supported: types string/number/integer/boolean/object/array/null (and lists of them), ``enum``, ``const``,
  ``anyOf``, ``$ref``/``$defs``, ``description``/``title``; ``pattern``/``format`` on strings,
  ``minimum``/``maximum``/``exclusiveMinimum``/``exclusiveMaximum``/``multipleOf`` on numbers and
  ``minItems``/``maxItems`` on arrays, except for fine-tuned models (``ft:...``), which refuse those too;
* everything else is refused, e.g. ``default``, ``minLength``/``maxLength``, ``allOf``/``oneOf``/``not``,
  ``if``/``then``/``else``, ``patternProperties``, ``uniqueItems``.

A refused schema is a 400 ``invalid_request_error`` with ``param: "response_format"`` and ``code: null``, whose
message reads ``Invalid schema for response_format '<name>': In context=(<path>), '<keyword>' is not
permitted.`` (``<path>`` is the Python tuple of keys from the root, ``()`` for the root itself).
"""

from __future__ import annotations

import math
import re
from typing import Any

ALWAYS_ALLOWED = frozenset(
    {"type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf"}
    | {"$ref", "$defs", "definitions", "description", "title", "$schema", "$id"}
)
NOT_FOR_FINE_TUNED = frozenset(
    {"pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
    | {"minItems", "maxItems"}
)
_SUBSCHEMA_MAPS = ("properties", "$defs", "definitions")


def strict_schema_error(name: str, schema: Any, *, model: str) -> str | None:
    """OpenAI's 400 message for a schema strict mode refuses, or None when it is accepted."""
    if not isinstance(schema, dict) or schema.get("type") != "object" or "anyOf" in schema:
        got = schema.get("type") if isinstance(schema, dict) else None
        return (
            f"Invalid schema for response_format '{name}': schema must be a JSON Schema of 'type: \"object\"', "
            f"got 'type: \"{got}\"'."
        )
    allowed = ALWAYS_ALLOWED if model.startswith("ft:") else ALWAYS_ALLOWED | NOT_FOR_FINE_TUNED
    problem = _first_problem(schema, (), allowed)
    if problem is None:
        return None
    path, what = problem
    return f"Invalid schema for response_format '{name}': In context={path!r}, {what}"


def _first_problem(node: Any, path: tuple[str, ...], allowed: frozenset[str]) -> tuple[tuple[str, ...], str] | None:
    if not isinstance(node, dict):
        return None
    for keyword in node:
        if keyword not in allowed:
            return path, f"'{keyword}' is not permitted."
    if node.get("type") == "object" or "properties" in node:
        if node.get("additionalProperties") is not False:
            return path, "'additionalProperties' is required to be supplied and to be false."
        properties = node.get("properties") or {}
        required = node.get("required")
        missing = [key for key in properties if not isinstance(required, list) or key not in required]
        if missing:
            return path, (
                "'required' is required to be supplied and to be an array including every key in properties. "
                f"Missing '{missing[0]}'."
            )
    for key in _SUBSCHEMA_MAPS:
        for child_name, child in (node.get(key) or {}).items():
            found = _first_problem(child, (*path, key, child_name), allowed)
            if found:
                return found
    if "items" in node:
        found = _first_problem(node["items"], (*path, "items"), allowed)
        if found:
            return found
    for index, option in enumerate(node.get("anyOf") or []):
        found = _first_problem(option, (*path, "anyOf", str(index)), allowed)
        if found:
            return found
    return None


def fits(value: Any, schema: dict[str, Any], root: dict[str, Any] | None = None) -> bool:
    """Whether ``value`` is valid against a schema of the strict subset (what strict mode guarantees)."""
    root = schema if root is None else root
    if "$ref" in schema:
        return fits(value, _resolve(schema["$ref"], root), root)
    if "anyOf" in schema and not any(fits(value, option, root) for option in schema["anyOf"]):
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if "const" in schema and value != schema["const"]:
        return False
    kinds = schema.get("type")
    if kinds is not None and not any(_is(value, kind) for kind in ([kinds] if isinstance(kinds, str) else kinds)):
        return False
    return _fits_constraints(value, schema, root)


def _fits_constraints(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False and set(value) - set(properties):
            return False
        if any(key not in value for key in schema.get("required", [])):
            return False
        return all(fits(value[key], sub, root) for key, sub in properties.items() if key in value)
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", math.inf):
            return False
        return "items" not in schema or all(fits(item, schema["items"], root) for item in value)
    if isinstance(value, str) and "pattern" in schema:
        return re.search(schema["pattern"], value) is not None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _fits_number(value, schema)
    return True


def _fits_number(value: float, schema: dict[str, Any]) -> bool:
    step = schema.get("multipleOf")
    return (
        schema.get("minimum", -math.inf) <= value <= schema.get("maximum", math.inf)
        and schema.get("exclusiveMinimum", -math.inf) < value < schema.get("exclusiveMaximum", math.inf)
        and (step is None or math.isclose(value / step, round(value / step)))
    )


def _is(value: Any, kind: str) -> bool:
    checks: dict[str, bool] = {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "null": value is None,
    }
    return checks.get(kind, False)


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#").strip("/").split("/"):
        if part:
            node = node[part]
    return node if isinstance(node, dict) else {}
