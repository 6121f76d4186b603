"""Documents in every form they are kept in: a model, the API's dict, JSON text, or a JSON file.

Every ecskit function that takes a document (the ``validate_*`` functions, the diffs) reads it here, so every form
is read the same way and with the same errors:

* a model instance of the class asked for is checked with :func:`~ecskit.codec.check` (a model built in Python
  is held to the same shape as a document), a model of another class is a :class:`~ecskit.errors.UsageError`;
* a ``Mapping`` is read with :func:`~ecskit.codec.from_api`;
* ``str`` and ``bytes`` are JSON text, and an ``os.PathLike`` names a JSON file (a plain ``str`` is never a
  path: ``Path("td.json")`` is).

A document that does not fit is a :class:`~ecskit.errors.ConversionError` listing every bad field, text that is not
JSON one with the code ``not-json``; a file that cannot be read (missing, a directory, no permission) is a
:class:`~ecskit.errors.UsageError` chained from the :class:`OSError`, since there is no document to report on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

import attrs

from ecskit.codec.checks import checked
from ecskit.codec.convert import Unknown, from_api
from ecskit.errors import ConversionError, FieldError, UsageError

__all__ = ["Document", "load_document", "read_document"]

T = TypeVar("T")

#: A document in a form other than a model: the API's dict, JSON text (``str``/``bytes``) or a JSON file.
Document: TypeAlias = Mapping[str, Any] | str | bytes | os.PathLike[str]


def load_document(value: object, target: str) -> object:
    """The parsed JSON of a file or of JSON text, a ``Mapping`` as a ``dict``, anything else as it is.

    ``target`` names what the document is read as, in a :class:`~ecskit.errors.ConversionError` for text that is
    not JSON.
    """
    if isinstance(value, os.PathLike):
        try:
            value = Path(value).read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise UsageError(f"{os.fspath(value)!s}: cannot read: {reason}") from exc
    if isinstance(value, str | bytes):
        try:
            return json.loads(value)
        except ValueError as exc:
            error = FieldError(path="", code="not-json", message=f"not JSON: {exc}")
            raise ConversionError(target, [error]) from None
    if isinstance(value, Mapping) and not isinstance(value, dict):
        return dict(value)
    return value


def read_document(value: object, cls: type[T], *, unknown: Unknown = "error") -> T:
    """An instance of the model class ``cls`` from any form of it (see the module docstring).

    >>> from ecskit.models.ecs import PortMapping
    >>> read_document('{"containerPort": 80}', PortMapping)
    PortMapping(container_port=80)
    """
    if isinstance(value, cls):
        return checked(value, unknown=unknown)
    if attrs.has(type(value)):
        raise UsageError(f"expected a {cls.__name__} (or its dict, JSON text or file), got a {type(value).__name__}")
    return from_api(load_document(value, cls.__name__), cls, unknown=unknown)
