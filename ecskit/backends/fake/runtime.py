"""What the fake keeps beside the API models to run tasks: the scheduler's events, what each live task holds
(its placement, its ENI) and what each container instance's placement view needs that no API shape shows.

These records are plain data, saved with the state. The placement view of a cluster
(:class:`~ecskit.placement.ClusterState`) is not saved: :func:`cluster_index` rebuilds it from the container
instance models and the live tasks' records the first time a restored fake needs it.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from ecskit.placement import ClusterState, Demand, PortSet, Resources, TaskPlacement, reserve

if TYPE_CHECKING:
    from ecskit.backends.fake.state import RegionState
    from ecskit.models.ecs import ContainerInstance

__all__ = [
    "RECONCILE",
    "Event",
    "InstanceRun",
    "ServiceRun",
    "TaskRun",
    "add_instance",
    "cluster_index",
    "poke_cluster",
    "poke_service",
    "port_cursors",
    "schedule",
    "service_of_task",
]

#: The kind of the scheduler's events (``arn`` is then a service ARN).
RECONCILE = "reconcile"


class Event(NamedTuple):
    """Something due at a time of the virtual clock: ``kind`` of task ``arn`` (of ``container`` when it is about
    one). Events of an older ``epoch`` of the task (before it was told to stop) are dropped when due."""

    due: float
    seq: int
    arn: str
    epoch: int
    kind: str
    container: str = ""


def schedule(state: RegionState, due: float, arn: str, epoch: int, kind: str, *, container: str = "") -> None:
    """Queue an event (events due at the same time run in the order they were queued)."""
    state.event_seq += 1
    heapq.heappush(state.events, Event(due, state.event_seq, arn, epoch, kind, container))


def _demand_data(demand: Demand) -> dict[str, Any]:
    return {
        "cpu": demand.cpu,
        "memory": demand.memory,
        "gpu": demand.gpu,
        "enis": demand.enis,
        "tcpPorts": sorted(demand.tcp_ports),
        "udpPorts": sorted(demand.udp_ports),
        "dynamicTcp": demand.dynamic_tcp,
        "dynamicUdp": demand.dynamic_udp,
        "requiredAttributes": [list(p) for p in demand.required_attributes],
    }


def _demand(data: dict[str, Any]) -> Demand:
    return Demand(
        cpu=data["cpu"],
        memory=data["memory"],
        gpu=data["gpu"],
        enis=data["enis"],
        tcp_ports=data["tcpPorts"],
        udp_ports=data["udpPorts"],
        dynamic_tcp=data["dynamicTcp"],
        dynamic_udp=data["dynamicUdp"],
        required_attributes=[(n, v) for n, v in data["requiredAttributes"]],
    )


@attrs.define(kw_only=True)
class TaskRun:
    """A task that is not STOPPED yet: what it holds and where its lifecycle stands."""

    arn: str
    cluster: str
    #: Bumped when the task is told to stop: events of the running lifecycle are then dropped.
    epoch: int = 0
    #: The task's placement (None on Fargate): the container instance ARN, the demand, group and dynamic ports.
    placement: TaskPlacement | None = None
    subnet_id: str | None = None
    address: str | None = None
    eni_id: str | None = None
    #: Containers whose start is queued (so that a second satisfied dependency does not queue it twice).
    starting: list[str] = attrs.field(factory=list)
    #: The CannotPullContainerError of an image pull that is going to fail.
    pull_error: str | None = None

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data."""
        placement = self.placement
        return {
            "arn": self.arn,
            "cluster": self.cluster,
            "epoch": self.epoch,
            "placement": None
            if placement is None
            else {
                "instance": placement.instance_id,
                "group": placement.group,
                "demand": _demand_data(placement.demand),
                "dynamicTcp": list(placement.dynamic_tcp_ports),
                "dynamicUdp": list(placement.dynamic_udp_ports),
            },
            "subnetId": self.subnet_id,
            "address": self.address,
            "eniId": self.eni_id,
            "starting": list(self.starting),
            "pullError": self.pull_error,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> TaskRun:
        """The record :meth:`to_data` wrote."""
        p = data["placement"]
        placement = (
            None
            if p is None
            else TaskPlacement(
                instance_id=p["instance"],
                group=p["group"],
                demand=_demand(p["demand"]),
                dynamic_tcp_ports=tuple(p["dynamicTcp"]),
                dynamic_udp_ports=tuple(p["dynamicUdp"]),
            )
        )
        return cls(
            arn=data["arn"],
            cluster=data["cluster"],
            epoch=data["epoch"],
            placement=placement,
            subnet_id=data["subnetId"],
            address=data["address"],
            eni_id=data["eniId"],
            starting=list(data["starting"]),
            pull_error=data["pullError"],
        )


@attrs.define(kw_only=True)
class InstanceRun:
    """What placement needs of a registered container instance that its API model does not show."""

    arn: str
    cluster: str
    #: ENI slots for awsvpc tasks (from the instance type; 0 when it is not known).
    enis: int = 0
    #: Where the next dynamic host port search starts (TCP, UDP), kept across save and restore.
    cursors: tuple[int, int] | None = None

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"arn": self.arn, "cluster": self.cluster, "enis": self.enis, "cursors": self.cursors}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> InstanceRun:
        """The record :meth:`to_data` wrote."""
        cursors = data["cursors"]
        return cls(
            arn=data["arn"],
            cluster=data["cluster"],
            enis=data["enis"],
            cursors=(cursors[0], cursors[1]) if cursors is not None else None,
        )


def _resource(model: ContainerInstance, name: str) -> Any:
    for r in model.registered_resources or ():
        if r.name == name:
            return r
    return None


