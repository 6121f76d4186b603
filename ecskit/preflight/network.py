"""Reachability: how a task or an instance in a subnet gets to an AWS service endpoint, or why it cannot.

:func:`reach` answers with a :class:`Path`. The ways, in the order they are tried:

* an **interface endpoint** of the service in the VPC, with private DNS on (and the VPC's ``enableDnsSupport``
  and ``enableDnsHostnames``): the service's usual host name resolves to the endpoint, from every subnet;
* a **gateway endpoint** (S3, DynamoDB) attached to the subnet's route table;
* the **internet gateway**: the subnet routes ``0.0.0.0/0`` to it *and* the task or instance has a public IP;
* a **NAT gateway**: the subnet routes ``0.0.0.0/0`` to a public NAT gateway whose own subnet routes
  ``0.0.0.0/0`` to the internet gateway.

Endpoints serve their own Region's services only, so a service of another Region (a log group in
``awslogs-region: eu-west-1`` from a VPC in ``us-east-1``) and anything outside AWS (Docker Hub, ``public.ecr.aws``,
ghcr.io) are reached through the internet or not at all. The rules are those of
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html and
https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html. A default route to a transit gateway,
a peering connection, a network interface (NAT instance, firewall) or a Gateway Load Balancer endpoint leaves the
VPC description: the path is :attr:`~ecskit.preflight.Via.UNDETERMINED`. Security groups and network ACLs are not
modelled.

>>> from ecskit.models.vpc import Network, Route, RouteTable, Subnet, VpcEndpoint, VpcEndpointType
>>> network = Network(
...     region="us-east-1", vpc_id="vpc-01", cidr_block="10.0.0.0/16",
...     subnets=(Subnet(subnet_id="subnet-0a", cidr_block="10.0.1.0/24", availability_zone="us-east-1a"),),
...     route_tables=(RouteTable(route_table_id="rtb-main", main=True, routes=()),),
...     vpc_endpoints=(VpcEndpoint(vpc_endpoint_id="vpce-logs", service_name="com.amazonaws.us-east-1.logs",
...                                vpc_endpoint_type=VpcEndpointType.INTERFACE, subnet_ids=("subnet-0a",)),))
>>> reach(network, "subnet-0a", "logs", public_ip=False).via
<Via.INTERFACE_ENDPOINT: 'interface-endpoint'>
>>> print(reach(network, "subnet-0a", INTERNET, public_ip=False).explanation)
subnet-0a cannot reach the internet: its route table rtb-main has no 0.0.0.0/0 route
"""

from __future__ import annotations

import enum
import functools
import ipaddress
import re
from collections.abc import Iterable
from typing import TypeVar

import attrs

from ecskit.errors import ConversionError, FieldError
from ecskit.models.vpc import ConnectivityType, NatGateway, Network, RouteTable, Subnet, VpcEndpoint, VpcEndpointType

__all__ = [
    "AGENT_ENDPOINTS",
    "ECR_ENDPOINTS",
    "GATEWAY_SERVICES",
    "INTERNET",
    "Path",
    "Via",
    "check_network",
    "endpoint_service_name",
    "reach",
]

#: The ``service`` of :func:`reach` that stands for any host on the internet (Docker Hub, ``public.ecr.aws``, ...).
INTERNET = "internet"
#: What pulling a private ECR image needs: the ECR API (authorization token), the Docker registry API, and S3,
#: where ECR keeps image layers.
ECR_ENDPOINTS: tuple[str, ...] = ("ecr.api", "ecr.dkr", "s3")
#: What the ECS agent of an EC2 container instance needs.
AGENT_ENDPOINTS: tuple[str, ...] = ("ecs", "ecs-agent", "ecs-telemetry")
#: The services with gateway endpoints (route-table targets).
GATEWAY_SERVICES = frozenset({"s3", "dynamodb"})

_DEFAULT_ROUTE = "0.0.0.0/0"
_SERVICE_NAME = re.compile(r"(?:cn\.)?com\.amazonaws\.(?P<region>[a-z]{2}(?:-[a-z]+)+-\d{1,2})\.(?P<short>.+)\Z")


def endpoint_service_name(region: str, service: str) -> str:
    """The VPC endpoint service name of a service in a Region: ``("us-east-1", "ecr.dkr")`` ->
    ``com.amazonaws.us-east-1.ecr.dkr`` (China Regions add the ``cn.`` prefix)."""
    return f"{'cn.' if region.startswith('cn-') else ''}com.amazonaws.{region}.{service}"


