"""The catalog of preflight rules: what each one predicts, the AWS error it predicts, and how to silence it.

Preflight findings are :class:`~ecskit.validation.Finding` objects in a :class:`~ecskit.validation.Report`, like
validation's, but their rules live here and not in the validation catalog: they look at roles and networks, not
at one document, and no ``validate_*`` function runs them. :class:`PreflightConfig` silences or downgrades them by
id, as :class:`~ecskit.validation.Config` does for validation rules.

>>> RULES["preflight-execution-role-trust"].severity
<Severity.ERROR: 'error'>
>>> PreflightConfig(disabled=frozenset({"preflight-role-not-given"})).severity_of("preflight-role-not-given") is None
True
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ecskit.errors import UsageError
from ecskit.validation.engine import Finding, Phase, Severity

__all__ = ["RULES", "PreflightConfig", "PreflightRule", "make_finding"]

_GUIDE = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
_EXECUTION_ROLE = _GUIDE + "task_execution_IAM_role.html"
_TASK_ROLE = _GUIDE + "task-iam-roles.html"
_INSTANCE_ROLE = _GUIDE + "instance_IAM_role.html"
_SLR = _GUIDE + "using-service-linked-roles.html"
_ENDPOINTS = _GUIDE + "vpc-endpoints.html"
_ECR_ENDPOINTS = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html"
_PULL_ERRORS = _GUIDE + "task_cannot_pull_image.html"
_INIT_ERRORS = _GUIDE + "resource-initialization-error.html"
_PASS_ROLE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html"


@attrs.frozen(kw_only=True)
class PreflightRule:
    """One preflight rule: a run-time (or call-time) failure of ECS, predicted offline."""

    #: Stable id, ``preflight-...``; use it to silence or downgrade the rule.
    id: str
    #: Severity unless configured otherwise.
    severity: Severity
    #: When AWS notices: the call is refused (``api``), the task or instance fails later (``runtime``), or the
    #: outcome is not predicted (``advice``).
    phase: Phase
    #: What is checked, in one sentence.
    summary: str
    #: The error AWS gives when the check fails (where the task stops, or the call that fails).
    error: str
    #: How to fix it, in general (each finding carries a fix of its own case too).
    fix: str
    #: The AWS documentation page the rule comes from.
    docs: str


_E, _W = Severity.ERROR, Severity.WARNING

#: Every preflight rule, by id, in the order the docs list them.
RULES: dict[str, PreflightRule] = {
    r.id: r
    for r in (
        PreflightRule(
            id="preflight-execution-role-missing",
            severity=_E,
            phase=Phase.API,
            summary="A task definition that needs a task execution role (secrets, private registry credentials, "
            "environment files; private ECR images and awslogs on Fargate) has one.",
            error='ClientException: "Fargate requires task definition to have execution role ARN to support ECR '
            'images." (or "... log driver awslogs."); "When you are specifying container secrets, you must also '
            "specify a value for 'executionRoleArn'.\"",
            fix="Set executionRoleArn to a role with the AmazonECSTaskExecutionRolePolicy managed policy.",
            docs=_EXECUTION_ROLE,
        ),
        PreflightRule(
            id="preflight-execution-role-trust",
            severity=_E,
            phase=Phase.API,
            summary="The task execution role trusts ecs-tasks.amazonaws.com.",
            error='"ECS was unable to assume the role ... that was provided for this task. Please verify that the '
            'role being passed has the proper trust relationship and permissions ..."',
            fix="Allow sts:AssumeRole to the service principal ecs-tasks.amazonaws.com in the role's trust policy.",
            docs=_EXECUTION_ROLE,
        ),
        PreflightRule(
            id="preflight-task-role-trust",
            severity=_E,
            phase=Phase.API,
            summary="The task role trusts ecs-tasks.amazonaws.com.",
            error='"ECS was unable to assume the role ... that was provided for this task. ..."',
            fix="Allow sts:AssumeRole to the service principal ecs-tasks.amazonaws.com in the role's trust policy.",
            docs=_TASK_ROLE,
        ),
        PreflightRule(
            id="preflight-pull-denied",
            severity=_E,
            phase=Phase.RUNTIME,
            summary="The role that pulls a private ECR image may get an authorization token and the image.",
            error="CannotPullContainerError / ResourceInitializationError: unable to pull secrets or registry auth: "
            "... AccessDeniedException ... ecr:GetAuthorizationToken / ecr:BatchGetImage ...",
            fix="Grant ecr:GetAuthorizationToken on * and ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer "
            "and ecr:BatchGetImage on the repository (AmazonECSTaskExecutionRolePolicy has them).",
            docs=_PULL_ERRORS,
        ),
        PreflightRule(
            id="preflight-secrets-denied",
            severity=_E,
            phase=Phase.RUNTIME,
            summary="The execution role may read every secret and parameter the task injects.",
            error="ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
            "retrieval failed: ... AccessDeniedException ... secretsmanager:GetSecretValue / ssm:GetParameters ...",
            fix="Grant secretsmanager:GetSecretValue / ssm:GetParameters on the secrets (and kms:Decrypt on a "
            "customer managed key) to the execution role.",
            docs=_GUIDE + "secrets-envvar-secrets-manager.html",
        ),
        PreflightRule(
            id="preflight-logs-denied",
            severity=_E,
            phase=Phase.RUNTIME,
            summary="The role that ships awslogs logs may create the log stream (and group) and put events.",
            error="ResourceInitializationError: failed to validate logger args: ... AccessDeniedException ... "
            "logs:CreateLogStream ...",
            fix="Grant logs:CreateLogStream and logs:PutLogEvents (and logs:CreateLogGroup with "
            "awslogs-create-group) on the log group.",
            docs=_GUIDE + "using_awslogs.html",
        ),
        PreflightRule(
            id="preflight-env-files-denied",
            severity=_E,
            phase=Phase.RUNTIME,
            summary="The execution role may download every environment file from S3.",
            error="ResourceInitializationError: failed to download env files: ... AccessDenied ...",
            fix="Grant s3:GetObject on the object and s3:GetBucketLocation on the bucket to the execution role.",
            docs=_GUIDE + "use-environment-file.html",
        ),
        PreflightRule(
            id="preflight-permission-denied",
            severity=_E,
            phase=Phase.RUNTIME,
            summary="A role is allowed every other action the task definition needs of it (EFS, ECS Exec, ...).",
            error="AccessDeniedException: ... is not authorized to perform: <action> on resource: <resource>",
            fix="Grant the action on the resource to the role, or remove the deny that blocks it.",
            docs=_TASK_ROLE,
        ),
        PreflightRule(
            id="preflight-permission-undetermined",
            severity=_W,
            phase=Phase.ADVICE,
            summary="Every required permission could be evaluated (no unknown managed policy or condition).",
            error="(none predicted: the outcome depends on what could not be evaluated)",
            fix="Pass the managed policies' documents (managed=...) or the request context the conditions need.",
            docs=_EXECUTION_ROLE,
        ),
        PreflightRule(
            id="preflight-role-not-given",
            severity=_W,
            phase=Phase.ADVICE,
            summary="The document of every role the task definition or service names was given, so it could be "
            "checked.",
            error="(none predicted: the role was not checked)",
            fix="Pass the role (execution_role=, task_role=, roles={arn: Role}).",
            docs=_EXECUTION_ROLE,
        ),
        PreflightRule(
            id="preflight-pass-role-denied",
            severity=_E,
            phase=Phase.API,
            summary="The caller may pass the task and execution roles to ECS (iam:PassRole).",
            error="AccessDeniedException: User: ... is not authorized to perform: iam:PassRole on resource: ...",
            fix="Grant the caller iam:PassRole on the roles, with iam:PassedToService ecs-tasks.amazonaws.com.",
            docs=_PASS_ROLE,
        ),
        PreflightRule(
            id="preflight-service-linked-role-missing",
            severity=_E,
            phase=Phase.API,
            summary="The ECS service-linked role AWSServiceRoleForECS exists, or the caller may create it.",
            error='InvalidParameterException: "Unable to assume the service linked role. Please verify that the '
            'ECS service linked role exists."',
            fix="aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com (once per account).",
            docs=_SLR,
        ),
        PreflightRule(
            id="preflight-pull-unreachable",
            severity=_E,
            phase=Phase.RUNTIME,
            summary="The task (or its instance) has a network path to the registry of every image: ECR's API, "
            "Docker and S3 endpoints for private ECR, the internet for any other registry.",
            error="CannotPullContainerError: ... dial tcp ...:443: i/o timeout; or ResourceInitializationError: "
            "unable to pull secrets or registry auth: ... unable to retrieve ecr registry auth ... Please check "
            "your task network configuration.",
            fix="Add VPC endpoints (ecr.api, ecr.dkr interface; s3 gateway), a NAT gateway, or a public IP in a "
            "subnet that routes to an internet gateway.",
            docs=_ECR_ENDPOINTS,
        ),
        PreflightRule(
            id="preflight-secrets-unreachable",
            severity=_E,
            phase=Phase.RUNTIME,
            summary="The task has a network path to Secrets Manager / Systems Manager for its secrets.",
            error="ResourceInitializationError: unable to pull secrets or registry auth: ... context deadline "
            "exceeded. Please check your task network configuration.",
            fix="Add secretsmanager / ssm interface endpoints, a NAT gateway, or a public IP with an internet gateway.",
            docs=_INIT_ERRORS,
        ),
        PreflightRule(
            id="preflight-logs-unreachable",
            severity=_E,
            phase=Phase.RUNTIME,
            summary="The task (or its instance) has a network path to CloudWatch Logs for awslogs.",
            error="ResourceInitializationError: failed to validate logger args: ... dial tcp ...:443: i/o timeout",
            fix="Add a logs interface endpoint, a NAT gateway, or a public IP with an internet gateway.",
            docs=_ENDPOINTS,
        ),
        PreflightRule(
            id="preflight-env-files-unreachable",
            severity=_E,
            phase=Phase.RUNTIME,
            summary="The task has a network path to S3 for its environment files.",
            error="ResourceInitializationError: failed to download env files: ... i/o timeout",
            fix="Add an s3 gateway endpoint, a NAT gateway, or a public IP with an internet gateway.",
            docs=_ENDPOINTS,
        ),
        PreflightRule(
            id="preflight-route-undetermined",
            severity=_W,
            phase=Phase.ADVICE,
            summary="Every network path could be followed (subnets described, routes to known gateways).",
            error="(none predicted: the path leaves what the network description covers)",
            fix="Describe the subnet in the Network, or check the transit gateway / peering / appliance by hand.",
            docs=_ENDPOINTS,
        ),
        PreflightRule(
            id="preflight-instance-role-trust",
            severity=_E,
            phase=Phase.RUNTIME,
            summary="The container instance role trusts ec2.amazonaws.com.",
            error="The instance gets no credentials; the agent logs NoCredentialProviders and never registers.",
            fix="Allow sts:AssumeRole to the service principal ec2.amazonaws.com in the role's trust policy.",
            docs=_INSTANCE_ROLE,
        ),
        PreflightRule(
            id="preflight-instance-agent-denied",
            severity=_E,
            phase=Phase.RUNTIME,
            summary="The container instance role allows every action the ECS agent calls (ecs:Poll, "
            "ecs:RegisterContainerInstance, ecs:DiscoverPollEndpoint, ...).",
            error="The instance never registers: the agent logs AccessDeniedException ... is not authorized to "
            "perform: ecs:RegisterContainerInstance (or ecs:DiscoverPollEndpoint, ecs:Poll).",
            fix="Attach AmazonEC2ContainerServiceforEC2Role to the instance role.",
            docs=_INSTANCE_ROLE,
        ),
        PreflightRule(
            id="preflight-agent-unreachable",
            severity=_E,
            phase=Phase.RUNTIME,
            summary="The container instance has a network path to the ecs, ecs-agent and ecs-telemetry endpoints.",
            error="The instance never registers: the agent logs RequestError: send request failed ... dial tcp "
            "...:443: i/o timeout.",
            fix="Add ecs, ecs-agent and ecs-telemetry interface endpoints, a NAT gateway, or a public IP with an "
            "internet gateway.",
            docs=_ENDPOINTS,
        ),
        PreflightRule(
            id="preflight-telemetry-unreachable",
            severity=_W,
            phase=Phase.ADVICE,
            summary="The container instance has a network path to the ecs-telemetry endpoint.",
            error="(no failure: the instance and its tasks run, but send no CloudWatch metrics)",
            fix="Add an ecs-telemetry interface endpoint, a NAT gateway, or a public IP with an internet gateway.",
            docs=_ENDPOINTS,
        ),
    )
}


@attrs.frozen(kw_only=True)
class PreflightConfig:
    """Which preflight rules to silence and which to report at another severity (by rule id)."""

    #: Rule ids that never report.
    disabled: frozenset[str] = frozenset()
    #: Rule id -> the severity its findings get instead of the rule's own.
    severities: Mapping[str, Severity] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        unknown = sorted((set(self.disabled) | set(self.severities)) - set(RULES))
        if unknown:
            raise UsageError(f"unknown preflight rule id(s): {', '.join(unknown)}")

    def severity_of(self, rule_id: str) -> Severity | None:
        """The severity findings of a rule get, or None if the rule is silenced."""
        if rule_id in self.disabled:
            return None
        return self.severities.get(rule_id, RULES[rule_id].severity)


def make_finding(
    rule_id: str, path: str, message: str, hint: str | None, config: PreflightConfig | None
) -> Finding | None:
    """A finding of rule ``rule_id`` at ``path`` (the rule's own fix when ``hint`` is None), or None if silenced."""
    rule = RULES[rule_id]
    severity = (config or _DEFAULT).severity_of(rule_id)
    if severity is None:
        return None
    return Finding(
        rule=rule_id,
        severity=severity,
        phase=rule.phase,
        path=path,
        message=message,
        hint=hint or rule.fix,
        docs=rule.docs,
    )


_DEFAULT = PreflightConfig()
