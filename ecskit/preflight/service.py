"""Preflight of a service: everything of :func:`~ecskit.preflight.preflight_task` for the tasks the service starts,
plus the ECS service-linked role and the caller's right to pass the roles.

The service-linked role ``AWSServiceRoleForECS`` lets ECS manage network interfaces, load balancer targets and
service discovery for the service. When it does not exist, ECS creates it on the first CreateService, if the caller
may call ``iam:CreateServiceLinkedRole``; otherwise the call fails
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html). Whether it exists is
account state that no document shows, so it is a parameter:

* a :class:`~ecskit.models.iam.Role`: it exists, and its trust policy must let ``ecs.amazonaws.com`` assume it;
* ``True``: it exists (nothing more checked); ``False``: it does not, and ``caller`` (when given) must be allowed
  to create it;
* ``None`` (the default): unknown, not checked.
"""

from __future__ import annotations

from collections.abc import Mapping

from ecskit.codec import register_request_from
from ecskit.iam import (
    ECS_SERVICE,
    SERVICE_LINKED_ROLE_NAME,
    Decision,
    can_assume,
    evaluate_role,
    role_arn,
    service_linked_role,
)
from ecskit.models.ecs import CreateServiceRequest, RegisterTaskDefinitionRequest
from ecskit.models.iam import PolicyDocument, Role
from ecskit.models.vpc import Network
from ecskit.preflight._core import Collector, check_pass_role, launch_of, role_name, task_findings
from ecskit.preflight.rules import PreflightConfig
from ecskit.validation import Report, TaskDefinitionInput

__all__ = ["find_role", "needs_service_linked_role", "preflight_service"]

_FARGATE_PROVIDERS = frozenset({"FARGATE", "FARGATE_SPOT"})


def find_role(roles: Mapping[str, Role], reference: str) -> Role | None:
    """The role a task definition or service names (an ARN or a name), from ``roles`` keyed by ARN or by name."""
    found = roles.get(reference)
    if found is not None:
        return found
    name = role_name(reference)
    found = roles.get(name)
    if found is not None:
        return found
    return next((r for r in roles.values() if r.role_name == name), None)


def needs_service_linked_role(service: CreateServiceRequest, td: RegisterTaskDefinitionRequest) -> str | None:
    """Why the service needs the service-linked role (awsvpc, a load balancer without ``role``, service discovery,
    Service Connect, VPC Lattice, the EXTERNAL deployment controller), or None when it does not."""
    if td.network_mode == "awsvpc":
        return "its tasks use the awsvpc network mode"
    if service.load_balancers and not service.role:
        return "it registers targets with a load balancer"
    if service.service_registries:
        return "it uses service discovery"
    connect = service.service_connect_configuration
    if connect is not None and connect.enabled:
        return "it uses Service Connect"
    if service.vpc_lattice_configurations:
        return "it uses VPC Lattice"
    controller = service.deployment_controller
    if controller is not None and controller.type == "EXTERNAL":
        return "it uses the EXTERNAL deployment controller"
    return None


def _service_launch(service: CreateServiceRequest, td: RegisterTaskDefinitionRequest) -> str:
    if service.launch_type is not None:
        return str(service.launch_type)
    providers = {str(i.capacity_provider) for i in service.capacity_provider_strategy or ()}
    if providers:
        return "FARGATE" if providers <= _FARGATE_PROVIDERS else "EC2"
    return launch_of(td, None)


def _slr_arn(account: str, partition: str) -> str:
    return f"arn:{partition}:iam::{account}:role/aws-service-role/{ECS_SERVICE}/{SERVICE_LINKED_ROLE_NAME}"


