"""The ECS cluster query language: parse an expression once, then evaluate it against many container instances.

Grammar (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html)::

    query      := or
    or         := and (("||" | "or") and)*
    and        := not (("&&" | "and") not)*
    not        := ("!" | "not") not | "(" query ")" | comparison
    comparison := subject operator [argument]
    subject    := agentConnected | agentVersion | attribute:<name> | ec2InstanceId | registeredAt
                | runningTasksCount | task:group
    argument   := value | "[" value ("," value)* "]"       (a list only for in / !in)
    value      := bare-word | 'single-quoted' | "double-quoted"

Operators have a symbol and a word form (``==``/``equals``, ``!~``/``not_matches``, ...); keywords and subjects are
read case-insensitively; attribute names and values are not. Each subject accepts only the operators the AWS page
lists for it (attributes accept all of them).

Evaluation, as AWS documents it (and, where it is silent, as stated here):

* ``==``/``!=`` values may contain ``*`` wildcards (any run of characters); ``=~``/``!~`` take a (Java) regular
  expression that must match the whole value; ``in``/``!in`` compare exactly.
* A negative comparison (``!=``, ``!in``, ``!~``) needs the subject to be present: ``attribute:stack != prod``
  selects instances that have a ``stack`` attribute with another value, as the AWS examples say. Use
  ``not (attribute:stack == prod)`` to include instances without the attribute.
* ``task:group`` has one value per task on the instance: a positive comparison holds when some task's group
  matches, a negative one when the instance runs tasks and none of their groups matches.
* ``agentVersion`` compares versions numerically (``1.9.0 < 1.14.5``); ``registeredAt`` compares instants (a date
  alone is midnight UTC, a time without zone is UTC); ``runningTasksCount`` compares integers. Ordering on
  attributes compares numbers as numbers, versions as versions, anything else as text.

>>> q = parse_query("attribute:ecs.instance-type =~ t2.* and not(task:group == database)")
>>> print(q)
attribute:ecs.instance-type =~ t2.* and not task:group == database
>>> evaluate(q, InstanceFacts(attributes={"ecs.instance-type": "t2.small"}, task_groups=("service:web",)))
True
>>> parse_query("agentVersion < one")
Traceback (most recent call last):
...
ecskit.errors.QuerySyntaxError: position 15: expected a version like 1.14.5, found 'one'
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any, NoReturn, Protocol, TypeAlias

import attrs

from ecskit._glob import glob
from ecskit._text import whole
from ecskit.errors import QuerySyntaxError
from ecskit.models.ecs import ContainerInstance

__all__ = [
    "And",
    "Comparison",
    "InstanceFacts",
    "InstanceView",
    "Not",
    "Operator",
    "Or",
    "Query",
    "QuerySyntaxError",
    "Subject",
    "evaluate",
    "parse_query",
]


class Operator(enum.StrEnum):
    """A comparison operator, by its symbol (the word forms are read as these)."""

    EQ = "=="
    NE = "!="
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    EXISTS = "exists"
    NOT_EXISTS = "!exists"
    IN = "in"
    NOT_IN = "!in"
    MATCHES = "=~"
    NOT_MATCHES = "!~"


class Subject(enum.StrEnum):
    """What a comparison looks at."""

    AGENT_CONNECTED = "agentConnected"
    AGENT_VERSION = "agentVersion"
    #: ``attribute:<name>``; the name is :attr:`Comparison.name`.
    ATTRIBUTE = "attribute"
    EC2_INSTANCE_ID = "ec2InstanceId"
    REGISTERED_AT = "registeredAt"
    RUNNING_TASKS_COUNT = "runningTasksCount"
    TASK_GROUP = "task:group"


_Op = Operator
_WORDS: dict[str, Operator] = {
    "equals": _Op.EQ,
    "not_equals": _Op.NE,
    "greater_than": _Op.GT,
    "greater_than_equal": _Op.GE,
    "less_than": _Op.LT,
    "less_than_equal": _Op.LE,
    "exists": _Op.EXISTS,
    "not_exists": _Op.NOT_EXISTS,
    "in": _Op.IN,
    "not_in": _Op.NOT_IN,
    "matches": _Op.MATCHES,
    "not_matches": _Op.NOT_MATCHES,
}
_SYMBOLS = ("==", "!=", ">=", "<=", "=~", "!~", ">", "<")  # longest first
_NEGATIVE = frozenset({_Op.NE, _Op.NOT_IN, _Op.NOT_MATCHES})
_EQUALITY = frozenset({_Op.EQ, _Op.NE})
_ORDERING = frozenset({_Op.GT, _Op.GE, _Op.LT, _Op.LE})
_LISTS = frozenset({_Op.IN, _Op.NOT_IN})
_MATCHING = frozenset({_Op.MATCHES, _Op.NOT_MATCHES})
_EXISTENCE = frozenset({_Op.EXISTS, _Op.NOT_EXISTS})

#: The operators AWS lists for each subject (attributes take any).
VALID_OPERATORS: dict[Subject, frozenset[Operator]] = {
    Subject.AGENT_CONNECTED: _EQUALITY | _LISTS | _MATCHING,
    Subject.AGENT_VERSION: _EQUALITY | _ORDERING,
    Subject.ATTRIBUTE: frozenset(Operator),
    Subject.EC2_INSTANCE_ID: _EQUALITY | _LISTS | _MATCHING,
    Subject.REGISTERED_AT: _EQUALITY | _ORDERING,
    Subject.RUNNING_TASKS_COUNT: _EQUALITY | _ORDERING,
    Subject.TASK_GROUP: _EQUALITY | _LISTS | _EXISTENCE | _MATCHING,
}
_SUBJECTS = {s.value.lower(): s for s in Subject if s is not Subject.ATTRIBUTE}
_SUBJECT_LIST = (
    "agentConnected, agentVersion, attribute:<name>, ec2InstanceId, registeredAt, runningTasksCount, task:group"
)


class InstanceView(Protocol):
    """What a query reads from one container instance (:class:`InstanceFacts`, or any object with these members)."""

    @property
    def attributes(self) -> Mapping[str, str | None]: ...
    @property
    def ec2_instance_id(self) -> str | None: ...
    @property
    def agent_connected(self) -> bool: ...
    @property
    def agent_version(self) -> str | None: ...
    @property
    def registered_at(self) -> dt.datetime | None: ...
    @property
    def running_tasks_count(self) -> int: ...
    @property
    def task_groups(self) -> Collection[str]: ...


@attrs.frozen(kw_only=True)
class InstanceFacts:
    """The facts of one container instance that queries look at."""

    #: Attribute name -> value (None for attributes without a value, such as most ``ecs.capability.*``).
    attributes: Mapping[str, str | None] = attrs.field(factory=dict)
    ec2_instance_id: str | None = None
    agent_connected: bool = True
    #: The container agent's version, e.g. ``1.14.5``.
    agent_version: str | None = None
    registered_at: dt.datetime | None = None
    running_tasks_count: int = 0
    #: The groups of the tasks on the instance (``service:web``, ``family:app``, ...), one entry per task or group.
    task_groups: Collection[str] = ()

    @classmethod
    def from_container_instance(cls, instance: ContainerInstance, task_groups: Collection[str] = ()) -> InstanceFacts:
        """The facts of a DescribeContainerInstances result (the task groups come from its tasks)."""
        return cls(
            attributes={a.name: a.value for a in instance.attributes or ()},
            ec2_instance_id=instance.ec2_instance_id,
            agent_connected=instance.agent_connected is not False,
            agent_version=instance.version_info.agent_version if instance.version_info else None,
            registered_at=instance.registered_at,
            running_tasks_count=instance.running_tasks_count or 0,
            task_groups=task_groups,
        )


# -------------------------------------------------------------------------------------------------------------------
# AST

_Test = Callable[[InstanceView], bool]


@attrs.frozen(kw_only=True)
class Comparison:
    """``subject operator [argument]``: one comparison."""

    subject: Subject
    operator: Operator
    #: The attribute name for ``attribute:<name>`` subjects (None otherwise).
    name: str | None = None
    #: The argument: one value, the list of ``in``/``!in``, nothing for ``exists``/``!exists``.
    values: tuple[str, ...] = ()
    #: Offset of the subject in the parsed text (not part of equality).
    position: int = attrs.field(default=0, eq=False)
    _test: _Test = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_test", _build_test(self))

    def matches(self, facts: InstanceView) -> bool:
        """Whether the instance satisfies the comparison."""
        return self._test(facts)

    def __str__(self) -> str:
        subject = f"attribute:{self.name}" if self.subject is Subject.ATTRIBUTE else self.subject.value
        if self.operator in _EXISTENCE:
            return f"{subject} {self.operator}"
        if self.operator in _LISTS:
            return f"{subject} {self.operator} [{', '.join(_quote(v, in_list=True) for v in self.values)}]"
        return f"{subject} {self.operator} {_quote(self.values[0] if self.values else '')}"


@attrs.frozen
class Not:
    """``not query``."""

    operand: Query

    def matches(self, facts: InstanceView) -> bool:
        """Whether the instance does not satisfy the operand."""
        return not self.operand.matches(facts)

    def __str__(self) -> str:
        inner = str(self.operand)
        return f"not {inner}" if isinstance(self.operand, Comparison | Not) else f"not ({inner})"


@attrs.frozen
class And:
    """``a and b and ...``."""

    operands: tuple[Query, ...]

    def matches(self, facts: InstanceView) -> bool:
        """Whether the instance satisfies every operand."""
        for operand in self.operands:  # noqa: SIM110 - a plain loop is faster than all() on a generator
            if not operand.matches(facts):
                return False
        return True

    def __str__(self) -> str:
        return " and ".join(f"({o})" if isinstance(o, Or) else str(o) for o in self.operands)


@attrs.frozen
class Or:
    """``a or b or ...``."""

    operands: tuple[Query, ...]

    def matches(self, facts: InstanceView) -> bool:
        """Whether the instance satisfies some operand."""
        for operand in self.operands:  # noqa: SIM110 - a plain loop is faster than any() on a generator
            if operand.matches(facts):
                return True
        return False

    def __str__(self) -> str:
        return " or ".join(str(o) for o in self.operands)


#: A parsed expression.
Query: TypeAlias = Comparison | Not | And | Or


def evaluate(query: Query | str, facts: InstanceView) -> bool:
    """Whether one container instance satisfies a query (parsed, or text that is parsed once and cached)."""
    if isinstance(query, str):
        query = parse_query(query)
    return query.matches(facts)


# -------------------------------------------------------------------------------------------------------------------
# Parser

_SPACE = frozenset(" \t\r\n")
_NAME_STOP = frozenset(" \t\r\n()[],'\"=!<>~&|")
_VALUE_STOP = frozenset(" \t\r\n()[],'\"")
_ITEM_STOP = frozenset(",]")
_KEYWORD_CHARS = re.compile(r"[A-Za-z_]+")
_INTEGER = re.compile(r"[0-9]+\Z")
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\Z")
_MAX_DEPTH = 200


@functools.lru_cache(maxsize=1024)
def parse_query(text: str) -> Query:
    """The AST of a cluster query expression; raises :class:`QuerySyntaxError` (a ValueError) when it is invalid."""
    parser = _Parser(text)
    query = parser.parse_or(0)
    parser.skip()
    if parser.pos < len(text):
        parser.fail("'and', 'or' or the end of the expression")
    return query


class _Parser:
    __slots__ = ("pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, expected: str, at: int | None = None, found: str | None = None) -> NoReturn:
        at = self.pos if at is None else at
        if found is None and at < len(self.text):
            found = self._snippet(at)
        raise QuerySyntaxError(self.text, at, expected, found)

    def _snippet(self, at: int) -> str:
        end = at + 1
        while end < len(self.text) and end - at < 20 and self.text[end] not in _SPACE:
            end += 1
        return self.text[at:end]

    def skip(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in _SPACE:
            pos += 1
        self.pos = pos

    def keyword(self, *words: str) -> bool:
        """Consume one of ``words`` (symbols, or case-insensitive words ending at a word boundary)."""
        self.skip()
        text, pos = self.text, self.pos
        for word in words:
            if word[0].isalpha():
                m = _KEYWORD_CHARS.match(text, pos)
                if m and m.group().lower() == word and (m.end() == len(text) or text[m.end()] in _NAME_STOP):
                    self.pos = m.end()
                    return True
            elif text.startswith(word, pos):
                self.pos = pos + len(word)
                return True
        return False

    def parse_or(self, depth: int) -> Query:
        operands = [self.parse_and(depth)]
        while self.keyword("||", "or"):
            operands.append(self.parse_and(depth))
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def parse_and(self, depth: int) -> Query:
        operands = [self.parse_not(depth)]
        while self.keyword("&&", "and"):
            operands.append(self.parse_not(depth))
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def parse_not(self, depth: int) -> Query:
        negations = 0
        while True:
            self.skip()
            if self.text.startswith("!", self.pos) and not self.text.startswith(("!=", "!~"), self.pos):
                self.pos += 1
            elif not self.keyword("not"):
                break
            negations += 1
        query = self.parse_primary(depth)
        return Not(query) if negations % 2 else query  # "not not x" is x

    def parse_primary(self, depth: int) -> Query:
        self.skip()
        start = self.pos
        if self.text.startswith("(", start):
            if depth >= _MAX_DEPTH:
                self.fail(f"at most {_MAX_DEPTH} nested parentheses")
            self.pos += 1
            query = self.parse_or(depth + 1)
            self.skip()
            if not self.text.startswith(")", self.pos):
                self.fail(f"')' to close the '(' at position {start}")
            self.pos += 1
            return query
        return self.parse_comparison()

    def parse_comparison(self) -> Comparison:
        text = self.text
        start = self.pos
        end = start
        while end < len(text) and text[end] not in _NAME_STOP:
            end += 1
        word = text[start:end]
        subject: Subject | None
        name = None
        if word.lower().startswith("attribute:"):
            subject, name = Subject.ATTRIBUTE, word[len("attribute:") :]
            if not name:
                self.fail("an attribute name after 'attribute:'", end)
        else:
            subject = _SUBJECTS.get(word.lower())
            if subject is None:
                self.fail(f"a subject ({_SUBJECT_LIST})", start, word or None)
        self.pos = end
        op_start = self._skip_to_token()
        operator = self.parse_operator()
        if operator not in VALID_OPERATORS[subject]:
            valid = " ".join(o.value for o in Operator if o in VALID_OPERATORS[subject])
            self.fail(f"an operator valid for {subject.value} ({valid})", op_start, operator.value)
        values: tuple[str, ...] = ()
        if operator in _LISTS:
            values = self.parse_list(subject)
        elif operator not in _EXISTENCE:
            values = (self.parse_value(subject, operator, in_list=False),)
        return Comparison(subject=subject, name=name, operator=operator, values=values, position=start)

    def _skip_to_token(self) -> int:
        self.skip()
        return self.pos

    def parse_operator(self) -> Operator:
        text, pos = self.text, self.pos
        for word in ("!exists", "!in"):
            after = pos + len(word)
            if text.startswith(word, pos) and (after == len(text) or text[after] in _NAME_STOP):
                self.pos = after
                return Operator(word)
        for symbol in _SYMBOLS:
            if text.startswith(symbol, pos):
                self.pos = pos + len(symbol)
                return Operator(symbol)
        m = _KEYWORD_CHARS.match(text, pos)
        if m and m.group().lower() in _WORDS:
            self.pos = m.end()
            return _WORDS[m.group().lower()]
        self.fail("an operator (== != > >= < <= exists !exists in !in =~ !~ or their word forms)")

    def parse_list(self, subject: Subject) -> tuple[str, ...]:
        self.skip()
        if not self.text.startswith("[", self.pos):
            self.fail("'[' to start the list of values")
        self.pos += 1
        values = []
        while True:
            values.append(self.parse_value(subject, Operator.IN, in_list=True))
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif self.text.startswith("]", self.pos):
                self.pos += 1
                return tuple(values)
            else:
                self.fail("',' or ']' in the list of values")

    def parse_value(self, subject: Subject, operator: Operator, *, in_list: bool) -> str:
        self.skip()
        text, start = self.text, self.pos
        if start < len(text) and text[start] in "'\"":
            value = self._quoted(start)
        else:
            end = start
            if in_list:  # list items may contain spaces: [data science, ops]
                while end < len(text) and text[end] not in _ITEM_STOP and text[end] not in "[]()'\"":
                    end += 1
                value = text[start:end].rstrip()
            else:
                while end < len(text) and text[end] not in _VALUE_STOP and not text.startswith(("&&", "||"), end):
                    end += 1
                value = text[start:end]
            if not value:
                self.fail("a value", start)
            self.pos = end
        _check_value(self, subject, operator, value, start)
        return value

    def _quoted(self, start: int) -> str:
        text, quote = self.text, self.text[start]
        out = []
        pos = start + 1
        while pos < len(text):
            char = text[pos]
            if char == "\\" and pos + 1 < len(text) and text[pos + 1] == quote:
                out.append(quote)
                pos += 2
                continue
            if char == quote:
                self.pos = pos + 1
                return "".join(out)
            out.append(char)
            pos += 1
        self.fail(f"a closing {quote} for the string that starts at position {start}", len(text))


def _check_value(parser: _Parser, subject: Subject, operator: Operator, value: str, at: int) -> None:
    if operator in _MATCHING:
        try:
            re.compile(value)
        except re.error as exc:
            if "\\p" not in value and "\\P" not in value:  # Java-only classes are accepted unchecked
                parser.fail(f"a valid regular expression ({exc.msg})", at, value)
    elif subject is Subject.RUNNING_TASKS_COUNT and not _INTEGER.match(value):
        parser.fail("a whole number", at, value)
    elif subject is Subject.REGISTERED_AT and _parse_instant(value) is None:
        parser.fail("a date like 2018-06-18 or 2018-06-18T22:28:28Z", at, value)
    elif subject is Subject.AGENT_VERSION and operator in _ORDERING and not _VERSION.match(value):
        parser.fail("a version like 1.14.5", at, value)


def _quote(value: str, *, in_list: bool = False) -> str:
    stops = _ITEM_STOP | frozenset("[]()'\"") if in_list else _VALUE_STOP
    bare = value and value == value.strip() and not any(c in stops for c in value)
    if bare and (in_list or ("&&" not in value and "||" not in value)):
        return value
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "\\'") + "'"


# -------------------------------------------------------------------------------------------------------------------
# Evaluation


def _parse_instant(text: str) -> dt.datetime | None:
    if not _DATE.match(text):
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _version(text: str) -> tuple[int, ...] | None:
    """A version as a tuple of numbers without trailing zeros (``1.14.0`` == ``1.14``), or None."""
    text = text.strip().removeprefix("v")
    if not _VERSION.match(text):
        return None
    parts = [whole(p) or 0 for p in text.split(".")]  # whole(): 5,000 digits are too many for int()
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _order_key(text: str) -> tuple[int, Any]:
    """Attribute values for ordering: numbers as numbers, versions as versions, anything else as text."""
    try:
        return (0, float(text))
    except ValueError:
        pass
    version = _version(text)
    return (1, version) if version is not None else (2, text)


def _wildcard(value: str) -> Callable[[str], bool]:
    if "*" not in value:
        return value.__eq__
    return glob(value, one=False).matches


_COMPARE: dict[Operator, Callable[[Any, Any], bool]] = {
    _Op.GT: lambda a, b: a > b,
    _Op.GE: lambda a, b: a >= b,
    _Op.LT: lambda a, b: a < b,
    _Op.LE: lambda a, b: a <= b,
}


def _text_predicate(op: Operator, values: tuple[str, ...]) -> Callable[[str], bool]:
    """A positive operator on one text value (agentConnected, ec2InstanceId, attributes, task groups)."""
    if op in _LISTS:
        return frozenset(values).__contains__
    if op in _MATCHING:
        try:
            pattern = re.compile(values[0])
        except re.error:
            return lambda _s: False
        return lambda s: pattern.fullmatch(s) is not None
    if op in _ORDERING:
        key, compare = _order_key(values[0]), _COMPARE[op]

        def ordered(s: str) -> bool:
            mine = _order_key(s)
            return mine[0] == key[0] and compare(mine, key)

        return ordered
    return _wildcard(values[0])


_POSITIVE = {_Op.NE: _Op.EQ, _Op.NOT_IN: _Op.IN, _Op.NOT_MATCHES: _Op.MATCHES}


def _build_test(c: Comparison) -> _Test:
    if c.operator in _EXISTENCE:
        return _existence_test(c)
    negative = c.operator in _NEGATIVE
    op = _POSITIVE.get(c.operator, c.operator)
    subject, values = c.subject, c.values
    if subject is Subject.TASK_GROUP:
        pred = _text_predicate(op, values)
        if negative:
            return lambda f: bool(f.task_groups) and not any(pred(g) for g in f.task_groups)
        return lambda f: any(pred(g) for g in f.task_groups)
    if subject is Subject.AGENT_CONNECTED and op is not _Op.MATCHES:
        values = tuple(v.lower() for v in values)
    if subject is Subject.AGENT_VERSION and "*" in values[0]:  # a wildcard compares the text
        return _negate(_get_agent_text, _wildcard(values[0]), negative)
    get = _getter(c)
    convert = _CONVERT.get(subject)
    if convert is None:
        return _negate(get, _text_predicate(op, values), negative)
    target = convert(values[0])
    compare = _COMPARE.get(op, _equal)
    return _negate(get, lambda v: compare(v, target), negative)


def _existence_test(c: Comparison) -> _Test:
    present = c.operator is _Op.EXISTS
    if c.subject is Subject.TASK_GROUP:
        return lambda f: bool(f.task_groups) is present
    name = c.name or ""
    return lambda f: (name in f.attributes) is present


def _equal(a: Any, b: Any) -> bool:
    return bool(a == b)


def _getter(c: Comparison) -> Callable[[InstanceView], Any]:
    """Reads the subject of ``c`` from an instance: None when the instance does not have it."""
    subject = c.subject
    if subject is Subject.ATTRIBUTE:
        name = c.name or ""

        def get_attribute(f: InstanceView) -> str | None:
            attributes = f.attributes
            if name not in attributes:
                return None
            return attributes[name] or ""

        return get_attribute
    return _GETTERS[subject]


def _get_registered_at(f: InstanceView) -> dt.datetime | None:
    when = f.registered_at
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when


def _get_agent_version(f: InstanceView) -> tuple[int, ...] | None:
    return _version(f.agent_version) if f.agent_version else None


def _get_agent_text(f: InstanceView) -> str | None:
    return f.agent_version


_GETTERS: dict[Subject, Callable[[InstanceView], Any]] = {
    Subject.EC2_INSTANCE_ID: lambda f: f.ec2_instance_id,
    Subject.AGENT_CONNECTED: lambda f: "true" if f.agent_connected else "false",
    Subject.RUNNING_TASKS_COUNT: lambda f: f.running_tasks_count,
    Subject.REGISTERED_AT: _get_registered_at,
    Subject.AGENT_VERSION: _get_agent_version,
}
_CONVERT: dict[Subject, Callable[[str], Any]] = {
    Subject.RUNNING_TASKS_COUNT: int,
    Subject.REGISTERED_AT: _parse_instant,
    Subject.AGENT_VERSION: _version,
}


def _negate(get: Callable[[InstanceView], Any], pred: Callable[[Any], bool], negative: bool) -> _Test:
    """A test from a getter (None: the subject is absent) and a positive predicate."""
    if negative:

        def test_negative(f: InstanceView) -> bool:
            value = get(f)
            return value is not None and not pred(value)

        return test_negative

    def test(f: InstanceView) -> bool:
        value = get(f)
        return value is not None and pred(value)

    return test
