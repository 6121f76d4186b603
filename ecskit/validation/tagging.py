"""The rules every list of ECS tags follows, as data: what is wrong with a list (:func:`tag_problems`), shared by the
validation rules on tags (``tag-cluster``, ``tag-service``, ``tag-capacity-provider``) and by the fake's tag
checks, so that a rule and the fake never disagree.

The rules (developer guide, "Tagging your Amazon ECS resources"; API reference, ``Tag``): at most 50 tags on a
resource, where tags with the ``aws:`` prefix do not count; each key unique, 1-128 characters; each value 0-256
characters; keys and values of letters, digits, separators (spaces) and ``_ . : / = + - @``; the ``aws:`` prefix,
in any case, is reserved for AWS.

>>> from ecskit.models.ecs import Tag
>>> [p.problem.value for p in tag_problems([Tag(key="AWS:x", value="1"), Tag(key="team", value="")])]
['key-reserved']
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Callable, Sequence

import attrs

from ecskit.models.ecs import Tag

__all__ = ["MAX_KEY", "MAX_TAGS", "MAX_VALUE", "TagFinding", "TagProblem", "is_reserved", "tag_problems"]

MAX_TAGS, MAX_KEY, MAX_VALUE = 50, 128, 256
_PUNCTUATION = frozenset("_.:/=+-@")


class TagProblem(enum.StrEnum):
    """What is wrong with a list of tags."""

    #: More than ``MAX_TAGS`` tags (those with the aws: prefix not counted).
    COUNT = "count"
    #: A tag without a key.
    NO_KEY = "no-key"
    KEY_LENGTH = "key-length"
    KEY_CHARACTERS = "key-characters"
    #: A key with the aws: prefix (in any case).
    KEY_RESERVED = "key-reserved"
    #: A key given twice.
    KEY_REPEATED = "key-repeated"
    VALUE_LENGTH = "value-length"
    VALUE_CHARACTERS = "value-characters"


@attrs.frozen
class TagFinding:
    """One problem of a list of tags: which tag (its index; None for the count) and what."""

    problem: TagProblem
    index: int | None = None
    key: str | None = None
    #: The number of tags (:attr:`TagProblem.COUNT`) or the length of the key or value.
    size: int = 0


def is_reserved(key: str) -> bool:
    """Whether a tag key uses the ``aws:`` prefix, reserved for AWS (in any case)."""
    return key[:4].lower() == "aws:"


def _text_ok(text: str) -> bool:
    """Letters, digits, separators and ``_ . : / = + - @`` only: the API's ``[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*``."""
    return all(c in _PUNCTUATION or unicodedata.category(c)[0] in "LZN" for c in text)


def tag_problems(tags: Sequence[Tag], *, skip: Callable[[str], bool] | None = None) -> list[TagFinding]:
    """Every problem of a list of tags, in order (the count first). ``skip`` names keys and values that are left
    alone (templates, for offline validation)."""
    found: list[TagFinding] = []
    counted = sum(1 for t in tags if t.key is None or not is_reserved(t.key))
    if counted > MAX_TAGS:
        found.append(TagFinding(TagProblem.COUNT, size=counted))
    seen: set[str] = set()
    for j, tag in enumerate(tags):
        key, value = tag.key, tag.value
        if key is None:
            found.append(TagFinding(TagProblem.NO_KEY, j))
        elif skip is None or not skip(key):
            if not 1 <= len(key) <= MAX_KEY:
                found.append(TagFinding(TagProblem.KEY_LENGTH, j, key, len(key)))
            elif not _text_ok(key):
                found.append(TagFinding(TagProblem.KEY_CHARACTERS, j, key))
            elif is_reserved(key):
                found.append(TagFinding(TagProblem.KEY_RESERVED, j, key))
            if key in seen:
                found.append(TagFinding(TagProblem.KEY_REPEATED, j, key))
            seen.add(key)
        if value is not None and (skip is None or not skip(value)):
            if len(value) > MAX_VALUE:
                found.append(TagFinding(TagProblem.VALUE_LENGTH, j, key, len(value)))
            elif not _text_ok(value):
                found.append(TagFinding(TagProblem.VALUE_CHARACTERS, j, key))
    return found
