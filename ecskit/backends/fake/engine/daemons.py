"""ECS Managed Daemons over virtual time: one daemon task on each container instance of a daemon's capacity providers,
and the deployments that roll a new daemon revision out.

What AWS does (Amazon ECS Developer Guide, "Daemons": managed-daemons-create-manage.html,
managed-daemons-deployments.html, managed-daemons-auto-repair.html, managed-daemons-events.html; the API reference of
CreateDaemon and UpdateDaemon):

* a daemon runs "exactly one daemon task on each container instance of the specified capacity providers"; "when a
  container instance registers with the cluster, Amazon ECS automatically starts daemon tasks", "before scheduling
  other tasks";
* creating or updating a daemon makes a daemon revision (its task definition, images, tag propagation and ECS Exec
  setting) and a deployment: PENDING, IN_PROGRESS, then SUCCESSFUL once every instance runs the new revision and
  ``bakeTimeInMinutes`` (0 unless set) has passed; a newer deployment STOPS the one in progress; ``drainPercent``
  (25 unless set) of the instances are done at a time (the fake: that share of them rounded down, at least one);
  the circuit breaker rolls a failing deployment back to the previous revision (ROLLBACK_IN_PROGRESS,
  ROLLBACK_SUCCESSFUL);
* each deployment change is an ``ECS Daemon Deployment State Change`` event (DAEMON_DEPLOYMENT_PENDING, ...), and a
  daemon task that cannot be created, or stops before RUNNING, an ``ECS Daemon Service Action`` event
  DAEMON_TASK_START_IMPAIRED (``failureType`` TASK_CREATION_FAILED or TASK_FAILED_TO_RUN), as the events page shows
  them.

How the fake does it, where it cannot do as AWS does (it has no ECS Managed Instances, on which alone AWS runs
daemons):

* a daemon's capacity providers are the fake's Auto Scaling group providers of its cluster: its tasks run on their
  ACTIVE instances (launch type EC2, the provider's name shown), in the task group ``daemon:<name>``;
* AWS drains each instance of a batch and provisions a replacement with the new revision; the fake replaces the
  daemon task in place: on each instance of the batch the old revision's task is stopped, and the new one starts
  once it has stopped. An instance that runs no task of the daemon (a new one, or at the daemon's creation) gets the
  current revision's task at once;
* AWS drains and replaces an instance whose daemon task stops; the fake starts the daemon task again on it. While a
  deployment is in progress, a task of its revision that stops by itself (it failed to start, an essential container
  exited) counts for the circuit breaker, whose threshold the fake takes from the service circuit breaker's rule
  (half the instances, at least 3, at most 200): AWS's daemon threshold is not documented. Alarms are not evaluated
  (the fake has no CloudWatch): their status is DISABLED unless enabled, then MONITORING.
"""

from __future__ import annotations

import math
import string

from ecskit.backends.fake.core.bus import iso_time
from ecskit.backends.fake.core.daemons import DaemonDeploymentRecord, DaemonRecord, runs
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.events import DaemonReconcile
from ecskit.backends.fake.core.find import find_daemon_definition
from ecskit.backends.fake.core.instances import InstanceRecord
from ecskit.backends.fake.core.tasks import RUNNING, STOPPED, TaskRecord
from ecskit.backends.fake.engine import lifecycle
from ecskit.backends.fake.engine.bus import post
from ecskit.backends.fake.engine.deployments import failure_threshold, image_digest
from ecskit.backends.fake.engine.launch import Launch, launch_for, start_placed
from ecskit.backends.fake.engine.placement import cluster_index
from ecskit.backends.fake.engine.tasks import poke_daemon
from ecskit.models.ecs import (
    DaemonAlarmConfiguration,
    DaemonContainerImage,
    DaemonDeploymentConfiguration,
    DaemonDeploymentRollbackMonitorsStatus,
    DaemonDeploymentStatus,
    DaemonPropagateTags,
    DaemonRevision,
    DaemonStatus,
    DaemonTaskDefinitionStatus,
    Failure,
    LaunchType,
    Tag,
    TaskStopCode,
)
from ecskit.placement import place_on

__all__ = [
    "DEFAULT_DRAIN_PERCENT",
    "RETRY_SECONDS",
    "daemon_instances",
    "deployment_config",
    "finish_deletes",
    "new_deployment",
    "new_revision",
    "reconcile",
    "reconcile_cluster",
]

