"""Which images a rule's selection matches: its storage class, its tag status, and its tag prefixes or patterns.

From "Lifecycle policy evaluation rules" and "Lifecycle policy properties"
(https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html#lp_evaluation_rules,
https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html):

* ``tagged`` matches images with at least one tag, ``untagged`` images without any, ``any`` every image;
* a list (``tagPrefixList`` or ``tagPatternList``) matches an image when **every** entry of the list matches some
  tag of the image ("If you specify multiple tags, only the images with all specified tags are selected"; "an image
  is successfully matched if all of the tags in the tagPatternList or tagPrefixList value are matched against any
  of the image's tags"), not when any one does;
* a prefix matches the tags that start with it; a pattern matches whole tags, ``*`` standing for any run of
  characters (none included): ``prod*`` matches ``prod`` and ``production-team1``, ``*prod*`` matches
  ``repo-production``. Matching is case-sensitive, as tags are.

An entry is mostly one compiled regular expression searched in an image's tags joined by NUL (which no tag holds),
so an image is tested against an entry in one call, whatever its number of tags; a pattern of many wildcards is
matched tag by tag without backtracking (see :func:`tag_test`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ecskit.models.lifecycle import LifecycleSelection, LifecycleStorageClass, TagStatus

__all__ = ["SEPARATOR", "Selector", "tag_test"]

#: What an image's tags are joined with for matching.
SEPARATOR = "\x00"
_ANY = "[^\x00]*"
#: Patterns with more wildcards than this are matched without regular expressions: a backtracking engine takes
#: time of the order of (tag length) ** (wildcards) on unlucky tags, the greedy match below linear time.
_REGEX_WILDCARDS = 2


def _entry_pattern(entry: str, *, prefix: bool) -> re.Pattern[str]:
    """The expression of one ``tagPrefixList`` entry (``prefix``) or ``tagPatternList`` entry of at most
    :data:`_REGEX_WILDCARDS` wildcards, to search in the tags of an image joined by :data:`SEPARATOR`."""
    if prefix:
        return re.compile(r"(?:\A|\x00)" + re.escape(entry))
    whole = _ANY.join(re.escape(part) for part in entry.split("*"))
    return re.compile(r"(?:\A|\x00)" + whole + r"(?=\x00|\Z)")


def _glob(entry: str) -> Callable[[str], bool]:
    """Whether a whole tag matches a pattern of ``*`` wildcards: the first part starts it, the last ends it, and the
    parts between are found left to right (the leftmost place of each is always the right one to take)."""
    head, *middle, tail = entry.split("*")
    least = len(head) + len(tail) + sum(len(part) for part in middle)

    def match(tag: str) -> bool:
        if len(tag) < least or not tag.startswith(head) or not tag.endswith(tail):
            return False
        at, end = len(head), len(tag) - len(tail)
        for part in middle:
            found = tag.find(part, at, end)
            if found < 0:
                return False
            at = found + len(part)
        return True

    return match


def tag_test(entry: str, *, prefix: bool) -> Callable[[str], bool]:
    """Whether one tag matches one ``tagPrefixList`` entry (``prefix``) or ``tagPatternList`` entry.

    >>> [tag_test("*prod*", prefix=False)(t) for t in ("repo-production", "prod", "pro-d")]
    [True, True, False]
    """
    if not prefix and entry.count("*") > _REGEX_WILDCARDS:
        return _glob(entry)
    search = _entry_pattern(entry, prefix=prefix).search
    return lambda tag: search(tag) is not None


class Selector:
    """The images of a repository, indexed once for every rule's selection: by storage class, tagged or not, in
    a given order (newest first, for the evaluator)."""

    __slots__ = ("_classes", "_joined", "_tags")

    def __init__(
        self, tags: Sequence[tuple[str, ...]], storage: Sequence[LifecycleStorageClass | None], order: Sequence[int]
    ) -> None:
        self._tags = tags
        self._joined = [SEPARATOR.join(t) for t in tags]
        self._classes: dict[LifecycleStorageClass, tuple[list[int], list[int], list[int]]] = {}
        for kind in LifecycleStorageClass:
            every = [i for i in order if storage[i] == kind]
            self._classes[kind] = (every, [i for i in every if not tags[i]], [i for i in every if tags[i]])

    def chosen(self, selection: LifecycleSelection) -> list[int]:
        """The images ``selection`` matches (its storage class and tag requirements; not its count), in order (a
        list the selector keeps: do not change it)."""
        every, untagged, tagged = self._classes[LifecycleStorageClass(selection.storage_class or "standard")]
        status = selection.tag_status
        if status == TagStatus.ANY:
            return every
        if status == TagStatus.UNTAGGED:
            return untagged
        entries = [(p, True) for p in selection.tag_prefix_list or ()]
        entries += [(p, False) for p in selection.tag_pattern_list or ()]
        if not entries:  # refused by PutLifecyclePolicy ("Must specify tagPrefixList or tagPatternList"): none
            return []
        joined, found = self._joined, tagged
        for entry, prefix in entries:  # every entry must match: narrow the images entry by entry
            if prefix or entry.count("*") <= _REGEX_WILDCARDS:
                search = _entry_pattern(entry, prefix=prefix).search
                found = [i for i in found if search(joined[i])]
            else:
                match, tags = _glob(entry), self._tags
                found = [i for i in found if any(match(tag) for tag in tags[i])]
        return found
