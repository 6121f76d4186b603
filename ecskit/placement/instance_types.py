"""EC2 instance types and what the ECS container agent registers for them.

:data:`INSTANCE_TYPES` holds the common sizes of the families ECS clusters use most (t3, t3a, m5, m6i, m6g, m7g, c5,
c6i, c7g, r5, r6i, g4dn, g5, p3, p3dn, p4d, inf1) with their published vCPUs, memory, maximum network interfaces
(the primary one included) and GPUs. :func:`registered_resources` turns one into what the agent registers with the
cluster: the resources a fake container instance starts with.

>>> instance_type("m5.large")
InstanceType(name='m5.large', vcpus=2, memory_mib=8192, max_enis=3, gpus=0, architecture='x86_64')
>>> registered = registered_resources(instance_type("m5.large"))
>>> registered.resources
Resources(cpu=2048, memory=7984, gpu=0, enis=2)
>>> sorted(registered.ports.tcp)
[22, 2375, 2376, 51678, 51679]
>>> instance_type("m5.larg")
Traceback (most recent call last):
...
ecskit.errors.UsageError: unknown instance type 'm5.larg'; nearest known: m5.large, m5.xlarge, m5.8xlarge
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from ecskit.errors import UsageError
from ecskit.placement.resources import PortSet, Resources

__all__ = [
    "DEFAULT_RESERVED_TCP_PORTS",
    "INSTANCE_TYPES",
    "AgentRegistration",
    "InstanceType",
    "instance_type",
    "kernel_overhead_mib",
    "registered_resources",
]

#: The ports the agent reserves on every instance by default (``ECS_RESERVED_PORTS``): SSH, the Docker daemon and
#: the agent's own introspection and credentials endpoints.
DEFAULT_RESERVED_TCP_PORTS = frozenset({22, 2375, 2376, 51678, 51679})


@attrs.frozen(kw_only=True)
class InstanceType:
    """One EC2 instance type, with the numbers AWS publishes for it."""

    #: ``m5.large``.
    name: str
    vcpus: int
    #: Installed memory in MiB (8 GiB is 8192).
    memory_mib: int
    #: Maximum network interfaces, the primary one included (EC2's "maximum network interfaces").
    max_enis: int
    gpus: int = 0
    architecture: Literal["x86_64", "arm64"] = "x86_64"


@attrs.frozen(kw_only=True)
class AgentRegistration:
    """What the container agent registers for an instance: its resources and the host ports it keeps for itself."""

    resources: Resources
    ports: PortSet


_GIB = 1024

# (size, vcpus, memory GiB, max ENIs, gpus) per family. Sources: the EC2 instance type pages (vCPUs, memory, GPUs) and
# EC2's DescribeInstanceTypes as vendored by aws/amazon-vpc-resource-controller-k8s (maximum network interfaces).
_Size = tuple[str, int, float, int, int]
_GENERAL: tuple[_Size, ...] = (
    ("large", 2, 8, 3, 0),
    ("xlarge", 4, 16, 4, 0),
    ("2xlarge", 8, 32, 4, 0),
    ("4xlarge", 16, 64, 8, 0),
    ("8xlarge", 32, 128, 8, 0),
    ("12xlarge", 48, 192, 8, 0),
    ("16xlarge", 64, 256, 15, 0),
)
_FAMILIES: dict[str, tuple[str, tuple[_Size, ...]]] = {
    "t3": (
        "x86_64",
        (
            ("nano", 2, 0.5, 2, 0),
            ("micro", 2, 1, 2, 0),
            ("small", 2, 2, 3, 0),
            ("medium", 2, 4, 3, 0),
            ("large", 2, 8, 3, 0),
            ("xlarge", 4, 16, 4, 0),
            ("2xlarge", 8, 32, 4, 0),
        ),
    ),
    "t3a": (
        "x86_64",
        (
            ("nano", 2, 0.5, 2, 0),
            ("micro", 2, 1, 2, 0),
            ("small", 2, 2, 2, 0),  # one interface fewer than t3.small
            ("medium", 2, 4, 3, 0),
            ("large", 2, 8, 3, 0),
            ("xlarge", 4, 16, 4, 0),
            ("2xlarge", 8, 32, 4, 0),
        ),
    ),
    "m5": ("x86_64", (*_GENERAL, ("24xlarge", 96, 384, 15, 0), ("metal", 96, 384, 15, 0))),
    "m6i": (
        "x86_64",
        (*_GENERAL, ("24xlarge", 96, 384, 15, 0), ("32xlarge", 128, 512, 15, 0), ("metal", 128, 512, 15, 0)),
    ),
    "m6g": ("arm64", (("medium", 1, 4, 2, 0), *_GENERAL, ("metal", 64, 256, 15, 0))),
    "m7g": ("arm64", (("medium", 1, 4, 2, 0), *_GENERAL, ("metal", 64, 256, 15, 0))),
    "c5": (
        "x86_64",
        (
            ("large", 2, 4, 3, 0),
            ("xlarge", 4, 8, 4, 0),
            ("2xlarge", 8, 16, 4, 0),
            ("4xlarge", 16, 32, 8, 0),
            ("9xlarge", 36, 72, 8, 0),
            ("12xlarge", 48, 96, 8, 0),
            ("18xlarge", 72, 144, 15, 0),
            ("24xlarge", 96, 192, 15, 0),
            ("metal", 96, 192, 15, 0),
        ),
    ),
    "c6i": (
        "x86_64",
        (
            ("large", 2, 4, 3, 0),
            ("xlarge", 4, 8, 4, 0),
            ("2xlarge", 8, 16, 4, 0),
            ("4xlarge", 16, 32, 8, 0),
            ("8xlarge", 32, 64, 8, 0),
            ("12xlarge", 48, 96, 8, 0),
            ("16xlarge", 64, 128, 15, 0),
            ("24xlarge", 96, 192, 15, 0),
            ("32xlarge", 128, 256, 15, 0),
            ("metal", 128, 256, 15, 0),
        ),
    ),
    "c7g": (
        "arm64",
        (
            ("medium", 1, 2, 2, 0),
            ("large", 2, 4, 3, 0),
            ("xlarge", 4, 8, 4, 0),
            ("2xlarge", 8, 16, 4, 0),
            ("4xlarge", 16, 32, 8, 0),
            ("8xlarge", 32, 64, 8, 0),
            ("12xlarge", 48, 96, 8, 0),
            ("16xlarge", 64, 128, 15, 0),
            ("metal", 64, 128, 15, 0),
        ),
    ),
    "r5": (
        "x86_64",
        (
            ("large", 2, 16, 3, 0),
            ("xlarge", 4, 32, 4, 0),
            ("2xlarge", 8, 64, 4, 0),
            ("4xlarge", 16, 128, 8, 0),
            ("8xlarge", 32, 256, 8, 0),
            ("12xlarge", 48, 384, 8, 0),
            ("16xlarge", 64, 512, 15, 0),
            ("24xlarge", 96, 768, 15, 0),
            ("metal", 96, 768, 15, 0),
        ),
    ),
    "r6i": (
        "x86_64",
        (
            ("large", 2, 16, 3, 0),
            ("xlarge", 4, 32, 4, 0),
            ("2xlarge", 8, 64, 4, 0),
            ("4xlarge", 16, 128, 8, 0),
            ("8xlarge", 32, 256, 8, 0),
            ("12xlarge", 48, 384, 8, 0),
            ("16xlarge", 64, 512, 15, 0),
            ("24xlarge", 96, 768, 15, 0),
            ("32xlarge", 128, 1024, 15, 0),
            ("metal", 128, 1024, 15, 0),
        ),
    ),
    "g4dn": (
        "x86_64",
        (
            ("xlarge", 4, 16, 3, 1),
            ("2xlarge", 8, 32, 3, 1),
            ("4xlarge", 16, 64, 3, 1),
            ("8xlarge", 32, 128, 4, 1),
            ("12xlarge", 48, 192, 8, 4),
            ("16xlarge", 64, 256, 4, 1),
            ("metal", 96, 384, 15, 8),
        ),
    ),
    "g5": (
        "x86_64",
        (
            ("xlarge", 4, 16, 4, 1),
            ("2xlarge", 8, 32, 4, 1),
            ("4xlarge", 16, 64, 8, 1),
            ("8xlarge", 32, 128, 8, 1),
            ("12xlarge", 48, 192, 15, 4),
            ("16xlarge", 64, 256, 8, 1),
            ("24xlarge", 96, 384, 15, 4),
            ("48xlarge", 192, 768, 7, 8),
        ),
    ),
    "p3": ("x86_64", (("2xlarge", 8, 61, 4, 1), ("8xlarge", 32, 244, 8, 4), ("16xlarge", 64, 488, 8, 8))),
    "p3dn": ("x86_64", (("24xlarge", 96, 768, 15, 8),)),
    "p4d": ("x86_64", (("24xlarge", 96, 1152, 60, 8),)),  # 4 network cards of 15 interfaces
    # Inferentia chips are not GPUs (ECS exposes them as devices, not as the GPU resource).
    "inf1": (
        "x86_64",
        (("xlarge", 4, 8, 4, 0), ("2xlarge", 8, 16, 4, 0), ("6xlarge", 24, 48, 8, 0), ("24xlarge", 96, 192, 11, 0)),
    ),
}


def _table() -> dict[str, InstanceType]:
    table = {}
    for family, (arch, sizes) in _FAMILIES.items():
        for size, vcpus, memory_gib, enis, gpus in sizes:
            name = f"{family}.{size}"
            table[name] = InstanceType(
                name=name,
                vcpus=vcpus,
                memory_mib=int(memory_gib * _GIB),
                max_enis=enis,
                gpus=gpus,
                architecture="arm64" if arch == "arm64" else "x86_64",
            )
    return table


#: Instance type name -> :class:`InstanceType`, for the common sizes of the families above (read-only).
INSTANCE_TYPES: Mapping[str, InstanceType] = MappingProxyType(_table())


def instance_type(name: str) -> InstanceType:
    """The instance type called ``name``; a UsageError (a ValueError) naming the nearest known types when it is not
    in the table."""
    found = INSTANCE_TYPES.get(name)
    if found is not None:
        return found
    near = difflib.get_close_matches(name, INSTANCE_TYPES, n=3, cutoff=0.5)
    hint = f"; nearest known: {', '.join(near)}" if near else f"; known families: {', '.join(_FAMILIES)}"
    raise UsageError(f"unknown instance type {name!r}{hint}")


def kernel_overhead_mib(memory_mib: int) -> int:
    """The memory the kernel keeps from the installed amount before the agent sees it (an approximation).

    The agent registers the total the OS reports (``MemTotal``), which is less than the installed memory: the
    kernel's page descriptors take 64 bytes per 4 KiB page (1/64 of memory) and its image, firmware and reserved
    areas about 80 MiB more. This rule reproduces AWS's own example (an m4.large, 8192 MiB installed, registers
    7985 MiB; the rule gives 7984) and stays within a few percent of what real instances register; it is
    deterministic, which is what a fake cluster needs.
    """
    return -(-memory_mib // 64) + 80


@functools.lru_cache(maxsize=1024)  # pure, and asked for at every registration of a type
def registered_resources(itype: InstanceType, *, reserved_memory: int = 0) -> AgentRegistration:
    """What the ECS agent registers for an instance of ``itype`` (Linux, default agent configuration).

    * CPU: 1,024 units per vCPU.
    * MEMORY: the installed memory less :func:`kernel_overhead_mib` and ``reserved_memory``
      (the agent's ``ECS_RESERVED_MEMORY``, 0 by default).
    * PORTS: :data:`~ecskit.placement.instance_types.DEFAULT_RESERVED_TCP_PORTS` (TCP; no UDP port is reserved
      by default).
    * ENIs for ``awsvpc`` tasks: the maximum network interfaces less the primary one (without ENI trunking).
    * GPUs: the instance's GPU count.
    """
    memory = itype.memory_mib - kernel_overhead_mib(itype.memory_mib) - reserved_memory
    if memory <= 0:
        raise UsageError(f"reserved_memory {reserved_memory} leaves no memory on {itype.name}")
    return AgentRegistration(
        resources=Resources(cpu=itype.vcpus * 1024, memory=memory, gpu=itype.gpus, enis=max(itype.max_enis - 1, 0)),
        ports=PortSet(tcp=DEFAULT_RESERVED_TCP_PORTS),
    )
