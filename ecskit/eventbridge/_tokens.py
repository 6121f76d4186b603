"""A JSON token stream read as EventBridge reads an event pattern: one token at a time, with the location (line and
column) its parser reports an error at.

EventBridge checks a pattern with AWS's event ruler (https://github.com/aws/event-ruler, ``JsonRuleCompiler``), which
reads the text with Jackson's streaming parser and stops at the first problem, reporting where the parser was then
(``at [Source: (String)"..."; line: 1, column: 40]``). So the compiler here reads tokens in the same order and this
stream keeps Jackson's notion of "where the parser is":

* after a field name, the parser has also read the colon and the first character of the value (the whole value when
  it is a number, ``true``, ``false`` or ``null``);
* a string value is read lazily: until its text is asked for, the parser stands just past its opening quote.

JSON syntax errors are refused (:class:`~ecskit.errors.EventPatternError`) with Jackson's wording for the common
cases.
"""

from __future__ import annotations

import enum
import json
from typing import NoReturn

from ecskit.errors import EventPatternError

__all__ = ["Token", "TokenStream", "location_of"]


class Token(enum.Enum):
    """Jackson's token kinds."""

    START_OBJECT = "{"
    END_OBJECT = "}"
    START_ARRAY = "["
    END_ARRAY = "]"
    FIELD_NAME = "name"
    VALUE_STRING = "string"
    VALUE_NUMBER_INT = "int"
    VALUE_NUMBER_FLOAT = "float"
    VALUE_TRUE = "true"
    VALUE_FALSE = "false"
    VALUE_NULL = "null"
    END = "end"

    @property
    def numeric(self) -> bool:
        """Whether the token is a number."""
        return self in (Token.VALUE_NUMBER_INT, Token.VALUE_NUMBER_FLOAT)


_WHITESPACE = " \t\r\n"
_LITERALS = {"true": Token.VALUE_TRUE, "false": Token.VALUE_FALSE, "null": Token.VALUE_NULL}
_decoder = json.JSONDecoder()


