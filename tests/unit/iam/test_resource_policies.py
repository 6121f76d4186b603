"""Resource-based policies: principal matching and AWS's same-account and cross-account evaluation logic.

Sources: the IAM User Guide's ``Principal`` page (account principals delegate to the account; a role ARN names the
role's sessions), "Policy evaluation logic" (same account: identity-based or resource-based policy allows),
"Cross-account policy evaluation logic" (both must allow), and "Troubleshoot access denied error messages" (the
``because no <type> policy allows`` / ``with an explicit deny in a <type> policy`` forms). The texts of real
answers: aws-actions/amazon-ecr-login#232 (cross account, no resource-based policy allows ecr:InitiateLayerUpload)
and aws-controllers-k8s/community#1641 (cross account, no identity-based policy allows ecr:BatchGetImage).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.codec import from_api
from ecskit.errors import UsageError
from ecskit.iam import (
    Caller,
    CallerKind,
    Decision,
    Denial,
    PrincipalMatch,
    authorize,
    evaluate,
    evaluate_resource_policy,
    policy_problems,
    principal_match,
    principal_problem,
)
from ecskit.iam.conditions import ContextValue
from ecskit.iam.evaluate import Evaluation
from ecskit.iam.resource_policies import Access
from ecskit.models.iam import PolicyDocument, Principal, Statement

OWNER = "111122223333"
OTHER = "444455556666"
REPO = f"arn:aws:ecr:us-east-1:{OWNER}:repository/web"
PULL = "ecr:BatchGetImage"


def doc(*statements: dict[str, object]) -> PolicyDocument:
    return from_api({"Version": "2012-10-17", "Statement": list(statements)}, PolicyDocument)


def allow(principal: object, *actions: str, **extra: object) -> dict[str, object]:
    return {"Effect": "Allow", "Principal": principal, "Action": list(actions or (PULL,)), **extra}


def deny(principal: object, *actions: str, **extra: object) -> dict[str, object]:
    return {"Effect": "Deny", "Principal": principal, "Action": list(actions or (PULL,)), **extra}


def identity(*actions: str) -> PolicyDocument:
    return doc({"Effect": "Allow", "Action": list(actions), "Resource": "*"})


def access(
    caller: Caller,
    *policies: PolicyDocument,
    identity: Evaluation | None = None,
    action: str = PULL,
    context: dict[str, ContextValue] | None = None,
) -> Access:
    """authorize() on the repository of OWNER."""
    return authorize(
        caller, action, REPO, resource_account=OWNER, resource_policies=policies, identity=identity, context=context
    )


ROLE = Caller.parse(f"arn:aws:iam::{OTHER}:role/ci/puller")
OWN_ROLE = Caller.parse(f"arn:aws:iam::{OWNER}:role/builder")


# -- callers and principals -----------------------------------------------------------------------------------------


def test_parse_callers() -> None:
    assert Caller.parse(f"arn:aws:iam::{OWNER}:root") == Caller.root(OWNER)
    user = Caller.parse(f"arn:aws:iam::{OWNER}:user/team/alice")
    assert (user.kind, user.account, user.name) == (CallerKind.USER, OWNER, "alice")
    assert (ROLE.kind, ROLE.name, ROLE.role_arn) == (CallerKind.ROLE, "puller", ROLE.arn)
    session = Caller.parse(f"arn:aws:sts::{OTHER}:assumed-role/puller/task-1")
    assert (session.kind, session.name, session.role_arn) == (CallerKind.ASSUMED_ROLE, "puller", None)
    assert Caller.parse("codebuild.amazonaws.com").kind is CallerKind.SERVICE


@pytest.mark.parametrize("text", ["*", OWNER, "arn:aws:iam::account-id:root", "arn:aws:s3:::bucket", "nobody"])
def test_what_is_no_single_caller_is_refused(text: str) -> None:
    with pytest.raises(UsageError):
        Caller.parse(text)


def test_account_principals_delegate_to_every_principal_of_the_account() -> None:
    # "The account ARN and the shortened account ID behave the same way" (IAM Principal page).
    forms: tuple[Principal, ...] = ({"AWS": OTHER}, {"AWS": f"arn:aws:iam::{OTHER}:root"})
    for principal in forms:
        assert principal_match(principal, ROLE) is PrincipalMatch.ACCOUNT
        assert principal_match(principal, Caller.root(OTHER)) is PrincipalMatch.ACCOUNT
        assert principal_match(principal, OWN_ROLE) is PrincipalMatch.NONE


def test_a_role_arn_names_the_role_and_its_sessions() -> None:
    named: Principal = {"AWS": f"arn:aws:iam::{OTHER}:role/ci/puller"}
    assert principal_match(named, ROLE) is PrincipalMatch.SPECIFIC
    assert principal_match(named, ROLE.session("task-1")) is PrincipalMatch.SPECIFIC
    # A session known only by its STS ARN (no path) is matched on the role's account and name.
    bare = Caller.parse(f"arn:aws:sts::{OTHER}:assumed-role/puller/task-1")
    assert principal_match(named, bare) is PrincipalMatch.SPECIFIC
    assert principal_match({"AWS": f"arn:aws:iam::{OTHER}:role/other"}, bare) is PrincipalMatch.NONE
    assert principal_match({"AWS": f"arn:aws:iam::{OWNER}:role/ci/puller"}, ROLE) is PrincipalMatch.NONE


def test_everyone_and_services() -> None:
    service = Caller.parse("codebuild.amazonaws.com")
    assert principal_match("*", ROLE) is PrincipalMatch.SPECIFIC
    assert principal_match({"AWS": "*"}, service) is PrincipalMatch.SPECIFIC
    assert principal_match({"Service": "codebuild.amazonaws.com"}, service) is PrincipalMatch.SPECIFIC
    assert principal_match({"Service": "codebuild.amazonaws.com"}, ROLE) is PrincipalMatch.NONE
    assert principal_match({"AWS": OWNER}, service) is PrincipalMatch.NONE


@settings(max_examples=40, deadline=None)
@given(st.from_regex(r"\d{12}", fullmatch=True), st.from_regex(r"\d{12}", fullmatch=True))
def test_an_account_principal_names_its_own_callers_only(mine: str, theirs: str) -> None:
    caller = Caller.parse(f"arn:aws:iam::{mine}:user/u")
    assert principal_match({"AWS": mine}, caller) is PrincipalMatch.ACCOUNT
    expected = PrincipalMatch.ACCOUNT if theirs == mine else PrincipalMatch.NONE
    assert principal_match({"AWS": f"arn:aws:iam::{theirs}:root"}, caller) is expected


@pytest.mark.parametrize(
    ("kind", "value", "fragment"),
    [
        ("AWS", "arn:aws:iam::account-id:root", "12 digits"),
        ("AWS", "arn:aws:iam::111111:root", "12 digits"),
        ("AWS", "${aws_iam_role.test.arn}", "not a principal"),
        ("AWS", "123", "12 digits"),
        ("AWS", "arn:aws:iam::111122223333:*", "not a principal"),
        ("Service", "codebuild", "not a service principal"),
        ("Aws", "*", "not a principal type"),
    ],
)
def test_principal_problems(kind: str, value: str, fragment: str) -> None:
    problem = principal_problem(kind, value)
    assert problem is not None
    assert fragment in problem


@pytest.mark.parametrize(
    "value",
    ["*", OWNER, f"arn:aws:iam::{OWNER}:root", f"arn:aws:iam::{OWNER}:role/a/b/c", f"arn:aws-cn:iam::{OWNER}:user/u"],
)
def test_principals_iam_takes(value: str) -> None:
    assert principal_problem("AWS", value) is None


# -- one account ----------------------------------------------------------------------------------------------------


def test_same_account_root_needs_no_policy_but_an_explicit_deny_stops_it() -> None:
    root = Caller.root(OWNER)
    assert access(root).allowed
    refused = access(root, doc(deny("*")))
    assert (refused.decision, refused.denial) == (Decision.EXPLICIT_DENY, Denial.RESOURCE_DENY)
    assert refused.message.endswith(f"on resource: {REPO} with an explicit deny in a resource-based policy")


def test_same_account_identity_or_resource_policy_allows() -> None:
    none = evaluate([identity("ecr:ListImages")], PULL, REPO)
    assert access(OWN_ROLE, identity=evaluate([identity(PULL)], PULL, REPO)).allowed
    assert access(OWN_ROLE, doc(allow({"AWS": OWN_ROLE.arn})), identity=none).allowed
    refused = access(OWN_ROLE, identity=none)
    assert (refused.decision, refused.denial) == (Decision.IMPLICIT_DENY, Denial.NO_IDENTITY_ALLOW)


def test_same_account_grant_to_the_account_delegates_to_the_identity_policy() -> None:
    none = evaluate([identity("ecr:ListImages")], PULL, REPO)
    assert access(OWN_ROLE, doc(allow({"AWS": OWNER})), identity=none).denial is Denial.NO_IDENTITY_ALLOW
    assert access(OWN_ROLE, doc(allow("*")), identity=none).allowed


# -- across accounts ------------------------------------------------------------------------------------------------


def test_cross_account_needs_the_resource_policy() -> None:
    root = Caller.root(OTHER)
    refused = access(root)
    assert refused.denial is Denial.NO_RESOURCE_ALLOW
    assert refused.message == (
        f"User: arn:aws:iam::{OTHER}:root is not authorized to perform: {PULL} on resource: {REPO} "
        f"because no resource-based policy allows the {PULL} action"
    )
    granted = doc(allow({"AWS": f"arn:aws:iam::{OTHER}:root"}))
    assert access(root, granted).allowed
    assert access(root, granted, action="ecr:PutImage").denial is Denial.NO_RESOURCE_ALLOW


def test_cross_account_needs_the_identity_policy_too() -> None:
    granted = doc(allow({"AWS": OTHER}))
    without = evaluate([identity("ecr:ListImages")], PULL, REPO)
    refused = access(ROLE, granted, identity=without)
    assert refused.denial is Denial.NO_IDENTITY_ALLOW
    assert refused.message.endswith(f"because no identity-based policy allows the {PULL} action")
    assert access(ROLE, granted, identity=evaluate([identity(PULL)], PULL, REPO)).allowed
    # A grant to the role itself is still not enough across accounts.
    assert not access(ROLE, doc(allow({"AWS": ROLE.arn})), identity=without).allowed


def test_an_identity_deny_wins_across_accounts() -> None:
    denying = evaluate([doc({"Effect": "Deny", "Action": "ecr:*", "Resource": "*"})], PULL, REPO)
    refused = access(ROLE, doc(allow("*")), identity=denying)
    assert (refused.decision, refused.denial) == (Decision.EXPLICIT_DENY, Denial.IDENTITY_DENY)
    assert refused.message.endswith(f"on resource: {REPO} with an explicit deny in an identity-based policy")


def test_not_principal_applies_to_everyone_else() -> None:
    policy = doc({"Effect": "Deny", "NotPrincipal": {"AWS": f"arn:aws:iam::{OTHER}:root"}, "Action": PULL})
    assert access(Caller.root(OWNER), policy).denial is Denial.RESOURCE_DENY
    assert access(Caller.root(OTHER), policy).denial is Denial.NO_RESOURCE_ALLOW  # not denied, not granted either


# -- conditions and resources ---------------------------------------------------------------------------------------


def test_principal_keys_are_known_from_the_caller() -> None:
    policy = doc(allow("*", Condition={"StringEquals": {"aws:PrincipalAccount": OTHER}}))
    assert evaluate_resource_policy([policy], ROLE, PULL, REPO).decision is Decision.ALLOWED
    stranger = Caller.root("999999999999")
    assert evaluate_resource_policy([policy], stranger, PULL, REPO).decision is Decision.IMPLICIT_DENY


def test_undecidable_conditions_are_undetermined() -> None:
    by_org = doc(allow("*", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-1234567890"}}))
    undecided = access(ROLE, by_org)
    assert undecided.decision is Decision.UNDETERMINED
    assert any("aws:PrincipalOrgID" in note for note in undecided.resource_evaluation.unevaluated)
    # A Deny that might apply keeps an otherwise allowed request undetermined (the user guide's IP example).
    by_ip = doc(deny("*", "ecr:*", Condition={"NotIpAddress": {"aws:SourceIp": "54.240.143.0/24"}}))
    root = Caller.root(OWNER)
    assert access(root, by_ip).decision is Decision.UNDETERMINED
    assert access(root, by_ip, context={"aws:SourceIp": "54.240.143.7"}).allowed
    assert access(root, by_ip, context={"aws:SourceIp": "10.0.0.1"}).denial is Denial.RESOURCE_DENY


def test_registry_policy_resources_are_matched() -> None:
    policy = doc(
        allow({"AWS": OTHER}, "ecr:CreateRepository", Resource=f"arn:aws:ecr:us-east-1:{OWNER}:repository/prod-*")
    )
    prod = f"arn:aws:ecr:us-east-1:{OWNER}:repository/prod-web"
    assert evaluate_resource_policy([policy], ROLE, "ecr:CreateRepository", prod).allowed
    assert not evaluate_resource_policy([policy], ROLE, "ecr:CreateRepository", REPO).allowed


# -- documents IAM would not take -----------------------------------------------------------------------------------


def test_policy_problems() -> None:
    assert policy_problems(doc(allow({"AWS": OTHER}))) == ()
    found = policy_problems(
        doc(
            {"Sid": "A", "Effect": "Allow", "Action": PULL},
            {"Sid": "B", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::<account>:root"}, "Action": "pull"},
            allow("*", Resource="*"),
        ),
        resource_allowed=False,
    )
    assert found == (
        "statement 'A' has no Principal (a resource-based policy names whom it applies to)",
        "statement 'B': 'arn:aws:iam::<account>:root' is not a principal: the account id must be 12 digits",
        "statement 'B': 'pull' is not an action ('service:Action', wildcards allowed)",
        "statement 2 has a Resource: this policy applies to the resource it is attached to, and names none",
    )
    assert policy_problems(from_api({"Statement": []}, PolicyDocument)) == ("the policy has no statement",)


def test_a_resource_policy_iam_refuses_never_allows() -> None:
    """A document IAM would not take decides nothing: the answer is one that holds whatever it said (issue 18)."""
    refused = doc({"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": PULL, "NotAction": "ecr:PutImage"})
    granted = evaluate_resource_policy([refused], ROLE, PULL, REPO)
    assert granted.decision is Decision.UNDETERMINED
    assert granted.unevaluated == (
        "resource policy 0: IAM refuses this document (MalformedPolicyDocument): "
        "statement 0 must have exactly one of Action and NotAction",
    )
    # the caller's own account grants: still undetermined, since the refused document might deny
    assert access(OWN_ROLE, refused, identity=evaluate([identity(PULL)], PULL, REPO)).decision is Decision.UNDETERMINED
    # across accounts, nothing grants for certain
    assert access(ROLE, refused, identity=evaluate([identity(PULL)], PULL, REPO)).decision is Decision.UNDETERMINED
    # a certain deny in another policy still decides
    denied = access(ROLE, refused, doc(deny("*")), identity=None)
    assert denied.decision is Decision.EXPLICIT_DENY
    assert denied.denial is Denial.RESOURCE_DENY


def test_policy_problems_of_statements_built_in_code() -> None:
    built = PolicyDocument(statement=Statement(effect="deny", principal="*", action=5))  # type: ignore[arg-type]
    assert policy_problems(built) == (
        "statement 0: the Effect must be 'Allow' or 'Deny', got 'deny'",
        "statement 0: an action is a string or a list of strings, got 5",
    )
