"""Diffs of task definitions and services: normalise both sides, then walk them together.

>>> from ecskit.diff import diff_task_definitions
>>> old = {"family": "web", "cpu": "1 vCPU", "memory": "2GB",
...        "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "essential": True,
...                                  "environment": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}]}
>>> new = {"family": "web", "cpu": "1024", "memory": "2048",
...        "containerDefinitions": [{"name": "app", "image": "nginx:1.27",
...                                  "environment": [{"name": "B", "value": "3"}, {"name": "A", "value": "1"}]}]}
>>> for change in diff_task_definitions(old, new):
...     print(change)
~ containerDefinitions[name=app].environment[name=B].value: "2" -> "3"
~ containerDefinitions[name=app].image: "nginx:1.25" -> "nginx:1.27"
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ecskit.codec import ServiceLike, TaskDefinitionLike, Unknown
from ecskit.codec.paths import join_key
from ecskit.diff.changes import Change, ChangeKind, Diff
from ecskit.diff.lists import SERVICE_LISTS, TASK_DEFINITION_LISTS, Keyed, Lists, sort_key
from ecskit.diff.normalise import member_order, normalise_service, normalise_task_definition
from ecskit.diff.paths import ignore_matcher, item_path
from ecskit.models.ecs import CapacityProviderStrategyItem

__all__ = ["compare", "diff_documents", "diff_service", "diff_task_definitions", "prune"]


class _Missing:
    """An absent member or item (None is not used: it could be mistaken for a value)."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _groups(items: list[Any], rule: Keyed) -> dict[tuple[Any, ...], list[Any]]:
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for item in items:
        groups.setdefault(rule.key(item), []).append(item)
    return groups


class _Walker:
    def __init__(self, lists: Lists) -> None:
        self.lists = lists
        self.changes: list[Change] = []

    def add(self, path: str, kind: ChangeKind, old: Any = None, new: Any = None) -> None:
        self.changes.append(Change(path=path, kind=kind, old=old, new=new))

    def walk(self, old: Any, new: Any, path: str, schema: tuple[str, ...]) -> None:
        if old is _MISSING:
            self.add(path, ChangeKind.ADDED, new=new)
        elif new is _MISSING:
            self.add(path, ChangeKind.REMOVED, old=old)
        elif _same(old, new):
            return
        elif type(old) is not type(new):
            self.add(path, ChangeKind.CHANGED, old, new)
        elif isinstance(old, dict):
            for key in sorted(old.keys() | new.keys(), key=member_order):
                self.walk(old.get(key, _MISSING), new.get(key, _MISSING), join_key(path, key), (*schema, key))
        elif isinstance(old, list):
            self.walk_list(old, new, path, schema)
        else:
            self.add(path, ChangeKind.CHANGED, old, new)

    def walk_list(self, old: list[Any], new: list[Any], path: str, schema: tuple[str, ...]) -> None:
        rule = self.lists.get(schema)
        if isinstance(rule, Keyed):
            self.walk_keyed(old, new, rule, path, schema)
        elif rule is None and len(old) == len(new) and any(isinstance(v, dict) for v in old + new):
            # An ordered list of objects of the same length: item by item, by position.
            for index, (a, b) in enumerate(zip(old, new, strict=True)):
                self.walk(a, b, f"{path}[{index}]", schema)
        else:
            # Ordered lists of scalars (argv) and sets of strings read best as a whole.
            self.add(path, ChangeKind.CHANGED, old, new)

    def walk_keyed(self, old: list[Any], new: list[Any], rule: Keyed, path: str, schema: tuple[str, ...]) -> None:
        before, after = _groups(old, rule), _groups(new, rule)
        for key in sorted(before.keys() | after.keys(), key=sort_key):
            where = item_path(path, rule.members, key)
            a, b = before.get(key, []), after.get(key, [])
            if len(a) <= 1 and len(b) <= 1:
                self.walk(a[0] if a else _MISSING, b[0] if b else _MISSING, where, schema)
                continue
            # The identity is not unique on one side (AWS would mostly reject that): compare those items as a
            # multiset, each one that is on one side only being removed or added whole.
            gone = Counter(_canonical(v) for v in a) - Counter(_canonical(v) for v in b)
            came = Counter(_canonical(v) for v in b) - Counter(_canonical(v) for v in a)
            for item in a:
                if gone[_canonical(item)] > 0:
                    gone[_canonical(item)] -= 1
                    self.add(where, ChangeKind.REMOVED, old=item)
            for item in b:
                if came[_canonical(item)] > 0:
                    came[_canonical(item)] -= 1
                    self.add(where, ChangeKind.ADDED, new=item)


