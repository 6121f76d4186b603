"""The checks preflight functions share: a findings collector, role trust and permissions, network paths."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ecskit.iam import (
    TASKS_SERVICE,
    Decision,
    Evaluation,
    Permission,
    RoleKind,
    can_assume,
    evaluate_role,
    required_permissions,
)
from ecskit.models.ecs import LaunchType, RegisterTaskDefinitionRequest
from ecskit.models.iam import PolicyDocument, Role
from ecskit.models.vpc import Network
from ecskit.preflight import _messages
from ecskit.preflight.needs import Need, task_needs
from ecskit.preflight.network import Path, Via, reach
from ecskit.preflight.rules import PreflightConfig, make_finding
from ecskit.validation import Finding, Report

_SUBNETS = "networkConfiguration.awsvpcConfiguration.subnets"


class Collector:
    """The findings of one preflight run, each recorded through the configuration (silenced or re-rated)."""

    def __init__(self, config: PreflightConfig | None) -> None:
        self.config = config
        self.findings: list[Finding] = []

    def add(self, rule_id: str, path: str, message: str, hint: str | None = None) -> None:
        """Record a finding of ``rule_id`` (unless the configuration silences it)."""
        found = make_finding(rule_id, path, message, hint, self.config)
        if found is not None:
            self.findings.append(found)

    def undetermined(self, path: str, what: str, evaluation: Evaluation) -> None:
        """Record that ``what`` could not be decided, and why (the evaluation's unevaluated parts)."""
        why = "; ".join(evaluation.unevaluated) or "the evaluator could not decide"
        self.add("preflight-permission-undetermined", path, f"could not evaluate whether {what}: {why}")

    def report(self) -> Report:
        """The findings as a report."""
        return Report(self.findings)


def role_name(reference: str) -> str:
    """The name of a role from its ARN (``arn:aws:iam::123456789012:role/path/web`` -> ``web``) or its name."""
    return reference.rsplit("/", 1)[-1]


def launch_of(td: RegisterTaskDefinitionRequest, launch_type: LaunchType | str | None) -> str:
    """The launch type a task runs with: the one given, else the only one the task definition requires, else EC2
    (what RunTask uses without a launch type or a capacity provider strategy)."""
    if launch_type is not None:
        return str(launch_type)
    compat = {str(c) for c in td.requires_compatibilities or ()}
    if len(compat) == 1:
        return compat.pop()
    return "EC2"


def _denial_text(evaluation: Evaluation) -> str:
    return "an explicit Deny blocks it" if evaluation.decision is Decision.EXPLICIT_DENY else "no statement allows it"


def _check_trust(
    out: Collector, role: Role, *, rule_id: str, path: str, label: str, account: str, partition: str
) -> None:
    trust = can_assume(role, TASKS_SERVICE, account=account, partition=partition)
    if trust.decision is Decision.UNDETERMINED:
        out.undetermined(path, f"{TASKS_SERVICE} may assume the {label} {role.role_name!r}", trust)
    elif not trust.allowed:
        out.add(
            rule_id,
            path,
            f"ECS was unable to assume the role '{role.role_name}' that was provided for this task. Please verify "
            "that the role being passed has the proper trust relationship and permissions ... (its trust policy does "
            f"not let {TASKS_SERVICE} sts:AssumeRole: {_denial_text(trust)})",
            f"allow sts:AssumeRole to the service principal {TASKS_SERVICE} in {role.role_name}'s trust policy",
        )


def _missing_execution_role(
    out: Collector, td: RegisterTaskDefinitionRequest, needs: list[Permission], launch: str
) -> None:
    services = {p.action.split(":", 1)[0].lower() for p in needs}
    if services & {"secretsmanager", "ssm", "kms"}:
        error = "ClientException: When you are specifying container secrets, you must also specify a value for "
        error += "'executionRoleArn'."
    elif "ecr" in services and launch == "FARGATE":
        error = "ClientException: Fargate requires task definition to have execution role ARN to support ECR images."
    elif "logs" in services and launch == "FARGATE":
        error = "ClientException: Fargate requires task definition to have execution role ARN to support log driver "
        error += "awslogs."
    else:
        error = "ResourceInitializationError: ... the task has no execution role to fetch with"
    reasons = "; ".join(dict.fromkeys(p.reason for p in needs))
    out.add(
        "preflight-execution-role-missing",
        "executionRoleArn",
        f"{error} (task definition {td.family!r} has no execution role, but needs one: {reasons})",
        "set executionRoleArn to a role trusting ecs-tasks.amazonaws.com with AmazonECSTaskExecutionRolePolicy "
        "(and read access to the secrets)",
    )


def _service(action: str) -> str:
    return action.split(":", 1)[0].lower()


def _check_permissions(
    out: Collector,
    td: RegisterTaskDefinitionRequest,
    roles: Mapping[RoleKind, Role],
    *,
    launch: str,
    exec_enabled: bool,
    account: str,
    region: str,
    partition: str,
    managed: Mapping[str, PolicyDocument] | None,
) -> None:
    on_ec2 = launch == "EC2"
    references = {RoleKind.EXECUTION: td.execution_role_arn, RoleKind.TASK: td.task_role_arn}
    missing: list[Permission] = []
    permissions = required_permissions(
        td, account=account, region=region, partition=partition, exec_enabled=exec_enabled
    )
    denied: dict[tuple[str, str], list[tuple[Permission, Role, Evaluation]]] = {}
    undetermined: dict[tuple[str, RoleKind], list[tuple[Permission, Role, Evaluation]]] = {}
    for p in permissions:
        service = _service(p.action)
        if (
            p.role is RoleKind.EXECUTION
            and on_ec2
            and (service == "logs" or (service == "ecr" and not td.execution_role_arn))
        ):
            continue  # on EC2 the instance role does these (it is not checked here)
        if not references[p.role]:
            if p.role is RoleKind.EXECUTION:
                missing.append(p)
            continue  # a task role permission without a task role is validation's concern (e.g. ECS Exec)
        role = roles.get(p.role)
        if role is None:
            continue  # reported once, as preflight-role-not-given
        evaluation = evaluate_role(role, p.action, p.resource, managed=managed)
        if evaluation.decision is Decision.UNDETERMINED:
            undetermined.setdefault((p.path, p.role), []).append((p, role, evaluation))
        elif not evaluation.allowed:
            rule_id = _messages.denied_rule(p.action, str(p.role))
            denied.setdefault((p.path, rule_id), []).append((p, role, evaluation))
    for (path, kind), group in undetermined.items():
        actions = ", ".join(f"{q.action} on {q.resource}" for q, _, _ in group)
        why = "; ".join(dict.fromkeys(line for _, _, e in group for line in e.unevaluated))
        name = group[0][1].role_name
        why = why or "the evaluator could not decide"
        out.add(
            "preflight-permission-undetermined",
            path,
            f"could not evaluate whether the {kind} role {name!r} may {actions}: {why}",
        )
    # One finding per field and failure: the first denied action gives the error AWS stops at, the others follow.
    for (path, rule_id), group in denied.items():
        p, role, evaluation = group[0]
        message = _messages.denied(
            p.action, p.resource, role_kind=str(p.role), role_name=role.role_name, fargate=not on_ec2
        )
        others = [f"{q.action} on {q.resource}" for q, _, _ in group[1:]]
        either = f"; nor {', '.join(others)}" if others else ""
        out.add(rule_id, path, f"{message}: {_denial_text(evaluation)}{either}; needed to {p.reason}")
    if missing:
        _missing_execution_role(out, td, missing, launch)


def _check_roles(
    out: Collector,
    td: RegisterTaskDefinitionRequest,
    *,
    execution_role: Role | None,
    task_role: Role | None,
    launch: str,
    exec_enabled: bool,
    account: str,
    region: str,
    partition: str,
    managed: Mapping[str, PolicyDocument] | None,
) -> None:
    roles: dict[RoleKind, Role] = {}
    for kind, reference, role, path, rule_id in (
        (
            RoleKind.EXECUTION,
            td.execution_role_arn,
            execution_role,
            "executionRoleArn",
            "preflight-execution-role-trust",
        ),
        (RoleKind.TASK, td.task_role_arn, task_role, "taskRoleArn", "preflight-task-role-trust"),
    ):
        if not reference:
            continue
        if role is None:
            out.add(
                "preflight-role-not-given",
                path,
                f"the {kind} role {role_name(reference)!r} was not given: its trust policy and permissions were not "
                "checked",
            )
            continue
        roles[kind] = role
        _check_trust(out, role, rule_id=rule_id, path=path, label=f"{kind} role", account=account, partition=partition)
    _check_permissions(
        out,
        td,
        roles,
        launch=launch,
        exec_enabled=exec_enabled,
        account=account,
        region=region,
        partition=partition,
        managed=managed,
    )


def _first_failure(network: Network, subnet_id: str, need: Need, public_ip: bool) -> Path | None:
    """The first endpoint of ``need`` that ``subnet_id`` does not reach (NONE before UNDETERMINED), or None."""
    undetermined = None
    for service in need.services:
        path = reach(network, subnet_id, service, public_ip=public_ip)
        if path.via is Via.NONE:
            return path
        if path.via is Via.UNDETERMINED and undetermined is None:
            undetermined = path
    return undetermined


def check_needs(
    out: Collector,
    network: Network,
    needs: Sequence[Need],
    subnets: Sequence[tuple[str, str]],
    *,
    public_ip: bool,
    fargate: bool,
    who: str,
) -> None:
    """Record a finding for each need some subnet (``(path, subnet id)`` pairs) cannot reach."""
    known = {s.subnet_id for s in network.subnets}
    usable = []
    for path, subnet_id in subnets:
        if subnet_id in known:
            usable.append(subnet_id)
        else:
            out.add(
                "preflight-route-undetermined",
                path,
                f"{subnet_id} is not in the description of {network.vpc_id}: its routes were not checked",
            )
    for need in needs:
        failures = [f for f in (_first_failure(network, s, need, public_ip) for s in usable) if f is not None]
        if not failures:
            continue
        first = failures[0]
        others = [f.subnet_id for f in failures[1:]]
        also = f" (also from {', '.join(others)})" if others else ""
        if first.via is Via.UNDETERMINED:
            out.add(
                "preflight-route-undetermined",
                need.path,
                f"whether {who} can fetch {need.subject} is not known: {first.explanation}{also}",
            )
            continue
        rule_id, error = _messages.unreachable(need, first, fargate=fargate)
        out.add(
            rule_id,
            need.path,
            f"{error} ({first.explanation}{also})",
            _messages.unreachable_hint(first, region=network.region, who=who),
        )


def task_findings(
    out: Collector,
    td: RegisterTaskDefinitionRequest,
    *,
    execution_role: Role | None,
    task_role: Role | None,
    network: Network | None,
    subnets: Sequence[str],
    assign_public_ip: bool,
    launch: str,
    exec_enabled: bool,
    instance_subnet: str | None,
    instance_public_ip: bool,
    account: str,
    region: str,
    partition: str,
    managed: Mapping[str, PolicyDocument] | None,
) -> None:
    """Record every finding of :func:`preflight_task` (with the launch type already settled) into ``out``."""
    _check_roles(
        out,
        td,
        execution_role=execution_role,
        task_role=task_role,
        launch=launch,
        exec_enabled=exec_enabled,
        account=account,
        region=region,
        partition=partition,
        managed=managed,
    )
    if network is None or launch == "EXTERNAL":
        return
    needs = task_needs(td, region=region)
    if launch == "FARGATE":
        origins = [(f"{_SUBNETS}[{i}]", s) for i, s in enumerate(subnets)]
        if not origins:
            out.add("preflight-route-undetermined", _SUBNETS, "no subnets given: network paths were not checked")
        check_needs(out, network, needs, origins, public_ip=assign_public_ip, fargate=True, who="the task")
        return
    # On EC2 the agent fetches everything from the instance's network interface.
    if instance_subnet is None:
        out.add(
            "preflight-route-undetermined",
            "",
            "the container instance's subnet was not given (instance_subnet=): network paths were not checked",
        )
        return
    check_needs(
        out,
        network,
        needs,
        [("", instance_subnet)],
        public_ip=instance_public_ip,
        fargate=False,
        who="the instance",
    )


def check_pass_role(
    out: Collector,
    caller: Role,
    td: RegisterTaskDefinitionRequest,
    *,
    account: str,
    partition: str,
    managed: Mapping[str, PolicyDocument] | None,
) -> None:
    """Record a finding for each role of ``td`` that ``caller`` may not pass to ECS tasks (``iam:PassRole``)."""
    for path, reference in (("executionRoleArn", td.execution_role_arn), ("taskRoleArn", td.task_role_arn)):
        if not reference:
            continue
        arn = reference if reference.startswith("arn:") else f"arn:{partition}:iam::{account}:role/{reference}"
        evaluation = evaluate_role(
            caller,
            "iam:PassRole",
            arn,
            context={"iam:PassedToService": TASKS_SERVICE},
            managed=managed,
        )
        if evaluation.decision is Decision.UNDETERMINED:
            out.undetermined(path, f"the caller {caller.role_name!r} may iam:PassRole {arn}", evaluation)
        elif not evaluation.allowed:
            out.add(
                "preflight-pass-role-denied",
                path,
                f"AccessDeniedException: User: ... is not authorized to perform: iam:PassRole on resource: {arn} "
                f"(the caller {caller.role_name!r} may not pass it to {TASKS_SERVICE})",
            )
