"""The events Amazon ECS sends to EventBridge, as the fake sends them ("Amazon ECS events", ECS developer guide:
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_cwe_events.html and its pages on each kind).

* **ECS Task State Change** (:func:`task_changed`): at every change of a task ECS reports (created, each lastStatus,
  desiredStatus STOPPED, a container's change, its instance or ENI attached): ``detail`` is the task as DescribeTasks
  shows it at that version, its times in ISO 8601 (``"createdAt": "2020-01-23T17:57:34.402Z"``, "UNIX timestamps in
  the response of a DescribeTasks action whereas in the task state change event they are ISO string timestamps"),
  with ``updatedAt`` (the time of the change), without ``tags``, and its ENI attachment of ``type`` ``eni`` as the
  sample event shows it; ``resources``: the task's ARN.
* **ECS Container Instance State Change** (:func:`instance_changed`): at registration, deregistration, a change of
  status, of attributes or of the agent's version, and whenever a task placed on it or stopped changes its remaining
  resources ("a container instance state change event is triggered to account for the change in available
  resources"): ``detail`` is the instance as DescribeContainerInstances shows it, with ``clusterArn`` and
  ``updatedAt``, in the members of the sample event (and ``agentUpdateStatus`` during an agent update).
* **ECS Service Action** (:func:`service_action`): ``eventType`` INFO, WARN or ERROR and ``eventName``
  (SERVICE_STEADY_STATE, CAPACITY_PROVIDER_STEADY_STATE, SERVICE_DESIRED_COUNT_UPDATED,
  SERVICE_TASK_PLACEMENT_FAILURE with its ``reason``), ``clusterArn``, ``createdAt``, ``capacityProviderArns`` for a
  service of capacity providers; no ``version`` in ``detail``.
* **ECS Deployment State Change** (:func:`deployment_changed`): SERVICE_DEPLOYMENT_IN_PROGRESS (a new deployment,
  or a rollback: "The difference between the two is in the reason field"), SERVICE_DEPLOYMENT_COMPLETED,
  SERVICE_DEPLOYMENT_FAILED (circuit breaker): ``deploymentId``, ``updatedAt``, ``reason``.

How they are noted (cheaply: a busy fake changes its tasks all the time, and showing a task costs far more than
changing it; the events are built when read, see :mod:`ecskit.backends.fake.core.bus`):

* While time runs, a lifecycle step may change a task several times: each change is an entry holding a copy of
  the task's (and its containers') ``__dict__``, the cheapest copy there is.
* A change made by an API call costs one append: the journal holds the task itself (after a marker of the call's
  region and time). No API call changes a task twice, and those that change one either answer with it (RunTask,
  StartTask, StopTask: its showing of that version is cached on it) or leave it STOPPED for good (a forced
  DeregisterContainerInstance); so when the task changes again, its showing of the version before is the copy
  (a frozen model, put in its place in the journal), and when events are read before that, the task has not
  changed since. ``Relay.inexact`` counts the completions that found a task changed unseen (none: a check).
* An instance's change is an entry of the members of it that change; what was left of its resources at each
  event is worked out when they are read, from its resources then and the tasks placed on it and gone since,
  walking its events back (every change of an instance's resources is one of its events).
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs

from ecskit.backends.fake.core.bus import BusEvent, Entry, Relay, iso_time
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.instances import InstanceRecord
from ecskit.backends.fake.core.region import World
from ecskit.backends.fake.core.services import ServiceRecord
from ecskit.backends.fake.core.tasks import ContainerState, TaskRecord
from ecskit.backends.fake.engine import views
from ecskit.backends.fake.engine.bus import MARKER, made, post
from ecskit.backends.fake.engine.placement import cluster_index, read_back
from ecskit.codec import to_api
from ecskit.models import replace
from ecskit.models.ecs import Resource, Task
from ecskit.placement import PortSet, Resources, TaskPlacement, resource_models

__all__ = [
    "CIRCUIT_BREAKER_FAILED",
    "COMPLETED",
    "FAILED",
    "IN_PROGRESS",
    "SOURCE",
    "deployment_changed",
    "instance_changed",
    "service_action",
    "steady_state",
    "task_changed",
]

#: The events' ``source``.
SOURCE = "aws.ecs"
#: The ``eventName`` of a Deployment State Change: a deployment (or a rollback) started.
IN_PROGRESS = "SERVICE_DEPLOYMENT_IN_PROGRESS"
#: The ``eventName`` of a Deployment State Change: a deployment reached a steady state.
COMPLETED = "SERVICE_DEPLOYMENT_COMPLETED"
#: The ``eventName`` of a Deployment State Change: the circuit breaker failed a deployment.
FAILED = "SERVICE_DEPLOYMENT_FAILED"
#: The reason of a deployment the circuit breaker failed, as the sample event gives it.
CIRCUIT_BREAKER_FAILED = "ECS deployment circuit breaker: task failed to start."
#: The members of a Container Instance State Change's detail (the sample event's, and agentUpdateStatus).
_INSTANCE_MEMBERS = (
    "agentConnected",
    "agentUpdateStatus",
    "attributes",
    "containerInstanceArn",
    "ec2InstanceId",
    "registeredResources",
    "remainingResources",
    "status",
    "version",
    "versionInfo",
)


def _wire(data: Any) -> Any:
    """JSON data of a model's wire dict: times as the events write them."""
    if isinstance(data, dict):
        return {k: _wire(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_wire(v) for v in data]
    if isinstance(data, datetime.datetime):
        return iso_time(data)
    return data


# -- tasks -----------------------------------------------------------------------------------------------------------


def _copy(task: TaskRecord) -> tuple[dict[str, Any], list[dict[str, Any]], str | None]:
    """The cheapest copy of what a task's event needs: its ``__dict__``, its containers', its ENI's status."""
    containers = task.containers
    eni = task.eni
    return (
        task.__dict__.copy(),
        [containers[0].__dict__.copy()] if len(containers) == 1 else [c.__dict__.copy() for c in containers],
        eni.status if eni is not None else None,
    )


def _detail(shown: Task, time: datetime.datetime) -> dict[str, Any]:
    """A Task State Change's detail: the task as DescribeTasks shows it, as the sample event writes it."""
    detail: dict[str, Any] = _wire(to_api(shown))
    detail.pop("tags", None)
    for attachment in detail.get("attachments", ()):
        if attachment.get("type") == "ElasticNetworkInterface":
            attachment["type"] = "eni"
    detail["updatedAt"] = iso_time(time)
    return detail


class _Tasks:
    """ECS Task State Change: entries ``(self, region, time, members, container members, ENI status)`` made while
    time runs, and the items of markers (tasks, or their showings) made by API calls (see the module docstring)."""

    def complete(self, relay: Relay, task: TaskRecord, at: int) -> None:
        """The task at ``relay.journal[at]`` is about to be noted again (its version moved on by one): put its
        showing of the version before in its place."""
        shown = task.shown
        if shown is not None and shown[0] == task.version - 1:
            relay.journal[at] = shown[1]
        else:  # changed unseen by a call: what no API call does (see the class docstring); the nearest copy
            relay.inexact += 1
            relay.journal[at] = shown[1] if shown is not None else task

    def settle(self, world: World, entries: list[Entry]) -> None:
        """Nothing to work out."""

    def build(self, world: World, entry: Entry) -> BusEvent:
        """The event of one change of a task made while time ran: the task as it was then, shown."""
        state, time, members, containers, eni_status = entry[1:6]
        record = object.__new__(TaskRecord)
        record.__dict__.update(members)
        copies = []
        for container_members in containers:
            container = object.__new__(ContainerState)
            container.__dict__.update(container_members)
            copies.append(container)
        record.containers = copies
        eni = record.eni
        if eni is not None and eni.status != eni_status:
            record.eni = attrs.evolve(eni, status=eni_status)
        return _task_event(state, time, views.task(Env(world, state), record))

    def build_item(self, world: World, marker: Entry, item: TaskRecord | Task) -> BusEvent:
        """The event of a change an API call made: the task's showing (``item`` is the task itself when it has not
        changed since)."""
        state, time = marker[1], marker[2]
        shown = views.task(Env(world, state), item) if type(item) is TaskRecord else item
        return _task_event(state, time, shown)  # type: ignore[arg-type]


def _task_event(state: Any, time: datetime.datetime, shown: Task) -> BusEvent:
    detail = _detail(shown, time)
    return made(state, time, SOURCE, "ECS Task State Change", resources=(shown.task_arn or "",), detail=detail)


_TASKS = _Tasks()


def task_changed(env: Env, task: TaskRecord) -> None:
    """A task changed (its version went up): note it for its ECS Task State Change event (how: see the module
    docstring)."""
    relay = env.world.relay
    journal = relay.journal
    at = task.noted
    if at is not None:
        task.noted = None
        _TASKS.complete(relay, task, at)
    if relay.stepping:
        journal.append((_TASKS, env.state, env.clock.now(), *_copy(task)))
        return
    state = env.state
    if relay.marked is not state:  # the items that follow are of this region, at this time (it moves only in steps)
        journal.append((MARKER, state, env.clock.now(), _TASKS))
        relay.marked = state
    task.noted = len(journal)
    journal.append(task)


# -- container instances ---------------------------------------------------------------------------------------------

#: What is left of an instance: cpu, memory, gpus, ENIs, and the TCP and UDP ports in use.
_Left = tuple[Resources, PortSet]


class _Instances:
    """ECS Container Instance State Change: entries ``(self, region, time, record, change, placement, *members)``,
    ``change`` +1 when ``placement`` was placed on it, -1 when it left it, 0 for no change of resources; the members
    are those of the record that change (version, status, agentConnected, agentUpdateStatus, versionInfo,
    attributes). What was left of its resources at each event is worked out when they are read (:meth:`settle`)."""

    def __init__(self) -> None:
        self._left: dict[int, _Left] = {}

    def settle(self, world: World, entries: list[Entry]) -> None:
        """What was left of each instance at each of its events: walk them back from now (every change of an
        instance's resources is one of its events)."""
        left: dict[tuple[int, str], _Left] = {}
        found: dict[int, _Left] = {}
        for entry in reversed(entries):
            state, record, change, placement = entry[1], entry[3], entry[4], entry[5]
            key = (id(state), record.arn)
            now = left.get(key)
            if now is None:
                now = _left_now(Env(world, state), record)
            found[id(entry)] = now
            if change:  # before the change: the placement's resources were back (or not yet given back)
                resources, ports = now
                demand, held = placement.demand.resources, placement.host_ports
                now = (resources + demand, ports - held) if change > 0 else (resources - demand, ports | held)
            left[key] = now
        self._left = found

    def build(self, world: World, entry: Entry) -> BusEvent:
        """The event of one change of an instance: the instance as DescribeContainerInstances showed it then."""
        state, time, record = entry[1], entry[2], entry[3]
        resources, ports = self._left.pop(id(entry))
        registered, reserved = read_back(record)
        if resources == registered and ports == reserved:
            remaining = record.registered_resources
        else:
            remaining = resource_models(resources, ports)
            gpus = record.gpu_ids
            if gpus:
                remaining += (Resource(name="GPU", type="STRINGSET", string_set_value=gpus[: resources.gpu]),)
        version, status, connected, update, version_info, attributes = entry[6:12]
        shown = replace(
            views.container_instance(Env(world, state), record),
            version=version,
            status=status,
            agent_connected=connected,
            agent_update_status=update,
            version_info=version_info,
            attributes=attributes,
            remaining_resources=remaining,
        )
        wire = _wire(to_api(shown))
        detail = {name: wire[name] for name in _INSTANCE_MEMBERS if name in wire}
        detail["clusterArn"] = state.arn(f"cluster/{record.cluster}")
        detail["updatedAt"] = iso_time(time)
        return made(state, time, SOURCE, "ECS Container Instance State Change", resources=(record.arn,), detail=detail)


def _left_now(env: Env, record: InstanceRecord) -> _Left:
    index = cluster_index(env, record.cluster)
    if record.arn in index:
        instance = index[record.arn]
        return instance.remaining, instance.ports_in_use
    return read_back(record)  # deregistered: nothing of it is held


_INSTANCES = _Instances()


def instance_changed(env: Env, record: InstanceRecord, change: int = 0, placement: TaskPlacement | None = None) -> None:
    """An instance changed (registered, its status, attributes or agent, or its resources: ``change`` +1 when
    ``placement`` was just placed on it, -1 when it just left it): note it for its ECS Container Instance State Change
    event (the members of it that change; what is left of its resources is worked out when events are read)."""
    env.world.relay.journal.append(
        (
            _INSTANCES,
            env.state,
            env.clock.now(),
            record,
            change,
            placement,
            record.version,
            record.status,
            record.agent_connected,
            record.agent_update_status,
            record.version_info,
            record.attributes,
        )
    )


# -- services --------------------------------------------------------------------------------------------------------


def _capacity_providers(env: Env, service: ServiceRecord) -> list[str]:
    strategy = service.capacity_provider_strategy or ()
    return [env.arn(f"capacity-provider/{item.capacity_provider}") for item in strategy]


#: The service actions whose sample events name the service's capacity providers.
_WITH_PROVIDERS = frozenset({"CAPACITY_PROVIDER_STEADY_STATE", "SERVICE_TASK_PLACEMENT_FAILURE"})


def service_action(
    env: Env, service: ServiceRecord, name: str, event_type: str = "INFO", *, reason: str | None = None
) -> None:
    """Send an ECS Service Action event of ``service`` (``name``: SERVICE_STEADY_STATE, ...), with
    ``capacityProviderArns`` where the samples show them (a service of capacity providers)."""
    detail: dict[str, Any] = {
        "eventType": event_type,
        "eventName": name,
        "clusterArn": env.arn(f"cluster/{service.cluster}"),
    }
    providers = _capacity_providers(env, service) if name in _WITH_PROVIDERS else None
    if providers:
        detail["capacityProviderArns"] = providers
    if reason is not None:
        detail["reason"] = reason
    detail["createdAt"] = iso_time(env.clock.now())
    post(env, SOURCE, "ECS Service Action", detail, (service.arn,))


def steady_state(env: Env, service: ServiceRecord) -> None:
    """A service reached a steady state: SERVICE_STEADY_STATE, and CAPACITY_PROVIDER_STEADY_STATE for a service of
    capacity providers."""
    service_action(env, service, "SERVICE_STEADY_STATE")
    if service.capacity_provider_strategy:
        service_action(env, service, "CAPACITY_PROVIDER_STEADY_STATE")


def deployment_changed(env: Env, service: ServiceRecord, deployment_id: str, name: str, reason: str) -> None:
    """Send an ECS Deployment State Change event (``name``: :data:`IN_PROGRESS`, :data:`COMPLETED`,
    :data:`FAILED`)."""
    detail = {
        "eventType": "ERROR" if name == FAILED else "INFO",
        "eventName": name,
        "deploymentId": deployment_id,
        "updatedAt": env.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "reason": reason,
    }
    post(env, SOURCE, "ECS Deployment State Change", detail, (service.arn,))
