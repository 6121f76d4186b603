"""EventBridge event patterns, read as EventBridge reads them and matched as it matches them (offline: no AWS, no
backend).

>>> critical = {"finding-severity-counts": {"CRITICAL": [{"numeric": [">", 0]}]}}
>>> pattern = read_pattern({"source": ["aws.ecr"], "detail": critical})
>>> pattern.matches({"source": "aws.ecr", "detail": {"finding-severity-counts": {"CRITICAL": 2, "LOW": 9}}})
True
>>> pattern.matches({"source": "aws.ecr", "detail": {"finding-severity-counts": {"LOW": 9}}})
False

**Reading.** EventBridge checks a pattern with AWS's open-source event ruler (https://github.com/aws/event-ruler,
``JsonRuleCompiler``); :func:`read_pattern` reads the text token by token as it does and refuses what it refuses,
with its reason and Jackson's location: ``Event pattern is not valid. Reason: Empty objects are not allowed
\\n at [Source: (String)"..."; line: 1, column: 40]`` (the form of AWS's ``InvalidEventPatternException`` message, as
quoted in cloud-custodian/cloud-custodian#6507 and buildkite/docs#896). A pattern is an object whose members are
objects (nested fields) or arrays of values to match; ``$or`` takes an array of at least two objects.

**Matching** ("Event patterns", "Comparison operators for use in event patterns", "Matching null values and empty
strings", "Arrays in event patterns", Amazon EventBridge user guide):

* every field of the pattern must match (fields of the event the pattern does not name are ignored); a field matches
  when its value matches one of the values listed; ``$or`` matches when one of its objects does;
* a value that is an array in the event matches when one of its elements does; when an array holds objects, one
  element must match the whole sub-pattern (the ruler's "array consistency");
* values: strings match character for character, ``null`` and ``""`` are not interchangeable, numbers match by their
  literal text or numerically (the ruler adds a numeric equality for every number of a pattern);
* ``prefix`` and ``suffix`` (a string, or ``{"equals-ignore-case": ...}``), ``equals-ignore-case``, ``wildcard``
  (``*`` is any run of characters; ``\\*`` and ``\\\\`` escape), ``exactly``: string values only;
* ``anything-but``: a string or number, a list of strings or of numbers, ``{"prefix"|"suffix"|"wildcard": ...}``
  or ``{"equals-ignore-case": ...}``; the field must be there;
* ``numeric``: ``=``, ``<``, ``<=``, ``>``, ``>=`` and ranges (``[">", 0, "<=", 5]``) over JSON numbers between -5e9
  and 5e9, compared to six decimal places;
* ``exists``: ``true`` when the field has a value (a leaf: an object is not a value), ``false`` when it has none;
* ``cidr``: IPv4 and IPv6 addresses (the range starts at the address written, as the ruler builds it).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable, Mapping
from typing import Any, NoReturn, TypeAlias

import attrs

from ecskit.errors import EventPatternError
from ecskit.eventbridge._matchers import (
    AnythingBut,
    Cidr,
    Exact,
    Exists,
    Matcher,
    Range,
    Text,
    check_wildcard,
    comparable,
    literal,
    wildcard,
)
from ecskit.eventbridge._tokens import Token, TokenStream

__all__ = ["EventPattern", "EventPatternError", "Tree", "read_pattern"]  # the error: ecskit.errors'

#: The names the ruler keeps for itself inside ``$or`` (``Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP``).
RESERVED_IN_OR = frozenset(
    {
        "exactly",
        "equals-ignore-case",
        "prefix",
        "suffix",
        "anything-but",
        "exists",
        "wildcard",
        "numeric",
        "cidr",
        "=",
        "<",
        "<=",
        ">",
        ">=",
        "regex",
        "not-wildcard",
        "not-equals-ignore-case",
        "date-after",
        "date-on-or-after",
        "date-before",
        "date-on-or-before",
        "in-date-range",
        "ip-address-in-range",
        "ip-address-not-in-range",
    }
)


# -- the pattern, compiled -------------------------------------------------------------------------------------------

#: A branch of a pattern: a tree of field names whose leaves are the matchers of one field.
Tree: TypeAlias = dict[str, "Tree | tuple[Callable[[object], bool], ...]"]


@attrs.frozen(eq=False)
class EventPattern:
    """A pattern EventBridge accepts: :meth:`matches` says whether an event (JSON data) matches it."""

    #: The pattern's text.
    text: str
    #: Its branches (one, or one per combination of ``$or`` objects): the event matches when one does.
    branches: tuple[Tree, ...]

    def matches(self, event: Mapping[str, Any]) -> bool:
        """Whether ``event`` (JSON data: dicts, lists, strings, numbers, booleans, None) matches."""
        return any(_match_tree(branch, event) for branch in self.branches)


def _match_tree(tree: Tree, value: object) -> bool:
    if isinstance(value, list):
        objects = [v for v in _flatten(value) if isinstance(v, dict)]
        if objects:
            return any(_match_tree(tree, o) for o in objects)
        value = None
    members: Mapping[str, object] = value if isinstance(value, dict) else {}
    for name, node in tree.items():
        found = members.get(name, _MISSING)
        if isinstance(node, dict):
            if not _match_tree(node, found):
                return False
        elif not _match_leaf(node, found):
            return False
    return True


_MISSING = object()


def _flatten(values: list[object]) -> list[object]:
    found: list[object] = []
    for v in values:
        if isinstance(v, list):
            found.extend(_flatten(v))
        else:
            found.append(v)
    return found


def _match_leaf(matchers: tuple[Matcher, ...], found: object) -> bool:
    if isinstance(found, list):
        values = [v for v in _flatten(found) if not isinstance(v, dict)]
    elif found is _MISSING or isinstance(found, dict):
        values = []
    else:
        values = [found]
    if not values:
        return any(isinstance(m, Exists) and not m.present for m in matchers)
    return any(m(v) for m in matchers for v in values)


# -- reading ---------------------------------------------------------------------------------------------------------


def read_pattern(pattern: str | Mapping[str, Any]) -> EventPattern:
    """Read an event pattern (JSON text, or JSON data, which is written as text first) as EventBridge reads it;
    raises :class:`EventPatternError` with EventBridge's reason when it refuses it."""
    text = ""
    try:
        text = pattern if isinstance(pattern, str) else json.dumps(pattern, allow_nan=False)
        return EventPattern(text=text, branches=tuple(_Compiler(TokenStream(text), text).compile()))
    except EventPatternError:
        raise
    except RecursionError:  # ecskit's wording: nesting deeper than Python's stack (EventBridge's own limit unknown)
        raise EventPatternError("The pattern is nested too deeply", text) from None
    except ValueError as exc:  # data that is not JSON (NaN, a number too long to write)
        raise EventPatternError(f"The pattern is not JSON: {exc}", text) from None


