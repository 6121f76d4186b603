"""The slow pass: walk bad data against a model type and explain every problem with its JSON path."""

from __future__ import annotations

from ecskit._text import digits, integer_text, suggest
from ecskit.codec._plan import (
    EnumNode,
    FieldPlan,
    JsonNode,
    ListNode,
    MapNode,
    Node,
    ScalarNode,
    StructNode,
    UnionNode,
    struct_plan,
)
from ecskit.codec._structure import Invalid, converter, json_kind, node_kinds, number_problem
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
        text = integer_text(v)
        return text if text.startswith("a") else f"the integer {text}"
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
        text = integer_text(v) if isinstance(v, int) else str(v)
        hint = None if text.startswith("a") else f'write it as the string "{text}"'
    elif isinstance(node, ListNode) and json_kind(v) in node_kinds(node.item):
        hint = "wrap the value in a list: [ ... ]"
    elif isinstance(node, StructNode) and isinstance(v, list):
        member = _list_member_for(node, v)
        if member is not None:
            hint = f'the list belongs in {member!r}: give {{"{member}": [ ... ]}}'
        elif len(v) == 1:
            hint = "give the object itself, not a list holding it"
    hint = hint or f"write {_what(node)} here"  # every wrong-type problem says what to write
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
                errors.append(
                    FieldError(
                        path=path, code="wrong-type", message=f"key {k!r} is not a string", hint="make the key a string"
                    )
                )
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
                    allowed=tuple(values),
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
        problem = number_problem(node.kind, v) if isinstance(node, ScalarNode) else None
        if problem is not None:
            errors.append(FieldError(path=path, code="bad-value", message=problem))
        elif isinstance(node, ScalarNode) and node.kind == "timestamp" and isinstance(v, str):
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
    unknown = [k for k in v if isinstance(k, str) and k not in plan.by_wire]
    wrapper = _wrapper_of(node, unknown) if unknown and len(unknown) == len(v) and not ignore else None
    for k, x in v.items():
        if not isinstance(k, str):
            not_text = f"key {k!r} is not a string"
            errors.append(FieldError(path=path, code="wrong-type", message=not_text, hint="make the key a string"))
            continue
        field = plan.by_wire.get(k)
        if field is None:
            if not ignore:
                errors.append(_unknown_key(k, x, node, path, wrapper))
            continue
        if x is not None:
            _walk(x, field.node, join_key(path, k), errors, ignore)
    folded = {k.lower(): k for k in unknown}
    for f in plan.fields:
        if f.required and v.get(f.wire) is None:
            hint = None
            if wrapper is not None and wrapper[0] == f.wire:
                hint = f"the object's keys are {wrapper[1]}'s: give it as {_wrapped(f)}"
            elif f.wire.lower() in folded:
                hint = f"the document has {folded[f.wire.lower()]!r}: names are case-sensitive"
            errors.append(
                FieldError(
                    path=join_key(path, f.wire),
                    code="missing-key",
                    message=f"missing required key {f.wire!r} of {node.cls.__name__}",
                    hint=hint,
                )
            )


def _unknown_key(k: str, x: object, node: StructNode, path: str, wrapper: tuple[str, str] | None) -> FieldError:
    """An unknown key, with the likeliest fix: the member it misspells, or the wrapper the object belongs in."""
    plan = struct_plan(node.cls)
    if wrapper is not None:
        return FieldError(
            path=join_key(path, k),
            code="unknown-key",
            message=f"unknown key {k!r} for {node.cls.__name__}",
            hint=f"a {wrapper[1]} key: the object looks like one {wrapper[1]}, without its {node.cls.__name__}",
        )
    close = suggest(k, list(plan.by_wire))
    hint = f"did you mean {close!r}?" if close else None
    if close is not None and close.lower() == k.lower():  # a case slip: say so, and name the ones inside
        hint = f"did you mean {close!r}?" + _case_advice(k, close, x, plan.by_wire[close].node)
    return FieldError(
        path=join_key(path, k), code="unknown-key", message=f"unknown key {k!r} for {node.cls.__name__}", hint=hint
    )


_SHOWN = 6


