"""The policy evaluator: AWS's decision logic, wildcards, NotAction/NotResource, unknowns, roles, trust."""

from __future__ import annotations

import functools
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecskit.iam import (
    AGENT_ACTIONS,
    TASKS_SERVICE,
    Decision,
    ManagedPolicy,
    can_assume,
    container_instance_role,
    evaluate,
    evaluate_role,
    service_linked_role,
)
from ecskit.iam.trust import EC2_SERVICE, trust_policy
from ecskit.models.iam import ConditionValue, Effect, PolicyDocument, PolicyVersion, Principal, Role, Statement

V12 = PolicyVersion.V2012_10_17
SECRET = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf"


def doc(*statements: Statement, version: PolicyVersion | None = V12) -> PolicyDocument:
    return PolicyDocument(version=version, statement=statements)


def allow(
    action: str | tuple[str, ...] | None = "*",
    resource: str | tuple[str, ...] | None = "*",
    condition: dict[str, dict[str, ConditionValue]] | None = None,
    **kw: object,
) -> Statement:
    return Statement(effect=Effect.ALLOW, action=action, resource=resource, condition=condition, **kw)  # type: ignore[arg-type]


def deny(
    action: str | tuple[str, ...] | None = "*",
    resource: str | tuple[str, ...] | None = "*",
    condition: dict[str, dict[str, ConditionValue]] | None = None,
    **kw: object,
) -> Statement:
    return Statement(effect=Effect.DENY, action=action, resource=resource, condition=condition, **kw)  # type: ignore[arg-type]


def decide(*statements: Statement, action: str = "s3:GetObject", resource: str = "arn:aws:s3:::b/k") -> Decision:
    return evaluate([doc(*statements)], action, resource).decision


# -- the decision logic ----------------------------------------------------------------------------------------------


def test_no_policy_is_an_implicit_deny() -> None:
    result = evaluate([], "s3:GetObject", "arn:aws:s3:::b/k")
    assert result.decision is Decision.IMPLICIT_DENY
    assert not result.allowed
    assert result.statements == ()


def test_allow_and_the_statements_that_decided() -> None:
    first, second = allow("s3:GetObject"), allow("s3:*", sid="Everything")
    result = evaluate([doc(first), doc(second, allow("ec2:*"))], "s3:GetObject", "arn:aws:s3:::b/k")
    assert result.decision is Decision.ALLOWED
    assert result.allowed
    assert result.statements == (first, second)


def test_explicit_deny_wins_and_names_the_deny() -> None:
    denial = deny("s3:Get*", "arn:aws:s3:::b/*")
    result = evaluate([doc(allow()), doc(denial)], "s3:GetObject", "arn:aws:s3:::b/k")
    assert result.decision is Decision.EXPLICIT_DENY
    assert result.statements == (denial,)


# IAM takes an action as ``service:action`` with wildcards in the action only (see ecskit.iam.grammar).
ACTION_PATTERN = st.one_of(st.just("*"), st.text(alphabet="aAbB*?", max_size=8).map(lambda a: f"sB:{a}"))
ACTION_TEXT = st.text(alphabet="aAbB:", max_size=8).map(lambda a: f"sb:{a}")


def reference_match(pattern: str, text: str) -> bool:
    """A wildcard matcher written independently of the evaluator: ``*`` any run, ``?`` one character."""

    @functools.cache
    def match(i: int, j: int) -> bool:
        if i == len(pattern):
            return j == len(text)
        if pattern[i] == "*":
            return match(i + 1, j) or (j < len(text) and match(i, j + 1))
        return j < len(text) and pattern[i] in ("?", text[j]) and match(i + 1, j + 1)

    return match(0, 0)


@given(pattern=ACTION_PATTERN, action=ACTION_TEXT)
def test_action_wildcards_agree_with_a_reference_matcher(pattern: str, action: str) -> None:
    allowed = decide(allow(pattern), action=action) is Decision.ALLOWED
    assert allowed == reference_match(pattern.lower(), action.lower())


