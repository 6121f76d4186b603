"""A release script as an application writes it, with boto3 alone (nothing of ecskit): the code under test of
tests/fake/test_fake_aws.py, which runs it unchanged under ``fake_aws()``. Keep it free of ecskit."""

from __future__ import annotations

from typing import Any

import boto3


def create_repository(region: str, name: str) -> str:
    """Create an ECR repository (or find it); its URI."""
    ecr = boto3.client("ecr", region_name=region)
    try:
        found: Any = ecr.create_repository(repositoryName=name)["repository"]
    except ecr.exceptions.RepositoryAlreadyExistsException:
        found = ecr.describe_repositories(repositoryNames=[name])["repositories"][0]
    return str(found["repositoryUri"])


def release(region: str, *, cluster: str, service: str, repository: str, tag: str, count: int = 2) -> str:
    """Deploy the image ``repository:tag`` as ``service`` on Fargate and wait until the service is stable; the ARN of
    the task definition it runs."""
    ecr = boto3.client("ecr", region_name=region)
    ecs = boto3.client("ecs", region_name=region)
    details = ecr.describe_images(repositoryName=repository, imageIds=[{"imageTag": tag}])["imageDetails"][0]
    repo = ecr.describe_repositories(repositoryNames=[repository])["repositories"][0]
    image = f"{repo['repositoryUri']}@{details['imageDigest']}"
    if not ecs.describe_clusters(clusters=[cluster])["clusters"]:
        ecs.create_cluster(clusterName=cluster)
    definition = ecs.register_task_definition(
        family=service,
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        executionRoleArn=f"arn:aws:iam::{repo['registryId']}:role/ecsTaskExecutionRole",
        containerDefinitions=[
            {"name": service, "image": image, "essential": True, "portMappings": [{"containerPort": 80}]}
        ],
    )["taskDefinition"]["taskDefinitionArn"]
    running = [
        s for s in ecs.describe_services(cluster=cluster, services=[service])["services"] if s["status"] == "ACTIVE"
    ]
    if running:
        ecs.update_service(cluster=cluster, service=service, taskDefinition=definition, desiredCount=count)
    else:
        ecs.create_service(
            cluster=cluster,
            serviceName=service,
            taskDefinition=definition,
            desiredCount=count,
            launchType="FARGATE",
            networkConfiguration={
                "awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "assignPublicIp": "DISABLED"}
            },
        )
    ecs.get_waiter("services_stable").wait(cluster=cluster, services=[service])
    return str(definition)
