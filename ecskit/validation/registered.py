"""What RegisterTaskDefinition fills in: the container defaults a task definition shows once AWS has stored it.

One table, read by the fake (which stores task definitions as AWS does) and by the diff (which must not report a
default AWS filled in as a change). The facts and their sources:

* ContainerDefinition ``essential``: "If the essential parameter of a container is not specified, it's assumed
  to be true"; ``cpu``: a container without it gets 0 units, and describe shows ``"cpu": 0``
  (API_ContainerDefinition.html).
* PortMapping ``protocol``: "The default is tcp"; ``hostPort``: with ``awsvpc`` or ``host`` it is the
  ``containerPort``, with ``bridge`` an omitted one means a dynamic port and describe shows ``0``
  (API_PortMapping.html; describe outputs in real task definitions). A ``containerPortRange`` takes none.
* HealthCheck ``interval`` 30, ``timeout`` 5, ``retries`` 3 (API_HealthCheck.html): DescribeTaskDefinition
  returns them even when the registration left them out, which is why tools that compare the two saw a change
  on every run (terraform-aws-modules/terraform-aws-ecs#148).
* ``portMappings``, ``environment``, ``mountPoints`` and ``volumesFrom`` come back as empty lists when absent; so do
  the task definition's ``volumes`` and ``placementConstraints`` (the AWS CLI's examples of register-task-definition
  and describe-task-definition: ``"volumes": []``, ``"placementConstraints": []``).

>>> from ecskit.models.ecs import ContainerDefinition, HealthCheck, PortMapping
>>> c = ContainerDefinition(name="app", port_mappings=(PortMapping(container_port=80),),
...                         health_check=HealthCheck(command=("CMD", "true")))
>>> stored = registered_container(c, "bridge")
>>> stored.essential, stored.cpu, stored.port_mappings[0].host_port, stored.health_check.interval
(True, 0, 0, 30)
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ecskit.models import replace
from ecskit.models.ecs import ContainerDefinition, PortMapping, TransportProtocol

__all__ = [
    "CONTAINER_DEFAULTS",
    "EMPTY_LISTS",
    "HEALTH_CHECK_DEFAULTS",
    "PORT_PROTOCOL_DEFAULT",
    "TASK_EMPTY_LISTS",
    "default_host_port",
    "registered_container",
]

#: Container members AWS fills in when absent (API names; the model members are spelled the same).
CONTAINER_DEFAULTS: Mapping[str, object] = MappingProxyType({"essential": True, "cpu": 0})
#: Health check members AWS fills in when absent (API names; the model members are spelled the same).
HEALTH_CHECK_DEFAULTS: Mapping[str, int] = MappingProxyType({"interval": 30, "timeout": 5, "retries": 3})
#: A port mapping's protocol when absent.
PORT_PROTOCOL_DEFAULT = "tcp"
#: Container list members that come back as ``[]`` when absent (API names).
EMPTY_LISTS = ("portMappings", "environment", "mountPoints", "volumesFrom")
#: Task definition list members that come back as ``[]`` when absent (API names).
TASK_EMPTY_LISTS = ("volumes", "placementConstraints")


def default_host_port(container_port: int, network_mode: str | None) -> int | None:
    """The ``hostPort`` AWS shows for a mapping of ``container_port`` registered without one: the container port
    with ``awsvpc`` or ``host``, 0 (dynamic) with ``bridge`` or no mode, None (left out) otherwise."""
    if network_mode in ("awsvpc", "host"):
        return container_port
    if network_mode in (None, "bridge"):
        return 0
    return None


def _mapping(mapping: PortMapping, network_mode: str | None) -> PortMapping:
    host_port = mapping.host_port
    if host_port is None and mapping.container_port is not None and mapping.container_port_range is None:
        host_port = default_host_port(mapping.container_port, network_mode)
    return replace(mapping, protocol=mapping.protocol or TransportProtocol(PORT_PROTOCOL_DEFAULT), host_port=host_port)


def _absent(model: object, defaults: Mapping[str, object]) -> dict[str, object]:
    """The ``defaults`` of the members ``model`` leaves out (the tables' names are the model members' names)."""
    return {name: value for name, value in defaults.items() if getattr(model, name) is None}


def registered_container(container: ContainerDefinition, network_mode: str | None) -> ContainerDefinition:
    """``container`` as a task definition of ``network_mode`` shows it once registered (see the module)."""
    health = container.health_check
    if health is not None:
        health = replace(health, **_absent(health, HEALTH_CHECK_DEFAULTS))
    mappings = container.port_mappings
    return replace(
        container,
        **_absent(container, CONTAINER_DEFAULTS),
        port_mappings=tuple(_mapping(m, network_mode) for m in mappings) if mappings else (),
        environment=container.environment if container.environment is not None else (),
        mount_points=container.mount_points if container.mount_points is not None else (),
        volumes_from=container.volumes_from if container.volumes_from is not None else (),
        health_check=health,
    )
