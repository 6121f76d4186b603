"""The instance type table and what the agent registers for an instance."""

from __future__ import annotations

import pytest

from ecskit.placement import (
    DEFAULT_RESERVED_TCP_PORTS,
    INSTANCE_TYPES,
    UNKNOWN_TYPE_DEFAULTS,
    InstanceType,
    Resources,
    instance_type,
    instance_type_or_default,
    kernel_overhead_mib,
    registered_resources,
)

FAMILIES = {"t3", "t3a", "m5", "m6i", "m6g", "m7g", "c5", "c6i", "c7g", "r5", "r6i", "g4dn", "g5", "p3", "p4d"}
#: Previous generation families still running somewhere (and in other tools' tests).
PREVIOUS = {"m1", "m2", "m3", "m4", "c1", "c3", "c4", "t1", "t2", "r3", "r4", "i2", "g2", "g3", "p2", "p3", "x1"}


def test_every_family_is_there() -> None:
    families = {name.split(".")[0] for name in INSTANCE_TYPES}
    assert families >= FAMILIES | PREVIOUS
    assert len(INSTANCE_TYPES) > 1300
    assert len(families) > 150


def test_entries_are_consistent() -> None:
    for name, itype in INSTANCE_TYPES.items():
        assert itype.name == name
        assert itype.vcpus > 0
        assert itype.memory_mib >= 512
        assert itype.max_enis >= 2
        assert itype.gpus >= 0
        assert itype.trunking_enis == 0 or itype.trunking_enis > itype.max_enis - 1, name
        assert itype.architecture in ("x86_64", "arm64")
        assert itype.architecture == ("arm64" if itype.architectures[0].startswith("arm64") else "x86_64"), name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # (vCPUs, memory MiB, maximum network interfaces, GPUs): EC2's DescribeInstanceTypes
        ("m1.small", (1, 1740, 2, 0)),
        ("t2.micro", (1, 1024, 2, 0)),
        ("c1.medium", (2, 1740, 2, 0)),
        ("m4.large", (2, 8192, 2, 0)),
        ("t3.nano", (2, 512, 2, 0)),
        ("t3.small", (2, 2048, 3, 0)),
        ("t3a.small", (2, 2048, 2, 0)),  # one network interface fewer than t3.small
        ("m5.large", (2, 8192, 3, 0)),
        ("m5.16xlarge", (64, 262144, 15, 0)),
        ("m6g.medium", (1, 4096, 2, 0)),
        ("m7g.xlarge", (4, 16384, 4, 0)),
        ("m7i.large", (2, 8192, 3, 0)),
        ("c5.9xlarge", (36, 73728, 8, 0)),
        ("c6i.large", (2, 4096, 3, 0)),
        ("c7g.medium", (1, 2048, 2, 0)),
        ("r5.large", (2, 16384, 3, 0)),
        ("r6i.32xlarge", (128, 1048576, 15, 0)),
        ("g4dn.xlarge", (4, 16384, 3, 1)),
        ("g4dn.12xlarge", (48, 196608, 8, 4)),
        ("g5.48xlarge", (192, 786432, 7, 8)),
        ("g6.xlarge", (4, 16384, 4, 1)),
        ("p3.2xlarge", (8, 62464, 4, 1)),
        ("p3.16xlarge", (64, 499712, 8, 8)),
        ("p4d.24xlarge", (96, 1179648, 60, 8)),
        ("p5.48xlarge", (192, 2097152, 64, 8)),
        ("g4ad.xlarge", (4, 16384, 2, 0)),  # an AMD GPU: not an ECS GPU resource
    ],
)
def test_published_numbers(name: str, expected: tuple[int, int, int, int]) -> None:
    itype = instance_type(name)
    assert (itype.vcpus, itype.memory_mib, itype.max_enis, itype.gpus) == expected


def test_architectures_and_generations() -> None:
    m1 = instance_type("m1.small")
    assert (m1.architecture, m1.architectures, m1.current_generation) == ("x86_64", ("i386", "x86_64"), False)
    graviton = instance_type("m7g.large")
    assert (graviton.architecture, graviton.architectures) == ("arm64", ("arm64",))
    assert instance_type("a1.medium").architecture == "arm64"
    assert instance_type("m7i.large").current_generation is True
    assert instance_type("mac2.metal").architecture == "arm64"  # EC2 says arm64_mac


