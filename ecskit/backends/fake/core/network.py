"""Subnets, security groups and ENIs of awsvpc tasks.

Subnets need not be declared: any well-formed id (``subnet-`` and 8 or 17 hex digits) is accepted and gets a /24
of ``10.0.0.0/8`` of its own, chosen from a hash of the id (the next free one when that collides). Its Availability
Zone is settled on first use: the container instance's zone for an EC2 task, one of the Region's ``a``-``c`` zones
(from the hash) for a Fargate task. :meth:`~ecskit.backends.fake.FakeBackend.declare_subnet` fixes both instead.

Each awsvpc task gets one ENI whose private IPv4 address is the lowest free one of its subnet (AWS keeps the first
four addresses and the last one of every subnet); the address is free again when the task is STOPPED.
"""

from __future__ import annotations

import hashlib
import heapq
import ipaddress
import re

import attrs

from ecskit.backends.fake.core.base import derived
from ecskit.errors import UsageError
from ecskit.models.ecs import KeyValuePair

__all__ = [
    "SECURITY_GROUP_ID",
    "SUBNET_ID",
    "Subnet",
    "auto_zone",
    "declare_subnet",
    "eni_details",
    "mac_address",
    "private_dns_name",
    "subnet",
]

SUBNET_ID = re.compile(r"subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})\Z")
SECURITY_GROUP_ID = re.compile(r"sg-(?:[0-9a-f]{8}|[0-9a-f]{17})\Z")
#: Addresses AWS keeps at the start of every subnet (network, router, DNS, future use).
_RESERVED_LOW = 4
_AUTO_ZONES = "abc"


@attrs.define
class Subnet:
    """One subnet: its CIDR, its Availability Zone (None until first used, for an undeclared one) and the
    addresses its ENIs hold."""

    subnet_id: str
    cidr: str
    availability_zone: str | None = None
    #: Whether the user declared it (undeclared subnets are made up on first use).
    declared: bool = False
    #: Host numbers (offsets in the network) held by ENIs: derived from the tasks (rebuilt on restore, not saved).
    used: set[int] = derived(factory=set)
    _freed: list[int] = derived(factory=list)
    _next: int = derived(default=_RESERVED_LOW)

    @property
    def _network(self) -> ipaddress.IPv4Network:
        return ipaddress.IPv4Network(self.cidr)

    def allocate(self) -> str | None:
        """The lowest free address (None when the subnet is full), now held."""
        last = self._network.num_addresses - 2  # the broadcast address is kept too
        while self._freed and self._freed[0] in self.used:  # pragma: no cover - defensive
            heapq.heappop(self._freed)
        if self._freed:
            host = heapq.heappop(self._freed)
        elif self._next <= last:
            host = self._next
            self._next += 1
        else:
            return None
        self.used.add(host)
        return str(self._network.network_address + host)

    def host_of(self, address: str) -> int:
        """The host number of ``address`` in this subnet (ValueError when it is not one of its usable addresses)."""
        network = self._network
        host = int(ipaddress.IPv4Address(address)) - int(network.network_address)
        if not _RESERVED_LOW <= host <= network.num_addresses - 2:
            raise ValueError(f"{address} is not a usable address of {self.cidr}")
        return host

    def hold(self, address: str) -> None:
        """Mark ``address`` as held (a restored task's)."""
        host = int(ipaddress.IPv4Address(address)) - int(self._network.network_address)
        self.used.add(host)
        while self._next <= host:
            if self._next not in self.used:
                heapq.heappush(self._freed, self._next)
            self._next += 1
        self._freed = [h for h in self._freed if h not in self.used]
        heapq.heapify(self._freed)

    def release(self, address: str) -> None:
        """Free ``address``."""
        host = int(ipaddress.IPv4Address(address)) - int(self._network.network_address)
        if host in self.used:
            self.used.discard(host)
            heapq.heappush(self._freed, host)


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()


def subnet(subnets: dict[str, Subnet], subnet_id: str) -> Subnet:
    """The subnet ``subnet_id`` of ``subnets``, made up (with a /24 of its own) when it is not there yet.
    The caller has checked that the id is well-formed."""
    found = subnets.get(subnet_id)
    if found is not None:
        return found
    digest = _digest(subnet_id)
    start = digest[0] << 8 | digest[1]
    taken = [s._network for s in subnets.values()]
    for step in range(1 << 16):
        n = (start + step) % (1 << 16)
        candidate = ipaddress.IPv4Network(f"10.{n >> 8}.{n & 0xFF}.0/24")
        if not any(candidate.overlaps(t) for t in taken):
            break
    else:  # pragma: no cover - 65,536 subnets in one Region
        raise UsageError("no free /24 left in 10.0.0.0/8 for another subnet")
    made = subnets[subnet_id] = Subnet(subnet_id, str(candidate))
    return made


def auto_zone(region: str, subnet_id: str) -> str:
    """The Availability Zone an undeclared subnet takes when a Fargate task uses it first."""
    return region + _AUTO_ZONES[_digest(subnet_id)[2] % len(_AUTO_ZONES)]


def declare_subnet(
    subnets: dict[str, Subnet], subnet_id: str, cidr: str, availability_zone: str, region: str
) -> Subnet:
    """Declare (or re-declare) a subnet with its CIDR and Availability Zone; UsageError when they are not valid,
    or the subnet's ENIs would fall outside a new CIDR."""
    if not SUBNET_ID.match(subnet_id):
        raise UsageError(f"{subnet_id!r} is not a subnet id (subnet- and 8 or 17 hex digits)")
    network = ipaddress.IPv4Network(cidr)
    if not 16 <= network.prefixlen <= 28:
        raise UsageError(f"a subnet's CIDR block is a /16 to a /28, not a /{network.prefixlen}")
    if not availability_zone.startswith(region) or len(availability_zone) <= len(region):
        raise UsageError(f"{availability_zone!r} is not an Availability Zone of {region}")
    existing = subnets.get(subnet_id)
    made = Subnet(subnet_id, str(network), availability_zone, True)
    if existing is not None:
        for host in existing.used:
            address = str(existing._network.network_address + host)
            if ipaddress.IPv4Address(address) not in network:
                raise UsageError(f"{subnet_id} has an ENI at {address}, outside {network}")
            made.hold(address)
    subnets[subnet_id] = made
    return made


def private_dns_name(address: str, region: str) -> str:
    """The EC2 private DNS name of an address (``ip-10-0-1-23.ec2.internal`` in us-east-1)."""
    host = "ip-" + address.replace(".", "-")
    return f"{host}.ec2.internal" if region == "us-east-1" else f"{host}.{region}.compute.internal"


def mac_address(eni_id: str) -> str:
    """A stable MAC address for an ENI (locally administered, as EC2's are)."""
    digest = _digest(eni_id)
    return ":".join(["0a", *(f"{b:02x}" for b in digest[:5])])


def eni_details(subnet_id: str, eni_id: str | None, address: str | None, region: str) -> tuple[KeyValuePair, ...]:
    """The ``details`` of an ElasticNetworkInterface attachment, as DescribeTasks shows them (only the subnet
    until the ENI is attached)."""
    details = [KeyValuePair(name="subnetId", value=subnet_id)]
    if eni_id is not None and address is not None:
        details += [
            KeyValuePair(name="networkInterfaceId", value=eni_id),
            KeyValuePair(name="macAddress", value=mac_address(eni_id)),
            KeyValuePair(name="privateDnsName", value=private_dns_name(address, region)),
            KeyValuePair(name="privateIPv4Address", value=address),
        ]
    return tuple(details)
