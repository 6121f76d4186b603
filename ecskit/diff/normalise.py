"""Normalised API documents: two task definitions (or services) that AWS treats the same normalise the same.

The normalised document is the API dict of the register (CreateService) request, with:

* read-only members gone: what ``describe-task-definition`` adds (``taskDefinitionArn``, ``revision``,
  ``status``, ``requiresAttributes``, ``compatibilities``, ``registeredAt``/``By``, ``deregisteredAt``, ...) and
  what ``describe-services`` adds (``serviceArn``, ``status``, ``runningCount``, ``pendingCount``,
  ``deployments``, ``events``, ``createdAt``/``By``, ``taskSets``, ...), see :mod:`ecskit.codec.services`;
* the defaults AWS fills in when it describes what was registered, filled in on both sides, so that leaving a
  member out and writing its default compare equal (each rule below cites its source);
* units and spellings made one: task ``cpu`` ``"1 vCPU"`` is ``"1024"``, ``memory`` ``"2 GB"`` is ``"2048"``;
  task definition and role ARNs as the ``family:revision`` and role name they stand for;
* empty lists and maps dropped (``describe`` gives ``[]`` for lists that were never written; an empty one adds
  nothing), except ``command`` and ``entryPoint``, where Docker reads an empty list as "override the image";
* lists that are sets for AWS (:mod:`ecskit.diff.lists`) sorted by identity, set-like string lists sorted
  without repeats; members in a fixed order (identity first, then alphabetical).

A normalised document is still a valid API dict: normalising it again gives it back unchanged.

>>> doc = normalise_task_definition({
...     "family": "web", "cpu": "1 vCPU", "memory": "2 GB", "networkMode": "awsvpc",
...     "containerDefinitions": [{"name": "app", "image": "nginx", "portMappings": [{"containerPort": 80}],
...                               "environment": [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}]}],
... })
>>> doc["cpu"], doc["memory"]
('1024', '2048')
>>> doc["containerDefinitions"][0]["portMappings"]
[{'containerPort': 80, 'hostPort': 80, 'protocol': 'tcp'}]
>>> [e["name"] for e in doc["containerDefinitions"][0]["environment"]]
['A', 'B']
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ecskit.codec import Unknown, to_json
from ecskit.codec.services import ServiceLike, read_service, service_request_from
from ecskit.codec.taskdefs import TaskDefinitionLike, read_task_definition
from ecskit.diff.lists import SERVICE_LISTS, TASK_DEFINITION_LISTS, Keyed, Lists, Unordered, sort_key
from ecskit.models.ecs import CapacityProviderStrategyItem, ContainerDefinition, CreateServiceRequest, Service
from ecskit.validation.registered import (
    CONTAINER_DEFAULTS,
    HEALTH_CHECK_DEFAULTS,
    PORT_PROTOCOL_DEFAULT,
    default_host_port,
)
from ecskit.validation.sizes import registered_cpu, registered_memory

__all__ = ["finish", "member_order", "normalise_service", "normalise_task_definition", "without_empties"]

# Members that name their object: written first, so that a rendering shows which object a hunk is in.
_IDENTITY = ("family", "serviceName", "name", "key", "containerName", "capacityProvider", "targetGroupArn")
_RANK = {name: i for i, name in enumerate(_IDENTITY)}


def member_order(key: str) -> tuple[int, str]:
    """The order of members in a normalised document: the naming ones first (``name``, ``key``, ...), then A-Z."""
    return (_RANK.get(key, len(_RANK)), key)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


# Optional members where empty is not absent: Docker reads an empty argv as "override the image's".
_KEEP_EMPTY = frozenset({(ContainerDefinition, "command"), (ContainerDefinition, "entry_point")})


def _is_empty(value: Any) -> bool:
    if isinstance(value, tuple | dict):
        return not value
    return attrs.has(type(value)) and all(getattr(value, a.name) is None for a in attrs.fields(type(value)))


def without_empties(model: Any) -> Any:
    """``model`` with every optional member that is an empty list, map or object set to None (absent).

    Required members stay, empty or not, so the result is still a valid request.
    """
    if isinstance(model, tuple):
        return tuple(without_empties(v) for v in model)
    if not attrs.has(type(model)):
        return model  # scalars, and maps of scalars or JSON documents: kept as written
    cls = type(model)
    changes: dict[str, Any] = {}
    for field in attrs.fields(cls):
        value = getattr(model, field.name)
        if value is None:
            continue
        new = without_empties(value)
        if field.default is not attrs.NOTHING and (cls, field.name) not in _KEEP_EMPTY and _is_empty(new):
            new = None
        if new is not value:
            changes[field.name] = new
    return attrs.evolve(model, **changes) if changes else model


def finish(doc: Any, lists: Lists) -> Any:
    """Sort set-like lists and order members; ``lists`` says which lists are sets."""
    return _finish(doc, (), lists)


def _finish(value: Any, schema: tuple[str, ...], lists: Lists) -> Any:
    if isinstance(value, dict):
        return {key: _finish(value[key], (*schema, key), lists) for key in sorted(value, key=member_order)}
    if isinstance(value, list):
        items = [_finish(v, schema, lists) for v in value]
        rule = lists.get(schema)
        if isinstance(rule, Keyed):
            keyed = rule
            items.sort(key=lambda item: (sort_key(keyed.key(item)), _canonical(item)))
        elif isinstance(rule, Unordered):
            unique = {_canonical(v): v for v in items}
            items = [unique[k] for k in sorted(unique, key=lambda k: sort_key((unique[k],)))]
        return items
    return value


def _api_dict(model: object) -> dict[str, Any]:
    # JSON mode: timestamps and blobs as text, so that the document (and every Change value) is JSON data.
    data: dict[str, Any] = json.loads(to_json(without_empties(model)))
    return data


# -- task definitions ---------------------------------------------------------------------------------------------


def _port_mapping(mapping: dict[str, Any], network_mode: str | None) -> None:
    # The defaults RegisterTaskDefinition fills in (ecskit.validation.registered); a containerPortRange takes no
    # hostPort, so it is left alone.
    mapping.setdefault("protocol", PORT_PROTOCOL_DEFAULT)
    port = mapping.get("containerPort")
    if not isinstance(port, int) or "containerPortRange" in mapping or "hostPort" in mapping:
        return
    host_port = default_host_port(port, network_mode)
    if host_port is not None:
        mapping["hostPort"] = host_port


def _container(container: dict[str, Any], network_mode: str | None) -> None:
    for key, default in CONTAINER_DEFAULTS.items():
        container.setdefault(key, default)
    for mapping in container.get("portMappings", ()):
        _port_mapping(mapping, network_mode)
    health = container.get("healthCheck")
    if isinstance(health, dict):
        for key, value in HEALTH_CHECK_DEFAULTS.items():
            health.setdefault(key, value)


def _volume(volume: dict[str, Any]) -> None:
    # https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSVolumeConfiguration.html: rootDirectory
    # "Specifying / will have the same effect as omitting this parameter"; transitEncryption and
    # authorizationConfig.iam: "If this parameter is omitted, the default value of DISABLED is used".
    efs = volume.get("efsVolumeConfiguration")
    if not isinstance(efs, dict):
        return
    if efs.get("rootDirectory") == "/":
        del efs["rootDirectory"]
    if efs.get("transitEncryption") == "DISABLED":
        del efs["transitEncryption"]
    auth = efs.get("authorizationConfig")
    if isinstance(auth, dict) and auth.get("iam") == "DISABLED":
        del auth["iam"]
        if not auth:
            del efs["authorizationConfig"]


def normalise_task_definition(td: TaskDefinitionLike, *, unknown: Unknown = "error") -> dict[str, Any]:
    """The normalised register-input API dict of a task definition in any form.

    ``td`` may be any :data:`~ecskit.codec.taskdefs.TaskDefinitionLike`: register input, describe output, a describe
    or register response, a dict or JSON text of those, or a JSON file.

    Raises :class:`~ecskit.errors.ConversionError` (naming each bad field) for input that is no task definition.
    """
    doc = _api_dict(read_task_definition(td, unknown=unknown))
    if "cpu" in doc:
        doc["cpu"] = registered_cpu(doc["cpu"]) if isinstance(doc["cpu"], str) else doc["cpu"]
    if "memory" in doc:
        doc["memory"] = registered_memory(doc["memory"]) if isinstance(doc["memory"], str) else doc["memory"]
    network_mode = doc.get("networkMode")
    for container in doc.get("containerDefinitions", ()):
        _container(container, network_mode)
    for volume in doc.get("volumes", ()):
        _volume(volume)
    result: dict[str, Any] = finish(doc, TASK_DEFINITION_LISTS)
    return result


# -- services -----------------------------------------------------------------------------------------------------

# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html: with no role
# given, ECS acts through its service-linked role, and describe-services reports that role's ARN.
_SERVICE_LINKED_ROLE = "aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"


def _after(text: str, marker: str) -> str:
    return text.split(marker, 1)[1] if marker in text else text


def _task_definition_ref(ref: str, latest: Mapping[str, int]) -> str:
    """``family:revision`` from an ARN; a bare family resolved only through ``latest`` (never guessed)."""
    if ref.startswith("arn:") and ":task-definition/" in ref:
        ref = _after(ref, ":task-definition/")
    if ":" not in ref and ref in latest:
        return f"{ref}:{latest[ref]}"
    return ref


def _launch(doc: dict[str, Any], daemon: bool, cluster_default: Sequence[CapacityProviderStrategyItem]) -> None:
    # https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html: "If no
    # capacityProviderStrategy or launchType is specified, the defaultCapacityProviderStrategy for the cluster is
    # used"; a cluster without one runs the service on EC2, and describe shows "launchType": "EC2". DAEMON
    # services take no capacity provider strategy at all.
    if "launchType" not in doc and not doc.get("capacityProviderStrategy"):
        if cluster_default and not daemon:
            doc["capacityProviderStrategy"] = [_api_dict(item) for item in cluster_default]
        else:
            doc["launchType"] = "EC2"
    # API_CapacityProviderStrategyItem.html: weight and base both default to 0.
    for item in doc.get("capacityProviderStrategy", ()):
        item.setdefault("weight", 0)
        item.setdefault("base", 0)


def _deployment(doc: dict[str, Any], daemon: bool) -> None:
    # API_DeploymentController.html: the default controller is ECS. API_DeploymentConfiguration.html (for the
    # ECS controller): maximumPercent defaults to 200 for REPLICA and 100 for DAEMON, minimumHealthyPercent to
    # 100 for REPLICA and 0 for DAEMON, the strategy to ROLLING; describe shows the circuit breaker as
    # {"enable": false, "rollback": false} when none was given. An alarm configuration that is off and names no
    # alarm does nothing.
    controller = doc.setdefault("deploymentController", {})
    controller.setdefault("type", "ECS")
    if controller["type"] != "ECS":
        return
    config = doc.setdefault("deploymentConfiguration", {})
    config.setdefault("maximumPercent", 100 if daemon else 200)
    config.setdefault("minimumHealthyPercent", 0 if daemon else 100)
    config.setdefault("strategy", "ROLLING")
    breaker = config.setdefault("deploymentCircuitBreaker", {})
    breaker.setdefault("enable", False)
    breaker.setdefault("rollback", False)
    alarms = config.get("alarms")
    if isinstance(alarms, dict) and not any(alarms.get(k) for k in ("alarmNames", "enable", "rollback")):
        del config["alarms"]


def normalise_service(
    service: ServiceLike,
    *,
    latest_revisions: Mapping[str, int] | None = None,
    cluster_default_strategy: Sequence[CapacityProviderStrategyItem] | None = None,
    unknown: Unknown = "error",
) -> dict[str, Any]:
    """The normalised CreateService-input API dict of a service in any form.

    ``service`` may be any :data:`~ecskit.codec.services.ServiceLike`: CreateService input, a described Service, a
    DescribeServices response with one service, a dict or JSON text of those, or a JSON file.

    ``latest_revisions`` maps a task definition family to its latest ACTIVE revision: only through it does a bare
    family (``"web"``) equal a revision (``"web:7"``); ECS resolves a bare family when the call is made, so a diff
    never guesses. ``cluster_default_strategy`` is the cluster's default capacity provider strategy, which a
    service naming neither a launch type nor a strategy gets (None or empty: the cluster has none, so EC2).

    Raises :class:`~ecskit.errors.ConversionError` (naming each bad field) for input that is no service.
    """
    read = read_service(service, unknown=unknown)
    deployed = isinstance(read, Service)
    request: CreateServiceRequest = service_request_from(read)
    doc = _api_dict(request)
    # Where a service runs and how its creation is made idempotent are not its configuration: the caller chose
    # the two services to compare, and UpdateService can change neither. (Service files often leave the cluster
    # to the command line, so comparing it would only be noise.)
    doc.pop("cluster", None)
    doc.pop("clientToken", None)
    if "taskDefinition" in doc:
        doc["taskDefinition"] = _task_definition_ref(doc["taskDefinition"], latest_revisions or {})
    if "role" in doc:
        role = _after(doc["role"], ":role/")
        if role == _SERVICE_LINKED_ROLE:
            del doc["role"]
        else:
            doc["role"] = role
    # API_CreateService.html: schedulingStrategy "REPLICA" unless given; for DAEMON, ECS sets the desired count
    # (one task per instance), so it is not configuration.
    doc.setdefault("schedulingStrategy", "REPLICA")
    daemon = doc["schedulingStrategy"] == "DAEMON"
    if daemon:
        doc.pop("desiredCount", None)
    _launch(doc, daemon, cluster_default_strategy or ())
    _deployment(doc, daemon)
    # API_CreateService.html: propagateTags "If no value is specified, the tags aren't propagated" (describe:
    # "NONE"); enableECSManagedTags and enableExecuteCommand default to false; healthCheckGracePeriodSeconds "If
    # you don't specify a health check grace period value, the default value of 0 is used"; platformVersion "If
    # one isn't specified, the LATEST platform version is used".
    doc.setdefault("propagateTags", "NONE")
    doc.setdefault("enableECSManagedTags", False)
    doc.setdefault("enableExecuteCommand", False)
    doc.setdefault("healthCheckGracePeriodSeconds", 0)
    if doc.get("platformVersion") == "LATEST":
        del doc["platformVersion"]
    # availabilityZoneRebalancing: "For create service requests, when no value is specified ..., Amazon ECS
    # defaults the value to ENABLED"; a described service without it "never had [a value] set, Amazon ECS treats
    # this as DISABLED".
    doc.setdefault("availabilityZoneRebalancing", "DISABLED" if deployed else "ENABLED")
    # API_AwsVpcConfiguration.html: assignPublicIp "The default value is DISABLED".
    awsvpc = doc.get("networkConfiguration", {}).get("awsvpcConfiguration")
    if isinstance(awsvpc, dict):
        awsvpc.setdefault("assignPublicIp", "DISABLED")
    result: dict[str, Any] = finish(doc, SERVICE_LISTS)
    return result
