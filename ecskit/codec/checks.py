"""Models built in Python, checked against their own annotations: the counterpart of :func:`~ecskit.codec.from_api`.

:func:`~ecskit.codec.from_api` checks a document as it reads it; a model made in Python (``cpu=256``,
``network_mode="awsvcp"``) has no such gate, since ecskit's models are plain attrs classes without run-time
validators. :func:`check` is that gate: it reports, all at once and with the JSON path in wire names, every member
of the wrong Python type, every enum member given as a string that is not one of the enum's values, and every
required member left ``None``, in nested models, tuples and dicts too:

>>> from ecskit.models.ecs import ContainerDefinition, PortMapping, RegisterTaskDefinitionRequest
>>> td = RegisterTaskDefinitionRequest(
...     family="web", cpu=256, network_mode="awsvcp",
...     container_definitions=(ContainerDefinition(name="app", port_mappings=(PortMapping(container_port="80"),)),))
>>> for e in check(td):
...     print(e.path, "|", e.code, "|", e.hint)
networkMode | bad-value | did you mean 'awsvpc'?
containerDefinitions[0].portMappings[0].containerPort | wrong-type | write it as the number 80, without quotes
cpu | wrong-type | write it as the string "256"

A plain ``str`` equal to one of an enum's values is a valid member (the enums are ``StrEnum``\\ s), and a ``list``
where a ``tuple`` is declared is accepted (the codec writes both). :func:`checked` returns the model itself or
raises :class:`~ecskit.errors.ConversionError`, as :func:`~ecskit.codec.from_api` does for a bad document.

A well-typed model costs one pass of a function compiled once per class (cheaper than
:func:`~ecskit.codec.to_api`, see ``benchmarks/check.py``); only a model with a problem is walked again to explain it.
"""

from __future__ import annotations

import collections.abc
import enum
from collections.abc import Callable
from typing import TypeVar

from ecskit._text import digits, integer_text, shown, suggest, with_article
from ecskit.codec._checker import model_checker, node_checker
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
from ecskit.codec._structure import number_problem
from ecskit.codec.convert import Unknown, _check_model
from ecskit.codec.paths import join_key
from ecskit.errors import ConversionError, FieldError

__all__ = ["check", "checked", "fits"]

T = TypeVar("T")

_SCALAR_WHAT = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "a boolean (True or False)",
    "timestamp": "a datetime",
    "bytes": "bytes",
}


#: Per ``unknown == "ignore"``: model class -> its compiled yes/no check (what :func:`check` runs first, and
#: :func:`fits` gives), found once: the model class checked, the compiler asked.
_FITS: dict[bool, dict[type[object], Callable[[object], bool]]] = {False: {}, True: {}}


def check(model: object, *, unknown: Unknown = "error") -> tuple[FieldError, ...]:
    """Every problem of a model instance, each with its wire path; ``()`` when it is well-typed.

    ``unknown="ignore"`` accepts enum values this release does not know (as :func:`~ecskit.codec.from_api` does
    with the same argument). Raises :class:`~ecskit.errors.UsageError` when ``model`` is not a model instance.
    """
    cls = type(model)
    ignore = unknown == "ignore"
    try:
        if _fits(cls, ignore)(model):
            return ()
        errors: list[FieldError] = []
        _walk_struct(model, cls, "", errors, ignore)
    except RecursionError:
        too_deep = "the model is nested too deeply"
        return (FieldError(path="", code="wrong-type", message=too_deep, hint="no API shape nests this deep"),)
    if not errors:  # both passes must agree; never let a disagreement pass silently
        unfit = f"the model does not fit {cls.__name__}"
        errors = [
            FieldError(path="", code="wrong-type", message=unfit, hint=f"build {cls.__name__}(...) from its fields")
        ]
    return tuple(errors)


def fits(cls: type[object]) -> Callable[[object], bool]:
    """The yes/no form of :func:`check` for models of ``cls``: a function compiled once per class that says whether
    a model is well-typed (for code that checks many models of one class and lists problems only on a no).

    >>> from ecskit.models.ecs import PortMapping
    >>> ok = fits(PortMapping)
    >>> ok(PortMapping(container_port=80)), ok(PortMapping(container_port="80"))
    (True, False)
    """
    return _fits(cls, False)


def _fits(cls: type[object], ignore: bool) -> Callable[[object], bool]:
    found = _FITS[ignore].get(cls)
    if found is None:
        _check_model(cls)  # UsageError for what is not a model class
        found = _FITS[ignore][cls] = model_checker(cls, ignore_unknown=ignore)
    return found


def checked(model: T, *, unknown: Unknown = "error") -> T:
    """``model`` itself when :func:`check` finds nothing, else :class:`~ecskit.errors.ConversionError` listing
    every problem (its ``target`` is the model's class name).

    >>> from ecskit.models.ecs import PortMapping
    >>> checked(PortMapping(container_port=80, protocol="tcp"))
    PortMapping(container_port=80, protocol='tcp')
    >>> checked(PortMapping(container_port=80, protocol="TCP"))
    Traceback (most recent call last):
        ...
    ecskit.errors.ConversionError: 1 problem reading PortMapping:
      protocol: 'TCP' is not one of: tcp, udp (did you mean 'tcp'?)
    """
    errors = check(model, unknown=unknown)
    if errors:
        raise ConversionError(type(model).__name__, errors)
    return model


# -- the slow pass: where and why ---------------------------------------------------------------------------------


