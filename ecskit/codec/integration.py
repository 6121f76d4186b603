"""ecskit's codec inside a cattrs converter, for applications that keep ecskit models in their own classes.

(No ``from __future__ import annotations`` here: the example's class must resolve its annotations.)

>>> import attrs
>>> from ecskit.models.ecs import PortMapping
>>> @attrs.frozen
... class Release:
...     version: str
...     ports: tuple[PortMapping, ...]
>>> conv = make_converter()
>>> conv.structure({"version": "1.2", "ports": [{"containerPort": 80}]}, Release)
Release(version='1.2', ports=(PortMapping(container_port=80),))
>>> conv.unstructure(_)
{'version': '1.2', 'ports': [{'containerPort': 80}]}
"""

from typing import Any

import cattrs

from ecskit.codec.convert import Unknown, from_api, to_api
from ecskit.models._base import Model

__all__ = ["make_converter"]


def _is_model(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Model)


def make_converter(converter: cattrs.Converter | None = None, *, unknown: Unknown = "error") -> cattrs.Converter:
    """A cattrs converter (``converter``, or a new one) that reads and writes ecskit models with wire names.

    Bad data inside an ecskit model raises :class:`~ecskit.errors.ConversionError`, as :func:`from_api` does
    (a converter with detailed validation, cattrs' default, wraps it in its ``ClassValidationError`` group).
    """
    conv = converter if converter is not None else cattrs.Converter()
    conv.register_structure_hook_func(_is_model, lambda data, cls: from_api(data, cls, unknown=unknown))
    conv.register_unstructure_hook_func(_is_model, to_api)
    return conv
