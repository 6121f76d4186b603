"""Cases for ecskit/validation/rules/taskdef.py and fargate.py."""

from __future__ import annotations

from tests.support.rulecases import (
    EXECUTION_ROLE,
    Case,
    container,
    ec2_taskdef,
    fargate_container,
    fargate_taskdef,
)

_MANY = [container(name=f"c{i}") for i in range(11)]

CASES = [
    Case(rule="td-family-format", bad=ec2_taskdef(family="my app"), good=ec2_taskdef(family="my-app_2"), path="family"),
    Case(rule="td-containers-nonempty", bad={"family": "app", "containerDefinitions": []}, good=ec2_taskdef()),
    Case(rule="td-max-10-containers", bad=ec2_taskdef(*_MANY), good=ec2_taskdef(*_MANY[:10])),
    Case(
        rule="td-size-64kib",
        bad=ec2_taskdef(container(environment=[{"name": f"V{i}", "value": "x" * 300} for i in range(250)])),
        good=ec2_taskdef(container(environment=[{"name": f"V{i}", "value": "x" * 100} for i in range(250)])),
    ),
    Case(
        rule="td-one-essential",
        bad=ec2_taskdef(container(essential=False)),
        good=ec2_taskdef(container(essential=False, name="a"), container(name="b")),
    ),
    Case(
        rule="td-unique-container-names",
        bad=ec2_taskdef(container(), container()),
        good=ec2_taskdef(container(), container(name="sidecar")),
        path="containerDefinitions[1].name",
    ),
    Case(rule="td-cpu-value", bad=ec2_taskdef(cpu="two"), good=ec2_taskdef(cpu="2 vCPU"), path="cpu"),
    Case(rule="td-cpu-value", name="range", bad=ec2_taskdef(cpu="64"), good=ec2_taskdef(cpu="128")),
    Case(rule="td-memory-value", bad=ec2_taskdef(memory="2 TB"), good=ec2_taskdef(memory="2 GB"), path="memory"),
    Case(
        rule="td-container-memory-le-task",
        bad=ec2_taskdef(container(memory=2048), memory="1024"),
        good=ec2_taskdef(container(memory=1024), memory="1 GB"),
        path="containerDefinitions[0].memory",
    ),
    Case(
        rule="td-reservations-le-task",
        bad=ec2_taskdef(
            container(memory=None, memoryReservation=600), container(name="b", memoryReservation=600), memory="1024"
        ),
        good=ec2_taskdef(
            container(memory=None, memoryReservation=500), container(name="b", memoryReservation=500), memory="1024"
        ),
    ),
    Case(
        rule="td-container-cpu-le-task",
        bad=ec2_taskdef(container(cpu=512), container(name="b", cpu=768), cpu="1024"),
        good=ec2_taskdef(container(cpu=512), container(name="b", cpu=512), cpu="1024"),
    ),
    Case(
        rule="td-container-memory-required",
        bad=ec2_taskdef(container(memory=None)),
        good=ec2_taskdef(container(memory=None, memoryReservation=256)),
        path="containerDefinitions[0]",
    ),
    Case(
        rule="td-placement-max-10",
        bad=ec2_taskdef(placementConstraints=[{"type": "memberOf", "expression": "agentConnected == true"}] * 11),
        good=ec2_taskdef(placementConstraints=[{"type": "memberOf", "expression": "agentConnected == true"}] * 10),
    ),
    Case(rule="td-pid-mode", bad=fargate_taskdef(pidMode="host"), good=fargate_taskdef(pidMode="task")),
    Case(rule="td-ipc-mode", bad=fargate_taskdef(ipcMode="task"), good=ec2_taskdef(ipcMode="task")),
    Case(
        rule="td-ephemeral-storage",
        bad=fargate_taskdef(ephemeralStorage={"sizeInGiB": 20}),
        good=fargate_taskdef(ephemeralStorage={"sizeInGiB": 21}),
    ),
    Case(
        rule="td-ephemeral-storage-ignored",
        bad=ec2_taskdef(ephemeralStorage={"sizeInGiB": 30}),
        good=fargate_taskdef(ephemeralStorage={"sizeInGiB": 30}),
        path="ephemeralStorage",
    ),
    Case(
        rule="td-proxy-config",
        bad=ec2_taskdef(proxyConfiguration={"type": "APPMESH", "containerName": "envoy"}),
        good=ec2_taskdef(
            container(), container(name="envoy"), proxyConfiguration={"type": "APPMESH", "containerName": "envoy"}
        ),
    ),
    Case(
        rule="td-inference-accelerator",
        bad=ec2_taskdef(container(resourceRequirements=[{"type": "InferenceAccelerator", "value": "dev1"}])),
        good=ec2_taskdef(container(resourceRequirements=[{"type": "GPU", "value": "1"}])),
    ),
    Case(
        rule="td-windows-x86-only",
        bad=ec2_taskdef(
            networkMode=None,
            runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "ARM64"},
        ),
        good=ec2_taskdef(
            networkMode=None,
            runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"},
        ),
    ),
    Case(
        rule="td-windows-task-size-ignored",
        bad=ec2_taskdef(
            networkMode=None, cpu="1024", runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}
        ),
        good=ec2_taskdef(networkMode=None, runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}),
    ),
    Case(
        rule="td-role-arn-format",
        bad=ec2_taskdef(executionRoleArn="arn:aws:iam::11111111111:role/ecsTaskExecutionRole"),
        good=ec2_taskdef(executionRoleArn=EXECUTION_ROLE, taskRoleArn="app-task"),
        path="executionRoleArn",
    ),
    Case(
        rule="td-role-arn-format",
        name="not-a-role",
        bad=ec2_taskdef(taskRoleArn="arn:aws:iam::123456789012:user/app"),
        good=ec2_taskdef(taskRoleArn="arn:aws:iam::123456789012:role/service-role/app"),
    ),
    Case(
        rule="td-host-mode-root",
        bad=ec2_taskdef(networkMode="host"),
        good=ec2_taskdef(container(user="1000:1000"), networkMode="host"),
    ),
    Case(
        rule="td-compat-unique",
        bad=ec2_taskdef(requiresCompatibilities=["EC2", "EC2"]),
        good=ec2_taskdef(requiresCompatibilities=["EC2", "EXTERNAL"]),
    ),
    # fargate.py
    Case(rule="fargate-cpu-memory-required", bad=fargate_taskdef(memory=None), good=fargate_taskdef(), path="memory"),
    Case(
        rule="fargate-cpu-memory",
        bad=fargate_taskdef(cpu="512", memory="512"),
        good=fargate_taskdef(cpu="512", memory="1024"),
    ),
    Case(
        rule="fargate-cpu-memory",
        name="spellings",
        bad=fargate_taskdef(cpu="1 vCPU", memory="1 GB"),
        good=fargate_taskdef(cpu="1 vcpu", memory="2GB"),
    ),
    Case(
        rule="fargate-cpu-memory",
        name="cpu",
        bad=fargate_taskdef(cpu="768", memory="2048"),
        good=fargate_taskdef(cpu=".5 vCPU", memory="2 GB"),
        path="cpu",
    ),
    Case(
        rule="fargate-windows-sizes",
        bad=fargate_taskdef(
            cpu="512", memory="1024", runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}
        ),
        good=fargate_taskdef(
            cpu="1024", memory="2048", runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}
        ),
    ),
    Case(rule="fargate-awsvpc", bad=fargate_taskdef(networkMode="bridge"), good=fargate_taskdef()),
    Case(
        rule="fargate-unsupported-container-params",
        bad=fargate_taskdef(fargate_container(dnsServers=["10.0.0.2"], privileged=True)),
        good=fargate_taskdef(fargate_container(privileged=False)),
    ),
    Case(
        rule="fargate-no-placement-constraints",
        bad=fargate_taskdef(placementConstraints=[{"type": "memberOf", "expression": "agentConnected == true"}]),
        good=fargate_taskdef(),
    ),
    Case(
        rule="fargate-large-sizes-linux",
        bad=fargate_taskdef(
            cpu="8192", memory="16384", runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_FULL"}
        ),
        good=fargate_taskdef(cpu="8192", memory="16384", runtimePlatform={"operatingSystemFamily": "LINUX"}),
    ),
    Case(
        rule="fargate-gpu",
        bad=fargate_taskdef(fargate_container(resourceRequirements=[{"type": "GPU", "value": "1"}])),
        good=ec2_taskdef(container(resourceRequirements=[{"type": "GPU", "value": "1"}])),
    ),
    Case(
        rule="fargate-validated-only-if-declared",
        bad=fargate_taskdef(requiresCompatibilities=None),
        good=fargate_taskdef(),
    ),
]
