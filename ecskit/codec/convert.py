"""Models <-> the API's dictionaries (as boto3 takes and returns them) and JSON text."""

from __future__ import annotations

import json
from typing import Any, Literal, TypeVar

from ecskit._text import fits_double, shown
from ecskit.codec._explain import explain
from ecskit.codec._jsontext import read_json
from ecskit.codec._plan import StructNode
from ecskit.codec._structure import Invalid, structurer
from ecskit.codec._unstructure import unstructurer
from ecskit.codec.paths import join_key
from ecskit.errors import ConversionError, FieldError, UsageError

__all__ = ["Unknown", "from_api", "from_json", "to_api", "to_json"]

T = TypeVar("T")

#: What to do with keys the model does not know: ``"error"`` (the default: a misspelt key is a bug) or
#: ``"ignore"`` (drop them, and keep enum values this release does not know: for reading what a newer AWS sends).
Unknown = Literal["error", "ignore"]


def _check_model(cls: type[Any]) -> None:
    """Raise :class:`~ecskit.errors.UsageError` unless ``cls`` is a model class (an attrs class)."""
    if getattr(cls, "__attrs_attrs__", None) is None:
        raise UsageError(f"{cls!r} is not an ecskit model class")


def from_api(data: object, cls: type[T], *, unknown: Unknown = "error") -> T:
    """Read ``data`` (a dict as boto3 returns it, or parsed JSON) as an instance of the model class ``cls``.

    ``null`` members count as absent. Raises :class:`~ecskit.errors.ConversionError` listing every bad field
    with its JSON path, e.g. ``containerDefinitions[1].portMappings[0].hostPort``.

    >>> from ecskit.models.ecs import PortMapping
    >>> from_api({"containerPort": 80, "protocol": "tcp"}, PortMapping)
    PortMapping(container_port=80, protocol=<TransportProtocol.TCP: 'tcp'>)
    """
    _check_model(cls)
    ignore = unknown == "ignore"
    try:
        result: T = structurer(cls, ignore_unknown=ignore)(data)
    except Invalid:
        pass
    except RecursionError:
        raise ConversionError(
            cls.__name__,
            [
                FieldError(
                    path="",
                    code="wrong-type",
                    message="the document is nested too deeply",
                    hint="flatten the document: no API shape nests this deep",
                )
            ],
        ) from None
    else:
        return result
    errors = explain(data, StructNode(cls), ignore_unknown=ignore)
    if not errors:  # both passes must agree; never let a disagreement pass silently
        errors = [
            FieldError(
                path="",
                code="wrong-type",
                message="the document does not fit this shape",
                hint=f"give {cls.__name__} in the API's JSON form",
            )
        ]
    raise ConversionError(cls.__name__, errors)


def to_api(obj: object) -> dict[str, Any]:
    """The dict boto3 takes for a model instance: wire names, absent members omitted, timestamps as datetime."""
    _check_model(type(obj))
    result: dict[str, Any] = unstructurer(type(obj), "api")(obj)
    return result


def from_json(text: str | bytes, cls: type[T], *, unknown: Unknown = "error") -> T:
    """Read JSON text as an instance of ``cls``; text that is not JSON is a :class:`ConversionError` too.

    Its one problem (code ``not-json``) has the path of the member the text breaks in, and names an unfilled
    template placeholder (``${count}``, ``{{ x }}``) when that is what breaks it. Text nested too deeply to read,
    ``NaN`` and ``Infinity`` (which JSON does not have) and numbers of more digits than Python reads are not JSON
    either.
    """
    return from_api(read_json(text, cls.__name__), cls, unknown=unknown)


def to_json(obj: object, *, indent: int | None = None) -> str:
    """JSON text for a model instance (timestamps as ISO 8601, blobs as base64), as the AWS CLI takes it.

    A number JSON cannot carry (NaN, an infinite number, an integer of more than 4,300 digits) is a
    :class:`~ecskit.errors.ConversionError` naming its member, never text that is not JSON.
    """
    _check_model(type(obj))
    data = unstructurer(type(obj), "json")(obj)
    try:
        return json.dumps(data, indent=indent, allow_nan=False)
    except ValueError:
        errors = _unwritable(data, "") or [FieldError(path="", code="bad-value", message="not writable as JSON")]
        raise ConversionError(type(obj).__name__, errors) from None


def _unwritable(value: object, path: str) -> list[FieldError]:
    """The numbers of written data that JSON cannot carry, with their paths."""
    if isinstance(value, dict):
        return [e for k, v in value.items() for e in _unwritable(v, join_key(path, str(k)))]
    if isinstance(value, list | tuple):
        return [e for i, v in enumerate(value) for e in _unwritable(v, f"{path}[{i}]")]
    if isinstance(value, float) and not fits_double(value):
        return [FieldError(path=path, code="bad-value", message=f"{value} is not a finite number (JSON has none)")]
    if isinstance(value, int) and not isinstance(value, bool) and not fits_double(value):
        message = f"{shown(value)} is too large to write as a JSON number"
        return [FieldError(path=path, code="bad-value", message=message)]
    return []
