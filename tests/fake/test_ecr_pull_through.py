"""The fake's ECR pull through cache: rules (create, describe, update, delete, validate) checked as ECR checks them,
and what a pull through a rule does (the repository made from its creation template on the first pull, the upstream
image cached, refreshed 24 hours later), through the typed verbs and a boto3 client alike.

Sources are named at each test; the modules' docstrings give the rest (ecskit/backends/fake/api/ecr/pull_through.py,
ecskit/backends/fake/engine/ecr_pull_through.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ParamValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.ecr import ImageRecord
from ecskit.backends.fake.core.ecr_prefixes import PREFIX_PATTERN
from ecskit.backends.fake.engine.ecr_pull_through import repository_for_pull
from ecskit.backends.fake.engine.ecr_repositories import new_repository
from ecskit.codec import from_api
from ecskit.errors import ConversionError, UsageError
from ecskit.models.ecr import (
    BatchGetImageRequest,
    CreatePullThroughCacheRuleRequest,
    CreateRepositoryCreationTemplateRequest,
    DeletePullThroughCacheRuleRequest,
    DescribePullThroughCacheRulesRequest,
    EncryptionConfigurationForRepositoryCreationTemplate,
    EncryptionType,
    ImageIdentifier,
    ImageTagMutability,
    RCTAppliedFor,
    Tag,
    UpdatePullThroughCacheRuleRequest,
    ValidatePullThroughCacheRuleRequest,
)
from tests.support.corpus import REGISTRY_KINDS, corpus_dir, corpus_files
from tests.support.ecr_surfaces import SURFACES, call, refusal

ACCOUNT, REGION = "123456789012", "us-east-1"
SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:ecr-pullthroughcache/docker-hub-AbCdEf"
#: Each upstream ECR supports, with a URL of it and whether it needs a credential (the user guide's
#: https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html and the API reference's URLs).
UPSTREAMS = [
    ("ecr-public", "public.ecr.aws", False),
    ("quay", "quay.io", False),
    ("k8s", "registry.k8s.io", False),
    ("docker-hub", "registry-1.docker.io", True),
    ("github-container-registry", "ghcr.io", True),
    ("gitlab-container-registry", "registry.gitlab.com", True),
    ("azure-container-registry", "myregistry.azurecr.io", True),
    ("chainguard", "cgr.dev", True),
    ("ecr", "210987654321.dkr.ecr.us-west-2.amazonaws.com", False),
]


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend(account=ACCOUNT, region=REGION)


@pytest.fixture(params=SURFACES)
def surface(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def rule(prefix: str = "ecr-public", url: str = "public.ecr.aws", **members: Any) -> CreatePullThroughCacheRuleRequest:
    return CreatePullThroughCacheRuleRequest(ecr_repository_prefix=prefix, upstream_registry_url=url, **members)


def rules_of(fake: FakeBackend) -> list[str]:
    return [r.ecr_repository_prefix or "" for r in fake.records().ecr.pull_through.values()]


# -- rules -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("registry", "url", "credentials"), UPSTREAMS, ids=[u[0] for u in UPSTREAMS])
def test_every_upstream_is_created_and_read_back(
    fake: FakeBackend, surface: str, registry: str, url: str, credentials: bool
) -> None:
    """The upstream registry is told from the URL; an ECR upstream shows upstreamRepositoryPrefix ROOT ("When this
    field isn't specified, Amazon ECR will use the ROOT", CreatePullThroughCacheRule's reference)."""
    extra = {"credential_arn": SECRET} if credentials else {}
    created = call(fake, surface, rule("cache", url, **extra))
    assert created["upstreamRegistry"] == registry
    assert created["registryId"] == ACCOUNT
    (described,) = call(fake, surface, DescribePullThroughCacheRulesRequest(ecr_repository_prefixes=("cache",)))[
        "pullThroughCacheRules"
    ]
    assert described["ecrRepositoryPrefix"] == "cache"
    assert described["upstreamRegistryUrl"] == url
    assert described["upstreamRegistry"] == registry
    assert described.get("credentialArn") == extra.get("credential_arn")
    assert described.get("upstreamRepositoryPrefix") == ("ROOT" if registry == "ecr" else None)


def test_an_unknown_upstream_url_is_refused_with_ecrs_text(fake: FakeBackend, surface: str) -> None:
    """AWS's answer for a URL of no supported registry, quoted in https://github.com/goharbor/harbor/issues/20174."""
    assert refusal(fake, surface, rule("harbor", "harbor.example.com")) == (
        "UnsupportedUpstreamRegistryException",
        "The upstream registry URL harbor.example.com is invalid. Specify a valid upstream registry URL and try again",
    )
    assert rules_of(fake) == []


