"""Validation never crashes: any document botocore accepts gives a report, never an exception."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ecskit import from_api
from ecskit.models.ecs import (
    Cluster,
    CreateCapacityProviderRequest,
    CreateClusterRequest,
    CreateServiceRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
)
from ecskit.validation import (
    Report,
    validate_capacity_provider,
    validate_cluster,
    validate_run_task,
    validate_service,
    validate_task_definition,
)
from tests.support.strategies import service_model, wire

_ECS = service_model("ecs")


def _doc(shape: str) -> st.SearchStrategy[Any]:
    return wire(_ECS.shape_for(shape))


@given(doc=_doc("RegisterTaskDefinitionRequest"))
def test_task_definitions(doc: dict[str, Any]) -> None:
    assert isinstance(validate_task_definition(from_api(doc, RegisterTaskDefinitionRequest)), Report)


@given(service=_doc("CreateServiceRequest"), taskdef=_doc("RegisterTaskDefinitionRequest"), cluster=_doc("Cluster"))
def test_services_against_any_task_definition_and_cluster(
    service: dict[str, Any], taskdef: dict[str, Any], cluster: dict[str, Any]
) -> None:
    report = validate_service(
        from_api(service, CreateServiceRequest),
        task_definition=from_api(taskdef, RegisterTaskDefinitionRequest),
        cluster=from_api(cluster, Cluster),
    )
    assert isinstance(report, Report)


@given(request=_doc("RunTaskRequest"), taskdef=_doc("RegisterTaskDefinitionRequest"))
def test_run_task(request: dict[str, Any], taskdef: dict[str, Any]) -> None:
    report = validate_run_task(
        from_api(request, RunTaskRequest), task_definition=from_api(taskdef, RegisterTaskDefinitionRequest)
    )
    assert isinstance(report, Report)


@given(cluster=_doc("CreateClusterRequest"), provider=_doc("CreateCapacityProviderRequest"))
def test_clusters_and_capacity_providers(cluster: dict[str, Any], provider: dict[str, Any]) -> None:
    assert isinstance(validate_cluster(from_api(cluster, CreateClusterRequest)), Report)
    assert isinstance(validate_capacity_provider(from_api(provider, CreateCapacityProviderRequest)), Report)
