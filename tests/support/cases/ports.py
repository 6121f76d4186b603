"""Cases for ecskit/validation/rules/ports.py."""

from __future__ import annotations

from tests.support.rulecases import Case, container, ec2_service, ec2_taskdef, fargate_container, fargate_taskdef

_WINDOWS = {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}


def _ports(*mappings: dict[str, object]) -> dict[str, object]:
    """A clean non-root EC2 container with these port mappings."""
    return container(user="1000", portMappings=list(mappings))


def _fargate_ports(*mappings: dict[str, object]) -> dict[str, object]:
    return fargate_container(portMappings=list(mappings))


CASES = [
    Case(
        rule="port-none-mode-no-ports",
        bad=ec2_taskdef(_ports({"containerPort": 80}), networkMode="none"),
        good=ec2_taskdef(networkMode="none"),
        path="containerDefinitions[0].portMappings",
    ),
    Case(
        rule="port-awsvpc-host-eq-container",
        bad=fargate_taskdef(_fargate_ports({"containerPort": 8080, "hostPort": 80})),
        good=fargate_taskdef(_fargate_ports({"containerPort": 8080, "hostPort": 8080})),
        path="containerDefinitions[0].portMappings[0].hostPort",
    ),
    Case(
        rule="port-host-mode-host-eq-container",
        bad=ec2_taskdef(_ports({"containerPort": 8080, "hostPort": 80}), networkMode="host"),
        good=ec2_taskdef(_ports({"containerPort": 8080}), networkMode="host"),
        path="containerDefinitions[0].portMappings[0].hostPort",
    ),
    Case(
        rule="port-dynamic-bridge-only",
        bad=fargate_taskdef(_fargate_ports({"containerPort": 8080, "hostPort": 0})),
        good=ec2_taskdef(_ports({"containerPort": 8080, "hostPort": 0})),
        path="containerDefinitions[0].portMappings[0].hostPort",
    ),
    Case(
        rule="port-dynamic-bridge-only",
        name="host",
        bad=ec2_taskdef(_ports({"containerPort": 8080, "hostPort": 0}), networkMode="host"),
        good=ec2_taskdef(_ports({"containerPort": 8080, "hostPort": 8080}), networkMode="host"),
    ),
    Case(
        rule="port-container-port-required",
        bad=ec2_taskdef(_ports({"hostPort": 8080})),
        good=ec2_taskdef(_ports({"containerPort": 80, "hostPort": 8080})),
        path="containerDefinitions[0].portMappings[0]",
    ),
    Case(
        rule="port-container-port-required",
        name="range",
        bad=ec2_taskdef(_ports({"containerPort": 70000})),
        good=ec2_taskdef(_ports({"containerPortRange": "7000-7010"})),
        path="containerDefinitions[0].portMappings[0].containerPort",
    ),
    Case(
        rule="port-host-port-range",
        bad=ec2_taskdef(_ports({"containerPort": 80, "hostPort": 80000})),
        good=ec2_taskdef(_ports({"containerPort": 80, "hostPort": 8000})),
        path="containerDefinitions[0].portMappings[0].hostPort",
    ),
    Case(
        rule="port-host-port-unique",
        bad=ec2_taskdef(
            _ports({"containerPort": 80, "hostPort": 8080}),
            _ports({"containerPort": 81, "hostPort": 8080}) | {"name": "sidecar"},
        ),
        good=ec2_taskdef(
            _ports({"containerPort": 80, "hostPort": 8080}),
            _ports({"containerPort": 81, "hostPort": 8081}) | {"name": "sidecar"},
        ),
        path="containerDefinitions[1].portMappings[0].hostPort",
    ),
    Case(
        rule="port-host-port-unique",
        name="udp",
        bad=ec2_taskdef(
            _ports({"containerPort": 53, "hostPort": 53, "protocol": "udp"}),
            _ports({"containerPort": 53, "hostPort": 53, "protocol": "udp"}) | {"name": "sidecar"},
        ),
        good=ec2_taskdef(
            _ports({"containerPort": 53, "hostPort": 53, "protocol": "udp"}),
            _ports({"containerPort": 53, "hostPort": 53, "protocol": "tcp"}) | {"name": "sidecar"},
        ),
    ),
    Case(
        rule="port-host-port-unique",
        name="range",
        bad=fargate_taskdef(
            _fargate_ports({"containerPortRange": "8000-8010"}),
            _fargate_ports({"containerPort": 8005}) | {"name": "sidecar"},
        ),
        good=fargate_taskdef(
            _fargate_ports({"containerPortRange": "8000-8010"}),
            _fargate_ports({"containerPort": 8011}) | {"name": "sidecar"},
        ),
        path="containerDefinitions[1].portMappings[0].containerPort",
    ),
    Case(
        rule="port-container-port-unique",
        bad=ec2_taskdef(_ports({"containerPort": 53, "protocol": "tcp"}, {"containerPort": 53, "protocol": "udp"})),
        good=ec2_taskdef(_ports({"containerPort": 53, "protocol": "tcp"}, {"containerPort": 5353, "protocol": "udp"})),
        path="containerDefinitions[0].portMappings[1].containerPort",
    ),
    Case(
        rule="port-container-port-unique",
        name="ranges",
        bad=ec2_taskdef(_ports({"containerPort": 8005}, {"containerPortRange": "8000-8010"})),
        good=ec2_taskdef(_ports({"containerPort": 8011}, {"containerPortRange": "8000-8010"})),
        path="containerDefinitions[0].portMappings[1].containerPortRange",
    ),
    Case(
        rule="port-range-rules",
        bad=ec2_taskdef(_ports({"containerPortRange": "9000-8000"})),
        good=ec2_taskdef(_ports({"containerPortRange": "8000-9000"})),
        path="containerDefinitions[0].portMappings[0].containerPortRange",
    ),
    Case(
        rule="port-range-rules",
        name="host-port",
        bad=ec2_taskdef(_ports({"containerPortRange": "8000-9000", "hostPort": 8000})),
        good=ec2_taskdef(_ports({"containerPortRange": "8000-9000"})),
        path="containerDefinitions[0].portMappings[0].hostPort",
    ),
    Case(
        rule="port-range-rules",
        name="host-mode",
        bad=ec2_taskdef(_ports({"containerPortRange": "8000-9000"}), networkMode="host"),
        good=ec2_taskdef(_ports({"containerPortRange": "8000-9000"}), networkMode="bridge"),
    ),
    Case(
        rule="port-name-format",
        bad=ec2_taskdef(_ports({"containerPort": 80, "name": "Web HTTP"})),
        good=ec2_taskdef(_ports({"containerPort": 80, "name": "web_http-1"})),
        path="containerDefinitions[0].portMappings[0].name",
    ),
    Case(
        rule="port-reserved-host-ports",
        bad=ec2_taskdef(_ports({"containerPort": 22, "hostPort": 22})),
        good=ec2_taskdef(_ports({"containerPort": 22, "hostPort": 2222})),
        path="containerDefinitions[0].portMappings[0].hostPort",
    ),
    Case(
        rule="port-reserved-host-ports",
        name="ephemeral",
        bad=ec2_taskdef(_ports({"containerPort": 50051}), networkMode="host"),
        good=ec2_taskdef(_ports({"containerPort": 50051})),
        path="containerDefinitions[0].portMappings[0].containerPort",
    ),
    Case(
        rule="net-windows-ec2",
        bad=ec2_taskdef(networkMode="bridge", runtimePlatform=_WINDOWS),
        good=ec2_taskdef(networkMode=None, runtimePlatform=_WINDOWS),
        path="networkMode",
    ),
    Case(
        rule="net-host-mode-one-per-port",
        kind="service",
        bad=ec2_service(desiredCount=3),
        good=ec2_service(desiredCount=2),
        taskdef=ec2_taskdef(_ports({"containerPort": 80}), networkMode="host"),
        cluster={"clusterName": "default", "registeredContainerInstancesCount": 2},
        path="desiredCount",
    ),
    Case(
        rule="net-host-mode-one-per-port",
        name="static-bridge",
        kind="service",
        bad=ec2_service(desiredCount=3),
        good=ec2_service(desiredCount=3),
        taskdef=ec2_taskdef(_ports({"containerPort": 80, "hostPort": 8080})),
        good_taskdef=ec2_taskdef(_ports({"containerPort": 80, "hostPort": 0})),
        cluster={"clusterName": "default", "registeredContainerInstancesCount": 2},
    ),
]
