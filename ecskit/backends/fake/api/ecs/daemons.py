"""Daemons: CreateDaemon, UpdateDaemon, DeleteDaemon, DescribeDaemon, ListDaemons, and their revisions and
deployments: DescribeDaemonRevisions, DescribeDaemonDeployments, ListDaemonDeployments ("Creating and managing
daemons", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-daemons-create-manage.html, and the API
reference of each operation). A daemon's tasks and its deployments' rollouts are the engine's
(:mod:`~ecskit.backends.fake.engine.daemons`, which says where the fake departs from AWS: it has no ECS Managed
Instances).

* CreateDaemon: ``daemonName`` (up to 255 letters, digits, hyphens and underscores) in the cluster ``clusterArn``
  (the default cluster when absent); ``daemonTaskDefinitionArn``, an ACTIVE daemon task definition revision;
  ``capacityProviderArns``, one or more capacity providers (by ARN or name) associated with the cluster: AWS takes
  ECS Managed Instances providers, the fake its Auto Scaling group ones (FARGATE and FARGATE_SPOT run no daemon).
  The daemon is ACTIVE at once, with a first revision and a deployment (PENDING). Creating an ACTIVE daemon again
  with the same request returns it; with another one it is "Creation of daemon was not idempotent."
  (InvalidParameterException, by analogy with CreateService's text).
* UpdateDaemon makes a new revision and a new deployment; "daemon configuration settings ... are not persisted
  between updates": what the request leaves out takes its default again (deployment configuration, tag propagation,
  managed tags, ECS Exec). The deployment in progress is STOPPED.
* DeleteDaemon: the daemon is DELETE_IN_PROGRESS, with a deployment that stops every task of it; once they have all
  stopped the deployment is SUCCESSFUL and the daemon is gone (DescribeDaemon: DaemonNotFoundException).
* A daemon ARN the fake does not have is DaemonNotFoundException; updating or deleting one being deleted,
  DaemonNotActiveException. The texts are ecskit's wording (AWS's are not public), after ServiceNotFoundException's
  "Service not found." and ServiceNotActiveException's "Service was not ACTIVE.".
* Defaults of ``deploymentConfiguration`` (managed-daemons-deployments.html): ``drainPercent`` 25.0 (1.0 to 100.0),
  ``bakeTimeInMinutes`` 0 (0 to 1440), alarms off.
* ListDaemons: every daemon of the Region, or of ``clusterArn``, or of those of ``capacityProviderArns``, in creation
  order, 100 a page; ListDaemonDeployments: a daemon's deployments, newest first, by ``status`` and ``createdAt``,
  20 a page; DescribeDaemonRevisions and DescribeDaemonDeployments: 1 to 20 ARNs, unknown ones failures with reason
  MISSING.
"""

from __future__ import annotations

import json
import re

from ecskit.backends.fake.api.ecs import render
from ecskit.backends.fake.core.capacity import FARGATE_PROVIDERS
from ecskit.backends.fake.core.clusters import ClusterRecord, cluster_name
from ecskit.backends.fake.core.daemons import DaemonRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.find import find_cluster, find_daemon_definition
from ecskit.backends.fake.core.paging import paginate
from ecskit.backends.fake.engine.capacity import find_provider, provider_name
from ecskit.backends.fake.engine.daemons import deployment_config, new_deployment, new_revision
from ecskit.backends.fake.engine.tags import checked_tags
from ecskit.backends.fake.registry import handles
from ecskit.codec import to_api
from ecskit.models import replace
from ecskit.models.ecs import (
    CreateDaemonRequest,
    CreateDaemonResponse,
    DaemonDeployment,
    DaemonDeploymentConfiguration,
    DaemonRevision,
    DaemonStatus,
    DeleteDaemonRequest,
    DeleteDaemonResponse,
    DescribeDaemonDeploymentsRequest,
    DescribeDaemonDeploymentsResponse,
    DescribeDaemonRequest,
    DescribeDaemonResponse,
    DescribeDaemonRevisionsRequest,
    DescribeDaemonRevisionsResponse,
    Failure,
    ListDaemonDeploymentsRequest,
    ListDaemonDeploymentsResponse,
    ListDaemonsRequest,
    ListDaemonsResponse,
    UpdateDaemonRequest,
    UpdateDaemonResponse,
)
from ecskit.texts import ecs

__all__ = [
    "create_daemon",
    "delete_daemon",
    "describe_daemon",
    "describe_daemon_deployments",
    "describe_daemon_revisions",
    "list_daemon_deployments",
    "list_daemons",
    "update_daemon",
]

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
_MAX_DESCRIBE, _DEPLOYMENTS_PAGE = 20, 20
_MAX_BAKE_MINUTES = 1440


