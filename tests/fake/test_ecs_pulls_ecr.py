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

lastRecordedPullTime: "Amazon ECR refreshes the last image pull timestamp at least once every 24 hours" (ECR API
reference, ImageDetail).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

import pytest

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.core.ecr import ImageRecord, RepositoryRecord, registry_host
from ecskit.backends.fake.core.ecr_public import PublicRepositoryRecord
from ecskit.backends.fake.engine.ecr_pull import PULL_TIME_REFRESH_SECONDS
from ecskit.models.ecs import (
    CreateServiceRequest,
    DescribeServicesRequest,
    Service,
    Task,
    TaskStopCode,
)
from tests.support.fake_ecs import awsvpc, cluster, container, describe, fargate_taskdef, register, run, taskdef

ACCOUNT, OTHER, REGION = "123456789012", "210987654321", "us-east-1"
HOST = registry_host(ACCOUNT, REGION)
EXECUTION_ROLE = f"arn:aws:iam::{ACCOUNT}:role/web-execution"
NOT_FOUND_EC2 = "CannotPullContainerError: Error response from daemon: manifest for {} not found: manifest unknown: "
NOT_FOUND_FARGATE = "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref "


# -- the fake's ECR, seeded through its records (what a push leaves there) ------------------------------------------


def _manifest(layer: str) -> str:
    blob = "sha256:" + hashlib.sha256(layer.encode()).hexdigest()
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7, "digest": blob},
            "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 7, "digest": blob}],
        }
    )


def _repository(fake: FakeBackend, name: str) -> RepositoryRecord:
    registry = fake.records().ecr
    found = registry.repositories.get(name)
    if found is None:
        found = registry.repositories[name] = RepositoryRecord(
            name=name,
            arn=f"arn:aws:ecr:{fake.region}:{fake.account}:repository/{name}",
            registry_id=fake.account,
            uri=f"{registry_host(fake.account, fake.region)}/{name}",
            created_at=fake.clock.now(),
        )
    return found


def _push(fake: FakeBackend, name: str, *tags: str, layer: str = "app v1") -> str:
    """An image in repository ``name`` of ``fake``'s account and Region, with ``tags``; returns its digest."""
    repository = _repository(fake, name)
    manifest = _manifest(layer)
    digest = "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
    store = repository.store
    image = store.images.get(digest)
    if image is None:
        image = store.images[digest] = ImageRecord(
            digest=digest,
            manifest=manifest,
            media_type="application/vnd.docker.distribution.manifest.v2+json",
            pushed_at=fake.clock.now(),
            size=7,
        )
    for tag in tags:
        store.put_tag(tag, image)
    return digest


def _image(fake: FakeBackend, repository: str, digest: str) -> ImageRecord:
    return fake.records().ecr.repositories[repository].store.images[digest]


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
    old = _push(fake, "web", layer="v1")
    _push(fake, "web", "stable", layer="v2")
    assert _digest(_run(fake, f"{HOST}/web@{old}")) == old
    # Docker and containerd pull the digest of name:tag@digest; the tag is not looked at.
    fake = _fake()
    old = _push(fake, "web", layer="v1")
    _push(fake, "web", "stable", layer="v2")
    assert _digest(_run(fake, f"{HOST}/web:stable@{old}")) == old


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
    _image(fake, "web", digest).status = "ARCHIVED"
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
    digest = _push(fake, "web", "1.3", layer="v1.3")
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


# -- another account's registry ---------------------------------------------------------------------------------

OTHER_HOST = registry_host(OTHER, REGION)


def _denied_ec2(task: Task, action: str = "ecr:BatchGetImage") -> str:
    return (
        "CannotPullContainerError: The task can\u2019t pull the image. Check that the role has the permissions to "
        f"pull images from the registry. Error response from daemon: pull access denied for {OTHER_HOST}/shared, "
        "repository does not exist or may require 'docker login': denied: User: "
        f"arn:aws:sts::{ACCOUNT}:assumed-role/web-execution/{(task.task_arn or '').rsplit('/', 1)[-1]} is not "
        f"authorized to perform: {action} on resource: arn:aws:ecr:{REGION}:{OTHER}:repository/shared because no "
        f"resource-based policy allows the {action} action"
    )


def test_another_accounts_repository_without_a_policy_refuses_the_pull() -> None:
    fake = _fake()
    other = fake.scoped(account=OTHER)
    digest = _push(other, "shared", "1")
    task = _run(fake, f"{OTHER_HOST}/shared:1", executionRoleArn=EXECUTION_ROLE)
    assert _reason(task) == _denied_ec2(task)
    assert _image(other, "shared", digest).last_pulled_at is None
    fargate = _run(fake, f"{OTHER_HOST}/shared:1", fargate=True)
    assert _reason(fargate) == (
        f"{NOT_FOUND_FARGATE}{OTHER_HOST}/shared:1: pulling from host {OTHER_HOST} failed with status code "
        "[manifests 1]: 403 Forbidden"
    )


