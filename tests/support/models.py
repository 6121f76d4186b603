"""Models with members of any type: a strategy of arbitrary values and a way to put one anywhere in a model."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

from ecskit.codec._plan import wire_names
from ecskit.codec.paths import join_key
from ecskit.models._base import replace
from ecskit.models.ecs import LaunchType, PortMapping

__all__ = ["anything", "places_in", "set_at"]

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=6),
    st.binary(max_size=4),
    st.datetimes(),
    st.sampled_from([LaunchType.FARGATE, PortMapping(container_port=80), object(), 1j]),
)
#: Values of any type: scalars, and lists, tuples and dicts (any keys) of them.
anything = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=2)
        | st.lists(inner, max_size=2).map(tuple)
        | st.dictionaries(st.one_of(st.text(max_size=4), st.integers()), inner, max_size=2)
    ),
    max_leaves=6,
)


def places_in(value: Any, steps: tuple[Any, ...], path: str, out: list[tuple[tuple[Any, ...], str]]) -> None:
    """Every member, item and map value under ``value``: its steps from the root and its wire path."""
    if attrs.has(type(value)):
        names = wire_names(type(value))
        for a in attrs.fields(type(value)):
            here = join_key(path, names[a.name])
            out.append(((*steps, a.name), here))
            places_in(getattr(value, a.name), (*steps, a.name), here, out)
    elif isinstance(value, tuple):
        for i, x in enumerate(value):
            out.append(((*steps, i), f"{path}[{i}]"))
            places_in(x, (*steps, i), f"{path}[{i}]", out)
    elif isinstance(value, dict):
        for k, x in value.items():
            out.append(((*steps, k), join_key(path, k)))
            places_in(x, (*steps, k), join_key(path, k), out)


def set_at(value: Any, steps: tuple[Any, ...], new: Any) -> Any:
    if not steps:
        return new
    head, rest = steps[0], steps[1:]
    if attrs.has(type(value)):
        return replace(value, **{head: set_at(getattr(value, head), rest, new)})
    if isinstance(value, tuple):
        return (*value[:head], set_at(value[head], rest, new), *value[head + 1 :])
    return {**value, head: set_at(value[head], rest, new)}
