"""Container instances: RegisterContainerInstance, DescribeContainerInstances, ListContainerInstances,
UpdateContainerInstancesState, DeregisterContainerInstance; their attributes (PutAttributes, ListAttributes,
DeleteAttributes); and what the ECS agent asks for (UpdateContainerAgent, DiscoverPollEndpoint).

How instances register, drain and leave is the engine's (:mod:`ecskit.backends.fake.engine.instances`).
Registering an EC2 instance that is already registered to the cluster returns its container instance. A DRAINING
instance takes no new tasks; its standalone tasks keep running (as on AWS).

UpdateContainerAgent (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html): an
instance whose agent reports no version is refused (MissingVersionException), one already at the latest version has
no update (NoUpdateAvailableException), one whose update is under way is refused (UpdateInProgressException);
EXTERNAL (ECS Anywhere) instances are refused: their agent is updated on the host (InvalidParameterException).
DiscoverPollEndpoint answers with the Region's agent endpoints (the endpoint number is fixed: these are names only),
for any cluster and container instance: its model lists no ClusterNotFoundException, and what ECS answers for ones
that do not exist is not documented (the agent calls it before and while it registers), so the fake takes the lenient
side.
"""

from __future__ import annotations

from collections.abc import Iterable

from ecskit._text import whole
from ecskit.backends.fake.api.ecs import render
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.find import find_cluster, find_instance, instance_arn
from ecskit.backends.fake.core.instances import InstanceRecord
from ecskit.backends.fake.core.paging import describe_each, paginate
from ecskit.backends.fake.engine import instances
from ecskit.backends.fake.engine.agents import begin_update
from ecskit.backends.fake.engine.instances import AGENT_VERSION
from ecskit.backends.fake.engine.placement import cluster_index
from ecskit.backends.fake.engine.tags import checked_tags
from ecskit.backends.fake.registry import handles
from ecskit.errors import QuerySyntaxError
from ecskit.models.ecs import (
    AgentUpdateStatus,
    Attribute,
    ContainerInstance,
    DeleteAttributesRequest,
    DeleteAttributesResponse,
    DeregisterContainerInstanceRequest,
    DeregisterContainerInstanceResponse,
    DescribeContainerInstancesRequest,
    DescribeContainerInstancesResponse,
    DiscoverPollEndpointRequest,
    DiscoverPollEndpointResponse,
    Failure,
    ListAttributesRequest,
    ListAttributesResponse,
    ListContainerInstancesRequest,
    ListContainerInstancesResponse,
    PutAttributesRequest,
    PutAttributesResponse,
    RegisterContainerInstanceRequest,
    RegisterContainerInstanceResponse,
    TargetType,
    UpdateContainerAgentRequest,
    UpdateContainerAgentResponse,
    UpdateContainerInstancesStateRequest,
    UpdateContainerInstancesStateResponse,
)
from ecskit.placement import parse_query
from ecskit.texts import ecs

__all__ = [
    "delete_attributes",
    "deregister_container_instance",
    "describe_container_instances",
    "discover_poll_endpoint",
    "list_attributes",
    "list_container_instances",
    "put_attributes",
    "register_container_instance",
    "update_container_agent",
    "update_container_instances_state",
]

_MAX_DESCRIBE = 100
_MAX_UPDATE = 10
_STATES = ("ACTIVE", "DRAINING")
_S = AgentUpdateStatus
_UNDER_WAY = frozenset({_S.PENDING, _S.STAGING, _S.STAGED, _S.UPDATING})


def _missing_arn(env: Env, cluster: str, ref: str) -> str:
    return ref if ref.startswith("arn:") else instance_arn(env, cluster, ref)


def _registered(env: Env, cluster: str, ref: str) -> InstanceRecord:
    record = find_instance(env, cluster, ref)
    if record is None or not record.live:
        refuse(ecs.CONTAINER_INSTANCE_NOT_FOUND)
    return record


