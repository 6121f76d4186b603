"""The instance type table and what the agent registers for an instance."""

from __future__ import annotations

import pytest

from ecskit.placement import (
    DEFAULT_RESERVED_TCP_PORTS,
    INSTANCE_TYPES,
    InstanceType,
    Resources,
    instance_type,
    kernel_overhead_mib,
    registered_resources,
)

FAMILIES = {"t3", "t3a", "m5", "m6i", "m6g", "m7g", "c5", "c6i", "c7g", "r5", "r6i", "g4dn", "g5", "p3", "p4d"}


def test_families_present() -> None:
    assert {name.split(".")[0] for name in INSTANCE_TYPES} >= FAMILIES


def test_entries_are_consistent() -> None:
    for name, itype in INSTANCE_TYPES.items():
        assert itype.name == name
        assert itype.vcpus > 0
        assert itype.memory_mib >= 512
        assert itype.max_enis >= 2
        assert itype.gpus >= 0
        graviton = name.split(".")[0] in {"m6g", "m7g", "c7g"}
        assert itype.architecture == ("arm64" if graviton else "x86_64"), name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("t3.nano", (2, 512, 2, 0)),
        ("t3.small", (2, 2048, 3, 0)),
        ("t3a.small", (2, 2048, 2, 0)),  # one network interface fewer than t3.small
        ("m5.large", (2, 8192, 3, 0)),
        ("m5.16xlarge", (64, 262144, 15, 0)),
        ("m6g.medium", (1, 4096, 2, 0)),
        ("m7g.xlarge", (4, 16384, 4, 0)),
        ("c5.9xlarge", (36, 73728, 8, 0)),
        ("c6i.large", (2, 4096, 3, 0)),
        ("c7g.medium", (1, 2048, 2, 0)),
        ("r5.large", (2, 16384, 3, 0)),
        ("r6i.32xlarge", (128, 1048576, 15, 0)),
        ("g4dn.xlarge", (4, 16384, 3, 1)),
        ("g4dn.12xlarge", (48, 196608, 8, 4)),
        ("g5.48xlarge", (192, 786432, 7, 8)),
        ("p3.2xlarge", (8, 62464, 4, 1)),
        ("p3.16xlarge", (64, 499712, 8, 8)),
        ("p4d.24xlarge", (96, 1179648, 60, 8)),
    ],
)
def test_published_numbers(name: str, expected: tuple[int, int, int, int]) -> None:
    itype = instance_type(name)
    assert (itype.vcpus, itype.memory_mib, itype.max_enis, itype.gpus) == expected


def test_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        INSTANCE_TYPES["x.large"] = InstanceType(name="x.large", vcpus=1, memory_mib=1024, max_enis=2)  # type: ignore[index]


def test_unknown_type_names_the_nearest() -> None:
    with pytest.raises(ValueError, match=r"unknown instance type 'm5.larg'; nearest known: m5\.large"):
        instance_type("m5.larg")
    with pytest.raises(ValueError, match="known families: t3, t3a"):
        instance_type("zz")


def test_registered_resources() -> None:
    registration = registered_resources(instance_type("m5.xlarge"))
    assert registration.resources == Resources(cpu=4096, memory=16384 - 256 - 80, gpu=0, enis=3)
    assert registration.ports.tcp == DEFAULT_RESERVED_TCP_PORTS == {22, 2375, 2376, 51678, 51679}
    assert registration.ports.udp == frozenset()
    assert registered_resources(instance_type("g4dn.12xlarge")).resources.gpu == 4


def test_memory_rule_matches_the_aws_example() -> None:
    # AWS: an m4.large (8 GiB installed) registers 7985 MiB; the rule is within a MiB of it.
    assert abs(8192 - kernel_overhead_mib(8192) - 7985) <= 1
    for itype in INSTANCE_TYPES.values():
        registered = registered_resources(itype).resources.memory
        assert itype.memory_mib - 100 - itype.memory_mib / 50 < registered < itype.memory_mib


def test_reserved_memory() -> None:
    itype = instance_type("t3.micro")
    plain = registered_resources(itype).resources.memory
    assert registered_resources(itype, reserved_memory=256).resources.memory == plain - 256
    with pytest.raises(ValueError, match="leaves no memory"):
        registered_resources(itype, reserved_memory=4096)
