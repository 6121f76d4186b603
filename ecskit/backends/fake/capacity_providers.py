"""Capacity providers: CreateCapacityProvider, DescribeCapacityProviders, UpdateCapacityProvider,
DeleteCapacityProvider; associating them with clusters; capacity provider strategies.

As ECS does them (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/asg-capacity-providers.html and the
API reference of each operation):

* CreateCapacityProvider checks the request with :func:`ecskit.validation.validate_capacity_provider` (a bad or
  reserved name is a ClientException with AWS's message, other findings of phase api refuse it with their code). The
  Auto Scaling group (an ARN or a name: :mod:`~ecskit.backends.fake.auto_scaling`) may back one ACTIVE provider
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
  ones, not both; its tasks go first to the provider with a base, then by weight (:func:`split`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ecskit.backends.fake.auto_scaling import associated_cluster, attach, find_group, group_provider
from ecskit.backends.fake.clusters import find_cluster
from ecskit.backends.fake.env import Env, fail, paginate
from ecskit.backends.fake.registry import handles
from ecskit.models import replace
from ecskit.models.ecs import (
    AutoScalingGroupProvider,
    CapacityProvider,
    CapacityProviderStatus,
    CapacityProviderStrategyItem,
    CapacityProviderType,
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
from ecskit.validation import validate_capacity_provider

__all__ = [
    "DEFAULT_MANAGED_SCALING",
    "FARGATE_PROVIDERS",
    "associate",
    "check_association",
    "check_strategy",
    "create_capacity_provider",
    "delete_capacity_provider",
    "describe_capacity_providers",
    "find_provider",
    "managed_scaling",
    "provider_arn",
    "split",
    "update_capacity_provider",
]

#: The predefined capacity providers of every account.
FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
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
_BAD_NAME = (
    "The specified capacity provider name is invalid. Up to 255 characters are allowed, including letters (upper "
    'and lowercase), numbers, underscores, and hyphens. The name cannot be prefixed with "aws", "ecs", or '
    '"fargate". Specify a valid name and try again.'
)
_NOT_FOUND = "The specified capacity provider does not exist. Specify a valid capacity provider and try again."
_MIX = (
    "A capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and Fargate "
    "providers. Specify one or the other and try again."
)
_NOT_ASSOCIATED = (
    "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the "
    "cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again."
)


def provider_arn(env: Env, name: str) -> str:
    """The ARN of a capacity provider of this account and Region."""
    return env.arn(f"capacity-provider/{name}")


def _name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref


def _built_in(env: Env, name: str) -> CapacityProvider:
    return CapacityProvider(
        capacity_provider_arn=provider_arn(env, name),
        name=name,
        status=CapacityProviderStatus.ACTIVE,
        tags=(),
        type=CapacityProviderType(name),
    )


def find_provider(env: Env, ref: str) -> CapacityProvider | None:
    """A capacity provider by name or ARN (deleted ones INACTIVE; FARGATE and FARGATE_SPOT built in), or None."""
    name = _name(ref)
    if ref.startswith("arn:") and ref != provider_arn(env, name):
        return None
    if name in FARGATE_PROVIDERS:
        return _built_in(env, name)
    return env.state.capacity.providers.get(name)


def managed_scaling(provider: CapacityProvider) -> ManagedScaling | None:
    """The managed scaling settings of an Auto Scaling group provider when managed scaling is ENABLED, else None."""
    asg = provider.auto_scaling_group_provider
    scaling = asg.managed_scaling if asg is not None else None
    if scaling is None or scaling.status != ManagedScalingStatus.ENABLED:
        return None
    return scaling


def _shown(env: Env, provider: CapacityProvider, tags: bool) -> CapacityProvider:
    return replace(provider, tags=env.state.tags.get(provider.capacity_provider_arn or "", ()) if tags else ())


def _check_request(req: CreateCapacityProviderRequest) -> None:
    for finding in validate_capacity_provider(req).refusals:
        if finding.rule in _NAME_RULES:
            fail("ClientException", _BAD_NAME)
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
        fail(
            "ClientException",
            "The managed termination protection setting for the capacity provider is invalid. To enable managed "
            "termination protection for a capacity provider, managed scaling must be turned on.",
        )


def _no_managed_instances(managed: object) -> None:
    if managed is not None:
        fail("InvalidParameterException", "The fake does not serve Managed Instances capacity providers.")


@handles(CreateCapacityProviderRequest)
def create_capacity_provider(env: Env, req: CreateCapacityProviderRequest) -> CreateCapacityProviderResponse:
    """CreateCapacityProvider (see the module's documentation)."""
    _check_request(req)
    _no_managed_instances(req.managed_instances_provider)
    asg = req.auto_scaling_group_provider
    if asg is None:  # pragma: no cover - validate_capacity_provider requires one of the two
        fail("InvalidParameterException", "autoScalingGroupProvider must be given.")
    if req.cluster is not None:
        fail("InvalidParameterException", "cluster can only be given for a Managed Instances capacity provider.")
    existing = env.state.capacity.providers.get(req.name)
    if existing is not None and existing.status != CapacityProviderStatus.INACTIVE:
        fail(
            "ClientException",
            "The specified capacity provider already exists. To change the configuration of an existing capacity "
            "provider, update the capacity provider.",
        )
    group = find_group(env, asg.auto_scaling_group_arn)
    if group_provider(env, group.name) is not None:
        fail(
            "ClientException",
            "The specified Auto Scaling group ARN is already being used by another capacity provider. Specify a "
            "unique Auto Scaling group ARN and try again.",
        )
    settings = AutoScalingGroupProvider(
        auto_scaling_group_arn=group.arn,
        managed_scaling=_scaling(asg.managed_scaling, DEFAULT_MANAGED_SCALING),
        managed_termination_protection=asg.managed_termination_protection or ManagedTerminationProtection.DISABLED,
        managed_draining=asg.managed_draining or ManagedDraining.ENABLED,
    )
    _check_termination_protection(settings)
    arn = provider_arn(env, req.name)
    provider = CapacityProvider(
        capacity_provider_arn=arn,
        name=req.name,
        status=CapacityProviderStatus.ACTIVE,
        auto_scaling_group_provider=settings,
        tags=(),
        type=CapacityProviderType.EC2_AUTOSCALING,
    )
    env.state.capacity.providers.pop(req.name, None)  # a re-created name moves to the end
    env.state.capacity.providers[req.name] = provider
    env.state.tags.pop(arn, None)
    if req.tags:
        env.state.tags[arn] = req.tags
    return CreateCapacityProviderResponse(capacity_provider=_shown(env, provider, True))


@handles(DescribeCapacityProvidersRequest)
def describe_capacity_providers(env: Env, req: DescribeCapacityProvidersRequest) -> DescribeCapacityProvidersResponse:
    """DescribeCapacityProviders (see the module's documentation)."""
    tags = "TAGS" in {str(i) for i in req.include or ()}
    associated = set(find_cluster(env, req.cluster).capacity_providers or ()) if req.cluster is not None else None
    if req.capacity_providers:
        if len(req.capacity_providers) > _MAX_DESCRIBE:
            fail("InvalidParameterException", f"capacityProviders must list at most {_MAX_DESCRIBE} providers.")
        found: list[CapacityProvider] = []
        failures: list[Failure] = []
        for ref in req.capacity_providers:
            provider = find_provider(env, ref)
            if provider is None or (associated is not None and provider.name not in associated):
                failures.append(Failure(arn=provider_arn(env, _name(ref)), reason="MISSING"))
            else:
                found.append(_shown(env, provider, tags))
        return DescribeCapacityProvidersResponse(capacity_providers=tuple(found), failures=tuple(failures))
    every = [_built_in(env, n) for n in FARGATE_PROVIDERS] + [
        p for p in env.state.capacity.providers.values() if p.status == CapacityProviderStatus.ACTIVE
    ]
    listed = [p for p in every if associated is None or p.name in associated]
    page, token = paginate(listed, req.next_token, req.max_results, limit=_PAGE)
    return DescribeCapacityProvidersResponse(
        capacity_providers=tuple(_shown(env, p, tags) for p in page), failures=(), next_token=token
    )


def _stored(env: Env, ref: str, verb: str) -> CapacityProvider:
    name = _name(ref)
    if name in FARGATE_PROVIDERS:
        fail("ClientException", f"The FARGATE and FARGATE_SPOT capacity providers are reserved and can't be {verb}.")
    found = find_provider(env, ref)
    if found is None or found.status == CapacityProviderStatus.INACTIVE:
        fail("ClientException", _NOT_FOUND)
    return found


@handles(UpdateCapacityProviderRequest)
def update_capacity_provider(env: Env, req: UpdateCapacityProviderRequest) -> UpdateCapacityProviderResponse:
    """UpdateCapacityProvider: the managed scaling members given, managed termination protection and draining."""
    _no_managed_instances(req.managed_instances_provider)
    provider = _stored(env, req.name, "updated")
    update = req.auto_scaling_group_provider
    current = provider.auto_scaling_group_provider
    if update is None or current is None:
        fail("InvalidParameterException", "autoScalingGroupProvider must be given.")
    merged = AutoScalingGroupProvider(
        auto_scaling_group_arn=current.auto_scaling_group_arn,
        managed_scaling=_scaling(update.managed_scaling, current.managed_scaling or DEFAULT_MANAGED_SCALING),
        managed_termination_protection=update.managed_termination_protection or current.managed_termination_protection,
        managed_draining=update.managed_draining or current.managed_draining,
    )
    _check_request(CreateCapacityProviderRequest(name=provider.name or "", auto_scaling_group_provider=merged))
    _check_termination_protection(merged)
    updated = replace(
        provider,
        auto_scaling_group_provider=merged,
        update_status=CapacityProviderUpdateStatus.UPDATE_COMPLETE,
        update_status_reason=None,
    )
    env.state.capacity.providers[provider.name or ""] = updated
    return UpdateCapacityProviderResponse(capacity_provider=_shown(env, updated, True))


def _services_using(env: Env, name: str, cluster_arn: str | None = None) -> list[str]:
    return [
        s.service_name or ""
        for s in env.state.services.values()
        if s.status != "INACTIVE"
        and (cluster_arn is None or s.cluster_arn == cluster_arn)
        and any(i.capacity_provider == name for i in s.capacity_provider_strategy or ())
    ]


@handles(DeleteCapacityProviderRequest)
def delete_capacity_provider(env: Env, req: DeleteCapacityProviderRequest) -> DeleteCapacityProviderResponse:
    """DeleteCapacityProvider (see the module's documentation)."""
    provider = _stored(env, req.capacity_provider, "deleted")
    name = provider.name or ""
    cluster = associated_cluster(env, name)
    services = _services_using(env, name)
    if cluster is not None:
        reason = (
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
        failed = replace(
            provider, update_status=CapacityProviderUpdateStatus.DELETE_FAILED, update_status_reason=reason
        )
        env.state.capacity.providers[name] = failed
        return DeleteCapacityProviderResponse(capacity_provider=_shown(env, failed, True))
    deleted = replace(
        provider,
        status=CapacityProviderStatus.INACTIVE,
        update_status=CapacityProviderUpdateStatus.DELETE_COMPLETE,
        update_status_reason=None,
    )
    env.state.capacity.providers[name] = deleted
    return DeleteCapacityProviderResponse(capacity_provider=_shown(env, deleted, True))


def check_association(env: Env, cluster: str, providers: Sequence[str], before: Sequence[str]) -> None:
    """Raise as AWS does when ``cluster`` cannot have exactly ``providers`` (it has ``before``)."""
    cluster_arn = env.arn(f"cluster/{cluster}")
    for name in providers:
        if name in FARGATE_PROVIDERS:
            continue
        found = env.state.capacity.providers.get(name)
        if found is None or found.status != CapacityProviderStatus.ACTIVE:
            fail(
                "InvalidParameterException",
                "The specified capacity provider was not found. Specify a valid capacity provider and try again.",
            )
        elsewhere = associated_cluster(env, name)
        if elsewhere is not None and elsewhere != cluster:
            fail(
                "InvalidParameterException",
                f"The capacity provider {name} is already associated with cluster {elsewhere}. A capacity provider "
                "can be associated with only one cluster.",
            )
    for name in set(before) - set(providers):
        used = any(
            t.capacity_provider_name == name and t.cluster_arn == cluster_arn and t.last_status != "STOPPED"
            for t in env.state.tasks.values()
        )
        if used or _services_using(env, name, cluster_arn):
            fail("ResourceInUseException", "The specified capacity provider is in use and cannot be removed.")


def associate(env: Env, cluster: str, added: Sequence[str]) -> None:
    """Providers were just associated with ``cluster``: their groups' running instances register with it."""
    for name in added:
        provider = env.state.capacity.providers.get(name)
        asg = provider.auto_scaling_group_provider if provider is not None else None
        if asg is not None:
            attach(env, find_group(env, asg.auto_scaling_group_arn), cluster, name)


def check_strategy(env: Env, providers: Sequence[str], associated: Sequence[str]) -> bool:
    """Raise as AWS does for a strategy of ``providers`` on a cluster that has ``associated``; returns whether it is
    a Fargate strategy (else an Auto Scaling group one)."""
    for name in providers:
        if name not in associated:
            fail("InvalidParameterException", _NOT_ASSOCIATED)
    fargate = [p in FARGATE_PROVIDERS for p in providers]
    if any(fargate) and not all(fargate):
        fail("InvalidParameterException", _MIX)
    for name in providers:
        provider = find_provider(env, name)
        if provider is not None and provider.managed_instances_provider is not None:  # pragma: no cover - not served
            fail("InvalidParameterException", "The fake does not serve Managed Instances capacity providers.")
    return all(fargate)


def split(strategy: Sequence[CapacityProviderStrategyItem], count: int) -> list[str]:
    """The capacity provider of each of ``count`` new tasks: the provider with a base first (up to its base), then
    each task to the weighted provider furthest below its share."""
    chosen: list[str] = []
    for item in strategy:
        chosen += [item.capacity_provider] * min(item.base or 0, count - len(chosen))
    weighted = [i for i in strategy if (i.weight or 0) > 0]
    if len(chosen) < count and not weighted:
        fail("InvalidParameterException", "The capacity provider strategy needs a provider with a weight above 0.")
    given = dict.fromkeys((i.capacity_provider for i in weighted), 0)
    while len(chosen) < count:
        pick = min(weighted, key=lambda i: (given[i.capacity_provider] + 1) / (i.weight or 1))
        given[pick.capacity_provider] += 1
        chosen.append(pick.capacity_provider)
    return chosen
