"""Clusters: CreateCluster, DescribeClusters, ListClusters, UpdateCluster, DeleteCluster,
PutClusterCapacityProviders.

* Capacity providers: FARGATE, FARGATE_SPOT and the account's ACTIVE Auto Scaling group providers not associated
  with another cluster (:mod:`~ecskit.backends.fake.capacity_providers`); associating an Auto Scaling group provider
  registers its group's running instances with the cluster.
* A new cluster's ``containerInsights`` setting defaults to the account setting of that name (``disabled`` unless
  PutAccountSetting / PutAccountSettingDefault changed it).
* A deleted cluster stays describable as INACTIVE, and its capacity providers are free again, as on AWS.
"""

from __future__ import annotations

from collections.abc import Sequence

from ecskit.backends.fake.account_settings import effective_value
from ecskit.backends.fake.bookkeeping import fresh_cluster
from ecskit.backends.fake.env import Env, fail, paginate
from ecskit.backends.fake.registry import handles
from ecskit.models import replace
from ecskit.models.ecs import (
    Cluster,
    ClusterSetting,
    ClusterSettingName,
    CreateClusterRequest,
    CreateClusterResponse,
    DeleteClusterRequest,
    DeleteClusterResponse,
    DescribeClustersRequest,
    DescribeClustersResponse,
    Failure,
    ListClustersRequest,
    ListClustersResponse,
    PutClusterCapacityProvidersRequest,
    PutClusterCapacityProvidersResponse,
    SettingName,
    UpdateClusterRequest,
    UpdateClusterResponse,
)
from ecskit.validation import Finding, validate_cluster

__all__ = [
    "cluster_name",
    "create_cluster",
    "delete_cluster",
    "describe_clusters",
    "find_cluster",
    "list_clusters",
    "put_cluster_capacity_providers",
    "update_cluster",
]

DEFAULT = "default"


def cluster_name(ref: str | None) -> str:
    """The name in a cluster reference (a name or an ARN); ``default`` when absent."""
    if not ref:
        return DEFAULT
    return ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref


def find_cluster(env: Env, ref: str | None, *, fresh: bool = False) -> Cluster:
    """An ACTIVE cluster by name or ARN, or ClusterNotFoundException as AWS raises it.

    ``fresh``: with its task counts up to date (to show it, or to check them); most callers only need its name.
    """
    name = cluster_name(ref)
    found = fresh_cluster(env.state, name) if fresh else env.state.clusters.get(name)
    if found is None or found.status != "ACTIVE":
        fail("ClusterNotFoundException", "Cluster not found.")
    return found


def _check(refusals: tuple[Finding, ...]) -> None:
    if refusals:
        fail(refusals[0].aws_code or "InvalidParameterException", refusals[0].message)


@handles(CreateClusterRequest)
def create_cluster(env: Env, req: CreateClusterRequest) -> CreateClusterResponse:
    """CreateCluster: idempotent for an existing ACTIVE cluster of the same name, as on AWS."""
    _check(validate_cluster(req).refusals)
    name = req.cluster_name or DEFAULT
    existing = fresh_cluster(env.state, name)
    if existing is not None and existing.status == "ACTIVE":
        return CreateClusterResponse(cluster=existing)
    _check_providers(env, name, req.capacity_providers or (), ())
    insights = effective_value(env, SettingName.CONTAINER_INSIGHTS)
    cluster = Cluster(
        cluster_arn=env.arn(f"cluster/{name}"),
        cluster_name=name,
        status="ACTIVE",
        registered_container_instances_count=0,
        running_tasks_count=0,
        pending_tasks_count=0,
        active_services_count=0,
        statistics=(),
        tags=req.tags or (),
        settings=req.settings or (ClusterSetting(name=ClusterSettingName.CONTAINER_INSIGHTS, value=insights),),
        capacity_providers=req.capacity_providers or (),
        default_capacity_provider_strategy=req.default_capacity_provider_strategy or (),
        configuration=req.configuration,
        service_connect_defaults=None,
    )
    env.state.clusters[name] = cluster
    if req.tags:
        env.state.tags[cluster.cluster_arn or ""] = req.tags
    _associate(env, name, cluster.capacity_providers or ())
    return CreateClusterResponse(cluster=fresh_cluster(env.state, name) or cluster)


