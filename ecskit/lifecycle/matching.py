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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ecskit.models.lifecycle import LifecycleSelection, LifecycleStorageClass, TagStatus

__all__ = ["TagTest", "selects", "tag_test"]

#: Whether one tag matches one list entry.
TagTest = Callable[[str], bool]


def tag_test(entry: str, *, prefix: bool) -> TagTest:
    """The test of one ``tagPrefixList`` entry (``prefix``) or ``tagPatternList`` entry on a tag.

    >>> [tag_test("*prod*", prefix=False)(t) for t in ("repo-production", "prod", "pro-d")]
    [True, True, False]
    """
    if prefix:
        return lambda tag: tag.startswith(entry)
    stars = entry.count("*")
    if stars == 0:
        return entry.__eq__
    if stars == 1 and entry.endswith("*"):
        head = entry[:-1]
        return lambda tag: tag.startswith(head)
    if stars == 1 and entry.startswith("*"):
        tail = entry[1:]
        return lambda tag: tag.endswith(tail)
    pattern = re.compile(".*".join(re.escape(part) for part in entry.split("*")), re.DOTALL)
    return lambda tag: pattern.fullmatch(tag) is not None


def _all_entries(tests: Sequence[TagTest]) -> Callable[[tuple[str, ...]], bool]:
    if len(tests) == 1:
        (only,) = tests
        return lambda tags: any(only(tag) for tag in tags)
    return lambda tags: all(any(test(tag) for tag in tags) for test in tests)


def selects(selection: LifecycleSelection) -> Callable[[tuple[str, ...], LifecycleStorageClass | None], bool]:
    """A test of ``(tags, storage class)``: whether an image with them matches ``selection`` (its tag
    requirements and storage class; not its count, which :mod:`~ecskit.lifecycle.evaluate` applies)."""
    wanted = selection.storage_class or LifecycleStorageClass.STANDARD
    status = selection.tag_status
    if status == TagStatus.UNTAGGED:
        return lambda tags, storage: storage == wanted and not tags
    if status == TagStatus.ANY:
        return lambda tags, storage: storage == wanted
    prefixes, patterns = selection.tag_prefix_list, selection.tag_pattern_list
    tests = [tag_test(p, prefix=True) for p in prefixes or ()] + [tag_test(p, prefix=False) for p in patterns or ()]
    if not tests:  # refused by PutLifecyclePolicy ("Must specify tagPrefixList or tagPatternList"): matches nothing
        return lambda tags, storage: False
    matches = _all_entries(tests)
    return lambda tags, storage: storage == wanted and bool(tags) and matches(tags)
