"""Clusters and their capacity: Fargate and Fargate Spot, Auto Scaling group capacity providers, and the
strategies that split a service's tasks between them.

>>> plan = (cluster("prod").fargate()
...         .default_strategy(*spot_with_on_demand_base(base=2, spot_weight=3, on_demand_weight=1)).build())
>>> [(i.capacity_provider, i.base, i.weight) for i in plan.put_capacity_providers.default_capacity_provider_strategy]
[('FARGATE', 2, 1), ('FARGATE_SPOT', None, 3)]

A plan is made of the requests to send, in order (:meth:`ClusterPlan.requests`): CreateCluster, then
CreateCapacityProvider for each Auto Scaling group provider, then PutClusterCapacityProviders, which associates
every provider (Fargate and Auto Scaling group alike) and sets the default strategy. The same order works for every
cluster, since an Auto Scaling group provider must exist before a cluster can use it.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ecskit.builders._arguments import check_arguments
from ecskit.builders._checks import raise_for_errors
from ecskit.models._base import replace
from ecskit.models.ecs import (
    AutoScalingGroupProvider,
    CapacityProviderStrategyItem,
    ClusterSetting,
    ClusterSettingName,
    CreateCapacityProviderRequest,
    CreateClusterRequest,
    ManagedDraining,
    ManagedScaling,
    ManagedScalingStatus,
    ManagedTerminationProtection,
    PutClusterCapacityProvidersRequest,
    Tag,
)
from ecskit.validation import Config, Report, validate_capacity_provider, validate_cluster

__all__ = ["ClusterBuilder", "ClusterPlan", "cluster", "spot_with_on_demand_base"]

FARGATE = "FARGATE"
FARGATE_SPOT = "FARGATE_SPOT"


@check_arguments
def spot_with_on_demand_base(
    *,
    base: int = 1,
    spot_weight: int = 3,
    on_demand_weight: int = 1,
    on_demand: str = FARGATE,
    spot: str = FARGATE_SPOT,
) -> tuple[CapacityProviderStrategyItem, ...]:
    """A strategy that runs the first ``base`` tasks on on-demand capacity and splits the rest
    ``on_demand_weight`` : ``spot_weight`` between on-demand and Spot capacity.

    With ``base=0, on_demand_weight=0`` every task runs on Spot (the on-demand provider is left out: in a
    strategy it would get nothing). Works with Auto Scaling group providers too (``on_demand``/``spot`` names).
    How ECS applies base and weight: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html

    >>> [(i.capacity_provider, i.base, i.weight) for i in spot_with_on_demand_base(base=0, on_demand_weight=0)]
    [('FARGATE_SPOT', None, 3)]
    """
    items = []
    if base or on_demand_weight:
        items.append(
            CapacityProviderStrategyItem(capacity_provider=on_demand, base=base or None, weight=on_demand_weight)
        )
    items.append(CapacityProviderStrategyItem(capacity_provider=spot, weight=spot_weight))
    return tuple(items)


@attrs.frozen(kw_only=True)
class ClusterPlan:
    """The requests that make a cluster with its capacity providers, in the order they are sent."""

    #: CreateCluster: the name, settings and tags.
    create_cluster: CreateClusterRequest
    #: CreateCapacityProvider for each Auto Scaling group capacity provider (Fargate's exist in every account).
    capacity_providers: tuple[CreateCapacityProviderRequest, ...] = ()
    #: PutClusterCapacityProviders: every provider of the cluster and the default strategy (None: no providers).
    put_capacity_providers: PutClusterCapacityProvidersRequest | None = None

    def requests(
        self,
    ) -> tuple[CreateClusterRequest | CreateCapacityProviderRequest | PutClusterCapacityProvidersRequest, ...]:
        """Every request, in the order to send them."""
        put = () if self.put_capacity_providers is None else (self.put_capacity_providers,)
        return (self.create_cluster, *self.capacity_providers, *put)


@check_arguments
def cluster(name: str) -> ClusterBuilder:
    """Start a cluster named ``name``."""
    return ClusterBuilder(request=CreateClusterRequest(cluster_name=name))


@attrs.frozen(kw_only=True)
class ClusterBuilder:
    """An immutable builder of a :class:`ClusterPlan`; start one with :func:`cluster`."""

    #: CreateCluster so far.
    request: CreateClusterRequest
    #: The Auto Scaling group providers to create.
    providers: tuple[CreateCapacityProviderRequest, ...] = ()
    #: The names of every capacity provider to associate, in order.
    associated: tuple[str, ...] = ()
    #: The default capacity provider strategy.
    strategy: tuple[CapacityProviderStrategyItem, ...] = ()

    @property
    def name(self) -> str:
        """The cluster's name."""
        return self.request.cluster_name or ""

    def _associate(self, *names: str) -> tuple[str, ...]:
        return self.associated + tuple(n for n in names if n not in self.associated)

    @check_arguments
    def fargate(self, *, spot: bool = True) -> ClusterBuilder:
        """Associate the FARGATE capacity provider (and FARGATE_SPOT, unless ``spot`` is False)."""
        names = (FARGATE, FARGATE_SPOT) if spot else (FARGATE,)
        return attrs.evolve(self, associated=self._associate(*names))

    @check_arguments
    def asg_capacity_provider(
        self,
        name: str,
        auto_scaling_group_arn: str,
        *,
        managed_scaling: bool = True,
        target_capacity: int = 100,
        minimum_scaling_step_size: int | None = None,
        maximum_scaling_step_size: int | None = None,
        instance_warmup_period: int | None = None,
        managed_termination_protection: bool = False,
        managed_draining: bool = True,
    ) -> ClusterBuilder:
        """Create and associate a capacity provider for an Auto Scaling group.

        With managed scaling ECS resizes the group to keep its instances ``target_capacity`` percent used (100:
        no spare instance). Managed termination protection keeps the group from terminating instances that run
        tasks; it needs scale-in protection on the group's instances, so it is off unless asked for. Managed
        draining drains an instance before the group terminates it
        (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/asg-capacity-providers.html).
        """
        scaling = ManagedScaling(
            status=ManagedScalingStatus.ENABLED if managed_scaling else ManagedScalingStatus.DISABLED,
            target_capacity=target_capacity if managed_scaling else None,
            minimum_scaling_step_size=minimum_scaling_step_size,
            maximum_scaling_step_size=maximum_scaling_step_size,
            instance_warmup_period=instance_warmup_period,
        )
        provider = CreateCapacityProviderRequest(
            name=name,
            auto_scaling_group_provider=AutoScalingGroupProvider(
                auto_scaling_group_arn=auto_scaling_group_arn,
                managed_scaling=scaling,
                managed_termination_protection=ManagedTerminationProtection.ENABLED
                if managed_termination_protection
                else ManagedTerminationProtection.DISABLED,
                managed_draining=ManagedDraining.ENABLED if managed_draining else ManagedDraining.DISABLED,
            ),
        )
        return attrs.evolve(self, providers=(*self.providers, provider), associated=self._associate(name))

    @check_arguments
    def default_strategy(self, *items: CapacityProviderStrategyItem) -> ClusterBuilder:
        """The strategy of services and tasks that name neither a launch type nor a strategy; its providers are
        associated with the cluster if they are not yet."""
        return attrs.evolve(self, strategy=items, associated=self._associate(*(i.capacity_provider for i in items)))

    @check_arguments
    def container_insights(self, value: str = "enabled") -> ClusterBuilder:
        """Turn on CloudWatch Container Insights: ``"enabled"``, ``"enhanced"`` (or ``"disabled"``)."""
        kept = tuple(s for s in self.request.settings or () if s.name != ClusterSettingName.CONTAINER_INSIGHTS)
        setting = ClusterSetting(name=ClusterSettingName.CONTAINER_INSIGHTS, value=value)
        return attrs.evolve(self, request=replace(self.request, settings=(*kept, setting)))

    @check_arguments
    def tags(self, values: Mapping[str, str]) -> ClusterBuilder:
        """Add tags to the cluster."""
        added = tuple(Tag(key=k, value=v) for k, v in values.items())
        return attrs.evolve(self, request=replace(self.request, tags=(*(self.request.tags or ()), *added)))

    def draft(self) -> ClusterPlan:
        """The plan as built so far, without validation."""
        put = None
        if self.associated or self.strategy:
            put = PutClusterCapacityProvidersRequest(
                cluster=self.name, capacity_providers=self.associated, default_capacity_provider_strategy=self.strategy
            )
        providers = tuple(replace(p, cluster=None) for p in self.providers)
        return ClusterPlan(create_cluster=self.request, capacity_providers=providers, put_capacity_providers=put)

    @check_arguments
    def validate(self, *, config: Config | None = None) -> Report:
        """Every finding of :func:`~ecskit.validation.validate_cluster` on CreateCluster and
        PutClusterCapacityProviders and of :func:`~ecskit.validation.validate_capacity_provider` on each provider."""
        plan = self.draft()
        reports = [validate_cluster(plan.create_cluster, config=config)]
        reports += [validate_capacity_provider(p, config=config) for p in plan.capacity_providers]
        if plan.put_capacity_providers is not None:
            reports.append(validate_cluster(plan.put_capacity_providers, config=config))
        return Report([f for r in reports for f in r])

    @check_arguments
    def build(self, *, config: Config | None = None) -> ClusterPlan:
        """The validated plan; raises :class:`~ecskit.errors.ValidationError` if validation finds an error."""
        raise_for_errors([self.validate(config=config)])
        return self.draft()
