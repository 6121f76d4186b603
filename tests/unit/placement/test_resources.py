"""Resources, port sets and the demand of a task definition."""

from __future__ import annotations

import pytest

from ecskit.models.ecs import (
    ContainerDefinition,
    NetworkMode,
    PortMapping,
    RegisterTaskDefinitionRequest,
    ResourceRequirement,
    ResourceType,
    TaskDefinition,
    TransportProtocol,
)
from ecskit.placement import Demand, PortSet, Resources, demand_for, resource_models


def request(*containers: ContainerDefinition, **fields: object) -> RegisterTaskDefinitionRequest:
    return RegisterTaskDefinitionRequest(family="app", container_definitions=containers, **fields)  # type: ignore[arg-type]


def test_resources_arithmetic() -> None:
    a = Resources(cpu=1024, memory=2048, gpu=1, enis=2)
    b = Resources(cpu=256, memory=512, enis=1)
    assert a - b == Resources(cpu=768, memory=1536, gpu=1, enis=1)
    assert a - b + b == a
    assert b.fits_in(a)
    assert not a.fits_in(b)
    assert (b - a).is_negative()
    assert not (a - b).is_negative()


def test_port_sets() -> None:
    a = PortSet(tcp=[80, 443], udp=[53])
    b = PortSet(tcp={8080}, udp={53})
    assert (a | b) == PortSet(tcp={80, 443, 8080}, udp={53})
    assert (a - b) == PortSet(tcp={80, 443})
    assert a.overlaps(b)
    assert not a.overlaps(PortSet(tcp={53}))
    assert len(a) == 3


def test_container_sums_use_the_reservation_before_the_hard_limit() -> None:
    demand = demand_for(
        request(
            ContainerDefinition(name="a", cpu=256, memory=1024, memory_reservation=512),
            ContainerDefinition(name="b", cpu=128, memory=256),
            ContainerDefinition(name="c", memory_reservation=64),
        )
    )
    assert demand.resources == Resources(cpu=384, memory=512 + 256 + 64)


@pytest.mark.parametrize(
    ("cpu", "memory", "expected"),
    [
        ("1024", "2048", (1024, 2048)),
        ("1 vCPU", "2 GB", (1024, 2048)),
        ("0.25 vcpu", "0.5GB", (256, 512)),
        (".5 VCPU", "3gb", (512, 3072)),
    ],
)
def test_task_level_sizes_win(cpu: str, memory: str, expected: tuple[int, int]) -> None:
    demand = demand_for(request(ContainerDefinition(name="a", cpu=64, memory=128), cpu=cpu, memory=memory))
    assert (demand.cpu, demand.memory) == expected


@pytest.mark.parametrize("bad", ["lots", "1.5", "2 TB", ""])
def test_bad_task_size(bad: str) -> None:
    with pytest.raises(ValueError, match="task cpu"):
        demand_for(request(ContainerDefinition(name="a"), cpu=bad))


def test_gpus() -> None:
    gpu = (ResourceRequirement(type=ResourceType.GPU, value="2"),)
    demand = demand_for(request(ContainerDefinition(name="a", memory=1, resource_requirements=gpu)))
    assert demand.gpu == 2


MAPPINGS = (
    PortMapping(container_port=80),
    PortMapping(container_port=8080, host_port=9090),
    PortMapping(container_port=53, protocol=TransportProtocol.UDP),
    PortMapping(container_port=7000, container_port_range="7000-7002"),
)


def test_bridge_ports() -> None:
    demand = demand_for(request(ContainerDefinition(name="a", memory=1, port_mappings=MAPPINGS)))
    assert demand.tcp_ports == {9090}
    assert demand.udp_ports == frozenset()
    assert (demand.dynamic_tcp, demand.dynamic_udp) == (1 + 3, 1)
    assert demand.enis == 0


def test_host_ports() -> None:
    demand = demand_for(
        request(ContainerDefinition(name="a", memory=1, port_mappings=MAPPINGS), network_mode=NetworkMode.HOST)
    )
    assert demand.tcp_ports == {80, 9090, 7000, 7001, 7002}
    assert demand.udp_ports == {53}
    assert (demand.dynamic_tcp, demand.dynamic_udp) == (0, 0)


@pytest.mark.parametrize("mode", [NetworkMode.AWSVPC, NetworkMode.NONE])
def test_no_host_ports(mode: NetworkMode) -> None:
    demand = demand_for(request(ContainerDefinition(name="a", memory=1, port_mappings=MAPPINGS), network_mode=mode))
    assert demand.ports == PortSet()
    assert demand.dynamic_tcp == demand.dynamic_udp == 0
    assert demand.enis == (1 if mode is NetworkMode.AWSVPC else 0)


def test_network_mode_override_and_task_definition() -> None:
    taskdef = TaskDefinition(
        family="app",
        network_mode=NetworkMode.AWSVPC,
        cpu="256",
        memory="512",
        container_definitions=(ContainerDefinition(name="a", port_mappings=MAPPINGS[:1]),),
    )
    assert demand_for(taskdef) == Demand(cpu=256, memory=512, enis=1)
    assert demand_for(taskdef, network_mode=NetworkMode.HOST).tcp_ports == {80}


def test_bad_port_range() -> None:
    bad = (PortMapping(container_port_range="a-b"),)
    with pytest.raises(ValueError, match="containerPortRange"):
        demand_for(request(ContainerDefinition(name="a", memory=1, port_mappings=bad)))


def test_required_attributes_are_sorted_pairs() -> None:
    demand = Demand(required_attributes=[("b", None), ("a", "x")])
    assert demand.required_attributes == (("a", "x"), ("b", None))


def test_resource_models() -> None:
    cpu, memory, tcp, udp = resource_models(Resources(cpu=2048, memory=7984), PortSet(tcp={2376, 22}, udp={53}))
    assert (cpu.name, cpu.type, cpu.integer_value) == ("CPU", "INTEGER", 2048)
    assert (memory.name, memory.integer_value) == ("MEMORY", 7984)
    assert (tcp.name, tcp.type, tcp.string_set_value) == ("PORTS", "STRINGSET", ("22", "2376"))
    assert (udp.name, udp.string_set_value) == ("PORTS_UDP", ("53",))
