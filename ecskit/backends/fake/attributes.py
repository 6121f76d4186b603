"""Attributes of container instances: PutAttributes, ListAttributes, DeleteAttributes.

Built-in attributes (``ecs.*`` and ``com.amazonaws.ecs.*``, set at registration) are listed with the custom ones;
an instance holds at most 10 custom attributes (AttributeLimitExceededException beyond). Names are 1-128 letters,
digits, ``- _ . / \\``; values 1-128 of those plus ``@ :`` and spaces (not at either end). Changes reach placement
at once (``memberOf`` constraints and ``spread`` see them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ecskit.backends.fake.bookkeeping import find_instance
from ecskit.backends.fake.clusters import find_cluster
from ecskit.backends.fake.env import Env, fail, paginate
from ecskit.backends.fake.registry import handles
from ecskit.backends.fake.runtime import cluster_index
from ecskit.models import replace
from ecskit.models.ecs import (
    Attribute,
    ContainerInstance,
    DeleteAttributesRequest,
    DeleteAttributesResponse,
    ListAttributesRequest,
    ListAttributesResponse,
    PutAttributesRequest,
    PutAttributesResponse,
    TargetType,
)

__all__ = [
    "MAX_CUSTOM_ATTRIBUTES",
    "check_attributes",
    "delete_attributes",
    "is_custom",
    "list_attributes",
    "put_attributes",
]

#: Custom attributes one resource may hold.
MAX_CUSTOM_ATTRIBUTES = 10
_NAME = re.compile(r"[A-Za-z0-9_./\\-]{1,128}\Z")
_VALUE = re.compile(r"[A-Za-z0-9_.@/\\: -]{1,128}\Z")
_BUILT_IN = ("ecs.", "com.amazonaws.ecs.")


def is_custom(name: str) -> bool:
    """Whether an attribute is the user's (not one ECS or the agent sets)."""
    return not name.startswith(_BUILT_IN)


def check_attributes(attributes: Iterable[Attribute], *, custom_before: int) -> None:
    """Raise as AWS does for a bad name or value, or for more than 10 custom attributes on one resource (counting
    ``custom_before`` already there)."""
    names = set()
    for attribute in attributes:
        if not _NAME.match(attribute.name):
            fail("InvalidParameterException", f"The attribute name {attribute.name!r} is not valid.")
        value = attribute.value
        if value is not None and (not _VALUE.match(value) or value != value.strip(" ")):
            fail("InvalidParameterException", f"The value {value!r} of attribute {attribute.name} is not valid.")
        if is_custom(attribute.name):
            names.add(attribute.name)
    if custom_before + len(names) > MAX_CUSTOM_ATTRIBUTES:
        fail(
            "AttributeLimitExceededException",
            f"You can apply up to {MAX_CUSTOM_ATTRIBUTES} custom attributes to each resource.",
        )


def _check_type(target_type: TargetType | None) -> None:
    if target_type is not None and str(target_type) != "container-instance":
        fail("InvalidParameterException", f"The target type {target_type} is not valid.")


def _targets(
    env: Env, cluster: str, attributes: Iterable[Attribute]
) -> dict[str, tuple[ContainerInstance, list[Attribute]]]:
    """Attributes grouped by the registered instance they target (TargetNotFoundException for others)."""
    found: dict[str, tuple[ContainerInstance, list[Attribute]]] = {}
    for attribute in attributes:
        _check_type(attribute.target_type)
        if not attribute.target_id:
            fail("InvalidParameterException", "The attribute's targetId must be given.")
        model = find_instance(env, cluster, attribute.target_id)
        if model is None or model.status not in ("ACTIVE", "DRAINING"):
            fail("TargetNotFoundException", f"Could not find the target {attribute.target_id}.")
        arn = model.container_instance_arn or ""
        found.setdefault(arn, (model, []))[1].append(attribute)
    return found


@handles(PutAttributesRequest)
def put_attributes(env: Env, req: PutAttributesRequest) -> PutAttributesResponse:
    """PutAttributes: add or change attributes of container instances (all or none)."""
    cluster = find_cluster(env, req.cluster).cluster_name or ""
    targets = _targets(env, cluster, req.attributes)
    for model, given in targets.values():
        current = {a.name for a in model.attributes or () if is_custom(a.name)}
        check_attributes(given, custom_before=len(current - {a.name for a in given}))
    index = cluster_index(env.state, cluster)
    for arn, (model, given) in targets.items():
        values = {a.name: a.value for a in model.attributes or ()}
        values.update((a.name, a.value) for a in given)
        env.state.container_instances[arn] = replace(
            model,
            attributes=tuple(Attribute(name=n, value=v) for n, v in values.items()),
            version=(model.version or 0) + 1,
        )
        index.set_attributes(arn, {a.name: a.value for a in given})
    return PutAttributesResponse(attributes=req.attributes)


@handles(DeleteAttributesRequest)
def delete_attributes(env: Env, req: DeleteAttributesRequest) -> DeleteAttributesResponse:
    """DeleteAttributes: remove attributes by name (names an instance does not have are ignored)."""
    cluster = find_cluster(env, req.cluster).cluster_name or ""
    targets = _targets(env, cluster, req.attributes)
    index = cluster_index(env.state, cluster)
    for arn, (model, given) in targets.items():
        drop = {a.name for a in given}
        env.state.container_instances[arn] = replace(
            model,
            attributes=tuple(a for a in model.attributes or () if a.name not in drop),
            version=(model.version or 0) + 1,
        )
        index.delete_attributes(arn, drop)
    return DeleteAttributesResponse(attributes=req.attributes)


@handles(ListAttributesRequest)
def list_attributes(env: Env, req: ListAttributesRequest) -> ListAttributesResponse:
    """ListAttributes: the attributes of the cluster's registered instances, by name and value when given."""
    cluster = find_cluster(env, req.cluster).cluster_name or ""
    _check_type(req.target_type)
    if req.attribute_value is not None and req.attribute_name is None:
        fail("InvalidParameterException", "attributeValue can only be given with attributeName.")
    found = [
        Attribute(name=a.name, value=a.value, target_type=TargetType.CONTAINER_INSTANCE, target_id=arn)
        for arn, run in env.state.instance_runs.items()
        if run.cluster == cluster
        for a in env.state.container_instances[arn].attributes or ()
        if (req.attribute_name is None or a.name == req.attribute_name)
        and (req.attribute_value is None or a.value == req.attribute_value)
    ]
    page, token = paginate(found, req.next_token, req.max_results)
    return ListAttributesResponse(attributes=tuple(page), next_token=token)
