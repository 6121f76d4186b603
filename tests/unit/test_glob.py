"""Wildcard matching in linear time (ecskit._glob): the same answers as a textbook matcher, on any pattern, in time
that does not explode on the patterns that make a backtracking regex engine try every split (issue 18: the IAM
pattern ``"arn:aws:s3:::" + "*a" * 10 + "*b"`` against forty ``a`` took 15 to 47 seconds as a regex).

The adversarial tests here never measure time: a matcher that backtracked would make them run for hours, which
is how they would find it. ``benchmarks/wildcards.py`` measures the speed.
"""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit._glob import ONE, STAR, ArnGlob, Glob, fold, glob, pieces
from ecskit.eventbridge._matchers import wildcard


def reference(pattern: str, text: str, *, one: bool = True) -> bool:
    """Written apart: the recursion over (pattern position, text position), memoised."""

    @functools.cache
    def at(i: int, j: int) -> bool:
        if i == len(pattern):
            return j == len(text)
        if pattern[i] == "*":
            return at(i + 1, j) or (j < len(text) and at(i, j + 1))
        return j < len(text) and ((one and pattern[i] == "?") or pattern[i] == text[j]) and at(i + 1, j + 1)

    return at(0, 0)


@given(pattern=st.text(alphabet="ab*?", max_size=10), text=st.text(alphabet="ab", max_size=12))
def test_agrees_with_the_reference(pattern: str, text: str) -> None:
    assert glob(pattern).matches(text) == reference(pattern, text)
    assert glob(pattern, one=False).matches(text) == reference(pattern, text, one=False)


@given(pattern=st.text(alphabet="aA*?:", max_size=8), text=st.text(alphabet="aA:", max_size=8))
def test_ignoring_case(pattern: str, text: str) -> None:
    assert glob(pattern, True).matches(text) == reference(pattern.lower(), text.lower())


@settings(max_examples=50)
@given(
    stars=st.integers(2, 30),
    letter=st.sampled_from("ab?"),
    run=st.integers(30, 400),
    last=st.sampled_from(["b", "c", "?", ""]),
)
def test_adversarial_patterns_against_long_runs(stars: int, letter: str, run: int, last: str) -> None:
    """Many stars between repeated letters, against a long run of that letter that fails at the end: the shape
    that costs a backtracking engine (run ** stars) steps."""
    pattern = "arn:aws:s3:::" + f"*{letter}" * stars + f"*{last}"
    text = "arn:aws:s3:::" + "a" * run
    assert glob(pattern).matches(text) == reference(pattern, text)
    assert glob(pattern).matches(text + "b") == reference(pattern, text + "b")


def test_the_issue_reproducer() -> None:
    pattern = "arn:aws:s3:::" + "*a" * 10 + "*b"
    assert not glob(pattern).matches("arn:aws:s3:::" + "a" * 40)
    assert glob(pattern).matches("arn:aws:s3:::" + "a" * 40 + "b")


def test_pieces_keep_literal_text_literal() -> None:
    assert pieces("a*b?c") == ["a", STAR, "b", ONE, "c"]
    assert pieces("a*b?c", one=False) == ["a", STAR, "b?c"]
    star_text = Glob(["x/", "*", STAR])  # a substituted "*" is the character
    assert star_text.matches("x/*abc")
    assert not star_text.matches("x/abc")
    assert Glob([]).matches("")
    assert not Glob([]).matches("a")


def test_fold_keeps_positions() -> None:
    assert fold("ABC") == "abc"
    assert len(fold("İx")) == 2  # "İ".lower() has two characters: kept as it is
    assert glob("s3:get?bject", True).matches("S3:GetObject")


def arn_reference(pattern: str, text: str) -> bool:
    """ArnLike as a regex over six parts (fine on short texts): a wildcard stays within its part, but the sixth."""
    parts = pattern.split(":", 5)
    if len(parts) != 6:
        return False
    regex = ":".join(
        "".join(
            (".*" if i == 5 else "[^:]*") if c == "*" else ("." if i == 5 else "[^:]") if c == "?" else re.escape(c)
            for c in part
        )
        for i, part in enumerate(parts)
    )
    return re.fullmatch(regex, text, re.DOTALL) is not None


@given(pattern=st.text(alphabet="a:*?", max_size=12), text=st.text(alphabet="a:", max_size=12))
def test_arn_parts_agree_with_the_reference(pattern: str, text: str) -> None:
    assert ArnGlob(pieces(pattern)).matches(text) == arn_reference(pattern, text)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("arn:aws:ecs:*:111122223333:*", "arn:aws:ecs:us-east-1:111122223333:task/c/1", True),
        ("arn:aws:ecs:*:111122223333:*", "arn:aws:ecs:us-east-1:x:111122223333:task", False),  # * stays in its part
        ("arn:aws:s3:::b/*", "arn:aws:s3:::b/k:with:colons", True),
        ("arn:aws:s3", "arn:aws:s3", False),  # fewer than six parts
    ],
)
def test_arn_examples(pattern: str, text: str, expected: bool) -> None:
    assert ArnGlob(pieces(pattern)).matches(text) is expected


@given(pattern=st.text(alphabet="ab*\\", max_size=8), text=st.text(alphabet="ab*\\", max_size=8))
def test_eventbridge_wildcards_agree_with_the_reference(pattern: str, text: str) -> None:
    """The ruler's wildcard: ``*`` any run, ``\\*`` and ``\\\\`` the characters (ecskit.eventbridge)."""
    tokens: list[str] = []  # "*" a wildcard, "\x00*" an escaped star
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern) and pattern[i + 1] in "*\\":
            tokens.append("\x00" + pattern[i + 1])
            i += 2
        else:
            tokens.append(pattern[i])
            i += 1

    @functools.cache
    def at(i: int, j: int) -> bool:
        if i == len(tokens):
            return j == len(text)
        if tokens[i] == "*":
            return at(i + 1, j) or (j < len(text) and at(i, j + 1))
        return j < len(text) and tokens[i][-1] == text[j] and at(i + 1, j + 1)

    assert wildcard(pattern)(text) == at(0, 0)