def _read_back(model: ContainerInstance, run: InstanceRun) -> tuple[Resources, PortSet]:
    """The registered resources and reserved ports of an instance, as its model shows them."""
    cpu, memory = _resource(model, "CPU"), _resource(model, "MEMORY")
    tcp, udp, gpus = _resource(model, "PORTS"), _resource(model, "PORTS_UDP"), _resource(model, "GPU")
    registered = Resources(
        cpu=cpu.integer_value if cpu else 0,
        memory=memory.integer_value if memory else 0,
        gpu=len(gpus.string_set_value or ()) if gpus else 0,
        enis=run.enis,
    )
    if not (tcp or udp):
        return registered, PortSet()
    reserved = PortSet(
        tcp=(int(p) for p in (tcp.string_set_value or ()) if tcp),
        udp=(int(p) for p in (udp.string_set_value or ()) if udp),
    )
    return registered, reserved


def _add_instance(
    index: ClusterState, model: ContainerInstance, run: InstanceRun, registered: Resources, reserved: PortSet
) -> None:
    """Add an instance to a placement view, with the resources and reserved ports its model shows."""
    index.add(
        run.arn,
        registered=registered,
        reserved_ports=reserved,
        attributes={a.name: a.value for a in model.attributes or ()},
        ec2_instance_id=model.ec2_instance_id,
        agent_connected=bool(model.agent_connected),
        agent_version=model.version_info.agent_version if model.version_info else None,
        registered_at=model.registered_at,
        status=str(model.status),
    )


# The dynamic-port search position of an instance is not part of the placement package's public API yet; these two
# helpers are the only places that touch it (so that a restored fake hands out the same ports as the original).


def port_cursors(index: ClusterState, arn: str) -> tuple[int, int]:
    """Where ``arn``'s next dynamic TCP and UDP port searches start."""
    instance = index[arn]
    return (instance._cursor_tcp, instance._cursor_udp)


def _set_port_cursors(index: ClusterState, arn: str, cursors: tuple[int, int]) -> None:
    instance = index[arn]
    instance._cursor_tcp, instance._cursor_udp = cursors


def cluster_index(state: RegionState, cluster: str) -> ClusterState:
    """The placement view of a cluster's ACTIVE and DRAINING container instances, with the live tasks placed on
    them (built from the models and records on first use, then kept up to date by the operations)."""
    index = state.placement.get(cluster)
    if index is not None:
        return index
    index = state.placement[cluster] = ClusterState()
    runs = {arn: run for arn, run in state.instance_runs.items() if run.cluster == cluster}
    for arn, run in runs.items():
        model = state.container_instances[arn]
        if model.status in ("ACTIVE", "DRAINING"):
            _add_instance(index, model, run, *_read_back(model, run))
    for task_run in state.runs.values():
        if task_run.cluster == cluster and task_run.placement is not None and task_run.placement.instance_id in index:
            reserve(index, task_run.placement)
    for arn, run in runs.items():
        if run.cursors is not None and arn in index:
            _set_port_cursors(index, arn, run.cursors)
    return index


def add_instance(
    state: RegionState,
    cluster: str,
    model: ContainerInstance,
    run: InstanceRun,
    *,
    registered: Resources,
    ports: PortSet,
) -> None:
    """Add a newly registered instance (already in the state's models and records) to its cluster's placement
    view, with the ``registered`` resources and reserved ``ports`` its model shows."""
    index = state.placement.get(cluster)
    if index is None:
        cluster_index(state, cluster)  # built from the models, the new instance included
    else:
        _add_instance(index, model, run, registered, ports)


@attrs.define(kw_only=True)
class ServiceRun:
    """What the service scheduler keeps about a service beside its API model."""

    arn: str
    cluster: str
    #: The CreateService request that made the service (as JSON text), to tell an idempotent retry.
    request: str = ""
    #: Tasks already counted as failed by the circuit breaker.
    counted: list[str] = attrs.field(factory=list)
    #: Whether the last reconcile found the service steady (a steady-state event is written once per reaching it).
    steady: bool = False
    #: The last "unable to place" message written (not repeated while it stays the same).
    unplaced: str | None = None
    #: The task definition of the last COMPLETED deployment (what a circuit-breaker rollback redeploys).
    stable: str | None = None
    #: When the queued retry of unplaced tasks is due (None: no retry queued).
    retry_at: float | None = None
    #: deployment id -> its ServiceDeployment ARN.
    deployment_arns: dict[str, str] = attrs.field(factory=dict)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data."""
        return attrs.asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ServiceRun:
        """The record :meth:`to_data` wrote."""
        return cls(**data)


def poke_service(state: RegionState, arn: str, due: float) -> None:
    """Queue a reconcile of service ``arn`` at ``due`` (once: a reconcile already queued is enough)."""
    if arn in state.pokes or arn not in state.services:
        return
    state.pokes.add(arn)
    schedule(state, due, arn, 0, RECONCILE)


def poke_cluster(state: RegionState, cluster_arn: str, due: float) -> None:
    """Queue a reconcile of every ACTIVE or DRAINING service of a cluster (its instances changed)."""
    for arn, service in state.services.items():
        if service.cluster_arn == cluster_arn and service.status != "INACTIVE":
            poke_service(state, arn, due)


def service_of_task(cluster_arn: str | None, group: str | None) -> str | None:
    """The ARN of the service a task of ``group`` belongs to (None for a standalone task)."""
    if not cluster_arn or not group or not group.startswith("service:"):
        return None
    return cluster_arn.replace(":cluster/", ":service/", 1) + "/" + group[len("service:") :]