def test_the_named_upstream_registry_must_be_the_urls(fake: FakeBackend, surface: str) -> None:
    code, _ = refusal(fake, surface, rule("quay", "quay.io", upstream_registry="docker-hub", credential_arn=SECRET))
    assert code == "UnsupportedUpstreamRegistryException"
    assert call(fake, surface, rule("quay", "quay.io", upstream_registry="quay"))["upstreamRegistry"] == "quay"


@pytest.mark.parametrize(("registry", "url"), [(r, u) for r, u, c in UPSTREAMS if c])
def test_upstreams_that_need_authentication_need_a_credential(
    fake: FakeBackend, surface: str, registry: str, url: str
) -> None:
    """ "UnsupportedUpstreamRegistryException: The specified upstream registry requires authentication" (a public
    note in imsameerkhan12/devops-master-prep quotes AWS's answer for ghcr.io without one)."""
    assert refusal(fake, surface, rule("cache", url)) == (
        "UnsupportedUpstreamRegistryException",
        "The specified upstream registry requires authentication",
    )


@pytest.mark.parametrize(
    "arn",
    [
        f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:docker-hub-credentials-AbCdEf",  # not ecr-pullthroughcache/
        f"arn:aws:iam::{ACCOUNT}:role/ecr-pullthroughcache/not-a-secret-at-all",
        f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:ecr-pullthroughcache/",  # no name after the prefix
    ],
)
def test_a_credential_arn_outside_the_pattern_is_refused(fake: FakeBackend, surface: str, arn: str) -> None:
    code, message = refusal(fake, surface, rule("hub", "registry-1.docker.io", credential_arn=arn))
    assert code == "InvalidParameterException"
    assert message.startswith("Invalid parameter at 'credentialArn' failed to satisfy constraint")


def test_the_secret_must_be_of_the_rules_account_and_region(fake: FakeBackend, surface: str) -> None:
    """ "The account and Region that the secret is in must match the account and Region that the pull through cache
    rule is in" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-creating-rule.html)."""
    other_account = SECRET.replace(ACCOUNT, "111122223333")
    other_region = SECRET.replace(REGION, "eu-west-1")
    assert refusal(fake, surface, rule("hub", "registry-1.docker.io", credential_arn=other_account))[0] == (
        "UnableToAccessSecretException"
    )
    assert refusal(fake, surface, rule("hub", "registry-1.docker.io", credential_arn=other_region))[0] == (
        "SecretNotFoundException"
    )
    assert rules_of(fake) == []


@pytest.mark.parametrize(
    "prefix", ["Docker-Hub", "hub//images", "-hub", "hub_", "a" * 31, "hub..io", "ROOT/", "hub\n", "ROOT\n"]
)
def test_a_prefix_outside_the_pattern_is_refused_with_ecrs_text(fake: FakeBackend, surface: str, prefix: str) -> None:
    """The form of ECR's answer is quoted in a CloudFormation log ("Invalid parameter at 'ecrRepositoryPrefix' failed
    to satisfy constraint: 'Member must satisfy regular expression pattern: ..."':
    https://garbe.io/blog/2024/04/09/bypass-docker-hub-rate-limits-with-ecr-pullthrough-cache/)."""
    code, message = refusal(fake, surface, rule(prefix))
    assert code == "InvalidParameterException"
    assert message.startswith("Invalid parameter at 'ecrRepositoryPrefix' failed to satisfy constraint: 'Member must")


def test_botocore_refuses_a_one_letter_prefix_before_it_is_sent(fake: FakeBackend) -> None:
    with pytest.raises(ParamValidationError):
        fake.client("ecr").create_pull_through_cache_rule(ecrRepositoryPrefix="a", upstreamRegistryUrl="quay.io")
    assert refusal(fake, "typed", rule("a"))[0] == "InvalidParameterException"


