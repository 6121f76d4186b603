"""Text that is not JSON, explained: where it breaks (the JSON path of the member being written) and why.

Templates are the common case: a Terraform ``templatefile`` or a bash heredoc writes ``"countNumber":
${max_image_count}``, which is JSON only once the placeholder is filled in. Python's own message gives a line and a
column; this module adds the member the parser was reading (``rules[0].selection.countNumber``) and names an
unfilled placeholder when there is one, so the problem reads like every other codec problem.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ecskit._text import parse_json
from ecskit.codec.paths import join_key
from ecskit.errors import ConversionError, FieldError

__all__ = ["not_json", "read_json"]

#: Unfilled template placeholders where a JSON value belongs: ``${var}``, ``$var``, ``{{ var }}``, ``<var>``.
_PLACEHOLDER = re.compile(r"\$\{[^{}\n]*\}|\$[A-Za-z_]\w*|\{\{[^{}\n]*\}\}|<[A-Za-z_][^<>\n]*>")
#: The token the parser stopped at, for the message when it is not a placeholder.
_TOKEN = re.compile(r"[^\s,:\[\]{}]+|.")
#: A JSON string literal, escapes included.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


class _Frame:
    """One open object or array on the way to the error: its path, and the member or index being written."""

    __slots__ = ("index", "key", "object", "path")

    def __init__(self, path: str, *, is_object: bool) -> None:
        self.path = path
        self.object = is_object
        self.key: str | None = None  # objects: the last key read (None while a key is expected)
        self.index = 0  # arrays: the item being written

    def inner(self) -> str:
        if self.object:
            return join_key(self.path, self.key) if self.key is not None else self.path
        return f"{self.path}[{self.index}]"


def _key_text(literal: str) -> str:
    """The text of a key's string literal (as written, when its escapes are what broke the document)."""
    try:
        value = json.loads(literal)
    except ValueError:
        return literal[1:-1]
    return value if isinstance(value, str) else literal[1:-1]


def _path_at(text: str, end: int) -> str:
    """The JSON path of the value being written at ``end``, read from the text before it (which parsed)."""
    stack: list[_Frame] = []
    expect_key = False
    i = 0
    while i < end:
        c = text[i]
        if c == '"':
            literal = _STRING.match(text, i)
            if literal is None:
                break
            i = literal.end()
            if stack and stack[-1].object and expect_key:
                stack[-1].key = _key_text(literal.group())
                expect_key = False
            continue
        if c in "{[":
            stack.append(_Frame(stack[-1].inner() if stack else "", is_object=c == "{"))
            expect_key = c == "{"
        elif c in "}]":
            if stack:
                stack.pop()
        elif c == "," and stack:
            if stack[-1].object:
                stack[-1].key = None
                expect_key = True
            else:
                stack[-1].index += 1
        i += 1
    return stack[-1].inner() if stack else ""


def not_json(exc: json.JSONDecodeError) -> FieldError:
    """The problem of text that ``json.loads`` refused, as a codec :class:`FieldError` (code ``not-json``)."""
    text = exc.doc
    where = f"line {exc.lineno} column {exc.colno}"
    path = _path_at(text, exc.pos)
    # ``{{ x }}`` breaks at its second brace, the first one having opened an object
    start = exc.pos - 1 if text.startswith("{{", exc.pos - 1) else exc.pos
    placeholder = _PLACEHOLDER.match(text, start)
    if placeholder is not None:
        line, column = text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
        where = f"line {line} column {column}"
        return FieldError(
            path=path,
            code="not-json",
            message=f"not JSON: an unfilled template placeholder {placeholder.group()} where a value belongs ({where})",
            hint="fill in the template before reading it",
        )
    token = _TOKEN.match(text, exc.pos)
    near = f", at {token.group()!r}" if token is not None and exc.msg.startswith("Expecting") else ""
    return FieldError(path=path, code="not-json", message=f"not JSON: {exc.msg} ({where}){near}")


def read_json(text: object, target: str) -> Any:
    """The parsed JSON of ``text`` (``str``, ``bytes``), or a :class:`~ecskit.errors.ConversionError` for ``target``
    with one ``not-json`` problem: what breaks it and where (see :func:`~ecskit._text.parse_json` for what counts as
    JSON)."""
    try:
        return parse_json(text)  # type: ignore[arg-type]
    except json.JSONDecodeError as exc:
        error = not_json(exc)
    except (ValueError, TypeError) as exc:  # not UTF-8, too deep, NaN, too many digits; TypeError: not text at all
        error = FieldError(path="", code="not-json", message=f"not JSON: {exc}")
    raise ConversionError(target, [error])