def _check_service_linked_role(
    out: Collector,
    why: str,
    state: Role | bool | None,
    caller: Role | None,
    *,
    account: str,
    partition: str,
    managed: Mapping[str, PolicyDocument] | None,
) -> None:
    error = (
        "InvalidParameterException: Unable to assume the service linked role. Please verify that the ECS service "
        "linked role exists."
    )
    if isinstance(state, Role):
        trust = can_assume(state, ECS_SERVICE, account=account, partition=partition)
        if trust.decision is Decision.UNDETERMINED:
            out.undetermined("", f"{ECS_SERVICE} may assume {state.role_name}", trust)
        elif not trust.allowed:
            out.add(
                "preflight-service-linked-role-missing",
                "",
                f"{error} ({state.role_name} does not let {ECS_SERVICE} sts:AssumeRole; the service needs it "
                f"because {why})",
                "delete and re-create the role: aws iam create-service-linked-role --aws-service-name "
                "ecs.amazonaws.com",
            )
        return
    if state is None or state is True:
        return
    if caller is not None:
        evaluation = evaluate_role(
            caller,
            "iam:CreateServiceLinkedRole",
            role_arn(service_linked_role(partition=partition), account, partition),
            context={"iam:AWSServiceName": ECS_SERVICE},
            managed=managed,
        )
        if evaluation.allowed:
            return  # ECS creates it on the first CreateService
        if evaluation.decision is Decision.UNDETERMINED:
            out.undetermined("", f"the caller {caller.role_name!r} may iam:CreateServiceLinkedRole", evaluation)
            return
        cannot = f"and the caller {caller.role_name!r} may not iam:CreateServiceLinkedRole"
    else:
        cannot = "and ECS creates it only for a caller allowed iam:CreateServiceLinkedRole"
    out.add(
        "preflight-service-linked-role-missing",
        "",
        f"{error} ({SERVICE_LINKED_ROLE_NAME} does not exist, {cannot}; the service needs it because {why})",
    )


def preflight_service(
    service: CreateServiceRequest,
    *,
    task_definition: TaskDefinitionInput,
    roles: Mapping[str, Role] | None = None,
    network: Network | None = None,
    service_linked_role: Role | bool | None = None,
    caller: Role | None = None,
    instance_subnet: str | None = None,
    instance_public_ip: bool = False,
    account: str,
    region: str,
    partition: str = "aws",
    managed: Mapping[str, PolicyDocument] | None = None,
    config: PreflightConfig | None = None,
) -> Report:
    """Every failure of a service that can be predicted from its roles, the account's service-linked role, and the
    network its tasks start in.

    The tasks are checked as :func:`~ecskit.preflight.preflight_task` checks them, with the service's launch type
    (or capacity provider strategy), subnets and ``assignPublicIp``; ``roles`` holds the documents of the roles the
    task definition names, keyed by ARN or by name. ``service_linked_role`` says what is known of
    ``AWSServiceRoleForECS`` (see the module's description); ``caller``, the role that calls CreateService, is
    checked for ``iam:PassRole`` on the task's roles and, when the service-linked role is missing, for
    ``iam:CreateServiceLinkedRole``. Paths point into the service (``networkConfiguration...``) or into the task
    definition (``executionRoleArn``, ``containerDefinitions[0].image``, ...); ``""`` is the account.
    """
    td = (
        task_definition
        if isinstance(task_definition, RegisterTaskDefinitionRequest)
        else register_request_from(task_definition)
    )
    roles = roles or {}
    awsvpc = service.network_configuration.awsvpc_configuration if service.network_configuration else None
    out = Collector(config)
    task_findings(
        out,
        td,
        execution_role=find_role(roles, td.execution_role_arn) if td.execution_role_arn else None,
        task_role=find_role(roles, td.task_role_arn) if td.task_role_arn else None,
        network=network,
        subnets=awsvpc.subnets if awsvpc is not None else (),
        assign_public_ip=awsvpc is not None and awsvpc.assign_public_ip == "ENABLED",
        launch=_service_launch(service, td),
        exec_enabled=bool(service.enable_execute_command),
        instance_subnet=instance_subnet,
        instance_public_ip=instance_public_ip,
        account=account,
        region=region,
        partition=partition,
        managed=managed,
    )
    why = needs_service_linked_role(service, td)
    if why is not None:
        _check_service_linked_role(
            out, why, service_linked_role, caller, account=account, partition=partition, managed=managed
        )
    if caller is not None:
        check_pass_role(out, caller, td, account=account, partition=partition, managed=managed)
    return out.report()
