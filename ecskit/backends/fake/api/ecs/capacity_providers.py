"""Capacity providers: CreateCapacityProvider, DescribeCapacityProviders, UpdateCapacityProvider,
DeleteCapacityProvider; associating them with clusters; capacity provider strategies.

As ECS does them (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/asg-capacity-providers.html and the
API reference of each operation):

* CreateCapacityProvider checks the request with :func:`ecskit.validation.validate_capacity_provider` (a bad or
  reserved name is a ClientException with AWS's message, other findings of phase api refuse it with their code). The
  Auto Scaling group (an ARN or a name: :mod:`~ecskit.backends.fake.engine.auto_scaling`) may back one ACTIVE provider
  only; a name in use is "The specified capacity provider already exists." (ClientException). Omitted settings take
  AWS's defaults: managed scaling DISABLED with targetCapacity 100, step sizes 1 / 10000 and instanceWarmupPeriod
  300; managed termination protection DISABLED; managed draining ENABLED. Managed termination protection needs
  managed scaling ("otherwise managed termination protection won't work"): the fake refuses the pair
  (ClientException). Managed Instances providers are not served.
* DescribeCapacityProviders lists FARGATE and FARGATE_SPOT too, then the account's ACTIVE providers (10 a page);
  providers asked for by name or ARN include deleted (INACTIVE) ones, unknown ones are MISSING failures; tags only
  with ``include=["TAGS"]``; ``cluster`` keeps those associated with that cluster.
* UpdateCapacityProvider merges the managed scaling members given over the current ones (updateStatus
  UPDATE_COMPLETE).
* DeleteCapacityProvider: FARGATE and FARGATE_SPOT are reserved. A provider associated with a cluster, or in the
  strategy of a service, is not deleted: the call answers with updateStatus DELETE_FAILED and the reason, as AWS
  does; otherwise it is INACTIVE (DELETE_COMPLETE) and its group free for another provider.
* Clusters (CreateCluster, PutClusterCapacityProviders) take FARGATE, FARGATE_SPOT and ACTIVE Auto Scaling group
  providers not associated with another cluster; a provider that tasks or services still use cannot be removed
  (ResourceInUseException). Associating an Auto Scaling group provider registers its group's instances.
* A capacity provider strategy names providers associated with the cluster, Fargate ones or Auto Scaling group
  ones, not both; its tasks go first to the provider with a base, then by weight
  (:func:`~ecskit.backends.fake.engine.capacity.split`).
"""

from __future__ import annotations

from ecskit.backends.fake.api.ecs import render
from ecskit.backends.fake.core.capacity import FARGATE_PROVIDERS, ProviderRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail, refuse
from ecskit.backends.fake.core.find import find_cluster
from ecskit.backends.fake.core.paging import paginate
from ecskit.backends.fake.engine.auto_scaling import associated_cluster, find_group, group_provider
from ecskit.backends.fake.engine.capacity import find_provider, provider_arn, provider_name, services_using
from ecskit.backends.fake.engine.tags import checked_tags
from ecskit.backends.fake.engine.verdicts import AS_AWS
from ecskit.backends.fake.registry import handles
from ecskit.models.ecs import (
    AutoScalingGroupProvider,
    CapacityProvider,
    CapacityProviderStatus,
    CapacityProviderUpdateStatus,
    CreateCapacityProviderRequest,
    CreateCapacityProviderResponse,
    DeleteCapacityProviderRequest,
    DeleteCapacityProviderResponse,
    DescribeCapacityProvidersRequest,
    DescribeCapacityProvidersResponse,
    Failure,
    ManagedDraining,
    ManagedScaling,
    ManagedScalingStatus,
    ManagedTerminationProtection,
    UpdateCapacityProviderRequest,
    UpdateCapacityProviderResponse,
)
from ecskit.texts import ecs
from ecskit.validation import validate_capacity_provider

__all__ = [
    "DEFAULT_MANAGED_SCALING",
    "create_capacity_provider",
    "delete_capacity_provider",
    "describe_capacity_providers",
    "update_capacity_provider",
]

#: The managed scaling settings a provider created without them shows.
DEFAULT_MANAGED_SCALING = ManagedScaling(
    status=ManagedScalingStatus.DISABLED,
    target_capacity=100,
    minimum_scaling_step_size=1,
    maximum_scaling_step_size=10_000,
    instance_warmup_period=300,
)
_MAX_DESCRIBE, _PAGE = 100, 10
_NAME_RULES = {"cp-name", "cp-fargate-reserved"}