@settings(max_examples=60, deadline=None)
@given(prefix=st.text(alphabet="abcAB09._-/", min_size=2, max_size=32))
def test_any_prefix_is_either_a_rule_or_refused_with_ecrs_code(prefix: str) -> None:
    fake = FakeBackend()
    fits = re.match(PREFIX_PATTERN, prefix) is not None and len(prefix) <= 30
    if fits:
        assert call(fake, "typed", rule(prefix))["ecrRepositoryPrefix"] == prefix
    else:
        assert refusal(fake, "typed", rule(prefix))[0] == "InvalidParameterException"
        assert rules_of(fake) == []


def test_no_prefix_is_reserved(fake: FakeBackend, surface: str) -> None:
    """No public source reserves a prefix; an AWS sample caches public.ecr.aws under ``aws``
    (aws-samples/terraform-eks-code, cicd/ecr-pull-through.tf)."""
    assert call(fake, surface, rule("aws"))["ecrRepositoryPrefix"] == "aws"
    assert call(fake, surface, rule("ecr", "quay.io"))["ecrRepositoryPrefix"] == "ecr"


def test_a_root_rule_takes_no_upstream_prefix_of_its_own(fake: FakeBackend, surface: str) -> None:
    """ "You can set the upstream repository prefix only when the Amazon ECR repository prefix has a non-ROOT value"
    (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private-wildcards.html)."""
    ecr = "210987654321.dkr.ecr.us-west-2.amazonaws.com"
    assert refusal(fake, surface, rule("ROOT", ecr, upstream_repository_prefix="team-a"))[0] == (
        "InvalidParameterException"
    )
    assert call(fake, surface, rule("ROOT", ecr, upstream_repository_prefix="ROOT"))["ecrRepositoryPrefix"] == "ROOT"
    assert call(fake, surface, rule("my-app", ecr, upstream_repository_prefix="upstream-app"))[
        "upstreamRepositoryPrefix"
    ] == ("upstream-app")


def test_one_rule_per_prefix(fake: FakeBackend, surface: str) -> None:
    """A second rule of a prefix is PullThroughCacheRuleAlreadyExistsException (what the Terraform AWS provider's
    acceptance test TestAccECRPullThroughCacheRule_failWhenAlreadyExists expects); ``hub/`` is ``hub``, since "there
    is always an assumed / applied to the end of the prefix"."""
    call(fake, surface, rule("hub", "quay.io"))
    for again in ("hub", "hub/"):
        code, message = refusal(fake, surface, rule(again, "public.ecr.aws"))
        assert code == "PullThroughCacheRuleAlreadyExistsException"
        assert message == "A pull through cache rule with these settings already exists for the private registry."
    assert rules_of(fake) == ["hub"]


def test_fifty_rules_per_registry(fake: FakeBackend, surface: str) -> None:
    """ "Pull through cache rules per registry: 50", not adjustable
    (https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html)."""
    for i in range(50):
        fake.ecr.create_pull_through_cache_rule(rule(f"cache-{i}"))
    code, _ = refusal(fake, surface, rule("one-more"))
    assert code == "LimitExceededException"
    assert len(rules_of(fake)) == 50
    other = FakeBackend(region="eu-west-1")  # the quota is per registry
    assert other.ecr.create_pull_through_cache_rule(rule("one-more")).ecr_repository_prefix == "one-more"


def test_describe_pages_and_names_missing_prefixes(fake: FakeBackend, surface: str) -> None:
    for prefix in ("a1", "b2", "c3"):
        call(fake, surface, rule(prefix))
    first = call(fake, surface, DescribePullThroughCacheRulesRequest(max_results=2))
    assert [r["ecrRepositoryPrefix"] for r in first["pullThroughCacheRules"]] == ["a1", "b2"]
    rest = call(fake, surface, DescribePullThroughCacheRulesRequest(max_results=2, next_token=first["nextToken"]))
    assert [r["ecrRepositoryPrefix"] for r in rest["pullThroughCacheRules"]] == ["c3"]
    assert "nextToken" not in rest
    code, _ = refusal(fake, surface, DescribePullThroughCacheRulesRequest(ecr_repository_prefixes=("a1", "zz")))
    assert code == "PullThroughCacheRuleNotFoundException"