@handles(RegisterContainerInstanceRequest)
def register_container_instance(env: Env, req: RegisterContainerInstanceRequest) -> RegisterContainerInstanceResponse:
    """RegisterContainerInstance (see :mod:`ecskit.backends.fake.engine.instances`)."""
    cluster = find_cluster(env, req.cluster).name
    checked_tags(req.tags)
    if req.container_instance_arn is not None:
        existing = _registered(env, cluster, req.container_instance_arn)
        return RegisterContainerInstanceResponse(container_instance=render.container_instance(env, existing))
    doc = instances.identity(env, req.instance_identity_document) if req.instance_identity_document else None
    if doc is not None:
        arn = instances.ec2_index(env).get(doc["instanceId"])
        if arn is not None:
            found = env.state.instances[arn]
            if found.cluster != cluster:
                refuse(ecs.CONTAINER_INSTANCE_ALREADY_REGISTERED, instance=doc["instanceId"], cluster=found.cluster)
            return RegisterContainerInstanceResponse(container_instance=render.container_instance(env, found))
    record = instances.register(env, cluster, req, doc)
    return RegisterContainerInstanceResponse(container_instance=render.container_instance(env, record))


@handles(DescribeContainerInstancesRequest)
def describe_container_instances(
    env: Env, req: DescribeContainerInstancesRequest
) -> DescribeContainerInstancesResponse:
    """DescribeContainerInstances: unknown instances come back as failures with reason MISSING."""
    cluster = find_cluster(env, req.cluster).name
    include = {str(i) for i in req.include or ()}
    found, failures = describe_each(
        req.container_instances,
        lambda ref: find_instance(env, cluster, ref),
        lambda ref: _missing_arn(env, cluster, ref),
        lambda record: render.container_instance(
            env, record, tags="TAGS" in include, health="CONTAINER_INSTANCE_HEALTH" in include
        ),
        limit=_MAX_DESCRIBE,
        empty=ecs.CONTAINER_INSTANCES_EMPTY,
        too_many=ecs.CONTAINER_INSTANCES_TOO_MANY,
    )
    return DescribeContainerInstancesResponse(container_instances=found, failures=failures)


@handles(ListContainerInstancesRequest)
def list_container_instances(env: Env, req: ListContainerInstancesRequest) -> ListContainerInstancesResponse:
    """ListContainerInstances: ACTIVE and DRAINING instances (or those of ``status``) that match ``filter``, a
    cluster query expression."""
    cluster = find_cluster(env, req.cluster).name
    try:
        query = parse_query(req.filter) if req.filter else None
    except QuerySyntaxError as exc:
        refuse(ecs.FILTER_INVALID, problem=exc)
    status = str(req.status) if req.status is not None else None
    index = cluster_index(env, cluster)
    arns = [
        arn
        for arn, record in env.state.instances.items()
        if record.cluster == cluster
        and record.live
        and (status is None or record.status == status)
        and (query is None or query.matches(index[arn]))
    ]
    page, token = paginate(arns, req.next_token, req.max_results)
    return ListContainerInstancesResponse(container_instance_arns=tuple(page), next_token=token)


@handles(UpdateContainerInstancesStateRequest)
def update_container_instances_state(
    env: Env, req: UpdateContainerInstancesStateRequest
) -> UpdateContainerInstancesStateResponse:
    """UpdateContainerInstancesState: ACTIVE or DRAINING (a DRAINING instance takes no new tasks)."""
    cluster = find_cluster(env, req.cluster).name
    status = str(req.status)
    if status not in _STATES:
        refuse(ecs.CONTAINER_INSTANCE_STATUS)
    if not req.container_instances:
        refuse(ecs.CONTAINER_INSTANCES_EMPTY)
    if len(req.container_instances) > _MAX_UPDATE:
        refuse(ecs.CONTAINER_INSTANCES_TOO_MANY, limit=_MAX_UPDATE)
    updated: list[ContainerInstance] = []
    failures: list[Failure] = []
    for ref in req.container_instances:
        record = find_instance(env, cluster, ref)
        if record is None or not record.live:
            failures.append(Failure(arn=_missing_arn(env, cluster, ref), reason="MISSING"))
            continue
        instances.set_state(env, record, status)
        updated.append(render.container_instance(env, record))
    return UpdateContainerInstancesStateResponse(container_instances=tuple(updated), failures=tuple(failures))


@handles(DeregisterContainerInstanceRequest)
def deregister_container_instance(
    env: Env, req: DeregisterContainerInstanceRequest
) -> DeregisterContainerInstanceResponse:
    """DeregisterContainerInstance: refused while tasks that are not STOPPED remain, unless ``force``."""
    cluster = find_cluster(env, req.cluster).name
    record = _registered(env, cluster, req.container_instance)
    instances.deregister(env, record, force=bool(req.force))
    return DeregisterContainerInstanceResponse(container_instance=render.container_instance(env, record))


# -- attributes -----------------------------------------------------------------------------------------------------