def _check_request(req: CreateCapacityProviderRequest) -> None:
    for finding in validate_capacity_provider(req, config=AS_AWS).refusals:
        if finding.rule in _NAME_RULES:
            refuse(ecs.CAPACITY_PROVIDER_NAME_INVALID)
        fail(finding.aws_code or "InvalidParameterException", finding.message)


def _scaling(given: ManagedScaling | None, base: ManagedScaling) -> ManagedScaling:
    """``given`` over ``base``: members left out keep ``base``'s."""
    if given is None:
        return base
    return ManagedScaling(
        status=given.status if given.status is not None else base.status,
        target_capacity=given.target_capacity if given.target_capacity is not None else base.target_capacity,
        minimum_scaling_step_size=given.minimum_scaling_step_size
        if given.minimum_scaling_step_size is not None
        else base.minimum_scaling_step_size,
        maximum_scaling_step_size=given.maximum_scaling_step_size
        if given.maximum_scaling_step_size is not None
        else base.maximum_scaling_step_size,
        instance_warmup_period=given.instance_warmup_period
        if given.instance_warmup_period is not None
        else base.instance_warmup_period,
    )


def _check_termination_protection(asg: AutoScalingGroupProvider) -> None:
    # "When using managed termination protection, managed scaling must also be used otherwise managed termination
    # protection doesn't work." (API reference, AutoScalingGroupProvider)
    scaling = asg.managed_scaling
    if asg.managed_termination_protection == ManagedTerminationProtection.ENABLED and (
        scaling is None or scaling.status != ManagedScalingStatus.ENABLED
    ):
        refuse(ecs.CAPACITY_PROVIDER_TERMINATION_PROTECTION)


def _no_managed_instances(managed: object) -> None:
    if managed is not None:
        refuse(ecs.FAKE_MANAGED_INSTANCES, what="Managed Instances capacity providers")


@handles(CreateCapacityProviderRequest)
def create_capacity_provider(env: Env, req: CreateCapacityProviderRequest) -> CreateCapacityProviderResponse:
    """CreateCapacityProvider (see the module's documentation)."""
    _check_request(req)
    _no_managed_instances(req.managed_instances_provider)
    asg = req.auto_scaling_group_provider
    if asg is None:  # pragma: no cover - validate_capacity_provider requires one of the two
        refuse(ecs.CAPACITY_PROVIDER_NEEDS_ASG)
    if req.cluster is not None:
        refuse(ecs.CAPACITY_PROVIDER_CLUSTER_NOT_ALLOWED)
    tags = checked_tags(req.tags)
    existing = env.state.providers.get(req.name)
    if existing is not None and existing.active:
        refuse(ecs.CAPACITY_PROVIDER_EXISTS)
    group = find_group(env, asg.auto_scaling_group_arn)
    if group_provider(env, group.name) is not None:
        refuse(ecs.CAPACITY_PROVIDER_ASG_IN_USE)
    settings = AutoScalingGroupProvider(
        auto_scaling_group_arn=group.arn,
        managed_scaling=_scaling(asg.managed_scaling, DEFAULT_MANAGED_SCALING),
        managed_termination_protection=asg.managed_termination_protection or ManagedTerminationProtection.DISABLED,
        managed_draining=asg.managed_draining or ManagedDraining.ENABLED,
    )
    _check_termination_protection(settings)
    arn = provider_arn(env, req.name)
    record = ProviderRecord(name=req.name, arn=arn, auto_scaling_group=settings)
    env.state.providers.pop(req.name, None)  # a re-created name moves to the end
    env.state.providers[req.name] = record
    env.state.tags.pop(arn, None)
    if tags:
        env.state.tags[arn] = tags
    return CreateCapacityProviderResponse(capacity_provider=render.provider(env, record, tags=True))


def _shown(env: Env, ref: str, tags: bool) -> CapacityProvider | None:
    name = provider_name(ref)
    if name in FARGATE_PROVIDERS:
        return (
            render.built_in_provider(env, name)
            if not ref.startswith("arn:") or ref == provider_arn(env, name)
            else None
        )
    found = find_provider(env, ref)
    return render.provider(env, found, tags) if found is not None else None