def test_update_changes_the_credential_and_the_time(fake: FakeBackend, surface: str) -> None:
    call(fake, surface, rule("hub", "registry-1.docker.io", credential_arn=SECRET))
    fake.advance(3600)
    renewed = SECRET.replace("AbCdEf", "GhIjKl")
    updated = call(
        fake, surface, UpdatePullThroughCacheRuleRequest(ecr_repository_prefix="hub", credential_arn=renewed)
    )
    assert updated["credentialArn"] == renewed
    (stored,) = fake.records().ecr.pull_through.values()
    assert stored.credential_arn == renewed
    assert stored.updated_at is not None
    assert stored.created_at is not None
    assert (stored.updated_at - stored.created_at).total_seconds() == 3600
    outside = SECRET.replace("ecr-pullthroughcache/", "other/")
    assert refusal(
        fake, surface, UpdatePullThroughCacheRuleRequest(ecr_repository_prefix="hub", credential_arn=outside)
    )[0] == ("InvalidParameterException")
    assert fake.records().ecr.pull_through["hub"].credential_arn == renewed  # the refused update changed nothing
    code, message = refusal(fake, surface, UpdatePullThroughCacheRuleRequest(ecr_repository_prefix="gone"))
    assert (code, message) == (
        "PullThroughCacheRuleNotFoundException",
        "The pull through cache rule was not found. Specify a valid pull through cache rule and try again.",
    )


def test_delete_and_validate(fake: FakeBackend, surface: str) -> None:
    call(fake, surface, rule("quay", "quay.io"))
    valid = call(fake, surface, ValidatePullThroughCacheRuleRequest(ecr_repository_prefix="quay"))
    assert valid["isValid"] is True
    assert "failure" not in valid
    deleted = call(fake, surface, DeletePullThroughCacheRuleRequest(ecr_repository_prefix="quay"))
    assert deleted["upstreamRegistryUrl"] == "quay.io"
    assert rules_of(fake) == []
    for request in (
        DeletePullThroughCacheRuleRequest(ecr_repository_prefix="quay"),
        ValidatePullThroughCacheRuleRequest(ecr_repository_prefix="quay"),
    ):
        assert refusal(fake, surface, request)[0] == "PullThroughCacheRuleNotFoundException"


def test_another_accounts_registry_is_not_the_callers_to_configure(fake: FakeBackend, surface: str) -> None:
    code, _ = refusal(fake, surface, rule("quay", "quay.io", registry_id="111122223333"))
    assert code == "AccessDeniedException"
    assert fake.scoped(account="111122223333").records().ecr.pull_through == {}


# -- pulls ----------------------------------------------------------------------------------------------------------


def _pull(fake: FakeBackend, name: str, tag: str | None = None, digest: str | None = None) -> Any:
    return repository_for_pull(fake._env(), name, ImageIdentifier(image_tag=tag, image_digest=digest))


def _tagged(fake: FakeBackend, name: str, tag: str) -> ImageRecord | None:
    return fake.records().ecr.repositories[name].store.resolve(ImageIdentifier(image_tag=tag))


def test_no_rule_no_repository(fake: FakeBackend) -> None:
    fake.ecr.create_pull_through_cache_rule(rule("ecr-public"))
    assert _pull(fake, "web/nginx", "latest") is None
    assert _pull(fake, "ecr-public", "latest") is None  # the prefix covers ecr-public/..., not itself
    assert fake.records().ecr.repositories == {}


def test_the_first_pull_creates_the_repository_from_its_template_and_caches_the_image(fake: FakeBackend) -> None:
    """The repository is created with the settings of the template of the rule's prefix ("When using a pull through
    cache rule, the repository prefix you specify during rule creation is what you should specify as your repository
    creation template prefix as well": CreateRepositoryCreationTemplate's reference)."""
    fake.ecr.create_pull_through_cache_rule(rule("ecr-public"))
    lifecycle = json.dumps(
        {
            "rules": [
                {
                    "rulePriority": 1,
                    "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 5},
                    "action": {"type": "expire"},
                }
            ]
        }
    )
    kms = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    fake.ecr.create_repository_creation_template(
        CreateRepositoryCreationTemplateRequest(
            prefix="ecr-public",
            applied_for=(RCTAppliedFor.PULL_THROUGH_CACHE,),
            image_tag_mutability=ImageTagMutability.IMMUTABLE,
            encryption_configuration=EncryptionConfigurationForRepositoryCreationTemplate(
                encryption_type=EncryptionType.KMS, kms_key=kms
            ),
            resource_tags=(Tag(key="team", value="platform"),),
            lifecycle_policy=lifecycle,
        )
    )
    digest = fake.declare_upstream_image("public.ecr.aws", "nginx/nginx", "1.27", layers=(1000, 2000))
    fake.advance(60)
    repository = _pull(fake, "ecr-public/nginx/nginx", "1.27")
    assert repository is fake.records().ecr.repositories["ecr-public/nginx/nginx"]
    assert repository.created_by == "PULL_THROUGH_CACHE"
    assert repository.uri == f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/ecr-public/nginx/nginx"
    assert repository.tag_mutability is ImageTagMutability.IMMUTABLE
    assert repository.encryption.encryption_type is EncryptionType.KMS
    assert repository.encryption.kms_key == kms
    assert repository.tags == (Tag(key="team", value="platform"),)
    assert repository.lifecycle_policy == lifecycle
    assert repository.lifecycle_set_at == fake.clock.now()
    image = _tagged(fake, "ecr-public/nginx/nginx", "1.27")
    assert image is not None
    assert image.digest == digest
    assert image.size == 3000
    assert image.pushed_at == fake.clock.now()
    assert set(image.blobs) <= set(repository.store.blobs)
    assert _pull(fake, "ecr-public/nginx/nginx", "1.27") is repository  # the second pull finds it cached
    assert len(repository.store.images) == 1


