"""Cases for ecskit/validation/rules/volumes.py."""

from __future__ import annotations

from typing import Any

from tests.support.rulecases import (
    ACCOUNT,
    TASK_ROLE,
    Case,
    container,
    ec2_service,
    ec2_taskdef,
    fargate_container,
    fargate_service,
    fargate_taskdef,
)

_WINDOWS = {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}
_FS = "fs-0123456789abcdef0"
_AP = "fsap-0123456789abcdef0"
_INFRA_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecsInfrastructureRole"
_FSX_SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:fsx-credentials-AbCdEf"


def _mounted(*volumes: dict[str, Any], **members: Any) -> dict[str, Any]:
    """An EC2 task definition whose container mounts the first volume at /data."""
    mount = [{"sourceVolume": volumes[0].get("name"), "containerPath": "/data"}] if volumes else []
    return ec2_taskdef(container(mountPoints=mount), volumes=list(volumes), **members)


def _fargate_mounted(*volumes: dict[str, Any], **members: Any) -> dict[str, Any]:
    mount = [{"sourceVolume": volumes[0].get("name"), "containerPath": "/data"}] if volumes else []
    return fargate_taskdef(fargate_container(mountPoints=mount), volumes=list(volumes), **members)


def _efs(**members: Any) -> dict[str, Any]:
    return {"name": "shared", "efsVolumeConfiguration": {"fileSystemId": _FS, **members}}


def _fsx(credentials: str = _FSX_SECRET) -> dict[str, Any]:
    return {
        "name": "share",
        "fsxWindowsFileServerVolumeConfiguration": {
            "fileSystemId": "fs-0123456789abcdef0",
            "rootDirectory": "share",
            "authorizationConfig": {"credentialsParameter": credentials, "domain": "corp.example.com"},
        },
    }


def _windows_mounted(*volumes: dict[str, Any]) -> dict[str, Any]:
    mount = [{"sourceVolume": volumes[0].get("name"), "containerPath": "C:\\data"}]
    return ec2_taskdef(container(mountPoints=mount), networkMode=None, runtimePlatform=_WINDOWS, volumes=list(volumes))


def _ebs(**members: Any) -> list[dict[str, Any]]:
    return [{"name": "data", "managedEBSVolume": {"roleArn": _INFRA_ROLE, **members}}]


_AT_LAUNCH = ec2_taskdef(
    container(mountPoints=[{"sourceVolume": "data", "containerPath": "/data"}]),
    volumes=[{"name": "data", "configuredAtLaunch": True}],
)
_FARGATE_AT_LAUNCH = fargate_taskdef(
    fargate_container(mountPoints=[{"sourceVolume": "data", "containerPath": "/data"}]),
    volumes=[{"name": "data", "configuredAtLaunch": True}],
)


def _run_task(**members: Any) -> dict[str, Any]:
    return {"taskDefinition": "app:1", "launchType": "EC2", "count": 1, **members}


