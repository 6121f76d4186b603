"""Validation of models built in Python: any member of any type gives a Report, never another exception.

The schema check runs before the rules, so no rule meets a value of the wrong type (a TypeError or AttributeError
from inside a rule would fail these tests).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.codec import from_api
from ecskit.models.ecs import (
    CreateCapacityProviderRequest,
    CreateClusterRequest,
    CreateServiceRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
    UpdateServiceRequest,
)
from ecskit.validation import Report, validate_request
from tests.support.models import anything, places_in, set_at
from tests.support.rulecases import fargate_taskdef
from tests.support.strategies import service_model, wire

REQUESTS = [
    RegisterTaskDefinitionRequest,
    CreateServiceRequest,
    UpdateServiceRequest,
    RunTaskRequest,
    CreateClusterRequest,
    CreateCapacityProviderRequest,
]


@pytest.mark.parametrize("cls", REQUESTS, ids=[c.__name__ for c in REQUESTS])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_member_of_any_type_gives_a_report(cls: type[Any], data: st.DataObject) -> None:
    model = from_api(data.draw(wire(service_model("ecs").shape_for(cls.__name__))), cls)
    places: list[tuple[tuple[Any, ...], str]] = []
    places_in(model, (), "", places)
    steps, path = data.draw(st.sampled_from(places))
    bad = set_at(model, steps, data.draw(anything))
    report = validate_request(bad, task_definition=fargate_taskdef())
    assert isinstance(report, Report)
    schema = [f for f in report if f.rule.startswith("schema-")]
    # When the schema check finds a problem, it is at the replaced member and no other rule ran.
    assert all(f.path == path or f.path.startswith((f"{path}.", f"{path}[")) for f in schema), (path, schema)
    if schema:
        assert len(schema) == len(report)
