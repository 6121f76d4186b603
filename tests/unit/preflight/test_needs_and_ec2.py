"""What a task fetches at start (:func:`ecskit.preflight.task_needs`) and reading a network from EC2's answers."""

from __future__ import annotations

from typing import Any

import pytest

from ecskit.errors import ConversionError
from ecskit.iam import parse_ecr_image
from ecskit.models.ecs import (
    ContainerDefinition,
    EnvironmentFile,
    EnvironmentFileType,
    LogConfiguration,
    LogDriver,
    RegisterTaskDefinitionRequest,
    RepositoryCredentials,
    Secret,
)
from ecskit.models.vpc import ConnectivityType, Route, VpcEndpointType
from ecskit.preflight import INTERNET, NeedKind, Via, network_from_ec2, reach, task_needs

ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2"


def test_ecr_images_are_taken_apart() -> None:
    image = parse_ecr_image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web@sha256:" + "a" * 64)
    assert image is not None
    assert (image.account, image.region, image.repository) == ("123456789012", "eu-west-1", "team/web")
    fips = parse_ecr_image("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/web")
    assert fips is not None
    assert fips.region == "us-gov-west-1"
    assert parse_ecr_image("public.ecr.aws/nginx/nginx:1.27") is None
    assert parse_ecr_image("nginx") is None
    assert parse_ecr_image("ghcr.io/acme/web:1") is None


def test_every_fetch_of_a_task_in_order() -> None:
    td = RegisterTaskDefinitionRequest(
        family="web",
        container_definitions=(
            ContainerDefinition(
                name="app",
                image=ECR,
                secrets=(
                    Secret(name="DB", value_from="arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"),
                    Secret(name="TOKEN", value_from="/prod/token"),
                ),
                environment_files=(EnvironmentFile(value="arn:aws:s3:::config/app.env", type=EnvironmentFileType.S3),),
                log_configuration=LogConfiguration(
                    log_driver=LogDriver.AWSLOGS,
                    options={"awslogs-group": "/ecs/web", "awslogs-region": "us-west-2"},
                ),
            ),
            ContainerDefinition(
                name="proxy",
                image="ghcr.io/acme/proxy:1",
                repository_credentials=RepositoryCredentials(
                    credentials_parameter="arn:aws:secretsmanager:us-east-1:123456789012:secret:ghcr-AbCdEf"
                ),
            ),
        ),
    )
    needs = task_needs(td, region="us-east-1")
    assert [(n.kind, n.path, n.services) for n in needs] == [
        (
            NeedKind.SECRETS,
            "containerDefinitions[0].secrets[0].valueFrom",
            ("com.amazonaws.eu-west-1.secretsmanager",),
        ),
        (NeedKind.SECRETS, "containerDefinitions[0].secrets[1].valueFrom", ("com.amazonaws.us-east-1.ssm",)),
        (
            NeedKind.PULL,
            "containerDefinitions[0].image",
            ("com.amazonaws.us-east-1.ecr.api", "com.amazonaws.us-east-1.ecr.dkr", "com.amazonaws.us-east-1.s3"),
        ),
        (NeedKind.ENV_FILES, "containerDefinitions[0].environmentFiles[0].value", ("com.amazonaws.us-east-1.s3",)),
        (
            NeedKind.LOGS,
            "containerDefinitions[0].logConfiguration.options['awslogs-group']",
            ("com.amazonaws.us-west-2.logs",),
        ),
        (
            NeedKind.SECRETS,
            "containerDefinitions[1].repositoryCredentials.credentialsParameter",
            ("com.amazonaws.us-east-1.secretsmanager",),
        ),
        (NeedKind.PULL, "containerDefinitions[1].image", (INTERNET,)),
    ]
    assert needs[4].subject == "/ecs/web"


