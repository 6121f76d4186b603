"""The codec's view of a model type: a small tree of nodes, built once per class from its annotations."""

from __future__ import annotations

import datetime
import enum
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from ecskit.codec import _wire_documents, _wire_ecr, _wire_ecr_public, _wire_ecs
from ecskit.models._json import JsonValue

__all__ = [
    "EnumNode",
    "FieldPlan",
    "JsonNode",
    "ListNode",
    "MapNode",
    "Node",
    "ScalarNode",
    "StructNode",
    "StructPlan",
    "UnionNode",
    "node_for",
    "struct_plan",
    "wire_names",
]


@attrs.frozen
class ScalarNode:
    """A JSON scalar: ``str``, ``int``, ``float``, ``bool``, ``timestamp`` or ``bytes``."""

    kind: str


@attrs.frozen
class EnumNode:
    """A closed set of wire strings."""

    cls: type[enum.StrEnum]


@attrs.frozen
class StructNode:
    """An attrs model class (a JSON object with known keys)."""

    cls: type[Any]


@attrs.frozen
class ListNode:
    """A JSON array, held as a tuple."""

    item: Node


@attrs.frozen
class MapNode:
    """A JSON object with free keys (strings, or the values of an enum)."""

    key: Node
    value: Node


@attrs.frozen
class UnionNode:
    """One of several nodes, told apart by the JSON type of the value (``"*"`` or a mapping, ...)."""

    options: tuple[Node, ...]


@attrs.frozen
class JsonNode:
    """Any JSON value (the API's ``document`` members)."""


Node = ScalarNode | EnumNode | StructNode | ListNode | MapNode | UnionNode | JsonNode

_SCALARS: dict[object, str] = {
    str: "str",
    int: "int",
    float: "float",
    bool: "bool",
    datetime.datetime: "timestamp",
    bytes: "bytes",
}
_JSON_SCALARS = frozenset({bool, int, float, str})


def _is_json_union(options: tuple[object, ...]) -> bool:
    """Whether a union's options are those of :data:`~ecskit.models._json.JsonValue` (however resolved)."""
    origins = {typing.get_origin(o) for o in options}
    return set(options) >= _JSON_SCALARS and {list, dict} <= origins


assert _is_json_union(tuple(a for a in typing.get_args(JsonValue) if a is not type(None)))


def node_for(tp: object) -> Node:
    """The node for a (resolved) annotation, ``None`` members of unions dropped (null means absent)."""
    if tp in _SCALARS:
        return ScalarNode(_SCALARS[tp])
    if isinstance(tp, type) and issubclass(tp, enum.StrEnum):
        return EnumNode(tp)
    if isinstance(tp, type) and attrs.has(tp):
        return StructNode(tp)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return ListNode(node_for(args[0]))
    if origin in (dict, Mapping) and len(args) == 2:
        key = node_for(args[0])
        if isinstance(key, ScalarNode | EnumNode) and (isinstance(key, EnumNode) or key.kind == "str"):
            return MapNode(key, node_for(args[1]))
    if origin in (typing.Union, types.UnionType):
        options = tuple(a for a in args if a is not type(None))
        if _is_json_union(options):
            return JsonNode()
        if len(options) == 1:
            return node_for(options[0])
        return UnionNode(tuple(node_for(a) for a in options))
    raise TypeError(f"ecskit's codec cannot handle the annotation {tp!r}")


@attrs.frozen
class FieldPlan:
    """One attribute of a model class and its wire member."""

    attr: str
    wire: str
    node: Node
    required: bool


@attrs.frozen
class StructPlan:
    """Everything the codec needs to know about one model class."""

    cls: type[Any]
    fields: tuple[FieldPlan, ...]
    by_wire: dict[str, FieldPlan]
    required: frozenset[str]  # attribute names


def _camel(attr: str) -> str:
    head, *rest = attr.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


#: models package (ecskit.models.<name>) -> the irregular wire names of its generated classes
_GENERATED: dict[str, dict[str, dict[str, str]]] = {
    "ecs": _wire_ecs.IRREGULAR_NAMES,
    "ecr": _wire_ecr.IRREGULAR_NAMES,
    "ecr_public": _wire_ecr_public.IRREGULAR_NAMES,
}


def wire_names(cls: type[Any]) -> dict[str, str]:
    """Attribute name -> wire member name for one model class."""
    module = cls.__module__
    generated = _GENERATED.get(module.split(".")[2] if module.startswith("ecskit.models.") else "")
    if generated is not None:
        irregular = generated.get(cls.__name__, {})
    else:
        irregular = _wire_documents.WIRE_NAMES.get(f"{module}.{cls.__qualname__}", {})
    return {a.name: irregular.get(a.name, _camel(a.name)) for a in attrs.fields(cls)}


_PLANS: dict[type[Any], StructPlan] = {}


def struct_plan(cls: type[Any]) -> StructPlan:
    """The (cached) plan of an attrs model class."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _make_plan(cls)
    return plan


def _make_plan(cls: type[Any]) -> StructPlan:
    hints = typing.get_type_hints(cls)
    names = wire_names(cls)
    fields = tuple(
        FieldPlan(
            attr=a.name,
            wire=names[a.name],
            node=node_for(hints[a.name]),
            required=a.default is attrs.NOTHING,
        )
        for a in attrs.fields(cls)
    )
    return StructPlan(
        cls=cls,
        fields=fields,
        by_wire={f.wire: f for f in fields},
        required=frozenset(f.attr for f in fields if f.required),
    )
