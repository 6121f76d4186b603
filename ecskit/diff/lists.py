"""Which lists of a task definition or a service are sets for AWS, and which members name an item of each.

A list is compared one of three ways:

* :class:`Keyed`: the order means nothing and each item has an identity (a container by its ``name``, a tag by
  its ``key``). Items are matched by identity, so a change inside one shows as
  ``containerDefinitions[name=app].environment[name=LOG_LEVEL].value``, and normalised documents hold the items
  sorted by identity.
* :class:`Unordered`: a list of strings read as a set (subnets, security groups, compatibilities). Normalised
  documents hold it sorted, without repeats; a change shows as the whole list.
* anything else keeps its order, because it means something: ``command`` and ``entryPoint`` are argv,
  ``environmentFiles`` are read top down (a later file loses to an earlier one: "If multiple environment files
  are specified that contain the same variable, they're processed from the top down",
  https://docs.aws.amazon.com/AmazonECS/latest/developerguide/use-environment-file.html), ``dnsServers`` and
  ``dnsSearchDomains`` are tried in order, and placement strategies are applied in order ("Task placement
  strategies ... are evaluated in order",
  https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html).

Port mappings are keyed, not ordered. AWS keeps their order, but nothing reads it: Docker publishes ports as a
map from container port to host bindings, load balancers and Service Connect name a mapping by ``containerPort``
or ``name``, never by position, and a container port can be mapped only once ("You can't expose the same
container port for multiple protocols",
https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html), so ``containerPort`` (or
``containerPortRange``) names a mapping.

Tables are keyed by the member names from the document's root, list positions left out: the environment of
every container is ``("containerDefinitions", "environment")``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeAlias

import attrs

__all__ = [
    "SERVICE_LISTS",
    "TASK_DEFINITION_LISTS",
    "Keyed",
    "ListRule",
    "Lists",
    "Unordered",
    "sort_key",
]


@attrs.frozen
class Keyed:
    """A list whose order means nothing, each item named by the values of ``members`` (absent ones are None)."""

    members: tuple[str, ...]

    def key(self, item: Any) -> tuple[Any, ...]:
        """The identity of one item: the values of its key members (None where absent)."""
        if not isinstance(item, dict):
            return (item,)
        return tuple(_hashable(item.get(m)) for m in self.members)


@attrs.frozen
class Unordered:
    """A list of scalars read as a set: neither order nor repeats carry meaning."""


#: How one list is compared.
ListRule: TypeAlias = Keyed | Unordered
#: Member-name path (list positions left out) -> how the list there is compared.
Lists: TypeAlias = Mapping[tuple[str, ...], ListRule]

_BY_NAME = Keyed(("name",))

#: The lists of a task definition (register input) that are compared as sets.
TASK_DEFINITION_LISTS: Lists = {
    ("containerDefinitions",): _BY_NAME,
    # Environment variables and secrets become one environment: a name can hold one value.
    ("containerDefinitions", "environment"): _BY_NAME,
    ("containerDefinitions", "secrets"): _BY_NAME,
    ("containerDefinitions", "portMappings"): Keyed(("containerPort", "containerPortRange")),
    # Docker mounts by destination (and sorts mounts itself); a path can be mounted once.
    ("containerDefinitions", "mountPoints"): Keyed(("containerPath",)),
    ("containerDefinitions", "volumesFrom"): Keyed(("sourceContainer",)),
    # Every condition must hold before the container starts: a conjunction has no order.
    ("containerDefinitions", "dependsOn"): Keyed(("containerName",)),
    ("containerDefinitions", "ulimits"): _BY_NAME,
    ("containerDefinitions", "resourceRequirements"): Keyed(("type",)),
    ("containerDefinitions", "systemControls"): Keyed(("namespace",)),
    ("containerDefinitions", "logConfiguration", "secretOptions"): _BY_NAME,
    ("containerDefinitions", "linuxParameters", "capabilities", "add"): Unordered(),
    ("containerDefinitions", "linuxParameters", "capabilities", "drop"): Unordered(),
    ("containerDefinitions", "linuxParameters", "tmpfs"): Keyed(("containerPath",)),
    ("volumes",): _BY_NAME,
    ("placementConstraints",): Keyed(("type", "expression")),
    ("requiresCompatibilities",): Unordered(),
    ("tags",): Keyed(("key",)),
    ("inferenceAccelerators",): Keyed(("deviceName",)),
    ("proxyConfiguration", "properties"): _BY_NAME,
}


#: The lists of a service (CreateService input) that are compared as sets.
SERVICE_LISTS: Lists = {
    # A load balancer entry is a (target group or classic load balancer, container, port) wiring.
    ("loadBalancers",): Keyed(("targetGroupArn", "loadBalancerName", "containerName", "containerPort")),
    ("serviceRegistries",): Keyed(("registryArn",)),
    # base and weight belong to a provider, not to a position.
    ("capacityProviderStrategy",): Keyed(("capacityProvider",)),
    ("placementConstraints",): Keyed(("type", "expression")),
    ("networkConfiguration", "awsvpcConfiguration", "subnets"): Unordered(),
    ("networkConfiguration", "awsvpcConfiguration", "securityGroups"): Unordered(),
    ("deploymentConfiguration", "alarms", "alarmNames"): Unordered(),
    ("tags",): Keyed(("key",)),
    ("serviceConnectConfiguration", "services"): Keyed(("portName",)),
    ("volumeConfigurations",): _BY_NAME,
    ("vpcLatticeConfigurations",): Keyed(("targetGroupArn", "portName")),
}


def _hashable(value: Any) -> Any:
    # Key members are scalars in every valid document; anything else still needs a stable, hashable identity.
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


def sort_key(values: tuple[Any, ...]) -> tuple[tuple[int, Any], ...]:
    """A total order over identities mixing None, numbers and strings (None first, then numbers, then text)."""
    out: list[tuple[int, Any]] = []
    for v in values:
        if v is None:
            out.append((0, 0))
        elif isinstance(v, bool | int | float):
            out.append((1, v))
        else:
            out.append((2, str(v)))
    return tuple(out)
