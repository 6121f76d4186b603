"""The placement view of each cluster (:class:`~ecskit.placement.ClusterState`): its ACTIVE and DRAINING container
instances with what they registered, and the tasks placed on them. Derived from the records: built the first time
a cluster needs it (a restored fake builds it again), kept up to date by the engine after."""

from __future__ import annotations

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.instances import InstanceRecord
from ecskit.models.ecs import Resource
from ecskit.placement import ClusterState, PortSet, Resources, reserve, resource_models

__all__ = ["add_instance", "cluster_index", "read_back", "remaining_resources"]


def read_back(record: InstanceRecord) -> tuple[Resources, PortSet]:
    """The resources and reserved ports an instance registered, as its record shows them."""
    cpu, memory = record.resource("CPU"), record.resource("MEMORY")
    tcp, udp = record.resource("PORTS"), record.resource("PORTS_UDP")
    registered = Resources(
        cpu=cpu.integer_value or 0 if cpu else 0,
        memory=memory.integer_value or 0 if memory else 0,
        gpu=len(record.gpu_ids),
        enis=record.enis,
    )
    reserved = PortSet(
        tcp=(int(p) for p in (tcp.string_set_value or () if tcp is not None else ())),
        udp=(int(p) for p in (udp.string_set_value or () if udp is not None else ())),
    )
    return registered, reserved


def _add(index: ClusterState, record: InstanceRecord, resources: tuple[Resources, PortSet] | None = None) -> None:
    registered, reserved = resources if resources is not None else read_back(record)
    index.add(
        record.arn,
        registered=registered,
        reserved_ports=reserved,
        attributes={a.name: a.value for a in record.attributes},
        ec2_instance_id=record.ec2_instance_id,
        agent_connected=record.agent_connected,
        agent_version=record.version_info.agent_version,
        registered_at=record.registered_at,
        status=record.status,
    )


def cluster_index(env: Env, cluster: str) -> ClusterState:
    """The placement view of ``cluster`` (built from the records on first use)."""
    index = env.state.placement.get(cluster)
    if index is not None:
        return index
    index = env.state.placement[cluster] = ClusterState()
    live = [r for r in env.state.instances.values() if r.cluster == cluster and r.live]
    for record in live:
        _add(index, record)
    for task in env.state.tasks.values():
        if task.cluster == cluster and task.placement is not None and task.placement.instance_id in index:
            reserve(index, task.placement)
    for record in live:
        if record.port_cursors is not None:
            index.set_port_cursors(record.arn, record.port_cursors)
    return index


def add_instance(env: Env, record: InstanceRecord, registered: Resources, reserved: PortSet) -> None:
    """Add a newly registered instance (already in the records) to its cluster's placement view, with the
    resources and reserved ports it registered (what its record shows)."""
    index = env.state.placement.get(record.cluster)
    if index is None:
        cluster_index(env, record.cluster)  # built from the records, the new instance included
    else:
        _add(index, record, (registered, reserved))


def remaining_resources(env: Env, record: InstanceRecord) -> tuple[Resource, ...]:
    """``remainingResources`` of a registered instance, from its cluster's placement view."""
    instance = cluster_index(env, record.cluster)[record.arn]
    if instance.remaining == instance.registered and instance.ports_in_use == instance.reserved_ports:
        return record.registered_resources  # nothing taken: what it registered, the very models
    remaining = resource_models(instance.remaining, instance.ports_in_use)
    gpus = record.gpu_ids
    if gpus:
        remaining += (Resource(name="GPU", type="STRINGSET", string_set_value=gpus[: instance.remaining.gpu]),)
    return remaining
