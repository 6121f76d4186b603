"""The IAM evaluator never answers ALLOWED where AWS's documented logic denies or cannot decide.

Each example draws a role (inline policies, managed policies, a permissions boundary), a request and the *whole*
request context, and asks :mod:`tests.support.iam_reference` (a small model of AWS's documented evaluation, written
apart) what AWS answers. ecskit's evaluator is then asked the same question knowing less: some managed policies and
the boundary may be unknown to it (an unknown policy is one AWS holds, so it is one IAM took), and it may see only
part of the context (the non-strict reading, where a missing key is unknown, not absent). Whatever it is not told,
its answer must hold for the truth:

* ALLOWED only where AWS allows (and never for a role with a document IAM refuses);
* EXPLICIT_DENY only where AWS denies explicitly, IMPLICIT_DENY only where AWS does not allow;
* told everything (every document, the whole context, the strict reading), exactly AWS's answer.

A document IAM refuses is read as a document the evaluator does not know: its answer is one that would hold
whatever the document said, so never ALLOWED, and a deny only where the other policies deny for certain (an
IMPLICIT_DENY when nothing else allows, say, since a permissions boundary only limits).

The documents mix well-formed statements with ones IAM refuses (both Action and NotAction, no Resource, a
Principal, an Effect that is neither Allow nor Deny, an action without its service, a resource that is no ARN),
wildcards, NotAction/NotResource, policy variables with and without defaults, and conditions.
"""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ecskit.iam import Decision, evaluate_role
from ecskit.iam.trust import TASKS_SERVICE, trust_policy
from ecskit.models.iam import ConditionValue, Effect, PolicyDocument, PolicyVersion, Role, Statement
from tests.support.iam_reference import Verdict, aws_decision, refused

KEYS = ("aws:username", "s3:prefix", "aws:SourceVpce")
VALUES = {"aws:username": ("alice", "nobody"), "s3:prefix": ("a", "b/"), "aws:SourceVpce": ("vpce-1",)}

ACTIONS = ("*", "s3:*", "s3:Get*", "s3:GetObject", "s3:Put?bject", "ec2:*", "S3:getobject", "iam:*")
REQUEST_ACTIONS = ("s3:GetObject", "s3:GetObject", "s3:PutObject", "ec2:RunInstances", "iam:PassRole")
# Patterns and requests are drawn mostly from small sets that often meet (a statement that never applies tests
# nothing), and sometimes put together at random.
PATH = ("b", "a", "/", "*", "?", "${aws:username}", "${aws:username, 'nobody'}", "${s3:prefix}", "${*}", "nobody")
RESOURCES = (
    "*",
    "arn:aws:s3:::*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::b/${aws:username}/*",
    "arn:aws:s3:::b/${aws:username, 'nobody'}/*",
    "arn:aws:s3:::b/?lice/*",
    "arn:aws:s3:::b/${s3:prefix}*",
    "arn:aws:s3:::*a*a*b",
    "arn:aws:s3:::b/${*}",
    "arn:aws:s3:::a",
)
REQUEST_PATH = ("b", "a", "/", "nobody", "alice", "*", "x")
REQUESTED = ("b/nobody/x", "b/alice/x", "b/a/x", "b/*", "aab", "a")

LIKE_VALUES = ("alice", "nobody", "a", "b/", "a*", "*", "vpce-1", "${aws:username}", "${aws:username, 'nobody'}")
PLAIN_VALUES = ("alice", "a", "b/", "vpce-1")


def patterns(items: st.SearchStrategy[str]) -> st.SearchStrategy[str | tuple[str, ...]]:
    return st.one_of(items, st.lists(items, min_size=1, max_size=3).map(tuple))


resource_patterns = patterns(
    st.one_of(
        st.sampled_from(RESOURCES),
        st.lists(st.sampled_from(PATH), max_size=5).map(lambda p: "arn:aws:s3:::" + "".join(p)),
    )
)
action_patterns = patterns(st.sampled_from(ACTIONS))


@st.composite
def conditions(draw: st.DrawFn) -> dict[str, dict[str, ConditionValue]] | None:
    if draw(st.integers(0, 2)):
        return None
    found: dict[str, dict[str, ConditionValue]] = {}
    for operator in draw(st.lists(st.sampled_from(sorted(OPERATORS)), min_size=1, max_size=2, unique=True)):
        keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=2, unique=True))
        found[operator] = {key: draw(OPERATORS[operator]) for key in keys}
    return found