@given(pattern=st.text(alphabet="aA/:*?", max_size=8), resource=st.text(alphabet="aA/:", max_size=8))
def test_resource_wildcards_agree_with_a_reference_matcher(pattern: str, resource: str) -> None:
    # IAM takes a Resource that is an ARN or "*" (see ecskit.iam.grammar)
    allowed = decide(allow("*", f"arn:{pattern}"), resource=f"arn:{resource}") is Decision.ALLOWED
    assert allowed == reference_match(pattern, resource)


@given(
    allows=st.lists(
        st.sampled_from(["*", "s3:*", "s3:Get*", "s3:GetObject", "S3:GETOBJECT", "s3:GetObjec?"]), max_size=5
    ),
    denials=st.lists(st.sampled_from(["*", "s3:*", "s3:GetObject", "s3:*Object"]), min_size=1, max_size=3),
    data=st.data(),
)
def test_deny_beats_allow_in_any_order(allows: list[str], denials: list[str], data: st.DataObject) -> None:
    statements = [allow(a) for a in allows] + [deny(d) for d in denials]
    shuffled = data.draw(st.permutations(statements))
    split = data.draw(st.integers(0, len(shuffled)))
    result = evaluate([doc(*shuffled[:split]), doc(*shuffled[split:])], "s3:GetObject", "arn:aws:s3:::b/k")
    assert result.decision is Decision.EXPLICIT_DENY
    assert result.statements
    assert all(s.effect is Effect.DENY for s in result.statements)


def test_actions_ignore_case_resources_do_not() -> None:
    assert decide(allow("S3:getobject")) is Decision.ALLOWED
    assert decide(allow("*", "arn:aws:s3:::B/k")) is Decision.IMPLICIT_DENY


def test_star_crosses_colons_and_slashes() -> None:
    resource = "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:app/1"
    assert decide(allow("*", "arn:aws:logs:*:log-group:/ecs/*"), resource=resource) is Decision.ALLOWED


def test_the_service_prefix_is_part_of_the_action() -> None:
    assert decide(allow("s4:GetObject")) is Decision.IMPLICIT_DENY
    # IAM refuses an action without its service ("Actions/Conditions must be prefaced by a vendor")
    assert decide(allow("GetObject")) is Decision.UNDETERMINED


def test_not_action_and_not_resource() -> None:
    everything_but_iam = allow(None, "*", not_action="iam:*")
    assert decide(everything_but_iam, action="ecr:BatchGetImage") is Decision.ALLOWED
    assert decide(everything_but_iam, action="iam:PassRole") is Decision.IMPLICIT_DENY
    outside_prod = allow("s3:*", None, not_resource=("arn:aws:s3:::prod", "arn:aws:s3:::prod/*"))
    assert decide(outside_prod, resource="arn:aws:s3:::dev/k") is Decision.ALLOWED
    assert decide(outside_prod, resource="arn:aws:s3:::prod/k") is Decision.IMPLICIT_DENY
    assert decide(allow(), deny(None, "*", not_action="s3:*"), action="ec2:RunInstances") is Decision.EXPLICIT_DENY


def test_a_statement_without_action_never_allows() -> None:
    # IAM refuses it ("Policy statement must contain actions.")
    assert decide(allow(None)) is Decision.UNDETERMINED


# -- what cannot be evaluated ----------------------------------------------------------------------------------------

VPCE = {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}


def test_an_allow_with_an_unknown_condition_is_undetermined() -> None:
    conditional = allow("s3:GetObject", condition=VPCE)  # type: ignore[arg-type]
    result = evaluate([doc(conditional)], "s3:GetObject", "arn:aws:s3:::b/k")
    assert result.decision is Decision.UNDETERMINED
    assert result.statements == (conditional,)
    assert result.unevaluated == (
        "statement 0 of policies[0]: StringEquals aws:SourceVpce: the key is not in the context",
    )
    known = evaluate(
        [doc(conditional)], "s3:GetObject", "arn:aws:s3:::b/k", context={"aws:SourceVpce": "vpce-1a2b3c4d"}
    )
    assert known.decision is Decision.ALLOWED
    other = evaluate([doc(conditional)], "s3:GetObject", "arn:aws:s3:::b/k", context={"aws:SourceVpce": "vpce-9"})
    assert other.decision is Decision.IMPLICIT_DENY


