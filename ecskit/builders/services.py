"""Services: where the tasks run (launch type or capacity providers), their network, load balancers, deployments
and placement, checked against their task definition.

>>> from ecskit.builders import container, task_definition
>>> td = (task_definition("web").ec2(memory=512)
...       .container(container("app", "nginx:1.27").port(80)).build())
>>> svc = service("web", td, cluster="prod", desired_count=3).spread("attribute:ecs.availability-zone").build()
>>> svc.launch_type, svc.task_definition, svc.deployment_configuration.deployment_circuit_breaker
(<LaunchType.EC2: 'EC2'>, 'web', DeploymentCircuitBreaker(enable=True, rollback=True))

A target group whose target type does not fit the task's network mode fails at ``build()``:

>>> from ecskit.builders.load_balancing import target_group
>>> tg = target_group("web", port=80, network_mode="awsvpc", vpc_id="vpc-0123456789abcdef0",
...                   account="123456789012", region="us-east-1")
>>> from ecskit.errors import ValidationError
>>> try:
...     service("web", td).load_balancer(tg, container="app", port=80).build()
... except ValidationError as exc:
...     print(exc)
error (api): load_balancers[0]: target group 'web' has target type ip; bridge tasks need instance [lb-target-type]
    fix: use target type instance for bridge and host network modes, ip for awsvpc
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ecskit.builders._arguments import check_arguments
from ecskit.builders._checks import raise_for_errors
from ecskit.builders.load_balancing import target_type_findings
from ecskit.builders.task_definitions import TaskDefinitionBuilder
from ecskit.models._base import replace
from ecskit.models.ecs import (
    AssignPublicIp,
    AwsVpcConfiguration,
    CapacityProviderStrategyItem,
    Cluster,
    CreateServiceRequest,
    DeploymentCircuitBreaker,
    DeploymentConfiguration,
    LaunchType,
    LoadBalancer,
    NetworkConfiguration,
    PlacementConstraint,
    PlacementConstraintType,
    PlacementStrategy,
    PlacementStrategyType,
    PropagateTags,
    RegisterTaskDefinitionRequest,
    SchedulingStrategy,
    Tag,
)
from ecskit.models.elbv2 import TargetGroup
from ecskit.validation import Config, Finding, Report, validate_service

__all__ = ["ServiceBuilder", "service"]


def _default_launch_type(td: RegisterTaskDefinitionRequest) -> LaunchType | None:
    """The launch type a task definition that declares exactly one compatibility is made for."""
    compat = {str(c) for c in td.requires_compatibilities or ()}
    if len(compat) != 1:
        return None
    (only,) = compat
    return LaunchType(only) if only in LaunchType.__members__.values() else None


@check_arguments
def service(
    name: str,
    task_definition: RegisterTaskDefinitionRequest | TaskDefinitionBuilder,
    *,
    cluster: str | None = None,
    desired_count: int = 1,
) -> ServiceBuilder:
    """Start a service of ``desired_count`` tasks of ``task_definition`` (a builder is built, and so validated,
    here). The service refers to the task definition by family (its latest ACTIVE revision).

    Defaults: the launch type the task definition is made for when it declares exactly one; rolling deployments
    with the deployment circuit breaker and rollback on (maximum 200%, minimum healthy 100%).
    """
    td = task_definition.build() if isinstance(task_definition, TaskDefinitionBuilder) else task_definition
    request = CreateServiceRequest(
        service_name=name,
        cluster=cluster,
        task_definition=td.family,
        desired_count=desired_count,
        launch_type=_default_launch_type(td),
        deployment_configuration=DeploymentConfiguration(
            deployment_circuit_breaker=DeploymentCircuitBreaker(enable=True, rollback=True),
            maximum_percent=200,
            minimum_healthy_percent=100,
        ),
    )
    return ServiceBuilder(request=request, task_definition=td)


@attrs.frozen(kw_only=True)
class ServiceBuilder:
    """An immutable builder of a :class:`~ecskit.models.ecs.CreateServiceRequest`; start one with :func:`service`."""

    #: The request so far.
    request: CreateServiceRequest
    #: The task definition the service runs (validation checks the service against it).
    task_definition: RegisterTaskDefinitionRequest
    #: The target groups given to :meth:`load_balancer`, by entry index, for the target type check.
    target_groups: tuple[tuple[int, TargetGroup], ...] = ()

    def _set(self, **changes: object) -> ServiceBuilder:
        return attrs.evolve(self, request=replace(self.request, **changes))

    @check_arguments
    def desired_count(self, count: int) -> ServiceBuilder:
        """How many tasks the service keeps running."""
        return self._set(desired_count=count)

    # -- capacity -----------------------------------------------------------------------------------------------------

    @check_arguments
    def launch_type(self, launch_type: LaunchType | None) -> ServiceBuilder:
        """Run on this launch type (drops a capacity provider strategy; ``None``: the cluster's default strategy)."""
        return self._set(launch_type=launch_type, capacity_provider_strategy=None)

    @check_arguments
    def fargate(self, *, platform_version: str | None = None) -> ServiceBuilder:
        """Run on Fargate (on-demand), optionally pinned to a platform version (``"LATEST"`` by default)."""
        return self.launch_type(LaunchType.FARGATE)._set(platform_version=platform_version)

    def ec2(self) -> ServiceBuilder:
        """Run on the cluster's EC2 container instances."""
        return self.launch_type(LaunchType.EC2)

    @check_arguments
    def capacity_providers(self, *strategy: CapacityProviderStrategyItem) -> ServiceBuilder:
        """Run with this capacity provider strategy instead of a launch type (see
        :func:`ecskit.builders.spot_with_on_demand_base`)."""
        return self._set(capacity_provider_strategy=strategy, launch_type=None)

    # -- network and load balancers -----------------------------------------------------------------------------------

    @check_arguments
    def awsvpc(
        self, subnets: Sequence[str], security_groups: Sequence[str] = (), *, assign_public_ip: bool = False
    ) -> ServiceBuilder:
        """The subnets and security groups of the tasks' network interfaces (``awsvpc`` tasks: all of Fargate).
        A public IP (Fargate only) is needed in a public subnet without a NAT gateway to pull images."""
        config = AwsVpcConfiguration(
            subnets=tuple(subnets),
            security_groups=tuple(security_groups) or None,
            assign_public_ip=AssignPublicIp.ENABLED if assign_public_ip else AssignPublicIp.DISABLED,
        )
        return self._set(network_configuration=NetworkConfiguration(awsvpc_configuration=config))

    @check_arguments
    def load_balancer(
        self, target_group: TargetGroup | str, *, container: str, port: int, grace_period: int = 60
    ) -> ServiceBuilder:
        """Register the tasks' ``container``:``port`` in ``target_group`` (a :class:`TargetGroup` with its ARN
        set, or an ARN). Given a :class:`TargetGroup`, :meth:`build` also checks that its target type fits the
        task definition's network mode. Sets a health check grace period (seconds) unless one is set already,
        so that slow-starting tasks are not replaced before the load balancer sees them healthy."""
        arn = target_group if isinstance(target_group, str) else target_group.target_group_arn
        entry = LoadBalancer(target_group_arn=arn, container_name=container, container_port=port)
        entries = self.request.load_balancers or ()
        groups = self.target_groups
        if isinstance(target_group, TargetGroup):
            groups = (*groups, (len(entries), target_group))
        grace = self.request.health_check_grace_period_seconds
        changed = self._set(
            load_balancers=(*entries, entry), health_check_grace_period_seconds=grace_period if grace is None else grace
        )
        return attrs.evolve(changed, target_groups=groups)

    @check_arguments
    def grace_period(self, seconds: int | None) -> ServiceBuilder:
        """How long ECS ignores failing load balancer and container health checks of a new task."""
        return self._set(health_check_grace_period_seconds=seconds)

    # -- deployments --------------------------------------------------------------------------------------------------

    @check_arguments
    def deployment(
        self,
        *,
        maximum_percent: int = 200,
        minimum_healthy_percent: int = 100,
        circuit_breaker: bool = True,
        rollback: bool = True,
    ) -> ServiceBuilder:
        """Rolling deployment limits and the circuit breaker, which stops (and with ``rollback`` reverts) a
        deployment whose tasks keep failing (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html)."""
        breaker = DeploymentCircuitBreaker(enable=circuit_breaker, rollback=rollback and circuit_breaker)
        config = replace(
            self.request.deployment_configuration or DeploymentConfiguration(),
            deployment_circuit_breaker=breaker,
            maximum_percent=maximum_percent,
            minimum_healthy_percent=minimum_healthy_percent,
        )
        return self._set(deployment_configuration=config)

    def daemon(self) -> ServiceBuilder:
        """One task on every container instance (EC2): no desired count, deployments that stop a task before
        starting its replacement (maximum 100%, minimum healthy 0%)."""
        changed = self._set(scheduling_strategy=SchedulingStrategy.DAEMON, desired_count=None)
        return changed.deployment(maximum_percent=100, minimum_healthy_percent=0)

    # -- placement (EC2) ----------------------------------------------------------------------------------------------

    def _strategy(self, kind: PlacementStrategyType, field: str | None) -> ServiceBuilder:
        entry = PlacementStrategy(type=kind, field=field)
        return self._set(placement_strategy=(*(self.request.placement_strategy or ()), entry))

    @check_arguments
    def spread(self, field: str = "attribute:ecs.availability-zone") -> ServiceBuilder:
        """Spread tasks evenly over ``field`` (Availability Zones by default, ``instanceId``, ``attribute:...``)."""
        return self._strategy(PlacementStrategyType.SPREAD, field)

    @check_arguments
    def binpack(self, field: str = "memory") -> ServiceBuilder:
        """Pack tasks onto the fewest instances, by ``memory`` or ``cpu``."""
        return self._strategy(PlacementStrategyType.BINPACK, field)

    def random(self) -> ServiceBuilder:
        """Place tasks randomly."""
        return self._strategy(PlacementStrategyType.RANDOM, None)

    def distinct_instance(self) -> ServiceBuilder:
        """Never place two of the service's tasks on the same instance."""
        entry = PlacementConstraint(type=PlacementConstraintType.DISTINCT_INSTANCE)
        return self._set(placement_constraints=(*(self.request.placement_constraints or ()), entry))

    @check_arguments
    def member_of(self, expression: str) -> ServiceBuilder:
        """Place tasks only on instances that match ``expression`` (cluster query language)."""
        entry = PlacementConstraint(type=PlacementConstraintType.MEMBER_OF, expression=expression)
        return self._set(placement_constraints=(*(self.request.placement_constraints or ()), entry))

    # -- the rest -----------------------------------------------------------------------------------------------------

    @check_arguments
    def execute_command(self, enabled: bool = True) -> ServiceBuilder:
        """Allow ECS Exec into the tasks (the task definition needs a task role)."""
        return self._set(enable_execute_command=enabled)

    @check_arguments
    def tags(self, values: Mapping[str, str], *, propagate: PropagateTags | None = None) -> ServiceBuilder:
        """Add tags, and optionally copy the service's (or task definition's) tags to its tasks."""
        added = tuple(Tag(key=k, value=v) for k, v in values.items())
        changed = self._set(tags=(*(self.request.tags or ()), *added))
        return changed._set(propagate_tags=propagate) if propagate is not None else changed

    # -- output -------------------------------------------------------------------------------------------------------

    def draft(self) -> CreateServiceRequest:
        """The request as built so far, without validation."""
        return self.request

    def _target_type_findings(self) -> list[Finding]:
        mode = self.task_definition.network_mode
        found: list[Finding] = []
        for index, group in self.target_groups:
            found += target_type_findings(group, mode, f"load_balancers[{index}]")
        return found

    @check_arguments
    def validate(self, *, cluster: Cluster | None = None, config: Config | None = None) -> Report:
        """Every finding of :func:`~ecskit.validation.validate_service` against the task definition (and the
        cluster when given), plus the target type check of the target groups."""
        report = validate_service(self.request, task_definition=self.task_definition, cluster=cluster, config=config)
        return Report([*report, *self._target_type_findings()])

    @check_arguments
    def build(self, *, cluster: Cluster | None = None, config: Config | None = None) -> CreateServiceRequest:
        """The validated request; raises :class:`~ecskit.errors.ValidationError` if validation finds an error."""
        raise_for_errors([self.validate(cluster=cluster, config=config)])
        return self.request
