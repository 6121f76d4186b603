"""JSON paths with the API's wire names, from attribute names: for messages that point into a document.

>>> from ecskit.models.ecs import RegisterTaskDefinitionRequest
>>> wire_path(RegisterTaskDefinitionRequest, "container_definitions", 1, "port_mappings", 0, "host_port")
'containerDefinitions[1].portMappings[0].hostPort'
"""

from __future__ import annotations

import re
from typing import Any

from ecskit.codec._plan import ListNode, MapNode, Node, StructNode, UnionNode, struct_plan

__all__ = ["join_key", "wire_path"]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def join_key(path: str, key: str) -> str:
    """``path.key``, or ``path['key']`` for a key that is not an identifier (``dockerLabels['com.example']``)."""
    if _IDENT.match(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{key!r}]"


def _struct_of(node: Node) -> type[Any] | None:
    if isinstance(node, StructNode):
        return node.cls
    if isinstance(node, UnionNode):
        for option in node.options:
            found = _struct_of(option)
            if found is not None:
                return found
    return None


_CACHE: dict[tuple[Any, ...], str] = {}


def wire_path(root: type[Any], *steps: str | int) -> str:
    """The wire path of ``steps`` (attribute names, list indexes, map keys) from the model class ``root``."""
    key = (root, *steps)
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = _wire_path(root, steps)
    return found


def _wire_path(root: type[Any], steps: tuple[str | int, ...]) -> str:
    out = ""
    node: Node | None = StructNode(root)
    for step in steps:
        if isinstance(step, int):
            out += f"[{step}]"
            node = node.item if isinstance(node, ListNode) else None
            continue
        cls = _struct_of(node) if node is not None else None
        if cls is not None:
            field = next((f for f in struct_plan(cls).fields if f.attr == step), None)
            if field is not None:
                out += f".{field.wire}" if out else field.wire
                node = field.node
                continue
        node = node.value if isinstance(node, MapNode) else None
        out = join_key(out, step)
    return out
