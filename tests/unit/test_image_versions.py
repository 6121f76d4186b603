"""ecskit.images.versions: versions ordered as Debian orders them (Debian Policy 5.6.12 "Version"; the expected
orders below are what ``dpkg --compare-versions`` answers), and the version ranges vulnerabilities affect."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.errors import UsageError
from ecskit.images.versions import VersionRange, compare_versions

#: Pairs in increasing order.
OLDER_NEWER = [
    ("1.1.1k", "1.1.1l"),  # OpenSSL's letter releases
    ("1.1.1", "1.1.1a"),  # the release before its first letter release
    ("1.1.1z", "1.1.2"),
    ("1.2", "1.10"),  # digit runs compare as numbers
    ("1.0~rc1", "1.0"),  # ~ sorts before the end: pre-releases
    ("1.0~rc1", "1.0~rc2"),
    ("1.0", "1.0a"),
    ("1.0a", "1.0+"),  # letters before other characters
    ("2.0", "1:0.1"),  # the epoch first
    ("2.9.14+dfsg-1.3~deb12u1", "2.9.14+dfsg-1.3~deb12u2"),  # Debian's security updates
    ("245.4-4ubuntu3.22", "245.4-4ubuntu3.23"),
    ("1.0-1", "1.0-2"),  # the revision breaks a tie of upstream versions
]


@pytest.mark.parametrize(("older", "newer"), OLDER_NEWER)
def test_versions_in_order(older: str, newer: str) -> None:
    assert compare_versions(older, newer) < 0
    assert compare_versions(newer, older) > 0


@pytest.mark.parametrize(("a", "b"), [("1.0", "1.00"), ("1.01", "1.1"), ("0:1.0", "1.0"), ("1.0", " 1.0 ")])
def test_the_same_version_written_two_ways(a: str, b: str) -> None:
    assert compare_versions(a, b) == 0


_VERSIONS = st.text(alphabet="0123456789.~+-:abcz", max_size=8)


@settings(max_examples=100)
@given(_VERSIONS, _VERSIONS, _VERSIONS)
def test_the_order_is_total_and_consistent(a: str, b: str, c: str) -> None:
    """Antisymmetric and transitive, so that sorting by it is well defined."""
    assert compare_versions(a, a) == 0
    assert (compare_versions(a, b) > 0) == (compare_versions(b, a) < 0)
    ordered = sorted((a, b, c), key=functools.cmp_to_key(compare_versions))
    assert compare_versions(ordered[0], ordered[1]) <= 0 <= compare_versions(ordered[2], ordered[1])
    assert compare_versions(ordered[0], ordered[2]) <= 0


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("< 1.1.1l", ("1.1.1", "1.1.1k", "1.0.2u"), ("1.1.1l", "1.1.1m", "3.0.0")),
        (">= 1.1.0, < 1.1.1l", ("1.1.0", "1.1.1k"), ("1.0.2u", "1.1.1l")),
        ("= 1.0.2", ("1.0.2", "1.00.2"), ("1.0.3",)),
        ("!=1.2", ("1.3",), ("1.2",)),
        ("<=2.0,>1.0", ("2.0", "1.5"), ("1.0", "2.0.1")),
        ("*", ("0", "99.9"), ()),
    ],
)
def test_ranges(text: str, inside: tuple[str, ...], outside: tuple[str, ...]) -> None:
    found = VersionRange.parse(text)
    assert [found.contains(v) for v in inside] == [True] * len(inside)
    assert [found.contains(v) for v in outside] == [False] * len(outside)


def test_a_range_reads_back_as_written() -> None:
    assert str(VersionRange.parse(">=1.0,<1.1.1l")) == ">= 1.0, < 1.1.1l"
    assert str(VersionRange.parse("*")) == "*"


@pytest.mark.parametrize("text", ["", "1.0", "< ", "<< 1.0", "< 1.0 extra", "~> 1.0", ">= 1.0,", "between 1 and 2"])
def test_a_range_that_cannot_be_read(text: str) -> None:
    with pytest.raises(UsageError, match="is not a version range"):
        VersionRange.parse(text)
