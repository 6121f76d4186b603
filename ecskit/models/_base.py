"""The base of every model class (a readable repr that shows only the members that are set), the base of every
operation's request shape (:class:`Request`, which names its response shape), and a fast copy-with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

import attrs

__all__ = ["Model", "Request", "evolve", "make", "replace"]

_M = TypeVar("_M")
#: The response shape of a request shape.
R_co = TypeVar("R_co", covariant=True)


class Model:
    """Base of ecskit's model classes (frozen attrs classes); ``repr`` leaves out absent (``None``) members."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = attrs.fields(cast("type[attrs.AttrsInstance]", type(self)))
        shown = (f"{f.name}={getattr(self, f.name)!r}" for f in fields if getattr(self, f.name) is not None)
        return f"{type(self).__name__}({', '.join(shown)})"


class Request(Model, Generic[R_co]):
    """Base of every operation's request shape; ``R_co`` is the operation's response shape.

    ``CreateClusterRequest`` is a ``Request[CreateClusterResponse]``: a backend's ``send`` takes the request and
    returns that response, and :func:`ecskit.operations.operation_of` gives the operation (service, name, paging,
    errors) from the request or its class.
    """

    __slots__ = ()


#: class -> its compiled copy-with function
_REPLACERS: dict[type[Any], Callable[[Any, dict[str, Any]], Any]] = {}

_CHECK = (
    "    if not changes.keys() <= NAMES:\n"
    "        raise TypeError(f'{CLS.__name__} has no member {sorted(changes.keys() - NAMES)[0]!r}')\n"
)
#: The plain copy: the old members and the changes merged in one dict. The old model holds every member, so a
#: change that is not a member makes the dict longer than the class has members: checked by length, not by set.
_PLAIN = (
    "    members = {**old.__dict__, **changes}\n"
    "    if len(members) != COUNT:\n"
    "        raise TypeError(f'{CLS.__name__} has no member {sorted(changes.keys() - NAMES)[0]!r}')\n"
    "    new = NEW(CLS)\n"
    "    SET(new, '__dict__', members)\n"
    "    return new\n"
)


def _compile(cls: type[Any]) -> Callable[[Any, dict[str, Any]], Any]:
    # One generated function per class. attrs.evolve walks the fields with getattr and calls __init__ with a
    # kwargs dict, which was most of the fake's time on a 37-member Task. Models have no validators, converters
    # or post-init hooks and keep their members in their __dict__, so a copy is one dict copy, as pickle does.
    fields = attrs.fields(cls)
    plain = all(f.init and f.validator is None and f.converter is None for f in fields)
    if plain and not hasattr(cls, "__attrs_post_init__") and "__dict__" in dir(cls):
        body = _PLAIN
    else:
        members = ", ".join(f"{f.alias!r}: old.{f.name}" for f in fields if f.init)
        body = _CHECK + f"    kwargs = {{{members}}}\n    kwargs.update(changes)\n    return CLS(**kwargs)\n"
    source = "def replace(old, changes):\n" + body
    names = frozenset(f.name for f in fields if f.init)
    namespace: dict[str, Any] = {
        "CLS": cls,
        "NAMES": names,
        "COUNT": len(fields),
        "NEW": object.__new__,
        "SET": object.__setattr__,
    }
    exec(compile(source, f"<ecskit replace {cls.__qualname__}>", "exec"), namespace)
    return cast("Callable[[Any, dict[str, Any]], Any]", namespace["replace"])


#: class -> a model of it with every member absent (what :func:`make` starts from)
_BLANKS: dict[type[Any], Any] = {}


def make(cls: type[_M], members: dict[str, Any], /) -> _M:
    """A model of ``cls`` with ``members`` (by attribute name) and every other member absent: the constructor,
    without keyword packing or a per-member ``__init__`` (for code that builds many models from dicts it trusts:
    required members are not checked here)."""
    blank = _BLANKS.get(cls)
    if blank is None:
        fields = attrs.fields(cast("type[attrs.AttrsInstance]", cls))
        blank = _BLANKS[cls] = object.__new__(cls)
        object.__setattr__(blank, "__dict__", {f.name: None for f in fields})
    return evolve(blank, members)


def evolve(model: _M, changes: dict[str, Any], /) -> _M:
    """:func:`replace` with the changes as a dict (no keyword packing, for code that builds them as one); members
    a model does not have are a TypeError, as with :func:`replace`."""
    replacer = _REPLACERS.get(type(model))
    if replacer is None:
        replacer = _REPLACERS[type(model)] = _compile(type(model))
    copy: _M = replacer(model, changes)
    return copy


def replace(model: _M, /, **changes: Any) -> _M:
    """A copy of ``model`` (an attrs instance) with ``changes`` applied: :func:`attrs.evolve`, several times faster.

    >>> from ecskit.models.ecs import KeyValuePair
    >>> replace(KeyValuePair(name="A", value="1"), value="2")
    KeyValuePair(name='A', value='2')
    """
    replacer = _REPLACERS.get(type(model))
    if replacer is None:
        replacer = _REPLACERS[type(model)] = _compile(type(model))
    copy: _M = replacer(model, changes)
    return copy