class Via(enum.StrEnum):
    """How a subnet reaches a service."""

    #: Through an interface VPC endpoint of the service (private DNS).
    INTERFACE_ENDPOINT = "interface-endpoint"
    #: Through a gateway VPC endpoint on the subnet's route table (S3, DynamoDB).
    GATEWAY_ENDPOINT = "gateway-endpoint"
    #: Straight out through the internet gateway, with a public IP.
    INTERNET_GATEWAY = "internet-gateway"
    #: Through a public NAT gateway and the internet gateway of its subnet.
    NAT_GATEWAY = "nat-gateway"
    #: No way at all: connections time out.
    NONE = "none"
    #: The route leaves what the description covers (transit gateway, peering, appliance); not decided.
    UNDETERMINED = "undetermined"


@attrs.frozen(kw_only=True)
class Path:
    """The answer of :func:`reach`: how (or whether) a subnet reaches a service, in one line of explanation."""

    #: The full endpoint service name (``com.amazonaws.us-east-1.ecr.dkr``), or
    #: :data:`~ecskit.preflight.network.INTERNET`.
    service: str
    #: The subnet the traffic starts in.
    subnet_id: str
    #: The way it goes.
    via: Via
    #: The id of the endpoint, internet gateway or NAT gateway it goes through (the unfollowed target when
    #: :attr:`via` is UNDETERMINED; None when there is no way).
    through: str | None
    #: One line saying why, naming the ids involved.
    explanation: str

    @property
    def reachable(self) -> bool:
        """True when the service is reached (False for NONE, and for UNDETERMINED: not known to be reached)."""
        return self.via not in (Via.NONE, Via.UNDETERMINED)


# -- the index of a network (built once per network, which checks every reference) -----------------------------------


class _Index:
    """A network's objects by id, its main route table and each subnet's route table; checked on construction."""

    def __init__(self, network: Network) -> None:
        errors: list[FieldError] = []
        self.network = network
        self.subnets: dict[str, Subnet] = {}
        self.tables: dict[str, RouteTable] = {}
        self.nats: dict[str, NatGateway] = {}
        self.endpoints: dict[str, VpcEndpoint] = {}
        self.igws = {g.internet_gateway_id for g in network.internet_gateways}
        _cidr(network.cidr_block, "cidr_block", errors)
        for i, s in enumerate(network.subnets):
            _unique(self.subnets, s.subnet_id, s, f"subnets[{i}].subnet_id", errors)
            _cidr(s.cidr_block, f"subnets[{i}].cidr_block", errors)
        for i, t in enumerate(network.route_tables):
            _unique(self.tables, t.route_table_id, t, f"route_tables[{i}].route_table_id", errors)
        for i, n in enumerate(network.nat_gateways):
            _unique(self.nats, n.nat_gateway_id, n, f"nat_gateways[{i}].nat_gateway_id", errors)
        for i, e in enumerate(network.vpc_endpoints):
            _unique(self.endpoints, e.vpc_endpoint_id, e, f"vpc_endpoints[{i}].vpc_endpoint_id", errors)
        mains = [t.route_table_id for t in network.route_tables if t.main]
        self.main = self.tables.get(mains[0]) if mains else None
        if len(mains) > 1:
            errors.append(_bad("route_tables", f"more than one main route table: {', '.join(mains)}"))
        self._check_references(errors)
        if errors:
            raise ConversionError("Network", errors)

    def _check_references(self, errors: list[FieldError]) -> None:
        network = self.network
        for i, s in enumerate(network.subnets):
            if s.route_table_id is None:
                if self.main is None:
                    errors.append(
                        _bad(
                            f"subnets[{i}].route_table_id",
                            f"{s.subnet_id} uses the main route table, but no route table has main=True",
                            "mark the VPC's main route table with main=True, or name the subnet's route table",
                        )
                    )
            elif s.route_table_id not in self.tables:
                errors.append(_unknown(f"subnets[{i}].route_table_id", "route table", s.route_table_id, self.tables))
        for i, t in enumerate(network.route_tables):
            for j, r in enumerate(t.routes):
                where = f"route_tables[{i}].routes[{j}]"
                if not r.destination.startswith("pl-"):
                    _cidr(r.destination, where + ".destination", errors)
                kind = r.target.split("-", maxsplit=1)[0]
                known = self._targets(kind)
                if known is not None and r.target not in known:
                    errors.append(_unknown(where + ".target", _KIND[kind], r.target, known))
        for i, n in enumerate(network.nat_gateways):
            if n.subnet_id not in self.subnets:
                errors.append(_unknown(f"nat_gateways[{i}].subnet_id", "subnet", n.subnet_id, self.subnets))
        for i, e in enumerate(network.vpc_endpoints):
            for j, sid in enumerate(e.subnet_ids):
                if sid not in self.subnets:
                    errors.append(_unknown(f"vpc_endpoints[{i}].subnet_ids[{j}]", "subnet", sid, self.subnets))
            for j, rid in enumerate(e.route_table_ids):
                if rid not in self.tables:
                    errors.append(_unknown(f"vpc_endpoints[{i}].route_table_ids[{j}]", "route table", rid, self.tables))

    def _targets(self, kind: str) -> set[str] | None:
        """The ids a route target of a kind (``igw``, ``nat``, ``vpce``) must be one of (None: a kind outside the
        description: ``local``, ``tgw``, ``pcx``, ``eni``, ...)."""
        if kind == "igw":
            return self.igws
        if kind == "nat":
            return set(self.nats)
        if kind == "vpce":
            return set(self.endpoints)
        return None

    def table_of(self, subnet: Subnet) -> RouteTable:
        """The route table a subnet uses (the main one when it has no association of its own)."""
        if subnet.route_table_id is None:
            assert self.main is not None  # checked on construction
            return self.main
        return self.tables[subnet.route_table_id]

    def subnet(self, subnet_id: str) -> Subnet:
        """The subnet of an id, or a ConversionError saying it is not in the description."""
        found = self.subnets.get(subnet_id)
        if found is None:
            raise ConversionError("Network", [_unknown("subnets", "subnet", subnet_id, self.subnets)])
        return found


