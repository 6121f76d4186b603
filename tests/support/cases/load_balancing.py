"""Cases for ecskit/validation/rules/load_balancing.py (load balancers, role, VPC Lattice, service discovery,
Service Connect)."""

from __future__ import annotations

from typing import Any

from tests.support.rulecases import (
    ACCOUNT,
    Case,
    Doc,
    awslogs,
    container,
    ec2_service,
    ec2_taskdef,
    fargate_container,
    fargate_service,
    fargate_taskdef,
)

TG = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/web/0123456789abcdef"
REGISTRY = f"arn:aws:servicediscovery:us-east-1:{ACCOUNT}:service/srv-0123456789abcdef"
WEB_TASKDEF = ec2_taskdef(container(portMappings=[{"containerPort": 80, "hostPort": 0}]))
NAMED_TASKDEF = fargate_taskdef(fargate_container(portMappings=[{"containerPort": 80, "name": "http"}]))


def alb(**members: Any) -> Doc:
    """An ALB/NLB load balancer entry for container 'app' port 80."""
    return {"targetGroupArn": TG, "containerName": "app", "containerPort": 80, **members}


def classic(**members: Any) -> Doc:
    """A Classic Load Balancer entry for container 'app' port 80."""
    return {"loadBalancerName": "web-elb", "containerName": "app", "containerPort": 80, **members}


def target_groups(count: int) -> list[Doc]:
    return [alb(targetGroupArn=f"{TG[:-1]}{i}") for i in range(count)]


def service_connect(*services: Doc, **members: Any) -> Doc:
    return {"enabled": True, "namespace": "internal", "services": list(services), **members}