def _providers(env: Env, cluster: ClusterRecord, refs: tuple[str, ...]) -> tuple[str, ...]:
    """The names of the capacity providers a daemon names, each an ACTIVE Auto Scaling group provider associated
    with the cluster (InvalidParameterException otherwise, in ecskit's words)."""
    if not refs:
        refuse(ecs.DAEMON_PROVIDERS_EMPTY)
    names: list[str] = []
    for ref in refs:
        name = provider_name(ref)
        if name in FARGATE_PROVIDERS:
            refuse(ecs.DAEMON_PROVIDER_FARGATE, name=name)
        found = find_provider(env, ref)
        if found is None or not found.active:
            refuse(ecs.DAEMON_PROVIDER_NOT_FOUND, ref=ref)
        if found.name not in cluster.capacity_providers:
            refuse(ecs.DAEMON_PROVIDER_NOT_ASSOCIATED, name=found.name, cluster=cluster.name)
        if found.name not in names:
            names.append(found.name)
    return tuple(names)


def _definition(env: Env, ref: str) -> str:
    """The ARN of the ACTIVE daemon task definition revision ``ref`` names."""
    found = find_daemon_definition(env, ref)
    if found is None or not found.active:
        refuse(ecs.DAEMON_DEFINITION_UNUSABLE, ref=ref)
    return found.arn


def _configuration(given: DaemonDeploymentConfiguration | None) -> DaemonDeploymentConfiguration:
    config = deployment_config(given)
    drain = config.drain_percent if config.drain_percent is not None else 0.0
    if not 1.0 <= drain <= 100.0:
        refuse(ecs.DAEMON_DRAIN_PERCENT)
    if not 0 <= (config.bake_time_in_minutes or 0) <= _MAX_BAKE_MINUTES:
        refuse(ecs.DAEMON_BAKE_TIME, limit=_MAX_BAKE_MINUTES)
    return config


def _fingerprint(req: CreateDaemonRequest) -> str:
    return json.dumps(to_api(replace(req, client_token=None)), sort_keys=True, default=str)


def _live(env: Env, arn: str) -> DaemonRecord:
    found = env.state.daemons.get(arn)
    if found is None:
        refuse(ecs.DAEMON_NOT_FOUND)
    if found.status != DaemonStatus.ACTIVE:
        refuse(ecs.DAEMON_NOT_ACTIVE)
    return found


@handles(CreateDaemonRequest)
def create_daemon(env: Env, req: CreateDaemonRequest) -> CreateDaemonResponse:
    """CreateDaemon (see the module's documentation)."""
    if not _NAME.match(req.daemon_name):
        refuse(ecs.DAEMON_NAME_INVALID)
    cluster = find_cluster(env, cluster_name(req.cluster_arn))
    definition = _definition(env, req.daemon_task_definition_arn)
    providers = _providers(env, cluster, req.capacity_provider_arns)
    config = _configuration(req.deployment_configuration)
    tags = checked_tags(req.tags)
    arn = env.arn(f"daemon/{cluster.name}/{req.daemon_name}")
    fingerprint = _fingerprint(req)
    existing = env.state.daemons.get(arn)
    if existing is not None:
        if existing.status == DaemonStatus.ACTIVE and existing.request == fingerprint:
            return CreateDaemonResponse(
                daemon_arn=arn,
                status=existing.status,
                created_at=existing.created_at,
                deployment_arn=existing.deployment,
            )
        refuse(ecs.DAEMON_NOT_IDEMPOTENT)
    now = env.clock.now()
    daemon = DaemonRecord(
        arn=arn,
        name=req.daemon_name,
        cluster=cluster.name,
        status=DaemonStatus.ACTIVE,
        created_at=now,
        updated_at=now,
        revision="",
        capacity_providers=providers,
        deployment_configuration=config,
        propagate_tags=req.propagate_tags,
        enable_ecs_managed_tags=bool(req.enable_ecs_managed_tags),
        enable_execute_command=bool(req.enable_execute_command),
        deployment="",
        request=fingerprint,
    )
    env.state.daemons[arn] = daemon
    if tags:
        env.state.tags[arn] = tags
    daemon.revision = new_revision(env, daemon, definition)
    deployment = new_deployment(env, daemon, daemon.revision)
    return CreateDaemonResponse(daemon_arn=arn, status=daemon.status, created_at=now, deployment_arn=deployment.arn)


@handles(UpdateDaemonRequest)
def update_daemon(env: Env, req: UpdateDaemonRequest) -> UpdateDaemonResponse:
    """UpdateDaemon (see the module's documentation)."""
    daemon = _live(env, req.daemon_arn)
    cluster = find_cluster(env, daemon.cluster)
    definition = _definition(env, req.daemon_task_definition_arn)
    providers = _providers(env, cluster, req.capacity_provider_arns)
    config = _configuration(req.deployment_configuration)
    previous = daemon.revision
    daemon.capacity_providers = providers
    daemon.deployment_configuration = config
    daemon.propagate_tags = req.propagate_tags
    daemon.enable_ecs_managed_tags = bool(req.enable_ecs_managed_tags)
    daemon.enable_execute_command = bool(req.enable_execute_command)
    daemon.updated_at = env.clock.now()
    daemon.impaired.clear()
    daemon.revision = new_revision(env, daemon, definition)
    deployment = new_deployment(env, daemon, daemon.revision, previous)
    return UpdateDaemonResponse(
        daemon_arn=daemon.arn,
        status=daemon.status,
        created_at=daemon.created_at,
        updated_at=daemon.updated_at,
        deployment_arn=deployment.arn,
    )


