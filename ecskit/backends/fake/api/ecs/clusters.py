"""Clusters: CreateCluster, DescribeClusters, ListClusters, UpdateCluster, UpdateClusterSettings, DeleteCluster,
PutClusterCapacityProviders.

* Capacity providers: FARGATE, FARGATE_SPOT and the account's ACTIVE Auto Scaling group providers not associated
  with another cluster; associating an Auto Scaling group provider registers its group's running instances with the
  cluster (:mod:`ecskit.backends.fake.engine.capacity`).
* A new cluster's ``containerInsights`` setting defaults to the account setting of that name (``disabled`` unless
  PutAccountSetting / PutAccountSettingDefault changed it).
* DescribeClusters shows settings, configuration, statistics and tags only when ``include`` asks for them
  (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html: "If this field is omitted,
  this information isn't included"); the calls that create or change a cluster show its settings and
  configuration.
* A deleted cluster stays INACTIVE: listed by ListClusters and described by DescribeClusters, as AWS keeps them
  ("Clusters with an INACTIVE status might remain discoverable in your account for a period of time", the API
  reference of DeleteCluster; users report them listed, and found by tag, a week later: gruntwork-io/cloud-nuke#145,
  aws/copilot-cli#5052). The fake keeps them for ever. Its capacity providers are free again, and its tags stay
  (TagResource and UntagResource refuse an INACTIVE cluster). CreateCluster of its name makes a new cluster, with
  the new request's tags only.
* ``serviceConnectDefaults`` (CreateCluster, UpdateCluster): the namespace, by name or ARN, is shown as its ARN; the
  fake has no Cloud Map, so a namespace is made the first time something names it
  (:mod:`~ecskit.backends.fake.engine.namespaces`).
* UpdateClusterSettings sets the settings it is given, each by name (``containerInsights`` is the only one), and
  answers with the cluster; a value other than ``enhanced``, ``enabled`` or ``disabled`` is refused as CreateCluster
  refuses it (the ``cluster-settings`` rule), changing nothing
  (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateClusterSettings.html; the AWS CLI's example
  answers with the cluster and its ``settings``).
"""

from __future__ import annotations

from ecskit.backends.fake.api.ecs import render
from ecskit.backends.fake.core.clusters import DEFAULT_CLUSTER, ClusterRecord, cluster_name
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail, refuse
from ecskit.backends.fake.core.find import find_cluster
from ecskit.backends.fake.core.paging import paginate
from ecskit.backends.fake.core.settings import effective_value
from ecskit.backends.fake.engine.capacity import associate, check_association
from ecskit.backends.fake.engine.namespaces import namespace
from ecskit.backends.fake.engine.tags import checked_tags
from ecskit.backends.fake.engine.verdicts import AS_AWS
from ecskit.backends.fake.registry import handles
from ecskit.models.ecs import (
    Cluster,
    ClusterServiceConnectDefaults,
    ClusterServiceConnectDefaultsRequest,
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
    Tag,
    UpdateClusterRequest,
    UpdateClusterResponse,
    UpdateClusterSettingsRequest,
    UpdateClusterSettingsResponse,
)
from ecskit.texts import ecs
from ecskit.validation import Report, validate_cluster

__all__ = [
    "create_cluster",
    "delete_cluster",
    "describe_clusters",
    "list_clusters",
    "put_cluster_capacity_providers",
    "update_cluster",
    "update_cluster_settings",
]


def _refuse(report: Report) -> None:
    refusals = report.refusals
    if refusals:
        fail(refusals[0].aws_code or "InvalidParameterException", refusals[0].message)


def _defaults(env: Env, given: ClusterServiceConnectDefaultsRequest) -> ClusterServiceConnectDefaults:
    return ClusterServiceConnectDefaults(namespace=namespace(env, given.namespace).arn)


def _tags(env: Env, record: ClusterRecord) -> tuple[Tag, ...]:
    """The tags the calls that answer with the cluster show (DescribeClusters only when asked for)."""
    return env.state.tags.get(record.arn, ())


@handles(CreateClusterRequest)
def create_cluster(env: Env, req: CreateClusterRequest) -> CreateClusterResponse:
    """CreateCluster: idempotent for an existing ACTIVE cluster of the same name, as on AWS."""
    _refuse(validate_cluster(req, config=AS_AWS))
    tags = checked_tags(req.tags)
    name = req.cluster_name or DEFAULT_CLUSTER
    existing = env.state.clusters.get(name)
    if existing is not None and existing.active:
        return CreateClusterResponse(cluster=render.cluster(env, existing, _tags(env, existing)))
    check_association(env, name, req.capacity_providers or (), ())
    insights = effective_value(env, SettingName.CONTAINER_INSIGHTS)
    record = ClusterRecord(
        name=name,
        arn=env.arn(f"cluster/{name}"),
        settings=req.settings or (ClusterSetting(name=ClusterSettingName.CONTAINER_INSIGHTS, value=insights),),
        configuration=req.configuration,
        capacity_providers=req.capacity_providers or (),
        default_strategy=req.default_capacity_provider_strategy or (),
        service_connect_defaults=_defaults(env, req.service_connect_defaults) if req.service_connect_defaults else None,
    )
    if existing is not None:  # a deleted cluster of the name: made again, its counters carried over (tasks may remain)
        record.registered, record.running, record.pending = existing.registered, existing.running, existing.pending
    env.state.clusters[name] = record
    if tags:
        env.state.tags[record.arn] = tags
    else:
        env.state.tags.pop(record.arn, None)  # a deleted cluster's tags are not the new one's
    associate(env, name, record.capacity_providers)
    return CreateClusterResponse(cluster=render.cluster(env, record, _tags(env, record)))


