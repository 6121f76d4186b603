"""VPC descriptions shared by the preflight tests.

One VPC in us-east-1 with three subnets (ids that FakeBackend accepts too):

* ``PUBLIC`` (10.0.0.0/24) uses ``rtb-public``: ``0.0.0.0/0 -> igw-1``; the NAT gateway lives here;
* ``PRIVATE`` (10.0.1.0/24) uses ``rtb-private``: ``0.0.0.0/0 -> nat-1`` when ``nat=True``, else local only;
* ``ISOLATED`` (10.0.2.0/24) uses the main route table: local only.
"""

from __future__ import annotations

from collections.abc import Iterable

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
from ecskit.preflight import GATEWAY_SERVICES, endpoint_service_name

REGION = "us-east-1"
ACCOUNT = "123456789012"
PUBLIC = "subnet-0000000a"
PRIVATE = "subnet-0000000b"
ISOLATED = "subnet-0000000c"
LOCAL = Route(destination="10.0.0.0/16", target="local")


def endpoint(short: str, *, private_dns: bool = True, region: str = REGION) -> VpcEndpoint:
    """An endpoint of a service: a gateway on every route table for S3/DynamoDB, else an interface one."""
    name = endpoint_service_name(region, short)
    if short in GATEWAY_SERVICES:
        return VpcEndpoint(
            vpc_endpoint_id=f"vpce-{short}",
            service_name=name,
            vpc_endpoint_type=VpcEndpointType.GATEWAY,
            route_table_ids=("rtb-main", "rtb-public", "rtb-private"),
        )
    return VpcEndpoint(
        vpc_endpoint_id=f"vpce-{short.replace('.', '-')}",
        service_name=name,
        vpc_endpoint_type=VpcEndpointType.INTERFACE,
        subnet_ids=(PRIVATE, ISOLATED),
        private_dns_enabled=private_dns,
    )


def network(
    *,
    nat: bool = False,
    nat_connectivity: ConnectivityType = ConnectivityType.PUBLIC,
    endpoints: Iterable[str] = (),
    private_default: str | None = None,
    dns: bool = True,
) -> Network:
    """The VPC above; ``endpoints`` are short service names; ``private_default`` overrides the private subnet's
    ``0.0.0.0/0`` target (e.g. a transit gateway)."""
    default = private_default or ("nat-1" if nat else None)
    private_routes = (LOCAL,) + ((Route(destination="0.0.0.0/0", target=default),) if default else ())
    return Network(
        region=REGION,
        vpc_id="vpc-1",
        cidr_block="10.0.0.0/16",
        subnets=(
            Subnet(
                subnet_id=PUBLIC,
                cidr_block="10.0.0.0/24",
                availability_zone="us-east-1a",
                route_table_id="rtb-public",
                map_public_ip_on_launch=True,
            ),
            Subnet(
                subnet_id=PRIVATE,
                cidr_block="10.0.1.0/24",
                availability_zone="us-east-1a",
                route_table_id="rtb-private",
            ),
            Subnet(subnet_id=ISOLATED, cidr_block="10.0.2.0/24", availability_zone="us-east-1b"),
        ),
        route_tables=(
            RouteTable(route_table_id="rtb-main", main=True, routes=(LOCAL,)),
            RouteTable(route_table_id="rtb-public", routes=(LOCAL, Route(destination="0.0.0.0/0", target="igw-1"))),
            RouteTable(route_table_id="rtb-private", routes=private_routes),
        ),
        internet_gateways=(InternetGateway(internet_gateway_id="igw-1"),),
        nat_gateways=(NatGateway(nat_gateway_id="nat-1", subnet_id=PUBLIC, connectivity_type=nat_connectivity),)
        if nat
        else (),
        vpc_endpoints=tuple(endpoint(s) for s in endpoints),
        enable_dns_support=dns,
        enable_dns_hostnames=dns,
    )


#: Every endpoint a Fargate task with a private ECR image, awslogs and secrets needs.
TASK_ENDPOINTS = ("ecr.api", "ecr.dkr", "s3", "logs", "secretsmanager", "ssm")