#: A branch while it is read: field path -> matchers.
_Fields = dict[tuple[str, ...], tuple[Matcher, ...]]


class _Compiler:
    """The ruler's ``JsonRuleCompiler``, token for token (see the module docstring)."""

    def __init__(self, stream: TokenStream, text: str) -> None:
        self.s = stream
        self.text = text

    def barf(self, reason: str) -> NoReturn:
        raise EventPatternError(reason, self.text, *self.s.location())

    def compile(self) -> list[Tree]:
        if self.s.next() is not Token.START_OBJECT:
            self.barf("Filter is not an object")
        rules: list[_Fields] = []
        self._object(rules, (), in_or=False)
        return [_tree(fields) for fields in rules]

    def _object(self, rules: list[_Fields], path: tuple[str, ...], *, in_or: bool) -> None:
        present = False
        while self.s.next() is not Token.END_OBJECT:
            present = True
            name = self.s.name
            if name == "$or":
                self._or(rules, path)
                continue
            if in_or and name in RESERVED_IN_OR:
                self.barf(f"{name} is Ruler reserved fieldName which cannot be used inside $or.")
            token = self.s.next()
            if token is Token.START_OBJECT:
                self._object(rules, (*path, name), in_or=in_or)
            elif token is Token.START_ARRAY:
                self._values(rules, (*path, name))
            else:
                self.barf(f'"{name}" must be an object or an array')
        if not present:
            self.barf("Empty objects are not allowed")

    def _or(self, rules: list[_Fields], path: tuple[str, ...]) -> None:
        before = [dict(r) for r in rules]
        rules.clear()
        if self.s.next() is not Token.START_ARRAY:
            self.barf("It must be an Array followed with $or.")
        count = 0
        while (token := self.s.next()) is not Token.END_ARRAY:
            count += 1
            if token is not Token.START_OBJECT:
                self.barf("Only JSON object is allowed in array of $or relationship.")
            branch = [dict(r) for r in before] or [{}]
            self._object(branch, path, in_or=True)
            rules.extend(branch)
        if count < 2:
            self.barf("There must have at least 2 Objects in $or relationship.")

    def _values(self, rules: list[_Fields], path: tuple[str, ...]) -> None:
        matchers: list[Matcher] = []
        while (token := self.s.next()) is not Token.END_ARRAY:
            if token is Token.START_OBJECT:
                matchers.append(self._expression())
            elif token is Token.VALUE_STRING:
                text = self.s.text()
                ip = _single_ip(text)
                matchers.append(ip if ip is not None else Exact(literal(text)))
            elif token.numeric:
                number = self.s.text()
                matchers.append(Exact(number, comparable(self.s.value)))  # type: ignore[arg-type]
            elif token in (Token.VALUE_NULL, Token.VALUE_TRUE, Token.VALUE_FALSE):
                matchers.append(Exact(self.s.text()))
            else:
                self.barf("Match value must be String, number, true, false, or null")
        if not matchers:
            self.barf("Empty arrays are not allowed")
        if not rules:
            rules.append({})
        for rule in rules:
            rule[path] = tuple(matchers)

    def _single(self) -> None:
        if self.s.next() is not Token.END_OBJECT:
            self.barf("Only one key allowed in match expression")

    def _string(self, what: str) -> str:
        if self.s.next() is not Token.VALUE_STRING:
            self.barf(f"{what} match pattern must be a string")
        return self.s.text()

    def _expression(self) -> Matcher:
        if self.s.next() is not Token.FIELD_NAME:
            self.barf("Match expression name not found")
        kind = self.s.name
        if kind == "exactly":
            exact = self._string("exact")
            self._single()
            return Exact(literal(exact))
        if kind in ("prefix", "suffix"):
            return self._affix(kind)
        if kind == "equals-ignore-case":
            wanted = self._string("equals-ignore-case").lower()
            self._single()
            return Text(lambda v: v.lower() == wanted)
        if kind == "wildcard":
            given = self._string("wildcard")
            self._refuse_wildcard(given)
            self._single()
            return Text(wildcard(given))
        if kind == "numeric":
            if self.s.next() is not Token.START_ARRAY:
                self.barf("Value of numeric must be an array.")
            numeric = self._numeric()
            if self.s.next() is not Token.END_OBJECT:
                self.barf("Too many elements in numeric expression")
            return numeric
        if kind == "anything-but":
            return self._anything_but()
        if kind == "exists":
            token = self.s.next()
            if token not in (Token.VALUE_TRUE, Token.VALUE_FALSE):
                self.barf("exists match pattern must be either true or false.")
            self._single()
            return Exists(token is Token.VALUE_TRUE)
        if kind == "cidr":
            cidr = self._string("prefix")
            matcher = self._cidr(cidr)
            self._single()
            return matcher
        self.barf(f"Unrecognized match type {kind}")

    def _affix(self, kind: str) -> Matcher:
        token = self.s.next()
        ignore_case = False
        if token is Token.START_OBJECT:  # {"prefix": {"equals-ignore-case": "..."}} (EventBridge user guide)
            if self.s.next() is not Token.FIELD_NAME or self.s.name != "equals-ignore-case":
                self.barf(f"Unsupported {kind} pattern: {self.s.name}")
            token = self.s.next()
            ignore_case = True
        if token is not Token.VALUE_STRING:
            self.barf(f"{kind} match pattern must be a string")
        text = self.s.text()
        if ignore_case:
            self._single()
        self._single()
        if ignore_case:
            low = text.lower()
            if kind == "prefix":
                return Text(lambda v: v.lower().startswith(low))
            return Text(lambda v: v.lower().endswith(low))
        if kind == "prefix":
            return Text(lambda v: v.startswith(text))
        return Text(lambda v: v.endswith(text))

    def _anything_but(self) -> Matcher:
        token = self.s.next()
        ignore_case = False
        if token is Token.START_OBJECT:
            if self.s.next() is not Token.FIELD_NAME:
                self.barf("Anything-But expression name not found")
            op = self.s.name
            if op == "equals-ignore-case":
                ignore_case = True
                token = self.s.next()
            elif op in ("prefix", "suffix", "wildcard"):
                return self._anything_but_text(op)
            else:
                self.barf(f"Unsupported anything-but pattern: {op}")
        if token not in (Token.START_ARRAY, Token.VALUE_STRING, Token.VALUE_NUMBER_INT, Token.VALUE_NUMBER_FLOAT):
            self.barf("Value of anything-but must be an array or single string/number value.")
        strings: set[str] = set()
        numbers: set[int] = set()
        if token is Token.START_ARRAY:
            while (item := self.s.next()) is not Token.END_ARRAY:
                if item is Token.VALUE_STRING:
                    strings.add(self.s.text())
                elif item.numeric and not ignore_case:
                    numbers.add(self.comparable())
                elif ignore_case:
                    self.barf(
                        "Inside anything-but/equals-ignore-case list, numberic|start|null|boolean is not supported."
                    )
                else:
                    self.barf("Inside anything but list, start|null|boolean is not supported.")
            if not ignore_case and bool(strings) == bool(numbers):
                self.barf(
                    "Inside anything but list, either all values are number or string, mixed type is not supported"
                )
        elif token is Token.VALUE_STRING:
            strings.add(self.s.text())
        elif ignore_case:
            self.barf("Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.")
        else:
            numbers.add(self.comparable())
        if self.s.next() is not Token.END_OBJECT:
            self.barf("Too many elements in numeric expression")
        if ignore_case and self.s.next() is not Token.END_OBJECT:
            self.barf("Too many elements in numeric expression")
        if numbers:
            return AnythingBut(numbers=frozenset(numbers))
        if ignore_case:
            lowered = frozenset(s.lower() for s in strings)
            return AnythingBut(strings=lambda v: v.lower() in lowered)
        exact = frozenset(strings)
        return AnythingBut(strings=exact.__contains__)

    def _anything_but_text(self, op: str) -> Matcher:
        token = self.s.next()
        texts: list[str] = []
        if op == "wildcard" and token is Token.START_ARRAY:  # a list of wildcards (EventBridge user guide)
            while (item := self.s.next()) is not Token.END_ARRAY:
                if item is not Token.VALUE_STRING:
                    self.barf("wildcard match pattern must be a string")
                texts.append(self.s.text())
        elif token is not Token.VALUE_STRING:
            self.barf("prefix/suffix match pattern must be a string")
        else:
            texts.append(self.s.text())
        if op != "wildcard" and not texts[0]:
            self.barf("Null prefix/suffix not allowed")
        self._single()
        self._single()
        if op == "prefix":
            return AnythingBut(strings=lambda v: v.startswith(texts[0]))
        if op == "suffix":
            return AnythingBut(strings=lambda v: v.endswith(texts[0]))
        for text in texts:
            self._refuse_wildcard(text)
        tests = [wildcard(t) for t in texts]
        return AnythingBut(strings=lambda v: any(t(v) for t in tests))

    def comparable(self) -> int:
        found = comparable(self.s.value)  # type: ignore[arg-type]
        if found is None:
            self.barf("Value must be between -5.0E9 and 5.0E9, inclusive")
        return found

    def _number(self, operator: str) -> int:
        if not self.s.next().numeric:
            self.barf(f"Value of {operator} must be numeric")
        return self.comparable()

    def _numeric(self) -> Matcher:
        if self.s.next() is not Token.VALUE_STRING:
            self.barf(f"Invalid member in numeric match: {self.s.text()}")
        operator = self.s.text()
        if operator in ("=", "<=", "<"):
            value = self._number("equals" if operator == "=" else operator)
            if self.s.next() is not Token.END_ARRAY:
                self.barf("Too many elements in numeric expression")
            if operator == "=":
                return Range(value, False, value, False)
            return Range(None, False, value, operator == "<")
        if operator in (">=", ">"):
            low = self._number(operator)
            token = self.s.next()
            if token is Token.END_ARRAY:
                return Range(low, operator == ">", None, False)
            if token is not Token.VALUE_STRING:
                self.barf(f"Bad value in numeric range: {self.s.text()}")
            upper = self.s.text()
            if upper not in ("<", "<="):
                self.barf(f"Bad numeric range operator: {upper}")
            high = self._number(upper)
            if self.s.next() is not Token.END_ARRAY:
                self.barf("Too many terms in numeric range expression")
            if low >= high:
                self.barf("Bottom must be less than top")
            return Range(low, operator == ">", high, upper == "<")
        self.barf(f"Unrecognized numeric range operator: {operator}")

    def _refuse_wildcard(self, text: str) -> None:
        problem = check_wildcard(text)
        if problem is not None:
            self.barf(problem)

    def _cidr(self, text: str) -> Matcher:
        parts = text.split("/")
        if len(parts) != 2:
            self.barf("Malformed CIDR, one '/' required")
        try:
            bits = int(parts[1])
        except ValueError:
            self.barf("Malformed CIDR, mask bits must be an integer")
        if bits < 0:
            self.barf("Malformed CIDR, mask bits must not be negative")
        try:
            address = ipaddress.ip_address(parts[0])
        except ValueError:
            self.barf(f"Invalid IP address: {parts[0]}")
        width = 32 if address.version == 4 else 128
        if bits >= width:
            self.barf(f"IPv{address.version} mask bits must be < {width}")
        low = int(address)
        return Cidr(low, low | ((1 << (width - bits)) - 1), address.version)


def _single_ip(text: str) -> Matcher | None:
    """An IP address written as a value matches that address (the ruler reads it as a range of one)."""
    if not text or not (text[0].isdigit() or ":" in text):
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    exact = Exact(literal(text))
    return lambda v: exact(v) or (Cidr(int(address), int(address), address.version))(v)


def _tree(fields: _Fields) -> Tree:
    tree: Tree = {}
    for path, matchers in fields.items():
        node = tree
        for name in path[:-1]:
            child = node.get(name)
            if not isinstance(child, dict):
                child = node[name] = {}
            node = child
        node[path[-1]] = matchers
    return tree
