"""The AWS managed policies that ECS users meet, as :class:`~ecskit.models.iam.PolicyDocument` values.

Each document is the default version AWS publishes in the AWS Managed Policy Reference
(https://docs.aws.amazon.com/aws-managed-policy/latest/reference/), written out as ecskit models so the
evaluator can read roles that attach them by ARN:

* ``AmazonECSTaskExecutionRolePolicy`` (v1), ``AmazonEC2ContainerServiceforEC2Role`` (v10),
  ``AmazonSSMManagedInstanceCore`` (v2), ``AmazonEC2ContainerRegistryReadOnly`` (v3) and
  ``CloudWatchLogsFullAccess`` (v8) in full;
* ``AmazonECSServiceRolePolicy``: the essential statements only (task networking, load balancer and Cloud Map
  registration, Auto Scaling of capacity providers, alarms, ECS log groups, ECS Exec); the Service Connect,
  EventBridge and instance-event-window statements of the published version are left out, so an action only
  they grant evaluates as not allowed here.

AWS adds to its managed policies over time; a role that needs an action added after these versions evaluates as
not allowed. Pass the current document in ``managed=`` to :func:`ecskit.iam.evaluate_role` to override.

>>> ManagedPolicy.TASK_EXECUTION.arn()
'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'
>>> managed_policy("arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore") is not None
True
"""

from __future__ import annotations

import enum
import functools
import re
import types
from collections.abc import Callable, Mapping

from ecskit.models.iam import ConditionValue, Effect, PolicyDocument, PolicyVersion, Statement

__all__ = ["AWS_MANAGED_POLICIES", "ManagedPolicy", "managed_policy"]


class ManagedPolicy(enum.StrEnum):
    """An AWS managed policy of the table; the value is its path and name (what follows ``:policy/``)."""

    #: The permissions of a task execution role: pull from ECR, write to CloudWatch Logs (on every resource).
    TASK_EXECUTION = "service-role/AmazonECSTaskExecutionRolePolicy"
    #: The permissions of the container agent on an EC2 container instance.
    CONTAINER_INSTANCE = "service-role/AmazonEC2ContainerServiceforEC2Role"
    #: Systems Manager's core permissions (ECS Anywhere, Session Manager on instances).
    SSM_MANAGED_INSTANCE_CORE = "AmazonSSMManagedInstanceCore"
    #: The policy of the ECS service-linked role ``AWSServiceRoleForECS`` (essential statements only).
    ECS_SERVICE_ROLE = "aws-service-role/AmazonECSServiceRolePolicy"
    #: Read-only access to ECR, image pulls included.
    ECR_READ_ONLY = "AmazonEC2ContainerRegistryReadOnly"
    #: Every CloudWatch Logs action on every resource.
    CLOUDWATCH_LOGS_FULL_ACCESS = "CloudWatchLogsFullAccess"

    @property
    def policy_name(self) -> str:
        """The policy's name, without its path: ``AmazonECSTaskExecutionRolePolicy``."""
        return self.value.rpartition("/")[2]

    def arn(self, partition: str = "aws") -> str:
        """The policy's ARN in ``partition``: ``arn:aws:iam::aws:policy/service-role/...``."""
        return f"arn:{partition}:iam::aws:policy/{self.value}"

    def document(self, partition: str = "aws") -> PolicyDocument:
        """The policy document, with ARNs inside it in ``partition``."""
        return _document(self, partition)


def _allow(
    actions: tuple[str, ...],
    resources: str | tuple[str, ...] = "*",
    *,
    sid: str | None = None,
    condition: dict[str, dict[str, ConditionValue]] | None = None,
) -> Statement:
    return Statement(
        sid=sid,
        effect=Effect.ALLOW,
        action=actions[0] if len(actions) == 1 else actions,
        resource=resources,
        condition=condition,
    )


_ECR_PULL = (
    "ecr:GetAuthorizationToken",
    "ecr:BatchCheckLayerAvailability",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchGetImage",
)
_LOG_WRITE = ("logs:CreateLogStream", "logs:PutLogEvents")


def _task_execution(partition: str) -> tuple[Statement, ...]:
    # https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSTaskExecutionRolePolicy.html
    return (_allow((*_ECR_PULL, *_LOG_WRITE)),)


