"""Models -> wire data. One straight-line function per class, generated once (as cattrs does), per mode.

Mode ``api`` gives what boto3 takes and returns (``datetime``, ``bytes``); mode ``json`` gives what
``json.dumps`` can write (ISO 8601 text, base64 text). Absent members (``None``) are omitted: ECS wants fields
absent, not null.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from typing import Any

import attrs

from ecskit.codec._plan import (
    EnumNode,
    JsonNode,
    ListNode,
    MapNode,
    Node,
    ScalarNode,
    StructNode,
    UnionNode,
    struct_plan,
)
from ecskit.codec._time import format_timestamp

__all__ = ["unstructurer"]

Conv = Callable[[Any], Any]


def _enum(v: Any) -> Any:
    return v._value_ if v.__class__ is not str else v


def _b64(v: bytes) -> str:
    return base64.b64encode(v).decode("ascii")


class _Compiler:
    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.cache: dict[type[Any], Conv] = {}
        self.building: set[type[Any]] = set()
        self.lock = threading.RLock()

    def struct(self, cls: type[Any]) -> Conv:
        fn = self.cache.get(cls)
        if fn is None:
            with self.lock:
                fn = self.cache.get(cls) or self._compile(cls)
        return fn

    def leaf(self, node: Node) -> Conv | None:
        """The converter of a value, or None where the value goes out as it is."""
        if isinstance(node, ScalarNode):
            if self.mode == "json" and node.kind == "timestamp":
                return format_timestamp
            if self.mode == "json" and node.kind == "bytes":
                return _b64
            return None
        if isinstance(node, EnumNode):
            return _enum
        if isinstance(node, StructNode):
            return self._lazy(node.cls)
        if isinstance(node, ListNode):
            item = self.leaf(node.item)
            if item is None:
                return list
            return lambda v: [item(x) for x in v]
        if isinstance(node, MapNode):
            value = self.leaf(node.value)
            if isinstance(node.key, EnumNode):
                plain = value or (lambda x: x)
                return lambda v: {_enum(k): plain(x) for k, x in v.items()}
            if value is None:
                return dict
            return lambda v: {k: value(x) for k, x in v.items()}
        if isinstance(node, UnionNode):
            return self._union(node)
        assert isinstance(node, JsonNode)
        return None

    def _union(self, node: UnionNode) -> Conv:
        convs = [(o, self.leaf(o)) for o in node.options]

        def conv(v: Any) -> Any:
            for option, fn in convs:
                if isinstance(option, ListNode) and isinstance(v, tuple | list):
                    return fn(v) if fn else v
                if isinstance(option, MapNode) and isinstance(v, dict):
                    return fn(v) if fn else v
                if isinstance(option, StructNode) and attrs.has(type(v)):
                    return fn(v) if fn else v
            return _enum(v) if isinstance(v, str) else v

        return conv

    def _lazy(self, cls: type[Any]) -> Conv:
        if cls not in self.building:
            return self.struct(cls)
        # Recursive shapes: look the converter up when a value is converted. Through struct(), not the cache
        # itself: a converter published before this class's is finished may run in another thread meanwhile.
        struct = self.struct

        def late(v: Any) -> Any:
            return struct(cls)(v)

        return late

    def _compile(self, cls: type[Any]) -> Conv:
        plan = struct_plan(cls)
        self.building.add(cls)
        namespace: dict[str, Any] = {}
        lines = ["def unstructure(o):", "    r = {}"]
        for i, f in enumerate(plan.fields):
            conv = self.leaf(f.node)
            lines.append(f"    v = o.{f.attr}")
            lines.append("    if v is not None:")
            if conv is None:
                lines.append(f"        r[{f.wire!r}] = v")
            else:
                namespace[f"c{i}"] = conv
                lines.append(f"        r[{f.wire!r}] = c{i}(v)")
        lines.append("    return r")
        exec(compile("\n".join(lines), f"<ecskit unstructure {cls.__qualname__}>", "exec"), namespace)
        fn: Conv = namespace["unstructure"]
        self.cache[cls] = fn
        self.building.discard(cls)
        return fn


_COMPILERS = {"api": _Compiler("api"), "json": _Compiler("json")}


def unstructurer(cls: type[Any], mode: str) -> Conv:
    """The model-to-wire function of a model class, for mode ``api`` or ``json``."""
    return _COMPILERS[mode].struct(cls)
