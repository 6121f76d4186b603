"""Every builder checks the arguments it is given against its own annotations, at the call.

A wrong-typed argument (``.port("80")``, ``health_check(5)``, ``capabilities(add="SYS_PTRACE")``) is a
:class:`~ecskit.errors.UsageError` naming the function, the argument, what it got and what would be right, raised
where the mistake is made, instead of a ``TypeError`` from deep inside a later step or a model that only
``build()`` would report. A ``str`` given for an enum parameter becomes the enum's member when it is one of its
values (``network_mode="awsvpc"``), so builders can compare members with ``is``.

Values that are models (a :class:`~ecskit.models.ecs.ContainerDefinition` given to ``container()``) are checked
for their class only: their members are checked, with every other schema problem, by the validation ``build()``
runs (``schema-*`` findings).
"""

from __future__ import annotations

import collections.abc
import enum
import functools
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import attrs

from ecskit._text import digits, shown, suggest, with_article
from ecskit.errors import UsageError

__all__ = ["CHECKED", "Mismatch", "check_arguments", "converter", "plan_of"]

P = ParamSpec("P")
R = TypeVar("R")

#: Every function decorated with :func:`check_arguments` (the originals), for the test that none is missed.
CHECKED: set[Callable[..., Any]] = set()


@attrs.frozen
class Mismatch:
    """A value that does not fit: what was expected, the value, where it is in the argument, and maybe a fix.

    Converters return one instead of raising, so that a union can try its options cheaply.
    """

    what: str
    got: object
    hint: str | None = None
    where: str = ""


#: A check of one value: the value (an enum string made a member), or a Mismatch.
Conv = Callable[[Any], Any]

_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "True or False"}


def _scalar(tp: type[Any]) -> Conv:
    def conv(v: Any) -> Any:
        if tp is bool:
            ok = v.__class__ is bool
        elif tp is int:
            ok = isinstance(v, int) and not isinstance(v, bool)
        elif tp is float:
            ok = isinstance(v, int | float) and not isinstance(v, bool)
        else:
            ok = isinstance(v, tp)
        if ok:
            return v
        hint = None
        if tp in (int, float) and isinstance(v, str) and digits(v.strip()):
            hint = f"write it as the number {v.strip()}, without quotes"
        elif tp is str and isinstance(v, int | float) and not isinstance(v, bool):
            hint = f'write it as the string "{v}"'
        elif tp is bool and isinstance(v, str) and v.lower() in ("true", "false"):
            hint = f"write it as {v.lower() == 'true'}, without quotes"
        return Mismatch(_NAMES[tp], v, hint)

    return conv


def _enum(cls: type[enum.StrEnum]) -> Conv:
    members = cls._value2member_map_
    what = f"one of {', '.join(members)}"

    def conv(v: Any) -> Any:
        if not isinstance(v, str):
            return Mismatch(what, v)
        member = members.get(str.__str__(v))
        if member is not None:
            return member
        close = suggest(str.__str__(v), list(members))
        return Mismatch(what, v, f"did you mean {close!r}?" if close else None)

    return conv


def _instance(cls: type[Any]) -> Conv:
    return lambda v: v if isinstance(v, cls) else Mismatch(with_article(cls.__name__), v)


def _none(v: Any) -> Any:
    return v if v is None else Mismatch("None", v)


def _sequence(item: Conv | None) -> Conv:
    def conv(v: Any) -> Any:
        if isinstance(v, str | bytes) or not isinstance(v, collections.abc.Sequence):
            text = repr(v)
            return Mismatch("a tuple or list", v, f"wrap it in a tuple: ({text if len(text) <= 40 else 'value'},)")
        if item is None:
            return v
        out: list[Any] = []
        for i, x in enumerate(v):
            got = item(x)
            if isinstance(got, Mismatch):
                return attrs.evolve(got, where=f"[{i}]{got.where}")
            out.append(got)
        return v if all(a is b for a, b in zip(out, v, strict=True)) else tuple(out)

    return conv


def _mapping(key: Conv | None, value: Conv | None) -> Conv:
    def conv(v: Any) -> Any:
        if not isinstance(v, collections.abc.Mapping):
            return Mismatch("a dict", v)
        for k, x in v.items():
            for check, checked in ((key, k), (value, x)):
                got = check(checked) if check is not None else None
                if isinstance(got, Mismatch):
                    return attrs.evolve(got, where=f"[{k!r}]{got.where}")
        return v

    return conv