def values(items: tuple[str, ...]) -> st.SearchStrategy[ConditionValue]:
    return st.one_of(st.sampled_from(items), st.lists(st.sampled_from(items), min_size=1, max_size=2).map(tuple))


OPERATORS: dict[str, st.SearchStrategy[ConditionValue]] = {
    "StringEquals": values(LIKE_VALUES),
    "StringEqualsIfExists": values(LIKE_VALUES),
    "StringLike": values(LIKE_VALUES),
    "StringNotEquals": values(PLAIN_VALUES),
    "Null": st.sampled_from(("true", "false")),
}


@st.composite
def good_statements(draw: st.DrawFn) -> Statement:
    actions = draw(action_patterns)
    resources = draw(resource_patterns)
    negate_action, negate_resource = draw(st.booleans()), draw(st.booleans())
    return Statement(
        effect=draw(st.sampled_from((Effect.ALLOW, Effect.ALLOW, Effect.DENY))),
        action=None if negate_action else actions,
        not_action=actions if negate_action else None,
        resource=None if negate_resource else resources,
        not_resource=resources if negate_resource else None,
        condition=draw(conditions()),
    )


#: What IAM refuses (MalformedPolicyDocument), one change to a good statement each.
BREAKAGES: dict[str, Any] = {
    "effect in lower case": lambda s: attrs.evolve(s, effect="deny"),
    "no effect": lambda s: attrs.evolve(s, effect=None),
    "Action and NotAction": lambda s: attrs.evolve(s, action="s3:*", not_action="iam:*"),
    "no action": lambda s: attrs.evolve(s, action=None, not_action=None),
    "Resource and NotResource": lambda s: attrs.evolve(s, resource="*", not_resource="arn:aws:s3:::b/*"),
    "no resource": lambda s: attrs.evolve(s, resource=None, not_resource=None),
    "a principal": lambda s: attrs.evolve(s, principal={"AWS": "arn:aws:iam::111122223333:root"}),
    "an action without its service": lambda s: attrs.evolve(s, action="GetObject", not_action=None),
    "a wildcard service": lambda s: attrs.evolve(s, action=("s3:GetObject", "*:Get*"), not_action=None),
    "a resource that is no ARN": lambda s: attrs.evolve(s, resource="bucket/*", not_resource=None),
}


@st.composite
def statements(draw: st.DrawFn) -> Statement:
    statement = draw(good_statements())
    if draw(st.integers(0, 7)) == 0:
        statement = BREAKAGES[draw(st.sampled_from(sorted(BREAKAGES)))](statement)
    return statement


def documents(statement: st.SearchStrategy[Statement]) -> st.SearchStrategy[PolicyDocument]:
    return st.builds(
        lambda version, items: PolicyDocument(version=version, statement=tuple(items)),
        st.sampled_from((PolicyVersion.V2012_10_17, PolicyVersion.V2012_10_17, PolicyVersion.V2008_10_17, None)),
        st.lists(statement, min_size=1, max_size=3),
    )


@attrs.frozen
class Case:
    inline: tuple[PolicyDocument, ...]
    #: (document, whether the evaluator is given it); an unknown one is well-formed (AWS holds it)
    managed: tuple[tuple[PolicyDocument, bool], ...]
    boundary: tuple[PolicyDocument, bool] | None
    action: str
    resource: str
    truth: dict[str, str]


ANY_DOCUMENT = documents(statements())
GOOD_DOCUMENT = documents(good_statements())
HELD = st.one_of(
    st.tuples(ANY_DOCUMENT, st.just(True)),  # given to the evaluator
    st.tuples(GOOD_DOCUMENT, st.just(False)),  # held by AWS only, so one IAM took
)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    keys = draw(st.lists(st.sampled_from(KEYS), unique=True))
    return Case(
        inline=tuple(draw(st.lists(ANY_DOCUMENT, max_size=2))),
        managed=tuple(draw(st.lists(HELD, max_size=2))),
        boundary=draw(st.none() | HELD),
        action=draw(st.sampled_from(REQUEST_ACTIONS)),
        resource="arn:aws:s3:::"
        + draw(st.sampled_from(REQUESTED) | st.lists(st.sampled_from(REQUEST_PATH), max_size=4).map("".join)),
        truth={key: draw(st.sampled_from(VALUES[key])) for key in keys},
    )


