"""Preflight of an EC2 container instance: will its agent register with the cluster and stay connected?

The agent runs with the instance profile's role: the role must trust ``ec2.amazonaws.com`` and allow the actions
the agent calls (those of the AmazonEC2ContainerServiceforEC2Role managed policy,
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html), and the instance's subnet must
reach the ``ecs``, ``ecs-agent`` and ``ecs-telemetry`` endpoints
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html). Paths are ``assumeRolePolicy``
for the trust policy and ``""`` (the role, or the instance) otherwise; messages name the action or the subnet.
"""

from __future__ import annotations

from collections.abc import Mapping

from ecskit.iam import AGENT_ACTIONS, EC2_SERVICE, Decision, can_assume, evaluate_role
from ecskit.models.iam import PolicyDocument, Role
from ecskit.models.vpc import Network
from ecskit.preflight._core import Collector
from ecskit.preflight.network import AGENT_ENDPOINTS, Via, endpoint_service_name, reach
from ecskit.preflight.rules import PreflightConfig
from ecskit.validation import Report

__all__ = ["agent_resource", "preflight_container_instance"]

#: Agent actions authorized on the cluster; the ones on container instances are in ``_ON_INSTANCE``; the others
#: (ecs:DiscoverPollEndpoint, ecs:CreateCluster, ECR and CloudWatch Logs actions) on ``*``.
_ON_CLUSTER = frozenset(
    {
        "ecs:registercontainerinstance",
        "ecs:deregistercontainerinstance",
        "ecs:submitcontainerstatechange",
        "ecs:submittaskstatechange",
        "ecs:submitattachmentstatechanges",
    }
)
_ON_INSTANCE = frozenset({"ecs:poll", "ecs:starttelemetrysession", "ecs:updatecontainerinstancesstate"})


def agent_resource(action: str, *, cluster: str, account: str, region: str, partition: str = "aws") -> str:
    """The resource an agent action is authorized on (Service Authorization Reference for ECS): the cluster, the
    cluster's container instances (any of them), or ``*``."""
    base = f"arn:{partition}:ecs:{region}:{account}"
    if action.lower() in _ON_CLUSTER:
        return f"{base}:cluster/{cluster}"
    if action.lower() in _ON_INSTANCE:
        return f"{base}:container-instance/{cluster}/*"
    return "*"


#: Agent actions by how early their failure stops the instance (lower first).
_SEVERITY = {"ecs:registercontainerinstance": 0, "ecs:discoverpollendpoint": 1, "ecs:poll": 2}


def _effect(action: str) -> str:
    if action.lower() == "ecs:registercontainerinstance":
        return "the instance never registers with the cluster"
    if action.lower() in ("ecs:poll", "ecs:discoverpollendpoint"):
        return "the agent never connects (agentConnected false), so ECS never places a task on the instance"
    return "the agent fails at this step"


def _endpoint_error(short: str, region: str) -> tuple[str, str]:
    host = {"ecs": f"ecs.{region}", "ecs-agent": f"ecs-a-*.{region}", "ecs-telemetry": f"ecs-t-*.{region}"}[short]
    request = f"RequestError: send request failed caused by: Post https://{host}.amazonaws.com/: dial tcp ...:443"
    if short == "ecs":
        return "preflight-agent-unreachable", (
            f"the instance never registers: the agent logs Unable to register as a container instance with ECS: "
            f"{request}: i/o timeout"
        )
    if short == "ecs-agent":
        return "preflight-agent-unreachable", (
            f"the agent never connects (agentConnected false), so ECS never places a task on the instance: {request}"
            ": i/o timeout"
        )
    return "preflight-telemetry-unreachable", f"the agent sends no metrics: {request}: i/o timeout"


def preflight_container_instance(
    role: Role,
    *,
    cluster: str = "default",
    network: Network | None = None,
    subnet_id: str | None = None,
    public_ip: bool = False,
    account: str,
    region: str,
    partition: str = "aws",
    managed: Mapping[str, PolicyDocument] | None = None,
    config: PreflightConfig | None = None,
) -> Report:
    """Every reason an EC2 instance with ``role`` (its instance profile's role) in ``subnet_id`` would not register
    with ``cluster`` or would not stay connected: the trust policy, each action the agent calls (ecs:Poll first),
    and a network path to each ECS endpoint the agent uses."""
    out = Collector(config)
    trust = can_assume(role, EC2_SERVICE, account=account, partition=partition)
    if trust.decision is Decision.UNDETERMINED:
        out.undetermined("assumeRolePolicy", f"{EC2_SERVICE} may assume {role.role_name!r}", trust)
    elif not trust.allowed:
        out.add(
            "preflight-instance-role-trust",
            "assumeRolePolicy",
            f"the instance gets no credentials and the agent logs NoCredentialProviders: no valid providers in chain "
            f"(the trust policy of {role.role_name!r} does not let {EC2_SERVICE} sts:AssumeRole)",
        )
    denied: list[tuple[str, str]] = []
    for action in AGENT_ACTIONS:
        resource = agent_resource(action, cluster=cluster, account=account, region=region, partition=partition)
        evaluation = evaluate_role(role, action, resource, managed=managed)
        if evaluation.decision is Decision.UNDETERMINED:
            out.undetermined("", f"the instance role {role.role_name!r} may {action} on {resource}", evaluation)
        elif not evaluation.allowed:
            denied.append((action, resource))
    if denied:
        # One finding: the worst effect leads (never registers, then never connects), every denied action listed.
        action, resource = min(denied, key=lambda d: _SEVERITY.get(d[0].lower(), len(_SEVERITY)))
        listed = ", ".join(a for a, _ in denied)
        out.add(
            "preflight-instance-agent-denied",
            "",
            f"{_effect(action)}: AccessDeniedException: User: ... is not authorized to perform: {action} on "
            f"resource: {resource} (the instance role {role.role_name!r} can't {listed})",
            f"attach arn:{partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role to "
            f"{role.role_name!r}, or allow {listed}",
        )
    if network is None:
        return out.report()
    if subnet_id is None:
        out.add("preflight-route-undetermined", "", "no subnet_id given: the agent's network paths were not checked")
        return out.report()
    if subnet_id not in {s.subnet_id for s in network.subnets}:
        out.add(
            "preflight-route-undetermined",
            "",
            f"{subnet_id} is not in the description of {network.vpc_id}: its routes were not checked",
        )
        return out.report()
    for short in AGENT_ENDPOINTS:
        path = reach(network, subnet_id, endpoint_service_name(region, short), public_ip=public_ip)
        if path.via is Via.UNDETERMINED:
            out.add(
                "preflight-route-undetermined",
                "",
                f"whether the agent reaches {short} is not known: {path.explanation}",
            )
        elif not path.reachable:
            rule_id, error = _endpoint_error(short, region)
            out.add(rule_id, "", f"{error} ({path.explanation})")
    return out.report()
