"""Cases for ecskit/validation/rules/external.py (ECS Anywhere task definitions and services)."""

from __future__ import annotations

from tests.support.rulecases import Case, container, ec2_service, ec2_taskdef

EXTERNAL_TD = ec2_taskdef(requiresCompatibilities=["EXTERNAL"])
EXTERNAL_SERVICE = ec2_service(launchType="EXTERNAL")
TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"
REGISTRY = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef"
APP_MESH = {
    "type": "APPMESH",
    "containerName": "envoy",
    "properties": [{"name": "AppPorts", "value": "8080"}],
}

CASES = [
    Case(
        rule="ext-network-mode",
        bad=ec2_taskdef(requiresCompatibilities=["EXTERNAL"], networkMode="awsvpc"),
        good=ec2_taskdef(requiresCompatibilities=["EXTERNAL"], networkMode="none"),
        path="networkMode",
    ),
    Case(
        rule="ext-app-mesh",
        bad=ec2_taskdef(
            container(), container(name="envoy"), requiresCompatibilities=["EXTERNAL"], proxyConfiguration=APP_MESH
        ),
        good=ec2_taskdef(container(), container(name="envoy"), proxyConfiguration=APP_MESH),
        path="proxyConfiguration",
    ),
    Case(
        rule="ext-selinux",
        bad=ec2_taskdef(container(dockerSecurityOptions=["label:type:svirt_t"]), requiresCompatibilities=["EXTERNAL"]),
        good=ec2_taskdef(container(dockerSecurityOptions=["no-new-privileges"]), requiresCompatibilities=["EXTERNAL"]),
        path="containerDefinitions[0].dockerSecurityOptions[0]",
    ),
    Case(
        rule="ext-no-load-balancers",
        kind="service",
        taskdef=EXTERNAL_TD,
        bad=ec2_service(
            launchType="EXTERNAL",
            loadBalancers=[{"targetGroupArn": TARGET_GROUP, "containerName": "app", "containerPort": 80}],
        ),
        good=EXTERNAL_SERVICE,
        path="loadBalancers",
    ),
    Case(
        rule="ext-no-service-discovery",
        kind="service",
        taskdef=EXTERNAL_TD,
        bad=ec2_service(
            launchType="EXTERNAL",
            serviceRegistries=[{"registryArn": REGISTRY, "containerName": "app", "containerPort": 80}],
        ),
        good=EXTERNAL_SERVICE,
        path="serviceRegistries",
    ),
    Case(
        rule="ext-no-capacity-providers",
        kind="service",
        taskdef=EXTERNAL_TD,
        bad=ec2_service(launchType="EXTERNAL", capacityProviderStrategy=[{"capacityProvider": "on-prem"}]),
        good=EXTERNAL_SERVICE,
        path="capacityProviderStrategy",
    ),
]
