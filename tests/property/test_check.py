"""check() on models with members of any type: FieldErrors or nothing, never another exception.

The oracle is the codec itself: a model that check() passes must write with to_api and read back with from_api.
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.codec import check, from_api, to_api
from ecskit.codec._plan import wire_names
from ecskit.codec.paths import join_key
from ecskit.errors import FieldError
from ecskit.models._base import replace
from ecskit.models.ecr import PutLifecyclePolicyRequest, Repository
from ecskit.models.ecs import (
    Cluster,
    ContainerDefinition,
    CreateServiceRequest,
    LaunchType,
    PortMapping,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
    Task,
)
from tests.support.strategies import service_model, wire

CLASSES: list[tuple[str, type[Any]]] = [
    ("ecs", RegisterTaskDefinitionRequest),
    ("ecs", ContainerDefinition),
    ("ecs", CreateServiceRequest),
    ("ecs", RunTaskRequest),
    ("ecs", Cluster),
    ("ecs", Task),
    ("ecr", PutLifecyclePolicyRequest),
    ("ecr", Repository),
]

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


def _places(value: Any, steps: tuple[Any, ...], path: str, out: list[tuple[tuple[Any, ...], str]]) -> None:
    """Every member, item and map value under ``value``: its steps from the root and its wire path."""
    if attrs.has(type(value)):
        names = wire_names(type(value))
        for a in attrs.fields(type(value)):
            here = join_key(path, names[a.name])
            out.append(((*steps, a.name), here))
            _places(getattr(value, a.name), (*steps, a.name), here, out)
    elif isinstance(value, tuple):
        for i, x in enumerate(value):
            out.append(((*steps, i), f"{path}[{i}]"))
            _places(x, (*steps, i), f"{path}[{i}]", out)
    elif isinstance(value, dict):
        for k, x in value.items():
            out.append(((*steps, k), join_key(path, k)))
            _places(x, (*steps, k), join_key(path, k), out)


def _set(value: Any, steps: tuple[Any, ...], new: Any) -> Any:
    if not steps:
        return new
    head, rest = steps[0], steps[1:]
    if attrs.has(type(value)):
        return replace(value, **{head: _set(getattr(value, head), rest, new)})
    if isinstance(value, tuple):
        return (*value[:head], _set(value[head], rest, new), *value[head + 1 :])
    return {**value, head: _set(value[head], rest, new)}


def _round_trips(model: Any) -> bool:
    try:
        from_api(to_api(model), type(model))
    except Exception:  # the oracle: anything the codec cannot write and read back
        return False
    return True


@pytest.mark.parametrize(("service", "cls"), CLASSES, ids=[c.__name__ for _, c in CLASSES])
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_any_member_of_any_type_gives_field_errors_or_nothing(
    service: str, cls: type[Any], data: st.DataObject
) -> None:
    model = from_api(data.draw(wire(service_model(service).shape_for(cls.__name__))), cls)
    assert check(model) == ()  # built by from_api from valid data
    places: list[tuple[tuple[Any, ...], str]] = []
    _places(model, (), "", places)
    steps, path = data.draw(st.sampled_from(places))
    bad = _set(model, steps, data.draw(anything))
    errors = check(bad)
    assert all(isinstance(e, FieldError) for e in errors)
    # Only the replaced member can be wrong, and what check passes the codec writes and reads back.
    assert all(e.path == path or e.path.startswith((f"{path}.", f"{path}[")) for e in errors), (path, errors)
    if not errors:
        assert _round_trips(bad)


@settings(max_examples=20, deadline=None)
@given(when=st.datetimes() | st.datetimes(timezones=st.just(datetime.UTC)))
def test_any_datetime_is_a_timestamp(when: datetime.datetime) -> None:
    assert check(Task(created_at=when)) == ()