CASES = [
    Case(
        rule="vol-name-format",
        bad=_mounted({"name": "my data"}),
        good=_mounted({"name": "my-data_1"}),
        path="volumes[0].name",
    ),
    Case(
        rule="vol-name-format",
        name="required",
        bad=ec2_taskdef(volumes=[{"efsVolumeConfiguration": {"fileSystemId": _FS}}]),
        good=ec2_taskdef(volumes=[{"host": {}}]),
        path="volumes[0]",
    ),
    Case(
        rule="vol-single-type",
        bad=_mounted({"name": "data", "host": {"sourcePath": "/data"}, "dockerVolumeConfiguration": {"scope": "task"}}),
        good=_mounted({"name": "data", "host": {"sourcePath": "/data"}}),
        path="volumes[0]",
    ),
    Case(
        rule="vol-mount-source-exists",
        bad=ec2_taskdef(container(mountPoints=[{"sourceVolume": "data", "containerPath": "/data"}])),
        good=_mounted({"name": "data"}),
        path="containerDefinitions[0].mountPoints[0].sourceVolume",
    ),
    Case(
        rule="vol-docker-fargate",
        bad=_fargate_mounted({"name": "data", "dockerVolumeConfiguration": {"scope": "task", "driver": "local"}}),
        good=_mounted({"name": "data", "dockerVolumeConfiguration": {"scope": "task", "driver": "local"}}),
        path="volumes[0].dockerVolumeConfiguration",
    ),
    Case(
        rule="vol-docker-autoprovision",
        bad=_mounted({"name": "data", "dockerVolumeConfiguration": {"autoprovision": True}}),
        good=_mounted({"name": "data", "dockerVolumeConfiguration": {"scope": "shared", "autoprovision": True}}),
        path="volumes[0].dockerVolumeConfiguration.autoprovision",
    ),
    Case(
        rule="vol-docker-windows-driver",
        bad=_windows_mounted({"name": "data", "dockerVolumeConfiguration": {"scope": "task", "driver": "rexray/ebs"}}),
        good=_windows_mounted({"name": "data", "dockerVolumeConfiguration": {"scope": "task", "driver": "local"}}),
        path="volumes[0].dockerVolumeConfiguration.driver",
    ),
    Case(
        rule="vol-host-sourcepath-fargate",
        bad=_fargate_mounted({"name": "data", "host": {"sourcePath": "/var/data"}}),
        good=_fargate_mounted({"name": "data"}),
        path="volumes[0].host.sourcePath",
    ),
    Case(
        rule="vol-efs-access-point-root",
        bad=_mounted(
            _efs(rootDirectory="/data", transitEncryption="ENABLED", authorizationConfig={"accessPointId": _AP})
        ),
        good=_mounted(_efs(rootDirectory="/", transitEncryption="ENABLED", authorizationConfig={"accessPointId": _AP})),
        path="volumes[0].efsVolumeConfiguration.rootDirectory",
    ),
    Case(
        rule="vol-efs-transit-encryption",
        bad=_mounted(_efs(authorizationConfig={"accessPointId": _AP})),
        good=_mounted(_efs(transitEncryption="ENABLED", authorizationConfig={"accessPointId": _AP})),
        path="volumes[0].efsVolumeConfiguration.transitEncryption",
    ),
    Case(
        rule="vol-efs-iam-task-role",
        bad=_mounted(_efs(transitEncryption="ENABLED", authorizationConfig={"iam": "ENABLED"})),
        good=_mounted(_efs(transitEncryption="ENABLED", authorizationConfig={"iam": "ENABLED"}), taskRoleArn=TASK_ROLE),
        path="volumes[0].efsVolumeConfiguration.authorizationConfig.iam",
    ),
    Case(
        rule="vol-efs-platform",
        bad=_mounted(_efs(), requiresCompatibilities=["EXTERNAL"]),
        good=_mounted(_efs(), requiresCompatibilities=["EC2"]),
        path="volumes[0].efsVolumeConfiguration",
    ),
    Case(
        rule="vol-efs-platform",
        name="windows",
        bad=_windows_mounted(_efs()),
        good=_windows_mounted(_fsx()),
    ),
    Case(
        rule="vol-efs-ids",
        bad=_mounted({"name": "shared", "efsVolumeConfiguration": {"fileSystemId": "efs-12345678"}}),
        good=_mounted({"name": "shared", "efsVolumeConfiguration": {"fileSystemId": "${FileSystemId}"}}),
        path="volumes[0].efsVolumeConfiguration.fileSystemId",
    ),
    Case(
        rule="vol-efs-ids",
        name="access-point",
        bad=_mounted(_efs(transitEncryption="ENABLED", authorizationConfig={"accessPointId": "ap-1234"})),
        good=_mounted(_efs(transitEncryption="ENABLED", authorizationConfig={"accessPointId": _AP})),
        path="volumes[0].efsVolumeConfiguration.authorizationConfig.accessPointId",
    ),
    Case(
        rule="vol-fsx-platform",
        bad=_fargate_mounted(_fsx()),
        good=_windows_mounted(_fsx()),
        path="volumes[0].fsxWindowsFileServerVolumeConfiguration",
    ),
    Case(
        rule="vol-fsx-credentials",
        bad=_windows_mounted(_fsx("fsx-credentials")),
        good=_windows_mounted(_fsx(f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/fsx/credentials")),
        path="volumes[0].fsxWindowsFileServerVolumeConfiguration.authorizationConfig.credentialsParameter",
    ),
    Case(
        rule="vol-one-configured-at-launch",
        bad=_mounted({"name": "a", "configuredAtLaunch": True}, {"name": "b", "configuredAtLaunch": True}),
        good=_mounted({"name": "a", "configuredAtLaunch": True}, {"name": "b"}),
        path="volumes[1].configuredAtLaunch",
    ),
    Case(
        rule="vol-ebs-binding",
        kind="service",
        bad=ec2_service(volumeConfigurations=_ebs(sizeInGiB=20)),
        good=ec2_service(volumeConfigurations=_ebs(sizeInGiB=20)),
        taskdef=_mounted({"name": "data"}),
        good_taskdef=_AT_LAUNCH,
        path="volumeConfigurations[0].name",
    ),
    Case(
        rule="vol-ebs-binding",
        name="daemon",
        kind="service",
        bad=ec2_service(desiredCount=None, schedulingStrategy="DAEMON", volumeConfigurations=_ebs(sizeInGiB=20)),
        good=ec2_service(volumeConfigurations=_ebs(sizeInGiB=20)),
        taskdef=_AT_LAUNCH,
        path="volumeConfigurations",
    ),
    Case(
        rule="vol-ebs-binding",
        name="run-task",
        kind="run-task",
        bad=_run_task(volumeConfigurations=_ebs(sizeInGiB=20)),
        good=_run_task(volumeConfigurations=_ebs(sizeInGiB=20)),
        taskdef=ec2_taskdef(volumes=[{"name": "scratch", "configuredAtLaunch": True}]),
        good_taskdef=_AT_LAUNCH,
        path="volumeConfigurations[0].name",
    ),
    Case(
        rule="vol-ebs-config",
        kind="service",
        bad=ec2_service(volumeConfigurations=_ebs(volumeType="io2", sizeInGiB=100)),
        good=ec2_service(volumeConfigurations=_ebs(volumeType="io2", sizeInGiB=100, iops=3000)),
        taskdef=_AT_LAUNCH,
        path="volumeConfigurations[0].managedEBSVolume",
    ),
    Case(
        rule="vol-ebs-config",
        name="size",
        kind="service",
        bad=ec2_service(volumeConfigurations=_ebs(volumeType="st1", sizeInGiB=20)),
        good=ec2_service(volumeConfigurations=_ebs(volumeType="st1", sizeInGiB=500)),
        taskdef=_AT_LAUNCH,
        path="volumeConfigurations[0].managedEBSVolume.sizeInGiB",
    ),
    Case(
        rule="vol-ebs-config",
        name="fargate-magnetic",
        kind="service",
        bad=fargate_service(volumeConfigurations=_ebs(volumeType="standard", sizeInGiB=20)),
        good=fargate_service(volumeConfigurations=_ebs(volumeType="gp3", sizeInGiB=20, throughput=250)),
        taskdef=_FARGATE_AT_LAUNCH,
        path="volumeConfigurations[0].managedEBSVolume.volumeType",
    ),
    Case(
        rule="vol-ebs-config",
        name="filesystem",
        kind="service",
        bad=ec2_service(volumeConfigurations=_ebs(sizeInGiB=20, filesystemType="ntfs")),
        good=ec2_service(volumeConfigurations=_ebs(sizeInGiB=20, filesystemType="ext4")),
        taskdef=ec2_taskdef(
            container(mountPoints=[{"sourceVolume": "data", "containerPath": "/data"}]),
            volumes=[{"name": "data", "configuredAtLaunch": True}],
            runtimePlatform={"operatingSystemFamily": "LINUX"},
        ),
        path="volumeConfigurations[0].managedEBSVolume.filesystemType",
    ),
    Case(
        rule="vol-ebs-config",
        name="run-task",
        kind="run-task",
        bad=_run_task(volumeConfigurations=_ebs(volumeType="gp2", sizeInGiB=20, throughput=250)),
        good=_run_task(volumeConfigurations=_ebs(volumeType="gp3", sizeInGiB=20, throughput=250)),
        taskdef=_AT_LAUNCH,
        path="volumeConfigurations[0].managedEBSVolume.throughput",
    ),
    Case(
        rule="vol-ebs-config",
        name="run-task-snapshot",
        kind="run-task",
        bad=_run_task(volumeConfigurations=_ebs(volumeInitializationRate=100, sizeInGiB=20)),
        good=_run_task(volumeConfigurations=_ebs(volumeInitializationRate=100, snapshotId="snap-0123456789abcdef0")),
        taskdef=_AT_LAUNCH,
        path="volumeConfigurations[0].managedEBSVolume.volumeInitializationRate",
    ),
]
