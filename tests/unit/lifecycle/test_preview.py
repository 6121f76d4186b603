"""The offline preview: policies and images in every form, GetLifecyclePolicyPreview-shaped results and summary,
refusals worded as PutLifecyclePolicy words them, and in-use protection."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ecskit.codec import from_api
from ecskit.errors import ConversionError, UsageError, ValidationError
from ecskit.lifecycle import (
    IN_USE,
    ImageUse,
    LifecycleImage,
    parse_reference,
    preview,
    read_images,
    read_policy,
    read_repository,
    refusal_message,
)
from ecskit.models.ecr import (
    DescribeImagesResponse,
    ImageActionType,
    ImageDetail,
    LifecyclePolicyStorageClass,
    LifecyclePolicyTargetStorageClass,
)
from ecskit.models.ecs import Service, TaskDefinition
from tests.support.ecr_lifecycle import DAY, NOW, keep, older, policy, rule, text

REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
Doc = dict[str, Any]


def detail(digest: str, *tags: str, days: float, **members: Any) -> Doc:
    """An imageDetails entry of DescribeImages output."""
    found: Doc = {
        "registryId": "123456789012",
        "repositoryName": "app",
        "imageDigest": f"sha256:{digest}",
        "imagePushedAt": (NOW - days * DAY).isoformat(),
        "imageSizeInBytes": 1000,
        **members,
    }
    if tags:
        found["imageTags"] = list(tags)
    return found


IMAGES = {
    "imageDetails": [
        detail("old", "v1", days=30),
        detail("mid", "v2", days=20),
        detail("new", "v3", days=1),
        detail("loose", days=40),
    ]
}
KEEP_TWO = text(keep(1, 2, tagPatternList=["v*"]), older(2, 14))


def test_results_and_summary_are_shaped_like_get_lifecycle_policy_preview() -> None:
    result = preview(KEEP_TWO, IMAGES, now=NOW)
    assert [(r.image_digest, r.image_tags, r.applied_rule_priority) for r in result.results] == [
        ("sha256:loose", None, 2),
        ("sha256:old", ("v1",), 1),
    ]
    first = result.results[1]
    assert first.action is not None
    assert first.action.type is ImageActionType.EXPIRE
    assert first.action.target_storage_class is None
    assert first.storage_class is LifecyclePolicyStorageClass.STANDARD
    assert first.image_pushed_at == NOW - 30 * DAY
    assert result.summary.expiring_image_total_count == 2
    assert result.summary.transitioning_image_total_counts is None
    assert result.to_dict()["summary"] == {"expiringImageTotalCount": 2}
    assert result.to_dict()["previewResults"][1]["imagePushedAt"] == "2025-05-02T12:00:00Z"


def test_archiving_is_counted_per_storage_class() -> None:
    archive = rule(
        1,
        {"type": "transition", "targetStorageClass": "archive"},
        tagStatus="any",
        countType="sinceImagePulled",
        countUnit="days",
        countNumber=14,
    )
    result = preview(text(archive), IMAGES, now=NOW)
    assert {r.image_digest for r in result.results} == {"sha256:old", "sha256:mid", "sha256:loose"}
    assert {r.action.target_storage_class for r in result.results if r.action} == {
        LifecyclePolicyTargetStorageClass.ARCHIVE
    }
    (moving,) = result.summary.transitioning_image_total_counts or ()
    assert (moving.target_storage_class, moving.image_total_count) == (LifecyclePolicyTargetStorageClass.ARCHIVE, 3)
    assert result.summary.expiring_image_total_count == 0


def test_every_form_of_images_gives_the_same_preview(tmp_path: Path) -> None:
    response = from_api(IMAGES, DescribeImagesResponse)
    path = tmp_path / "images.json"
    path.write_text(json.dumps(IMAGES), encoding="utf-8")
    pages = [{"imageDetails": IMAGES["imageDetails"][:2]}, {"imageDetails": IMAGES["imageDetails"][2:]}]
    forms: list[Any] = [
        IMAGES,
        json.dumps(IMAGES).encode(),
        path,
        response,
        [response],
        list(response.image_details or ()),
        pages,
        IMAGES["imageDetails"],
        read_images(IMAGES),
    ]
    expected = preview(KEEP_TWO, IMAGES, now=NOW).results
    for form in forms:
        assert preview(KEEP_TWO, form, now=NOW).results == expected


def test_the_repository_is_taken_from_the_image_details() -> None:
    read = read_repository(IMAGES)
    assert (read.registry_id, read.repository_name, len(read.images)) == ("123456789012", "app", 4)


def test_image_details_without_digest_or_push_time_are_refused_with_their_path() -> None:
    with pytest.raises(ConversionError) as info:
        read_images({"imageDetails": [{"imageDigest": "sha256:a", "imagePushedAt": NOW.isoformat()}, {}]})
    assert [e.path for e in info.value.errors] == ["imageDetails[1].imageDigest", "imageDetails[1].imagePushedAt"]
    with pytest.raises(UsageError, match="expected DescribeImages output"):
        read_images(b"42")
    bad: list[Any] = [42]
    with pytest.raises(UsageError, match=r"\[0\]: expected an image detail"):
        read_images(bad)


def test_a_policy_ecr_refuses_is_a_validation_error_with_ecrs_text() -> None:
    both_untagged = text(older(1, 14), keep(2, 1, "untagged"))
    with pytest.raises(ValidationError) as info:
        preview(both_untagged, IMAGES, now=NOW)
    assert str(info.value) == (
        "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation "
        "failure: Only one rule can select Untagged images per storage class.'"
    )
    with pytest.raises(ValidationError, match="Could not map policyString into LifecyclePolicy"):
        preview("{not json", IMAGES, now=NOW)


@pytest.mark.parametrize(
    ("document", "detail"),
    [
        ("[1, 2]", "Could not map policyString into LifecyclePolicy."),
        ('{"rules": 3}', "rules: expected a list, got the integer 3"),
        (
            text(keep(1, 1, tagPrefixList=["v"]), keep(2, 1, "any"), keep(3, 5, tagPrefixList=["x"])),
            "Rule for tagStatus=ANY",
        ),
    ],
)
def test_refusal_messages(document: str, detail: str) -> None:
    _, report = read_policy(document)
    assert detail in refusal_message(report.refusals[0])


def test_the_policy_is_read_from_every_form(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(KEEP_TWO, encoding="utf-8")
    model = policy(keep(1, 2, tagPatternList=["v*"]), older(2, 14))
    for form in (KEEP_TWO, KEEP_TWO.encode(), path, json.loads(KEEP_TWO), model):
        assert preview(form, IMAGES, now=NOW).results == preview(model, IMAGES, now=NOW).results
    with pytest.raises(UsageError, match="cannot read"):
        preview(tmp_path / "missing.json", IMAGES, now=NOW)


def test_now_defaults_to_the_current_time() -> None:
    result = preview(text(older(1, 1)), {"imageDetails": [detail("ancient", days=10_000)]})
    assert [r.image_digest for r in result.results] == ["sha256:ancient"]


def _taskdef(revision: int, image: str, status: str = "ACTIVE") -> TaskDefinition:
    return from_api(
        {
            "taskDefinitionArn": f"arn:aws:ecs:us-east-1:123456789012:task-definition/web:{revision}",
            "family": "web",
            "revision": revision,
            "status": status,
            "containerDefinitions": [{"name": "app", "image": image}],
        },
        TaskDefinition,
    )


def test_an_expiring_image_a_service_runs_is_a_loud_warning() -> None:
    """The classic outage: the policy expires the image a service scales out with."""
    service = from_api(
        {"serviceName": "web", "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3"}, Service
    )
    result = preview(KEEP_TWO, IMAGES, now=NOW, in_use=[service, _taskdef(3, f"{REGISTRY}/app:v1")])
    (warning,) = result.in_use
    assert warning.rule == IN_USE
    assert warning.path == "imageDetails[0]"
    assert "rule 1 expires image sha256:old (v1), but service web (task definition web:3, container app)" in (
        warning.message
    )
    assert f"uses it as {REGISTRY}/app:v1" in warning.message
    assert "CannotPullContainerError" in warning.message
    assert '["v1"]' in (warning.hint or "")
    assert "!!! IN USE: imageDetails[0]: rule 1 expires image sha256:old" in result.render()


def test_uses_are_matched_by_repository_registry_tag_and_digest() -> None:
    uses: list[Any] = [
        f"{REGISTRY}/app@sha256:loose",  # by digest
        f"{REGISTRY}/app:v2",  # a tag that is kept
        f"{REGISTRY}/other:v1",  # another repository
        "999999999999.dkr.ecr.us-east-1.amazonaws.com/app:v1",  # another account
        f"{REGISTRY.replace('us-east-1', 'eu-west-1')}/app:v1",  # another Region of the same account
        "app:v1",  # Docker Hub
        ImageUse(image="public.ecr.aws/app:v1", user="a public image"),
    ]
    result = preview(KEEP_TWO, IMAGES, now=NOW, in_use=uses)
    assert [f.path for f in result.in_use] == ["imageDetails[3]", "imageDetails[0]"]
    pinned = preview(KEEP_TWO, IMAGES, now=NOW, in_use=uses, repository=f"{REGISTRY}/app")
    assert [f.path for f in pinned.in_use] == ["imageDetails[3]"]


def test_untagged_references_name_latest_and_tasks_name_digests() -> None:
    images = {"imageDetails": [detail("a", "latest", days=30), detail("b", "v9", days=1)]}
    assert len(preview(text(keep(1, 1, "any")), images, now=NOW, in_use=[f"{REGISTRY}/app"]).in_use) == 1
    task = {
        "tasks": [
            {
                "taskArn": "arn:aws:ecs:us-east-1:123456789012:task/web/0123",
                "lastStatus": "RUNNING",
                "containers": [{"name": "app", "image": f"{REGISTRY}/app:moved", "imageDigest": "sha256:a"}],
            }
        ]
    }
    found = preview(text(keep(1, 1, "any")), images, now=NOW, in_use=[task]).in_use
    assert ["task 0123" in f.message for f in found] == [True]
    stopped = json.loads(json.dumps(task))
    stopped["tasks"][0]["lastStatus"] = "STOPPED"
    assert not preview(text(keep(1, 1, "any")), images, now=NOW, in_use=[stopped]).in_use


def test_inactive_task_definitions_and_unresolved_services() -> None:
    inactive = _taskdef(2, f"{REGISTRY}/app:v1", status="INACTIVE")
    assert not preview(KEEP_TWO, IMAGES, now=NOW, in_use=[inactive]).findings
    service = {"services": [{"serviceName": "web", "taskDefinition": "web:7"}]}
    (note,) = preview(KEEP_TWO, IMAGES, now=NOW, in_use=[service]).findings
    assert note.rule == "lifecycle-in-use-unresolved"
    assert "service web runs task definition web:7, which was not given" in note.message
    # A service still runs an INACTIVE revision: its images are in use.
    service = {"services": [{"serviceName": "web", "taskDefinition": "web:2"}]}
    assert len(preview(KEEP_TWO, IMAGES, now=NOW, in_use=[service, inactive]).in_use) == 1


def test_in_use_documents_that_are_not_ecs_objects_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="not a task definition, service or task"):
        preview(KEEP_TWO, IMAGES, now=NOW, in_use=[{"hello": 1}])


@pytest.mark.parametrize(
    ("image", "parts"),
    [
        ("nginx", (None, "nginx", "latest", None)),
        ("nginx:1.27", (None, "nginx", "1.27", None)),
        ("localhost:5000/app", ("localhost:5000", "app", "latest", None)),
        (f"{REGISTRY}/team/app:v1@sha256:ab", (REGISTRY, "team/app", "v1", "sha256:ab")),
        (f"{REGISTRY}/app@sha256:ab", (REGISTRY, "app", None, "sha256:ab")),
    ],
)
def test_references_are_taken_apart_as_docker_does(image: str, parts: tuple[str | None, ...]) -> None:
    ref = parse_reference(image)
    assert (ref.host, ref.name, ref.tag, ref.digest) == parts


def test_lifecycle_images_and_image_details_mix() -> None:
    mixed: list[LifecycleImage | ImageDetail] = [
        LifecycleImage(digest="sha256:x", pushed_at=NOW - 90 * DAY),
        ImageDetail(image_digest="sha256:y", image_pushed_at=NOW - 90 * DAY),
    ]
    assert len(preview(text(older(1, 14)), mixed, now=NOW).results) == 2