@handles(DescribeClustersRequest)
def describe_clusters(env: Env, req: DescribeClustersRequest) -> DescribeClustersResponse:
    """DescribeClusters: unknown clusters come back as failures with reason MISSING."""
    include = {str(i) for i in req.include or ()}
    clusters: list[Cluster] = []
    failures: list[Failure] = []
    for ref in req.clusters or (DEFAULT_CLUSTER,):
        found = env.state.clusters.get(cluster_name(ref))
        if found is None:
            failures.append(Failure(arn=ref if ref.startswith("arn:") else env.arn(f"cluster/{ref}"), reason="MISSING"))
            continue
        tags = env.state.tags.get(found.arn, ()) if "TAGS" in include else ()
        clusters.append(render.cluster(env, found, tags, include=include))
    return DescribeClustersResponse(clusters=tuple(clusters), failures=tuple(failures))


@handles(ListClustersRequest)
def list_clusters(env: Env, req: ListClustersRequest) -> ListClustersResponse:
    """ListClusters: the ARNs of the clusters, ACTIVE and INACTIVE (deleted) alike, a page at a time."""
    arns = [c.arn for c in env.state.clusters.values()]
    page, token = paginate(arns, req.next_token, req.max_results)
    return ListClustersResponse(cluster_arns=tuple(page), next_token=token)


@handles(UpdateClusterRequest)
def update_cluster(env: Env, req: UpdateClusterRequest) -> UpdateClusterResponse:
    """UpdateCluster: settings and configuration."""
    record = find_cluster(env, req.cluster)
    if req.settings is not None:
        record.settings = req.settings
    if req.configuration is not None:
        record.configuration = req.configuration
    if req.service_connect_defaults is not None:
        record.service_connect_defaults = _defaults(env, req.service_connect_defaults)
    return UpdateClusterResponse(cluster=render.cluster(env, record, _tags(env, record)))


@handles(UpdateClusterSettingsRequest)
def update_cluster_settings(env: Env, req: UpdateClusterSettingsRequest) -> UpdateClusterSettingsResponse:
    """UpdateClusterSettings (see the module's documentation)."""
    record = find_cluster(env, req.cluster)
    _refuse(validate_cluster(CreateClusterRequest(cluster_name=record.name, settings=req.settings), config=AS_AWS))
    settings = {s.name: s for s in record.settings}
    settings.update((s.name, s) for s in req.settings)
    record.settings = tuple(settings.values())
    return UpdateClusterSettingsResponse(cluster=render.cluster(env, record, _tags(env, record)))


@handles(PutClusterCapacityProvidersRequest)
def put_cluster_capacity_providers(
    env: Env, req: PutClusterCapacityProvidersRequest
) -> PutClusterCapacityProvidersResponse:
    """PutClusterCapacityProviders: replaces the whole list and the default strategy."""
    _refuse(validate_cluster(req, config=AS_AWS))
    record = find_cluster(env, req.cluster)
    before = record.capacity_providers
    check_association(env, record.name, req.capacity_providers, before)
    record.capacity_providers = req.capacity_providers
    record.default_strategy = req.default_capacity_provider_strategy
    associate(env, record.name, [p for p in req.capacity_providers if p not in before])
    return PutClusterCapacityProvidersResponse(cluster=render.cluster(env, record, _tags(env, record)))


@handles(DeleteClusterRequest)
def delete_cluster(env: Env, req: DeleteClusterRequest) -> DeleteClusterResponse:
    """DeleteCluster: the cluster stays describable as INACTIVE, as on AWS."""
    record = find_cluster(env, req.cluster)
    if record.registered:
        refuse(ecs.CLUSTER_CONTAINS_INSTANCES)
    if any(s.cluster == record.name and s.status == "ACTIVE" for s in env.state.services.values()):
        refuse(ecs.CLUSTER_CONTAINS_SERVICES)
    if record.running or record.pending:
        refuse(ecs.CLUSTER_CONTAINS_TASKS)
    record.status = "INACTIVE"
    return DeleteClusterResponse(cluster=render.cluster(env, record, _tags(env, record)))