def _what(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return _SCALAR_WHAT[node.kind]
    if isinstance(node, EnumNode):
        return f"one of the {node.cls.__name__} values"
    if isinstance(node, ListNode):
        return "a tuple"
    if isinstance(node, StructNode):
        return with_article(node.cls.__name__)
    if isinstance(node, MapNode):
        return "a dict of string keys"
    if isinstance(node, UnionNode):
        return " or ".join(_what(o) for o in node.options)
    return "a JSON value"


def _hint(node: Node, v: object) -> str | None:
    if isinstance(node, ScalarNode):
        if node.kind in ("int", "float") and isinstance(v, str) and digits(v.strip()):
            return f"write it as the number {v.strip()}, without quotes"
        if node.kind == "int" and isinstance(v, float) and v.is_integer():
            return f"write it as the integer {int(v)}"
        if node.kind == "str" and isinstance(v, int | float) and not isinstance(v, bool):
            text = integer_text(v) if isinstance(v, int) else str(v)
            return None if text.startswith("a") else f'write it as the string "{text}"'
        if node.kind == "bool" and isinstance(v, str) and v.lower() in ("true", "false"):
            return f"write it as {v.lower() == 'true'}, without quotes"
        if node.kind == "timestamp" and isinstance(v, str | int | float) and not isinstance(v, bool):
            return "use a datetime: datetime.fromisoformat(text) or datetime.fromtimestamp(seconds, UTC)"
    if (
        isinstance(node, ListNode)
        and not isinstance(v, tuple | list)
        and node_checker(node.item, ignore_unknown=True)(v)
    ):
        shown = repr(v)
        return f"wrap the value in a tuple: ({shown if len(shown) <= 40 else 'value'},)"
    if isinstance(node, StructNode):
        name = node.cls.__name__
        if isinstance(v, collections.abc.Mapping):
            return f"build {with_article(name)}(...), or read the dict with ecskit.from_api(data, {name})"
        if isinstance(v, tuple | list) and len(v) == 1:
            return "give the object itself, not a sequence holding it"
    return None


def _wrong(path: str, node: Node, v: object) -> FieldError:
    return FieldError(
        path=path,
        code="wrong-type",
        message=f"expected {_what(node)}, got {shown(v)}",
        hint=_hint(node, v) or f"give {_what(node)}",  # every wrong-type problem says what to give
    )


def _walk(v: object, node: Node, path: str, errors: list[FieldError], ignore: bool) -> None:
    if node_checker(node, ignore_unknown=ignore)(v):
        return
    if isinstance(node, StructNode):
        if isinstance(v, node.cls):
            _walk_struct(v, node.cls, path, errors, ignore)
        else:
            errors.append(_wrong(path, node, v))
    elif isinstance(node, ListNode):
        if not isinstance(v, tuple | list):
            errors.append(_wrong(path, node, v))
            return
        for i, x in enumerate(v):
            _walk(x, node.item, f"{path}[{i}]", errors, ignore)
    elif isinstance(node, MapNode):
        if not isinstance(v, collections.abc.Mapping):
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
        _walk_enum(v, node, path, errors)
    elif isinstance(node, UnionNode):
        _walk_union(v, node, path, errors, ignore)
    else:
        problem = number_problem(node.kind, _plain_number(v)) if isinstance(node, ScalarNode) else None
        if problem is not None:
            errors.append(FieldError(path=path, code="bad-value", message=problem))
        else:
            errors.append(_wrong(path, node, v))


def _plain_number(v: object) -> object:
    """An int of a subclass (an IntEnum member, ...) as a plain int: the codec writes it so."""
    return int(v) if isinstance(v, int) and not isinstance(v, bool) else v


def _walk_enum(v: object, node: EnumNode, path: str, errors: list[FieldError]) -> None:
    if not isinstance(v, str):
        errors.append(_wrong(path, node, v))
        return
    text = v._value_ if isinstance(v, enum.Enum) else str.__str__(v)
    values = [str.__str__(m) for m in node.cls]
    close = suggest(text, values)
    errors.append(
        FieldError(
            path=path,
            code="bad-value",
            message=f"{text!r} is not one of: {', '.join(values)}",
            hint=f"did you mean {close!r}?" if close else None,
            allowed=tuple(values),
        )
    )


def _walk_union(v: object, node: UnionNode, path: str, errors: list[FieldError], ignore: bool) -> None:
    # Explain against the option of the same Python kind (a str for a string or an enum, a tuple for a list, ...).
    for option in node.options:
        if _same_kind(v, option):
            _walk(v, option, path, errors, ignore)
            return
    errors.append(_wrong(path, node, v))


def _same_kind(v: object, node: Node) -> bool:
    if isinstance(node, ScalarNode | EnumNode):
        return node_checker(node, ignore_unknown=True)(v)
    if isinstance(node, ListNode):
        return isinstance(v, tuple | list)
    if isinstance(node, MapNode):
        return isinstance(v, collections.abc.Mapping)
    if isinstance(node, StructNode):
        return isinstance(v, node.cls)
    return isinstance(node, JsonNode)


def _walk_struct(v: object, cls: type[object], path: str, errors: list[FieldError], ignore: bool) -> None:
    for f in struct_plan(cls).fields:
        x = getattr(v, f.attr, None)
        where = join_key(path, f.wire)
        if x is None:
            if f.required:
                errors.append(
                    FieldError(
                        path=where,
                        code="missing-key",
                        message=f"missing required key {f.wire!r} of {cls.__name__}",
                        hint=f"set {f.attr}",
                    )
                )
        else:
            _walk(x, f.node, where, errors, ignore)