@handles(DescribeCapacityProvidersRequest)
def describe_capacity_providers(env: Env, req: DescribeCapacityProvidersRequest) -> DescribeCapacityProvidersResponse:
    """DescribeCapacityProviders (see the module's documentation)."""
    tags = "TAGS" in {str(i) for i in req.include or ()}
    associated = set(find_cluster(env, req.cluster).capacity_providers) if req.cluster is not None else None
    if req.capacity_providers:
        if len(req.capacity_providers) > _MAX_DESCRIBE:
            refuse(ecs.CAPACITY_PROVIDER_DESCRIBE_TOO_MANY, limit=_MAX_DESCRIBE)
        found: list[CapacityProvider] = []
        failures: list[Failure] = []
        for ref in req.capacity_providers:
            shown = _shown(env, ref, tags)
            if shown is None or (associated is not None and shown.name not in associated):
                failures.append(Failure(arn=provider_arn(env, provider_name(ref)), reason="MISSING"))
            else:
                found.append(shown)
        return DescribeCapacityProvidersResponse(capacity_providers=tuple(found), failures=tuple(failures))
    every = [render.built_in_provider(env, n) for n in FARGATE_PROVIDERS] + [
        render.provider(env, p, tags) for p in env.state.providers.values() if p.active
    ]
    listed = [p for p in every if associated is None or p.name in associated]
    page, token = paginate(listed, req.next_token, req.max_results, limit=_PAGE)
    return DescribeCapacityProvidersResponse(capacity_providers=tuple(page), failures=(), next_token=token)


def _stored(env: Env, ref: str, verb: str) -> ProviderRecord:
    if provider_name(ref) in FARGATE_PROVIDERS:
        refuse(ecs.CAPACITY_PROVIDER_RESERVED, verb=verb)
    found = find_provider(env, ref)
    if found is None or not found.active:
        refuse(ecs.CAPACITY_PROVIDER_NOT_FOUND)
    return found


@handles(UpdateCapacityProviderRequest)
def update_capacity_provider(env: Env, req: UpdateCapacityProviderRequest) -> UpdateCapacityProviderResponse:
    """UpdateCapacityProvider: the managed scaling members given, managed termination protection and draining."""
    _no_managed_instances(req.managed_instances_provider)
    record = _stored(env, req.name, "updated")
    update = req.auto_scaling_group_provider
    current = record.auto_scaling_group
    if update is None:
        refuse(ecs.CAPACITY_PROVIDER_NEEDS_ASG)
    merged = AutoScalingGroupProvider(
        auto_scaling_group_arn=current.auto_scaling_group_arn,
        managed_scaling=_scaling(update.managed_scaling, current.managed_scaling or DEFAULT_MANAGED_SCALING),
        managed_termination_protection=update.managed_termination_protection or current.managed_termination_protection,
        managed_draining=update.managed_draining or current.managed_draining,
    )
    _check_request(CreateCapacityProviderRequest(name=record.name, auto_scaling_group_provider=merged))
    _check_termination_protection(merged)
    record.auto_scaling_group = merged
    record.update_status = CapacityProviderUpdateStatus.UPDATE_COMPLETE
    record.update_status_reason = None
    return UpdateCapacityProviderResponse(capacity_provider=render.provider(env, record, tags=True))


@handles(DeleteCapacityProviderRequest)
def delete_capacity_provider(env: Env, req: DeleteCapacityProviderRequest) -> DeleteCapacityProviderResponse:
    """DeleteCapacityProvider (see the module's documentation)."""
    record = _stored(env, req.capacity_provider, "deleted")
    cluster = associated_cluster(env, record.name)
    services = services_using(env, record.name)
    if cluster is not None:
        reason: str | None = (
            f"The capacity provider cannot be deleted because it is associated with cluster: {cluster}. Remove the "
            "capacity provider from the cluster and try again."
        )
    elif services:
        reason = (
            "The capacity provider cannot be deleted because it is in the capacity provider strategy of service(s): "
            f"{', '.join(services)}. Update the services to use another capacity provider and try again."
        )
    else:
        reason = None
    if reason is not None:
        record.update_status = CapacityProviderUpdateStatus.DELETE_FAILED
        record.update_status_reason = reason
    else:
        record.status = CapacityProviderStatus.INACTIVE
        record.update_status = CapacityProviderUpdateStatus.DELETE_COMPLETE
        record.update_status_reason = None
    return DeleteCapacityProviderResponse(capacity_provider=render.provider(env, record, tags=True))
