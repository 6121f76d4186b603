"""The JSON value type, for the API's free-form ``document`` members."""

from __future__ import annotations

from typing import TypeAlias, Union

#: Any value JSON can carry: what the API's ``document`` members hold.
JsonValue: TypeAlias = Union[bool, int, float, str, list["JsonValue"], dict[str, "JsonValue"], None]  # noqa: UP007
