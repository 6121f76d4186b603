"""Read a :class:`~ecskit.models.vpc.Network` from the answers of EC2's describe calls.

Pass the responses as boto3 returns them (or as ``aws ec2 describe-... --output json`` prints them): DescribeVpcs,
DescribeSubnets, DescribeRouteTables, DescribeInternetGateways, DescribeNatGateways and DescribeVpcEndpoints.
Only the VPC's own objects are kept; NAT gateways and endpoints that are not available, blackhole routes and IPv6
routes are left out (none of them carries IPv4 traffic). The two DNS attributes come from DescribeVpcAttribute,
one call each, so they are parameters.

>>> network = network_from_ec2(
...     "vpc-1", region="us-east-1",
...     vpcs={"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]},
...     subnets={"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24",
...                           "AvailabilityZone": "us-east-1a"}]},
...     route_tables={"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1",
...                                    "Associations": [{"Main": True}],
...                                    "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}]}]})
>>> network.route_tables[0].main, network.subnets[0].route_table_id
(True, None)
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

from ecskit.errors import ConversionError, FieldError
from ecskit.models.vpc import (
    ConnectivityType,
    InternetGateway,
    NatGateway,
    Network,
    Route,
    RouteTable,
    Subnet,
    VpcEndpoint,
    VpcEndpointType,
)

__all__ = ["network_from_ec2"]

#: Route members naming a target, in the order EC2 fills them.
_TARGETS = (
    "GatewayId",
    "NatGatewayId",
    "TransitGatewayId",
    "VpcPeeringConnectionId",
    "NetworkInterfaceId",
    "InstanceId",
    "LocalGatewayId",
    "CarrierGatewayId",
    "CoreNetworkArn",
)
_E = TypeVar("_E", bound=StrEnum)
_GONE = frozenset({"deleted", "deleting", "failed", "rejected", "expired", "pending"})


class _Reader:
    """Reads members of the response documents, collecting every missing or mistyped one with its path."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def items(self, response: object, key: str) -> list[tuple[str, Mapping[str, Any]]]:
        if response is None:
            return []
        found = response.get(key, []) if isinstance(response, Mapping) else None
        if not isinstance(found, list):
            self.errors.append(FieldError(path=key, code="wrong-type", message=f"expected a list of {key}"))
            return []
        out = []
        for i, item in enumerate(found):
            if isinstance(item, Mapping):
                out.append((f"{key}[{i}]", item))
            else:
                self.errors.append(FieldError(path=f"{key}[{i}]", code="wrong-type", message="expected an object"))
        return out

    def text(self, item: Mapping[str, Any], key: str, path: str) -> str:
        value = item.get(key)
        if isinstance(value, str):
            return value
        code = "missing-key" if value is None else "wrong-type"
        message = f"{key} is missing" if value is None else f"{key} must be a string, got {type(value).__name__}"
        self.errors.append(FieldError(path=f"{path}.{key}", code=code, message=message))
        return ""

    def choice(self, item: Mapping[str, Any], key: str, path: str, cls: type[_E], default: _E) -> _E:
        value = item.get(key, default.value)
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(m.value for m in cls)
            self.errors.append(
                FieldError(path=f"{path}.{key}", code="bad-value", message=f"{value!r} is not one of {allowed}")
            )
            return default

    def texts(self, item: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = item.get(key, [])
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.errors.append(FieldError(path=f"{path}.{key}", code="wrong-type", message=f"{key} must be strings"))
        return ()


def _route(item: Mapping[str, Any]) -> Route | None:
    if item.get("State") == "blackhole":
        return None
    destination = item.get("DestinationCidrBlock") or item.get("DestinationPrefixListId")
    target = next((item[k] for k in _TARGETS if isinstance(item.get(k), str)), None)
    if not isinstance(destination, str) or target is None:
        return None  # an IPv6 route, or one without an IPv4 target
    return Route(destination=destination, target=target)


def network_from_ec2(
    vpc_id: str,
    *,
    region: str,
    vpcs: Mapping[str, Any],
    subnets: Mapping[str, Any],
    route_tables: Mapping[str, Any],
    internet_gateways: Mapping[str, Any] | None = None,
    nat_gateways: Mapping[str, Any] | None = None,
    vpc_endpoints: Mapping[str, Any] | None = None,
    enable_dns_support: bool = True,
    enable_dns_hostnames: bool = True,
) -> Network:
    """The network of ``vpc_id`` from EC2's describe responses; a :class:`~ecskit.errors.ConversionError` names every
    member that is missing or of the wrong type (``Subnets[2].SubnetId``), or an unknown VPC."""
    read = _Reader()
    cidr = ""
    for path, item in read.items(vpcs, "Vpcs"):
        if item.get("VpcId") == vpc_id:
            cidr = read.text(item, "CidrBlock", path)
            break
    else:
        read.errors.append(FieldError(path="Vpcs", code="bad-value", message=f"no VPC {vpc_id!r} in the response"))
    associated: dict[str, str] = {}
    tables = []
    for path, item in read.items(route_tables, "RouteTables"):
        if item.get("VpcId") != vpc_id:
            continue
        table_id = read.text(item, "RouteTableId", path)
        main = False
        for a in item.get("Associations") or ():
            if not isinstance(a, Mapping):
                continue
            main = main or a.get("Main") is True
            if isinstance(a.get("SubnetId"), str):
                associated[a["SubnetId"]] = table_id
        routes = tuple(r for r in (_route(x) for x in item.get("Routes") or () if isinstance(x, Mapping)) if r)
        tables.append(RouteTable(route_table_id=table_id, routes=routes, main=main))
    subnet_list = []
    for path, item in read.items(subnets, "Subnets"):
        if item.get("VpcId") != vpc_id:
            continue
        subnet_id = read.text(item, "SubnetId", path)
        subnet_list.append(
            Subnet(
                subnet_id=subnet_id,
                cidr_block=read.text(item, "CidrBlock", path),
                availability_zone=read.text(item, "AvailabilityZone", path),
                route_table_id=associated.get(subnet_id),
                map_public_ip_on_launch=item.get("MapPublicIpOnLaunch") is True,
            )
        )
    igws = tuple(
        InternetGateway(internet_gateway_id=read.text(item, "InternetGatewayId", path))
        for path, item in read.items(internet_gateways, "InternetGateways")
        if any(isinstance(a, Mapping) and a.get("VpcId") == vpc_id for a in item.get("Attachments") or ())
    )
    nats = tuple(
        NatGateway(
            nat_gateway_id=read.text(item, "NatGatewayId", path),
            subnet_id=read.text(item, "SubnetId", path),
            connectivity_type=read.choice(item, "ConnectivityType", path, ConnectivityType, ConnectivityType.PUBLIC),
        )
        for path, item in read.items(nat_gateways, "NatGateways")
        if item.get("VpcId") == vpc_id and str(item.get("State", "available")).lower() not in _GONE
    )
    endpoints = tuple(
        VpcEndpoint(
            vpc_endpoint_id=read.text(item, "VpcEndpointId", path),
            service_name=read.text(item, "ServiceName", path),
            vpc_endpoint_type=read.choice(item, "VpcEndpointType", path, VpcEndpointType, VpcEndpointType.GATEWAY),
            subnet_ids=read.texts(item, "SubnetIds", path),
            route_table_ids=read.texts(item, "RouteTableIds", path),
            private_dns_enabled=item.get("PrivateDnsEnabled") is True,
        )
        for path, item in read.items(vpc_endpoints, "VpcEndpoints")
        if item.get("VpcId") == vpc_id
        and str(item.get("State", "available")).lower() not in _GONE
        # Resource and ServiceNetwork endpoints lead to VPC Lattice resources, not to AWS service endpoints.
        and item.get("VpcEndpointType") not in ("Resource", "ServiceNetwork")
    )
    if read.errors:
        raise ConversionError("Network", read.errors)
    return Network(
        region=region,
        vpc_id=vpc_id,
        cidr_block=cidr,
        subnets=tuple(subnet_list),
        route_tables=tuple(tables),
        internet_gateways=igws,
        nat_gateways=nats,
        vpc_endpoints=endpoints,
        enable_dns_support=enable_dns_support,
        enable_dns_hostnames=enable_dns_hostnames,
    )
