"""Container instances joining and leaving clusters, as the ECS agent and ECS do it.

Registering:

* **EC2**: the ``instanceIdentityDocument`` (JSON with ``instanceId``, ``instanceType``, ``availabilityZone``,
  ``region``, ``imageId``, ``architecture``, ...; the signature is not checked). CPU, memory, GPUs and ENI slots come
  from the instance type (:mod:`ecskit.placement.instance_types`, every EC2 type) unless ``totalResources`` gives
  CPU and MEMORY (and PORTS / PORTS_UDP), as the agent does. ECS registers any EC2 instance: a type missing from
  the table (newer than it) is never refused, and has
  :data:`~ecskit.placement.instance_types.UNKNOWN_TYPE_DEFAULTS` where ``totalResources`` says nothing (ENI slots,
  and CPU and memory without them). The built-in attributes follow: ``ecs.availability-zone``,
  ``ecs.instance-type``, ``ecs.ami-id``, ``ecs.os-type``, ``ecs.os-family``, ``ecs.cpu-architecture`` and the
  agent's capabilities.
* **EXTERNAL** (ECS Anywhere): no identity document. ``totalResources`` must give CPU and MEMORY; the instance gets a
  managed-instance id (``mi-`` and 17 hex digits) and the ``ecs.capability.external`` attribute, and takes only
  EXTERNAL tasks (EC2 tasks never go to it, nor EXTERNAL tasks to EC2 instances).
* Instances of an Auto Scaling group capacity provider register by themselves (:func:`register_group_instance`).
* ENI trunking (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-eni.html): an EC2
  instance registered while ``awsvpcTrunking`` is ``enabled`` (the account's setting: the fake's caller is its root
  user), of a type ECS gives a trunk, takes that type's
  :attr:`~ecskit.placement.instance_types.InstanceType.trunking_enis` ``awsvpc`` tasks instead of one per network
  interface but the primary (a ``c5.large``: ten instead of two), and has the ``ecs.awsvpc-trunk-id`` attribute.
  Instances registered before the setting changed keep what they had, as on AWS. The fake makes the trunk at once
  (AWS shows the instance ``REGISTERING`` while it attaches it).

Attributes: built-in ones (``ecs.*``, ``com.amazonaws.ecs.*``) and at most 10 custom ones per instance; names are
1-128 letters, digits, ``- _ . / \\``, values 1-128 of those plus ``@ :`` and spaces (not at either end).

Deregistering refuses while tasks that are not STOPPED remain, unless forced: then they stop at once (STOPPED,
"Container instance deregistered"), and the instance stays describable as INACTIVE.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.find import instance_arn
from ecskit.backends.fake.core.instances import EXTERNAL_ATTRIBUTE, InstanceRecord
from ecskit.backends.fake.core.settings import effective_value
from ecskit.backends.fake.engine import lifecycle
from ecskit.backends.fake.engine.ecs_events import instance_changed
from ecskit.backends.fake.engine.placement import add_instance, cluster_index
from ecskit.backends.fake.engine.tasks import poke_cluster
from ecskit.models import replace
from ecskit.models.ecs import Attribute, RegisterContainerInstanceRequest, Resource, SettingName, VersionInfo
from ecskit.placement import (
    DEFAULT_RESERVED_TCP_PORTS,
    InstanceType,
    PortSet,
    Resources,
    instance_type_or_default,
    registered_resources,
    resource_models,
)
from ecskit.texts import ecs

__all__ = [
    "AGENT_VERSION",
    "DOCKER_VERSION",
    "MAX_CUSTOM_ATTRIBUTES",
    "TRUNK_ATTRIBUTE",
    "check_attributes",
    "deregister",
    "ec2_index",
    "edit_attributes",
    "identity",
    "is_custom",
    "register",
    "register_group_instance",
    "set_state",
    "trunking_on",
]

#: The agent version a registration without ``versionInfo`` reports.
AGENT_VERSION = "1.89.3"
#: The Docker version a registration without ``versionInfo`` reports.
DOCKER_VERSION = "DockerVersion: 25.0.8"
#: Custom attributes one resource may hold.
MAX_CUSTOM_ATTRIBUTES = 10
#: The attribute of an instance with a trunk network interface: the trunk's ENI id.
TRUNK_ATTRIBUTE = "ecs.awsvpc-trunk-id"
_EC2_ID = re.compile(r"i-(?:[0-9a-f]{8}|[0-9a-f]{17})\Z")
#: The AMI id the instances of the fake's Auto Scaling groups report.
_GROUP_AMI = "ami-0a1b2c3d4e5f60718"
_NAME = re.compile(r"[A-Za-z0-9_./\\-]{1,128}\Z")
_VALUE = re.compile(r"[A-Za-z0-9_.@/\\: -]{1,128}\Z")
_BUILT_IN = ("ecs.", "com.amazonaws.ecs.")
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


def is_custom(name: str) -> bool:
    """Whether an attribute is the user's (not one ECS or the agent sets)."""
    return not name.startswith(_BUILT_IN)


