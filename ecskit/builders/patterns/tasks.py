"""A one-off task: a task definition and the RunTask request that starts it (a migration, a batch job).

>>> job = one_off_task(
...     "migrate", image="123456789012.dkr.ecr.us-east-1.amazonaws.com/app:2.0", command=("manage", "migrate"),
...     account="123456789012", region="us-east-1", vpc_id="vpc-0123456789abcdef0", subnets=("subnet-0c000000",))
>>> job.run_task.task_definition, job.run_task.launch_type, job.task_definition.container_definitions[0].command
('migrate', <LaunchType.FARGATE: 'FARGATE'>, ('manage', 'migrate'))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ecskit.builders._arguments import check_arguments
from ecskit.builders._checks import raise_for_errors
from ecskit.builders.containers import ContainerBuilder
from ecskit.builders.patterns._common import (
    app_container,
    describe_run_task,
    egress_only_group,
    spot_strategy,
    summarise,
    task_with_roles,
    where_tasks_run,
)
from ecskit.builders.task_definitions import task_definition
from ecskit.models.ecs import (
    AssignPublicIp,
    AwsVpcConfiguration,
    CapacityProviderStrategyItem,
    LaunchType,
    NetworkConfiguration,
    NetworkMode,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
)
from ecskit.models.elbv2 import SecurityGroup
from ecskit.models.iam import Role, Statement
from ecskit.validation import Config, validate_run_task

__all__ = ["OneOffTask", "one_off_task"]


@attrs.frozen(kw_only=True)
class OneOffTask:
    """A task definition, the RunTask request that starts it, its roles and (for awsvpc) its security group.

    Not a bare ``(task_definition, run_task)`` pair: the roles (and the group) must exist before the task runs.
    """

    #: The task definition (naming both roles).
    task_definition: RegisterTaskDefinitionRequest
    #: The RunTask request.
    run_task: RunTaskRequest
    #: The tasks' security group (admits nothing; None when the tasks do not use awsvpc or groups were given).
    security_group: SecurityGroup | None
    #: The task execution role.
    execution_role: Role
    #: The task role.
    task_role: Role

    def summary(self) -> str:
        """One line per resource."""
        return summarise(
            self.security_group,
            self.execution_role,
            self.task_role,
            self.task_definition,
            describe_run_task(self.run_task),
        )


@check_arguments
def one_off_task(
    family: str,
    *,
    image: str | ContainerBuilder,
    account: str,
    region: str,
    command: Sequence[str] = (),
    subnets: Sequence[str] = (),
    vpc_id: str | None = None,
    security_groups: Sequence[str] = (),
    cluster: str | None = None,
    launch_type: LaunchType = LaunchType.FARGATE,
    network_mode: NetworkMode | None = None,
    spot: bool = False,
    capacity_provider_strategy: Sequence[CapacityProviderStrategyItem] = (),
    cpu: int | str = 256,
    memory: int | str = 512,
    count: int = 1,
    started_by: str | None = None,
    environment: Mapping[str, str] | None = None,
    secrets: Mapping[str, str] | None = None,
    assign_public_ip: bool = False,
    task_role_statements: Sequence[Statement] = (),
    partition: str = "aws",
    config: Config | None = None,
) -> OneOffTask:
    """``count`` tasks of ``image`` running ``command`` once (on Fargate on-demand unless ``spot`` or a
    ``capacity_provider_strategy``). awsvpc tasks use ``subnets`` and ``security_groups``, or, given ``vpc_id``,
    a new group that admits nothing. Raises :class:`~ecskit.errors.ValidationError` when the combination cannot
    work (the task definition, and the request against it: :func:`~ecskit.validation.validate_run_task`).
    """
    app = app_container(family, image, command=command, environment=environment, secrets=secrets)
    builder = where_tasks_run(
        task_definition(family).container(app).awslogs(region=region),
        launch_type=launch_type,
        network_mode=network_mode,
        cpu=cpu,
        memory=memory,
    )
    made = task_with_roles(
        builder,
        name=family,
        account=account,
        region=region,
        partition=partition,
        statements=task_role_statements,
        exec_enabled=False,
        config=config,
    )
    td = made.task_definition
    strategy, extra = spot_strategy(
        launch_type=launch_type, spot=spot, on_demand_base=0, capacity_provider_strategy=capacity_provider_strategy
    )
    group = None
    network = None
    if td.network_mode == NetworkMode.AWSVPC:
        groups = tuple(security_groups)
        if not groups and vpc_id is not None:
            group = egress_only_group(f"{family}-task", vpc_id=vpc_id, description=f"tasks of {family}: no ingress")
            groups = (group.group_id or "",)
        vpc = AwsVpcConfiguration(
            subnets=tuple(subnets),
            security_groups=groups or None,
            assign_public_ip=AssignPublicIp.ENABLED if assign_public_ip else AssignPublicIp.DISABLED,
        )
        network = NetworkConfiguration(awsvpc_configuration=vpc)
    run = RunTaskRequest(
        cluster=cluster,
        task_definition=td.family,
        count=count,
        launch_type=None if strategy else launch_type,
        capacity_provider_strategy=strategy or None,
        network_configuration=network,
        started_by=started_by,
    )
    raise_for_errors([validate_run_task(run, task_definition=td, config=config)], extra)
    return OneOffTask(
        task_definition=td,
        run_task=run,
        security_group=group,
        execution_role=made.execution_role,
        task_role=made.task_role,
    )