def _ec2(**extra: Any) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "vpcs": {
            "Vpcs": [{"VpcId": "vpc-2", "CidrBlock": "172.16.0.0/16"}, {"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]
        },
        "subnets": {
            "Subnets": [
                {
                    "SubnetId": "subnet-pub",
                    "VpcId": "vpc-1",
                    "CidrBlock": "10.0.0.0/24",
                    "AvailabilityZone": "us-east-1a",
                    "MapPublicIpOnLaunch": True,
                },
                {
                    "SubnetId": "subnet-priv",
                    "VpcId": "vpc-1",
                    "CidrBlock": "10.0.1.0/24",
                    "AvailabilityZone": "us-east-1b",
                    "MapPublicIpOnLaunch": False,
                },
                {
                    "SubnetId": "subnet-other",
                    "VpcId": "vpc-2",
                    "CidrBlock": "172.16.0.0/24",
                    "AvailabilityZone": "us-east-1b",
                },
            ]
        },
        "route_tables": {
            "RouteTables": [
                {
                    "RouteTableId": "rtb-main",
                    "VpcId": "vpc-1",
                    "Associations": [{"Main": True}],
                    "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"}],
                },
                {
                    "RouteTableId": "rtb-pub",
                    "VpcId": "vpc-1",
                    "Associations": [{"Main": False, "SubnetId": "subnet-pub"}],
                    "Routes": [
                        {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"},
                        {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"},
                        {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1"},
                    ],
                },
                {
                    "RouteTableId": "rtb-priv",
                    "VpcId": "vpc-1",
                    "Associations": [{"Main": False, "SubnetId": "subnet-priv"}],
                    "Routes": [
                        {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"},
                        {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-old", "State": "blackhole"},
                        {"DestinationPrefixListId": "pl-63a5400a", "GatewayId": "vpce-s3"},
                    ],
                },
            ]
        },
        "internet_gateways": {
            "InternetGateways": [
                {"InternetGatewayId": "igw-1", "Attachments": [{"VpcId": "vpc-1", "State": "available"}]},
                {"InternetGatewayId": "igw-2", "Attachments": [{"VpcId": "vpc-2", "State": "available"}]},
            ]
        },
        "nat_gateways": {
            "NatGateways": [
                {"NatGatewayId": "nat-old", "VpcId": "vpc-1", "SubnetId": "subnet-pub", "State": "deleted"},
                {
                    "NatGatewayId": "nat-2",
                    "VpcId": "vpc-1",
                    "SubnetId": "subnet-pub",
                    "State": "available",
                    "ConnectivityType": "private",
                },
            ]
        },
        "vpc_endpoints": {
            "VpcEndpoints": [
                {
                    "VpcEndpointId": "vpce-s3",
                    "VpcId": "vpc-1",
                    "VpcEndpointType": "Gateway",
                    "State": "available",
                    "ServiceName": "com.amazonaws.us-east-1.s3",
                    "RouteTableIds": ["rtb-priv"],
                    "SubnetIds": [],
                    "PrivateDnsEnabled": False,
                },
                {
                    "VpcEndpointId": "vpce-dkr",
                    "VpcId": "vpc-1",
                    "VpcEndpointType": "Interface",
                    "State": "available",
                    "ServiceName": "com.amazonaws.us-east-1.ecr.dkr",
                    "RouteTableIds": [],
                    "SubnetIds": ["subnet-priv"],
                    "PrivateDnsEnabled": True,
                },
                {"VpcEndpointId": "vpce-res", "VpcId": "vpc-1", "VpcEndpointType": "Resource", "State": "available"},
            ]
        },
    }
    responses.update(extra)
    return responses


def test_network_from_ec2_keeps_the_vpcs_own_objects() -> None:
    net = network_from_ec2("vpc-1", region="us-east-1", **_ec2())
    assert net.cidr_block == "10.0.0.0/16"
    assert [(s.subnet_id, s.route_table_id, s.map_public_ip_on_launch) for s in net.subnets] == [
        ("subnet-pub", "rtb-pub", True),
        ("subnet-priv", "rtb-priv", False),
    ]
    assert [(t.route_table_id, t.main) for t in net.route_tables] == [
        ("rtb-main", True),
        ("rtb-pub", False),
        ("rtb-priv", False),
    ]
    assert net.route_tables[1].routes[1] == Route(destination="0.0.0.0/0", target="igw-1")
    assert len(net.route_tables[1].routes) == 2  # the IPv6 route is left out
    assert net.route_tables[2].routes[1] == Route(destination="pl-63a5400a", target="vpce-s3")  # blackhole left out
    assert [g.internet_gateway_id for g in net.internet_gateways] == ["igw-1"]
    assert [(n.nat_gateway_id, n.connectivity_type) for n in net.nat_gateways] == [("nat-2", ConnectivityType.PRIVATE)]
    assert [(e.vpc_endpoint_id, e.vpc_endpoint_type) for e in net.vpc_endpoints] == [
        ("vpce-s3", VpcEndpointType.GATEWAY),
        ("vpce-dkr", VpcEndpointType.INTERFACE),
    ]
    # and it is a network reach() can walk
    assert reach(net, "subnet-priv", "s3", public_ip=False).via is Via.GATEWAY_ENDPOINT
    assert reach(net, "subnet-priv", "logs", public_ip=False).via is Via.NONE
    assert reach(net, "subnet-pub", "logs", public_ip=True).via is Via.INTERNET_GATEWAY


def test_network_from_ec2_names_every_bad_member() -> None:
    responses = _ec2()
    responses["subnets"]["Subnets"][0].pop("SubnetId")
    responses["nat_gateways"]["NatGateways"][1]["ConnectivityType"] = "sideways"
    responses["vpc_endpoints"]["VpcEndpoints"][0]["RouteTableIds"] = "rtb-priv"
    with pytest.raises(ConversionError) as caught:
        network_from_ec2("vpc-1", region="us-east-1", **responses)
    assert [(e.path, e.code) for e in caught.value.errors] == [
        ("Subnets[0].SubnetId", "missing-key"),
        ("NatGateways[1].ConnectivityType", "bad-value"),
        ("VpcEndpoints[0].RouteTableIds", "wrong-type"),
    ]
    with pytest.raises(ConversionError, match="no VPC 'vpc-9' in the response"):
        network_from_ec2("vpc-9", region="us-east-1", **_ec2())
