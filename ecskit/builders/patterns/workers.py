"""A queue worker: a service with no load balancer, Spot-first on Fargate by default.

>>> worker = queue_worker(
...     "resize", image="123456789012.dkr.ecr.us-east-1.amazonaws.com/resize:1.4", account="123456789012",
...     region="us-east-1", vpc_id="vpc-0123456789abcdef0", subnets=("subnet-0c000000",), on_demand_base=1)
>>> [(i.capacity_provider, i.base, i.weight) for i in worker.service.capacity_provider_strategy]
[('FARGATE', 1, 0), ('FARGATE_SPOT', None, 1)]
>>> worker.security_group.rules
()
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ecskit.builders._arguments import check_arguments
from ecskit.builders._checks import raise_for_errors
from ecskit.builders.containers import ContainerBuilder
from ecskit.builders.patterns._common import (
    app_container,
    describe_service,
    egress_only_group,
    spot_strategy,
    summarise,
    task_with_roles,
    where_tasks_run,
)
from ecskit.builders.services import service
from ecskit.builders.task_definitions import task_definition
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    CreateServiceRequest,
    LaunchType,
    NetworkMode,
    RegisterTaskDefinitionRequest,
)
from ecskit.models.elbv2 import SecurityGroup
from ecskit.models.iam import Role, Statement
from ecskit.validation import Config

__all__ = ["QueueWorker", "queue_worker"]


@attrs.frozen(kw_only=True)
class QueueWorker:
    """A worker service, its task definition and roles, and (for awsvpc tasks) its security group."""

    #: The task definition (naming both roles).
    task_definition: RegisterTaskDefinitionRequest
    #: The service: no load balancer.
    service: CreateServiceRequest
    #: The tasks' security group (admits nothing; None when the tasks do not use awsvpc or groups were given).
    security_group: SecurityGroup | None
    #: The task execution role.
    execution_role: Role
    #: The task role (grant it the queue: ``task_role_statements``).
    task_role: Role

    def summary(self) -> str:
        """One line per resource."""
        return summarise(
            self.security_group,
            self.execution_role,
            self.task_role,
            self.task_definition,
            describe_service(self.service),
        )


@check_arguments
def queue_worker(
    name: str,
    *,
    image: str | ContainerBuilder,
    account: str,
    region: str,
    subnets: Sequence[str] = (),
    vpc_id: str | None = None,
    security_groups: Sequence[str] = (),
    cluster: str | None = None,
    launch_type: LaunchType = LaunchType.FARGATE,
    network_mode: NetworkMode | None = None,
    spot: bool | None = None,
    on_demand_base: int = 0,
    capacity_provider_strategy: Sequence[CapacityProviderStrategyItem] = (),
    cpu: int | str = 256,
    memory: int | str = 512,
    desired_count: int = 1,
    command: Sequence[str] = (),
    environment: Mapping[str, str] | None = None,
    secrets: Mapping[str, str] | None = None,
    assign_public_ip: bool = False,
    task_role_statements: Sequence[Statement] = (),
    enable_execute_command: bool = False,
    partition: str = "aws",
    config: Config | None = None,
) -> QueueWorker:
    """A service of ``desired_count`` workers that take their work from a queue (no ports, no load balancer).

    On Fargate it runs on FARGATE_SPOT (Spot-first), with the first ``on_demand_base`` tasks on on-demand
    FARGATE; ``spot=False`` runs on-demand only. Workers should finish or hand back their message within the
    two minutes between a Spot interruption notice and SIGKILL (``stop_timeout`` up to 120 s). On EC2, pass
    ``capacity_provider_strategy`` for Spot (Auto Scaling group providers). awsvpc tasks use ``subnets`` and
    ``security_groups``, or, given ``vpc_id``, a new group that admits nothing.
    Raises :class:`~ecskit.errors.ValidationError` when the combination cannot work.
    """
    app = app_container(name, image, command=command, environment=environment, secrets=secrets)
    builder = where_tasks_run(
        task_definition(name).container(app).awslogs(region=region),
        launch_type=launch_type,
        network_mode=network_mode,
        cpu=cpu,
        memory=memory,
    )
    made = task_with_roles(
        builder,
        name=name,
        account=account,
        region=region,
        partition=partition,
        statements=task_role_statements,
        exec_enabled=enable_execute_command,
        config=config,
    )
    td = made.task_definition
    strategy, extra = spot_strategy(
        launch_type=launch_type,
        spot=spot,
        on_demand_base=on_demand_base,
        capacity_provider_strategy=capacity_provider_strategy,
    )
    svc = service(name, td, cluster=cluster, desired_count=desired_count)
    if strategy:
        svc = svc.capacity_providers(*strategy)
    group = None
    if td.network_mode == NetworkMode.AWSVPC:
        groups = tuple(security_groups)
        if not groups and vpc_id is not None:
            group = egress_only_group(f"{name}-worker", vpc_id=vpc_id, description=f"workers of {name}: no ingress")
            groups = (group.group_id or "",)
        svc = svc.awsvpc(subnets, groups, assign_public_ip=assign_public_ip)
    if enable_execute_command:
        svc = svc.execute_command()
    raise_for_errors([svc.validate(config=config)], extra)
    return QueueWorker(
        task_definition=td,
        service=svc.draft(),
        security_group=group,
        execution_role=made.execution_role,
        task_role=made.task_role,
    )
