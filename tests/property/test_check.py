"""check() on models with members of any type: FieldErrors or nothing, never another exception.

The oracle is the codec itself: a model that check() passes must write with to_api and read back with from_api.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.codec import check, from_api, to_api
from ecskit.errors import FieldError
from ecskit.models.ecr import PutLifecyclePolicyRequest, Repository
from ecskit.models.ecs import (
    Cluster,
    ContainerDefinition,
    CreateServiceRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
    Task,
)
from tests.support.models import anything, places_in, set_at
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
    places_in(model, (), "", places)
    steps, path = data.draw(st.sampled_from(places))
    bad = set_at(model, steps, data.draw(anything))
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