def _union(options: list[Conv | None]) -> Conv | None:
    if any(o is None for o in options):
        return None
    convs = [o for o in options if o is not None]

    def conv(v: Any) -> Any:
        misses = []
        for option in convs:
            got = option(v)
            if not isinstance(got, Mismatch):
                return got
            if got.where:  # the value is this option's container, and an item of it is wrong: say which
                return got
            misses.append(got)
        hint = next((m.hint for m in misses if m.hint), None)
        return Mismatch(" or ".join(dict.fromkeys(m.what for m in misses)), v, hint)

    return conv


def converter(tp: Any) -> Conv | None:
    """The check (and conversion) of an argument annotated ``tp``; ``None`` where there is nothing to check
    (``Any``, ``object``, or a form of annotation this module does not know: a test asserts every builder
    parameter is checked)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is Any or tp is object:
        return None
    if tp is type(None):
        return _none
    if origin in (typing.Union, types.UnionType):
        return _union([converter(a) for a in args])
    if origin in (collections.abc.Sequence, list) or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
        return _sequence(converter(args[0]))
    if origin in (collections.abc.Mapping, dict):
        return _mapping(converter(args[0]), converter(args[1]))
    if isinstance(tp, type) and issubclass(tp, enum.StrEnum):
        return _enum(tp)
    if tp in _NAMES:
        return _scalar(tp)
    if isinstance(tp, type) and origin is None:
        return _instance(tp)
    return None


class _Plan:
    """How to check every argument of one function: by position, by name, and for ``*args``/``**kwargs``."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        hints = typing.get_type_hints(fn)
        self.name = fn.__qualname__
        self.positional: list[tuple[str, Conv | None]] = []
        self.by_name: dict[str, Conv | None] = {}
        self.var_positional: tuple[str, Conv | None] | None = None
        self.var_keyword: tuple[str, Conv | None] | None = None
        for p in inspect.signature(fn).parameters.values():
            conv = converter(hints[p.name]) if p.name in hints else None
            if p.kind is p.VAR_POSITIONAL:
                self.var_positional = (p.name, conv)
            elif p.kind is p.VAR_KEYWORD:
                self.var_keyword = (p.name, conv)
            else:
                if p.kind is not p.KEYWORD_ONLY:
                    self.positional.append((p.name, conv))
                if p.kind is not p.POSITIONAL_ONLY:
                    self.by_name[p.name] = conv

    def _one(self, name: str, conv: Conv | None, value: Any) -> Any:
        got = value if conv is None else conv(value)
        if isinstance(got, Mismatch):
            hint = f" ({got.hint})" if got.hint else ""
            raise UsageError(f"{self.name}(): {name}{got.where} must be {got.what}, got {shown(got.got)}{hint}")
        return got

    def apply(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """The arguments checked (enum strings made members); :class:`UsageError` at the first that does not fit."""
        out: list[Any] = []
        for i, value in enumerate(args):
            if i < len(self.positional):
                name, conv = self.positional[i]
            elif self.var_positional is not None:
                name, conv = f"{self.var_positional[0]}[{i - len(self.positional)}]", self.var_positional[1]
            else:
                out.extend(args[i:])  # too many arguments: Python's own error says so
                break
            out.append(self._one(name, conv, value))
        checked: dict[str, Any] = {}
        for key, value in kwargs.items():
            if key in self.by_name:
                checked[key] = self._one(key, self.by_name[key], value)
            elif self.var_keyword is not None:
                checked[key] = self._one(key, self.var_keyword[1], value)
            else:
                checked[key] = value  # an unknown keyword: Python's own error says so
        return tuple(out), checked


_PLANS: dict[Callable[..., Any], _Plan] = {}


def plan_of(fn: Callable[..., Any]) -> _Plan:
    """The (cached) checking plan of a function: built on first use, when every annotation can be resolved."""
    plan = _PLANS.get(fn)
    if plan is None:
        plan = _PLANS[fn] = _Plan(fn)
    return plan


def check_arguments(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a builder function or method: check its arguments against its annotations at every call."""

    call = typing.cast("Callable[..., R]", fn)

    @functools.wraps(fn)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        new_args, new_kwargs = plan_of(fn).apply(args, kwargs)
        return call(*new_args, **new_kwargs)

    CHECKED.add(fn)
    return checked
