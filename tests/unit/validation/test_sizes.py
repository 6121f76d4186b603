"""Every spelling of task cpu and memory AWS accepts, and the nearest valid Fargate size."""

from __future__ import annotations

import pytest

from ecskit.validation import FARGATE_SIZES, nearest_fargate_size, parse_cpu, parse_memory


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("1024", 1024),
        ("1 vCPU", 1024),
        ("1vcpu", 1024),
        ("1 VCPU", 1024),
        (".25 vCPU", 256),
        ("0.5 vcpu", 512),
        ("16 vCPU", 16384),
        (" 2 vCPU ", 2048),
        ("256", 256),
    ],
)
def test_cpu_spellings(text: str, units: int) -> None:
    assert parse_cpu(text) == units


@pytest.mark.parametrize(
    ("text", "mib"),
    [("2048", 2048), ("2GB", 2048), ("2 GB", 2048), ("2 gb", 2048), ("0.5 GB", 512), ("120 GB", 122880)],
)
def test_memory_spellings(text: str, mib: int) -> None:
    assert parse_memory(text) == mib


@pytest.mark.parametrize("text", ["", "two", "1.5", "1 vCPUs", "-1", "1 GiB", "1e3", "0.1 vCPU"])
def test_unreadable(text: str) -> None:
    assert parse_cpu(text) is None
    assert parse_memory(text) is None


def test_table_has_the_74_documented_sizes() -> None:
    assert sum(len(m) for m in FARGATE_SIZES.values()) == 74


@pytest.mark.parametrize(
    ("asked", "nearest"),
    [
        ((512, 512), (512, 1024)),
        ((256, 4096), (512, 4096)),
        ((None, 3000), (512, 3072)),
        ((3000, None), (4096, 8192)),
        ((20000, 200000), (16384, 122880)),
    ],
)
def test_nearest(asked: tuple[int | None, int | None], nearest: tuple[int, int]) -> None:
    assert nearest_fargate_size(*asked) == nearest


def test_nearest_for_windows_starts_at_one_vcpu() -> None:
    assert nearest_fargate_size(256, 512, windows=True) == (1024, 2048)


@pytest.mark.parametrize(
    "text", ["9" * 400, "9" * 400 + " GB", "9" * 400 + " vCPU", "9" * 5000, "9" * 5000 + " vcpu", "0" * 5000 + "1"]
)
def test_numbers_of_hundreds_of_digits_are_too_large_not_an_overflow(text: str) -> None:
    # float("9" * 400) is infinite and int() refuses 4,301 digits: such a number reads as 2**63, beyond every limit
    assert parse_cpu(text) in (None, 2**63, 1)
    assert parse_memory(text) in (None, 2**63, 1)
    assert (parse_cpu(text) or 0) + (parse_memory(text) or 0) > 0


@pytest.mark.parametrize(
    ("text", "units"), [("0.0009765625 vCPU", 1), ("1.50 GB", 1536), ("2.000000000000 vCPU", 2048)]
)
def test_fractions_are_exact(text: str, units: int) -> None:
    assert (parse_cpu(text) if "vCPU" in text else parse_memory(text)) == units


@pytest.mark.parametrize(
    "text", ["0.00048828125 vCPU", "0.1 vCPU", "0." + "1" * 400 + " vCPU", "\u0663", "\u0663 vCPU"]
)
def test_fractions_that_are_no_whole_number_and_other_scripts_digits_are_unreadable(text: str) -> None:
    assert parse_cpu(text) is None