def test_without_a_template_a_repository_takes_ecrs_defaults(fake: FakeBackend) -> None:
    """ "These default settings include turning off tag immutability, using AES-256 encryption, and not applying any
    repository or lifecycle policies" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html)."""
    fake.ecr.create_pull_through_cache_rule(rule("quay", "quay.io"))
    repository = _pull(fake, "quay/prometheus/node-exporter", "v1.8.0")
    assert repository.tag_mutability is ImageTagMutability.MUTABLE
    assert repository.encryption.encryption_type is EncryptionType.AES256
    assert repository.policy is None
    assert repository.lifecycle_policy is None
    assert repository.tags == ()


def test_an_image_missing_upstream_is_not_found_in_the_new_repository(fake: FakeBackend) -> None:
    """AWS's troubleshooting page answers a pull of an image the upstream does not hold with "Requested image not
    found", and a missing repository only when the caller may not create it
    (https://docs.aws.amazon.com/AmazonECR/latest/userguide/error-pullthroughcache.html): the repository is made, and
    the image is not there."""
    fake.ecr.create_pull_through_cache_rule(rule("ecr-public"))
    fake.declare_upstream_image("public.ecr.aws", "nginx/nginx", "1.27")
    repository = _pull(fake, "ecr-public/nginx/nginx", "9.99")
    assert repository is not None
    assert repository.store.images == {}
    assert _pull(fake, "ecr-public/nobody/nothing", "latest").store.images == {}


def test_an_uncached_image_pulled_by_digest_is_missing(fake: FakeBackend) -> None:
    """A first pull by digest, or by tag and digest, does not populate the cache: "an uncached image returns as
    missing" (https://github.com/aws/containers-roadmap/issues/2837)."""
    fake.ecr.create_pull_through_cache_rule(rule("ecr-public"))
    digest = fake.declare_upstream_image("public.ecr.aws", "nginx/nginx", "1.27")
    assert _pull(fake, "ecr-public/nginx/nginx", digest=digest).store.images == {}
    assert _pull(fake, "ecr-public/nginx/nginx", "1.27", digest).store.images == {}
    assert digest in _pull(fake, "ecr-public/nginx/nginx", "1.27").store.images


def test_a_cached_tag_is_checked_upstream_again_after_24_hours(fake: FakeBackend) -> None:
    """ "Amazon ECR checks the remote repository up to once per 24 hours to verify whether the cached image is the
    latest version. This timer is based off the last pull of the cached image."
    (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html)."""
    fake.ecr.create_pull_through_cache_rule(rule("hub", "registry-1.docker.io", credential_arn=SECRET))
    old = fake.declare_upstream_image("registry-1.docker.io", "library/redis", "7", layers=(10,))
    _pull(fake, "hub/library/redis", "7")
    new = fake.declare_upstream_image("registry-1.docker.io", "library/redis", "7", layers=(20,))
    assert new != old
    fake.advance(23 * 3600)
    _pull(fake, "hub/library/redis", "7")
    assert (image := _tagged(fake, "hub/library/redis", "7")) is not None
    assert image.digest == old
    fake.advance(3600)
    _pull(fake, "hub/library/redis", "7")
    assert (image := _tagged(fake, "hub/library/redis", "7")) is not None
    assert image.digest == new
    store = fake.records().ecr.repositories["hub/library/redis"].store
    assert store.images[old].tags == []  # the old image stays, untagged


