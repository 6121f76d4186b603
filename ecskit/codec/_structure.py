"""Wire data -> models, in two passes.

The fast pass is a tree of closures compiled once per type: it builds the model and stops at the first problem by
raising :class:`Invalid`. Only then does the slow pass (:mod:`ecskit.codec._explain`) walk the same data again to
collect every problem with its path. Valid documents, the common case, never pay for error reporting.

Numbers are held to what the API carries: an integer member takes a 64-bit integer at most (AWS's are 32 or 64
bits), a double member a finite number (JSON has no NaN or Infinity, and an integer beyond the largest double is
infinite as one), so no model holds a number that ``str()``, ``float()`` or JSON cannot write.
"""

from __future__ import annotations

import base64
import binascii
import enum
import threading
from collections.abc import Callable
from typing import Any

from ecskit._text import DOUBLE_MAX, LONG_MAX, LONG_MIN, fits_double, fits_long, shown
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
from ecskit.codec._time import parse_timestamp

__all__ = ["Invalid", "converter", "extend_enum", "json_kind", "node_kinds", "number_problem", "structurer"]

Conv = Callable[[Any], Any]


class Invalid(Exception):
    """Raised by the fast pass at the first problem; never escapes the codec.

    Always raised as the class (a new instance each time), never as one shared instance: Python appends the frames
    of every raise to the instance's traceback, so a shared one would keep every rejected document's frames (and
    through them the documents) alive for the life of the process.
    """


def _str(v: object) -> object:
    if isinstance(v, str):
        return v
    raise Invalid


def _int(v: object) -> object:
    if v.__class__ is int and LONG_MIN <= v <= LONG_MAX:
        return v
    raise Invalid


def _float(v: object) -> object:
    cls = v.__class__
    if (cls is float or cls is int) and -DOUBLE_MAX <= v <= DOUBLE_MAX:  # type: ignore[operator]
        return float(v)  # type: ignore[arg-type]
    raise Invalid  # not a number, NaN, infinite, or an integer too large to be a double


def number_problem(kind: str, v: object) -> str | None:
    """What is wrong with a number of the right type that a member of scalar ``kind`` (``int``, ``float``) still
    refuses, or None: an integer beyond 64 bits, NaN, an infinite number, an integer too large for a double."""
    if kind == "int" and isinstance(v, int) and v.__class__ is int and not fits_long(v):
        return f"{shown(v)} is out of range: the API's integers are 64-bit at most ({LONG_MIN} to {LONG_MAX})"
    if kind == "float" and isinstance(v, int | float) and not isinstance(v, bool) and not fits_double(v):
        if isinstance(v, int):
            return f"{shown(v)} is too large for a double (at most about 1.8e308)"
        return f"{v} is not a finite number (JSON has no NaN or Infinity)"
    return None


def _bool(v: object) -> object:
    if v.__class__ is bool:
        return v
    raise Invalid


def _timestamp(v: object) -> object:
    try:
        return parse_timestamp(v)
    except (TypeError, ValueError, OverflowError, OSError):
        raise Invalid from None


def _bytes(v: object) -> object:
    if isinstance(v, bytes):
        return v
    if isinstance(v, bytearray):
        return bytes(v)
    if isinstance(v, str):  # JSON carries blobs as base64 text, as the AWS CLI does
        try:
            return base64.b64decode(v, validate=True)
        except (binascii.Error, ValueError):
            raise Invalid from None
    raise Invalid


_SCALAR_CONV: dict[str, Conv] = {
    "str": _str,
    "int": _int,
    "float": _float,
    "bool": _bool,
    "timestamp": _timestamp,
    "bytes": _bytes,
}


def extend_enum(cls: type[enum.StrEnum], value: str) -> enum.StrEnum:
    """A stand-in member for a value this release does not know (read leniently, written back unchanged)."""
    member = str.__new__(cls, value)
    member._name_ = value
    member._value_ = value
    return member


def json_kind(v: object) -> str:
    """The JSON type of a Python value, as a union tells its options apart."""
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "str"
    if isinstance(v, list | tuple):
        return "list"
    if isinstance(v, dict):
        return "dict"
    return "other"


def node_kinds(node: Node) -> tuple[str, ...]:
    """The JSON types a node accepts (a timestamp may be text or a number)."""
    if isinstance(node, ScalarNode):
        return {
            "str": ("str",),
            "int": ("int",),
            "float": ("int", "float"),
            "bool": ("bool",),
            "timestamp": ("str", "int", "float", "other"),
            "bytes": ("str", "other"),
        }[node.kind]
    if isinstance(node, EnumNode):
        return ("str",)
    if isinstance(node, ListNode):
        return ("list",)
    if isinstance(node, StructNode | MapNode):
        return ("dict",)
    if isinstance(node, UnionNode):
        return tuple(k for o in node.options for k in node_kinds(o))
    return ("bool", "int", "float", "str", "list", "dict")


