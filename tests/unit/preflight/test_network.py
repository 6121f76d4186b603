"""Reachability (:func:`ecskit.preflight.reach`) and the checks of a network description."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecskit.errors import ConversionError
from ecskit.models.vpc import ConnectivityType, NatGateway, Network, Route, RouteTable, Subnet
from ecskit.preflight import INTERNET, Via, check_network, endpoint_service_name, reach
from tests.unit.preflight.networks import ISOLATED, PRIVATE, PUBLIC, endpoint, network


def test_interface_endpoint_with_private_dns() -> None:
    path = reach(network(endpoints=["ecr.dkr"]), ISOLATED, "ecr.dkr", public_ip=False)
    assert (path.via, path.through, path.reachable) == (Via.INTERFACE_ENDPOINT, "vpce-ecr-dkr", True)
    assert path.service == "com.amazonaws.us-east-1.ecr.dkr"
    assert (
        path.explanation
        == f"{ISOLATED} reaches com.amazonaws.us-east-1.ecr.dkr through interface endpoint vpce-ecr-dkr"
    )


def test_full_service_name_of_the_region_uses_the_endpoint() -> None:
    path = reach(network(endpoints=["logs"]), ISOLATED, "com.amazonaws.us-east-1.logs", public_ip=False)
    assert path.via is Via.INTERFACE_ENDPOINT


def test_interface_endpoint_without_private_dns_is_not_used() -> None:
    net = attrs.evolve(network(), vpc_endpoints=(endpoint("logs", private_dns=False),))
    path = reach(net, ISOLATED, "logs", public_ip=False)
    assert path.via is Via.NONE
    assert path.through is None
    assert "interface endpoint vpce-logs is not used: its private DNS is off" in path.explanation
    assert "has no 0.0.0.0/0 route" in path.explanation


def test_interface_endpoint_needs_the_vpc_dns_attributes() -> None:
    path = reach(network(endpoints=["logs"], dns=False), ISOLATED, "logs", public_ip=False)
    assert path.via is Via.NONE
    assert "the VPC's enableDnsSupport and the VPC's enableDnsHostnames is off" in path.explanation


def test_gateway_endpoint_on_the_route_table() -> None:
    path = reach(network(endpoints=["s3"]), ISOLATED, "s3", public_ip=False)
    assert (path.via, path.through) == (Via.GATEWAY_ENDPOINT, "vpce-s3")
    assert "on its route table rtb-main" in path.explanation


def test_gateway_endpoint_not_on_the_subnets_route_table() -> None:
    base = network()
    s3 = attrs.evolve(endpoint("s3"), route_table_ids=("rtb-public",))
    path = reach(attrs.evolve(base, vpc_endpoints=(s3,)), ISOLATED, "s3", public_ip=False)
    assert path.via is Via.NONE
    assert "gateway endpoint vpce-s3 is not on route table rtb-main" in path.explanation


def test_gateway_endpoint_found_by_its_prefix_list_route() -> None:
    base = network()
    s3 = attrs.evolve(endpoint("s3"), route_table_ids=())
    main = RouteTable(
        route_table_id="rtb-main", main=True, routes=(Route(destination="pl-63a5400a", target="vpce-s3"),)
    )
    net = attrs.evolve(base, vpc_endpoints=(s3,), route_tables=(main, *base.route_tables[1:]))
    assert reach(net, ISOLATED, "s3", public_ip=False).via is Via.GATEWAY_ENDPOINT


def test_internet_gateway_needs_a_public_ip() -> None:
    net = network()
    with_ip = reach(net, PUBLIC, INTERNET, public_ip=True)
    assert (with_ip.via, with_ip.through) == (Via.INTERNET_GATEWAY, "igw-1")
    without = reach(net, PUBLIC, INTERNET, public_ip=False)
    assert without.via is Via.NONE
    assert without.explanation == (
        f"{PUBLIC} cannot reach the internet: its route table rtb-public sends 0.0.0.0/0 to internet gateway igw-1, "
        "but there is no public IP"
    )


def test_nat_gateway_in_a_public_subnet() -> None:
    path = reach(network(nat=True), PRIVATE, "ecr.api", public_ip=False)
    assert (path.via, path.through) == (Via.NAT_GATEWAY, "nat-1")
    assert path.explanation == (
        f"{PRIVATE} reaches com.amazonaws.us-east-1.ecr.api: through NAT gateway nat-1 in {PUBLIC}, whose route "
        "table sends 0.0.0.0/0 to igw-1"
    )


def test_nat_gateway_whose_subnet_has_no_internet_route() -> None:
    base = network(nat=True)
    nat = NatGateway(nat_gateway_id="nat-1", subnet_id=ISOLATED)
    path = reach(attrs.evolve(base, nat_gateways=(nat,)), PRIVATE, INTERNET, public_ip=False)
    assert path.via is Via.NONE
    assert f"NAT gateway nat-1 is in {ISOLATED}, whose route table rtb-main has no 0.0.0.0/0 route" in path.explanation


def test_private_nat_gateway_never_reaches_the_internet() -> None:
    path = reach(network(nat=True, nat_connectivity=ConnectivityType.PRIVATE), PRIVATE, INTERNET, public_ip=True)
    assert path.via is Via.NONE
    assert "NAT gateway nat-1 is private" in path.explanation


def test_transit_gateway_is_undetermined() -> None:
    path = reach(network(private_default="tgw-0123"), PRIVATE, "logs", public_ip=False)
    assert (path.via, path.through, path.reachable) == (Via.UNDETERMINED, "tgw-0123", False)
    assert "may reach" in path.explanation
    assert "tgw-0123, not followed" in path.explanation


def test_endpoints_serve_their_own_region_only() -> None:
    other = endpoint_service_name("eu-west-1", "logs")
    net = attrs.evolve(network(endpoints=["logs"]), vpc_endpoints=(endpoint("logs", region="eu-west-1"),))
    path = reach(net, ISOLATED, other, public_ip=False)
    assert path.via is Via.NONE
    assert "endpoints serve us-east-1 only" in path.explanation
    assert reach(network(nat=True), PRIVATE, other, public_ip=False).via is Via.NAT_GATEWAY


def test_china_regions_have_the_cn_prefix() -> None:
    assert endpoint_service_name("cn-north-1", "ecr.dkr") == "cn.com.amazonaws.cn-north-1.ecr.dkr"


def test_unknown_subnet_is_a_conversion_error() -> None:
    with pytest.raises(ConversionError) as caught:
        reach(network(), "subnet-99999999", "logs", public_ip=False)
    [error] = caught.value.errors
    assert error.path == "subnets"
    assert "no subnet 'subnet-99999999' in the network" in error.message
    assert PUBLIC in (error.hint or "")


def test_check_network_names_every_bad_reference() -> None:
    bad = Network(
        region="us-east-1",
        vpc_id="vpc-1",
        cidr_block="10.0.0.0/33",
        subnets=(
            Subnet(
                subnet_id="subnet-a",
                cidr_block="10.0.0.0/24",
                availability_zone="us-east-1a",
                route_table_id="rtb-nope",
            ),
            Subnet(subnet_id="subnet-b", cidr_block="10.0.1.0/24", availability_zone="us-east-1a"),
            Subnet(subnet_id="subnet-b", cidr_block="10.0.2.0/24", availability_zone="us-east-1a"),
        ),
        route_tables=(
            RouteTable(
                route_table_id="rtb-1",
                routes=(
                    Route(destination="0.0.0.0/0", target="igw-nope"),
                    Route(destination="10.1.0.0/16", target="tgw-1"),
                    Route(destination="nonsense", target="nat-nope"),
                ),
            ),
        ),
        nat_gateways=(NatGateway(nat_gateway_id="nat-1", subnet_id="subnet-z"),),
        vpc_endpoints=(attrs.evolve(endpoint("s3"), route_table_ids=("rtb-zz",)),),
    )
    with pytest.raises(ConversionError) as caught:
        check_network(bad)
    paths = [e.path for e in caught.value.errors]
    assert paths == [
        "cidr_block",
        "subnets[2].subnet_id",
        "subnets[0].route_table_id",
        "subnets[1].route_table_id",
        "subnets[2].route_table_id",
        "route_tables[0].routes[0].target",
        "route_tables[0].routes[2].destination",
        "route_tables[0].routes[2].target",
        "nat_gateways[0].subnet_id",
        "vpc_endpoints[0].route_table_ids[0]",
    ]
    text = str(caught.value)
    assert "no internet gateway 'igw-nope' in the network" in text
    assert "'subnet-b' appears twice" in text
    assert "no route table has main=True" in text


def test_a_second_main_route_table_is_an_error() -> None:
    base = network()
    twice = attrs.evolve(
        base, route_tables=(*base.route_tables, RouteTable(route_table_id="rtb-x", main=True, routes=()))
    )
    with pytest.raises(ConversionError, match="more than one main route table: rtb-main, rtb-x"):
        check_network(twice)


# -- properties ------------------------------------------------------------------------------------------------------

TARGETS = st.sampled_from([None, "igw-1", "nat-1", "tgw-1", "pcx-1", "eni-1"])
SERVICES = st.sampled_from(
    ["ecr.api", "ecr.dkr", "s3", "logs", "secretsmanager", INTERNET, "com.amazonaws.eu-west-1.logs"]
)


@st.composite
def networks(draw: st.DrawFn) -> Network:
    """The test VPC with any default routes, NAT set-up and endpoints."""
    nat = draw(st.booleans())
    private_default = draw(TARGETS.filter(lambda t: nat or t != "nat-1"))
    net = network(
        nat=nat,
        nat_connectivity=draw(st.sampled_from(list(ConnectivityType))),
        endpoints=draw(st.lists(st.sampled_from(["ecr.api", "ecr.dkr", "s3", "logs"]), unique=True)),
        private_default=private_default,
        dns=draw(st.booleans()),
    )
    if nat and draw(st.booleans()):  # the NAT gateway's own subnet without internet
        net = attrs.evolve(net, nat_gateways=(attrs.evolve(net.nat_gateways[0], subnet_id=ISOLATED),))
    return net


@given(networks(), st.sampled_from([PUBLIC, PRIVATE, ISOLATED]), SERVICES)
def test_a_public_ip_never_takes_a_way_away(net: Network, subnet: str, service: str) -> None:
    without = reach(net, subnet, service, public_ip=False)
    with_ip = reach(net, subnet, service, public_ip=True)
    if without.reachable:
        assert with_ip.reachable
    if with_ip.via is Via.INTERNET_GATEWAY:
        assert not without.reachable  # only the public IP made the difference
    assert without.subnet_id == with_ip.subnet_id == subnet


@given(networks(), st.sampled_from([PUBLIC, PRIVATE, ISOLATED]), st.sampled_from(["ecr.dkr", "logs", "s3", "ssm"]))
def test_an_endpoint_with_dns_always_gives_a_way(net: Network, subnet: str, short: str) -> None:
    dns_on = attrs.evolve(net, enable_dns_support=True, enable_dns_hostnames=True)
    added = attrs.evolve(
        dns_on,
        vpc_endpoints=(
            *[e for e in dns_on.vpc_endpoints if e.vpc_endpoint_id != endpoint(short).vpc_endpoint_id],
            endpoint(short),
        ),
    )
    path = reach(added, subnet, short, public_ip=False)
    assert path.via in (Via.INTERFACE_ENDPOINT, Via.GATEWAY_ENDPOINT)
    assert path.through == endpoint(short).vpc_endpoint_id


@given(networks(), st.sampled_from([PUBLIC, PRIVATE, ISOLATED]), SERVICES, st.booleans())
def test_the_explanation_names_the_subnet_and_the_way(net: Network, subnet: str, service: str, ip: bool) -> None:
    path = reach(net, subnet, service, public_ip=ip)
    assert path.explanation.startswith(subnet + " ")
    if path.through is not None:
        assert path.through in path.explanation
    assert (path.through is None) == (path.via is Via.NONE)