@handles(DescribeClustersRequest)
def describe_clusters(env: Env, req: DescribeClustersRequest) -> DescribeClustersResponse:
    """DescribeClusters: unknown clusters come back as failures with reason MISSING."""
    include = {str(i) for i in req.include or ()}
    clusters: list[Cluster] = []
    failures: list[Failure] = []
    for ref in req.clusters or (DEFAULT,):
        found = fresh_cluster(env.state, cluster_name(ref))
        if found is None:
            failures.append(Failure(arn=ref if ref.startswith("arn:") else env.arn(f"cluster/{ref}"), reason="MISSING"))
            continue
        tags = env.state.tags.get(found.cluster_arn or "", ()) if "TAGS" in include else ()
        clusters.append(replace(found, tags=tags))
    return DescribeClustersResponse(clusters=tuple(clusters), failures=tuple(failures))


@handles(ListClustersRequest)
def list_clusters(env: Env, req: ListClustersRequest) -> ListClustersResponse:
    """ListClusters: the ARNs of the ACTIVE clusters, a page at a time."""
    arns = [c.cluster_arn or "" for c in env.state.clusters.values() if c.status == "ACTIVE"]
    page, token = paginate(arns, req.next_token, req.max_results)
    return ListClustersResponse(cluster_arns=tuple(page), next_token=token)


@handles(UpdateClusterRequest)
def update_cluster(env: Env, req: UpdateClusterRequest) -> UpdateClusterResponse:
    """UpdateCluster: settings and configuration."""
    cluster = find_cluster(env, req.cluster, fresh=True)
    updated = replace(
        cluster,
        settings=req.settings if req.settings is not None else cluster.settings,
        configuration=req.configuration if req.configuration is not None else cluster.configuration,
    )
    env.state.clusters[updated.cluster_name or DEFAULT] = updated
    return UpdateClusterResponse(cluster=updated)


@handles(PutClusterCapacityProvidersRequest)
def put_cluster_capacity_providers(
    env: Env, req: PutClusterCapacityProvidersRequest
) -> PutClusterCapacityProvidersResponse:
    """PutClusterCapacityProviders: replaces the whole list and the default strategy."""
    _check(validate_cluster(req).refusals)
    cluster = find_cluster(env, req.cluster, fresh=True)
    name = cluster.cluster_name or DEFAULT
    before = cluster.capacity_providers or ()
    _check_providers(env, name, req.capacity_providers, before)
    updated = replace(
        cluster,
        capacity_providers=req.capacity_providers,
        default_capacity_provider_strategy=req.default_capacity_provider_strategy,
    )
    env.state.clusters[name] = updated
    _associate(env, name, [p for p in req.capacity_providers if p not in before])
    return PutClusterCapacityProvidersResponse(cluster=fresh_cluster(env.state, name) or updated)


# capacity_providers registers instances (container_instances imports this module): imported when needed.


def _check_providers(env: Env, cluster: str, providers: Sequence[str], before: Sequence[str]) -> None:
    from ecskit.backends.fake.capacity_providers import check_association

    check_association(env, cluster, providers, before)


def _associate(env: Env, cluster: str, added: Sequence[str]) -> None:
    from ecskit.backends.fake.capacity_providers import associate

    associate(env, cluster, added)


@handles(DeleteClusterRequest)
def delete_cluster(env: Env, req: DeleteClusterRequest) -> DeleteClusterResponse:
    """DeleteCluster: the cluster stays describable as INACTIVE, as on AWS."""
    cluster = find_cluster(env, req.cluster, fresh=True)
    if cluster.registered_container_instances_count:
        fail(
            "ClusterContainsContainerInstancesException",
            "The Cluster cannot be deleted while Container Instances are active or draining.",
        )
    if cluster.active_services_count:
        fail("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active.")
    if cluster.running_tasks_count or cluster.pending_tasks_count:
        fail("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.")
    deleted = replace(cluster, status="INACTIVE")
    env.state.clusters[deleted.cluster_name or DEFAULT] = deleted
    return DeleteClusterResponse(cluster=deleted)