def _case_advice(key: str, member: str, value: object, node: Node) -> str:
    """For a member spelt in another case: CloudFormation's spelling when it is that, and the slips inside."""
    advice = ""
    if key[:1].isupper() and member[:1].islower():
        advice = " The API's names are camelCase, CloudFormation's PascalCase"
    slips: dict[str, str] = {}
    _case_slips(value, node, slips)
    if slips:
        shown = ", ".join(f"{a!r} -> {b!r}" for a, b in list(slips.items())[:_SHOWN])
        more = f" and {len(slips) - _SHOWN} more" if len(slips) > _SHOWN else ""
        advice += f"; rename inside it too: {shown}{more}"
    return advice


def _structs_in(node: Node) -> list[tuple[type, bool]]:
    """The model classes a member holds (directly, in a list, or as an option of a union), each with whether
    it is held in a list."""
    if isinstance(node, StructNode):
        return [(node.cls, False)]
    if isinstance(node, ListNode) and isinstance(node.item, StructNode):
        return [(node.item.cls, True)]
    if isinstance(node, UnionNode):
        return [found for option in node.options for found in _structs_in(option)]
    return []


def _wrapper_of(node: StructNode, keys: list[str]) -> tuple[str, str] | None:
    """(member, class) when every key of an object read as ``node`` belongs to the class a member of ``node``
    holds, its required keys included: the object is one such value, given without ``node`` around it (a lone
    IAM statement read as a policy document)."""
    for f in struct_plan(node.cls).fields:
        for cls, _ in _structs_in(f.node):
            inner = struct_plan(cls)
            required = {g.wire for g in inner.fields if g.required}
            if set(keys) <= inner.by_wire.keys() and required <= set(keys):
                return (f.wire, cls.__name__)
    return None


def _wrapped(field: FieldPlan) -> str:
    """How a value of ``field`` is written around an object: ``{"Statement": [ ... ]}``."""
    in_list = any(listed for _, listed in _structs_in(field.node))
    return f'{{"{field.wire}": [ {{ ... }} ]}}' if in_list else f'{{"{field.wire}": {{ ... }}}}'


def _list_member_for(node: StructNode, items: list[object]) -> str | None:
    """The one list member of ``node`` whose items the given list's items fit, if exactly one does."""
    found = []
    for f in struct_plan(node.cls).fields:
        lists = [f.node] if isinstance(f.node, ListNode) else []
        if isinstance(f.node, UnionNode):
            lists = [o for o in f.node.options if isinstance(o, ListNode)]
        for option in lists:
            assert isinstance(option, ListNode)
            if all(_fits(x, option.item) for x in items):
                found.append(f.wire)
                break
    return found[0] if len(found) == 1 else None


def _fits(v: object, node: Node) -> bool:
    """Whether ``v`` looks like a value of ``node`` at first sight: its JSON type, and for objects its keys."""
    if isinstance(node, StructNode):
        return isinstance(v, dict) and v.keys() <= struct_plan(node.cls).by_wire.keys()
    return json_kind(v) in node_kinds(node)


def _case_slips(v: object, node: Node, out: dict[str, str]) -> None:
    """Collect keys inside ``v`` (read as ``node``) that are members spelt in another case: ``{wrong: right}``."""
    if isinstance(node, UnionNode):
        for option in node.options:
            if json_kind(v) in node_kinds(option):
                _case_slips(v, option, out)
                return
    elif isinstance(node, ListNode) and isinstance(v, list | tuple):
        for x in v:
            _case_slips(x, node.item, out)
    elif isinstance(node, MapNode) and isinstance(v, dict):
        for x in v.values():
            _case_slips(x, node.value, out)
    elif isinstance(node, StructNode) and isinstance(v, dict):
        plan = struct_plan(node.cls)
        folded = {w.lower(): w for w in plan.by_wire}
        for k, x in v.items():
            if not isinstance(k, str):
                continue
            wire = k if k in plan.by_wire else folded.get(k.lower())
            if wire is None:
                continue
            if wire != k:
                out.setdefault(k, wire)
            _case_slips(x, plan.by_wire[wire].node, out)
