"""Elastic Load Balancing in the fake: load balancers, listeners, target groups, and the targets ECS registers.

An ECS service with ``loadBalancers`` registers each of its tasks in the target group once the task is RUNNING,
and deregisters it when the task is told to stop, as ECS does
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-load-balancing.html):

* the target is the container instance's EC2 instance id and the host port bound to the container port (target
  type ``instance``: bridge and host network modes; a bridge task's port is the dynamic one), or the task's private
  IP and the container port (target type ``ip``: awsvpc, Fargate included);
* its health follows the target group's health check over virtual time: ``initial`` until
  ``healthy_threshold_count`` checks have passed (``interval_seconds`` apart), then ``healthy``; ``unhealthy``
  after ``unhealthy_threshold_count`` failed checks when the container fails: its container health check is
  UNHEALTHY, or (without one) a :meth:`~ecskit.backends.fake.Faults.unhealthy` fault matches its image;
* a deregistered target is ``draining`` for the group's deregistration delay; the task stays DEACTIVATING until the
  draining ends (the delay is what makes rolling deployments of load-balanced services slow on AWS too).

The service scheduler counts a task as healthy only when its targets are healthy, so a rolling deployment keeps
``minimumHealthyPercent`` of healthy *targets*, and it replaces a task whose target turns unhealthy after the
health check grace period ("Task failed ELB health checks in (target-group ...)").

Target groups must be declared on the fake (:meth:`~ecskit.backends.fake.FakeBackend.create_target_group`) to be
checked and to get targets; a service naming an undeclared target group is accepted and registers nothing.
"""

from __future__ import annotations

import hashlib

from ecskit.backends.fake.core.balancing import Target
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.events import Reconcile
from ecskit.backends.fake.core.services import ServiceRecord
from ecskit.backends.fake.core.tasks import TaskRecord
from ecskit.backends.fake.engine.tasks import service_arn_of
from ecskit.errors import UsageError
from ecskit.models import replace
from ecskit.models.ecs import HealthStatus, NetworkMode, TaskDefinition
from ecskit.models.ecs import LoadBalancer as ServiceLoadBalancer
from ecskit.models.elbv2 import (
    Listener,
    LoadBalancer,
    TargetDescription,
    TargetGroup,
    TargetHealth,
    TargetHealthDescription,
    TargetHealthReason,
    TargetHealthState,
    TargetType,
)
from ecskit.texts import ecs

__all__ = [
    "balancers_of",
    "check_service_load_balancers",
    "create_listener",
    "create_load_balancer",
    "create_target_group",
    "deregister_task",
    "describe_target_health",
    "register_task",
    "service_of",
    "task_targets_healthy",
    "unhealthy_target_group",
]

_ELB = "elasticloadbalancing"


def _suffix(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode()).hexdigest()[:16]


def _elb_arn(env: Env, resource: str) -> str:
    return f"arn:aws:{_ELB}:{env.region}:{env.account}:{resource}"


def _bad(message: str) -> None:
    raise UsageError(message)


def create_load_balancer(env: Env, balancer: LoadBalancer) -> LoadBalancer:
    """Store a load balancer (with the ARN it carries, or a new one) and give it a DNS name."""
    name = balancer.load_balancer_name
    kind = {"application": "app", "network": "net", "gateway": "gwy"}[str(balancer.type)]
    arn = balancer.load_balancer_arn or _elb_arn(env, f"loadbalancer/{kind}/{name}/{_suffix(env.account, name)}")
    dns = balancer.dns_name or f"{name}-{int(_suffix(arn), 16) % 10**10}.{env.region}.elb.amazonaws.com"
    stored = replace(balancer, load_balancer_arn=arn, dns_name=dns)
    env.state.balancing.load_balancers[arn] = stored
    return stored


def create_target_group(env: Env, group: TargetGroup) -> TargetGroup:
    """Store a target group (with the ARN it carries, or a new one)."""
    name = group.target_group_name
    if not 1 <= len(name) <= 32 or not all(c.isalnum() or c == "-" for c in name) or name.startswith("-"):
        _bad(f"target group name {name!r}: 1-32 letters, digits or hyphens, not starting with a hyphen")
    check = group.health_check
    if check.timeout_seconds >= check.interval_seconds:
        _bad("health_check.timeout_seconds must be less than health_check.interval_seconds")
    arn = group.target_group_arn or _elb_arn(env, f"targetgroup/{name}/{_suffix(env.account, name)}")
    stored = replace(group, target_group_arn=arn)
    env.state.balancing.target_groups[arn] = stored
    env.state.balancing.targets.setdefault(arn, [])
    return stored