def test_a_multi_architecture_image_is_cached_whole(fake: FakeBackend) -> None:
    """ "When a multi-architecture image is pulled using a pull through cache rule, the manifest list and each image
    referenced in the manifest list are pulled" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html)."""
    fake.ecr.create_pull_through_cache_rule(rule("quay", "quay.io"))
    amd = fake.declare_upstream_image("quay.io", "coreos/etcd", None, layers=(100,))
    arm = fake.declare_upstream_image("quay.io", "coreos/etcd", "arm-only", layers=(200, 300))
    index = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [
                {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": d, "size": 500}
                for d in (amd, arm)
            ],
        }
    )
    top = fake.declare_upstream_image("quay.io", "coreos/etcd", "v3.5", manifest=index)
    store = _pull(fake, "quay/coreos/etcd", "v3.5").store
    assert set(store.images) == {top, amd, arm}
    assert store.images[top].manifest == index
    assert store.images[top].children == (amd, arm)
    assert all(set(store.images[d].blobs) <= set(store.blobs) for d in (amd, arm))


@pytest.mark.parametrize(
    ("cache", "upstream", "name", "upstream_name"),
    [
        ("ecr-public", None, "ecr-public/my-app/image1", "my-app/image1"),
        ("ROOT", "ROOT", "my-app/image1", "my-app/image1"),
        ("team-a", "team-a", "team-a/myapp/image1", "team-a/myapp/image1"),
        ("my-app", "upstream-app", "my-app/image1", "upstream-app/image1"),
    ],
)
def test_ecr_to_ecr_names_map_as_the_user_guides_table(
    fake: FakeBackend, cache: str, upstream: str | None, name: str, upstream_name: str
) -> None:
    """The mapping table of https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private-wildcards.html;
    an ECR upstream is another registry of the fake, read as it is."""
    source = fake.scoped(account="210987654321", region="us-west-2")
    stored = new_repository(source._env(), upstream_name)
    image = ImageRecord(digest="sha256:" + "ab" * 32, manifest="{}", media_type="x", pushed_at=fake.clock.now(), size=7)
    stored.store.images[image.digest] = image
    stored.store.put_tag("v1", image)
    url = "210987654321.dkr.ecr.us-west-2.amazonaws.com"
    fake.ecr.create_pull_through_cache_rule(rule(cache, url, upstream_repository_prefix=upstream))
    cached = _pull(fake, name, "v1")
    assert cached.name == name
    assert cached.store.resolve(ImageIdentifier(image_tag="v1")).digest == image.digest


def test_the_longest_rule_prefix_applies(fake: FakeBackend) -> None:
    fake.ecr.create_pull_through_cache_rule(rule("mirror", "quay.io"))
    fake.ecr.create_pull_through_cache_rule(rule("mirror/hub", "registry-1.docker.io", credential_arn=SECRET))
    fake.declare_upstream_image("registry-1.docker.io", "library/redis", "7")
    fake.declare_upstream_image("quay.io", "hubless/redis", "7")
    assert _pull(fake, "mirror/hub/library/redis", "7").store.images  # from Docker Hub: library/redis
    assert _pull(fake, "mirror/hubless/redis", "7").store.images  # from Quay: hubless/redis


def test_deleting_a_rule_keeps_what_it_cached(fake: FakeBackend) -> None:
    """ "Deleting a pull through cache rule doesn't have any effect on the repositories or images that were cached, it
    only stops future caching behavior" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html)."""
    fake.ecr.create_pull_through_cache_rule(rule("ecr-public"))
    fake.declare_upstream_image("public.ecr.aws", "nginx/nginx", "1.27")
    _pull(fake, "ecr-public/nginx/nginx", "1.27")
    fake.ecr.delete_pull_through_cache_rule(DeletePullThroughCacheRuleRequest(ecr_repository_prefix="ecr-public"))
    assert _tagged(fake, "ecr-public/nginx/nginx", "1.27") is not None
    assert _pull(fake, "ecr-public/other/image", "1") is None