@pytest.mark.parametrize(
    ("name", "tasks"),
    [
        # "Task limit with ENI trunking", Amazon ECS Developer Guide, "Supported Amazon EC2 instance types"
        # (container-instance-eni); c5.large's 10 is also in the guide's current text ("launch ten tasks")
        ("c5.large", 10),
        ("m5.large", 10),
        ("m5.24xlarge", 120),
        ("a1.medium", 10),
        ("m6g.medium", 4),
        ("m5zn.large", 14),
        ("m6i.8xlarge", 90),
        ("p3.2xlarge", 40),  # ECS lists it; the EKS controller's table does not
        ("i4i.32xlarge", 498),
        # the guide: "the ... c5.metal ... instance types are not supported"; "The c5n ... families are not"
        ("c5.metal", 0),
        ("c5n.large", 0),
        ("g4dn.xlarge", 0),
        # no trunk: Xen instances
        ("m1.small", 0),
        ("t2.micro", 0),
        ("m4.large", 0),
    ],
)
def test_trunking_as_ecs_publishes_it(name: str, tasks: int) -> None:
    assert instance_type(name).trunking_enis == tasks


def test_trunking_of_types_newer_than_the_ecs_table() -> None:
    # branch interfaces (vpc-resource-controller) plus the interfaces other than the primary and the trunk
    assert instance_type("m7i.large").trunking_enis == 10
    assert instance_type("m7g.4xlarge").trunking_enis == 60
    assert instance_type("t3.micro").trunking_enis == 0  # burstable types have no trunk


def test_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        INSTANCE_TYPES["x.large"] = InstanceType(name="x.large", vcpus=1, memory_mib=1024, max_enis=2)  # type: ignore[index]
    assert "m5.large" in INSTANCE_TYPES
    assert INSTANCE_TYPES.get("x.large") is None
    assert repr(INSTANCE_TYPES) == f"<{len(INSTANCE_TYPES)} EC2 instance types>"


def test_unknown_type_names_the_nearest() -> None:
    with pytest.raises(ValueError, match=r"unknown instance type 'm5.larg'; nearest known: m5\.large"):
        instance_type("m5.larg")
    with pytest.raises(ValueError, match=r"unknown instance type 'zz'; none of the \d+ known types is close"):
        instance_type("zz")


def test_unknown_type_stands_in_with_the_defaults() -> None:
    assert instance_type_or_default("m5.large") is instance_type("m5.large")
    future = instance_type_or_default("m99.large")
    assert (future.name, future.vcpus, future.memory_mib, future.max_enis, future.gpus) == ("m99.large", 2, 8192, 3, 0)
    assert (future.architecture, future.architectures, future.trunking_enis) == ("x86_64", ("x86_64",), 0)
    arm = instance_type_or_default("m99g.large", architecture="arm64")
    assert (arm.architecture, arm.architectures) == ("arm64", ("arm64",))
    assert UNKNOWN_TYPE_DEFAULTS.vcpus == future.vcpus
    assert registered_resources(future).resources == Resources(cpu=2048, memory=7984, gpu=0, enis=2)
    assert registered_resources(future, trunking=True).resources.enis == 2  # no trunk for an unknown type


def test_registered_resources() -> None:
    registration = registered_resources(instance_type("m5.xlarge"))
    assert registration.resources == Resources(cpu=4096, memory=16384 - 256 - 80, gpu=0, enis=3)
    assert registration.ports.tcp == DEFAULT_RESERVED_TCP_PORTS == {22, 2375, 2376, 51678, 51679}
    assert registration.ports.udp == frozenset()
    assert registered_resources(instance_type("g4dn.12xlarge")).resources.gpu == 4
    assert registered_resources(instance_type("m5.xlarge"), trunking=True).resources.enis == 20
    assert registered_resources(instance_type("t2.micro"), trunking=True).resources.enis == 1


def test_memory_rule_matches_the_aws_example() -> None:
    # AWS: an m4.large (8 GiB installed) registers 7985 MiB; the rule is within a MiB of it.
    assert abs(8192 - kernel_overhead_mib(8192) - 7985) <= 1
    assert registered_resources(instance_type("m4.large")).resources.memory == 7984
    for itype in INSTANCE_TYPES.values():
        registered = registered_resources(itype).resources.memory
        assert itype.memory_mib - 100 - itype.memory_mib / 50 < registered < itype.memory_mib


def test_reserved_memory() -> None:
    itype = instance_type("t3.micro")
    plain = registered_resources(itype).resources.memory
    assert registered_resources(itype, reserved_memory=256).resources.memory == plain - 256
    with pytest.raises(ValueError, match="leaves no memory"):
        registered_resources(itype, reserved_memory=4096)
