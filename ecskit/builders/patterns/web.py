"""A service behind an internet-facing Application Load Balancer, with everything it needs and nothing more.

>>> web = load_balanced_service(
...     "web", image="public.ecr.aws/nginx/nginx:1.27", port=80, account="123456789012", region="us-east-1",
...     vpc_id="vpc-0123456789abcdef0", public_subnets=("subnet-0a000000", "subnet-0b000000"),
...     private_subnets=("subnet-0c000000", "subnet-0d000000"))
>>> web.target_group.target_type, web.service.load_balancers[0].target_group_arn == web.target_group.target_group_arn
(<TargetType.IP: 'ip'>, True)

The same service on EC2 in bridge mode gets target type ``instance`` and a task security group that admits the
load balancer on the ephemeral port range (its tasks get dynamic host ports):

>>> ec2 = load_balanced_service(
...     "web", image="public.ecr.aws/nginx/nginx:1.27", port=80, account="123456789012", region="us-east-1",
...     vpc_id="vpc-0123456789abcdef0", public_subnets=("subnet-0a000000", "subnet-0b000000"),
...     launch_type=LaunchType.EC2, memory=512)
>>> ec2.target_group.target_type, [(r.from_port, r.to_port) for r in ec2.service_security_group.rules]
(<TargetType.INSTANCE: 'instance'>, [(32768, 65535)])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ecskit.builders._arguments import check_arguments
from ecskit.builders._checks import error, raise_for_errors
from ecskit.builders.containers import ContainerBuilder
from ecskit.builders.load_balancing import (
    application_load_balancer,
    check_load_balancing,
    elb_name,
    listener,
    load_balancer_security_group,
    service_security_group,
    target_group,
)
from ecskit.builders.patterns._common import (
    app_container,
    describe_listener,
    describe_load_balancer,
    describe_role,
    describe_security_group,
    describe_service,
    describe_target_group,
    describe_task_definition,
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
from ecskit.models.elbv2 import Listener, LoadBalancer, SecurityGroup, TargetGroup
from ecskit.models.iam import Role, Statement
from ecskit.validation import Config

__all__ = ["LoadBalancedService", "load_balanced_service"]


@attrs.frozen(kw_only=True)
class LoadBalancedService:
    """Everything a load-balanced service is made of, ready to create in this order: security groups, roles,
    load balancer, target group, listener, task definition, service.

    The ARNs of the load balancer and target group and the security group ids are deterministic placeholders
    (see :mod:`ecskit.builders.load_balancing`); the service and the task definition refer to them.
    """

    #: The task definition (naming both roles).
    task_definition: RegisterTaskDefinitionRequest
    #: The service, registering its container port in :attr:`target_group`.
    service: CreateServiceRequest
    #: The internet-facing Application Load Balancer, in the public subnets.
    load_balancer: LoadBalancer
    #: Its listener: HTTPS on 443 with a certificate, HTTP on 80 without.
    listener: Listener
    #: The target group: target type ``ip`` for awsvpc tasks, ``instance`` for bridge and host; port = container port.
    target_group: TargetGroup
    #: The load balancer's security group, then the tasks' (awsvpc) or the container instances' (bridge, host).
    security_groups: tuple[SecurityGroup, SecurityGroup]
    #: The task execution role: exactly what the task definition references.
    execution_role: Role
    #: The task role.
    task_role: Role

    @property
    def load_balancer_security_group(self) -> SecurityGroup:
        """The load balancer's security group (listener port open to the internet)."""
        return self.security_groups[0]

    @property
    def service_security_group(self) -> SecurityGroup:
        """The group that admits the load balancer to the tasks: on the tasks' ENIs in awsvpc mode, on the
        container instances (their launch template) in bridge and host mode."""
        return self.security_groups[1]

    def summary(self) -> str:
        """One line per resource."""
        lines = [
            describe_load_balancer(self.load_balancer),
            describe_listener(self.listener),
            describe_target_group(self.target_group),
            *(describe_security_group(g) for g in self.security_groups),
            describe_role(self.execution_role),
            describe_role(self.task_role),
            describe_task_definition(self.task_definition),
            describe_service(self.service),
        ]
        return "\n".join(lines)