def test_upstream_images_rules_and_caches_survive_save_and_restore(fake: FakeBackend) -> None:
    fake.ecr.create_pull_through_cache_rule(rule("ecr-public"))
    digest = fake.declare_upstream_image("public.ecr.aws", "nginx/nginx", "1.27")
    fake.declare_upstream_image("public.ecr.aws", "nginx/nginx", "1.28")
    _pull(fake, "ecr-public/nginx/nginx", "1.27")
    restored = FakeBackend.restore(fake.save(), account=ACCOUNT, region=REGION)
    assert restored.save() == fake.save()
    assert restored.records().ecr.pull_through == fake.records().ecr.pull_through
    assert _tagged(restored, "ecr-public/nginx/nginx", "1.27") is not None
    assert _tagged(restored, "ecr-public/nginx/nginx", "1.27").digest == digest  # type: ignore[union-attr]
    assert _pull(restored, "ecr-public/nginx/nginx", "1.28").store.resolve(ImageIdentifier(image_tag="1.28"))


@pytest.mark.parametrize(
    ("url", "manifest", "layers", "match"),
    [
        ("123456789012.dkr.ecr.us-east-1.amazonaws.com", None, (1,), "push the image to that registry"),
        ("registry.example.com", None, (1,), "no upstream registry"),
        ("quay.io", "not json", (1,), "not JSON"),
        ("quay.io", '{"mediaType": "x", "layers": 3}', (1,), "neither config and layers"),
        ("quay.io", None, (-1,), "numbers of bytes"),
    ],
)
def test_declaring_a_bad_upstream_image_changes_nothing(
    fake: FakeBackend, url: str, manifest: str | None, layers: tuple[int, ...], match: str
) -> None:
    with pytest.raises(UsageError, match=match):
        fake.declare_upstream_image(url, "some/image", "1", manifest=manifest, layers=layers)
    assert fake._shared.world.upstream.registries == {}


# -- the corpus's pull through cache configurations -------------------------------------------------------------------

PULL_THROUGH = [
    p for p in corpus_files("ecr-registry", skip_module=False) if REGISTRY_KINDS.get(p.stem) == "pull-through-cache"
]


@pytest.mark.skipif(not PULL_THROUGH, reason=f"no corpus at {corpus_dir()}")
@pytest.mark.parametrize("path", PULL_THROUGH, ids=[p.stem for p in PULL_THROUGH])
def test_corpus_configurations(fake: FakeBackend, surface: str, path: Path) -> None:
    """Each pull through cache configuration of the corpus is refused with a message naming what is wrong (the one
    there is CloudFormation's PascalCase, pinned in tests/corpus/test_corpus.py), and with the API's names it is
    accepted and read back, through either surface."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if any(key[:1].isupper() for key in document):
        with pytest.raises(ConversionError) as info:
            from_api(document, CreatePullThroughCacheRuleRequest)
        assert "ecrRepositoryPrefix" in str(info.value)
        with pytest.raises(ParamValidationError, match="EcrRepositoryPrefix"):
            fake.client("ecr").create_pull_through_cache_rule(**document)
        document = {key[:1].lower() + key[1:]: value for key, value in document.items()}
    request = from_api(document, CreatePullThroughCacheRuleRequest)
    call(fake, surface, request)
    (read,) = call(fake, surface, DescribePullThroughCacheRulesRequest())["pullThroughCacheRules"]
    assert {k: read[k] for k in document} == document


def test_batch_get_image_pulls_through_the_cache(fake: FakeBackend, surface: str) -> None:
    """A docker pull of ``<prefix>/<upstream path>:<tag>`` is a BatchGetImage: the first one makes the repository and
    answers with the upstream manifest, byte for byte; a tag the upstream does not hold is ImageNotFound."""
    fake.ecr.create_pull_through_cache_rule(rule("ecr-public"))
    digest = fake.declare_upstream_image("public.ecr.aws", "nginx/nginx", "1.27", layers=(1000,))
    ids = [{"imageTag": "1.27"}, {"imageTag": "0.1"}]
    answer = call(
        fake,
        surface,
        BatchGetImageRequest(
            repository_name="ecr-public/nginx/nginx",
            image_ids=tuple(ImageIdentifier(image_tag=i["imageTag"]) for i in ids),
        ),
    )
    assert [i["imageId"]["imageDigest"] for i in answer["images"]] == [digest]
    assert [f["failureCode"] for f in answer["failures"]] == ["ImageNotFound"]
    cached = fake.records().ecr.repositories["ecr-public/nginx/nginx"].store.images[digest]
    assert answer["images"][0]["imageManifest"] == cached.manifest
    assert cached.last_pulled_at == fake.clock.now()