def _same(a: Any, b: Any) -> bool:
    """JSON equality: 2 and 2.0 are one number, but true is not 1 (as Python's ``==`` would have it)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def compare(old: Any, new: Any, lists: Lists) -> tuple[Change, ...]:
    """Every change from one normalised document to another; ``lists`` says which lists are sets."""
    walker = _Walker(lists)
    walker.walk(old, new, "", ())
    return tuple(walker.changes)


def prune(doc: Any, lists: Lists, ignored: Callable[[str], bool]) -> Any:
    """``doc`` without the members and items whose path is ignored."""
    return _prune(doc, "", (), lists, ignored)


def _prune(value: Any, path: str, schema: tuple[str, ...], lists: Lists, ignored: Callable[[str], bool]) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            where = join_key(path, key)
            if not ignored(where):
                out[key] = _prune(item, where, (*schema, key), lists, ignored)
        return out
    if isinstance(value, list):
        rule = lists.get(schema)
        kept: list[Any] = []
        for index, item in enumerate(value):
            where = item_path(path, rule.members, rule.key(item)) if isinstance(rule, Keyed) else f"{path}[{index}]"
            if not ignored(where):
                kept.append(_prune(item, where, schema, lists, ignored))
        return kept
    return value


def diff_documents(
    old: dict[str, Any],
    new: dict[str, Any],
    lists: Lists,
    *,
    ignore: Iterable[str] = (),
    labels: tuple[str, str] = ("old", "new"),
) -> Diff:
    """The :class:`Diff` of two documents normalised already, leaving out the ``ignore`` paths on both sides."""
    patterns = (ignore,) if isinstance(ignore, str) else tuple(ignore)  # one path given bare is one path
    if patterns:
        ignored = ignore_matcher(patterns)
        old, new = prune(old, lists, ignored), prune(new, lists, ignored)
    return Diff(changes=compare(old, new, lists), old=old, new=new, old_label=labels[0], new_label=labels[1])


def diff_task_definitions(
    old: TaskDefinitionLike,
    new: TaskDefinitionLike,
    *,
    ignore: Iterable[str] = (),
    unknown: Unknown = "error",
) -> Diff:
    """What changes from task definition ``old`` to ``new``, once both are normalised.

    Either side may be register input, describe output, a whole describe response, a dict or JSON text of any of
    those, or a JSON file (:data:`~ecskit.codec.taskdefs.TaskDefinitionLike`); see
    :func:`~ecskit.diff.normalise.normalise_task_definition` for what counts as the same. ``ignore`` takes paths
    (``"tags"``, ``"containerDefinitions[*].image"``) to leave out of the comparison, with all that is under them.
    ``unknown="ignore"`` reads members this release does not know (from a newer AWS) instead of rejecting them.

    Raises :class:`~ecskit.errors.ConversionError` naming the field when either side is not a task definition.
    """
    a = normalise_task_definition(old, unknown=unknown)
    b = normalise_task_definition(new, unknown=unknown)
    return diff_documents(a, b, TASK_DEFINITION_LISTS, ignore=ignore)


def diff_service(
    desired: ServiceLike,
    deployed: ServiceLike,
    *,
    ignore: Iterable[str] = (),
    ignore_desired_count: bool = False,
    latest_revisions: Mapping[str, int] | None = None,
    cluster_default_strategy: Sequence[CapacityProviderStrategyItem] | None = None,
    unknown: Unknown = "error",
) -> Diff:
    """What would change from the ``deployed`` service (DescribeServices output) to the ``desired`` one.

    The diff goes from deployed (``old``) to desired (``new``). ``desired`` is usually CreateService input and
    ``deployed`` a :class:`~ecskit.models.ecs.Service` or a DescribeServices response; any form of either is
    taken (:data:`~ecskit.codec.services.ServiceLike`). See :func:`~ecskit.diff.normalise.normalise_service` for
    ``latest_revisions`` and ``cluster_default_strategy``.

    ``ignore_desired_count=True`` leaves the desired count out, for services whose count Application Auto Scaling
    owns. It is off by default: a diff hides nothing it was not asked to (and DAEMON services never compare it,
    as ECS sets it).

    Raises :class:`~ecskit.errors.ConversionError` naming the field when either side is not a service.
    """
    old = normalise_service(
        deployed, latest_revisions=latest_revisions, cluster_default_strategy=cluster_default_strategy, unknown=unknown
    )
    new = normalise_service(
        desired, latest_revisions=latest_revisions, cluster_default_strategy=cluster_default_strategy, unknown=unknown
    )
    patterns = [ignore] if isinstance(ignore, str) else list(ignore)
    if ignore_desired_count:
        patterns.append("desiredCount")
    return diff_documents(old, new, SERVICE_LISTS, ignore=patterns, labels=("deployed", "desired"))
