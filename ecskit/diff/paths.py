"""Paths of changes, and the ``ignore`` patterns that match them.

A path is the wire JSON path of a member, with list items named by their identity where the list is a set
(see :mod:`ecskit.diff.lists`) and by position where order counts:

>>> item_path("containerDefinitions", ("name",), ("app",))
'containerDefinitions[name=app]'
>>> item_path("loadBalancers", ("targetGroupArn", "loadBalancerName", "containerName", "containerPort"),
...           ("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1", None, "app", 80))
'loadBalancers[targetGroupArn=arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1,containerName=app,containerPort=80]'
>>> item_path("environment", ("name",), ("has space",))
'environment[name="has space"]'

An ignore pattern is such a path, where ``*`` stands for any one member name or any one item; a pattern also
matches everything under what it names:

>>> ignored = ignore_matcher(["tags", "containerDefinitions[*].image"])
>>> ignored("tags[key=team]"), ignored("containerDefinitions[name=app].image"), ignored("taskRoleArn")
(True, True, False)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["format_key_value", "ignore_matcher", "item_path"]

# Key values written as they are: what ARNs, names, ports and ids are made of.
_PLAIN = re.compile(r"[A-Za-z0-9_./:@+-]+\Z")


def format_key_value(value: Any) -> str:
    """One key value in a path: as it is when plain, JSON-quoted otherwise, ``null`` when absent."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return text if _PLAIN.match(text) else json.dumps(text)


def item_path(path: str, members: tuple[str, ...], key: tuple[Any, ...]) -> str:
    """``path[member=value,...]``: absent key members are left out (all absent: the first, as ``null``)."""
    parts = [f"{m}={format_key_value(v)}" for m, v in zip(members, key, strict=True) if v is not None]
    if not parts:
        parts = [f"{members[0]}=null"]
    return f"{path}[{','.join(parts)}]"


def _pattern(text: str) -> re.Pattern[str]:
    out: list[str] = []
    depth = 0
    for char in text:
        if char == "*":
            out.append(r"[^\]]*" if depth else r"[^.\[]*")
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(depth - 1, 0)
        out.append(re.escape(char))
    # The pattern names a member or an item: it matches that path and every path under it.
    return re.compile("".join(out) + r"(?=\Z|[.\[])")


def ignore_matcher(patterns: Iterable[str]) -> Callable[[str], bool]:
    """A predicate telling whether a path is (under) one of ``patterns``."""
    compiled = [_pattern(p) for p in patterns]

    def ignored(path: str) -> bool:
        return any(p.match(path) for p in compiled)

    return ignored
