"""The fast pass of :func:`ecskit.codec.check`: is a model instance well-typed, yes or no?

One straight-line function per class, generated once per unknown-value policy (as the writers of
:mod:`ecskit.codec._unstructure` are): scalar, enum and string-list members are tested inline, nested models
through their own class's function. It answers only yes or no; the slow pass (:mod:`ecskit.codec.checks`) runs
only on a no, to say where and why. Well-typed models, the common case, never pay for the report.

What is accepted is what :func:`~ecskit.codec.to_api` writes faithfully: a ``str`` (any subclass) for a string, an
``int`` but not a ``bool`` for an integer (of 64 bits at most), an ``int`` or ``float`` for a number (a finite
one), a ``bool`` for a boolean, a ``datetime`` for a timestamp, ``bytes``/``bytearray`` for a blob, a ``tuple`` or a
``list`` (never a string) for a list, any ``Mapping`` with string keys for a map, an instance of the declared class
for a nested model, and for an enum member a ``str`` whose value is one of the enum's (any ``str`` when unknown
values are allowed).
"""

from __future__ import annotations

import datetime
import enum
import threading
from collections.abc import Callable, Mapping
from typing import Any

from ecskit._text import DOUBLE_MAX, LONG_MAX, LONG_MIN, fits_double, fits_long
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

__all__ = ["enum_values", "is_json", "model_checker", "node_checker"]

Pred = Callable[[Any], bool]

_SEQUENCES = (tuple, list)


def enum_values(cls: type[enum.StrEnum]) -> frozenset[str]:
    """The wire values of an enum, as plain strings."""
    return frozenset(str.__str__(m) for m in cls)


def _enum_key(v: str) -> str:
    # A member of any enum compares by its value; Enum's own __hash__ (of the name) must not be used for lookups.
    return v._value_ if isinstance(v, enum.Enum) else v


def is_json(v: object) -> bool:
    """Whether ``v`` is a JSON value as Python holds one (tuples count as lists; numbers finite doubles)."""
    if v is None or isinstance(v, str | bool):
        return True
    if isinstance(v, int | float):
        return fits_double(v)
    if isinstance(v, _SEQUENCES):
        return all(is_json(x) for x in v)
    if isinstance(v, Mapping):
        return all(isinstance(k, str) and is_json(x) for k, x in v.items())
    return False


def _scalar(kind: str) -> Pred:
    if kind == "str":
        return lambda v: isinstance(v, str)
    if kind == "int":
        return lambda v: (v.__class__ is int or (isinstance(v, int) and not isinstance(v, bool))) and fits_long(v)
    if kind == "float":
        return lambda v: isinstance(v, int | float) and not isinstance(v, bool) and fits_double(v)
    if kind == "bool":
        return lambda v: v.__class__ is bool
    if kind == "timestamp":
        return lambda v: isinstance(v, datetime.datetime)
    assert kind == "bytes"
    return lambda v: isinstance(v, bytes | bytearray)


_STR = ScalarNode("str")

#: Inline tests of a scalar member held in ``v`` (true when it is wrong).
_SCALAR_WRONG = {
    "str": "v.__class__ is not str and not isinstance(v, str)",
    "int": "(v.__class__ is not int and (not isinstance(v, int) or v.__class__ is bool)) or not LMIN <= v <= LMAX",
    "float": "not ((v.__class__ is float or v.__class__ is int) and -DMAX <= v <= DMAX) and not FLOAT(v)",
    "bool": "v.__class__ is not bool",
    "timestamp": "not isinstance(v, DATETIME)",
    "bytes": "not isinstance(v, BYTES)",
}


