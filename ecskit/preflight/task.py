"""Preflight of one task: the roles it is started with and the network it starts in, checked before ECS runs it.

:func:`preflight_task` predicts the failures that no API call reports, only a STOPPED task does: a missing
execution role, a role ECS cannot assume, a permission the execution role or the task role lacks, and an endpoint
(ECR, S3, Secrets Manager, Systems Manager, CloudWatch Logs, a public registry) the task's subnet cannot reach.
Each finding quotes the error AWS would give and says how to fix it; an evaluation that depends on something not
given (a managed policy's document, a condition's context, a route through a transit gateway) is a warning that
says what was not evaluated.

Who fetches what depends on where the task runs
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html): on Fargate the execution
role does everything and the task's own network interface carries it, from the task's subnets. On EC2 the
instance's agent pulls images and ships awslogs logs, from the instance's subnet, with the execution role when the
task has one and the instance role otherwise (logs always with the instance role, the agent's default; the instance
role is not checked here). Managed Instances use the execution role for everything and, like EC2, the instance's
subnet. ECS Anywhere instances are outside any VPC: only their roles are checked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ecskit.codec import register_request_from
from ecskit.models.ecs import LaunchType, RegisterTaskDefinitionRequest
from ecskit.models.iam import PolicyDocument, Role
from ecskit.models.vpc import Network
from ecskit.preflight._core import Collector, check_pass_role, launch_of, task_findings
from ecskit.preflight.rules import PreflightConfig
from ecskit.validation import Report, TaskDefinitionInput

__all__ = ["preflight_task"]


def preflight_task(
    td: TaskDefinitionInput,
    *,
    execution_role: Role | None = None,
    task_role: Role | None = None,
    network: Network | None = None,
    subnets: Sequence[str] = (),
    assign_public_ip: bool = False,
    launch_type: LaunchType | None = None,
    enable_execute_command: bool = False,
    caller: Role | None = None,
    instance_subnet: str | None = None,
    instance_public_ip: bool = False,
    account: str,
    region: str,
    partition: str = "aws",
    managed: Mapping[str, PolicyDocument] | None = None,
    config: PreflightConfig | None = None,
) -> Report:
    """Every run-time failure of a task of ``td`` that can be predicted from its roles and its network.

    ``execution_role`` and ``task_role`` are the documents of the roles ``td`` names (a role it names but that is
    not given is a warning). ``network`` with ``subnets`` and ``assign_public_ip`` is where a Fargate task's network
    interface goes; for the EC2 launch type, ``instance_subnet`` and ``instance_public_ip`` are the container
    instance's. ``launch_type`` defaults to the one launch type ``td`` requires, else EC2. ``managed`` (managed
    policy ARN -> document) is passed to the policy evaluator for the managed policies attached to the roles.
    ``enable_execute_command`` (RunTask's ``enableExecuteCommand``) adds the ECS Exec actions to what the task role
    needs. ``caller``, the role that calls RunTask, is checked for ``iam:PassRole`` on the task's roles. Rules can be
    silenced or re-rated with ``config``.
    """
    register = td if isinstance(td, RegisterTaskDefinitionRequest) else register_request_from(td)
    out = Collector(config)
    task_findings(
        out,
        register,
        execution_role=execution_role,
        task_role=task_role,
        network=network,
        subnets=subnets,
        assign_public_ip=assign_public_ip,
        launch=launch_of(register, launch_type),
        exec_enabled=enable_execute_command,
        instance_subnet=instance_subnet,
        instance_public_ip=instance_public_ip,
        account=account,
        region=region,
        partition=partition,
        managed=managed,
    )
    if caller is not None:
        check_pass_role(out, caller, register, account=account, partition=partition, managed=managed)
    return out.report()
