"""A description of one VPC: what decides whether a task or a container instance in a subnet can reach AWS.

The classes keep only what routing to an AWS service endpoint depends on: subnets and the route table each one
uses, the routes of those tables, internet and NAT gateways, and VPC endpoints. Attribute names are the snake_case
names of the members of EC2's own shapes (``SubnetId``, ``VpcEndpointType``, ``ConnectivityType``, ...), so a
``describe-*`` output maps onto them one to one (:func:`ecskit.preflight.network_from_ec2` reads it). A route is
simplified to one destination and one target.

Pure data: nothing here checks that the ids a description refers to exist. :func:`ecskit.preflight.check_network`
does, and every preflight function calls it, raising one error that names each bad reference.

>>> public = Subnet(subnet_id="subnet-0a", cidr_block="10.0.0.0/24", availability_zone="us-east-1a",
...                 route_table_id="rtb-public")
>>> network = Network(
...     region="us-east-1", vpc_id="vpc-01", cidr_block="10.0.0.0/16", subnets=(public,),
...     route_tables=(RouteTable(route_table_id="rtb-main", main=True, routes=()),
...                   RouteTable(route_table_id="rtb-public", routes=(
...                       Route(destination="0.0.0.0/0", target="igw-01"),))),
...     internet_gateways=(InternetGateway(internet_gateway_id="igw-01"),))
>>> network.subnets[0].route_table_id
'rtb-public'
"""

from __future__ import annotations

import enum

import attrs

from ecskit.models._base import Model

__all__ = [
    "ConnectivityType",
    "InternetGateway",
    "NatGateway",
    "Network",
    "Route",
    "RouteTable",
    "Subnet",
    "VpcEndpoint",
    "VpcEndpointType",
]


class VpcEndpointType(enum.StrEnum):
    """The kind of a VPC endpoint (EC2's ``VpcEndpointType``); members compare equal to the plain strings."""

    #: An ENI in the VPC's subnets answering for the service; with private DNS the service's usual host name
    #: resolves to it, so SDKs and the ECS agent use it unchanged.
    INTERFACE = "Interface"
    #: A route-table target for S3 and DynamoDB only: a prefix-list route in the route tables it is attached to.
    GATEWAY = "Gateway"
    #: An endpoint of a Gateway Load Balancer (a firewall appliance in the path), not of an AWS service.
    GATEWAY_LOAD_BALANCER = "GatewayLoadBalancer"


class ConnectivityType(enum.StrEnum):
    """Whether a NAT gateway can reach the internet (EC2's ``ConnectivityType``)."""

    #: Translates to an Elastic IP address; reaches the internet when its own subnet routes to an internet gateway.
    PUBLIC = "public"
    #: Translates to a private address only: for other VPCs and networks (transit gateway, VPN), never the internet.
    PRIVATE = "private"


@attrs.frozen(kw_only=True, repr=False, slots=False)
class Route(Model):
    """One route of a route table, simplified to one destination and one target."""

    #: Where the traffic goes: an IPv4 CIDR (``0.0.0.0/0`` for the default route) or a prefix list id (``pl-...``,
    #: the destination of gateway endpoint routes).
    destination: str
    #: Where the route sends it: ``local``, or the id of an internet gateway (``igw-``), NAT gateway (``nat-``),
    #: VPC endpoint (``vpce-``), transit gateway (``tgw-``), peering connection (``pcx-``) or network interface
    #: (``eni-``, e.g. a NAT instance or a firewall).
    target: str


@attrs.frozen(kw_only=True, repr=False, slots=False)
class RouteTable(Model):
    """A route table of the VPC and its routes."""

    #: ``RouteTableId``: ``rtb-...``.
    route_table_id: str
    #: ``Routes``: the routes, in any order (the longest matching prefix wins, as in EC2).
    routes: tuple[Route, ...]
    #: Whether this is the VPC's main route table: the one a subnet without an explicit association uses.
    main: bool = False


@attrs.frozen(kw_only=True, repr=False, slots=False)
class Subnet(Model):
    """A subnet of the VPC."""

    #: ``SubnetId``: ``subnet-...``.
    subnet_id: str
    #: ``CidrBlock``: the subnet's IPv4 range, e.g. ``10.0.1.0/24``.
    cidr_block: str
    #: ``AvailabilityZone``, e.g. ``us-east-1a``.
    availability_zone: str
    #: The route table explicitly associated with the subnet; None: the VPC's main route table.
    route_table_id: str | None = None
    #: ``MapPublicIpOnLaunch``: EC2 instances launched here get a public IPv4 address (Fargate tasks do not:
    #: they get one only with ``assignPublicIp: ENABLED``).
    map_public_ip_on_launch: bool = False


@attrs.frozen(kw_only=True, repr=False, slots=False)
class InternetGateway(Model):
    """An internet gateway attached to the VPC."""

    #: ``InternetGatewayId``: ``igw-...``.
    internet_gateway_id: str


@attrs.frozen(kw_only=True, repr=False, slots=False)
class NatGateway(Model):
    """A NAT gateway of the VPC."""

    #: ``NatGatewayId``: ``nat-...``.
    nat_gateway_id: str
    #: ``SubnetId``: the subnet the NAT gateway lives in; a public one routes to the internet from that subnet's
    #: route table.
    subnet_id: str
    #: ``ConnectivityType``: public (the default) or private.
    connectivity_type: ConnectivityType = ConnectivityType.PUBLIC


@attrs.frozen(kw_only=True, repr=False, slots=False)
class VpcEndpoint(Model):
    """A VPC endpoint: a private way to one AWS service of the VPC's Region."""

    #: ``VpcEndpointId``: ``vpce-...``.
    vpc_endpoint_id: str
    #: ``ServiceName``: e.g. ``com.amazonaws.us-east-1.ecr.dkr``.
    service_name: str
    #: ``VpcEndpointType``: Interface or Gateway.
    vpc_endpoint_type: VpcEndpointType
    #: ``SubnetIds``: the subnets holding an interface endpoint's network interfaces.
    subnet_ids: tuple[str, ...] = ()
    #: ``RouteTableIds``: the route tables a gateway endpoint is attached to.
    route_table_ids: tuple[str, ...] = ()
    #: ``PrivateDnsEnabled``: whether the service's usual host name resolves to an interface endpoint.
    private_dns_enabled: bool = True


@attrs.frozen(kw_only=True, repr=False, slots=False)
class Network(Model):
    """One VPC as preflight checks see it: subnets, route tables, gateways and endpoints."""

    #: The Region of the VPC, e.g. ``us-east-1``; endpoints serve this Region's services only.
    region: str
    #: ``VpcId``: ``vpc-...``.
    vpc_id: str
    #: ``CidrBlock``: the VPC's primary IPv4 range.
    cidr_block: str
    #: The VPC's subnets.
    subnets: tuple[Subnet, ...]
    #: The VPC's route tables, one of them the main route table.
    route_tables: tuple[RouteTable, ...]
    #: The internet gateway attached to the VPC (at most one).
    internet_gateways: tuple[InternetGateway, ...] = ()
    #: The VPC's NAT gateways.
    nat_gateways: tuple[NatGateway, ...] = ()
    #: The VPC's endpoints.
    vpc_endpoints: tuple[VpcEndpoint, ...] = ()
    #: ``enableDnsSupport``: the Amazon-provided DNS server answers in the VPC (interface endpoints' private DNS
    #: needs it).
    enable_dns_support: bool = True
    #: ``enableDnsHostnames``: private DNS of interface endpoints needs it too.
    enable_dns_hostnames: bool = True