class _Compiler:
    """Builds (and caches) the check of every model class and node, per unknown-value policy."""

    def __init__(self, ignore_unknown: bool) -> None:
        self.ignore = ignore_unknown
        self.cache: dict[type[Any], Pred] = {}
        #: checks of nodes, for the slow pass (which asks for one at every value it explains)
        self.nodes: dict[Node, Pred] = {}
        self.building: set[type[Any]] = set()
        self.lock = threading.RLock()

    def struct(self, cls: type[Any]) -> Pred:
        fn = self.cache.get(cls)
        if fn is None:
            with self.lock:
                fn = self.cache.get(cls) or self._compile(cls)
        return fn

    def _lazy(self, cls: type[Any]) -> Pred:
        if cls not in self.building:
            return self.struct(cls)
        # A recursive shape: look the check up when it runs (through struct(), which waits for the build).
        struct = self.struct
        return lambda v: struct(cls)(v)  # noqa: PLW0108 - not struct(cls) now: that is the build in progress

    def enum(self, cls: type[enum.StrEnum]) -> Pred:
        if self.ignore:
            return lambda v: isinstance(v, str)
        values = enum_values(cls)
        return lambda v: isinstance(v, str) and _enum_key(v) in values

    def node(self, node: Node) -> Pred:
        """The (cached) check of a value read as ``node``."""
        pred = self.nodes.get(node)
        if pred is None:
            pred = self.nodes[node] = self._node(node)
        return pred

    def _node(self, node: Node) -> Pred:
        if isinstance(node, ScalarNode):
            return _scalar(node.kind)
        if isinstance(node, EnumNode):
            return self.enum(node.cls)
        if isinstance(node, StructNode):
            cls, check = node.cls, self._lazy(node.cls)
            return lambda v: isinstance(v, cls) and check(v)
        if isinstance(node, ListNode):
            item = self.node(node.item)
            return lambda v: isinstance(v, _SEQUENCES) and all(item(x) for x in v)
        if isinstance(node, MapNode):
            key, value = self.node(node.key), self.node(node.value)
            return lambda v: isinstance(v, Mapping) and all(key(k) and value(x) for k, x in v.items())
        if isinstance(node, UnionNode):
            options = tuple(self.node(o) for o in node.options)
            return lambda v: any(o(v) for o in options)
        assert isinstance(node, JsonNode)
        return is_json

    def _member(self, i: int, node: Node, ns: dict[str, Any]) -> list[str]:
        """Lines that return False when ``v`` (not None) is wrong for ``node``."""
        if isinstance(node, ScalarNode):
            return [f"    if {_SCALAR_WRONG[node.kind]}:", "        return False"]
        if isinstance(node, EnumNode) and not self.ignore:
            ns[f"E{i}"], ns[f"M{i}"], ns[f"K{i}"] = node.cls, enum_values(node.cls), self.enum(node.cls)
            # The two common cases inline (a plain string, a member of the enum itself), the rest in K.
            right = f"v.__class__ is str and v in M{i} or v.__class__ is E{i} and v._value_ in M{i}"
            return [f"    if not ({right}) and not K{i}(v):", "        return False"]
        if isinstance(node, StructNode):
            ns[f"C{i}"], ns[f"K{i}"] = node.cls, self._lazy(node.cls)
            return [f"    if not ((v.__class__ is C{i} or isinstance(v, C{i})) and K{i}(v)):", "        return False"]
        if isinstance(node, ListNode) and node.item == _STR:
            return [
                "    if v.__class__ is not tuple and v.__class__ is not list and not isinstance(v, SEQUENCES):",
                "        return False",
                "    for x in v:",
                "        if x.__class__ is not str and not isinstance(x, str):",
                "            return False",
            ]
        if isinstance(node, ListNode) and isinstance(node.item, EnumNode) and not self.ignore:
            item = node.item
            ns[f"E{i}"], ns[f"M{i}"], ns[f"K{i}"] = item.cls, enum_values(item.cls), self.enum(item.cls)
            right = f"x.__class__ is str and x in M{i} or x.__class__ is E{i} and x._value_ in M{i}"
            return [
                "    if v.__class__ is not tuple and v.__class__ is not list and not isinstance(v, SEQUENCES):",
                "        return False",
                "    for x in v:",
                f"        if not ({right}) and not K{i}(x):",
                "            return False",
            ]
        if isinstance(node, MapNode) and node.key == _STR and node.value == _STR:
            return [
                "    if v.__class__ is not dict and not isinstance(v, MAPPING):",
                "        return False",
                "    for k, x in v.items():",
                "        if k.__class__ is not str and not isinstance(k, str):",
                "            return False",
                "        if x.__class__ is not str and not isinstance(x, str):",
                "            return False",
            ]
        if isinstance(node, ListNode) and isinstance(node.item, StructNode):
            ns[f"C{i}"], ns[f"K{i}"] = node.item.cls, self._lazy(node.item.cls)
            return [
                "    if v.__class__ is not tuple and v.__class__ is not list and not isinstance(v, SEQUENCES):",
                "        return False",
                "    for x in v:",
                f"        if not ((x.__class__ is C{i} or isinstance(x, C{i})) and K{i}(x)):",
                "            return False",
            ]
        ns[f"K{i}"] = self.node(node)
        return [f"    if not K{i}(v):", "        return False"]

    def _compile(self, cls: type[Any]) -> Pred:
        plan = struct_plan(cls)
        self.building.add(cls)
        try:
            ns: dict[str, Any] = {
                "DATETIME": datetime.datetime,
                "BYTES": (bytes, bytearray),
                "SEQUENCES": _SEQUENCES,
                "MAPPING": Mapping,
                "FLOAT": _scalar("float"),
                "LMIN": LONG_MIN,
                "LMAX": LONG_MAX,
                "DMAX": DOUBLE_MAX,
            }
            lines = ["def check(o):"]
            for i, f in enumerate(plan.fields):
                member = self._member(i, f.node, ns)
                lines.append(f"    v = o.{f.attr}")
                if f.required:
                    lines += ["    if v is None:", "        return False", *member]
                else:
                    lines += ["    if v is not None:", *("    " + line for line in member)]
            lines.append("    return True")
            source = "\n".join(lines)
            exec(compile(source, f"<ecskit check {cls.__qualname__}>", "exec"), ns)
            fn: Pred = ns["check"]
            self.cache[cls] = fn
            return fn
        finally:
            self.building.discard(cls)


_COMPILERS = {False: _Compiler(ignore_unknown=False), True: _Compiler(ignore_unknown=True)}


def model_checker(cls: type[Any], *, ignore_unknown: bool) -> Pred:
    """The yes/no check of instances of a model class."""
    return _COMPILERS[ignore_unknown].struct(cls)


def node_checker(node: Node, *, ignore_unknown: bool) -> Pred:
    """The yes/no check of a value read as ``node``."""
    return _COMPILERS[ignore_unknown].node(node)
