"""The cluster query language: parsing (every example of the AWS pages), error positions, evaluation."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecskit.models.ecs import Attribute, ContainerInstance, VersionInfo
from ecskit.placement import (
    And,
    Comparison,
    InstanceFacts,
    Not,
    Operator,
    Or,
    QuerySyntaxError,
    Subject,
    evaluate,
    parse_query,
)

#: The expressions of the AWS "Cluster query language" and "Task placement constraints" pages, and of the
#: API reference and CLI examples.
AWS_EXAMPLES = [
    "attribute:ecs.instance-type == t2.small",
    "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
    "attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d",
    "task:group == service:production",
    "not(task:group == database)",
    "runningTasksCount == 1",
    "agentVersion < 1.14.5",
    "registeredAt < 2018-02-13",
    "ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']",
    "attribute:ecs.instance-type =~ t2.*",
    "task:group == databases",
    "attribute:ecs.instance-type == g2.2xlarge",
    "attribute:stack == prod",
    "attribute:stack != prod",
    "attribute:ecs.instance-type in [t2.small, t2.medium]",
    "attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a",
    "attribute:ecs.os-type == linux",
    "attribute:ecs.os-family == WINDOWS_SERVER_2022_CORE",
    "attribute:ecs.cpu-architecture == arm64",
    "attribute:ecs.availability-zone not_in [us-east-1e]",
    "registeredAt >= 2018-06-18T22:28:28+00:00",
    "registeredAt > 2018-06-18T22:28:28Z",
    "registeredAt <= 2018-06-18T22:28:28",
    "agentConnected == false",
    "attribute:ecs.capability.external exists",
    "task:group !exists",
]


@pytest.mark.parametrize("text", AWS_EXAMPLES)
def test_aws_examples_parse_and_print_back(text: str) -> None:
    query = parse_query(text)
    assert parse_query(str(query)) == query


def test_structure() -> None:
    query = parse_query("attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d")
    assert query == And(
        (
            Comparison(
                subject=Subject.ATTRIBUTE, name="ecs.instance-type", operator=Operator.MATCHES, values=("g2.*",)
            ),
            Comparison(
                subject=Subject.ATTRIBUTE, name="ecs.availability-zone", operator=Operator.NE, values=("us-east-1d",)
            ),
        )
    )
    assert isinstance(query, And)
    second = query.operands[1]
    assert isinstance(second, Comparison)
    assert second.position == 40


def test_list_values_and_quotes() -> None:
    query = parse_query("ec2InstanceId in ['i-abcd1234', \"i-wxyx7890\", i-0123]")
    assert isinstance(query, Comparison)
    assert query.values == ("i-abcd1234", "i-wxyx7890", "i-0123")
    spaced = parse_query("attribute:team in [data science, ops]")
    assert isinstance(spaced, Comparison)
    assert spaced.values == ("data science", "ops")


@pytest.mark.parametrize(
    ("word", "symbol"),
    [
        ("attribute:a equals b", "attribute:a == b"),
        ("attribute:a not_equals b", "attribute:a != b"),
        ("agentVersion greater_than 1.2.3", "agentVersion > 1.2.3"),
        ("agentVersion greater_than_equal 1.2.3", "agentVersion >= 1.2.3"),
        ("runningTasksCount less_than 3", "runningTasksCount < 3"),
        ("runningTasksCount less_than_equal 3", "runningTasksCount <= 3"),
        ("task:group not_exists", "task:group !exists"),
        ("attribute:a not_in [b]", "attribute:a !in [b]"),
        ("attribute:a matches b.*", "attribute:a =~ b.*"),
        ("attribute:a not_matches b.*", "attribute:a !~ b.*"),
        ("attribute:a == b AND attribute:c == d", "attribute:a == b && attribute:c == d"),
        ("attribute:a == b or attribute:c == d", "attribute:a == b || attribute:c == d"),
        ("NOT attribute:a == b", "!attribute:a == b"),
        ("Task:Group == web", "task:group == web"),
        ("attribute:flavor==cpu", "attribute:flavor == cpu"),
    ],
)
def test_word_forms_and_spacing(word: str, symbol: str) -> None:
    assert parse_query(word) == parse_query(symbol)


def test_precedence() -> None:
    a, b, c = (parse_query(f"attribute:{n} exists") for n in "abc")
    assert parse_query("attribute:a exists or attribute:b exists and attribute:c exists") == Or((a, And((b, c))))
    assert parse_query("(attribute:a exists or attribute:b exists) and attribute:c exists") == And((Or((a, b)), c))
    assert parse_query("not attribute:a exists and attribute:b exists") == And((Not(a), b))
    assert parse_query("!!attribute:a exists") == a  # double negations cancel
    assert parse_query("not !attribute:a exists") == a
    assert str(parse_query("(attribute:a exists or attribute:b exists) and attribute:c exists")) == (
        "(attribute:a exists or attribute:b exists) and attribute:c exists"
    )


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        ("", 0, "a subject"),
        ("   ", 3, "a subject"),
        ("instance-type == t2.micro", 0, "a subject"),
        ("attribute: == x", 10, "an attribute name"),
        ("attribute:x", 11, "an operator"),
        ("attribute:x = t2.micro", 12, "an operator"),
        ("attribute:x ==", 14, "a value"),
        ("attribute:x in us-east-1a", 15, "'['"),
        ("attribute:x in [a,", 18, "a value"),
        ("attribute:x in [a b", 19, "',' or ']'"),
        ("attribute:x in []", 16, "a value"),
        ("(attribute:x == a", 17, "')' to close the '(' at position 0"),
        ("attribute:x == a)", 16, "'and', 'or' or the end"),
        ("attribute:x == a b", 17, "'and', 'or' or the end"),
        ("attribute:x == a and", 20, "a subject"),
        ("attribute:x == a &&& attribute:y == b", 19, "a subject"),
        ("runningTasksCount == many", 21, "a whole number"),
        ("registeredAt < 2018-13-45", 15, "a date"),
        ("agentVersion < latest", 15, "a version"),
        ("agentConnected exists", 15, "an operator valid for agentConnected"),
        ("ec2InstanceId > i-1", 14, "an operator valid for ec2InstanceId"),
        ("attribute:x =~ '('", 15, "a valid regular expression"),
        ("attribute:x == 'abc", 19, "a closing '"),
        ("(" * 300 + "attribute:x exists" + ")" * 300, 200, "at most 200 nested parentheses"),
    ],
)
def test_errors_give_position_and_expectation(text: str, position: int, expected: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.position == position
    assert expected in error.expected
    assert error.text == text
    assert str(error).startswith(f"position {position}: expected ")


def test_error_message_shows_what_was_found() -> None:
    with pytest.raises(QuerySyntaxError, match=r"position 12: expected an operator .*, found '='"):
        parse_query("attribute:x = t2.micro")
    with pytest.raises(QuerySyntaxError, match="found the end of the expression"):
        parse_query("attribute:x ==")


def test_long_negation_chains_do_not_recurse() -> None:
    query = parse_query("!" * 3000 + "attribute:x exists")
    assert evaluate(query, InstanceFacts(attributes={"x": None})) is True


TOKENS = [
    " ",
    "attribute:",
    "x",
    "agentVersion",
    "task:group",
    "runningTasksCount",
    "registeredAt",
    "(",
    ")",
    "[",
    "]",
    ",",
    "'",
    '"',
    "=",
    "!",
    "<",
    ">",
    "~",
    "&",
    "|",
    "1",
    ".",
    "*",
    "in",
    "and",
    "not",
    "exists",
    "2018-02-13",
]


@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_any_text_parses_or_raises_query_syntax_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QuerySyntaxError:
        return
    assert parse_query(str(query)) == query


def test_ast_is_immutable() -> None:
    query = parse_query("attribute:a == b")
    assert isinstance(query, Comparison)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        query.values = ("c",)  # type: ignore[misc]


INSTANCE = InstanceFacts(
    attributes={
        "ecs.instance-type": "t2.small",
        "ecs.availability-zone": "us-east-1a",
        "stack": "prod",
        "ecs.capability.task-eni": None,
        "slots": "10",
    },
    ec2_instance_id="i-abcd1234",
    agent_connected=True,
    agent_version="1.14.5",
    registered_at=dt.datetime(2018, 2, 1, 12, 0),  # naive: read as UTC
    running_tasks_count=1,
    task_groups=("service:production", "family:web"),
)
EMPTY = InstanceFacts(agent_connected=False)


@pytest.mark.parametrize(
    ("text", "on_instance", "on_empty"),
    [
        ("attribute:ecs.instance-type == t2.small", True, False),
        ("attribute:ecs.instance-type == t2.*", True, False),  # wildcard
        ("attribute:ecs.instance-type == *.small", True, False),
        ("attribute:ecs.instance-type != t2.*", False, False),
        ("attribute:ecs.instance-type =~ t2", False, False),  # the regex matches the whole value
        ("attribute:ecs.instance-type =~ t2.*", True, False),
        ("attribute:ecs.instance-type !~ m5.*", True, False),
        ("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", True, False),
        ("attribute:ecs.availability-zone !in [us-east-1a, us-east-1b]", False, False),
        ("attribute:stack != prod", False, False),
        ("attribute:stack != dev", True, False),  # != needs the attribute, as in the AWS example
        ("not(attribute:stack == dev)", True, True),
        ("attribute:ecs.capability.task-eni exists", True, False),
        ("attribute:ecs.capability.task-eni !exists", False, True),
        ("attribute:slots > 9", True, False),  # numbers compare as numbers
        ("attribute:slots < 9", False, False),
        ("task:group == service:production", True, False),
        ("task:group == service:*", True, False),
        ("not(task:group == database)", True, True),
        ("task:group != database", True, False),
        ("task:group != service:production", False, False),
        ("task:group exists", True, False),
        ("task:group !exists", False, True),
        ("task:group in [family:web, family:api]", True, False),
        ("task:group =~ family:.*", True, False),
        ("runningTasksCount == 1", True, False),
        ("runningTasksCount < 1", False, True),
        ("runningTasksCount != 1", False, True),
        ("agentVersion < 1.14.6", True, False),
        ("agentVersion > 1.9.0", True, False),  # versions compare numerically
        ("agentVersion == 1.14.5.0", True, False),
        ("agentVersion == 1.14.*", True, False),
        ("registeredAt < 2018-02-13", True, False),
        ("registeredAt > 2018-02-01T12:00:00+01:00", True, False),
        ("registeredAt == 2018-02-01T12:00:00Z", True, False),
        ("registeredAt >= 2018-02-01T12:00:01", False, False),
        ("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", True, False),
        ("ec2InstanceId == i-abcd1234", True, False),
        ("ec2InstanceId !in [i-0]", True, False),
        ("agentConnected == true", True, False),
        ("agentConnected == FALSE", False, True),
        ("agentConnected != true", False, True),
        ("agentConnected in [false]", False, True),
        ("agentConnected =~ t.*", True, False),
        ("attribute:stack == prod and runningTasksCount < 2 and not task:group == database", True, False),
        ("attribute:stack == dev or agentConnected == false", False, True),
    ],
)
def test_evaluate(text: str, on_instance: bool, on_empty: bool) -> None:
    query = parse_query(text)
    assert evaluate(query, INSTANCE) is on_instance
    assert evaluate(query, EMPTY) is on_empty
    assert evaluate(text, INSTANCE) is on_instance  # text is parsed (and cached)


def test_facts_from_a_container_instance() -> None:
    instance = ContainerInstance(
        ec2_instance_id="i-abcd1234",
        agent_connected=True,
        running_tasks_count=2,
        version_info=VersionInfo(agent_version="1.80.0"),
        attributes=(Attribute(name="ecs.os-type", value="linux"), Attribute(name="ecs.capability.task-eni")),
    )
    facts = InstanceFacts.from_container_instance(instance, task_groups=["service:web"])
    query = parse_query(
        "attribute:ecs.os-type == linux and attribute:ecs.capability.task-eni exists and agentVersion >= 1.50.2 "
        "and runningTasksCount == 2 and task:group == service:web and ec2InstanceId =~ i-.*"
    )
    assert evaluate(query, facts)


def test_evaluation_works_on_any_object_with_the_facts() -> None:
    @attrs.frozen
    class View:
        attributes: dict[str, str | None]
        ec2_instance_id: str | None = None
        agent_connected: bool = True
        agent_version: str | None = None
        registered_at: dt.datetime | None = None
        running_tasks_count: int = 0
        task_groups: frozenset[str] = frozenset()

    assert evaluate("attribute:zone == a", View(attributes={"zone": "a"}))