@handles(DeleteDaemonRequest)
def delete_daemon(env: Env, req: DeleteDaemonRequest) -> DeleteDaemonResponse:
    """DeleteDaemon (see the module's documentation)."""
    daemon = _live(env, req.daemon_arn)
    daemon.status = DaemonStatus.DELETE_IN_PROGRESS
    daemon.updated_at = env.clock.now()
    deployment = new_deployment(env, daemon, None, daemon.revision)
    return DeleteDaemonResponse(
        daemon_arn=daemon.arn,
        status=daemon.status,
        created_at=daemon.created_at,
        updated_at=daemon.updated_at,
        deployment_arn=deployment.arn,
    )


@handles(DescribeDaemonRequest)
def describe_daemon(env: Env, req: DescribeDaemonRequest) -> DescribeDaemonResponse:
    """DescribeDaemon (see the module's documentation)."""
    found = env.state.daemons.get(req.daemon_arn)
    if found is None:
        refuse(ecs.DAEMON_NOT_FOUND)
    return DescribeDaemonResponse(daemon=render.daemon(env, found))


@handles(ListDaemonsRequest)
def list_daemons(env: Env, req: ListDaemonsRequest) -> ListDaemonsResponse:
    """ListDaemons (see the module's documentation)."""
    cluster = find_cluster(env, cluster_name(req.cluster_arn)).name if req.cluster_arn is not None else None
    providers = {provider_name(p) for p in req.capacity_provider_arns or ()}
    found = [
        d
        for d in env.state.daemons.values()
        if (cluster is None or d.cluster == cluster) and (not providers or providers & set(d.capacity_providers))
    ]
    page, token = paginate(found, req.next_token, req.max_results)
    return ListDaemonsResponse(daemon_summaries_list=tuple(render.daemon_summary(d) for d in page), next_token=token)


@handles(DescribeDaemonRevisionsRequest)
def describe_daemon_revisions(env: Env, req: DescribeDaemonRevisionsRequest) -> DescribeDaemonRevisionsResponse:
    """DescribeDaemonRevisions (see the module's documentation)."""
    if not 1 <= len(req.daemon_revision_arns) <= _MAX_DESCRIBE:
        refuse(ecs.DAEMON_REVISIONS_COUNT, limit=_MAX_DESCRIBE)
    found: list[DaemonRevision] = []
    failures: list[Failure] = []
    for arn in req.daemon_revision_arns:
        revision = env.state.daemon_revisions.get(arn)
        if revision is None:
            failures.append(Failure(arn=arn, reason="MISSING"))
        else:
            found.append(revision)
    return DescribeDaemonRevisionsResponse(daemon_revisions=tuple(found), failures=tuple(failures))


@handles(DescribeDaemonDeploymentsRequest)
def describe_daemon_deployments(env: Env, req: DescribeDaemonDeploymentsRequest) -> DescribeDaemonDeploymentsResponse:
    """DescribeDaemonDeployments (see the module's documentation)."""
    if not 1 <= len(req.daemon_deployment_arns) <= _MAX_DESCRIBE:
        refuse(ecs.DAEMON_DEPLOYMENTS_COUNT, limit=_MAX_DESCRIBE)
    found: list[DaemonDeployment] = []
    failures: list[Failure] = []
    for arn in req.daemon_deployment_arns:
        record = env.state.daemon_deployments.get(arn)
        if record is None:
            failures.append(Failure(arn=arn, reason="MISSING"))
        else:
            found.append(render.daemon_deployment(env, record))
    return DescribeDaemonDeploymentsResponse(daemon_deployments=tuple(found), failures=tuple(failures))


@handles(ListDaemonDeploymentsRequest)
def list_daemon_deployments(env: Env, req: ListDaemonDeploymentsRequest) -> ListDaemonDeploymentsResponse:
    """ListDaemonDeployments (see the module's documentation)."""
    statuses = set(req.status or ())
    window = req.created_at
    found = [
        d
        for d in env.state.daemon_deployments.values()
        if d.daemon_arn == req.daemon_arn
        and (not statuses or d.status in statuses)
        and (window is None or window.before is None or d.created_at < window.before)
        and (window is None or window.after is None or d.created_at > window.after)
    ]
    size = req.max_results if req.max_results is not None else _DEPLOYMENTS_PAGE
    page, token = paginate(found[::-1], req.next_token, size)
    summaries = tuple(render.daemon_deployment_summary(d) for d in page)
    return ListDaemonDeploymentsResponse(daemon_deployments=summaries, next_token=token)
