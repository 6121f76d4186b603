"""The generated operation tables agree with botocore's service models: every operation of ECS, ECR and ECR Public
is an Operation with its request and response classes, boto3 method, paging and errors, found from its request."""

from __future__ import annotations

import typing
from typing import Any

import botocore.session
import pytest
from botocore import xform_name

from ecskit import UsageError, operation_of
from ecskit.backends.verbs import EcrPublicVerbs, EcrVerbs, EcsVerbs
from ecskit.models import ecr, ecr_public, ecs
from ecskit.models._base import Request
from ecskit.models.ecs import Cluster, CreateClusterRequest, CreateClusterResponse, ListClustersRequest
from ecskit.operations import SERVICES, find_operation, operations

MODULES = {"ecs": ecs, "ecr": ecr, "ecr-public": ecr_public}
VERBS = {"ecs": EcsVerbs, "ecr": EcrVerbs, "ecr-public": EcrPublicVerbs}


def _snake_path(name: str) -> str:
    return ".".join(xform_name(part) for part in name.split("."))


@pytest.mark.parametrize("service", SERVICES)
def test_every_botocore_operation_is_an_operation(service: str) -> None:
    session = botocore.session.get_session()
    model = session.get_service_model(service)
    paginators: dict[str, Any] = session.get_paginator_model(service)._paginator_config  # type: ignore[attr-defined]
    ours = {o.name: o for o in operations(service)}
    assert set(ours) == set(model.operation_names)
    for name in model.operation_names:
        found = ours[name]
        spec = model.operation_model(name)
        assert found.service == service
        assert found.method == xform_name(name)
        assert spec.input_shape is not None
        assert spec.output_shape is not None
        assert found.request is getattr(MODULES[service], spec.input_shape.name)
        assert found.response is getattr(MODULES[service], spec.output_shape.name)
        assert issubclass(found.request, Request)
        assert set(found.errors) == {e.metadata.get("error", {}).get("code", e.name) for e in spec.error_shapes}
        assert operation_of(found.request) is found
        assert find_operation(service, name) is found
        paging = paginators.get(name)
        if paging is None:
            assert found.paging is None, name
        else:
            assert found.paging is not None
            assert found.paging.input_token == xform_name(paging["input_token"])
            assert found.paging.output_token == xform_name(paging["output_token"])
            keys = paging["result_key"] if isinstance(paging["result_key"], list) else [paging["result_key"]]
            assert found.paging.items == tuple(_snake_path(k) for k in keys)
        assert callable(getattr(VERBS[service], found.method)), name


def test_a_request_names_its_response_for_the_type_checker() -> None:
    (base,) = [b for b in CreateClusterRequest.__orig_bases__ if typing.get_origin(b) is Request]  # type: ignore[attr-defined]
    assert typing.get_args(base)[0].__forward_arg__ == "CreateClusterResponse"
    operation = operation_of(CreateClusterRequest(cluster_name="web"))
    assert operation.response is CreateClusterResponse
    assert str(operation) == "ecs CreateCluster"


def test_the_same_name_in_two_services_is_two_operations() -> None:
    assert operation_of(ecs.TagResourceRequest(resource_arn="a", tags=())).service == "ecs"
    assert operation_of(ecr.TagResourceRequest(resource_arn="a", tags=())).service == "ecr"
    assert operation_of(ecr_public.TagResourceRequest(resource_arn="a", tags=())).service == "ecr-public"


def test_paging_of_a_list_operation() -> None:
    paging = operation_of(ListClustersRequest).paging
    assert paging is not None
    assert (paging.input_token, paging.output_token, paging.limit_key, paging.items) == (
        "next_token",
        "next_token",
        "max_results",
        ("cluster_arns",),
    )


def test_anything_else_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="Cluster is not the request of an AWS operation"):
        operation_of(Cluster)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="int is not the request"):
        operation_of(42)  # type: ignore[arg-type]
    assert find_operation("ecs", "NoSuchOperation") is None
    assert find_operation("s3", "ListBuckets") is None
