"""Diffs as text: one line per change, or a unified diff of the two normalised documents.

>>> from ecskit.diff import diff_task_definitions
>>> old = {"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:1.25"}]}
>>> new = {"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:1.27"}]}
>>> print(render(diff_task_definitions(old, new)), end="")
~ containerDefinitions[name=app].image: "nginx:1.25" -> "nginx:1.27"
>>> print(render(diff_task_definitions(old, new), format="unified", context=1), end="")
--- old
+++ new
@@ -7,3 +7,3 @@
       "essential": true,
-      "image": "nginx:1.25"
+      "image": "nginx:1.27"
     }
"""

from __future__ import annotations

import difflib
import json
from typing import Literal

from ecskit.diff.changes import ChangeKind, Diff
from ecskit.errors import UsageError

__all__ = ["Format", "render"]

#: ``text``: one line per change (``+`` added, ``-`` removed, ``~`` changed); ``unified``: a unified diff of the
#: normalised documents, as ``diff -u`` prints it.
Format = Literal["text", "unified"]

# ANSI SGR colours, as terminals and `git diff` use them.
_RED, _GREEN, _YELLOW, _CYAN, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m", "\x1b[1m", "\x1b[0m"
_KIND_COLOURS = {ChangeKind.ADDED: _GREEN, ChangeKind.REMOVED: _RED, ChangeKind.CHANGED: _YELLOW}


def _paint(text: str, colour: str, on: bool) -> str:
    return f"{colour}{text}{_RESET}" if on else text


def _text(diff: Diff, color: bool) -> list[str]:
    return [_paint(str(change), _KIND_COLOURS[change.kind], color) for change in diff]


def _unified(diff: Diff, color: bool, context: int) -> list[str]:
    if not diff:
        return []
    old = json.dumps(diff.old, indent=2, ensure_ascii=False).splitlines()
    new = json.dumps(diff.new, indent=2, ensure_ascii=False).splitlines()
    lines: list[str] = []
    for line in difflib.unified_diff(old, new, diff.old_label, diff.new_label, n=context, lineterm=""):
        if line.startswith(("---", "+++")):
            lines.append(_paint(line, _BOLD, color))
        elif line.startswith("@@"):
            lines.append(_paint(line, _CYAN, color))
        elif line.startswith("-"):
            lines.append(_paint(line, _RED, color))
        elif line.startswith("+"):
            lines.append(_paint(line, _GREEN, color))
        else:
            lines.append(line)
    return lines


def render(diff: Diff, *, format: Format = "text", color: bool = False, context: int = 3) -> str:
    """A diff as text, each line ending in a newline; ``""`` when there is no change.

    ``format="text"`` gives one line per change; ``format="unified"`` a unified diff (with ``context`` lines
    around each hunk) of the two normalised documents. ``color=True`` adds ANSI colours (off by default, for
    files, logs and doctests).
    """
    if format == "text":
        lines = _text(diff, color)
    elif format == "unified":
        lines = _unified(diff, color, context)
    else:
        raise UsageError(f"unknown format {format!r}: expected 'text' or 'unified'")
    return "".join(f"{line}\n" for line in lines)
