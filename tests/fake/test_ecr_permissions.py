"""Permissions in the fake's ECR: repository and registry policies, cross-account access, principals other than the
root user, and the policy operations' exceptions.

Sources: the IAM User Guide's cross-account evaluation logic (both the resource-based and the identity-based policy
must allow) and "Troubleshoot access denied error messages"; real answers quoted in public issues:
aws-actions/amazon-ecr-login#232 (``... because no resource-based policy allows the ecr:InitiateLayerUpload
action``), aws-controllers-k8s/community#1641 (``... because no identity-based policy allows ...``),
awsdocs/amazon-ecr-user-guide#13 (``... with an explicit deny``), awsdocs/amazon-ecr-user-guide#20 and
aws/aws-cdk#3583 (a repository policy with a Resource: ``Invalid parameter at 'PolicyText' failed to satisfy
constraint: 'Invalid repository policy provided'``), cloudposse/terraform-aws-ecr#67 (ecr:GetAuthorizationToken
in a repository policy: the same). The AWS CLI's set-repository-policy example shows the policy text ECR answers
with.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.engine.ecr_access import access
from ecskit.errors import UsageError
from ecskit.iam import Decision, Denial
from ecskit.models.ecr import (
    CreateRepositoryRequest,
    DeleteRegistryPolicyRequest,
    DeleteRepositoryPolicyRequest,
    DescribeRepositoriesRequest,
    GetRegistryPolicyRequest,
    GetRepositoryPolicyRequest,
    ListTagsForResourceRequest,
    PutAccountSettingRequest,
    PutRegistryPolicyRequest,
    SetRepositoryPolicyRequest,
)
from ecskit.models.iam import Effect, PolicyDocument, PolicyVersion, Role, Statement
from tests.support.fake_ecr import OTHER, OWNER, REGION, grant, policy, refusal, repository

ARN = f"arn:aws:ecr:{REGION}:{OWNER}:repository/web"
PULL = ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability")
PUSH = ("ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload")
OTHER_ROOT = f"arn:aws:iam::{OTHER}:root"


@pytest.fixture
def fake() -> FakeBackend:
    made = FakeBackend()
    repository(made)
    return made


def _set(fake: FakeBackend, text: str, name: str = "web", **extra: Any) -> str:
    answer = fake.ecr.set_repository_policy(SetRepositoryPolicyRequest(repository_name=name, policy_text=text, **extra))
    assert answer.policy_text is not None
    return answer.policy_text


def _decision(fake: FakeBackend, action: str, *, by: FakeBackend) -> tuple[Decision, Denial | None, str]:
    """What the engine decides for ``by``'s caller taking ``action`` on the repository ``web`` of ``fake``'s account
    (the image handlers call the same function for pushes and pulls)."""
    env = by._env()
    where = fake._env()
    found = access(env, where, where.state.ecr.repositories["web"], action)
    return found.decision, found.denial, found.message


# -- repository policies: set, read, delete ---------------------------------------------------------------------------


def test_a_repository_policy_is_answered_as_ecr_reprints_it(fake: FakeBackend) -> None:
    # The AWS CLI's set-repository-policy example: its file, and the policyText ECR answers with.
    sent = (
        '{\n    "Version" : "2008-10-17",\n    "Statement" : [ \n        {\n            "Sid" : "allow public pull",\n'
        '            "Effect" : "Allow",\n            "Principal" : "*",\n            "Action" : [\n'
        '                "ecr:BatchCheckLayerAvailability",\n                "ecr:BatchGetImage",\n'
        '                "ecr:GetDownloadUrlForLayer" \n            ]\n        }\n    ]\n}'
    )
    answered = (
        '{\n  "Version" : "2008-10-17",\n  "Statement" : [ {\n    "Sid" : "allow public pull",\n'
        '    "Effect" : "Allow",\n    "Principal" : "*",\n    "Action" : [ "ecr:BatchCheckLayerAvailability", '
        '"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer" ]\n  } ]\n}'
    )
    assert _set(fake, sent) == answered
    got = fake.client("ecr").get_repository_policy(repositoryName="web")
    assert (got["registryId"], got["repositoryName"], got["policyText"]) == (OWNER, "web", answered)
    deleted = fake.ecr.delete_repository_policy(DeleteRepositoryPolicyRequest(repository_name="web"))
    assert deleted.policy_text == answered
    for request in (
        GetRepositoryPolicyRequest(repository_name="web"),
        DeleteRepositoryPolicyRequest(repository_name="web"),
    ):
        error = refusal(fake, request)
        assert (error.code, error.message) == (
            "RepositoryPolicyNotFoundException",
            f"Repository policy does not exist for the repository with name 'web' in the registry with id '{OWNER}'",
        )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("not json", "not JSON"),
        ('["a list"]', "not an object"),
        (json.dumps({"Statement": {"Effect": "Allow", "Principal": "*"}}), "no action"),
        (policy({"Effect": "Allow", "Action": "ecr:BatchGetImage"}), "no principal"),
        (policy(grant("*", "ecr:BatchGetImage", Resource="*")), "a Resource (awsdocs/amazon-ecr-user-guide#20)"),
        (policy(grant("*", "ecr:GetAuthorizationToken")), "a registry action (cloudposse/terraform-aws-ecr#67)"),
        (policy(grant("*", "ecr-public:*")), "an action of ECR Public"),
        (policy(grant({"AWS": "arn:aws:iam::<account>:root"}, "ecr:BatchGetImage")), "a placeholder principal"),
        (policy(grant({"AWS": "arn:aws:iam::123:user/u"}, "ecr:BatchGetImage")), "a 3-digit account"),
        (
            policy(grant("*", "ecr:BatchGetImage"), {"Effect": "Maybe", "Principal": "*", "Action": "ecr:*"}),
            "an effect",
        ),
        (policy(grant("*", "ecr:BatchGetImage", Sid="x" * 10300)), "over 10,240 characters"),
    ],
)
def test_policies_ecr_refuses(fake: FakeBackend, text: str, why: str) -> None:
    error = refusal(fake, SetRepositoryPolicyRequest(repository_name="web", policy_text=text))
    assert error.code == "InvalidParameterException", why
    if len(text) <= 10240:
        assert error.message == (
            "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'"
        )
    else:
        assert error.message == (
            "Invalid parameter at 'PolicyText' failed to satisfy constraint: "
            "'must have length less than or equal to 10240'"
        )


def test_wildcard_actions_that_name_repository_actions_are_taken(fake: FakeBackend) -> None:
    _set(fake, policy(grant({"AWS": OTHER}, "ecr:*"), grant({"AWS": OTHER}, "ecr:Get*", "ecr:Batch?etImage")))


def test_force_keeps_the_caller_from_locking_itself_out_unless_asked(fake: FakeBackend) -> None:
    lock = policy(grant("*", "ecr:SetRepositoryPolicy", effect="Deny"))
    error = refusal(fake, SetRepositoryPolicyRequest(repository_name="web", policy_text=lock))
    assert error.code == "InvalidParameterException"
    _set(fake, lock, force=True)
    denied = refusal(
        fake, SetRepositoryPolicyRequest(repository_name="web", policy_text=policy(grant("*", "ecr:*")), force=True)
    )
    assert (denied.code, denied.message) == (
        "AccessDeniedException",
        f"User: arn:aws:iam::{OWNER}:root is not authorized to perform: ecr:SetRepositoryPolicy on resource: {ARN} "
        "with an explicit deny in a resource-based policy",
    )


def test_a_repository_policy_deny_stops_the_owner_too(fake: FakeBackend) -> None:
    _set(fake, policy(grant("*", *PULL[:2], effect="Deny", Sid="DenyPull")))  # the user guide's example
    decision, denial, message = _decision(fake, "ecr:BatchGetImage", by=fake)
    assert (decision, denial) == (Decision.EXPLICIT_DENY, Denial.RESOURCE_DENY)
    assert message.endswith("with an explicit deny in a resource-based policy")
    assert _decision(fake, "ecr:PutImage", by=fake)[0] is Decision.ALLOWED


# -- another account --------------------------------------------------------------------------------------------------


def test_another_account_pulls_and_pushes_only_as_the_policy_allows(fake: FakeBackend) -> None:
    other = fake.scoped(account=OTHER)
    decision, denial, message = _decision(fake, "ecr:InitiateLayerUpload", by=other)
    assert (decision, denial) == (Decision.IMPLICIT_DENY, Denial.NO_RESOURCE_ALLOW)
    assert message == (
        f"User: {OTHER_ROOT} is not authorized to perform: ecr:InitiateLayerUpload on resource: {ARN} because no "
        "resource-based policy allows the ecr:InitiateLayerUpload action"
    )
    _set(fake, policy(grant({"AWS": OTHER_ROOT}, *PULL, Sid="AllowPull")))
    assert all(_decision(fake, action, by=other)[0] is Decision.ALLOWED for action in PULL)
    assert all(_decision(fake, action, by=other)[1] is Denial.NO_RESOURCE_ALLOW for action in PUSH)
    _set(fake, policy(grant({"AWS": OTHER}, *PULL, *PUSH)))  # the account id form names the same principals
    assert all(_decision(fake, action, by=other)[0] is Decision.ALLOWED for action in PULL + PUSH)
    stranger = fake.scoped(account="999999999999")
    assert _decision(fake, "ecr:BatchGetImage", by=stranger)[1] is Denial.NO_RESOURCE_ALLOW


def test_calls_with_a_registry_id_follow_the_policy(fake: FakeBackend) -> None:
    other = fake.scoped(account=OTHER)
    request = DescribeRepositoriesRequest(registry_id=OWNER, repository_names=("web",))
    error = refusal(other, request)
    assert (error.code, error.message) == (
        "AccessDeniedException",
        f"User: {OTHER_ROOT} is not authorized to perform: ecr:DescribeRepositories on resource: {ARN} because no "
        "resource-based policy allows the ecr:DescribeRepositories action",
    )
    # Another account learns nothing of what is not there: a missing repository is the same refusal.
    missing = refusal(other, DescribeRepositoriesRequest(registry_id=OWNER, repository_names=("absent",)))
    assert missing.code == "AccessDeniedException"
    _set(fake, policy(grant({"AWS": OTHER_ROOT}, "ecr:DescribeRepositories", "ecr:ListTagsForResource")))
    (shown,) = other.ecr.describe_repositories(request).repositories or ()
    assert shown.repository_arn == ARN
    assert other.client("ecr").list_tags_for_resource(resourceArn=ARN)["tags"] == []
    assert refusal(other, GetRepositoryPolicyRequest(registry_id=OWNER, repository_name="web")).code == (
        "AccessDeniedException"
    )
    bad = refusal(other, DescribeRepositoriesRequest(registry_id="12345"))
    assert (bad.code, bad.message) == (
        "InvalidParameterException",
        "Invalid parameter at 'registryId' failed to satisfy constraint: 'must satisfy regular expression pattern: "
        "[0-9]{12}'",
    )


def test_a_registry_policy_applies_to_every_request_under_scope_v2(fake: FakeBackend) -> None:
    other = fake.scoped(account=OTHER)
    registry_policy = policy(
        grant(
            {"AWS": OTHER},
            "ecr:DescribeRepositories",
            "ecr:CreateRepository",
            Resource=f"arn:aws:ecr:{REGION}:{OWNER}:repository/*",
        )
    )
    fake.ecr.put_registry_policy(PutRegistryPolicyRequest(policy_text=registry_policy))
    assert other.ecr.describe_repositories(DescribeRepositoriesRequest(registry_id=OWNER)).repositories
    created = other.ecr.create_repository(CreateRepositoryRequest(registry_id=OWNER, repository_name="made-by-other"))
    assert created.repository is not None
    assert created.repository.registry_id == OWNER
    assert "made-by-other" in fake.records().ecr.repositories
    # Under scope V1 the registry policy counts only for replication and pull through cache actions.
    fake.ecr.put_account_setting(PutAccountSettingRequest(name="REGISTRY_POLICY_SCOPE", value="V1"))
    assert refusal(other, DescribeRepositoriesRequest(registry_id=OWNER)).code == "AccessDeniedException"
    other.ecr.create_repository(CreateRepositoryRequest(registry_id=OWNER, repository_name="still-allowed"))


def test_a_role_of_another_account_needs_its_own_policy_too(fake: FakeBackend) -> None:
    role_arn = f"arn:aws:iam::{OTHER}:role/ci"
    ci = fake.scoped(principal=role_arn)
    assert (ci.account, ci.principal) == (OTHER, role_arn)
    _set(fake, policy(grant({"AWS": OTHER}, *PULL, "ecr:ListTagsForResource")))
    # A role that was never declared is taken to allow everything (as the fake does for task roles).
    assert _decision(fake, "ecr:BatchGetImage", by=ci)[0] is Decision.ALLOWED
    trust = PolicyDocument(
        version=PolicyVersion.V2012_10_17,
        statement=(
            Statement(effect=Effect.ALLOW, principal={"Service": "ecs-tasks.amazonaws.com"}, action="sts:AssumeRole"),
        ),
    )
    reads = PolicyDocument(
        version=PolicyVersion.V2012_10_17,
        statement=(Statement(effect=Effect.ALLOW, action=("ecr:ListTagsForResource",), resource="*"),),
    )
    ci.put_role(Role(role_name="ci", assume_role_policy=trust, inline_policies={"reads": reads}))
    decision, denial, message = _decision(fake, "ecr:BatchGetImage", by=ci)
    assert (decision, denial) == (Decision.IMPLICIT_DENY, Denial.NO_IDENTITY_ALLOW)
    assert message == (
        f"User: {role_arn} is not authorized to perform: ecr:BatchGetImage on resource: {ARN} because no "
        "identity-based policy allows the ecr:BatchGetImage action"
    )
    assert ci.client("ecr").list_tags_for_resource(resourceArn=ARN)["tags"] == []


def test_a_role_of_the_owner_needs_its_own_policy_or_the_repositorys(fake: FakeBackend) -> None:
    role_arn = f"arn:aws:iam::{OWNER}:role/builder"
    builder = fake.scoped(principal=role_arn)
    trust = PolicyDocument(
        version=PolicyVersion.V2012_10_17,
        statement=(
            Statement(effect=Effect.ALLOW, principal={"Service": "codebuild.amazonaws.com"}, action="sts:AssumeRole"),
        ),
    )
    builder.put_role(Role(role_name="builder", assume_role_policy=trust, inline_policies={}))
    refused = refusal(builder, ListTagsForResourceRequest(resource_arn=ARN))
    assert refused.message.endswith("because no identity-based policy allows the ecr:ListTagsForResource action")
    _set(fake, policy(grant({"AWS": OWNER}, "ecr:ListTagsForResource")))  # to the account: a delegation, not enough
    assert refusal(builder, ListTagsForResourceRequest(resource_arn=ARN)).code == "AccessDeniedException"
    _set(fake, policy(grant({"AWS": role_arn}, "ecr:ListTagsForResource")))  # to the role itself: enough
    assert builder.client("ecr").list_tags_for_resource(resourceArn=ARN)["tags"] == []


def test_scoped_principals_must_be_iam_principals(fake: FakeBackend) -> None:
    with pytest.raises(UsageError):
        fake.scoped(principal="ecs-tasks.amazonaws.com")
    with pytest.raises(UsageError):
        fake.scoped(account=OWNER, principal=f"arn:aws:iam::{OTHER}:role/ci")
    assert (
        fake.scoped(principal=f"arn:aws:iam::{OTHER}:role/ci").scoped(region="eu-west-1").principal.endswith(":role/ci")
    )
    assert fake.scoped(principal=f"arn:aws:iam::{OTHER}:role/ci").scoped(account=OWNER).principal == (
        f"arn:aws:iam::{OWNER}:root"
    )


# -- registry policies ------------------------------------------------------------------------------------------------


def test_registry_policy_operations(fake: FakeBackend) -> None:
    for request in (GetRegistryPolicyRequest(), DeleteRegistryPolicyRequest()):
        error = refusal(fake, request)
        assert (error.code, error.message) == (
            "RegistryPolicyNotFoundException",
            f"Registry policy does not exist in the registry with id '{OWNER}'",
        )
    text = policy(
        grant({"AWS": f"arn:aws:iam::{OTHER}:root"}, "ecr:CreateRepository", "ecr:ReplicateImage", Resource="*")
    )
    put = fake.client("ecr").put_registry_policy(policyText=text)
    assert (put["registryId"], put["policyText"]) == (OWNER, text)
    assert fake.ecr.get_registry_policy(GetRegistryPolicyRequest()).policy_text == text
    assert fake.ecr.delete_registry_policy(DeleteRegistryPolicyRequest()).policy_text == text
    assert refusal(fake, GetRegistryPolicyRequest()).code == "RegistryPolicyNotFoundException"


@pytest.mark.parametrize(
    "text",
    [
        policy(grant({"AWS": "arn:aws:iam::123:user/sampleuser"}, "ecr:BatchGetImage")),  # pulumi/pulumi-aws#2326
        policy(grant({"AWS": OTHER}, "s3:GetObject")),
        "{",
    ],
)
def test_registry_policies_ecr_refuses(fake: FakeBackend, text: str) -> None:
    error = refusal(fake, PutRegistryPolicyRequest(policy_text=text))
    assert (error.code, error.message) == (
        "InvalidParameterException",
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid registry policy provided'",
    )


def test_a_v1_registry_policy_grants_replication_and_pull_through_cache_only(fake: FakeBackend) -> None:
    push = policy(grant({"AWS": OTHER}, "ecr:PutImage", Resource="*"))
    fake.ecr.put_registry_policy(PutRegistryPolicyRequest(policy_text=push))  # V2: every ECR action
    fake.ecr.put_account_setting(PutAccountSettingRequest(name="REGISTRY_POLICY_SCOPE", value="V1"))
    assert refusal(fake, PutRegistryPolicyRequest(policy_text=push)).code == "InvalidParameterException"
    fake.ecr.put_registry_policy(
        PutRegistryPolicyRequest(
            policy_text=policy(grant({"AWS": OTHER}, "ecr:ReplicateImage", "ecr:CreateRepository"))
        )
    )