class TokenStream:
    """The tokens of a JSON text, in order (:meth:`next`), each with its text (:meth:`text`) and the parser's position
    (:meth:`location`)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        #: The containers open, innermost last: "{" or "[", and whether a member was read in it.
        self._stack: list[list[object]] = []
        self._current: Token | None = None
        self._value: object = None
        self._pending: tuple[Token, object, int] | None = None  # the value read with its field name
        self._string_end: int | None = None  # set while a string's text has not been asked for
        self._name = ""
        self._literal = ""  # the text of the last number or literal read

    # -- what the parser holds -------------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The name of the current field (Jackson's ``getCurrentName``)."""
        return self._name

    def text(self) -> str:
        """The current token's text (a string's value, a number's literal); reading a string's text moves the parser
        past its closing quote."""
        if self._string_end is not None:
            self._pos, self._string_end = self._string_end, None
        if self._current is Token.FIELD_NAME:
            return self._name
        if self._current in (Token.VALUE_STRING, Token.VALUE_NUMBER_INT, Token.VALUE_NUMBER_FLOAT):
            return str(self._value) if self._current is Token.VALUE_STRING else self._literal
        return self._current.value if self._current is not None else ""

    @property
    def value(self) -> object:
        """The current value token's value (str, int, float, bool or None)."""
        return self._value

    def location(self) -> tuple[int, int]:
        """Where the parser is: (line, column), both from 1."""
        return location_of(self._text, self._pos)

    # -- reading ---------------------------------------------------------------------------------------------------

    def next(self) -> Token:
        """The next token (:attr:`Token.END` at the end of the text)."""
        if self._string_end is not None:  # an unread string is skipped
            self._pos, self._string_end = self._string_end, None
        if self._pending is not None:
            token, value, end = self._pending
            self._pending = None
            return self._set(token, value, end, lazy=token is Token.VALUE_STRING)
        self._skip()
        text, pos = self._text, self._pos
        if not self._stack:
            if self._current is not None:
                if pos < len(text):
                    self._fail(f"Unexpected character ({_describe(text[pos])}): expected a valid value", pos)
                self._current = Token.END
                return Token.END
            return self._value_token()
        frame = self._stack[-1]
        kind, seen = frame
        if pos >= len(text):
            self._fail(
                f"Unexpected end-of-input: expected close marker for {'Object' if kind == '{' else 'Array'}", pos
            )
        char = text[pos]
        close = "}" if kind == "{" else "]"
        if char == close:
            self._stack.pop()
            self._pos = pos + 1
            self._current = Token.END_OBJECT if kind == "{" else Token.END_ARRAY
            return self._current
        if seen:
            if char != ",":
                wanted = "OBJECT entries" if kind == "{" else "ARRAY entries"
                self._fail(f"Unexpected character ({_describe(char)}): was expecting comma to separate {wanted}", pos)
            self._pos = pos + 1
            self._skip()
        frame[1] = True
        if kind == "[":
            return self._value_token()
        return self._field_name()

    def _field_name(self) -> Token:
        text, pos = self._text, self._pos
        if pos >= len(text) or text[pos] != '"':
            found = _describe(text[pos]) if pos < len(text) else "end-of-input"
            self._fail(f"Unexpected character ({found}): was expecting double-quote to start field name", pos)
        name, end = self._string(pos)
        self._pos = end
        self._skip()
        if self._pos >= len(text) or text[self._pos] != ":":
            found = _describe(text[self._pos]) if self._pos < len(text) else "end-of-input"
            self._fail(
                f"Unexpected character ({found}): was expecting a colon to separate field name and value", self._pos
            )
        self._pos += 1
        self._skip()
        self._name = name
        # Jackson reads the value's first character with the name (all of a number or a literal).
        token, value, end = self._scan_value()
        self._pending = (token, value, end)
        self._current = Token.FIELD_NAME
        return Token.FIELD_NAME

    def _value_token(self) -> Token:
        token, value, end = self._scan_value()
        return self._set(token, value, end, lazy=token is Token.VALUE_STRING)

    def _set(self, token: Token, value: object, end: int, *, lazy: bool) -> Token:
        if token in (Token.START_OBJECT, Token.START_ARRAY):
            self._stack.append([token.value, False])
        self._current = token
        self._value = value
        if lazy:  # the parser stands just past the opening quote until the text is read
            self._string_end = end
        else:
            self._pos = end
        return token

    def _scan_value(self) -> tuple[Token, object, int]:
        """The value starting at the position, its value, and where it ends; moves the position to where the parser
        stands once it has read the token (past the opening quote of a string)."""
        text, pos = self._text, self._pos
        if pos >= len(text):
            self._fail("Unexpected end-of-input: expected a value", pos)
        char = text[pos]
        if char == "{":
            self._pos = pos + 1
            return Token.START_OBJECT, None, pos + 1
        if char == "[":
            self._pos = pos + 1
            return Token.START_ARRAY, None, pos + 1
        if char == '"':
            value, end = self._string(pos)
            self._pos = pos + 1
            return Token.VALUE_STRING, value, end
        if char == "-" or char.isdigit():
            try:
                number, end = _decoder.raw_decode(text, pos)
            except json.JSONDecodeError:
                self._fail(f"Unexpected character ({_describe(char)}): expected a valid value", pos)
            except ValueError:  # more digits than Python reads (4,300): ecskit's wording, in Jackson's form
                length = len(text) - pos - len(text[pos:].lstrip("-0123456789.eE+"))
                self._fail(f"Number value length ({length}) exceeds the maximum allowed", pos)
            if not isinstance(number, int | float) or isinstance(number, bool):
                self._fail(f"Unexpected character ({_describe(char)}): expected a valid value", pos)
            self._literal = text[pos:end]
            self._pos = end
            kind = Token.VALUE_NUMBER_INT if isinstance(number, int) else Token.VALUE_NUMBER_FLOAT
            return kind, number, end
        for word, token in _LITERALS.items():
            if text.startswith(word, pos):
                self._literal = word
                self._pos = pos + len(word)
                return token, {"true": True, "false": False, "null": None}[word], pos + len(word)
        end = pos
        while end < len(text) and (text[end].isalnum() or text[end] in "_$"):
            end += 1
        if end > pos:
            self._fail(
                f"Unrecognized token '{text[pos:end]}': was expecting (JSON String, Number, Array, Object or token "
                "'null', 'true' or 'false')",
                end,
            )
        self._fail(f"Unexpected character ({_describe(char)}): expected a valid value", pos)

    def _string(self, pos: int) -> tuple[str, int]:
        try:
            value, end = _decoder.raw_decode(self._text, pos)
        except json.JSONDecodeError as exc:
            message = "Unexpected end-of-input in string" if "Unterminated" in exc.msg else f"Invalid string: {exc.msg}"
            self._fail(message, exc.pos)
        return str(value), end

    def _fail(self, message: str, offset: int) -> NoReturn:
        """The text is not JSON: Jackson's message, where it found it."""
        raise EventPatternError(message, self._text, *location_of(self._text, offset))

    def _skip(self) -> None:
        text, pos = self._text, self._pos
        while pos < len(text) and text[pos] in _WHITESPACE:
            pos += 1
        self._pos = pos


def _describe(char: str) -> str:
    """A character as Jackson names it: ``'x' (code 120)``."""
    return f"'{char}' (code {ord(char)})"


def location_of(text: str, offset: int) -> tuple[int, int]:
    """(line, column) of ``offset`` in ``text``, both from 1, lines split as Jackson splits them."""
    head = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
    line = head.count("\n") + 1
    return line, len(head) - (head.rfind("\n") + 1) + 1