#: The drain percentage of a daemon deployment that sets none (managed-daemons-deployments.html: "the default is
#: 25.0").
DEFAULT_DRAIN_PERCENT = 25.0
#: How long the fake waits before trying again to start a daemon task that fits on no instance.
RETRY_SECONDS = 30.0
_D = DaemonDeploymentStatus
_SELF_STOPS = (TaskStopCode.TASK_FAILED_TO_START, TaskStopCode.ESSENTIAL_CONTAINER_EXITED)
#: The stop reason of a daemon task the daemon stops (ecskit's wording: AWS's is not public).
STOPPED_BY_DAEMON = "Daemon task stopped by its daemon's deployment."
_ID_CHARACTERS = string.ascii_letters + string.digits


def deployment_config(given: DaemonDeploymentConfiguration | None) -> DaemonDeploymentConfiguration:
    """A daemon's deployment configuration with AWS's defaults: drainPercent 25, bakeTimeInMinutes 0, alarms off."""
    given = given or DaemonDeploymentConfiguration()
    alarms = given.alarms or DaemonAlarmConfiguration(alarm_names=(), enable=False)
    return DaemonDeploymentConfiguration(
        drain_percent=given.drain_percent if given.drain_percent is not None else DEFAULT_DRAIN_PERCENT,
        alarms=DaemonAlarmConfiguration(alarm_names=alarms.alarm_names or (), enable=bool(alarms.enable)),
        bake_time_in_minutes=given.bake_time_in_minutes or 0,
    )