@check_arguments
def load_balanced_service(
    name: str,
    *,
    image: str | ContainerBuilder,
    port: int,
    account: str,
    region: str,
    vpc_id: str,
    public_subnets: Sequence[str],
    private_subnets: Sequence[str] = (),
    cluster: str | None = None,
    launch_type: LaunchType = LaunchType.FARGATE,
    network_mode: NetworkMode | None = None,
    capacity_provider_strategy: Sequence[CapacityProviderStrategyItem] = (),
    cpu: int | str = 256,
    memory: int | str = 512,
    desired_count: int = 2,
    host_port: int | None = None,
    assign_public_ip: bool = False,
    certificate_arn: str | None = None,
    health_check_path: str = "/",
    health_check_matcher: str = "200",
    health_check_grace_period: int = 60,
    environment: Mapping[str, str] | None = None,
    secrets: Mapping[str, str] | None = None,
    task_role_statements: Sequence[Statement] = (),
    enable_execute_command: bool = False,
    partition: str = "aws",
    config: Config | None = None,
) -> LoadBalancedService:
    """A service of ``desired_count`` tasks of ``image`` serving on ``port``, behind an internet-facing ALB.

    * ``launch_type`` FARGATE: awsvpc tasks in ``private_subnets`` (``assign_public_ip`` for public subnets
      without a NAT gateway); EC2: ``network_mode`` bridge by default, with a dynamic host port unless
      ``host_port`` is given, or host, or awsvpc (in ``private_subnets``).
    * ``capacity_provider_strategy`` replaces the launch type (for example
      :func:`~ecskit.builders.spot_with_on_demand_base`).
    * ``cpu``/``memory``: the task size, in any spelling AWS reads (``"0.5 vCPU"``, ``"1GB"``).
    * The load balancer listens on 443 with ``certificate_arn``, else on 80, and checks
      ``health_check_path`` for ``health_check_matcher``; the service waits ``health_check_grace_period`` seconds
      before it counts failed checks of a new task.
    * ``image`` may be a :class:`~ecskit.builders.ContainerBuilder` for anything more (its port is added when
      it does not map ``port``); it logs to CloudWatch Logs (``/ecs/{name}``) unless it has a log configuration.

    Raises :class:`~ecskit.errors.ValidationError` (with every finding) when the combination cannot work.
    """
    app = app_container(name, image, port=port, host_port=host_port, environment=environment, secrets=secrets)
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
    mode = td.network_mode

    https = certificate_arn is not None
    lb_group = load_balancer_security_group(f"{name}-lb", vpc_id=vpc_id, ports=(443 if https else 80,))
    alb = application_load_balancer(
        elb_name(name),
        subnets=public_subnets,
        security_groups=(lb_group.group_id or "",),
        account=account,
        region=region,
        partition=partition,
    )
    group = target_group(
        elb_name(name, "-tg"),
        port=port,
        network_mode=mode,
        vpc_id=vpc_id,
        account=account,
        region=region,
        partition=partition,
        health_check_path=health_check_path,
        health_check_matcher=health_check_matcher,
        load_balancer_arns=(alb.load_balancer_arn or "",),
    )
    front = listener(alb, group, certificate_arn=certificate_arn)
    task_group = service_security_group(
        f"{name}-tasks" if mode == NetworkMode.AWSVPC else f"{name}-instances",
        vpc_id=vpc_id,
        source=lb_group,
        network_mode=mode,
        container_port=port,
        host_port=host_port,
    )

    svc = service(name, td, cluster=cluster, desired_count=desired_count).load_balancer(
        group, container=app.name or name, port=port, grace_period=health_check_grace_period
    )
    if capacity_provider_strategy:
        svc = svc.capacity_providers(*capacity_provider_strategy)
    extra = check_load_balancing(alb, front, group)
    if mode == NetworkMode.AWSVPC:
        svc = svc.awsvpc(private_subnets, (task_group.group_id or "",), assign_public_ip=assign_public_ip)
    elif assign_public_ip:
        extra.append(
            error(
                "launch-assign-public-ip",
                "assign_public_ip",
                f"assign_public_ip applies to awsvpc tasks on Fargate; these tasks use network mode {mode or 'bridge'}",
                hint="drop assign_public_ip, or run on Fargate",
                docs="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html",
            )
        )
    if enable_execute_command:
        svc = svc.execute_command()
    raise_for_errors([svc.validate(config=config)], extra)
    return LoadBalancedService(
        task_definition=td,
        service=svc.draft(),
        load_balancer=alb,
        listener=front,
        target_group=group,
        security_groups=(lb_group, task_group),
        execution_role=made.execution_role,
        task_role=made.task_role,
    )