def _is_json(v: object) -> bool:
    if v is None or isinstance(v, str | bool):
        return True
    if isinstance(v, int | float):
        return fits_double(v)
    if isinstance(v, list):
        return all(_is_json(x) for x in v)
    if isinstance(v, dict):
        return all(isinstance(k, str) and _is_json(x) for k, x in v.items())
    return False


class _Compiler:
    """Builds (and caches) the fast-pass converter of every node, per unknown-key policy."""

    def __init__(self, ignore_unknown: bool) -> None:
        self.ignore = ignore_unknown
        #: finished converters, read without the lock
        self.cache: dict[Node, Conv] = {}
        #: converters of the build in progress (a struct's is there before its members are filled in, so that
        #: recursive shapes find it); only the building thread, holding the lock, sees them
        self.building: dict[Node, Conv] = {}
        self.depth = 0
        self.lock = threading.RLock()

    def get(self, node: Node) -> Conv:
        conv = self.cache.get(node)
        if conv is not None:
            return conv
        with self.lock:
            conv = self.cache.get(node) or self.building.get(node)
            if conv is not None:
                return conv
            self.depth += 1
            try:
                conv = self._build(node)
            except BaseException:
                if self.depth == 1:
                    self.building.clear()  # nothing half-built is ever published
                raise
            finally:
                self.depth -= 1
            if self.depth == 0:
                # Published only when complete: another thread reading the cache without the lock must never
                # get a struct converter whose members are not filled in yet.
                self.cache.update(self.building)
                self.building.clear()
            return conv

    def _build(self, node: Node) -> Conv:
        if isinstance(node, StructNode):
            return self._struct(node)
        conv = self._make(node)
        self.building[node] = conv
        return conv

    def _make(self, node: Node) -> Conv:
        if isinstance(node, ScalarNode):
            return _SCALAR_CONV[node.kind]
        if isinstance(node, EnumNode):
            return self._enum(node.cls)
        if isinstance(node, ListNode):
            return self._list(node.item)
        if isinstance(node, MapNode):
            return self._map(node.key, node.value)
        if isinstance(node, UnionNode):
            return self._union(node)
        if isinstance(node, JsonNode):
            return _json_value
        return self.get(node)

    def _enum(self, cls: type[enum.StrEnum]) -> Conv:
        members = cls._value2member_map_
        ignore = self.ignore

        def conv(v: object) -> object:
            if isinstance(v, str):
                member = members.get(v)
                if member is not None:
                    return member
                if ignore:
                    return extend_enum(cls, v)
            raise Invalid

        return conv

    def _list(self, item: Node) -> Conv:
        if item == ScalarNode("str"):

            def str_list(v: object) -> object:
                if v.__class__ is list or v.__class__ is tuple:
                    for x in v:
                        if not isinstance(x, str):
                            raise Invalid
                    return tuple(v)
                raise Invalid

            return str_list
        item_conv = self.get(item)

        def conv(v: object) -> object:
            if v.__class__ is list or v.__class__ is tuple:
                return tuple([item_conv(x) for x in v])
            raise Invalid

        return conv

    def _map(self, key: Node, value: Node) -> Conv:
        key_conv = self.get(key)
        value_conv = self.get(value)

        def conv(v: object) -> object:
            if v.__class__ is not dict:
                raise Invalid
            out = {}
            for k, x in v.items():
                out[key_conv(k)] = value_conv(x)
            return out

        return conv

    def _union(self, node: UnionNode) -> Conv:
        by_kind: dict[str, Conv] = {}
        for option in node.options:
            for kind in node_kinds(option):
                by_kind.setdefault(kind, self.get(option))

        def conv(v: object) -> object:
            option = by_kind.get(json_kind(v))
            if option is None:
                raise Invalid
            return option(v)

        return conv

    def _struct(self, node: StructNode) -> Conv:
        plan = struct_plan(node.cls)
        cls = plan.cls
        fields: dict[str, tuple[str, Conv]] = {}
        required = plan.required
        ignore = self.ignore

        def conv(v: object) -> object:
            if v.__class__ is not dict:
                raise Invalid
            kw: dict[str, object] = {}
            for k, x in v.items():
                if x is None:  # null means absent, as the API treats it
                    continue
                field = fields.get(k)
                if field is None:
                    if ignore:
                        continue
                    raise Invalid
                kw[field[0]] = field[1](x)
            if required and not kw.keys() >= required:
                raise Invalid
            return cls(**kw)

        self.building[node] = conv  # before the members: recursive shapes find it
        for f in plan.fields:
            fields[f.wire] = (f.attr, self.get(f.node))
        return conv


def _json_value(v: object) -> object:
    if _is_json(v):
        return v
    raise Invalid


_COMPILERS = {False: _Compiler(ignore_unknown=False), True: _Compiler(ignore_unknown=True)}


def converter(node: Node, *, ignore_unknown: bool) -> Conv:
    """The fast-pass converter for a node."""
    return _COMPILERS[ignore_unknown].get(node)


def structurer(cls: type[Any], *, ignore_unknown: bool) -> Conv:
    """The fast-pass converter for a model class."""
    return _COMPILERS[ignore_unknown].get(StructNode(cls))