def _container_instance(partition: str) -> tuple[Statement, ...]:
    # https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerServiceforEC2Role.html
    agent = (
        "ec2:DescribeTags",
        "ecs:CreateCluster",
        "ecs:DeregisterContainerInstance",
        "ecs:DiscoverPollEndpoint",
        "ecs:Poll",
        "ecs:RegisterContainerInstance",
        "ecs:StartTelemetrySession",
        "ecs:UpdateContainerInstancesState",
        "ecs:Submit*",
    )
    return (
        _allow((*agent, *_ECR_PULL, *_LOG_WRITE)),
        _allow(
            ("ecs:TagResource",),
            condition={"StringEquals": {"ecs:CreateAction": ("CreateCluster", "RegisterContainerInstance")}},
        ),
        _allow(
            ("ecs:ListTagsForResource",),
            (f"arn:{partition}:ecs:*:*:task/*/*", f"arn:{partition}:ecs:*:*:container-instance/*/*"),
        ),
    )


_SESSION_CHANNELS = (
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
)


def _ssm_core(partition: str) -> tuple[Statement, ...]:
    # https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedInstanceCore.html
    ssm = (
        "ssm:DescribeAssociation",
        "ssm:GetDeployablePatchSnapshotForInstance",
        "ssm:GetDocument",
        "ssm:DescribeDocument",
        "ssm:GetManifest",
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:ListAssociations",
        "ssm:ListInstanceAssociations",
        "ssm:PutInventory",
        "ssm:PutComplianceItems",
        "ssm:PutConfigurePackageResult",
        "ssm:UpdateAssociationStatus",
        "ssm:UpdateInstanceAssociationStatus",
        "ssm:UpdateInstanceInformation",
    )
    messages = (
        "ec2messages:AcknowledgeMessage",
        "ec2messages:DeleteMessage",
        "ec2messages:FailMessage",
        "ec2messages:GetEndpoint",
        "ec2messages:GetMessages",
        "ec2messages:SendReply",
    )
    return (_allow(ssm), _allow(_SESSION_CHANNELS), _allow(messages))


