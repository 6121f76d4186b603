"""The fake's ECR repository creation templates: the four calls, checked as ECR checks them, and which template a
repository ECR creates takes (the longest prefix applied for the way it is created, then ROOT), through the typed
verbs and a boto3 client alike (sources in ecskit/backends/fake/api/ecr/templates.py and
ecskit/backends/fake/engine/ecr_templates.py)."""

from __future__ import annotations

import json

import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.engine.ecr_templates import create_from_template, template_for
from ecskit.models.ecr import (
    CreateRepositoryCreationTemplateRequest,
    DeleteRepositoryCreationTemplateRequest,
    DescribeRepositoryCreationTemplatesRequest,
    ImageTagMutability,
    RCTAppliedFor,
    Tag,
    UpdateRepositoryCreationTemplateRequest,
)
from tests.support.ecr_surfaces import SURFACES, call, refusal

PTC, REPLICATION = RCTAppliedFor.PULL_THROUGH_CACHE, RCTAppliedFor.REPLICATION
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AllowPull",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            }
        ],
    }
)


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


@pytest.fixture(params=SURFACES)
def surface(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def template(prefix: str, *applied_for: RCTAppliedFor, **members: object) -> CreateRepositoryCreationTemplateRequest:
    return CreateRepositoryCreationTemplateRequest(prefix=prefix, applied_for=applied_for or (PTC,), **members)  # type: ignore[arg-type]


def test_create_describe_update_delete(fake: FakeBackend, surface: str) -> None:
    created = call(
        fake, surface, template("prod", PTC, REPLICATION, description="prod repos", repository_policy=POLICY)
    )
    assert created["registryId"] == fake.account
    shown = created["repositoryCreationTemplate"]
    assert shown["prefix"] == "prod"
    assert shown["appliedFor"] == ["PULL_THROUGH_CACHE", "REPLICATION"]
    assert shown["imageTagMutability"] == "MUTABLE"  # "If this parameter is omitted, the default setting of MUTABLE"
    assert shown["encryptionConfiguration"] == {"encryptionType": "AES256"}
    assert shown["repositoryPolicy"] == POLICY
    fake.advance(60)
    updated = call(
        fake,
        surface,
        UpdateRepositoryCreationTemplateRequest(prefix="prod", description="changed", applied_for=(REPLICATION,)),
    )["repositoryCreationTemplate"]
    assert updated["description"] == "changed"
    assert updated["appliedFor"] == ["REPLICATION"]
    assert updated["repositoryPolicy"] == POLICY  # left out: kept
    (stored,) = fake.records().ecr.templates.values()
    assert stored.updated_at is not None
    assert stored.created_at is not None
    assert (stored.updated_at - stored.created_at).total_seconds() == 60
    (described,) = call(fake, surface, DescribeRepositoryCreationTemplatesRequest())["repositoryCreationTemplates"]
    assert described["description"] == "changed"
    deleted = call(fake, surface, DeleteRepositoryCreationTemplateRequest(prefix="prod"))
    assert deleted["repositoryCreationTemplate"]["prefix"] == "prod"
    assert fake.records().ecr.templates == {}


def test_update_without_a_mutability_makes_it_mutable(fake: FakeBackend, surface: str) -> None:
    """UpdateRepositoryCreationTemplate's reference: "If this parameter is omitted, the default setting of MUTABLE
    will be used"."""
    call(fake, surface, template("prod", image_tag_mutability=ImageTagMutability.IMMUTABLE))
    updated = call(fake, surface, UpdateRepositoryCreationTemplateRequest(prefix="prod", description="d"))
    assert updated["repositoryCreationTemplate"]["imageTagMutability"] == "MUTABLE"


def test_one_template_per_prefix(fake: FakeBackend, surface: str) -> None:
    call(fake, surface, template("prod"))
    for again in ("prod", "prod/"):
        assert refusal(fake, surface, template(again)) == (
            "TemplateAlreadyExistsException",
            "The repository creation template already exists. Specify a unique prefix and try again.",
        )
    assert list(fake.records().ecr.templates) == ["prod"]


def test_missing_templates(fake: FakeBackend, surface: str) -> None:
    missing = (
        "TemplateNotFoundException",
        "The specified repository creation template can't be found. Verify the registry ID and prefix and try again.",
    )
    assert refusal(fake, surface, UpdateRepositoryCreationTemplateRequest(prefix="prod")) == missing
    assert refusal(fake, surface, DeleteRepositoryCreationTemplateRequest(prefix="prod")) == missing
    call(fake, surface, template("ROOT"))
    named = call(fake, surface, DescribeRepositoryCreationTemplatesRequest(prefixes=("prod", "ROOT")))
    assert [t["prefix"] for t in named["repositoryCreationTemplates"]] == ["ROOT"]


def test_describe_pages(fake: FakeBackend, surface: str) -> None:
    for prefix in ("a", "b", "c"):
        call(fake, surface, template(prefix))
    first = call(fake, surface, DescribeRepositoryCreationTemplatesRequest(max_results=2))
    assert [t["prefix"] for t in first["repositoryCreationTemplates"]] == ["a", "b"]
    rest = call(fake, surface, DescribeRepositoryCreationTemplatesRequest(next_token=first["nextToken"]))
    assert [t["prefix"] for t in rest["repositoryCreationTemplates"]] == ["c"]


@pytest.mark.parametrize(
    ("members", "member", "detail"),
    [
        ({"lifecycle_policy": "not json"}, "lifecyclePolicy", "Lifecycle policy validation failure: "),
        ({"lifecycle_policy": '{"rules": "none"}'}, "lifecyclePolicy", "Lifecycle policy validation failure: "),
        ({"repository_policy": "{not json"}, "repositoryPolicy", "Invalid repository policy provided"),
        ({"repository_policy": '{"Statement": 3}'}, "repositoryPolicy", "Invalid repository policy provided"),
        ({"description": "d" * 257}, "description", "Member must have length less than or equal to 256"),
    ],
)
def test_bad_documents_are_refused(
    fake: FakeBackend, surface: str, members: dict[str, object], member: str, detail: str
) -> None:
    """ECR's form for a bad document on its own call: "Invalid parameter at 'PolicyText' failed to satisfy constraint:
    'Invalid repository policy provided'", and "... 'Lifecycle policy validation failure: ...'"."""
    code, message = refusal(fake, surface, template("prod", **members))
    assert code == "InvalidParameterException"
    assert message.startswith(f"Invalid parameter at '{member}' failed to satisfy constraint: '{detail}")
    assert fake.records().ecr.templates == {}
    call(fake, surface, template("prod"))
    assert refusal(fake, surface, UpdateRepositoryCreationTemplateRequest(prefix="prod", **members))[0] == (  # type: ignore[arg-type]
        "InvalidParameterException"
    )
    (stored,) = fake.records().ecr.templates.values()
    assert stored.lifecycle_policy is None
    assert stored.repository_policy is None
    assert stored.description is None


@pytest.mark.parametrize("prefix", ["Prod", "prod//team", "/prod", "p" * 257])
def test_a_prefix_outside_the_pattern_is_refused(fake: FakeBackend, surface: str, prefix: str) -> None:
    code, message = refusal(fake, surface, template(prefix))
    assert code == "InvalidParameterException"
    assert message.startswith("Invalid parameter at 'prefix' failed to satisfy constraint: 'Member must")


# -- which template a new repository takes -----------------------------------------------------------------------------


def test_the_longest_prefix_applied_for_the_creation_wins_then_root(fake: FakeBackend) -> None:
    """ "a prefix of prod would apply to all repositories beginning with prod/. Similarly, a prefix of prod/team would
    apply to all repositories beginning with prod/team/"; "To apply a template to all repositories in your registry
    that don't have an associated creation template, you can use ROOT" (CreateRepositoryCreationTemplate's
    reference)."""
    for prefix, applied in (("ROOT", (PTC, REPLICATION)), ("prod", (PTC,)), ("prod/team", (REPLICATION,))):
        fake.ecr.create_repository_creation_template(template(prefix, *applied, description=prefix))
    registry = fake.records().ecr

    def chosen(name: str, applied_for: RCTAppliedFor) -> str | None:
        found = template_for(registry, name, applied_for)
        return found.description if found is not None else None

    assert chosen("prod/team/api", REPLICATION) == "prod/team"
    assert chosen("prod/team/api", PTC) == "prod"  # prod/team is not applied for pull through cache
    assert chosen("prod/web", REPLICATION) == "ROOT"
    assert chosen("prod", PTC) == "ROOT"  # prod covers prod/..., not prod itself
    assert chosen("dev/web", PTC) == "ROOT"
    assert chosen("dev/web", RCTAppliedFor.CREATE_ON_PUSH) is None


def test_a_repository_takes_its_templates_settings_once(fake: FakeBackend) -> None:
    """ "The settings in a repository creation template are only applied during repository creation and don't have
    any effect on existing repositories" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html)."""
    fake.ecr.create_repository_creation_template(
        template(
            "mirror",
            REPLICATION,
            image_tag_mutability=ImageTagMutability.IMMUTABLE,
            resource_tags=(Tag(key="owner", value="platform"),),
            repository_policy=POLICY,
        )
    )
    repository = create_from_template(fake._env(), "mirror/web", REPLICATION)
    assert fake.records().ecr.repositories["mirror/web"] is repository
    assert repository.created_by == "REPLICATION"
    assert repository.tag_mutability is ImageTagMutability.IMMUTABLE
    assert repository.tags == (Tag(key="owner", value="platform"),)
    assert repository.policy == POLICY
    fake.ecr.delete_repository_creation_template(DeleteRepositoryCreationTemplateRequest(prefix="mirror"))
    assert repository.tag_mutability is ImageTagMutability.IMMUTABLE
    assert repository.policy == POLICY
    assert create_from_template(fake._env(), "mirror/api", REPLICATION).policy is None
