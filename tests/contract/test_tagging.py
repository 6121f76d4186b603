"""Contract: tags of ECS resources (TagResource, UntagResource, ListTagsForResource, and the tags of the calls that
create resources) behave the same on every backend.

Sources: the developer guide's "Tagging your Amazon ECS resources" (what is taggable; at most 50 tags, keys of 1-128
and values of 0-256 characters; the aws: prefix reserved), the API reference of TagResource, and AWS's answers as
users quote them: "The ARN provided is invalid." (boto/boto3#2774), "Long arn format must be used for tagging
operations" (reproio/ecs_deploy#49), "The specified cluster is inactive. Specify an active cluster and try again."
(gruntwork-io/cloud-nuke#145).
"""

from __future__ import annotations

from typing import Any

import pytest

from ecskit import from_api
from ecskit.backends.base import Backend
from ecskit.errors import BackendError, InvalidRequestError, NotFoundError
from ecskit.models.ecs import (
    CreateClusterRequest,
    CreateServiceRequest,
    DeleteClusterRequest,
    ListTagsForResourceRequest,
    RegisterTaskDefinitionRequest,
    Tag,
    TagResourceRequest,
    UntagResourceRequest,
)
from tests.contract.conftest import moto_differs

_ACCOUNT_ARN = "arn:aws:ecs:us-east-1:123456789012"


def _tags(backend: Backend, arn: str) -> dict[str, str]:
    found = backend.list_tags_for_resource(ListTagsForResourceRequest(resource_arn=arn)).tags or ()
    return {t.key or "": t.value or "" for t in found}


def _tag(backend: Backend, arn: str, **tags: str) -> None:
    backend.tag_resource(TagResourceRequest(resource_arn=arn, tags=tuple(Tag(key=k, value=v) for k, v in tags.items())))


def _cluster(backend: Backend, name: str, **members: Any) -> str:
    made = backend.create_cluster(from_api({"clusterName": name, **members}, CreateClusterRequest)).cluster
    assert made is not None
    return made.cluster_arn or ""


def _taskdef(backend: Backend, family: str, **members: Any) -> str:
    doc = {"family": family, "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}], **members}
    made = backend.register_task_definition(from_api(doc, RegisterTaskDefinitionRequest)).task_definition
    assert made is not None
    return made.task_definition_arn or ""


def _service(backend: Backend, cluster: str, td: str, **members: Any) -> str:
    doc = {"cluster": cluster, "serviceName": "web", "taskDefinition": td, "desiredCount": 0, **members}
    made = backend.create_service(from_api(doc, CreateServiceRequest)).service
    assert made is not None
    return made.service_arn or ""


def test_a_cluster_is_tagged_untagged_and_listed(backend: Backend) -> None:
    arn = _cluster(backend, "contract-tags", tags=[{"key": "team", "value": "a"}])
    try:
        assert _tags(backend, arn) == {"team": "a"}
        _tag(backend, arn, team="b", stage="dev")
        assert _tags(backend, arn) == {"team": "b", "stage": "dev"}
        backend.untag_resource(UntagResourceRequest(resource_arn=arn, tag_keys=("team", "absent")))
        assert _tags(backend, arn) == {"stage": "dev"}
    finally:
        backend.delete_cluster(DeleteClusterRequest(cluster="contract-tags"))


def test_a_service_is_tagged_by_its_arn(backend: Backend) -> None:
    _cluster(backend, "contract-svc-tags")
    td = _taskdef(backend, "contract-svc-tags")
    arn = _service(backend, "contract-svc-tags", td, tags=[{"key": "a", "value": "1"}])
    assert _tags(backend, arn) == {"a": "1"}
    _tag(backend, arn, b="2")
    assert _tags(backend, arn) == {"a": "1", "b": "2"}


def test_a_task_definition_is_tagged(backend: Backend) -> None:
    arn = _taskdef(backend, "contract-td-tags", tags=[{"key": "a", "value": "1"}])
    _tag(backend, arn, b="2")
    assert _tags(backend, arn) == {"a": "1", "b": "2"}


def test_a_reserved_key_is_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS refuses tag keys of the aws: prefix (InvalidParameterException); moto stores them")
    arn = _cluster(backend, "contract-reserved")
    try:
        with pytest.raises(InvalidRequestError) as info:
            _tag(backend, arn, **{"AWS:owner": "me"})
        assert info.value.code == "InvalidParameterException"
        assert _tags(backend, arn) == {}  # a refused call changes nothing
    finally:
        backend.delete_cluster(DeleteClusterRequest(cluster="contract-reserved"))


def test_more_than_50_tags_are_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS refuses a 51st tag on a resource (InvalidParameterException); moto stores it")
    arn = _cluster(backend, "contract-many", tags=[{"key": f"k{i}", "value": "v"} for i in range(50)])
    try:
        with pytest.raises(InvalidRequestError) as info:
            _tag(backend, arn, one="more")
        assert info.value.code == "InvalidParameterException"
        _tag(backend, arn, k0="replaced")  # replacing a value adds no tag
        assert len(_tags(backend, arn)) == 50
    finally:
        backend.delete_cluster(DeleteClusterRequest(cluster="contract-many"))


def test_an_arn_of_another_service_is_not_valid(backend: Backend) -> None:
    with pytest.raises(InvalidRequestError) as info:
        backend.list_tags_for_resource(
            ListTagsForResourceRequest(resource_arn="arn:aws:ecr:us-east-1:123456789012:repository/web")
        )
    assert info.value.code == "InvalidParameterException"


def test_an_old_format_service_arn_is_refused(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS refuses a service ARN without the cluster's name for tagging; moto accepts it")
    _cluster(backend, "contract-old-arn")
    _service(backend, "contract-old-arn", _taskdef(backend, "contract-old-arn"))
    with pytest.raises(InvalidRequestError) as info:
        _tag(backend, f"{_ACCOUNT_ARN}:service/web", a="1")
    assert info.value.code == "InvalidParameterException"
    assert "Long arn format" in info.value.message


def test_an_unknown_service_is_not_found(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(
        request,
        "AWS answers TagResource of a service that does not exist with ResourceNotFoundException; moto with "
        "ServiceNotFoundException, which TagResource's model does not list",
    )
    _cluster(backend, "contract-ghost")
    with pytest.raises(BackendError) as info:
        _tag(backend, f"{_ACCOUNT_ARN}:service/contract-ghost/ghost", a="1")
    assert info.value.code == "ResourceNotFoundException"
    assert isinstance(info.value, NotFoundError)


def test_a_deleted_cluster_keeps_its_tags_and_takes_no_more(backend: Backend, request: pytest.FixtureRequest) -> None:
    moto_differs(request, "AWS refuses to tag an INACTIVE cluster; moto tags it")
    arn = _cluster(backend, "contract-deleted", tags=[{"key": "a", "value": "1"}])
    backend.delete_cluster(DeleteClusterRequest(cluster="contract-deleted"))
    assert _tags(backend, arn) == {"a": "1"}
    with pytest.raises(InvalidRequestError) as info:
        _tag(backend, arn, b="2")
    assert info.value.code == "InvalidParameterException"
    assert "inactive" in info.value.message