def _ecs_service_role(partition: str) -> tuple[Statement, ...]:
    # https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSServiceRolePolicy.html
    # (essential statements; see the module docstring)
    task_management = (
        "ec2:AttachNetworkInterface",
        "ec2:AssociateTrunkInterface",
        "ec2:CreateNetworkInterface",
        "ec2:CreateNetworkInterfacePermission",
        "ec2:DeleteNetworkInterface",
        "ec2:DeleteNetworkInterfacePermission",
        "ec2:Describe*",
        "ec2:DetachNetworkInterface",
        "ec2:DisassociateTrunkInterface",
        "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
        "elasticloadbalancing:DeregisterTargets",
        "elasticloadbalancing:Describe*",
        "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
        "elasticloadbalancing:RegisterTargets",
        "route53:ChangeResourceRecordSets",
        "route53:CreateHealthCheck",
        "route53:DeleteHealthCheck",
        "route53:Get*",
        "route53:List*",
        "route53:UpdateHealthCheck",
        "servicediscovery:DeregisterInstance",
        "servicediscovery:Get*",
        "servicediscovery:List*",
        "servicediscovery:RegisterInstance",
        "servicediscovery:UpdateInstanceCustomHealthStatus",
    )
    scaling = (
        "autoscaling:DeletePolicy",
        "autoscaling:PutScalingPolicy",
        "autoscaling:SetInstanceProtection",
        "autoscaling:UpdateAutoScalingGroup",
        "autoscaling:PutLifecycleHook",
        "autoscaling:DeleteLifecycleHook",
        "autoscaling:CompleteLifecycleAction",
        "autoscaling:RecordLifecycleActionHeartbeat",
        "autoscaling:TerminateInstanceInAutoScalingGroup",
    )
    plans = (
        "autoscaling-plans:CreateScalingPlan",
        "autoscaling-plans:DeleteScalingPlan",
        "autoscaling-plans:DescribeScalingPlans",
        "autoscaling-plans:DescribeScalingPlanResources",
    )
    alarms = ("cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm")
    p = partition
    return (
        _allow(task_management, sid="ECSTaskManagement"),
        _allow(("autoscaling:Describe*",), sid="AutoScaling"),
        _allow(
            scaling,
            sid="AutoScalingManagement",
            condition={"Null": {"autoscaling:ResourceTag/AmazonECSManaged": "false"}},
        ),
        _allow(plans, sid="AutoScalingPlanManagement"),
        _allow(alarms, f"arn:{p}:cloudwatch:*:*:alarm:*", sid="CWAlarmManagement"),
        _allow(("ec2:CreateTags",), f"arn:{p}:ec2:*:*:network-interface/*", sid="ECSTagging"),
        _allow(
            ("logs:CreateLogGroup", "logs:DescribeLogGroups", "logs:PutRetentionPolicy"),
            f"arn:{p}:logs:*:*:log-group:/aws/ecs/*",
            sid="CWLogGroupManagement",
        ),
        _allow(
            ("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
            f"arn:{p}:logs:*:*:log-group:/aws/ecs/*:log-stream:*",
            sid="CWLogStreamManagement",
        ),
        _allow(("ssm:DescribeSessions",), sid="ExecuteCommandSessionManagement"),
        _allow(
            ("ssm:StartSession",),
            (f"arn:{p}:ecs:*:*:task/*", f"arn:{p}:ssm:*:*:document/AmazonECS-ExecuteInteractiveCommand"),
            sid="ExecuteCommand",
        ),
    )


def _ecr_read_only(partition: str) -> tuple[Statement, ...]:
    # https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerRegistryReadOnly.html
    return (
        _allow(
            (
                "ecr:GetAuthorizationToken",
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:GetRepositoryPolicy",
                "ecr:DescribeRepositories",
                "ecr:ListImages",
                "ecr:DescribeImages",
                "ecr:BatchGetImage",
                "ecr:GetLifecyclePolicy",
                "ecr:GetLifecyclePolicyPreview",
                "ecr:ListTagsForResource",
                "ecr:DescribeImageScanFindings",
            )
        ),
    )


def _cloudwatch_logs_full_access(partition: str) -> tuple[Statement, ...]:
    # https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudWatchLogsFullAccess.html
    return (
        _allow(
            (
                "logs:*",
                "cloudwatch:GenerateQuery",
                "cloudwatch:GenerateQueryResultsSummary",
                "observabilityadmin:GetS3TableIntegration",
                "observabilityadmin:ListS3TableIntegrations",
                "observabilityadmin:ListTelemetryPipelines",
            ),
            sid="CloudWatchLogsFullAccess",
        ),
    )


_STATEMENTS: dict[ManagedPolicy, Callable[[str], tuple[Statement, ...]]] = {
    ManagedPolicy.TASK_EXECUTION: _task_execution,
    ManagedPolicy.CONTAINER_INSTANCE: _container_instance,
    ManagedPolicy.SSM_MANAGED_INSTANCE_CORE: _ssm_core,
    ManagedPolicy.ECS_SERVICE_ROLE: _ecs_service_role,
    ManagedPolicy.ECR_READ_ONLY: _ecr_read_only,
    ManagedPolicy.CLOUDWATCH_LOGS_FULL_ACCESS: _cloudwatch_logs_full_access,
}


@functools.cache
def _document(policy: ManagedPolicy, partition: str) -> PolicyDocument:
    return PolicyDocument(version=PolicyVersion.V2012_10_17, statement=_STATEMENTS[policy](partition))


_MANAGED_ARN = re.compile(r"arn:(aws[a-z-]*):iam::aws:policy/(.+)")
_BY_PATH = {p.value: p for p in ManagedPolicy}


def managed_policy(arn: str) -> PolicyDocument | None:
    """The document of an AWS managed policy of the table, by its ARN in any partition; None for any other ARN."""
    found = _MANAGED_ARN.fullmatch(arn)
    if found is None:
        return None
    policy = _BY_PATH.get(found.group(2))
    return policy.document(found.group(1)) if policy is not None else None


#: The table in the ``aws`` partition: policy ARN -> document (read-only).
AWS_MANAGED_POLICIES: Mapping[str, PolicyDocument] = types.MappingProxyType(
    {p.arn(): p.document() for p in ManagedPolicy}
)