_T = TypeVar("_T")
_KIND = {"igw": "internet gateway", "nat": "NAT gateway", "vpce": "VPC endpoint"}


def _bad(path: str, message: str, hint: str | None = None) -> FieldError:
    return FieldError(path=path, code="bad-value", message=message, hint=hint)


def _unknown(path: str, kind: str, value: str, known: Iterable[str]) -> FieldError:
    names = sorted(known)
    hint = f"known: {', '.join(names)}" if names else f"the network describes no {kind}"
    return _bad(path, f"no {kind} {value!r} in the network", hint)


def _unique(into: dict[str, _T], key: str, value: _T, path: str, errors: list[FieldError]) -> None:
    if key in into:
        errors.append(_bad(path, f"{key!r} appears twice"))
    into[key] = value


def _cidr(text: str, path: str, errors: list[FieldError]) -> None:
    try:
        ipaddress.IPv4Network(text)
    except ValueError as exc:
        errors.append(_bad(path, f"{text!r} is not an IPv4 CIDR block ({exc})", "e.g. 10.0.0.0/16"))


@functools.lru_cache(maxsize=64)
def _index(network: Network) -> _Index:
    return _Index(network)


def check_network(network: Network) -> None:
    """Check every reference of a network description; raise one :class:`~ecskit.errors.ConversionError` naming each
    bad one (an unknown route table, subnet, internet gateway, NAT gateway or endpoint id; a missing or second main
    route table; a duplicate id; a malformed CIDR block)."""
    _index(network)


# -- reachability ----------------------------------------------------------------------------------------------------


def reach(network: Network, subnet_id: str, service: str, *, public_ip: bool) -> Path:
    """How something in ``subnet_id`` (with or without a public IP) reaches ``service``.

    ``service`` is a short endpoint name of the network's Region (``"ecr.dkr"``, ``"logs"``, ``"s3"``), a full
    endpoint service name (``"com.amazonaws.eu-west-1.logs"``), or :data:`~ecskit.preflight.network.INTERNET`.
    An unknown subnet id, or a description with a bad reference, raises :class:`~ecskit.errors.ConversionError`.
    """
    index = _index(network)
    subnet = index.subnet(subnet_id)
    table = index.table_of(subnet)
    if service == INTERNET:
        full, short = INTERNET, None
    else:
        m = _SERVICE_NAME.match(service)
        if m is None:
            full, short = endpoint_service_name(network.region, service), service
        else:
            full, short = service, (m["short"] if m["region"] == network.region else None)
    notes: list[str] = []
    if short is not None:
        found = _by_endpoint(index, subnet, table, full=full, short=short, notes=notes)
        if found is not None:
            return found
    elif service != INTERNET:
        notes.append(f"endpoints serve {network.region} only")
    return _by_default_route(index, subnet, table, full=full, public_ip=public_ip, notes=notes)