def test_without_an_execution_role_an_ec2_task_pulls_as_its_container_instance() -> None:
    fake = _fake()
    _push(fake.scoped(account=OTHER), "shared", "1")
    task = _run(fake, f"{OTHER_HOST}/shared:1")
    (instance,) = fake.records().instances.values()
    assert f"User: arn:aws:sts::{ACCOUNT}:assumed-role/ecsInstanceRole/{instance.ec2_instance_id} is not" in _reason(
        task
    )


def test_a_refused_pull_is_refused_whether_or_not_the_tag_exists() -> None:
    """Authorization comes before the manifest is looked up: the caller learns nothing of the repository's tags."""
    fake = _fake()
    _push(fake.scoped(account=OTHER), "shared", "1")
    task = _run(fake, f"{OTHER_HOST}/shared:missing", executionRoleArn=EXECUTION_ROLE)
    assert _reason(task) == _denied_ec2(task).replace(f"{OTHER_HOST}/shared:1", f"{OTHER_HOST}/shared:missing")


# -- lastRecordedPullTime ----------------------------------------------------------------------------------------


def test_a_pull_records_its_virtual_time_at_most_once_a_day() -> None:
    fake = _fake()
    digest = _push(fake, "web", "1.2")
    start = fake.clock.now()
    _run(fake, f"{HOST}/web:1.2")
    first = _image(fake, "web", digest).last_pulled_at
    assert first == start  # a bridge task on EC2 starts pulling as RunTask returns
    fake.advance(3600)
    _run(fake, f"{HOST}/web:1.2")
    assert _image(fake, "web", digest).last_pulled_at == first  # an hour later: not refreshed yet
    fake.advance(PULL_TIME_REFRESH_SECONDS)
    again = fake.clock.now()
    _run(fake, f"{HOST}/web:1.2")
    assert _image(fake, "web", digest).last_pulled_at == again


def test_a_fargate_task_pulls_after_its_eni_is_attached() -> None:
    fake = _fake()
    digest = _push(fake, "web", "1.2")
    start = fake.clock.now()
    _run(fake, f"{HOST}/web:1.2", fargate=True)
    assert _image(fake, "web", digest).last_pulled_at == start + datetime.timedelta(seconds=10)


def test_a_principal_in_the_pull_time_update_exclusions_leaves_no_pull_time() -> None:
    fake = _fake()
    digest = _push(fake, "web", "1.2")
    fake.records().ecr.pull_time_exclusions.append(EXECUTION_ROLE)
    assert _run(fake, f"{HOST}/web:1.2", executionRoleArn=EXECUTION_ROLE).last_status == "RUNNING"
    assert _image(fake, "web", digest).last_pulled_at is None
    _run(fake, f"{HOST}/web:1.2")  # the container instance role is not excluded
    assert _image(fake, "web", digest).last_pulled_at is not None


# -- ECR Public -------------------------------------------------------------------------------------------------


def _public(fake: FakeBackend, alias: str, name: str, *tags: str) -> str:
    registry = fake.records().ecr_public
    registry.alias = alias
    repository = registry.repositories.setdefault(
        name,
        PublicRepositoryRecord(
            name=name,
            arn=f"arn:aws:ecr-public::{fake.account}:repository/{name}",
            registry_id=fake.account,
            uri=f"public.ecr.aws/{alias}/{name}",
            created_at=fake.clock.now(),
        ),
    )
    manifest = _manifest(name)
    digest = "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
    image = repository.store.images.setdefault(
        digest,
        ImageRecord(
            digest=digest, manifest=manifest, media_type="application/json", pushed_at=fake.clock.now(), size=7
        ),
    )
    for tag in tags:
        repository.store.put_tag(tag, image)
    return digest


def test_ecr_public_images_of_the_fake_are_pulled_from_it_by_anyone() -> None:
    fake = _fake()
    publisher = fake.scoped(account=OTHER, region="us-east-1")
    digest = _public(publisher, "acme", "tools", "1")
    assert _digest(_run(fake, "public.ecr.aws/acme/tools:1")) == digest
    assert _reason(_run(fake, "public.ecr.aws/acme/tools:2")) == (
        NOT_FOUND_EC2.format("public.ecr.aws/acme/tools:2") + "Requested image not found"
    )
    assert "The repository with name 'gone' does not exist in the registry with id" in _reason(
        _run(fake, "public.ecr.aws/acme/gone:1")
    )
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
