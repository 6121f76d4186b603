"""Task sizes: every spelling of cpu and memory AWS accepts, and the table of valid Fargate sizes.

>>> parse_cpu("1 vCPU"), parse_cpu(".25 vcpu"), parse_cpu("512")
(1024, 256, 512)
>>> parse_memory("2GB"), parse_memory("2 GB"), parse_memory("3072")
(2048, 2048, 3072)
>>> nearest_fargate_size(512, 512)
(512, 1024)
"""

from __future__ import annotations

import re

from ecskit._text import scaled, whole

__all__ = [
    "EC2_TASK_CPU_RANGE",
    "FARGATE_SIZES",
    "FARGATE_WINDOWS_CPUS",
    "describe_size",
    "nearest_fargate_size",
    "parse_cpu",
    "parse_memory",
    "registered_cpu",
    "registered_memory",
]

#: Fargate task cpu (units) -> the task memory values (MiB) allowed with it.
FARGATE_SIZES: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: (1024, 2048, 3072, 4096),
    1024: tuple(range(2048, 8192 + 1, 1024)),
    2048: tuple(range(4096, 16384 + 1, 1024)),
    4096: tuple(range(8192, 30720 + 1, 1024)),
    8192: tuple(range(16384, 61440 + 1, 4096)),
    16384: tuple(range(32768, 122880 + 1, 8192)),
}
#: The Fargate cpu sizes open to Windows tasks (at least 1 vCPU, at most 4).
FARGATE_WINDOWS_CPUS = (1024, 2048, 4096)
#: Task cpu (units) allowed for EC2 and EXTERNAL task definitions.
EC2_TASK_CPU_RANGE = (128, 196608)

# [0-9], not \d: Python's \d also takes other scripts' digits ("\u0663"), which AWS does not read
_CPU = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(vcpu)?\s*\Z", re.IGNORECASE)
_MEMORY = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(gb)?\s*\Z", re.IGNORECASE)


def _parse(text: str, pattern: re.Pattern[str], scale: int) -> int | None:
    match = pattern.match(text)
    if match is None:
        return None
    number, unit = match.groups()
    if not unit:
        return None if "." in number else whole(number)  # plain units must be whole numbers
    return scaled(number, scale)


def parse_cpu(text: str) -> int | None:
    """CPU units from ``"256"``, ``"1 vCPU"``, ``"1vcpu"``, ``"0.25 vCPU"``, ...; None if AWS would not read it.
    A number beyond any AWS reads gives ``2**63``, too large for every limit."""
    return _parse(text, _CPU, 1024)


def parse_memory(text: str) -> int | None:
    """MiB from ``"512"``, ``"2GB"``, ``"2 GB"``, ``"0.5 GB"``, ...; None if AWS would not read it (a number beyond
    any AWS reads: ``2**63``, too large for every limit)."""
    return _parse(text, _MEMORY, 1024)


def nearest_fargate_size(cpu: int | None, memory: int | None, *, windows: bool = False) -> tuple[int, int]:
    """The smallest valid Fargate (cpu, memory) that gives at least what was asked for (or the largest one)."""
    cpus = FARGATE_WINDOWS_CPUS if windows else tuple(FARGATE_SIZES)
    want_cpu = cpu or 0
    want_memory = memory or 0
    for c in cpus:
        if c < want_cpu:
            continue
        for m in FARGATE_SIZES[c]:
            if m >= want_memory:
                return c, m
    largest = cpus[-1]
    return largest, FARGATE_SIZES[largest][-1]


def describe_size(cpu: int, memory: int) -> str:
    """``cpu 1024 (1 vCPU) / memory 2048 (2 GB)``."""
    return f"cpu {cpu} ({cpu / 1024:g} vCPU) / memory {memory} ({memory / 1024:g} GB)"


def registered_cpu(text: str) -> str:
    """Task cpu as RegisterTaskDefinition stores it: ``"1 vCPU"`` -> ``"1024"`` (API_RegisterTaskDefinition.html:
    "a vCPU value is converted to an integer indicating the CPU units"); text AWS would not read stays as written.

    >>> registered_cpu("0.25 vCPU"), registered_cpu("${CPU}")
    ('256', '${CPU}')
    """
    units = parse_cpu(text)
    return text if units is None else str(units)


def registered_memory(text: str) -> str:
    """Task memory as RegisterTaskDefinition stores it: ``"2 GB"`` -> ``"2048"``; unreadable text stays as written.

    >>> registered_memory("0.5GB"), registered_memory("512")
    ('512', '512')
    """
    mib = parse_memory(text)
    return text if mib is None else str(mib)
