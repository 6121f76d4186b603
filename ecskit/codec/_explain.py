"""The slow pass: walk bad data against a model type and explain every problem with its JSON path."""

from __future__ import annotations

from ecskit._text import digits, suggest
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
from ecskit.codec._structure import Invalid, converter, json_kind, node_kinds
from ecskit.codec.paths import join_key
from ecskit.errors import FieldError

__all__ = ["explain", "suggest"]

_SCALAR_WHAT = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "a boolean (true or false)",
    "timestamp": "a timestamp (datetime, epoch seconds or ISO 8601 text)",
    "bytes": "bytes or base64 text",
}


def _what(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return _SCALAR_WHAT[node.kind]
    if isinstance(node, EnumNode):
        return f"one of the {node.cls.__name__} values"
    if isinstance(node, ListNode):
        return "a list"
    if isinstance(node, StructNode):
        return f"an object ({node.cls.__name__})"
    if isinstance(node, MapNode):
        return "an object of string keys"
    if isinstance(node, UnionNode):
        return " or ".join(_what(o) for o in node.options)
    return "a JSON value"


def _show(v: object) -> str:
    if v is True or v is False:
        return str(v).lower()
    if isinstance(v, str):
        shown = v if len(v) <= 40 else v[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(v, int):
        return f"the integer {v}"
    if isinstance(v, float):
        return f"the number {v}"
    if isinstance(v, list | tuple):
        return f"a list of {len(v)}"
    if isinstance(v, dict):
        return "an object"
    return f"a {type(v).__name__}"


def explain(data: object, node: Node, *, ignore_unknown: bool) -> list[FieldError]:
    """Every problem of ``data`` read as ``node``; empty when it is valid."""
    errors: list[FieldError] = []
    _walk(data, node, "", errors, ignore_unknown)
    return errors


def _wrong(path: str, node: Node, v: object) -> FieldError:
    hint = None
    if isinstance(node, ScalarNode) and node.kind == "int" and isinstance(v, str) and digits(v.strip()):
        hint = f"write it as the number {v.strip()}, without quotes"
    elif isinstance(node, ScalarNode) and node.kind == "str" and isinstance(v, int | float) and not isinstance(v, bool):
        hint = f'write it as the string "{v}"'
    elif isinstance(node, ListNode) and json_kind(v) in node_kinds(node.item):
        hint = "wrap the value in a list: [ ... ]"
    elif isinstance(node, StructNode) and isinstance(v, list) and len(v) == 1:
        hint = "give the object itself, not a list holding it"
    return FieldError(path=path, code="wrong-type", message=f"expected {_what(node)}, got {_show(v)}", hint=hint)


def _walk(v: object, node: Node, path: str, errors: list[FieldError], ignore: bool) -> None:
    if isinstance(node, StructNode):
        _walk_struct(v, node, path, errors, ignore)
    elif isinstance(node, ListNode):
        if not isinstance(v, list | tuple):
            errors.append(_wrong(path, node, v))
            return
        for i, x in enumerate(v):
            _walk(x, node.item, f"{path}[{i}]", errors, ignore)
    elif isinstance(node, MapNode):
        if not isinstance(v, dict):
            errors.append(_wrong(path, node, v))
            return
        for k, x in v.items():
            if not isinstance(k, str):
                errors.append(FieldError(path=path, code="wrong-type", message=f"key {k!r} is not a string"))
                continue
            _walk(k, node.key, join_key(path, k), errors, ignore)
            _walk(x, node.value, join_key(path, k), errors, ignore)
    elif isinstance(node, EnumNode):
        if not isinstance(v, str):
            errors.append(_wrong(path, node, v))
            return
        values = [str(m.value) for m in node.cls]
        if v not in values and not ignore:
            close = suggest(v, values)
            errors.append(
                FieldError(
                    path=path,
                    code="bad-value",
                    message=f"{v!r} is not one of: {', '.join(values)}",
                    hint=f"did you mean {close!r}?" if close else None,
                )
            )
    elif isinstance(node, UnionNode):
        for option in node.options:
            if json_kind(v) in node_kinds(option):
                _walk(v, option, path, errors, ignore)
                return
        errors.append(_wrong(path, node, v))
    else:
        _walk_scalar(v, node, path, errors)


def _walk_scalar(v: object, node: ScalarNode | JsonNode, path: str, errors: list[FieldError]) -> None:
    try:
        converter(node, ignore_unknown=False)(v)
    except Invalid:
        if isinstance(node, ScalarNode) and node.kind == "timestamp" and isinstance(v, str):
            errors.append(FieldError(path=path, code="bad-value", message=f"{v!r} is not an ISO 8601 timestamp"))
        elif isinstance(node, ScalarNode) and node.kind == "bytes" and isinstance(v, str):
            errors.append(FieldError(path=path, code="bad-value", message="not valid base64 text"))
        else:
            errors.append(_wrong(path, node, v))


def _walk_struct(v: object, node: StructNode, path: str, errors: list[FieldError], ignore: bool) -> None:
    plan = struct_plan(node.cls)
    if not isinstance(v, dict):
        errors.append(_wrong(path, node, v))
        return
    for k, x in v.items():
        if not isinstance(k, str):
            errors.append(FieldError(path=path, code="wrong-type", message=f"key {k!r} is not a string"))
            continue
        field = plan.by_wire.get(k)
        if field is None:
            if not ignore:
                close = suggest(k, list(plan.by_wire))
                errors.append(
                    FieldError(
                        path=join_key(path, k),
                        code="unknown-key",
                        message=f"unknown key {k!r} for {node.cls.__name__}",
                        hint=f"did you mean {close!r}?" if close else None,
                    )
                )
            continue
        if x is not None:
            _walk(x, field.node, join_key(path, k), errors, ignore)
    for f in plan.fields:
        if f.required and v.get(f.wire) is None:
            errors.append(
                FieldError(
                    path=join_key(path, f.wire),
                    code="missing-key",
                    message=f"missing required key {f.wire!r} of {node.cls.__name__}",
                )
            )
