"""Contract: list calls page the same on every backend, and the Client walks every page (botocore's paginators on
the boto3 backend, nextToken by hand elsewhere)."""

from __future__ import annotations

import pytest

from ecskit import Client
from ecskit.backends.base import Backend
from ecskit.models.ecs import (
    ContainerDefinition,
    CreateClusterRequest,
    ListClustersRequest,
    ListTaskDefinitionsRequest,
    RegisterTaskDefinitionRequest,
)
from tests.contract.conftest import moto_differs


def test_every_cluster_is_listed_across_pages(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS returns at most maxResults clusters per ListClusters page; moto ignores maxResults")
    names = [f"contract-page-{n}" for n in range(5)]
    for name in names:
        backend.create_cluster(CreateClusterRequest(cluster_name=name))
    client = Client(backend, validate=False)
    pages = list(client.pages(ListClustersRequest(max_results=2)))
    listed = [arn for page in pages for arn in page.cluster_arns or ()]
    assert {arn.rsplit("/", 1)[-1] for arn in listed} >= set(names)
    assert len(listed) == len(set(listed))  # no page repeats another
    assert len(pages) >= 3
    assert set(client.cluster_arns()) == set(listed)


def test_task_definition_revisions_are_listed_across_pages(backend: Backend) -> None:
    request = RegisterTaskDefinitionRequest(
        family="contract-pages", container_definitions=(ContainerDefinition(name="app", image="nginx", memory=64),)
    )
    for _ in range(3):
        backend.register_task_definition(request)
    client = Client(backend, validate=False)
    pages = list(client.pages(ListTaskDefinitionsRequest(family_prefix="contract-pages", max_results=1)))
    revisions = [arn.rsplit(":", 1)[-1] for page in pages for arn in page.task_definition_arns or ()]
    assert revisions == ["1", "2", "3"]
    assert list(client.task_definition_arns(family_prefix="contract-pages")) == [
        arn for page in pages for arn in page.task_definition_arns or ()
    ]