CASES = [
    Case(
        rule="lb-container-exists",
        kind="service",
        bad=ec2_service(loadBalancers=[alb(containerName="web")]),
        good=ec2_service(loadBalancers=[alb()]),
        taskdef=WEB_TASKDEF,
        path="loadBalancers[0].containerName",
    ),
    Case(
        rule="lb-container-exists",
        name="templated-taskdef",
        kind="service",
        bad=ec2_service(loadBalancers=[alb(containerName="web")]),
        good=ec2_service(loadBalancers=[alb(containerName="web")]),
        taskdef=WEB_TASKDEF,
        good_taskdef=ec2_taskdef(container(name="${APP_NAME}", portMappings=[{"containerPort": 80}])),
    ),
    Case(
        rule="lb-container-port-exists",
        kind="service",
        bad=ec2_service(loadBalancers=[alb(containerPort=8080)]),
        good=ec2_service(loadBalancers=[alb()]),
        taskdef=WEB_TASKDEF,
        path="loadBalancers[0].containerPort",
    ),
    Case(
        rule="lb-container-port-exists",
        name="range",
        kind="service",
        bad=ec2_service(loadBalancers=[alb(containerPort=9100)]),
        good=ec2_service(loadBalancers=[alb(containerPort=9005)]),
        taskdef=ec2_taskdef(container(portMappings=[{"containerPortRange": "9000-9010"}])),
    ),
    Case(
        rule="lb-fields-by-type",
        kind="service",
        bad=ec2_service(loadBalancers=[alb(loadBalancerName="web-elb")]),
        good=ec2_service(loadBalancers=[alb()]),
        path="loadBalancers[0]",
    ),
    Case(
        rule="lb-fields-by-type",
        name="container",
        kind="service",
        bad=ec2_service(loadBalancers=[{"targetGroupArn": TG, "containerName": "app"}]),
        good=ec2_service(loadBalancers=[classic()]),
        path="loadBalancers[0].containerPort",
    ),
    Case(
        rule="lb-awsvpc-no-classic",
        kind="service",
        bad=fargate_service(loadBalancers=[classic()]),
        good=fargate_service(loadBalancers=[alb()]),
        path="loadBalancers[0].loadBalancerName",
    ),
    Case(
        rule="lb-classic-static-host-port",
        kind="service",
        bad=ec2_service(loadBalancers=[classic()]),
        good=ec2_service(loadBalancers=[classic()]),
        taskdef=WEB_TASKDEF,
        good_taskdef=ec2_taskdef(container(portMappings=[{"containerPort": 80, "hostPort": 80}])),
        path="loadBalancers[0].loadBalancerName",
    ),
    Case(
        rule="lb-counts",
        kind="service",
        bad=ec2_service(loadBalancers=target_groups(6)),
        good=ec2_service(loadBalancers=target_groups(5)),
        path="loadBalancers",
    ),
    Case(
        rule="lb-counts",
        name="classic",
        kind="service",
        bad=ec2_service(loadBalancers=[classic(), classic(loadBalancerName="other-elb")]),
        good=ec2_service(loadBalancers=[classic(), alb()]),
    ),
    Case(
        rule="lb-multi-tg-controllers",
        kind="service",
        bad=ec2_service(loadBalancers=target_groups(2), deploymentController={"type": "CODE_DEPLOY"}),
        good=ec2_service(loadBalancers=target_groups(2), deploymentController={"type": "ECS"}),
        path="loadBalancers",
    ),
    Case(
        rule="lb-codedeploy-needs-lb",
        kind="service",
        bad=ec2_service(deploymentController={"type": "CODE_DEPLOY"}),
        good=ec2_service(deploymentController={"type": "CODE_DEPLOY"}, loadBalancers=[alb()]),
        path="loadBalancers",
    ),
    Case(
        rule="lb-role-param",
        kind="service",
        bad=fargate_service(role="ecsServiceRole", loadBalancers=[alb()]),
        good=ec2_service(role="ecsServiceRole", loadBalancers=[alb()]),
        path="role",
    ),
    Case(
        rule="lb-role-param",
        name="no-load-balancer",
        kind="service",
        bad=ec2_service(role="ecsServiceRole"),
        good=ec2_service(),
    ),
    Case(
        rule="lb-role-param",
        name="awsvpc-taskdef",
        kind="service",
        bad=ec2_service(role="ecsServiceRole", loadBalancers=[alb()]),
        good=ec2_service(role="ecsServiceRole", loadBalancers=[alb()]),
        taskdef=ec2_taskdef(container(portMappings=[{"containerPort": 80}]), networkMode="awsvpc"),
        good_taskdef=WEB_TASKDEF,
    ),
    Case(
        rule="lb-lattice-port-name",
        kind="service",
        bad=fargate_service(
            vpcLatticeConfigurations=[
                {"roleArn": f"arn:aws:iam::{ACCOUNT}:role/lattice", "targetGroupArn": TG, "portName": "web"}
            ]
        ),
        good=fargate_service(
            vpcLatticeConfigurations=[
                {"roleArn": f"arn:aws:iam::{ACCOUNT}:role/lattice", "targetGroupArn": TG, "portName": "http"}
            ]
        ),
        taskdef=NAMED_TASKDEF,
        path="vpcLatticeConfigurations[0].portName",
    ),
    Case(
        rule="sd-one-registry",
        kind="service",
        bad=fargate_service(serviceRegistries=[{"registryArn": REGISTRY}, {"registryArn": REGISTRY + "1"}]),
        good=fargate_service(serviceRegistries=[{"registryArn": REGISTRY}]),
        path="serviceRegistries",
    ),
    Case(
        rule="sd-container-port-rules",
        kind="service",
        bad=ec2_service(serviceRegistries=[{"registryArn": REGISTRY}]),
        good=ec2_service(serviceRegistries=[{"registryArn": REGISTRY, "containerName": "app", "containerPort": 80}]),
        taskdef=WEB_TASKDEF,
        path="serviceRegistries[0]",
    ),
    Case(
        rule="sd-container-port-rules",
        name="both",
        kind="service",
        bad=fargate_service(
            serviceRegistries=[{"registryArn": REGISTRY, "port": 80, "containerName": "app", "containerPort": 80}]
        ),
        good=fargate_service(serviceRegistries=[{"registryArn": REGISTRY, "port": 80}]),
        taskdef=NAMED_TASKDEF,
    ),
    Case(
        rule="sd-container-port-rules",
        name="unknown-port",
        kind="service",
        bad=ec2_service(serviceRegistries=[{"registryArn": REGISTRY, "containerName": "app", "containerPort": 8080}]),
        good=ec2_service(serviceRegistries=[{"registryArn": REGISTRY, "containerName": "app", "containerPort": 80}]),
        taskdef=WEB_TASKDEF,
        path="serviceRegistries[0].containerPort",
    ),
    Case(
        rule="sd-task-cap",
        kind="service",
        bad=fargate_service(desiredCount=1001, serviceRegistries=[{"registryArn": REGISTRY}]),
        good=fargate_service(desiredCount=1000, serviceRegistries=[{"registryArn": REGISTRY}]),
        path="desiredCount",
    ),
    Case(
        rule="sc-portname",
        kind="service",
        bad=fargate_service(serviceConnectConfiguration=service_connect({"portName": "web"})),
        good=fargate_service(serviceConnectConfiguration=service_connect({"portName": "http"})),
        taskdef=NAMED_TASKDEF,
        path="serviceConnectConfiguration.services[0].portName",
    ),
    Case(
        rule="sc-alias-name-rules",
        kind="service",
        bad=fargate_service(
            serviceConnectConfiguration=service_connect(
                {"portName": "http", "clientAliases": [{"port": 80, "dnsName": "Web.Internal"}]}
            )
        ),
        good=fargate_service(
            serviceConnectConfiguration=service_connect(
                {"portName": "http", "clientAliases": [{"port": 80, "dnsName": "web.internal"}]}
            )
        ),
        path="serviceConnectConfiguration.services[0].clientAliases[0].dnsName",
    ),
    Case(
        rule="sc-alias-name-rules",
        name="aliases",
        kind="service",
        bad=fargate_service(
            serviceConnectConfiguration=service_connect(
                {"portName": "http", "clientAliases": [{"port": 80}, {"port": 8080}]}
            )
        ),
        good=fargate_service(
            serviceConnectConfiguration=service_connect({"portName": "http", "clientAliases": [{"port": 80}]})
        ),
        path="serviceConnectConfiguration.services[0].clientAliases",
    ),
    Case(
        rule="sc-alias-name-rules",
        name="discovery-name",
        kind="service",
        bad=fargate_service(
            serviceConnectConfiguration=service_connect(
                {"portName": "http", "discoveryName": "-web"}, {"portName": "admin", "discoveryName": "web"}
            )
        ),
        good=fargate_service(
            serviceConnectConfiguration=service_connect(
                {"portName": "http", "discoveryName": "web"}, {"portName": "admin", "discoveryName": "web_admin"}
            )
        ),
        path="serviceConnectConfiguration.services[0].discoveryName",
    ),
    Case(
        rule="sc-alias-name-rules",
        name="duplicate",
        kind="service",
        bad=fargate_service(serviceConnectConfiguration=service_connect({"portName": "http"}, {"portName": "http"})),
        good=fargate_service(
            serviceConnectConfiguration=service_connect(
                {"portName": "http"}, {"portName": "http", "discoveryName": "http-internal"}
            )
        ),
        path="serviceConnectConfiguration.services[1].portName",
    ),
    Case(
        rule="sc-access-log-config",
        kind="service",
        bad=fargate_service(serviceConnectConfiguration=service_connect(accessLogConfiguration={"format": "TEXT"})),
        good=fargate_service(
            serviceConnectConfiguration=service_connect(
                accessLogConfiguration={"format": "TEXT"}, logConfiguration=awslogs()
            )
        ),
        path="serviceConnectConfiguration.accessLogConfiguration",
    ),
]