def create_listener(env: Env, listener: Listener, load_balancer_arn: str) -> Listener:
    """Add a listener to a load balancer; its target group becomes associated with the load balancer."""
    lb = env.state.balancing
    if load_balancer_arn not in lb.load_balancers:
        _bad(f"load balancer {load_balancer_arn} is not declared on the fake")
    group = _group_named(env, listener.default_target_group)
    port = str(listener.port)
    arn = listener.listener_arn or load_balancer_arn.replace(":loadbalancer/", ":listener/") + "/" + _suffix(port)
    stored = replace(listener, load_balancer_arn=load_balancer_arn, listener_arn=arn)
    lb.listeners[arn] = stored
    arns = group.load_balancer_arns
    if load_balancer_arn not in arns:
        lb.target_groups[group.target_group_arn or ""] = replace(group, load_balancer_arns=(*arns, load_balancer_arn))
    return stored


def _group_named(env: Env, ref: str) -> TargetGroup:
    groups = env.state.balancing.target_groups
    if ref in groups:
        return groups[ref]
    for group in groups.values():
        if group.target_group_name == ref:
            return group
    raise UsageError(f"target group {ref!r} is not declared on the fake")


def check_service_load_balancers(env: Env, service_lbs: tuple[ServiceLoadBalancer, ...], td: TaskDefinition) -> None:
    """CreateService's checks of declared target groups: associated with a load balancer, and a target type the
    task definition's network mode can register (AWS's InvalidParameterException texts)."""
    mode = str(td.network_mode or NetworkMode.BRIDGE)
    for entry in service_lbs:
        group = env.state.balancing.target_groups.get(entry.target_group_arn or "")
        if group is None:
            continue
        if not group.load_balancer_arns:
            refuse(ecs.TARGET_GROUP_NO_LOAD_BALANCER, arn=group.target_group_arn)
        wanted = TargetType.IP if mode == "awsvpc" else TargetType.INSTANCE
        if group.target_type != wanted:
            refuse(ecs.TARGET_GROUP_TYPE, arn=group.target_group_arn, target_type=group.target_type, mode=mode)


def _endpoint(env: Env, task: TaskRecord, name: str | None, port: int | None) -> tuple[str, int] | None:
    """(target id, port) of a task's container port: instance id + host port, or private IP + container port."""
    if task.eni is not None:
        return task.eni.address, port or 0
    for container in task.containers:
        if container.name != name:
            continue
        for binding in container.bindings or ():
            if binding.container_port == port and binding.host_port is not None:
                instance = env.state.instances.get(task.instance_arn or "")
                if instance is not None:
                    return instance.ec2_instance_id, binding.host_port
    return None


def balancers_of(service: ServiceRecord, task: TaskRecord) -> tuple[ServiceLoadBalancer, ...]:
    """The load balancers a task of ``service`` registers in: the service's, or (EXTERNAL and CODE_DEPLOY
    controllers) those of the task set that started it, so that two task sets serve two target groups."""
    if not service.runs_task_sets:
        return service.load_balancers
    found = next((s for s in service.task_sets if s.id == task.started_by), None)
    return found.load_balancers if found is not None else ()


def register_task(env: Env, task: TaskRecord, service: ServiceRecord, answers: bool) -> None:
    """Register a task that has just become RUNNING in the declared target groups of its service (of its task
    set, for a service of task sets)."""
    lb = env.state.balancing
    for entry in balancers_of(service, task):
        group = lb.target_groups.get(entry.target_group_arn or "")
        if group is None:
            continue
        endpoint = _endpoint(env, task, entry.container_name, entry.container_port)
        if endpoint is None:  # pragma: no cover - validation makes sure the container maps the port
            continue
        target = Target(
            id=endpoint[0],
            port=endpoint[1],
            task=task.arn,
            zone=task.availability_zone,
            registered=env.now,
            answers=answers,
        )
        lb.targets[group.target_group_arn or ""].append(target)
        check = group.health_check
        # Wake the scheduler when the target's health settles (healthy, or unhealthy for a failing app).
        settle = check.interval_seconds * (
            check.healthy_threshold_count if answers else check.unhealthy_threshold_count
        )
        env.later(settle, Reconcile(service=service.arn))