def test_an_unconditional_allow_decides_despite_a_conditional_one() -> None:
    result = evaluate([doc(allow("s3:GetObject", condition=VPCE), allow("s3:*"))], "s3:GetObject", "arn:aws:s3:::b/k")  # type: ignore[arg-type]
    assert result.decision is Decision.ALLOWED


def test_a_deny_with_an_unknown_condition_makes_an_allow_undetermined() -> None:
    conditional = deny("*", condition={"Bool": {"aws:SecureTransport": "false"}}, sid="TlsOnly")
    result = evaluate([doc(allow(), conditional)], "s3:GetObject", "arn:aws:s3:::b/k")
    assert result.decision is Decision.UNDETERMINED
    assert result.statements == (conditional,)
    assert result.unevaluated == (
        "statement 'TlsOnly' of policies[0]: Bool aws:SecureTransport: the key is not in the context",
    )
    # without an allow it is denied either way
    assert evaluate([doc(conditional)], "s3:GetObject", "arn:aws:s3:::b/k").decision is Decision.IMPLICIT_DENY
    # strict: the key is absent, so the deny does not apply
    strict = evaluate([doc(allow(), conditional)], "s3:GetObject", "arn:aws:s3:::b/k", strict_context=True)
    assert strict.decision is Decision.ALLOWED
    # a certain deny still wins over the unknown
    assert decide(allow(), conditional, deny("s3:*")) is Decision.EXPLICIT_DENY


def test_strict_context_follows_iam() -> None:
    result = evaluate([doc(allow("s3:GetObject", condition=VPCE))], "s3:GetObject", "x", strict_context=True)  # type: ignore[arg-type]
    assert result.decision is Decision.IMPLICIT_DENY
    assert result.unevaluated == ()


def test_an_unknown_operator_never_allows() -> None:
    result = evaluate([doc(allow(condition={"StringSortOf": {"k": "v"}}))], "s3:GetObject", "x", context={"k": "v"})
    assert result.decision is Decision.UNDETERMINED
    assert "StringSortOf: an operator this evaluator does not know" in result.unevaluated[0]


def test_policy_variables_in_resources() -> None:
    home = allow("s3:*", "arn:aws:s3:::home/${aws:username}/*")
    alice = {"aws:username": "alice"}
    assert evaluate([doc(home)], "s3:GetObject", "arn:aws:s3:::home/alice/k", context=alice).allowed
    assert not evaluate([doc(home)], "s3:GetObject", "arn:aws:s3:::home/bob/k", context=alice).allowed
    unknown = evaluate([doc(home)], "s3:GetObject", "arn:aws:s3:::home/alice/k")
    assert unknown.decision is Decision.UNDETERMINED
    assert unknown.unevaluated == (
        "statement 0 of policies[0]: Resource 'arn:aws:s3:::home/${aws:username}/*': "
        "the policy variable ${aws:username} is not in the context",
    )
    strict = evaluate([doc(home)], "s3:GetObject", "arn:aws:s3:::home/alice/k", strict_context=True)
    assert strict.decision is Decision.IMPLICIT_DENY
    # the substituted value is literal text, not a pattern
    star = {"aws:username": "*"}
    assert not evaluate([doc(home)], "s3:GetObject", "arn:aws:s3:::home/alice/k", context=star).allowed
    assert evaluate([doc(home)], "s3:GetObject", "arn:aws:s3:::home/*/k", context=star).allowed