def _targets(
    env: Env, cluster: str, attributes: Iterable[Attribute]
) -> dict[str, tuple[InstanceRecord, list[Attribute]]]:
    """Attributes grouped by the registered instance they target (TargetNotFoundException for others)."""
    found: dict[str, tuple[InstanceRecord, list[Attribute]]] = {}
    for attribute in attributes:
        if not attribute.target_id:
            refuse(ecs.ATTRIBUTE_TARGET_ID)
        record = find_instance(env, cluster, attribute.target_id)
        if record is None or not record.live:
            refuse(ecs.ATTRIBUTE_TARGET_NOT_FOUND, target=attribute.target_id)
        found.setdefault(record.arn, (record, []))[1].append(attribute)
    return found


@handles(PutAttributesRequest)
def put_attributes(env: Env, req: PutAttributesRequest) -> PutAttributesResponse:
    """PutAttributes: add or change attributes of container instances (all or none)."""
    cluster = find_cluster(env, req.cluster).name
    targets = _targets(env, cluster, req.attributes)
    for record, given in targets.values():
        current = {a.name for a in record.attributes if instances.is_custom(a.name)}
        instances.check_attributes(given, custom_before=len(current - {a.name for a in given}))
    for record, given in targets.values():
        instances.edit_attributes(env, record, {a.name: a.value for a in given}, ())
    return PutAttributesResponse(attributes=req.attributes)


@handles(DeleteAttributesRequest)
def delete_attributes(env: Env, req: DeleteAttributesRequest) -> DeleteAttributesResponse:
    """DeleteAttributes: remove attributes by name (names an instance does not have are ignored)."""
    cluster = find_cluster(env, req.cluster).name
    for record, given in _targets(env, cluster, req.attributes).values():
        instances.edit_attributes(env, record, {}, {a.name for a in given})
    return DeleteAttributesResponse(attributes=req.attributes)


@handles(ListAttributesRequest)
def list_attributes(env: Env, req: ListAttributesRequest) -> ListAttributesResponse:
    """ListAttributes: the attributes of the cluster's registered instances, by name and value when given."""
    cluster = find_cluster(env, req.cluster).name
    if req.attribute_value is not None and req.attribute_name is None:
        refuse(ecs.ATTRIBUTE_VALUE_WITHOUT_NAME)
    found = [
        Attribute(name=a.name, value=a.value, target_type=TargetType.CONTAINER_INSTANCE, target_id=arn)
        for arn, record in env.state.instances.items()
        if record.cluster == cluster and record.live
        for a in record.attributes
        if (req.attribute_name is None or a.name == req.attribute_name)
        and (req.attribute_value is None or a.value == req.attribute_value)
    ]
    page, token = paginate(found, req.next_token, req.max_results)
    return ListAttributesResponse(attributes=tuple(page), next_token=token)


# -- the agent ------------------------------------------------------------------------------------------------------


def _version(text: str) -> tuple[int, ...]:
    parts = text.lstrip("v").split(".")
    return tuple(whole(p) or 0 for p in parts)


@handles(UpdateContainerAgentRequest)
def update_container_agent(env: Env, req: UpdateContainerAgentRequest) -> UpdateContainerAgentResponse:
    """UpdateContainerAgent (see the module's documentation)."""
    cluster = find_cluster(env, req.cluster).name
    record = _registered(env, cluster, req.container_instance)
    if record.external:
        refuse(ecs.AGENT_EXTERNAL)
    current = record.version_info.agent_version
    if not current:
        refuse(ecs.AGENT_MISSING_VERSION)
    if record.agent_update_status in _UNDER_WAY:
        refuse(ecs.AGENT_UPDATE_IN_PROGRESS)
    if _version(current) >= _version(AGENT_VERSION):
        refuse(ecs.AGENT_NO_UPDATE)
    begin_update(env, record)
    return UpdateContainerAgentResponse(container_instance=render.container_instance(env, record))


@handles(DiscoverPollEndpointRequest)
def discover_poll_endpoint(env: Env, req: DiscoverPollEndpointRequest) -> DiscoverPollEndpointResponse:
    """DiscoverPollEndpoint: the Region's agent endpoints, whatever the cluster and instance (see the module)."""
    return DiscoverPollEndpointResponse(
        endpoint=f"https://ecs-a-1.{env.region}.amazonaws.com/",
        telemetry_endpoint=f"https://ecs-t-1.{env.region}.amazonaws.com/",
        service_connect_endpoint=f"https://ecs-sc.{env.region}.api.aws",
    )
