"""The base of every model class: a readable repr that shows only the members that are set."""

from __future__ import annotations

from typing import cast

import attrs

__all__ = ["Model"]


class Model:
    """Base of ecskit's model classes (frozen attrs classes); ``repr`` leaves out absent (``None``) members."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = attrs.fields(cast("type[attrs.AttrsInstance]", type(self)))
        shown = (f"{f.name}={getattr(self, f.name)!r}" for f in fields if getattr(self, f.name) is not None)
        return f"{type(self).__name__}({', '.join(shown)})"
