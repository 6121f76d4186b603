"""What a task needs from a container instance (:class:`Demand`) and what an instance has (:class:`Resources`, ports).

A task definition's demand is read the way the ECS scheduler reads it (:func:`demand_for`):

* CPU and memory: the task-level values when set (``"1 vCPU"``, ``"2 GB"``, ``"512"``: the spellings AWS
  accepts); otherwise the sum over containers of ``cpu`` and of memory, where each container counts its
  ``memoryReservation`` when set and its ``memory`` (hard limit) otherwise, as the ContainerDefinition reference says.
* GPUs: the sum of the containers' ``GPU`` resource requirements.
* Host ports, by network mode: ``host`` reserves each mapping's port (``hostPort``, or ``containerPort`` when
  omitted); ``bridge`` reserves a non-zero ``hostPort`` and takes one dynamic host port for each mapping without one
  (and for each port of a ``containerPortRange``); ``awsvpc`` uses no host port but one ENI; ``none`` uses nothing.
  An omitted network mode is ``bridge`` (the Linux default).

>>> from ecskit.models.ecs import ContainerDefinition, PortMapping, RegisterTaskDefinitionRequest
>>> ports = (PortMapping(container_port=80), PortMapping(container_port=81, host_port=8081))
>>> request = RegisterTaskDefinitionRequest(family="web", container_definitions=(
...     ContainerDefinition(name="app", memory=512, memory_reservation=256, cpu=128, port_mappings=ports),
...     ContainerDefinition(name="sidecar", memory=128),
... ))
>>> demand_for(request)
Demand(cpu=128, memory=384, gpu=0, enis=0, tcp_ports=frozenset({8081}), udp_ports=frozenset(), dynamic_tcp=1, \
dynamic_udp=0, required_attributes=())
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import attrs

from ecskit._text import scaled, whole
from ecskit.errors import UsageError
from ecskit.models.ecs import (
    ContainerDefinition,
    NetworkMode,
    RegisterTaskDefinitionRequest,
    Resource,
    ResourceType,
    TaskDefinition,
    TransportProtocol,
)

__all__ = ["Demand", "PortSet", "Resources", "demand_for", "resource_models"]


@attrs.frozen(kw_only=True)
class Resources:
    """Countable resources of a container instance or a task: CPU units, MiB of memory, GPUs and ENI slots."""

    cpu: int = 0
    memory: int = 0
    gpu: int = 0
    #: ENIs for ``awsvpc`` tasks (an instance's trunk-less slots: its network interfaces less the primary one).
    enis: int = 0

    def __add__(self, other: Resources) -> Resources:
        return Resources(
            cpu=self.cpu + other.cpu,
            memory=self.memory + other.memory,
            gpu=self.gpu + other.gpu,
            enis=self.enis + other.enis,
        )

    def __sub__(self, other: Resources) -> Resources:
        return Resources(
            cpu=self.cpu - other.cpu,
            memory=self.memory - other.memory,
            gpu=self.gpu - other.gpu,
            enis=self.enis - other.enis,
        )

    def fits_in(self, available: Resources) -> bool:
        """Whether every resource of ``self`` is at most what ``available`` has."""
        return (
            self.cpu <= available.cpu
            and self.memory <= available.memory
            and self.gpu <= available.gpu
            and self.enis <= available.enis
        )

    def is_negative(self) -> bool:
        """Whether some resource is below zero (an over-committed instance)."""
        return self.cpu < 0 or self.memory < 0 or self.gpu < 0 or self.enis < 0


def _ports(values: Iterable[int]) -> frozenset[int]:
    return frozenset(values)


@attrs.frozen(kw_only=True)
class PortSet:
    """Host ports, TCP and UDP apart (a port number may be taken in one protocol and free in the other)."""

    tcp: frozenset[int] = attrs.field(default=frozenset(), converter=_ports)
    udp: frozenset[int] = attrs.field(default=frozenset(), converter=_ports)

    def __or__(self, other: PortSet) -> PortSet:
        return PortSet(tcp=self.tcp | other.tcp, udp=self.udp | other.udp)

    def __sub__(self, other: PortSet) -> PortSet:
        return PortSet(tcp=self.tcp - other.tcp, udp=self.udp - other.udp)

    def __len__(self) -> int:
        return len(self.tcp) + len(self.udp)

    def overlaps(self, other: PortSet) -> bool:
        """Whether some port is in both sets, in the same protocol."""
        return not (self.tcp.isdisjoint(other.tcp) and self.udp.isdisjoint(other.udp))


def _sorted_pairs(pairs: Iterable[tuple[str, str | None]]) -> tuple[tuple[str, str | None], ...]:
    return tuple(sorted(pairs, key=lambda p: (p[0], p[1] or "")))


@attrs.frozen(kw_only=True)
class Demand:
    """What one task needs from the container instance it runs on."""

    cpu: int = 0
    #: MiB.
    memory: int = 0
    gpu: int = 0
    #: 1 for ``awsvpc`` tasks.
    enis: int = 0
    #: Fixed host ports (``host`` mode, and ``bridge`` mappings with a ``hostPort``).
    tcp_ports: frozenset[int] = attrs.field(default=frozenset(), converter=_ports)
    udp_ports: frozenset[int] = attrs.field(default=frozenset(), converter=_ports)
    #: How many dynamic host ports (``bridge`` mappings without a ``hostPort``) the task takes, in each protocol.
    #: They are assigned at placement in the order of the mappings (containers in order, mappings in order).
    dynamic_tcp: int = 0
    dynamic_udp: int = 0
    #: Attributes the instance must have, as (name, value) pairs; a None value asks only that the attribute exists
    #: (a task definition's ``requiresAttributes``). Not filled by :func:`demand_for`: ECS derives most of them
    #: from capabilities a fake instance may not advertise, so callers opt in with ``attrs.evolve``.
    required_attributes: tuple[tuple[str, str | None], ...] = attrs.field(default=(), converter=_sorted_pairs)

    @property
    def resources(self) -> Resources:
        """The countable part of the demand."""
        return Resources(cpu=self.cpu, memory=self.memory, gpu=self.gpu, enis=self.enis)

    @property
    def ports(self) -> PortSet:
        """The fixed host ports of the demand."""
        return PortSet(tcp=self.tcp_ports, udp=self.udp_ports)


#: The highest port number: a range reaching past it holds no more ports than up to it (validation refuses it).
_MAX_PORT = 65535
_NUMBER = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*([A-Za-z]*)\s*\Z")


def _size(text: str, unit: str, what: str) -> int:
    """``"512"`` -> 512, ``"0.5 <unit>"`` -> 512, ...: the spellings AWS accepts for task cpu and memory (a number
    beyond any AWS reads is ``2**63``, which no instance has)."""
    match = _NUMBER.match(text)
    if match is not None:
        number, suffix = match.groups()
        value = scaled(number, 1024) if suffix.lower() == unit else None
        if not suffix and "." not in number:
            value = whole(number)
        if value is not None:
            return value
    raise UsageError(f"task {what} {text!r} is not a number of units nor a number of {unit}")


def _gpus(container: ContainerDefinition) -> int:
    total = 0
    for requirement in container.resource_requirements or ():
        count = whole(requirement.value) if requirement.type is ResourceType.GPU else None
        # A count that is not a whole number (validation's container-gpu-count reports it) asks for no GPU here:
        # ECS registers such a task definition, and the task fails later, not the placement.
        if count is not None:
            total += count
    return total


def _range(text: str) -> tuple[int, int]:
    """The first and last port of a ``containerPortRange`` (``"8000-8010"``, or one port)."""
    low, dash, high = text.partition("-")
    first, last = whole(low.strip()), whole(high.strip()) if dash else whole(low.strip())
    if first is None or last is None:
        raise UsageError(f"containerPortRange {text!r} is not like 8000-8010")
    return first, last


def _range_size(text: str) -> int:
    first, last = _range(text)
    return last - first + 1


def demand_for(
    task_definition: RegisterTaskDefinitionRequest | TaskDefinition, *, network_mode: NetworkMode | None = None
) -> Demand:
    """The demand of one task of ``task_definition`` (``network_mode`` overrides the definition's own)."""
    mode = network_mode or task_definition.network_mode or NetworkMode.BRIDGE
    containers = task_definition.container_definitions or ()
    if task_definition.cpu is not None:
        cpu = _size(task_definition.cpu, "vcpu", "cpu")
    else:
        cpu = sum(c.cpu or 0 for c in containers)
    if task_definition.memory is not None:
        memory = _size(task_definition.memory, "gb", "memory")
    else:
        memory = sum((c.memory_reservation if c.memory_reservation is not None else c.memory) or 0 for c in containers)
    static: dict[TransportProtocol, set[int]] = {TransportProtocol.TCP: set(), TransportProtocol.UDP: set()}
    dynamic = {TransportProtocol.TCP: 0, TransportProtocol.UDP: 0}
    if mode in (NetworkMode.HOST, NetworkMode.BRIDGE):
        for container in containers:
            for mapping in container.port_mappings or ():
                protocol = mapping.protocol or TransportProtocol.TCP
                if mapping.container_port_range is not None:
                    if mode is NetworkMode.BRIDGE:
                        dynamic[protocol] += _range_size(mapping.container_port_range)
                    else:
                        low, high = _range(mapping.container_port_range)  # UsageError for a bad range
                        static[protocol].update(range(low, min(high, _MAX_PORT) + 1))
                elif mode is NetworkMode.HOST:
                    port = mapping.host_port or mapping.container_port
                    if port:
                        static[protocol].add(port)
                elif mapping.host_port:
                    static[protocol].add(mapping.host_port)
                else:
                    dynamic[protocol] += 1
    return Demand(
        cpu=cpu,
        memory=memory,
        gpu=sum(_gpus(c) for c in containers),
        enis=1 if mode is NetworkMode.AWSVPC else 0,
        tcp_ports=static[TransportProtocol.TCP],
        udp_ports=static[TransportProtocol.UDP],
        dynamic_tcp=dynamic[TransportProtocol.TCP],
        dynamic_udp=dynamic[TransportProtocol.UDP],
    )


@functools.lru_cache(maxsize=4096)
def resource_models(resources: Resources, ports: PortSet) -> tuple[Resource, ...]:
    """``registeredResources`` / ``remainingResources`` as DescribeContainerInstances shows them.

    CPU and MEMORY as integers, PORTS and PORTS_UDP as sets of port numbers in text (sorted here, for stable
    output). GPUs and ENIs are left out: ECS lists GPU ids rather than a count, and no ENI resource. Models are
    immutable, so instances of one type (and instances left in the same state) share one tuple.
    """
    return (
        Resource(name="CPU", type="INTEGER", integer_value=resources.cpu),
        Resource(name="MEMORY", type="INTEGER", integer_value=resources.memory),
        Resource(name="PORTS", type="STRINGSET", string_set_value=tuple(str(p) for p in sorted(ports.tcp))),
        Resource(name="PORTS_UDP", type="STRINGSET", string_set_value=tuple(str(p) for p in sorted(ports.udp))),
    )