def test_variables_only_in_version_2012_10_17() -> None:
    old = doc(allow("s3:*", "arn:aws:s3:::home/${aws:username}"), version=PolicyVersion.V2008_10_17)
    assert not evaluate([old], "s3:GetObject", "arn:aws:s3:::home/alice", context={"aws:username": "alice"}).allowed
    assert evaluate([old], "s3:GetObject", "arn:aws:s3:::home/${aws:username}").allowed
    unversioned = doc(allow("s3:*", "arn:aws:s3:::home/${aws:username}"), version=None)
    assert evaluate([unversioned], "s3:GetObject", "arn:aws:s3:::home/${aws:username}").allowed


def test_escapes_match_literal_characters() -> None:
    exact = allow("s3:*", "arn:aws:s3:::b/a${*}b${?}")
    assert decide(exact, resource="arn:aws:s3:::b/a*b?") is Decision.ALLOWED
    assert decide(exact, resource="arn:aws:s3:::b/axxbc") is Decision.IMPLICIT_DENY


# -- roles -----------------------------------------------------------------------------------------------------------


def role(**kw: object) -> Role:
    return Role(role_name="r", assume_role_policy=trust_policy(TASKS_SERVICE), **kw)  # type: ignore[arg-type]


def test_role_reads_inline_and_managed_policies() -> None:
    mine = role(
        inline_policies={"secrets": doc(allow("secretsmanager:GetSecretValue", SECRET))},
        managed_policy_arns=(ManagedPolicy.TASK_EXECUTION.arn(),),
    )
    assert evaluate_role(mine, "secretsmanager:GetSecretValue", SECRET).allowed
    assert evaluate_role(mine, "ecr:BatchGetImage", "arn:aws:ecr:us-east-1:111122223333:repository/web").allowed
    assert evaluate_role(mine, "ssm:GetParameters", "*").decision is Decision.IMPLICIT_DENY


def test_an_unknown_managed_policy_might_grant() -> None:
    arn = "arn:aws:iam::111122223333:policy/team-secrets"
    mine = role(managed_policy_arns=(arn,))
    result = evaluate_role(mine, "secretsmanager:GetSecretValue", SECRET)
    assert result.decision is Decision.UNDETERMINED
    assert result.unevaluated == (f"managed policy {arn}: its document is not known (pass it in managed=)",)
    # something else allows: still undetermined, since the unknown policy may deny
    both = attrs.evolve(mine, inline_policies={"p": doc(allow())})
    maybe = evaluate_role(both, "secretsmanager:GetSecretValue", SECRET)
    assert maybe.decision is Decision.UNDETERMINED
    assert maybe.unevaluated == result.unevaluated
    # and a certain deny still decides
    denied = attrs.evolve(mine, inline_policies={"p": doc(allow(), deny("secretsmanager:*"))})
    assert evaluate_role(denied, "secretsmanager:GetSecretValue", SECRET).decision is Decision.EXPLICIT_DENY
    # given its document, it is read
    given_doc = {arn: doc(allow("secretsmanager:GetSecretValue", SECRET))}
    assert evaluate_role(mine, "secretsmanager:GetSecretValue", SECRET, managed=given_doc).allowed
    other = evaluate_role(mine, "secretsmanager:GetSecretValue", SECRET + "x", managed=given_doc)
    assert other.decision is Decision.IMPLICIT_DENY


def test_permissions_boundary() -> None:
    boundary = "arn:aws:iam::111122223333:policy/boundary"
    mine = role(inline_policies={"p": doc(allow())}, permissions_boundary=boundary)
    only_s3 = {boundary: doc(allow("s3:*"))}
    assert evaluate_role(mine, "s3:GetObject", "x", managed=only_s3).allowed
    assert evaluate_role(mine, "ec2:RunInstances", "x", managed=only_s3).decision is Decision.IMPLICIT_DENY
    no_delete = {boundary: doc(allow(), deny("s3:Delete*"))}
    assert evaluate_role(mine, "s3:DeleteObject", "x", managed=no_delete).decision is Decision.EXPLICIT_DENY
    unknown = evaluate_role(mine, "s3:GetObject", "x")
    assert unknown.decision is Decision.UNDETERMINED
    assert unknown.unevaluated[-1].startswith(f"permissions boundary {boundary}")
    vpce = {boundary: doc(allow("*", condition=VPCE))}  # type: ignore[arg-type]
    assert evaluate_role(mine, "s3:GetObject", "x", managed=vpce).decision is Decision.UNDETERMINED
    # the boundary grants nothing by itself
    empty = role(permissions_boundary=boundary)
    assert evaluate_role(empty, "s3:GetObject", "x", managed=only_s3).decision is Decision.IMPLICIT_DENY