def _short_id(env: Env) -> str:
    """21 letters and digits, as the ids of daemon deployments read in AWS's examples."""
    number = int(env.ids.hex32(), 16)
    return "".join(_ID_CHARACTERS[(number // 62**n) % 62] for n in range(21))


def new_revision(env: Env, daemon: DaemonRecord, definition_arn: str) -> str:
    """A new daemon revision of ``daemon`` as it is now, running ``definition_arn``; returns its ARN."""
    arn = env.arn(f"daemon-revision/{daemon.cluster}/{daemon.name}/{env.ids.uuid()}")
    definition = find_daemon_definition(env, definition_arn)
    containers = definition.body.container_definitions or () if definition is not None else ()
    env.state.daemon_revisions[arn] = DaemonRevision(
        daemon_revision_arn=arn,
        cluster_arn=env.arn(f"cluster/{daemon.cluster}"),
        daemon_arn=daemon.arn,
        daemon_task_definition_arn=definition_arn,
        created_at=env.clock.now(),
        container_images=tuple(
            DaemonContainerImage(container_name=c.name, image_digest=image_digest(env, c.image), image=c.image)
            for c in containers
        ),
        propagate_tags=daemon.propagate_tags,
        enable_ecs_managed_tags=daemon.enable_ecs_managed_tags,
        enable_execute_command=daemon.enable_execute_command,
    )
    return arn


def _event(env: Env, daemon: DaemonRecord, record: DaemonDeploymentRecord) -> None:
    """The ``ECS Daemon Deployment State Change`` event of ``record``'s status (the events page's sample; a
    DeleteDaemon deployment, which deploys no revision, has no ``targetDaemonRevisionArn``)."""
    failed = record.status == _D.ROLLBACK_FAILED
    detail = {
        "eventType": "ERROR" if failed else "INFO",
        "eventName": f"DAEMON_DEPLOYMENT_{record.status}",
        "clusterArn": record.cluster_arn,
        "daemonArn": daemon.arn,
        "daemonDeploymentArn": record.arn,
        **({"targetDaemonRevisionArn": record.target} if record.target is not None else {}),
        "updatedAt": iso_time(env.clock.now()),
    }
    post(env, "aws.ecs", "ECS Daemon Deployment State Change", detail, (daemon.arn,))


def _set(env: Env, daemon: DaemonRecord, record: DaemonDeploymentRecord, status: DaemonDeploymentStatus) -> None:
    """Move a deployment to ``status`` (its times, and its event)."""
    now = env.clock.now()
    record.status = status
    if status == _D.IN_PROGRESS and record.started_at is None:
        record.started_at = now
    if status == _D.STOPPED:
        record.stopped_at = now
    if status in (_D.SUCCESSFUL, _D.ROLLBACK_SUCCESSFUL, _D.ROLLBACK_FAILED, _D.STOPPED):
        record.finished_at = now
        record.batch = []
        if record.circuit_breaker == DaemonDeploymentRollbackMonitorsStatus.MONITORING:
            record.circuit_breaker = DaemonDeploymentRollbackMonitorsStatus.MONITORING_COMPLETE
    _event(env, daemon, record)


def new_deployment(
    env: Env, daemon: DaemonRecord, target: str | None, previous: str | None = None
) -> DaemonDeploymentRecord:
    """A new deployment of ``daemon`` (PENDING) to daemon revision ``target`` (None: DeleteDaemon's, which drains
    every task) from revision ``previous`` (the one a rollback goes back to); the one in progress is STOPPED
    ("replaced by a new deployment")."""
    before = env.state.daemon_deployments.get(daemon.deployment) if daemon.deployment else None
    if before is not None and before.live:
        before.status_reason = "Replaced by a new deployment."
        _set(env, daemon, before, _D.STOPPED)
    running = {revision for arn, revision in daemon.tasks.items() if _alive(env.state.tasks.get(arn))}
    others = sorted(r for r in running if r not in (target, previous))
    sources = ([previous] if previous is not None and previous != target else []) + others
    config = daemon.deployment_configuration
    record = DaemonDeploymentRecord(
        arn=env.arn(f"daemon-deployment/{daemon.cluster}/{daemon.name}/{_short_id(env)}"),
        daemon_arn=daemon.arn,
        cluster_arn=env.arn(f"cluster/{daemon.cluster}"),
        status=_D.PENDING,
        target=target,
        sources=tuple(sources),
        capacity_providers=daemon.capacity_providers,
        configuration=config,
        created_at=env.clock.now(),
        threshold=failure_threshold(len(daemon_instances(env, daemon))),
    )
    env.state.daemon_deployments[record.arn] = record
    daemon.deployment = record.arn
    _event(env, daemon, record)
    poke_daemon(env, daemon)
    return record


def daemon_instances(env: Env, daemon: DaemonRecord) -> list[InstanceRecord]:
    """The ACTIVE container instances of ``daemon``'s capacity providers in its cluster, in registration order."""
    providers = daemon.capacity_providers
    return [
        i
        for i in env.state.instances.values()
        if i.cluster == daemon.cluster and i.status == "ACTIVE" and i.capacity_provider in providers
    ]


def _alive(task: TaskRecord | None) -> bool:
    return task is not None and task.last_status != STOPPED


def _tags(env: Env, daemon: DaemonRecord, revision: DaemonRevision) -> tuple[Tag, ...]:
    tags: dict[str | None, Tag] = {}
    if revision.propagate_tags == DaemonPropagateTags.DAEMON:
        tags.update((t.key, t) for t in env.state.tags.get(daemon.arn, ()))
    if revision.enable_ecs_managed_tags:
        tags["aws:ecs:clusterName"] = Tag(key="aws:ecs:clusterName", value=daemon.cluster)
    return tuple(tags.values())


def _launch(env: Env, daemon: DaemonRecord, revision_arn: str) -> Launch | None:
    revision = env.state.daemon_revisions.get(revision_arn)
    definition = find_daemon_definition(env, revision.daemon_task_definition_arn or "") if revision else None
    if revision is None or definition is None:
        return None
    return launch_for(
        env,
        runs(definition),
        cluster=daemon.cluster,
        overrides=None,
        group=daemon.group,
        started_by=None,
        tags=_tags(env, daemon, revision),
        subnets=None,
        enable_execute_command=bool(revision.enable_execute_command),
        platform_version=None,
    )


def _impaired(env: Env, daemon: DaemonRecord, revision: str, instance: InstanceRecord, **members: str) -> None:
    """A DAEMON_TASK_START_IMPAIRED event (``members``: failureType, reason, and taskArn when there is a task)."""
    definition = env.state.daemon_revisions[revision].daemon_task_definition_arn
    detail = {
        "eventType": "WARNING",
        "eventName": "DAEMON_TASK_START_IMPAIRED",
        "clusterArn": env.arn(f"cluster/{daemon.cluster}"),
        "containerInstanceArn": instance.arn,
        **({"taskArn": members["taskArn"]} if "taskArn" in members else {}),
        "daemonRevisionArn": revision,
        "capacityProviderName": instance.capacity_provider,
        "daemonArn": daemon.arn,
        "daemonTaskDefinitionArn": definition,
        "failureType": members["failureType"],
        "createdAt": iso_time(env.clock.now()),
        "reason": members["reason"],
    }
    resources = (members["taskArn"],) if "taskArn" in members else ()
    post(env, "aws.ecs", "ECS Daemon Service Action", detail, resources)


def _start(env: Env, daemon: DaemonRecord, instance: InstanceRecord, revision: str) -> bool:
    """Start a task of daemon revision ``revision`` on ``instance``; False when it does not fit there (the event is
    sent once per instance and revision)."""
    launch = _launch(env, daemon, revision)
    if launch is None:  # pragma: no cover - a revision the fake made always has its daemon task definition
        return False
    index = cluster_index(env, daemon.cluster)
    placed = place_on(launch.demand, instance.arn, instances=index, group=launch.group)
    if placed.tasks:
        task = start_placed(env, launch, placed.tasks[0], LaunchType.EC2, provider=instance.capacity_provider)
        if not isinstance(task, Failure):
            daemon.tasks[task.arn] = revision
            return True
    key = f"{instance.arn} {revision}"
    if key not in daemon.impaired:
        daemon.impaired.append(key)
        reason = str(placed.reason) if placed.reason is not None else "RESOURCE"
        message = f"{reason} - Unable to place daemon task on container instance"
        _impaired(env, daemon, revision, instance, failureType="TASK_CREATION_FAILED", reason=message)
    return False


def _count_failures(env: Env, daemon: DaemonRecord, record: DaemonDeploymentRecord, tasks: list[TaskRecord]) -> None:
    """Daemon tasks of the deployment's revision that stopped by themselves: each counted once; at the threshold the
    circuit breaker stops the deployment and rolls it back to the revision it replaces."""
    failed = 0
    for task in tasks:
        if task.arn in record.counted or task.desired_status != STOPPED or task.stop_code not in _SELF_STOPS:
            continue
        record.counted.append(task.arn)
        revision = daemon.tasks[task.arn]
        instance = env.state.instances.get(task.instance_arn or "")
        if task.started_at is None and instance is not None:
            reason = f"Task failed to reach RUNNING status: {task.stopped_reason}"
            _impaired(
                env, daemon, revision, instance, failureType="TASK_FAILED_TO_RUN", reason=reason, taskArn=task.arn
            )
        if revision == record.target and record.status == _D.IN_PROGRESS:
            failed += 1
    if not failed:
        return
    record.failures += failed
    if record.failures < record.threshold:
        return
    record.circuit_breaker = DaemonDeploymentRollbackMonitorsStatus.TRIGGERED
    reason = "ECS deployment circuit breaker: tasks failed to start."
    record.status_reason = reason
    if not record.sources:
        _set(env, daemon, record, _D.STOPPED)
        return
    source = record.sources[0]
    record.rollback_reason = reason
    record.rollback_started_at = env.clock.now()
    record.rollback_target = source
    daemon.revision = source
    record.batch = []
    record.baked_at = None
    _set(env, daemon, record, _D.ROLLBACK_IN_PROGRESS)


def _drain(env: Env, task: TaskRecord) -> None:
    lifecycle.request_stop(env, task, TaskStopCode.SERVICE_SCHEDULER_INITIATED, STOPPED_BY_DAEMON)


def _delete(env: Env, daemon: DaemonRecord, record: DaemonDeploymentRecord, tasks: list[TaskRecord]) -> None:
    """A daemon being deleted: its tasks stop; once they all have, its deployment is SUCCESSFUL and the daemon is
    gone."""
    if record.status == _D.PENDING:
        _set(env, daemon, record, _D.IN_PROGRESS)
    for task in tasks:
        if task.live:
            _drain(env, task)
    if any(_alive(t) for t in tasks):
        return
    _set(env, daemon, record, _D.SUCCESSFUL)
    del env.state.daemons[daemon.arn]
    env.state.tags.pop(daemon.arn, None)
    finish_deletes(env)


def _roll_out(
    env: Env, daemon: DaemonRecord, record: DaemonDeploymentRecord, by_instance: dict[str, list[TaskRecord]]
) -> None:
    """The deployment's next batch: the instances whose daemon task runs another revision, ``drainPercent`` of the
    instances at a time; their old tasks stop (the new ones start once they have). Done when every instance runs the
    revision, after the bake time."""
    target = daemon.revision
    wanted = daemon_instances(env, daemon)
    old = [i.arn for i in wanted if any(daemon.tasks[t.arn] != target for t in by_instance.get(i.arn, ()))]
    done = [
        i.arn
        for i in wanted
        if any(daemon.tasks[t.arn] == target and t.last_status == RUNNING for t in by_instance.get(i.arn, ()))
    ]
    batch = [a for a in record.batch if a in old or (a not in done and any(i.arn == a for i in wanted))]
    if not batch and old:
        percent = record.configuration.drain_percent or DEFAULT_DRAIN_PERCENT
        size = max(1, math.floor(len(wanted) * percent / 100))
        batch = old[:size]
    record.batch = batch
    for arn in batch:
        for task in by_instance.get(arn, ()):
            if daemon.tasks[task.arn] != target and task.live:
                _drain(env, task)
    if old or len(done) < len(wanted):
        return
    minutes = record.configuration.bake_time_in_minutes or 0
    if record.baked_at is None:
        record.baked_at = env.now + 60.0 * minutes
        if minutes:
            env.at(record.baked_at, DaemonReconcile(daemon=daemon.arn))
    if env.now < record.baked_at:
        return
    rolled_back = record.status == _D.ROLLBACK_IN_PROGRESS
    _set(env, daemon, record, _D.ROLLBACK_SUCCESSFUL if rolled_back else _D.SUCCESSFUL)


def reconcile(env: Env, event: DaemonReconcile) -> None:
    """One look at a daemon (see the module's documentation)."""
    daemon = env.state.daemons.get(event.daemon)
    if daemon is None:
        return
    daemon.poked = False
    state = env.state
    for arn in [a for a in daemon.tasks if a not in state.tasks]:  # forgotten an hour after they stopped
        del daemon.tasks[arn]
    tasks = [state.tasks[a] for a in daemon.tasks]
    record = state.daemon_deployments[daemon.deployment]
    if daemon.status == DaemonStatus.DELETE_IN_PROGRESS:
        _delete(env, daemon, record, tasks)
        return
    if record.status == _D.PENDING:
        _set(env, daemon, record, _D.IN_PROGRESS)
    _count_failures(env, daemon, record, tasks)
    wanted = {i.arn for i in daemon_instances(env, daemon)}
    by_instance: dict[str, list[TaskRecord]] = {}
    for task in tasks:
        if not _alive(task):
            continue
        if task.instance_arn not in wanted:  # its instance is draining, gone, or of another provider now
            if task.live:
                _drain(env, task)
            continue
        by_instance.setdefault(task.instance_arn or "", []).append(task)
    if record.live:
        _roll_out(env, daemon, record, by_instance)
    unplaced = False
    for instance in daemon_instances(env, daemon):
        if instance.arn not in by_instance:  # no task of the daemon alive there: the current revision's starts
            unplaced |= not _start(env, daemon, instance, daemon.revision)
    if unplaced:
        env.later(RETRY_SECONDS, DaemonReconcile(daemon=daemon.arn))
    finish_deletes(env)


def finish_deletes(env: Env) -> None:
    """Daemon task definition revisions DELETE_IN_PROGRESS that no daemon runs any more are DELETED: none deploys
    them, and no task of theirs is left that has not stopped."""
    pending = [
        r
        for revisions in env.state.daemon_definitions.values()
        for r in revisions
        if r.status == DaemonTaskDefinitionStatus.DELETE_IN_PROGRESS
    ]
    if not pending:
        return
    used: set[str] = set()
    for daemon in env.state.daemons.values():
        revisions = {daemon.revision}
        revisions.update(r for t, r in daemon.tasks.items() if _alive(env.state.tasks.get(t)))
        for arn in revisions:
            revision = env.state.daemon_revisions.get(arn)
            if revision is not None and revision.daemon_task_definition_arn:
                used.add(revision.daemon_task_definition_arn)
    for record in pending:
        if record.arn not in used:
            record.status = DaemonTaskDefinitionStatus.DELETED


def reconcile_cluster(env: Env, cluster: str) -> None:
    """Look at every daemon of ``cluster`` now (an instance of it was just registered: its daemon tasks start before
    the tasks waiting for it are placed)."""
    for daemon in list(env.state.daemons.values()):
        if daemon.cluster == cluster:
            reconcile(env, DaemonReconcile(daemon=daemon.arn))
