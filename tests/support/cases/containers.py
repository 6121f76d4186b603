"""Cases for ecskit/validation/rules/containers.py."""

from __future__ import annotations

from typing import Any

from tests.support.rulecases import Case, Doc, container, ec2_taskdef, fargate_container, fargate_taskdef

WINDOWS: dict[str, Any] = {
    "networkMode": None,
    "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
}
DIGEST = "sha256:" + "0123456789abcdef" * 4
DATA = container(name="data", essential=False)


def sysctl(namespace: str, value: str) -> list[Doc]:
    """A systemControls list with one entry."""
    return [{"namespace": namespace, "value": value}]


CASES = [
    Case(
        rule="container-name-format",
        bad=ec2_taskdef(container(name="my app")),
        good=ec2_taskdef(container(name="my-app_2")),
        path="containerDefinitions[0].name",
    ),
    Case(rule="container-name-format", name="empty", bad=ec2_taskdef(container(name="")), good=ec2_taskdef()),
    Case(
        rule="container-image-required",
        bad=ec2_taskdef(container(image=" ")),
        good=ec2_taskdef(),
        path="containerDefinitions[0].image",
    ),
    Case(
        rule="container-image-format",
        bad=ec2_taskdef(container(image="nginx@sha256:abc123")),
        good=ec2_taskdef(container(image=f"nginx@{DIGEST}")),
        path="containerDefinitions[0].image",
    ),
    Case(
        rule="container-image-format",
        name="characters",
        bad=ec2_taskdef(container(image="nginx:1.27 alpine")),
        good=ec2_taskdef(container(image="${REPOSITORY}:${TAG}")),
    ),
    Case(
        rule="container-image-format",
        name="empty-tag",
        bad=ec2_taskdef(container(image="nginx:")),
        good=ec2_taskdef(container(image="public.ecr.aws/nginx/nginx:1.27#x")),
    ),
    Case(
        rule="container-memory-ge-reservation",
        bad=ec2_taskdef(container(memory=256, memoryReservation=512)),
        good=ec2_taskdef(container(memory=512, memoryReservation=512)),
        path="containerDefinitions[0].memory",
    ),
    Case(
        rule="container-memory-minimum",
        bad=ec2_taskdef(container(memory=4)),
        good=ec2_taskdef(container(memory=6)),
        path="containerDefinitions[0].memory",
    ),
    Case(
        rule="container-cpu-range",
        bad=ec2_taskdef(container(cpu=300000)),
        good=ec2_taskdef(container(cpu=262144)),
        path="containerDefinitions[0].cpu",
    ),
    Case(
        rule="container-links-bridge-only",
        bad=ec2_taskdef(container(links=["db"]), container(name="db"), networkMode="awsvpc"),
        good=ec2_taskdef(container(links=["db"]), container(name="db")),
        path="containerDefinitions[0].links",
    ),
    Case(
        rule="container-links-bridge-only",
        name="windows",
        bad=ec2_taskdef(container(links=["db"]), container(name="db"), **WINDOWS),
        good=ec2_taskdef(container(), container(name="db"), **WINDOWS),
    ),
    Case(
        rule="container-links-target",
        bad=ec2_taskdef(container(links=["db"])),
        good=ec2_taskdef(container(links=["db:database"]), container(name="db")),
        path="containerDefinitions[0].links[0]",
    ),
    Case(
        rule="container-hostname-awsvpc",
        bad=fargate_taskdef(fargate_container(hostname="web")),
        good=ec2_taskdef(container(hostname="web")),
        path="containerDefinitions[0].hostname",
    ),
    Case(
        rule="container-extra-hosts-awsvpc",
        bad=ec2_taskdef(container(extraHosts=[{"hostname": "db", "ipAddress": "10.0.0.5"}]), networkMode="awsvpc"),
        good=ec2_taskdef(container(extraHosts=[{"hostname": "db", "ipAddress": "10.0.0.5"}])),
        path="containerDefinitions[0].extraHosts",
    ),
    Case(
        rule="container-windows-unsupported",
        bad=ec2_taskdef(container(readonlyRootFilesystem=True), **WINDOWS),
        good=ec2_taskdef(container(readonlyRootFilesystem=False), **WINDOWS),
        path="containerDefinitions[0].readonlyRootFilesystem",
    ),
    Case(
        rule="container-privileged",
        bad=ec2_taskdef(container(privileged=True)),
        good=ec2_taskdef(container(privileged=False)),
        path="containerDefinitions[0].privileged",
    ),
    Case(
        rule="container-security-options-format",
        bad=ec2_taskdef(container(dockerSecurityOptions=["apparmor=docker-default"])),
        good=ec2_taskdef(container(dockerSecurityOptions=["apparmor:docker-default", "no-new-privileges"])),
        path="containerDefinitions[0].dockerSecurityOptions[0]",
    ),
    Case(
        rule="container-user-format",
        bad=ec2_taskdef(container(user="-1")),
        good=ec2_taskdef(container(user="1000:1000")),
        path="containerDefinitions[0].user",
    ),
    Case(
        rule="container-user-format",
        name="parts",
        bad=ec2_taskdef(container(user="app:app:app")),
        good=ec2_taskdef(container(user="app:staff")),
    ),
    Case(
        rule="container-ulimit-soft-le-hard",
        bad=ec2_taskdef(container(ulimits=[{"name": "nofile", "softLimit": 65536, "hardLimit": 1024}])),
        good=ec2_taskdef(container(ulimits=[{"name": "nofile", "softLimit": 1024, "hardLimit": -1}])),
        path="containerDefinitions[0].ulimits[0].softLimit",
    ),
    Case(
        rule="container-credential-specs",
        bad=ec2_taskdef(container(credentialSpecs=["arn:aws:ssm:us-east-1:123456789012:parameter/gmsa"])),
        good=ec2_taskdef(
            container(credentialSpecs=["credentialspecdomainless:arn:aws:ssm:us-east-1:123456789012:parameter/gmsa"])
        ),
        path="containerDefinitions[0].credentialSpecs[0]",
    ),
    Case(
        rule="container-gpu-count",
        bad=ec2_taskdef(container(resourceRequirements=[{"type": "GPU", "value": "0"}])),
        good=ec2_taskdef(container(resourceRequirements=[{"type": "GPU", "value": "2"}])),
        path="containerDefinitions[0].resourceRequirements[0].value",
    ),
    Case(
        rule="container-gpu-count",
        name="superscript-digit",  # "²" passes str.isdigit but int() refuses it: a finding, not a crash
        bad=ec2_taskdef(container(resourceRequirements=[{"type": "GPU", "value": "\u00b2"}])),
        good=ec2_taskdef(container(resourceRequirements=[{"type": "GPU", "value": "1"}])),
        path="containerDefinitions[0].resourceRequirements[0].value",
    ),
    Case(
        rule="container-restart-policy",
        bad=ec2_taskdef(container(restartPolicy={"enabled": True, "restartAttemptPeriod": 30})),
        good=ec2_taskdef(container(restartPolicy={"enabled": True, "restartAttemptPeriod": 60})),
        path="containerDefinitions[0].restartPolicy.restartAttemptPeriod",
    ),
    Case(
        rule="container-restart-policy",
        name="exit-codes",
        bad=ec2_taskdef(container(restartPolicy={"enabled": True, "ignoredExitCodes": list(range(51))})),
        good=ec2_taskdef(container(restartPolicy={"enabled": True, "ignoredExitCodes": list(range(50))})),
    ),
    Case(
        rule="container-timeouts-fargate",
        bad=fargate_taskdef(fargate_container(stopTimeout=300)),
        good=fargate_taskdef(fargate_container(stopTimeout=120, startTimeout=2)),
        path="containerDefinitions[0].stopTimeout",
    ),
    Case(
        rule="container-system-controls",
        bad=ec2_taskdef(container(systemControls=sysctl("vm.swappiness", "10"))),
        good=ec2_taskdef(container(systemControls=sysctl("net.core.somaxconn", "1024"))),
        path="containerDefinitions[0].systemControls[0].namespace",
    ),
    Case(
        rule="container-system-controls",
        name="host-network",
        bad=ec2_taskdef(
            container(systemControls=sysctl("net.core.somaxconn", "1024"), user="1000"), networkMode="host"
        ),
        good=ec2_taskdef(
            container(systemControls=sysctl("kernel.shmmax", "68719476736"), user="1000"), networkMode="host"
        ),
    ),
    Case(
        rule="container-system-controls-conflict",
        bad=fargate_taskdef(
            fargate_container(systemControls=sysctl("net.core.somaxconn", "1024")),
            fargate_container(name="b", systemControls=sysctl("net.core.somaxconn", "4096")),
        ),
        good=fargate_taskdef(
            fargate_container(systemControls=sysctl("net.core.somaxconn", "4096")),
            fargate_container(name="b", systemControls=sysctl("net.core.somaxconn", "4096")),
        ),
        path="containerDefinitions[1].systemControls[0].value",
    ),
    Case(
        rule="container-env-unique-names",
        bad=ec2_taskdef(container(environment=[{"name": "A", "value": "1"}, {"name": "A", "value": "2"}])),
        good=ec2_taskdef(container(environment=[{"name": "A", "value": "1"}, {"name": "B", "value": "2"}])),
        path="containerDefinitions[0].environment[1].name",
    ),
    Case(
        rule="container-env-plaintext-secret",
        bad=ec2_taskdef(container(environment=[{"name": "DB_PASSWORD", "value": "hunter2hunter2"}])),
        good=ec2_taskdef(container(environment=[{"name": "DB_PASSWORD_FILE", "value": "/run/secrets/db"}])),
        path="containerDefinitions[0].environment[0].value",
    ),
    Case(
        rule="container-env-plaintext-secret",
        name="access-key",
        bad=ec2_taskdef(container(environment=[{"name": "AWS_CREDS", "value": "AKIAABCDEFGHIJKLMNOP"}])),
        good=ec2_taskdef(container(environment=[{"name": "API_TOKEN", "value": "${API_TOKEN}"}])),
    ),
    Case(
        rule="container-volumes-from-source",
        bad=ec2_taskdef(container(volumesFrom=[{"sourceContainer": "data"}])),
        good=ec2_taskdef(container(volumesFrom=[{"sourceContainer": "data"}]), DATA),
        path="containerDefinitions[0].volumesFrom[0].sourceContainer",
    ),
]