def check_attributes(attributes: Iterable[Attribute], *, custom_before: int) -> None:
    """Raise as AWS does for a bad name or value, or for more than 10 custom attributes on one resource (counting
    ``custom_before`` already there)."""
    names = set()
    for attribute in attributes:
        if not _NAME.match(attribute.name):
            refuse(ecs.ATTRIBUTE_NAME_INVALID, name=repr(attribute.name))
        value = attribute.value
        if value is not None and (not _VALUE.match(value) or value != value.strip(" ")):
            refuse(ecs.ATTRIBUTE_VALUE_INVALID, value=repr(value), name=attribute.name)
        if is_custom(attribute.name):
            names.add(attribute.name)
    if custom_before + len(names) > MAX_CUSTOM_ATTRIBUTES:
        refuse(ecs.ATTRIBUTES_TOO_MANY, limit=MAX_CUSTOM_ATTRIBUTES)


def identity(env: Env, text: str) -> dict[str, Any]:
    """An instance identity document, checked as ECS reads it."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        refuse(ecs.IDENTITY_DOCUMENT_INVALID)
    if not isinstance(doc, dict) or not _EC2_ID.match(str(doc.get("instanceId", ""))):
        refuse(ecs.IDENTITY_DOCUMENT_NO_INSTANCE)
    region = doc.get("region")
    if region is not None and region != env.region:
        refuse(ecs.IDENTITY_DOCUMENT_REGION, given=region, region=env.region)
    zone = doc.get("availabilityZone")
    if zone is not None and not (isinstance(zone, str) and zone.startswith(env.region)):
        refuse(ecs.IDENTITY_DOCUMENT_ZONE, zone=repr(zone), region=env.region)
    return doc


def _given(req: RegisterContainerInstanceRequest) -> dict[str, Resource]:
    given = {r.name or "": r for r in req.total_resources or ()}
    for name in ("CPU", "MEMORY"):
        value = given[name].integer_value if name in given else 0
        if value is None or value < 0:
            refuse(ecs.TOTAL_RESOURCES_VALUE, name=name)
    return given


def _ports(resource: Resource | None, default: frozenset[int]) -> frozenset[int]:
    if resource is None:
        return default
    try:
        ports = frozenset(int(p) for p in resource.string_set_value or ())
    except ValueError:
        refuse(ecs.TOTAL_RESOURCES_PORTS, name=resource.name)
    if any(not 0 < p < 65536 for p in ports):
        refuse(ecs.TOTAL_RESOURCES_PORTS, name=resource.name)
    return ports


def _resources(
    req: RegisterContainerInstanceRequest, doc: dict[str, Any] | None, trunking: bool
) -> tuple[Resources, PortSet, InstanceType | None]:
    """Registered resources, reserved ports and the instance type (None for an EXTERNAL instance)."""
    given = _given(req)
    itype = None
    type_name = doc.get("instanceType") if doc is not None else None
    if doc is not None and isinstance(type_name, str) and type_name:
        arch = doc.get("architecture")
        # ECS registers any EC2 instance: a type missing from ecskit's table (newer than it) gets the defaults.
        itype = instance_type_or_default(type_name, architecture=arch if arch in ("x86_64", "arm64") else None)
    if "CPU" in given and "MEMORY" in given:
        from_type = registered_resources(itype, trunking=trunking).resources if itype is not None else Resources()
        resources = Resources(
            cpu=given["CPU"].integer_value or 0,
            memory=given["MEMORY"].integer_value or 0,
            gpu=from_type.gpu,
            enis=from_type.enis,
        )
    elif itype is not None:
        resources = registered_resources(itype, trunking=trunking).resources
    elif doc is None:
        refuse(ecs.EXTERNAL_INSTANCE_NEEDS_RESOURCES, what="An instance without an identity document")
    else:
        refuse(ecs.IDENTITY_DOCUMENT_NO_TYPE)
    gpus = [d for d in req.platform_devices or () if str(d.type) == "GPU"]
    if gpus:
        resources = replace(resources, gpu=len(gpus))
    ports = PortSet(
        tcp=_ports(given.get("PORTS"), DEFAULT_RESERVED_TCP_PORTS), udp=_ports(given.get("PORTS_UDP"), frozenset())
    )
    return resources, ports, itype


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
    identity_: tuple[tuple[str, str | None], ...],
    architecture: str,
    ec2: bool,
    given: tuple[tuple[str, str | None], ...],
) -> tuple[Attribute, ...]:
    # Instances of one type, AMI and zone share their attributes (~30), so they are made once.
    found: dict[str, str | None] = dict(identity_)
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


def ec2_index(env: Env) -> dict[str, str]:
    """EC2 instance id -> ARN of its registered container instance (derived: rebuilt after a restore)."""
    index = env.state.ec2_index
    if index is None:
        index = env.state.ec2_index = {r.ec2_instance_id: arn for arn, r in env.state.instances.items() if r.live}
    return index


def trunking_on(env: Env) -> bool:
    """Whether an EC2 instance registering now gets a trunk interface (``awsvpcTrunking`` is ``enabled``)."""
    return effective_value(env, SettingName.AWSVPC_TRUNKING) == "enabled"


def register(
    env: Env,
    cluster: str,
    req: RegisterContainerInstanceRequest,
    doc: dict[str, Any] | None,
    capacity_provider: str | None = None,
) -> InstanceRecord:
    """Register an instance with ``cluster`` (see the module's documentation)."""
    trunking = doc is not None and trunking_on(env)
    resources, ports, itype = _resources(req, doc, trunking)
    attributes = _attributes(req, doc, itype.architecture if itype is not None else None)
    instance_id = env.ids.hex32()
    arn = instance_arn(env, cluster, instance_id)
    if trunking and itype is not None and itype.trunking_enis:
        attributes += (_attribute(TRUNK_ATTRIBUTE, "eni-" + env.ids.hex32()[:17]),)
    ec2_id = doc["instanceId"] if doc is not None else "mi-" + env.ids.hex32()[:17]
    registered = resource_models(resources, ports)
    if resources.gpu:
        ids = tuple(d.id for d in req.platform_devices or () if str(d.type) == "GPU") or tuple(
            f"GPU-{env.ids.uuid()}" for _ in range(resources.gpu)
        )
        registered += (Resource(name="GPU", type="STRINGSET", string_set_value=ids),)
    record = InstanceRecord(
        arn=arn,
        cluster=cluster,
        ec2_instance_id=ec2_id,
        registered_at=env.clock.now(),
        version_info=req.version_info or VersionInfo(agent_version=AGENT_VERSION, docker_version=DOCKER_VERSION),
        registered_resources=registered,
        attributes=attributes,
        capacity_provider=capacity_provider,
        enis=resources.enis,
    )
    env.state.instances[arn] = record
    ec2_index(env)[ec2_id] = arn
    add_instance(env, record, resources, ports)
    if req.tags:
        env.state.tags[arn] = req.tags
    env.state.clusters[cluster].registered += 1
    instance_changed(env, record)
    poke_cluster(env, cluster)
    return record


def register_group_instance(
    env: Env,
    cluster: str,
    *,
    ec2_instance_id: str,
    instance_type_name: str,
    availability_zone: str,
    capacity_provider: str,
) -> InstanceRecord:
    """Register an instance of an Auto Scaling group capacity provider with ``cluster``, as its agent would (an
    identity document of its type and zone)."""
    doc = {
        "instanceId": ec2_instance_id,
        "instanceType": instance_type_name,
        "availabilityZone": availability_zone,
        "region": env.region,
        "imageId": _GROUP_AMI,
    }
    return register(env, cluster, RegisterContainerInstanceRequest(cluster=cluster), doc, capacity_provider)


def set_state(env: Env, record: InstanceRecord, status: str) -> None:
    """ACTIVE or DRAINING (a DRAINING instance takes no new tasks); the cluster's services look again."""
    if record.status != status:
        cluster_index(env, record.cluster).set_status(record.arn, status)
        record.status = status
        record.version += 1
        instance_changed(env, record)
    poke_cluster(env, record.cluster)


def deregister(env: Env, record: InstanceRecord, *, force: bool) -> None:
    """Deregister an instance: refused while tasks that are not STOPPED remain, unless ``force``."""
    live = [t for t in env.state.tasks.values() if t.placement is not None and t.placement.instance_id == record.arn]
    if live and not force:
        refuse(ecs.INSTANCE_HAS_TASKS)
    for task in live:
        lifecycle.abandon(env, task, "Container instance deregistered")
    index = cluster_index(env, record.cluster)
    record.port_cursors = index.port_cursors(record.arn)
    index.remove(record.arn)
    ec2_index(env).pop(record.ec2_instance_id, None)
    record.status = "INACTIVE"
    record.agent_connected = False
    record.running = record.pending = 0
    record.version += 1
    instance_changed(env, record)
    env.state.clusters[record.cluster].registered -= 1
    poke_cluster(env, record.cluster)


def edit_attributes(env: Env, record: InstanceRecord, put: Mapping[str, str | None], drop: Iterable[str]) -> None:
    """Add or change (``put``) and remove (``drop``) attributes of a registered instance, placement included."""
    dropped = set(drop)
    values = {a.name: a.value for a in record.attributes if a.name not in dropped}
    values.update(put)
    record.attributes = tuple(_attribute(n, v) for n, v in values.items())
    record.version += 1
    instance_changed(env, record)
    index = cluster_index(env, record.cluster)
    if put:
        index.set_attributes(record.arn, put)
    if dropped:
        index.delete_attributes(record.arn, dropped)