def test_container_instance_role_allows_the_agent() -> None:
    for instance_role in (container_instance_role(), container_instance_role(inline=True)):
        for action in AGENT_ACTIONS:
            assert evaluate_role(instance_role, action, "*").allowed, action
        tag = evaluate_role(instance_role, "ecs:TagResource", "*")
        assert tag.decision is Decision.UNDETERMINED
        context = {"ecs:CreateAction": "RegisterContainerInstance"}
        assert evaluate_role(instance_role, "ecs:TagResource", "*", context=context).allowed
        assert not evaluate_role(instance_role, "ecs:TagResource", "*", context={"ecs:CreateAction": "RunTask"}).allowed
        assert not evaluate_role(instance_role, "ecs:RunTask", "*").allowed
    assert AGENT_ACTIONS[0] == "ecs:Poll"


def test_service_linked_role_can_manage_task_networking() -> None:
    slr = service_linked_role()
    assert evaluate_role(slr, "ec2:CreateNetworkInterface", "*").allowed
    assert evaluate_role(slr, "elasticloadbalancing:RegisterTargets", "*").allowed
    assert not evaluate_role(slr, "iam:CreateRole", "*").allowed


# -- trust -----------------------------------------------------------------------------------------------------------


def trusting(statement: Statement) -> Role:
    return Role(role_name="r", assume_role_policy=doc(statement))


def test_can_assume_with_the_confused_deputy_condition() -> None:
    mine = Role(role_name="r", assume_role_policy=trust_policy(TASKS_SERVICE, source_account="111122223333"))
    assert can_assume(mine, TASKS_SERVICE, account="111122223333").allowed
    assert can_assume(mine, TASKS_SERVICE, account="444455556666").decision is Decision.IMPLICIT_DENY
    unknown = can_assume(mine, TASKS_SERVICE)
    assert unknown.decision is Decision.UNDETERMINED
    assert unknown.unevaluated == (
        "statement 0 of the trust policy: StringEquals aws:SourceAccount: the key is not in the context",
    )
    assert can_assume(mine, TASKS_SERVICE, strict_context=True).decision is Decision.IMPLICIT_DENY
    assert can_assume(mine, EC2_SERVICE, account="111122223333").decision is Decision.IMPLICIT_DENY
    # the context's own aws:SourceAccount wins over account=
    context = {"aws:SourceAccount": "444455556666"}
    assert not can_assume(mine, TASKS_SERVICE, account="111122223333", context=context).allowed
    assert unknown.action == "sts:AssumeRole"
    assert unknown.resource == "arn:aws:iam::*:role/r"


def test_can_assume_with_source_arn() -> None:
    trust = trust_policy(TASKS_SERVICE, source_arn="arn:aws:ecs:us-east-1:111122223333:*")
    mine = Role(role_name="r", assume_role_policy=trust)
    assert can_assume(mine, TASKS_SERVICE).decision is Decision.UNDETERMINED
    task = {"aws:SourceArn": "arn:aws:ecs:us-east-1:111122223333:task/c/0123"}
    assert can_assume(mine, TASKS_SERVICE, context=task).allowed


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        ("*", Decision.ALLOWED),
        ({"AWS": "*"}, Decision.ALLOWED),
        ({"Service": ("ec2.amazonaws.com", "ECS-TASKS.amazonaws.com")}, Decision.ALLOWED),
        ({"Service": "ec2.amazonaws.com"}, Decision.IMPLICIT_DENY),
        ({"AWS": "arn:aws:iam::111122223333:root"}, Decision.IMPLICIT_DENY),
    ],
)
def test_trust_principals(principal: Principal, expected: Decision) -> None:
    statement = Statement(effect=Effect.ALLOW, principal=principal, action="sts:AssumeRole")
    assert can_assume(trusting(statement), TASKS_SERVICE).decision is expected


