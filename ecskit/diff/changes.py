"""The result of a diff, as data: :class:`Diff` holds :class:`Change` values and the two normalised documents.

>>> change = Change(path="containerDefinitions[name=app].image", kind=ChangeKind.CHANGED,
...                 old="nginx:1.25", new="nginx:1.27")
>>> print(change)
~ containerDefinitions[name=app].image: "nginx:1.25" -> "nginx:1.27"
>>> diff = Diff(changes=(change,))
>>> bool(diff), len(diff), diff.paths()
(True, 1, ('containerDefinitions[name=app].image',))
>>> bool(Diff(changes=()))
False
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from typing import Any

import attrs

__all__ = ["Change", "ChangeKind", "Diff", "compact"]


class ChangeKind(enum.StrEnum):
    """What happened to a member or an item, going from the old document to the new one."""

    #: Only the new document has it.
    ADDED = "added"
    #: Only the old document has it.
    REMOVED = "removed"
    #: Both have it, with different values.
    CHANGED = "changed"


_SIGNS = {ChangeKind.ADDED: "+", ChangeKind.REMOVED: "-", ChangeKind.CHANGED: "~"}


def compact(value: Any) -> str:
    """A value as one line of JSON."""
    return json.dumps(value, separators=(", ", ": "), ensure_ascii=False)


@attrs.frozen(kw_only=True)
class Change:
    """One difference between two normalised documents."""

    #: The wire JSON path, list items named by identity where order is meaningless, e.g.
    #: ``containerDefinitions[name=app].environment[name=LOG_LEVEL].value``.
    path: str
    #: Added, removed or changed.
    kind: ChangeKind
    #: The old value as JSON data (None when added: normalised documents hold no nulls).
    old: Any = attrs.field(default=None, hash=False)
    #: The new value as JSON data (None when removed).
    new: Any = attrs.field(default=None, hash=False)

    @property
    def sign(self) -> str:
        """``+``, ``-`` or ``~``, as the text rendering shows the kind."""
        return _SIGNS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``path``, ``kind``, ``old``, ``new`` (null where absent)."""
        return {"path": self.path, "kind": self.kind.value, "old": self.old, "new": self.new}

    def __str__(self) -> str:
        if self.kind is ChangeKind.ADDED:
            return f"+ {self.path}: {compact(self.new)}"
        if self.kind is ChangeKind.REMOVED:
            return f"- {self.path}: {compact(self.old)}"
        return f"~ {self.path}: {compact(self.old)} -> {compact(self.new)}"


@attrs.frozen(kw_only=True)
class Diff:
    """The changes from one normalised document to another; false when there are none."""

    #: Every change, in document order (members in the normalised order, set items sorted by identity).
    changes: tuple[Change, ...]
    #: The old document as normalised (ignored paths left out): what a unified rendering shows.
    old: dict[str, Any] = attrs.field(factory=dict, hash=False, repr=False)
    #: The new document as normalised (ignored paths left out).
    new: dict[str, Any] = attrs.field(factory=dict, hash=False, repr=False)
    #: What the old side is, in renderings (``deployed`` for a service diff).
    old_label: str = "old"
    #: What the new side is, in renderings (``desired`` for a service diff).
    new_label: str = "new"

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def paths(self) -> tuple[str, ...]:
        """The path of every change, in order."""
        return tuple(c.path for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the two labels and the list of changes (see :meth:`Change.to_dict`)."""
        return {
            "old": self.old_label,
            "new": self.new_label,
            "changes": [c.to_dict() for c in self.changes],
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