def deregister_task(env: Env, task: TaskRecord) -> float:
    """Deregister a task's targets; returns how long they drain (0 when it had none)."""
    lb = env.state.balancing
    delay = 0.0
    for arn, targets in lb.targets.items():
        for target in targets:
            if target.task == task.arn and target.deregistered is None:
                target.deregistered = env.now
                delay = max(delay, float(lb.target_groups[arn].deregistration_delay_seconds))
    return delay


def _health(env: Env, group: TargetGroup, target: Target) -> TargetHealth | None:
    """A target's health now (None: it has drained and is gone)."""
    now = env.now
    if target.deregistered is not None:
        if now >= target.deregistered + group.deregistration_delay_seconds:
            return None
        return TargetHealth(
            state=TargetHealthState.DRAINING,
            reason=TargetHealthReason.DEREGISTRATION_IN_PROGRESS,
            description="Target deregistration is in progress",
        )
    if not group.load_balancer_arns:
        return TargetHealth(
            state=TargetHealthState.UNUSED,
            reason=TargetHealthReason.NOT_IN_USE,
            description="Target group is not configured to receive traffic from the load balancer",
        )
    check = group.health_check
    task = env.state.tasks.get(target.task)
    failing = not target.answers or (task is not None and task.health == HealthStatus.UNHEALTHY)
    ran = now - target.registered
    if failing and ran >= check.interval_seconds * check.unhealthy_threshold_count:
        return TargetHealth(
            state=TargetHealthState.UNHEALTHY,
            reason=TargetHealthReason.FAILED_HEALTH_CHECKS,
            description="Health checks failed",
        )
    if not failing and ran >= check.interval_seconds * check.healthy_threshold_count:
        return TargetHealth(state=TargetHealthState.HEALTHY)
    return TargetHealth(
        state=TargetHealthState.INITIAL,
        reason=TargetHealthReason.INITIAL_HEALTH_CHECKING,
        description="Initial health checks in progress",
    )


def describe_target_health(env: Env, target_group_arn: str) -> tuple[TargetHealthDescription, ...]:
    """DescribeTargetHealth: every target of the group and its health now (drained targets are dropped)."""
    lb = env.state.balancing
    group = lb.target_groups.get(target_group_arn)
    if group is None:
        raise UsageError(f"target group {target_group_arn} is not declared on the fake")
    shown: list[TargetHealthDescription] = []
    kept: list[Target] = []
    for target in lb.targets[target_group_arn]:
        health = _health(env, group, target)
        if health is None:
            continue
        kept.append(target)
        shown.append(
            TargetHealthDescription(
                target=TargetDescription(id=target.id, port=target.port, availability_zone=target.zone),
                health_check_port=str(target.port) if group.health_check.port == "traffic-port" else None,
                target_health=health,
            )
        )
    lb.targets[target_group_arn] = kept
    return tuple(shown)


def _targets_of(env: Env, task: TaskRecord) -> list[tuple[TargetGroup, Target]]:
    lb = env.state.balancing
    return [
        (lb.target_groups[arn], t)
        for arn, targets in lb.targets.items()
        for t in targets
        if t.task == task.arn and t.deregistered is None
    ]


def task_targets_healthy(env: Env, service: ServiceRecord, task: TaskRecord) -> bool:
    """Whether every declared target group of the service (of the task's task set) has the task registered and
    healthy."""
    declared = [
        e.target_group_arn
        for e in balancers_of(service, task)
        if e.target_group_arn in env.state.balancing.target_groups
    ]
    if not declared:
        return True
    found = _targets_of(env, task)
    healthy = {g.target_group_arn for g, t in found if _is(env, g, t, TargetHealthState.HEALTHY)}
    return all(arn in healthy for arn in declared)


def unhealthy_target_group(env: Env, task: TaskRecord) -> str | None:
    """The ARN of a target group where the task's target is unhealthy, else None."""
    for group, target in _targets_of(env, task):
        if _is(env, group, target, TargetHealthState.UNHEALTHY):
            return group.target_group_arn
    return None


def _is(env: Env, group: TargetGroup, target: Target, state: TargetHealthState) -> bool:
    health = _health(env, group, target)
    return health is not None and health.state == state


def service_of(env: Env, task: TaskRecord) -> ServiceRecord | None:
    """The service a task belongs to, or None."""
    arn = service_arn_of(env, task)
    return env.state.services.get(arn) if arn is not None else None