def test_trust_not_principal_and_deny() -> None:
    everyone_else = Statement(effect=Effect.ALLOW, not_principal={"Service": "ec2.amazonaws.com"}, action="sts:*")
    assert can_assume(trusting(everyone_else), TASKS_SERVICE).allowed
    assert not can_assume(trusting(everyone_else), EC2_SERVICE).allowed
    no_principal = Statement(effect=Effect.ALLOW, action="sts:AssumeRole")
    assert not can_assume(trusting(no_principal), TASKS_SERVICE).allowed
    allow_tasks = Statement(effect=Effect.ALLOW, principal={"Service": TASKS_SERVICE}, action="sts:AssumeRole")
    deny_all = Statement(effect=Effect.DENY, principal="*", action="sts:AssumeRole")
    both = Role(role_name="r", assume_role_policy=doc(allow_tasks, deny_all))
    assert can_assume(both, TASKS_SERVICE).decision is Decision.EXPLICIT_DENY
    web_identity = Statement(
        effect=Effect.ALLOW, principal={"Service": TASKS_SERVICE}, action="sts:AssumeRoleWithWebIdentity"
    )
    assert not can_assume(trusting(web_identity), TASKS_SERVICE).allowed


# -- never fail open (issue 18) --------------------------------------------------------------------------------------


def test_a_deny_with_a_defaulted_variable_is_not_skipped_when_the_key_is_not_given() -> None:
    """AWS substitutes the default only when the request has no value for the key ("Specifying default values",
    IAM User Guide): a key the caller did not give may be there, and the Deny may apply."""
    denial = deny("s3:*", "arn:aws:s3:::b/${aws:username, 'nobody'}/*")
    policy = doc(allow("s3:*"), denial)
    unknown = evaluate([policy], "s3:GetObject", "arn:aws:s3:::b/alice/k")
    assert unknown.decision is Decision.UNDETERMINED
    assert unknown.statements == (denial,)
    assert unknown.unevaluated == (
        "statement 1 of policies[0]: Resource \"arn:aws:s3:::b/${aws:username, 'nobody'}/*\": "
        "the policy variable ${aws:username} is not in the context",
    )
    alice = {"aws:username": "alice"}
    assert (
        evaluate([policy], "s3:GetObject", "arn:aws:s3:::b/alice/k", context=alice).decision is Decision.EXPLICIT_DENY
    )
    assert evaluate([policy], "s3:GetObject", "arn:aws:s3:::b/bob/k", context=alice).allowed
    # the strict reading: the key is absent, so the default stands in
    strict = evaluate([policy], "s3:GetObject", "arn:aws:s3:::b/nobody/k", strict_context=True)
    assert strict.decision is Decision.EXPLICIT_DENY
    assert evaluate([policy], "s3:GetObject", "arn:aws:s3:::b/alice/k", strict_context=True).allowed
    # whatever the value, the Deny cannot match another bucket: still certain
    assert evaluate([policy], "s3:GetObject", "arn:aws:s3:::other/alice/k").allowed


def wrong(item: Statement, **changes: Any) -> Statement:
    """A statement built in code with values of the wrong type (what a type checker would catch, and IAM refuses)."""
    return attrs.evolve(item, **changes)


