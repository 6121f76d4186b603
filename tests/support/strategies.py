"""Hypothesis strategies for wire documents, built from botocore's own shape model (the source of truth)."""

from __future__ import annotations

import datetime
from typing import Any

import botocore.session
from hypothesis import strategies as st

MAX_DEPTH = 4
_SESSION = botocore.session.get_session()

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


def service_model(name: str) -> Any:
    """botocore's service model of ``ecs`` or ``ecr``."""
    return _SESSION.get_service_model(name)


def wire(shape: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Valid wire values of a botocore shape, as boto3 takes them (within botocore's min/max rules)."""
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        required = set(shape.required_members)
        members = shape.members
        fixed = {n: wire(members[n], depth + 1) for n in required}
        optional = (
            {} if depth >= MAX_DEPTH else {n: wire(m, depth + 1) for n, m in members.items() if n not in required}
        )
        return st.fixed_dictionaries(fixed, optional=optional)
    if kind == "list":
        low = meta.get("min", 0)
        if depth >= MAX_DEPTH and low == 0:
            return st.just([])
        return st.lists(wire(shape.member, depth + 1), min_size=low, max_size=max(low, 2))
    if kind == "map":
        return st.dictionaries(wire(shape.key, depth + 1), wire(shape.value, depth + 1), max_size=2)
    if kind == "string":
        if shape.enum:
            return st.sampled_from(list(shape.enum))
        low = meta.get("min", 0)
        return st.text(min_size=low, max_size=max(low, 12))
    if kind in ("integer", "long"):
        return st.integers(min_value=meta.get("min", -(2**31)), max_value=2**31 - 1)
    if kind == "boolean":
        return st.booleans()
    if kind in ("double", "float"):
        return st.floats(min_value=meta.get("min"), allow_nan=False, allow_infinity=False)
    if kind == "timestamp":
        return st.datetimes(timezones=st.just(datetime.UTC))
    if kind == "blob":
        return st.binary(max_size=16)
    if kind == "document":
        return json_values
    raise AssertionError(f"unexpected shape type {kind}")


def paths_in(document: Any) -> list[tuple[Any, ...]]:
    """Every place in JSON data, as the keys and indexes that lead there (the root is ``()``), in document order."""
    paths: list[tuple[Any, ...]] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))

    walk(document, ())
    return paths


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    """JSON data with the value at ``path`` (see :func:`paths_in`) replaced by ``new``; ``value`` is not changed."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: replaced(value[head], rest, new)}
    copy = list(value)
    copy[head] = replaced(value[head], rest, new)
    return copy


def mutate(document: Any) -> st.SearchStrategy[Any]:
    """The document with one value (at any depth) replaced by an arbitrary JSON value, or a key added."""
    return st.builds(replaced, st.just(document), st.sampled_from(paths_in(document)), json_values)