def _by_endpoint(
    index: _Index, subnet: Subnet, table: RouteTable, *, full: str, short: str, notes: list[str]
) -> Path | None:
    network = index.network
    sid = subnet.subnet_id
    for e in network.vpc_endpoints:
        if e.service_name != full:
            continue
        if e.vpc_endpoint_type == VpcEndpointType.GATEWAY:
            if table.route_table_id in e.route_table_ids or any(r.target == e.vpc_endpoint_id for r in table.routes):
                return Path(
                    service=full,
                    subnet_id=sid,
                    via=Via.GATEWAY_ENDPOINT,
                    through=e.vpc_endpoint_id,
                    explanation=f"{sid} reaches {full} through gateway endpoint {e.vpc_endpoint_id} on its route "
                    f"table {table.route_table_id}",
                )
            notes.append(f"gateway endpoint {e.vpc_endpoint_id} is not on route table {table.route_table_id}")
        elif e.vpc_endpoint_type == VpcEndpointType.INTERFACE:
            off = [
                name
                for name, on in (
                    ("its private DNS", e.private_dns_enabled),
                    ("the VPC's enableDnsSupport", network.enable_dns_support),
                    ("the VPC's enableDnsHostnames", network.enable_dns_hostnames),
                )
                if not on
            ]
            if not off:
                return Path(
                    service=full,
                    subnet_id=sid,
                    via=Via.INTERFACE_ENDPOINT,
                    through=e.vpc_endpoint_id,
                    explanation=f"{sid} reaches {full} through interface endpoint {e.vpc_endpoint_id}",
                )
            # Without private DNS the service's public host name still resolves to public addresses.
            notes.append(f"interface endpoint {e.vpc_endpoint_id} is not used: {' and '.join(off)} is off")
    if not notes:
        kind = "gateway or interface" if short in GATEWAY_SERVICES else "interface"
        notes.append(f"no {kind} endpoint for {full}")
    return None


def _by_default_route(
    index: _Index, subnet: Subnet, table: RouteTable, *, full: str, public_ip: bool, notes: list[str]
) -> Path:
    sid = subnet.subnet_id
    target = _default_target(table)
    what = "the internet" if full == INTERNET else full

    def path(via: Via, through: str | None, why: str) -> Path:
        reached = via not in (Via.NONE, Via.UNDETERMINED)
        verb = "reaches" if reached else ("may reach" if via is Via.UNDETERMINED else "cannot reach")
        lead = "; ".join(notes)
        return Path(
            service=full,
            subnet_id=sid,
            via=via,
            through=through,
            explanation=f"{sid} {verb} {what}: " + (f"{lead}; {why}" if lead and not reached else why),
        )

    tid = table.route_table_id
    if target is None:
        return path(Via.NONE, None, f"its route table {tid} has no {_DEFAULT_ROUTE} route")
    if target.startswith("igw-"):
        if public_ip:
            return path(Via.INTERNET_GATEWAY, target, f"through internet gateway {target}, with a public IP")
        return path(
            Via.NONE,
            None,
            f"its route table {tid} sends {_DEFAULT_ROUTE} to internet gateway {target}, but there is no public IP",
        )
    if target.startswith("nat-"):
        nat = index.nats[target]
        nat_subnet = index.subnets[nat.subnet_id]
        nat_table = index.table_of(nat_subnet)
        onward = _default_target(nat_table)
        via_nat = f"through NAT gateway {target} in {nat.subnet_id}"
        if nat.connectivity_type == ConnectivityType.PRIVATE:
            # A private NAT gateway's traffic to an internet gateway is dropped; through a transit gateway it may
            # reach another VPC's NAT gateway, which the description does not cover.
            if onward is not None and not onward.startswith("igw-"):
                return path(Via.UNDETERMINED, onward, f"{via_nat} (private) and on to {onward}, not followed")
            return path(Via.NONE, None, f"NAT gateway {target} is private: it never reaches the internet")
        if onward is not None and onward.startswith("igw-"):
            return path(Via.NAT_GATEWAY, target, f"{via_nat}, whose route table sends {_DEFAULT_ROUTE} to {onward}")
        if onward is None:
            return path(
                Via.NONE,
                None,
                f"NAT gateway {target} is in {nat.subnet_id}, whose route table "
                f"{nat_table.route_table_id} has no {_DEFAULT_ROUTE} route",
            )
        return path(Via.UNDETERMINED, onward, f"{via_nat}, whose route table sends {_DEFAULT_ROUTE} to {onward}")
    return path(Via.UNDETERMINED, target, f"its route table {tid} sends {_DEFAULT_ROUTE} to {target}, not followed")


def _default_target(table: RouteTable) -> str | None:
    """Where a route table sends traffic for the internet: its ``0.0.0.0/0`` route's target.

    AWS services' public addresses could also match narrower routes; descriptions of such set-ups are rare enough
    that only the default route is followed.
    """
    for r in table.routes:
        if r.destination == _DEFAULT_ROUTE:
            return r.target
    return None
