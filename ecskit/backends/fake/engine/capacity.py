"""Capacity providers as clusters, services and tasks use them (https://docs.aws.amazon.com/AmazonECS/latest/
developerguide/asg-capacity-providers.html and the API reference of each operation):

* Clusters take FARGATE, FARGATE_SPOT and ACTIVE Auto Scaling group providers not associated with another cluster;
  a provider that tasks or services still use cannot be removed (ResourceInUseException). Associating an Auto
  Scaling group provider registers its group's instances (:func:`associate`).
* A capacity provider strategy names providers associated with the cluster, Fargate ones or Auto Scaling group
  ones, not both; its tasks go first to the provider with a base, then by weight (:func:`split`,
  :func:`next_provider`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ecskit.backends.fake.core.capacity import FARGATE_PROVIDERS, ProviderRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.engine.auto_scaling import associated_cluster, attach, find_group
from ecskit.models.ecs import CapacityProviderStrategyItem, LaunchType, ManagedScaling, ManagedScalingStatus
from ecskit.texts import ecs

__all__ = [
    "associate",
    "check_association",
    "check_strategy",
    "find_provider",
    "managed_scaling",
    "next_provider",
    "provider_arn",
    "provider_name",
    "resolve_launch",
    "services_using",
    "split",
]


def provider_arn(env: Env, name: str) -> str:
    """The ARN of capacity provider ``name``."""
    return env.arn(f"capacity-provider/{name}")


def provider_name(ref: str) -> str:
    """The name in a capacity provider reference (a name or an ARN)."""
    return ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref


def find_provider(env: Env, ref: str) -> ProviderRecord | None:
    """An Auto Scaling group capacity provider by name or ARN (deleted ones INACTIVE), or None (FARGATE and
    FARGATE_SPOT are built in: they have no record)."""
    name = provider_name(ref)
    if ref.startswith("arn:") and ref != provider_arn(env, name):
        return None
    return env.state.providers.get(name)


def managed_scaling(provider: ProviderRecord) -> ManagedScaling | None:
    """The managed scaling settings of a provider when managed scaling is ENABLED, else None."""
    scaling = provider.auto_scaling_group.managed_scaling
    if scaling is None or scaling.status != ManagedScalingStatus.ENABLED:
        return None
    return scaling


def services_using(env: Env, name: str, cluster: str | None = None) -> list[str]:
    """The names of the live services whose strategy names provider ``name`` (in ``cluster``)."""
    return [
        s.name
        for s in env.state.services.values()
        if s.status != "INACTIVE"
        and (cluster is None or s.cluster == cluster)
        and any(
            i.capacity_provider == name
            for strategy in (s.capacity_provider_strategy, *(t.capacity_provider_strategy for t in s.task_sets))
            for i in strategy or ()
        )
    ]


def check_association(env: Env, cluster: str, providers: Sequence[str], before: Sequence[str]) -> None:
    """Raise as AWS does when ``cluster`` cannot have exactly ``providers`` (it has ``before``)."""
    for name in providers:
        if name in FARGATE_PROVIDERS:
            continue
        found = env.state.providers.get(name)
        if found is None or not found.active:
            refuse(ecs.CAPACITY_PROVIDER_NOT_FOUND_ASSOCIATE)
        elsewhere = associated_cluster(env, name)
        if elsewhere is not None and elsewhere != cluster:
            refuse(ecs.CAPACITY_PROVIDER_ELSEWHERE, name=name, cluster=elsewhere)
    for name in set(before) - set(providers):
        used = any(
            t.capacity_provider == name and t.cluster == cluster and t.last_status != "STOPPED"
            for t in env.state.tasks.values()
        )
        if used or services_using(env, name, cluster):
            refuse(ecs.CAPACITY_PROVIDER_IN_USE)


def associate(env: Env, cluster: str, added: Sequence[str]) -> None:
    """Providers were just associated with ``cluster``: their groups' running instances register with it."""
    for name in added:
        provider = env.state.providers.get(name)
        if provider is not None:
            attach(env, find_group(env, provider.auto_scaling_group.auto_scaling_group_arn), cluster, name)


def check_strategy(env: Env, providers: Sequence[str], associated: Sequence[str]) -> bool:
    """Raise as AWS does for a strategy of ``providers`` on a cluster that has ``associated``; returns whether it is
    a Fargate strategy (else an Auto Scaling group one)."""
    for name in providers:
        if name not in associated:
            refuse(ecs.STRATEGY_NOT_ASSOCIATED)
    fargate = [p in FARGATE_PROVIDERS for p in providers]
    if any(fargate) and not all(fargate):
        refuse(ecs.STRATEGY_MIXED)
    return all(fargate)


def resolve_launch(
    env: Env,
    launch_type: LaunchType | None,
    strategy: Sequence[CapacityProviderStrategyItem] | None,
    default: Sequence[CapacityProviderStrategyItem] | None,
    associated: Sequence[str],
) -> tuple[LaunchType | None, tuple[CapacityProviderStrategyItem, ...] | None, bool]:
    """The launch type or capacity provider strategy a service or task set runs with, as ECS resolves it: the one
    given, else the cluster's default strategy (``default``), else EC2; and whether its tasks run on Fargate."""
    if launch_type is None and not strategy:
        strategy = default
    if launch_type is not None or not strategy:
        resolved = launch_type or LaunchType.EC2
        return resolved, None, resolved == LaunchType.FARGATE
    fargate = check_strategy(env, [i.capacity_provider for i in strategy], associated)
    if not any((i.weight or 0) > 0 for i in strategy):
        refuse(ecs.STRATEGY_NO_WEIGHT)
    return None, tuple(strategy), fargate


def split(strategy: Sequence[CapacityProviderStrategyItem], count: int) -> list[str]:
    """The capacity provider of each of ``count`` new tasks: the provider with a base first (up to its base), then
    each task to the weighted provider furthest below its share."""
    chosen: list[str] = []
    for item in strategy:
        chosen += [item.capacity_provider] * min(item.base or 0, count - len(chosen))
    weighted = [i for i in strategy if (i.weight or 0) > 0]
    if len(chosen) < count and not weighted:
        refuse(ecs.STRATEGY_NO_WEIGHT)
    given = dict.fromkeys((i.capacity_provider for i in weighted), 0)
    while len(chosen) < count:
        pick = min(weighted, key=lambda i: (given[i.capacity_provider] + 1) / (i.weight or 1))
        given[pick.capacity_provider] += 1
        chosen.append(pick.capacity_provider)
    return chosen


def next_provider(strategy: Sequence[CapacityProviderStrategyItem], counts: Mapping[str, int]) -> str:
    """The capacity provider of a service's next task, given how many live tasks each provider has: ``base`` tasks
    first go to the provider that has a base; the rest follow the weights (each new task to the weighted provider
    furthest below its share of the tasks beyond the bases)."""
    for item in strategy:
        if counts.get(item.capacity_provider, 0) < (item.base or 0):
            return item.capacity_provider
    weighted = [i for i in strategy if (i.weight or 0) > 0]
    if not weighted:
        refuse(ecs.STRATEGY_NO_WEIGHT)

    def share(item: CapacityProviderStrategyItem) -> float:
        beyond = max(0, counts.get(item.capacity_provider, 0) - (item.base or 0))
        return (beyond + 1) / (item.weight or 1)

    return min(weighted, key=share).capacity_provider
