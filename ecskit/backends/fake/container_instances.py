"""Container instances: RegisterContainerInstance, DescribeContainerInstances, ListContainerInstances,
UpdateContainerInstancesState, DeregisterContainerInstance.

Registering, as the ECS agent does:

* **EC2**: give the ``instanceIdentityDocument`` (JSON with ``instanceId``, ``instanceType``, ``availabilityZone``,
  ``region``, ``imageId``, ``architecture``, ...; the signature is not checked). CPU, memory, GPUs and ENI slots come
  from the instance type (:mod:`ecskit.placement.instance_types`) unless ``totalResources`` gives CPU and MEMORY
  (and PORTS / PORTS_UDP). The built-in attributes follow: ``ecs.availability-zone``, ``ecs.instance-type``,
  ``ecs.ami-id``, ``ecs.os-type``, ``ecs.os-family``, ``ecs.cpu-architecture`` and the agent's capabilities.
* **EXTERNAL** (ECS Anywhere): no identity document. ``totalResources`` must give CPU and MEMORY; the instance gets a
  managed-instance id (``mi-`` and 17 hex digits) and the ``ecs.capability.external`` attribute, and takes only
  EXTERNAL tasks (EC2 tasks never go to it, nor EXTERNAL tasks to EC2 instances).

Instances of an Auto Scaling group capacity provider register by themselves when the provider is associated with
the cluster (:mod:`~ecskit.backends.fake.auto_scaling`), with ``capacityProviderName`` set.

Registering an EC2 instance that is already registered to the cluster returns its container instance. A
DRAINING instance takes no new tasks; its standalone tasks keep running (as on AWS). Deregistering refuses while
tasks that are not STOPPED remain, unless forced: then they stop at once (STOPPED, "Container instance
deregistered"), and the instance stays describable as INACTIVE.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from ecskit.backends.fake import lifecycle
from ecskit.backends.fake.attributes import check_attributes
from ecskit.backends.fake.bookkeeping import adjust_cluster, find_instance, fresh_instance, instance_arn
from ecskit.backends.fake.clusters import find_cluster
from ecskit.backends.fake.env import Env, describe_each, fail, paginate
from ecskit.backends.fake.registry import handles
from ecskit.backends.fake.runtime import InstanceRun, add_instance, cluster_index, poke_cluster
from ecskit.models import replace
from ecskit.models.ecs import (
    Attribute,
    ContainerInstance,
    ContainerInstanceHealthStatus,
    DeregisterContainerInstanceRequest,
    DeregisterContainerInstanceResponse,
    DescribeContainerInstancesRequest,
    DescribeContainerInstancesResponse,
    Failure,
    InstanceHealthCheckResult,
    InstanceHealthCheckState,
    InstanceHealthCheckType,
    ListContainerInstancesRequest,
    ListContainerInstancesResponse,
    RegisterContainerInstanceRequest,
    RegisterContainerInstanceResponse,
    Resource,
    UpdateContainerInstancesStateRequest,
    UpdateContainerInstancesStateResponse,
    VersionInfo,
)
from ecskit.placement import (
    DEFAULT_RESERVED_TCP_PORTS,
    PortSet,
    QuerySyntaxError,
    Resources,
    instance_type,
    parse_query,
    registered_resources,
    resource_models,
)

__all__ = [
    "AGENT_VERSION",
    "EXTERNAL_ATTRIBUTE",
    "deregister_container_instance",
    "describe_container_instances",
    "list_container_instances",
    "register_container_instance",
    "register_group_instance",
    "update_container_instances_state",
]

#: The agent version a registration without ``versionInfo`` reports.
AGENT_VERSION = "1.89.3"
DOCKER_VERSION = "DockerVersion: 25.0.8"
#: The attribute that marks an EXTERNAL (ECS Anywhere) instance.
EXTERNAL_ATTRIBUTE = "ecs.capability.external"
_EC2_ID = re.compile(r"i-(?:[0-9a-f]{8}|[0-9a-f]{17})\Z")
#: The AMI id the instances of the fake's Auto Scaling groups report.
_GROUP_AMI = "ami-0a1b2c3d4e5f60718"
#: Capabilities the agent reports (attributes without a value); ``task-eni`` only on EC2.
_CAPABILITIES = (
    "com.amazonaws.ecs.capability.docker-remote-api.1.17",
    "com.amazonaws.ecs.capability.docker-remote-api.1.18",
    "com.amazonaws.ecs.capability.docker-remote-api.1.19",
    "com.amazonaws.ecs.capability.docker-remote-api.1.21",
    "com.amazonaws.ecs.capability.docker-remote-api.1.24",
    "com.amazonaws.ecs.capability.docker-remote-api.1.29",
    "com.amazonaws.ecs.capability.docker-remote-api.1.32",
    "com.amazonaws.ecs.capability.docker-remote-api.1.44",
    "com.amazonaws.ecs.capability.ecr-auth",
    "com.amazonaws.ecs.capability.logging-driver.awslogs",
    "com.amazonaws.ecs.capability.logging-driver.json-file",
    "com.amazonaws.ecs.capability.logging-driver.none",
    "com.amazonaws.ecs.capability.privileged-container",
    "com.amazonaws.ecs.capability.task-iam-role",
    "com.amazonaws.ecs.capability.task-iam-role-network-host",
    "ecs.capability.container-health-check",
    "ecs.capability.container-ordering",
    "ecs.capability.execution-role-awslogs",
    "ecs.capability.execution-role-ecr-pull",
    "ecs.capability.secrets.asm.environment-variables",
    "ecs.capability.secrets.ssm.environment-variables",
    "ecs.capability.task-cpu-mem-limit",
)
_MAX_DESCRIBE = 100
_MAX_UPDATE = 10
_STATES = ("ACTIVE", "DRAINING")


def _identity(env: Env, text: str) -> dict[str, Any]:
    try:
        doc = json.loads(text)
    except ValueError:
        fail("InvalidParameterException", "The instance identity document is not valid JSON.")
    if not isinstance(doc, dict) or not _EC2_ID.match(str(doc.get("instanceId", ""))):
        fail("InvalidParameterException", "The instance identity document has no valid instanceId.")
    region = doc.get("region")
    if region is not None and region != env.region:
        fail("InvalidParameterException", f"The instance identity document is for {region}, not {env.region}.")
    zone = doc.get("availabilityZone")
    if zone is not None and not (isinstance(zone, str) and zone.startswith(env.region)):
        fail("InvalidParameterException", f"The Availability Zone {zone!r} is not in {env.region}.")
    return doc


def _given(req: RegisterContainerInstanceRequest) -> dict[str, Resource]:
    given = {r.name or "": r for r in req.total_resources or ()}
    for name in ("CPU", "MEMORY"):
        value = given[name].integer_value if name in given else 0
        if value is None or value < 0:
            fail("InvalidParameterException", f"totalResources {name} needs a non-negative integerValue.")
    return given


def _ports(resource: Resource | None, default: frozenset[int]) -> frozenset[int]:
    if resource is None:
        return default
    try:
        ports = frozenset(int(p) for p in resource.string_set_value or ())
    except ValueError:
        fail("InvalidParameterException", f"totalResources {resource.name} holds port numbers.")
    if any(not 0 < p < 65536 for p in ports):
        fail("InvalidParameterException", f"totalResources {resource.name} holds port numbers (1-65535).")
    return ports


def _resources(
    req: RegisterContainerInstanceRequest, type_name: str | None, external: bool
) -> tuple[Resources, PortSet, str | None]:
    """Registered resources, reserved ports and the CPU architecture of the instance type (when known)."""
    given = _given(req)
    itype = None
    if type_name is not None:
        try:
            itype = instance_type(type_name)
        except ValueError as exc:
            if "CPU" not in given or "MEMORY" not in given:
                fail("InvalidParameterException", f"{exc}; give totalResources CPU and MEMORY for other types")
    if "CPU" in given and "MEMORY" in given:
        from_type = registered_resources(itype).resources if itype is not None else Resources()
        resources = Resources(
            cpu=given["CPU"].integer_value or 0,
            memory=given["MEMORY"].integer_value or 0,
            gpu=from_type.gpu,
            enis=from_type.enis,
        )
    elif itype is not None:
        resources = registered_resources(itype).resources
    elif external:
        fail(
            "InvalidParameterException", "An instance without an identity document needs totalResources CPU and MEMORY."
        )
    else:
        fail("InvalidParameterException", "The instance identity document has no instanceType.")
    gpus = [d for d in req.platform_devices or () if str(d.type) == "GPU"]
    if gpus:
        resources = replace(resources, gpu=len(gpus))
    ports = PortSet(
        tcp=_ports(given.get("PORTS"), DEFAULT_RESERVED_TCP_PORTS), udp=_ports(given.get("PORTS_UDP"), frozenset())
    )
    return resources, ports, itype.architecture if itype is not None else None


def _attributes(
    req: RegisterContainerInstanceRequest, doc: dict[str, Any] | None, architecture: str | None
) -> tuple[Attribute, ...]:
    found: dict[str, str | None] = {}
    if doc is not None:
        for name, key in (
            ("ecs.ami-id", "imageId"),
            ("ecs.availability-zone", "availabilityZone"),
            ("ecs.instance-type", "instanceType"),
        ):
            if isinstance(doc.get(key), str):
                found[name] = doc[key]
    arch = doc.get("architecture") if doc is not None else None
    given = req.attributes or ()
    check_attributes(given, custom_before=0)
    return _built_in(
        tuple(found.items()),
        arch if isinstance(arch, str) else architecture or "x86_64",
        doc is not None,
        tuple((a.name, a.value) for a in given),
    )


@functools.lru_cache(maxsize=1024)
def _built_in(
    identity: tuple[tuple[str, str | None], ...],
    architecture: str,
    ec2: bool,
    given: tuple[tuple[str, str | None], ...],
) -> tuple[Attribute, ...]:
    # Instances of one type, AMI and zone share their attributes (~30), so they are made once.
    found: dict[str, str | None] = dict(identity)
    found["ecs.os-type"] = "linux"
    found["ecs.os-family"] = "LINUX"
    found["ecs.cpu-architecture"] = architecture
    for capability in _CAPABILITIES:
        found[capability] = None
    found["ecs.capability.task-eni" if ec2 else EXTERNAL_ATTRIBUTE] = None
    found.update(given)
    return tuple(_attribute(n, v) for n, v in found.items())


@functools.lru_cache(maxsize=4096)
def _attribute(name: str, value: str | None) -> Attribute:
    # Models are immutable, so every instance can share one Attribute per (name, value): about 30 per instance.
    return Attribute(name=name, value=value)


def _registered_ec2(env: Env) -> dict[str, str]:
    """EC2 instance id -> ARN of its registered container instance (an index, rebuilt after a restore)."""
    index = env.state.ec2_index
    if index is None:
        models = env.state.container_instances
        index = env.state.ec2_index = {models[arn].ec2_instance_id or "": arn for arn in env.state.instance_runs}
    return index


def _already(env: Env, cluster: str, ec2_instance_id: str) -> ContainerInstance | None:
    arn = _registered_ec2(env).get(ec2_instance_id)
    if arn is None:
        return None
    run = env.state.instance_runs[arn]
    if run.cluster != cluster:
        fail(
            "InvalidParameterException",
            f"The instance {ec2_instance_id} is already registered to cluster {run.cluster}.",
        )
    return env.state.container_instances[arn]


@handles(RegisterContainerInstanceRequest)
def register_container_instance(env: Env, req: RegisterContainerInstanceRequest) -> RegisterContainerInstanceResponse:
    """RegisterContainerInstance (see the module's documentation)."""
    cluster = find_cluster(env, req.cluster).cluster_name or ""
    if req.container_instance_arn is not None:
        existing = find_instance(env, cluster, req.container_instance_arn)
        if existing is None or existing.status not in _STATES:
            fail("InvalidParameterException", "The referenced container instance was not found.")
        return RegisterContainerInstanceResponse(container_instance=existing)
    doc = _identity(env, req.instance_identity_document) if req.instance_identity_document else None
    if doc is not None:
        found = _already(env, cluster, doc["instanceId"])
        if found is not None:
            return RegisterContainerInstanceResponse(container_instance=found)
    model = _register(env, cluster, req, doc)
    return RegisterContainerInstanceResponse(container_instance=_shown(env, model, ()))


def register_group_instance(
    env: Env,
    cluster: str,
    *,
    ec2_instance_id: str,
    instance_type_name: str,
    availability_zone: str,
    capacity_provider: str,
) -> str:
    """Register an instance of an Auto Scaling group capacity provider with ``cluster``, as its agent would (an
    identity document of its type and zone); returns its container instance ARN."""
    doc = {
        "instanceId": ec2_instance_id,
        "instanceType": instance_type_name,
        "availabilityZone": availability_zone,
        "region": env.region,
        "imageId": _GROUP_AMI,
    }
    model = _register(env, cluster, RegisterContainerInstanceRequest(cluster=cluster), doc, capacity_provider)
    return model.container_instance_arn or ""


def _register(
    env: Env,
    cluster: str,
    req: RegisterContainerInstanceRequest,
    doc: dict[str, Any] | None,
    capacity_provider: str | None = None,
) -> ContainerInstance:
    type_name = doc.get("instanceType") if doc is not None else None
    resources, ports, architecture = _resources(req, type_name if isinstance(type_name, str) else None, doc is None)
    attributes = _attributes(req, doc, architecture)
    instance_id = env.ids.hex32()
    arn = instance_arn(env, cluster, instance_id)
    ec2_id = doc["instanceId"] if doc is not None else "mi-" + env.ids.hex32()[:17]
    registered = resource_models(resources, ports)
    if resources.gpu:
        ids = tuple(d.id for d in req.platform_devices or () if str(d.type) == "GPU") or tuple(
            f"GPU-{env.ids.uuid()}" for _ in range(resources.gpu)
        )
        registered += (Resource(name="GPU", type="STRINGSET", string_set_value=ids),)
    now = env.clock.now()
    model = ContainerInstance(
        container_instance_arn=arn,
        ec2_instance_id=ec2_id,
        capacity_provider_name=capacity_provider,
        version=1,
        version_info=req.version_info or VersionInfo(agent_version=AGENT_VERSION, docker_version=DOCKER_VERSION),
        remaining_resources=registered,
        registered_resources=registered,
        status="ACTIVE",
        agent_connected=True,
        running_tasks_count=0,
        pending_tasks_count=0,
        attributes=attributes,
        registered_at=now,
        attachments=(),
        tags=(),  # kept apart (state.tags) and shown only when asked for, as the health status is
    )
    env.state.container_instances[arn] = model
    run = env.state.instance_runs[arn] = InstanceRun(arn=arn, cluster=cluster, enis=resources.enis)
    _registered_ec2(env)[ec2_id] = arn
    add_instance(env.state, cluster, model, run, registered=resources, ports=ports)
    if req.tags:
        env.state.tags[arn] = req.tags
    adjust_cluster(env, cluster, registered=1)
    poke_cluster(env.state, env.arn(f"cluster/{cluster}"), env.now)
    return model


def _shown(env: Env, model: ContainerInstance, include: tuple[str, ...]) -> ContainerInstance:
    """The instance as a describe call shows it: tags and health only when asked for."""
    tags = env.state.tags.get(model.container_instance_arn or "", ()) if "TAGS" in include else ()
    health = _health(model) if "CONTAINER_INSTANCE_HEALTH" in include else None
    if not tags and health is None:
        return model  # stored as shown by default: no rebuild
    return replace(model, tags=tags, health_status=health)


def _health(model: ContainerInstance) -> ContainerInstanceHealthStatus:
    """The instance's health: its container runtime has been OK since it registered (the fake's agents never
    fail their checks)."""
    since = model.registered_at
    check = InstanceHealthCheckResult(
        type=InstanceHealthCheckType.CONTAINER_RUNTIME,
        status=InstanceHealthCheckState.OK,
        last_updated=since,
        last_status_change=since,
    )
    return ContainerInstanceHealthStatus(overall_status=InstanceHealthCheckState.OK, details=(check,))


def _missing_arn(env: Env, cluster: str, ref: str) -> str:
    return ref if ref.startswith("arn:") else instance_arn(env, cluster, ref)


@handles(DescribeContainerInstancesRequest)
def describe_container_instances(
    env: Env, req: DescribeContainerInstancesRequest
) -> DescribeContainerInstancesResponse:
    """DescribeContainerInstances: unknown instances come back as failures with reason MISSING."""
    cluster = find_cluster(env, req.cluster).cluster_name or ""
    include = tuple(str(i) for i in req.include or ())
    found, failures = describe_each(
        req.container_instances,
        lambda ref: find_instance(env, cluster, ref),
        lambda ref: _missing_arn(env, cluster, ref),
        limit=_MAX_DESCRIBE,
        member="containerInstances",
        noun="instances",
        show=lambda model: _shown(env, model, include),
    )
    return DescribeContainerInstancesResponse(container_instances=found, failures=failures)


@handles(ListContainerInstancesRequest)
def list_container_instances(env: Env, req: ListContainerInstancesRequest) -> ListContainerInstancesResponse:
    """ListContainerInstances: ACTIVE and DRAINING instances (or those of ``status``) that match ``filter``, a
    cluster query expression."""
    cluster = find_cluster(env, req.cluster).cluster_name or ""
    try:
        query = parse_query(req.filter) if req.filter else None
    except QuerySyntaxError as exc:
        fail("InvalidParameterException", f"The filter expression is not valid: {exc}")
    status = str(req.status) if req.status is not None else None
    index = cluster_index(env.state, cluster)
    arns = [
        arn
        for arn, run in env.state.instance_runs.items()
        if run.cluster == cluster
        and (status is None or env.state.container_instances[arn].status == status)
        and (query is None or query.matches(index[arn]))
    ]
    page, token = paginate(arns, req.next_token, req.max_results)
    return ListContainerInstancesResponse(container_instance_arns=tuple(page), next_token=token)


@handles(UpdateContainerInstancesStateRequest)
def update_container_instances_state(
    env: Env, req: UpdateContainerInstancesStateRequest
) -> UpdateContainerInstancesStateResponse:
    """UpdateContainerInstancesState: ACTIVE or DRAINING (a DRAINING instance takes no new tasks)."""
    cluster = find_cluster(env, req.cluster).cluster_name or ""
    status = str(req.status)
    if status not in _STATES:
        fail("InvalidParameterException", "Container instance status can only be updated to ACTIVE or DRAINING.")
    if not 1 <= len(req.container_instances) <= _MAX_UPDATE:
        fail("InvalidParameterException", f"containerInstances must list 1 to {_MAX_UPDATE} instances.")
    index = cluster_index(env.state, cluster)
    updated: list[ContainerInstance] = []
    failures: list[Failure] = []
    for ref in req.container_instances:
        model = find_instance(env, cluster, ref)
        if model is None or model.status not in _STATES:
            failures.append(Failure(arn=_missing_arn(env, cluster, ref), reason="MISSING"))
            continue
        arn = model.container_instance_arn or ""
        if model.status != status:
            index.set_status(arn, status)
            model = replace(model, status=status, version=(model.version or 0) + 1)
            env.state.container_instances[arn] = model
        updated.append(_shown(env, model, ()))
    poke_cluster(env.state, env.arn(f"cluster/{cluster}"), env.now)
    return UpdateContainerInstancesStateResponse(container_instances=tuple(updated), failures=tuple(failures))


@handles(DeregisterContainerInstanceRequest)
def deregister_container_instance(
    env: Env, req: DeregisterContainerInstanceRequest
) -> DeregisterContainerInstanceResponse:
    """DeregisterContainerInstance: refused while tasks that are not STOPPED remain, unless ``force``."""
    cluster = find_cluster(env, req.cluster).cluster_name or ""
    model = find_instance(env, cluster, req.container_instance)
    if model is None or model.status not in _STATES:
        fail("InvalidParameterException", "The referenced container instance was not found.")
    arn = model.container_instance_arn or ""
    live = [r.arn for r in env.state.runs.values() if r.placement is not None and r.placement.instance_id == arn]
    if live and not req.force:
        fail("InvalidParameterException", "Found running tasks on the instance.")
    for task in live:
        lifecycle.abandon(env, task, "Container instance deregistered")
    model = fresh_instance(env.state, arn) or model
    cluster_index(env.state, cluster).remove(arn)
    del env.state.instance_runs[arn]
    _registered_ec2(env).pop(model.ec2_instance_id or "", None)
    model = replace(
        model,
        status="INACTIVE",
        agent_connected=False,
        running_tasks_count=0,
        pending_tasks_count=0,
        version=(model.version or 0) + 1,
    )
    env.state.container_instances[arn] = model
    adjust_cluster(env, cluster, registered=-1)
    poke_cluster(env.state, env.arn(f"cluster/{cluster}"), env.now)
    return DeregisterContainerInstanceResponse(container_instance=_shown(env, model, ()))