def ask(case: Case, context: dict[str, str], *, strict: bool) -> Decision:
    arns = [f"arn:aws:iam::111122223333:policy/m{i}" for i in range(len(case.managed))]
    given = {arn: document for arn, (document, known) in zip(arns, case.managed, strict=True) if known}
    boundary = "arn:aws:iam::111122223333:policy/boundary" if case.boundary else None
    if case.boundary is not None and case.boundary[1]:
        given[boundary or ""] = case.boundary[0]
    role = Role(
        role_name="r",
        assume_role_policy=trust_policy(TASKS_SERVICE),
        inline_policies={f"p{i}": d for i, d in enumerate(case.inline)},
        managed_policy_arns=tuple(arns),
        permissions_boundary=boundary,
    )
    return evaluate_role(
        role, case.action, case.resource, context=context, strict_context=strict, managed=given
    ).decision


def truth(case: Case) -> Verdict:
    identity = [*case.inline, *(d for d, _ in case.managed)]
    return aws_decision(identity, case.boundary[0] if case.boundary else None, case.action, case.resource, case.truth)


EXPECTED = {
    Verdict.ALLOW: Decision.ALLOWED,
    Verdict.EXPLICIT_DENY: Decision.EXPLICIT_DENY,
    Verdict.IMPLICIT_DENY: Decision.IMPLICIT_DENY,
}

ALICE = "arn:aws:s3:::b/alice/x"
S3_STAR = Statement(effect=Effect.ALLOW, action="s3:*", resource="*")
DEFAULTED = Statement(effect=Effect.DENY, action="s3:*", resource="arn:aws:s3:::b/${aws:username, 'nobody'}/*")
V12 = PolicyVersion.V2012_10_17


def one(*items: Statement) -> PolicyDocument:
    return PolicyDocument(version=V12, statement=items)


@settings(max_examples=150)
@given(case=cases(), data=st.data())
# The reproducers of issue 18: a Deny whose variable has a default, the key not given (AWS has "alice"); an inline
# Allow beside a managed policy the evaluator does not know (it denies); an identity statement without Resource.
@example(case=Case((one(S3_STAR, DEFAULTED),), (), None, "s3:GetObject", ALICE, {"aws:username": "alice"}), data=None)
@example(
    case=Case(
        (one(S3_STAR),), ((one(attrs.evolve(S3_STAR, effect=Effect.DENY)), False),), None, "s3:GetObject", ALICE, {}
    ),
    data=None,
)
@example(case=Case((one(attrs.evolve(S3_STAR, resource=None)),), (), None, "s3:GetObject", ALICE, {}), data=None)
def test_the_evaluator_never_fails_open(case: Case, data: st.DataObject | None) -> None:
    aws = truth(case)
    # Told everything (every document, the whole context, the strict reading): AWS's answer.
    everything = attrs.evolve(
        case,
        managed=tuple((d, True) for d, _ in case.managed),
        boundary=(case.boundary[0], True) if case.boundary else None,
    )
    decision = ask(everything, case.truth, strict=True)
    if aws is Verdict.REFUSED:
        assert decision is not Decision.ALLOWED
    else:
        assert decision is EXPECTED[aws]
    # Told less (unknown policies, part of the context, a missing key unknown): nothing certain that is not so.
    shown = data.draw(st.sets(st.sampled_from(sorted(case.truth))), label="keys shown") if data and case.truth else ()
    decision = ask(case, {k: v for k, v in case.truth.items() if k in shown}, strict=False)
    if decision is Decision.ALLOWED:
        assert aws is Verdict.ALLOW
    elif decision is Decision.EXPLICIT_DENY:
        assert aws in (Verdict.EXPLICIT_DENY, Verdict.REFUSED)
    elif decision is Decision.IMPLICIT_DENY:
        assert aws is not Verdict.ALLOW


def test_the_breakages_are_ones_the_reference_refuses() -> None:
    """Each breakage makes a document IAM refuses (so the tests above draw refused documents, and know them)."""
    good = Statement(effect=Effect.ALLOW, action="s3:*", resource="*")
    assert not refused(PolicyDocument(statement=good))
    for name, breakage in BREAKAGES.items():
        assert refused(PolicyDocument(statement=breakage(good))), name
