"""Contract: clusters behave the same on every backend."""

from __future__ import annotations

import pytest

from ecskit.backends.base import Backend
from ecskit.errors import InvalidRequestError, NotFoundError
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    ClusterField,
    ClusterServiceConnectDefaultsRequest,
    CreateClusterRequest,
    DeleteClusterRequest,
    DescribeClustersRequest,
    ListClustersRequest,
    PutClusterCapacityProvidersRequest,
)
from tests.contract.conftest import moto_differs


def test_create_describe_list_delete(backend: Backend) -> None:
    created = backend.create_cluster(CreateClusterRequest(cluster_name="contract-web")).cluster
    assert created is not None
    assert created.cluster_name == "contract-web"
    assert created.status == "ACTIVE"
    assert (created.cluster_arn or "").endswith(":cluster/contract-web")
    described = backend.describe_clusters(DescribeClustersRequest(clusters=("contract-web",))).clusters or ()
    assert [c.cluster_arn for c in described] == [created.cluster_arn]
    assert created.cluster_arn in (backend.list_clusters(ListClustersRequest()).cluster_arns or ())
    deleted = backend.delete_cluster(DeleteClusterRequest(cluster="contract-web")).cluster
    assert deleted is not None
    assert deleted.status == "INACTIVE"


def test_deleted_cluster_is_still_listed_and_described(backend: Backend) -> None:
    # "Clusters with an INACTIVE status might remain discoverable in your account for a period of time" (the API
    # reference of DeleteCluster): ListClusters lists them (gruntwork-io/cloud-nuke#145 and #146 filter the clusters
    # ListClusters gives by their status, as TagResource refused an INACTIVE one), DescribeClusters describes them.
    created = backend.create_cluster(CreateClusterRequest(cluster_name="contract-gone")).cluster
    assert created is not None
    backend.delete_cluster(DeleteClusterRequest(cluster="contract-gone"))
    assert created.cluster_arn in (backend.list_clusters(ListClustersRequest()).cluster_arns or ())
    shown = backend.describe_clusters(DescribeClustersRequest(clusters=("contract-gone",))).clusters or ()
    assert [(c.cluster_arn, c.status) for c in shown] == [(created.cluster_arn, "INACTIVE")]


def test_create_is_idempotent(backend: Backend) -> None:
    first = backend.create_cluster(CreateClusterRequest(cluster_name="contract-same")).cluster
    again = backend.create_cluster(CreateClusterRequest(cluster_name="contract-same")).cluster
    assert first is not None
    assert again is not None
    assert first.cluster_arn == again.cluster_arn
    backend.delete_cluster(DeleteClusterRequest(cluster="contract-same"))


def test_describe_unknown_cluster_is_a_failure(backend: Backend) -> None:
    response = backend.describe_clusters(DescribeClustersRequest(clusters=("contract-none",)))
    assert response.clusters == ()
    assert [f.reason for f in response.failures or ()] == ["MISSING"]


def test_delete_unknown_cluster(backend: Backend) -> None:
    with pytest.raises(NotFoundError) as info:
        backend.delete_cluster(DeleteClusterRequest(cluster="contract-none"))
    assert info.value.code == "ClusterNotFoundException"


def test_unknown_capacity_provider_is_rejected(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS rejects a capacity provider that does not exist; moto accepts any name")
    backend.create_cluster(CreateClusterRequest(cluster_name="contract-cps"))
    try:
        with pytest.raises(InvalidRequestError) as info:
            backend.put_cluster_capacity_providers(
                PutClusterCapacityProvidersRequest(
                    cluster="contract-cps",
                    capacity_providers=("nope",),
                    default_capacity_provider_strategy=(CapacityProviderStrategyItem(capacity_provider="nope"),),
                )
            )
        assert info.value.code == "InvalidParameterException"
    finally:
        backend.delete_cluster(DeleteClusterRequest(cluster="contract-cps"))


def test_service_connect_defaults_show_the_namespace_arn(backend: Backend, request: pytest.FixtureRequest) -> None:
    # CreateCluster's serviceConnectDefaults names a Cloud Map namespace; the cluster shows its ARN
    # (ClusterServiceConnectDefaults.namespace: "The namespace name or full Amazon Resource Name (ARN)", shown as
    # the namespace's ARN once the cluster has it)
    moto_differs(request, "AWS shows the namespace's ARN in the cluster's serviceConnectDefaults; moto echoes the name")
    made = backend.create_cluster(
        CreateClusterRequest(
            cluster_name="contract-sc", service_connect_defaults=ClusterServiceConnectDefaultsRequest(namespace="shop")
        )
    ).cluster
    try:
        assert made is not None
        assert made.service_connect_defaults is not None
        assert (made.service_connect_defaults.namespace or "").startswith("arn:aws:servicediscovery:us-east-1:")
        shown = backend.describe_clusters(DescribeClustersRequest(clusters=("contract-sc",))).clusters or ()
        assert shown[0].service_connect_defaults == made.service_connect_defaults
    finally:
        backend.delete_cluster(DeleteClusterRequest(cluster="contract-sc"))


def test_statistics_and_settings_when_asked_for(backend: Backend, request: pytest.FixtureRequest) -> None:
    # DescribeClusters' include: "If STATISTICS is specified, the task and service count is included, separated by
    # launch type"; "If SETTINGS is specified, the settings for the cluster are included"
    moto_differs(request, "AWS adds the counts by launch type with include=STATISTICS; moto answers no statistics")
    backend.create_cluster(CreateClusterRequest(cluster_name="contract-stats"))
    try:
        asked = DescribeClustersRequest(
            clusters=("contract-stats",), include=(ClusterField.STATISTICS, ClusterField.SETTINGS)
        )
        (shown,) = backend.describe_clusters(asked).clusters or ()
        counts = {s.name: s.value for s in shown.statistics or ()}
        assert counts["runningFargateTasksCount"] == "0"
        assert counts["activeEC2ServiceCount"] == "0"
        assert [s.name for s in shown.settings or ()] == ["containerInsights"]
    finally:
        backend.delete_cluster(DeleteClusterRequest(cluster="contract-stats"))


@pytest.mark.parametrize("name", ["web/${ENV}", "web prod", "web\n"])
def test_a_name_outside_the_pattern_is_refused(backend: Backend, request: pytest.FixtureRequest, name: str) -> None:
    """CreateCluster's clusterName: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens
    are allowed" (API reference); a placeholder is no exception (issue 18: the fake took ``web/${ENV}``)."""
    moto_differs(request, "AWS refuses a cluster name outside its pattern; moto creates the cluster")
    with pytest.raises(InvalidRequestError) as info:
        backend.create_cluster(CreateClusterRequest(cluster_name=name))
    assert info.value.code == "InvalidParameterException"
