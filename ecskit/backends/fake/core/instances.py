"""The fake's record of a container instance: what it registered with, where it is, its state. Its task counters
are derived (kept by the engine as tasks move; never saved); what is left of its resources is the placement
view's (:mod:`ecskit.placement`), rebuilt from the records when a restored fake first needs it."""

from __future__ import annotations

import datetime

import attrs

from ecskit.backends.fake.core.base import derived
from ecskit.models.ecs import AgentUpdateStatus, Attribute, ContainerInstance, Resource, VersionInfo

__all__ = ["EXTERNAL_ATTRIBUTE", "LIVE_STATES", "InstanceRecord"]

#: The attribute that marks an EXTERNAL (ECS Anywhere) instance.
EXTERNAL_ATTRIBUTE = "ecs.capability.external"
#: The states of a registered instance (INACTIVE ones are deregistered).
LIVE_STATES = ("ACTIVE", "DRAINING")


@attrs.define(kw_only=True)
class InstanceRecord:
    """One container instance (deregistered ones stay, INACTIVE, as AWS keeps describing them)."""

    arn: str
    cluster: str
    #: The EC2 instance id, or the managed instance id (``mi-...``) of an EXTERNAL one.
    ec2_instance_id: str
    registered_at: datetime.datetime
    version_info: VersionInfo
    #: What it registered with, as DescribeContainerInstances shows it (CPU, MEMORY, PORTS, PORTS_UDP, GPU).
    registered_resources: tuple[Resource, ...]
    #: Built-in and custom attributes, in the order they were set.
    attributes: tuple[Attribute, ...]
    status: str = "ACTIVE"
    agent_connected: bool = True
    agent_update_status: AgentUpdateStatus | None = None
    #: Goes up with every change, as on AWS.
    version: int = 1
    capacity_provider: str | None = None
    #: ENI slots for awsvpc tasks (from the instance type; 0 when it is not known).
    enis: int = 0
    #: Where its next dynamic host port searches start (TCP, UDP); saved so a restored fake hands out the same
    #: ports. None until the placement view has it.
    port_cursors: tuple[int, int] | None = None
    #: tasks RUNNING on it (derived)
    running: int = derived(default=0)
    #: tasks PENDING or ACTIVATING on it (derived)
    pending: int = derived(default=0)
    #: Its last showing at the edge (without tags and health), with the version it showed (a derived cache).
    shown: tuple[int, ContainerInstance] | None = derived(default=None)

    @property
    def live(self) -> bool:
        """Whether it is registered (ACTIVE or DRAINING)."""
        return self.status in LIVE_STATES

    @property
    def external(self) -> bool:
        """Whether it is an EXTERNAL (ECS Anywhere) instance."""
        return any(a.name == EXTERNAL_ATTRIBUTE for a in self.attributes)

    def resource(self, name: str) -> Resource | None:
        """A registered resource by name (``CPU``, ``MEMORY``, ``PORTS``, ``PORTS_UDP``, ``GPU``), or None."""
        return next((r for r in self.registered_resources if r.name == name), None)

    @property
    def gpu_ids(self) -> tuple[str, ...]:
        """The GPU ids it registered."""
        found = self.resource("GPU")
        return found.string_set_value or () if found is not None else ()
