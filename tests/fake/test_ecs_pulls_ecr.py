"""FakeBackend: ECS tasks pull their images from the fake's ECR (issue 12 item 6).

The texts are those of "CannotPullContainer task errors"
(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html), as each launch type words
them:

* Fargate (containerd): a missing image is "pull image manifest has been retried 1 time(s): failed to resolve ref
  <ref>: <ref>: not found" (a Fargate stop reason quoted in a public README of an Artillery load test:
  ``CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref
  301676560329.dkr.ecr.ap-south-1.amazonaws.com/artillery-pro/aws-ecs-node:v2-...: 301676560329.dkr.ecr...: not
  found``); a refused one ends "pulling from host <host> failed with status code [manifests <tag>]: 403 Forbidden"
  (quoted in aws/containers-roadmap issue 2493 and in public bootcamp journals);
* EC2 (Docker Engine): "manifest for <ref> not found: manifest unknown: Requested image not found" (Docker's text
  with ECR's message, quoted for public.ecr.aws in practo/k8s-worker-pod-autoscaler issue 146), "repository <name>
  not found: name unknown: The repository with name '<repo>' does not exist in the registry with id '<account>'"
  (ECR's NAME_UNKNOWN message, quoted in fabric8io/docker-maven-plugin issue 369; the ECS guide's older "repository
  ... not found" example), and a denied pull as the ECS agent augments it (aws/amazon-ecs-agent pull request 4181,
  agent/api/errormessages/error_messages_test.go: "The task can't pull the image. Check that the role has the
  permissions to pull images from the registry. Error response from daemon: pull access denied for ...").

lastRecordedPullTime: "the date and time ... when Amazon ECR recorded the last image pull" (ECR API reference,
ImageDetail); the fake records every pull, as its BatchGetImage does.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

import pytest

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.ecr import registry_host
from ecskit.backends.fake.core.ecr_public import HOME_REGION
from ecskit.images import TestImage, TestIndex, push_image
from ecskit.models.ecr import (
    CreatePullThroughCacheRuleRequest,
    DescribeImagesRequest,
    ImageDetail,
    ImageIdentifier,
    RegisterPullTimeUpdateExclusionRequest,
    SetRepositoryPolicyRequest,
    TargetStorageClass,
    UpdateImageStorageClassRequest,
)
from ecskit.models.ecr_public import CreateRepositoryRequest as CreatePublicRepositoryRequest
from ecskit.models.ecs import CreateServiceRequest, DescribeServicesRequest, Service, Task, TaskStopCode
from tests.support import ecr_public
from tests.support.fake_ecr import grant, policy, repository
from tests.support.fake_ecs import awsvpc, cluster, container, describe, fargate_taskdef, register, run, taskdef

ACCOUNT, OTHER, REGION = "123456789012", "210987654321", "us-east-1"
HOST = registry_host(ACCOUNT, REGION)
EXECUTION_ROLE = f"arn:aws:iam::{ACCOUNT}:role/web-execution"
NOT_FOUND_EC2 = "CannotPullContainerError: Error response from daemon: manifest for {} not found: manifest unknown: "
NOT_FOUND_FARGATE = "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref "


# -- the fake's ECR, through its API -----------------------------------------------------------------------------


def _push(fake: FakeBackend, name: str, *tags: str, seed: str = "v1") -> str:
    """Push an image to repository ``name`` of ``fake``'s view (made when missing), as docker does, tagged with
    ``tags``; returns its digest."""
    if name not in fake.records().ecr.repositories:
        repository(fake, name)
    image = TestImage(layer_sizes=(512,), seed=seed)
    digest = push_image(fake, image, repository=name, tag=tags[0] if tags else None).digest
    for tag in tags[1:]:
        push_image(fake, image, repository=name, tag=tag)
    return digest


def _detail(fake: FakeBackend, repository: str, digest: str) -> ImageDetail:
    request = DescribeImagesRequest(repository_name=repository, image_ids=(ImageIdentifier(image_digest=digest),))
    (found,) = fake.ecr.describe_images(request).image_details or ()
    return found


# -- running tasks ----------------------------------------------------------------------------------------------


def _fake() -> FakeBackend:
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 0)
    return fake


def _run(fake: FakeBackend, image: str, *, fargate: bool = False, **members: Any) -> Task:
    """Run one task of ``image`` (EC2 bridge, or Fargate), advance a minute, and describe it."""
    if fargate:
        family = fargate_taskdef(fake, "fg", container(image=image), executionRoleArn=EXECUTION_ROLE, **members)
        (task,) = (
            run(fake, cluster="web", taskDefinition=family, launchType="FARGATE", networkConfiguration=awsvpc()).tasks
            or ()
        )
    else:
        family = taskdef(fake, "web", container(image=image), **members)
        (task,) = run(fake, cluster="web", taskDefinition=family).tasks or ()
    fake.advance(60)
    (found,) = describe(fake, "web", task.task_arn)
    return found


def _digest(task: Task) -> str | None:
    (app,) = task.containers or ()
    return app.image_digest


def _reason(task: Task) -> str:
    assert task.last_status == "STOPPED"
    assert task.stop_code == TaskStopCode.TASK_FAILED_TO_START
    (app,) = task.containers or ()
    assert app.reason == task.stopped_reason
    return task.stopped_reason or ""


@pytest.mark.parametrize("fargate", [False, True], ids=["ec2", "fargate"])
def test_a_task_of_a_pushed_image_runs_and_shows_its_digest(fargate: bool) -> None:
    fake = _fake()
    digest = _push(fake, "web", "1.2")
    task = _run(fake, f"{HOST}/web:1.2", fargate=fargate)
    assert task.last_status == "RUNNING"
    (app,) = task.containers or ()
    assert app.image == f"{HOST}/web:1.2"
    assert app.image_digest == digest


def test_a_digest_reference_pulls_that_image_and_a_tag_beside_it_is_ignored() -> None:
    fake = _fake()
    old = _push(fake, "web", seed="v1")
    _push(fake, "web", "stable", seed="v2")
    assert _digest(_run(fake, f"{HOST}/web@{old}")) == old
    # Docker and containerd pull the digest of name:tag@digest; the tag is not looked at.
    assert _digest(_run(fake, f"{HOST}/web:stable@{old}")) == old


def test_a_multi_architecture_image_shows_the_digest_of_its_index() -> None:
    fake = _fake()
    repository(fake, "web")
    index = TestIndex(images=(TestImage(architecture="amd64"), TestImage(architecture="arm64")))
    digest = push_image(fake, index, repository="web", tag="1").digest
    assert _digest(_run(fake, f"{HOST}/web:1")) == digest


def test_an_image_without_tag_or_digest_pulls_latest() -> None:
    fake = _fake()
    digest = _push(fake, "web", "latest")
    assert _digest(_run(fake, f"{HOST}/web")) == digest
    fake = _fake()
    _push(fake, "web", "1.0")
    assert (
        _reason(_run(fake, f"{HOST}/web")) == NOT_FOUND_EC2.format(f"{HOST}/web:latest") + "Requested image not found"
    )


MISSING = [
    (
        f"{HOST}/web:nope",
        NOT_FOUND_EC2.format(f"{HOST}/web:nope") + "Requested image not found",
        f"{NOT_FOUND_FARGATE}{HOST}/web:nope: {HOST}/web:nope: not found",
    ),
    (
        f"{HOST}/web@sha256:{'0' * 64}",
        NOT_FOUND_EC2.format(f"{HOST}/web@sha256:{'0' * 64}") + "Requested image not found",
        f"{NOT_FOUND_FARGATE}{HOST}/web@sha256:{'0' * 64}: {HOST}/web@sha256:{'0' * 64}: not found",
    ),
    (
        f"{HOST}/team/api:1",
        f"CannotPullContainerError: Error response from daemon: repository {HOST}/team/api not found: name "
        f"unknown: The repository with name 'team/api' does not exist in the registry with id '{ACCOUNT}'",
        f"{NOT_FOUND_FARGATE}{HOST}/team/api:1: {HOST}/team/api:1: not found",
    ),
]


@pytest.mark.parametrize(("image", "on_ec2", "on_fargate"), MISSING, ids=["tag", "digest", "repository"])
@pytest.mark.parametrize("fargate", [False, True], ids=["ec2", "fargate"])
def test_a_missing_image_stops_the_task_with_cannot_pull_container_error(
    image: str, on_ec2: str, on_fargate: str, fargate: bool
) -> None:
    fake = _fake()
    _push(fake, "web", "1.2")
    task = _run(fake, image, fargate=fargate)
    assert _reason(task) == (on_fargate if fargate else on_ec2)
    (app,) = task.containers or ()
    assert app.image_digest is None  # it never ran
    assert task.pull_stopped_at is None


def test_an_archived_image_cannot_be_pulled() -> None:
    fake = _fake()
    digest = _push(fake, "web", "1.2")
    archive = ImageIdentifier(image_digest=digest)
    fake.ecr.update_image_storage_class(
        UpdateImageStorageClassRequest(
            repository_name="web", image_id=archive, target_storage_class=TargetStorageClass.ARCHIVE
        )
    )
    assert _reason(_run(fake, f"{HOST}/web:1.2")).startswith(NOT_FOUND_EC2.format(f"{HOST}/web:1.2"))


def test_the_other_ecr_hosts_of_a_registry_pull_from_it() -> None:
    """FIPS, dual-stack and an explicit :443 name the same registry (ECR user guide, "Making requests to Amazon ECR
    registries")."""
    for host in (
        f"{ACCOUNT}.dkr.ecr-fips.{REGION}.amazonaws.com",
        f"{ACCOUNT}.dkr-ecr.{REGION}.on.aws",
        f"{ACCOUNT}.dkr-ecr-fips.{REGION}.on.aws",
        f"{HOST}:443",
    ):
        fake = _fake()
        digest = _push(fake, "web", "1.2")
        assert _digest(_run(fake, f"{host}/web:1.2")) == digest, host
        fake = _fake()
        _push(fake, "web", "1.2")
        assert _reason(_run(fake, f"{host}/web:9")).startswith("CannotPullContainerError"), host


# -- the lenient rule and other registries ----------------------------------------------------------------------


def test_a_registry_without_repositories_is_not_looked_at() -> None:
    """The documented lenient rule: until a registry holds a repository, its images are taken to exist."""
    fake = _fake()
    _push(fake.scoped(region="eu-west-1"), "web", "1.2")  # another registry of the same account is not this one
    task = _run(fake, f"{HOST}/web:never-pushed")
    assert task.last_status == "RUNNING"
    (app,) = task.containers or ()
    assert app.image_digest == "sha256:" + hashlib.sha256(f"{HOST}/web:never-pushed".encode()).hexdigest()


def test_an_image_of_a_registry_the_fake_never_saw_leaves_no_trace() -> None:
    fake = _fake()
    assert _run(fake, f"999999999999.dkr.ecr.{REGION}.amazonaws.com/web:1").last_status == "RUNNING"
    regions = {(r["account"], r["region"]) for r in json.loads(fake.save())["regions"]}
    assert regions == {(ACCOUNT, REGION)}


@pytest.mark.parametrize("image", ["nginx:1.27", "bitnami/redis:7", "ghcr.io/org/app:1", "localhost:5000/app"])
def test_images_outside_ecr_run_as_before(image: str) -> None:
    fake = _fake()
    _push(fake, "web", "1.2")  # the fake's ECR is authoritative for its own registry only
    task = _run(fake, image)
    assert task.last_status == "RUNNING"
    (app,) = task.containers or ()
    assert app.image_digest == "sha256:" + hashlib.sha256(image.encode()).hexdigest()


# -- services ---------------------------------------------------------------------------------------------------


def _service(fake: FakeBackend, image: str, **members: Any) -> None:
    family = taskdef(fake, "web", container(image=image))
    doc = {"cluster": "web", "serviceName": "web", "taskDefinition": family, "desiredCount": 1, **members}
    fake.create_service(from_api(doc, CreateServiceRequest))


def _described(fake: FakeBackend) -> Service:
    (service,) = fake.describe_services(DescribeServicesRequest(cluster="web", services=("web",))).services or ()
    return service


def test_a_service_keeps_starting_tasks_while_its_image_is_missing_then_runs_once_it_is_pushed() -> None:
    fake = _fake()
    _push(fake, "web", "1.2")
    _service(fake, f"{HOST}/web:1.3")
    fake.advance(120)
    stopped = [t for t in fake.records().tasks.values() if t.last_status == "STOPPED"]
    assert len(stopped) >= 3  # each failed task is replaced at once
    expected = NOT_FOUND_EC2.format(f"{HOST}/web:1.3") + "Requested image not found"
    assert {t.stopped_reason for t in stopped} == {expected}
    service = _described(fake)
    assert service.running_count == 0
    started = [e.message for e in service.events or () if " has started 1 tasks: (task " in (e.message or "")]
    assert len(started) >= len(stopped)
    assert not any("steady state" in (e.message or "") for e in service.events or ())
    digest = _push(fake, "web", "1.3", seed="v1.3")
    fake.advance(120)
    service = _described(fake)
    assert service.running_count == 1
    assert (service.events or ())[0].message == "(service web) has reached a steady state."
    (running,) = [t for t in fake.records().tasks.values() if t.last_status == "RUNNING"]
    assert running.containers[0].image_digest == digest


def test_a_deployment_circuit_breaker_gives_up_on_a_missing_image() -> None:
    fake = _fake()
    _push(fake, "web", "1.2")
    _service(
        fake,
        f"{HOST}/web:1.3",
        deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": False}},
    )
    fake.advance(600)
    (deployment, *_) = _described(fake).deployments or ()
    assert deployment.rollout_state == "FAILED"
    assert deployment.rollout_state_reason == "ECS deployment circuit breaker: tasks failed to start."


# -- another account's registry, and repository policies ---------------------------------------------------------

OTHER_HOST = registry_host(OTHER, REGION)
PULL = ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability")


def _session(task: Task) -> str:
    return f"arn:aws:sts::{ACCOUNT}:assumed-role/web-execution/{(task.task_arn or '').rsplit('/', 1)[-1]}"


def _denied_ec2(task: Task, image: str, why: str, action: str = "ecr:BatchGetImage") -> str:
    name = image.rsplit(":", 1)[0]
    return (
        "CannotPullContainerError: The task can\u2019t pull the image. Check that the role has the permissions to "
        f"pull images from the registry. Error response from daemon: pull access denied for {name}, repository does "
        f"not exist or may require 'docker login': denied: User: {_session(task)} is not authorized to perform: "
        f"{action} on resource: arn:aws:ecr:{REGION}:{OTHER}:repository/shared {why}"
    )


def _share(fake: FakeBackend, *statements: dict[str, Any]) -> str:
    """Repository ``shared`` of the other account, with an image tagged 1 and a policy of ``statements``."""
    other = fake.scoped(account=OTHER)
    digest = _push(other, "shared", "1")
    if statements:
        other.ecr.set_repository_policy(
            SetRepositoryPolicyRequest(repository_name="shared", policy_text=policy(*statements))
        )
    return digest


def test_another_accounts_repository_without_a_policy_refuses_the_pull() -> None:
    fake = _fake()
    digest = _share(fake)
    image = f"{OTHER_HOST}/shared:1"
    task = _run(fake, image, executionRoleArn=EXECUTION_ROLE)
    why = "because no resource-based policy allows the ecr:BatchGetImage action"
    assert _reason(task) == _denied_ec2(task, image, why)
    assert _detail(fake.scoped(account=OTHER), "shared", digest).last_recorded_pull_time is None
    assert _reason(_run(fake, image, fargate=True)) == (
        f"{NOT_FOUND_FARGATE}{image}: pulling from host {OTHER_HOST} failed with status code [manifests 1]: "
        "403 Forbidden"
    )


def test_a_repository_policy_that_lets_the_execution_role_pull_lets_its_tasks_run() -> None:
    """Cross-account pulls need the repository policy (ECR user guide, "Allow another account": the
    BatchGetImage, GetDownloadUrlForLayer and BatchCheckLayerAvailability actions)."""
    fake = _fake()
    digest = _share(fake, grant({"AWS": EXECUTION_ROLE}, *PULL))
    task = _run(fake, f"{OTHER_HOST}/shared:1", executionRoleArn=EXECUTION_ROLE)
    assert task.last_status == "RUNNING"
    assert _digest(task) == digest
    assert _detail(
        fake.scoped(account=OTHER), "shared", digest
    ).last_recorded_pull_time == fake.clock.now() - datetime.timedelta(seconds=60)
    # Another role of the same account is not named by the policy.
    other_role = _run(fake, f"{OTHER_HOST}/shared:1", executionRoleArn=f"arn:aws:iam::{ACCOUNT}:role/batch")
    assert "pull access denied" in _reason(other_role)
    # Granting the account lets every principal of it pull (its own permissions permitting).
    fake = _fake()
    _share(fake, grant({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, *PULL))
    assert _run(fake, f"{OTHER_HOST}/shared:1").last_status == "RUNNING"


def test_a_policy_that_allows_the_manifest_but_not_the_layers_still_refuses() -> None:
    fake = _fake()
    _share(fake, grant({"AWS": EXECUTION_ROLE}, "ecr:BatchGetImage"))
    image = f"{OTHER_HOST}/shared:1"
    task = _run(fake, image, executionRoleArn=EXECUTION_ROLE)
    why = "because no resource-based policy allows the ecr:GetDownloadUrlForLayer action"
    assert _reason(task) == _denied_ec2(task, image, why, "ecr:GetDownloadUrlForLayer")


def test_an_explicit_deny_refuses_even_in_the_same_account() -> None:
    fake = _fake()
    _push(fake, "web", "1")
    deny = policy(grant({"AWS": EXECUTION_ROLE}, "ecr:BatchGetImage", effect="Deny"))
    fake.ecr.set_repository_policy(SetRepositoryPolicyRequest(repository_name="web", policy_text=deny))
    task = _run(fake, f"{HOST}/web:1", executionRoleArn=EXECUTION_ROLE)
    assert _reason(task).endswith(
        f"is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:{REGION}:{ACCOUNT}:repository/web "
        "with an explicit deny in a resource-based policy"
    )
    assert _run(fake, f"{HOST}/web:1").last_status == "RUNNING"  # the instance role is not denied


def test_without_an_execution_role_an_ec2_task_pulls_as_its_container_instance() -> None:
    fake = _fake()
    _share(fake)
    task = _run(fake, f"{OTHER_HOST}/shared:1")
    (instance,) = fake.records().instances.values()
    session = f"arn:aws:sts::{ACCOUNT}:assumed-role/ecsInstanceRole/{instance.ec2_instance_id}"
    assert f"User: {session} is not authorized" in _reason(task)


def test_a_refused_pull_learns_nothing_of_the_repository() -> None:
    """As BatchGetImage: access is decided before the repository and the tag are looked up."""
    fake = _fake()
    _share(fake)
    for image in (f"{OTHER_HOST}/shared:missing", f"{OTHER_HOST}/elsewhere:1"):
        assert "pull access denied" in _reason(_run(fake, image, executionRoleArn=EXECUTION_ROLE)), image


# -- lastRecordedPullTime ----------------------------------------------------------------------------------------


def test_every_pull_records_its_virtual_time() -> None:
    fake = _fake()
    digest = _push(fake, "web", "1.2")
    assert _detail(fake, "web", digest).last_recorded_pull_time is None
    start = fake.clock.now()
    _run(fake, f"{HOST}/web:1.2")
    assert _detail(fake, "web", digest).last_recorded_pull_time == start  # a bridge task pulls as RunTask returns
    fake.advance(3600)
    again = fake.clock.now()
    _run(fake, f"{HOST}/web:1.2")
    assert _detail(fake, "web", digest).last_recorded_pull_time == again


def test_a_fargate_task_pulls_after_its_eni_is_attached() -> None:
    fake = _fake()
    digest = _push(fake, "web", "1.2")
    start = fake.clock.now()
    _run(fake, f"{HOST}/web:1.2", fargate=True)
    assert _detail(fake, "web", digest).last_recorded_pull_time == start + datetime.timedelta(seconds=10)


def test_a_role_in_the_pull_time_update_exclusions_leaves_no_pull_time() -> None:
    fake = _fake()
    digest = _push(fake, "web", "1.2")
    fake.ecr.register_pull_time_update_exclusion(RegisterPullTimeUpdateExclusionRequest(principal_arn=EXECUTION_ROLE))
    assert _run(fake, f"{HOST}/web:1.2", executionRoleArn=EXECUTION_ROLE).last_status == "RUNNING"
    assert _detail(fake, "web", digest).last_recorded_pull_time is None
    _run(fake, f"{HOST}/web:1.2")  # the container instance role is not excluded
    assert _detail(fake, "web", digest).last_recorded_pull_time is not None


# -- pull through cache ------------------------------------------------------------------------------------------


def test_a_pull_through_cache_rule_makes_the_repository_on_the_first_pull() -> None:
    fake = _fake()
    fake.ecr.create_pull_through_cache_rule(
        CreatePullThroughCacheRuleRequest(ecr_repository_prefix="quay", upstream_registry_url="quay.io")
    )
    upstream = fake.declare_upstream_image("quay.io", "org/app", "1")
    task = _run(fake, f"{HOST}/quay/org/app:1")
    assert task.last_status == "RUNNING"
    assert _digest(task) == upstream
    assert "quay/org/app" in fake.records().ecr.repositories
    assert _reason(_run(fake, f"{HOST}/quay/org/app:2")) == (
        NOT_FOUND_EC2.format(f"{HOST}/quay/org/app:2") + "Requested image not found"
    )


def test_a_registry_holding_only_rules_is_not_looked_at_for_images_no_rule_covers() -> None:
    fake = _fake()
    fake.ecr.create_pull_through_cache_rule(
        CreatePullThroughCacheRuleRequest(ecr_repository_prefix="quay", upstream_registry_url="quay.io")
    )
    assert _run(fake, f"{HOST}/web:1").last_status == "RUNNING"
    other = _fake()
    other.scoped(account=OTHER).ecr.create_pull_through_cache_rule(
        CreatePullThroughCacheRuleRequest(ecr_repository_prefix="quay", upstream_registry_url="quay.io")
    )
    assert _run(other, f"{OTHER_HOST}/web:1").last_status == "RUNNING"  # not even asked whether it may pull
    assert _reason(_run(fake, f"{HOST}/quay/org/app:1")).startswith(NOT_FOUND_EC2.format(f"{HOST}/quay/org/app:1"))


# -- ECR Public -------------------------------------------------------------------------------------------------


def test_ecr_public_images_of_the_fake_are_pulled_from_it_by_anyone() -> None:
    fake = _fake()
    publisher = fake.scoped(account=OTHER, region=HOME_REGION)
    created = publisher.ecr_public.create_repository(CreatePublicRepositoryRequest(repository_name="tools"))
    uri = (created.repository.repository_uri if created.repository else None) or ""
    digest = ecr_public.put_image(publisher, "tools", "1").digest
    assert _digest(_run(fake, f"{uri}:1")) == digest
    assert _reason(_run(fake, f"{uri}:2")) == NOT_FOUND_EC2.format(f"{uri}:2") + "Requested image not found"
    gone = uri.rsplit("/", 1)[0] + "/gone"
    assert "The repository with name 'gone' does not exist in the registry with id" in _reason(_run(fake, f"{gone}:1"))
    # An alias the fake does not have is some other publisher's: present, as before.
    assert _run(fake, "public.ecr.aws/nginx/nginx:1.27").last_status == "RUNNING"


# -- save and restore -------------------------------------------------------------------------------------------


def test_a_pulled_digest_survives_save_and_restore() -> None:
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 0)
    digest = _push(fake, "web", "1.2")
    family = taskdef(fake, "web", container(image=f"{HOST}/web:1.2"))
    (task,) = run(fake, cluster="web", taskDefinition=family).tasks or ()
    restored = FakeBackend.restore(fake.save())
    assert restored.save() == fake.save()
    restored.advance(60)
    (found,) = describe(restored, "web", task.task_arn)
    assert _digest(found) == digest