MALFORMED = [
    (
        "Action and NotAction",
        allow("s3:GetObject", not_action="iam:*"),
        "must have exactly one of Action and NotAction",
    ),
    ("Resource and NotResource", allow("*", "*", not_resource="arn:aws:s3:::b/*"), "has both Resource and NotResource"),
    ("no resource", allow("*", None), "'Policy statement must contain resources.'"),
    ("a resource that is no ARN", allow("*", "bucket/*"), "'Resource bucket/* must be in ARN format or \"*\".'"),
    ("a principal", allow(principal={"AWS": "*"}), "'Policy document should not specify a principal.'"),
    ("no action", allow(None), "must have exactly one of Action and NotAction"),
    ("no service", allow("GetObject"), "'GetObject' is not an action"),
    ("a wildcard service", allow("*:GetObject"), "'*:GetObject' is not an action"),
    ("effect in lower case", wrong(allow(), effect="allow"), "the Effect must be 'Allow' or 'Deny'"),
    ("deny in lower case", wrong(deny(), effect="deny"), "the Effect must be 'Allow' or 'Deny', got 'deny'"),
    ("no effect", wrong(deny(), effect=None), "the Effect must be 'Allow' or 'Deny', got None"),
    ("an action of the wrong type", wrong(allow(), action=5), "an action is a string or a list of strings"),
    ("a condition of the wrong type", wrong(allow(), condition=["x"]), "a Condition maps operators"),
]


@pytest.mark.parametrize(("statement", "problem"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_a_document_iam_refuses_never_allows(statement: Statement, problem: str) -> None:
    """IAM refuses these documents (MalformedPolicyDocument; the texts are in ecskit.iam.grammar): no request is
    decided by one, so the evaluator reads it as a policy it does not know."""
    result = evaluate([doc(statement)], "s3:GetObject", "arn:aws:s3:::b/k")
    assert result.decision is Decision.UNDETERMINED
    assert len(result.unevaluated) == 1
    assert result.unevaluated[0].startswith("policies[0]: IAM refuses this document (MalformedPolicyDocument): ")
    assert problem in result.unevaluated[0]
    # beside a policy that allows: still not allowed; beside one that denies for certain: denied
    assert evaluate([doc(allow()), doc(statement)], "s3:GetObject", "arn:aws:s3:::b/k").decision is (
        Decision.UNDETERMINED
    )
    assert evaluate([doc(deny()), doc(statement)], "s3:GetObject", "arn:aws:s3:::b/k").decision is (
        Decision.EXPLICIT_DENY
    )


def test_duplicate_sids_and_unknown_versions_are_refused() -> None:
    twice = doc(allow(sid="A"), allow(sid="A"))
    assert evaluate([twice], "s3:GetObject", "arn:aws:s3:::b/k").decision is Decision.UNDETERMINED
    version: Any = "2020-01-01"
    odd = attrs.evolve(doc(allow()), version=version)
    result = evaluate([odd], "s3:GetObject", "arn:aws:s3:::b/k")
    assert result.decision is Decision.UNDETERMINED
    assert "the Version must be '2012-10-17' or '2008-10-17', got '2020-01-01'" in result.unevaluated[0]


def test_a_refused_inline_policy_or_boundary_of_a_role() -> None:
    boundary = "arn:aws:iam::111122223333:policy/boundary"
    bad = doc(allow("s3:*", None))
    mine = role(inline_policies={"ok": doc(allow()), "bad": bad})
    result = evaluate_role(mine, "s3:GetObject", "arn:aws:s3:::b/k")
    assert result.decision is Decision.UNDETERMINED
    assert result.unevaluated[0].startswith("inline policy 'bad': IAM refuses this document")
    bounded = role(inline_policies={"ok": doc(allow())}, permissions_boundary=boundary)
    assert evaluate_role(bounded, "s3:GetObject", "x", managed={boundary: bad}).decision is Decision.UNDETERMINED


def test_a_trust_policy_iam_refuses() -> None:
    with_resource = Statement(effect=Effect.ALLOW, principal={"Service": TASKS_SERVICE}, action="sts:*", resource="*")
    assert can_assume(trusting(with_resource), TASKS_SERVICE).decision is Decision.UNDETERMINED
    lower = Statement(effect="allow", principal={"Service": TASKS_SERVICE}, action="sts:AssumeRole")  # type: ignore[arg-type]
    assert can_assume(trusting(lower), TASKS_SERVICE).decision is Decision.UNDETERMINED
