"""Task definition builders: Fargate sizes in any spelling, EC2 modes, volumes and logs; build() validates."""

from __future__ import annotations

import pytest

from ecskit.builders import container, normalise_cpu, normalise_memory, task_definition
from ecskit.builders.task_definitions import TaskDefinitionBuilder
from ecskit.errors import ValidationError
from ecskit.models.ecs import (
    Compatibility,
    CPUArchitecture,
    EFSTransitEncryption,
    LogDriver,
    NetworkMode,
    OSFamily,
    RegisterTaskDefinitionRequest,
)
from ecskit.validation import Config, Report, validate_task_definition

EXEC = "arn:aws:iam::123456789012:role/exec"
TASK = "arn:aws:iam::123456789012:role/task"


def fargate_web(cpu: int | str = "0.5 vCPU", memory: int | str = "1GB") -> TaskDefinitionBuilder:
    app = container("app", "public.ecr.aws/nginx/nginx:1.27").port(80)
    return task_definition("web").fargate(cpu=cpu, memory=memory).container(app).execution_role(EXEC)


def rules(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    report = exc.value.report
    assert isinstance(report, Report)
    return {f.rule for f in report.errors}


@pytest.mark.parametrize(
    ("cpu", "memory", "want"),
    [
        ("0.25 vCPU", "0.5GB", ("256", "512")),
        ("1 vCPU", "2 GB", ("1024", "2048")),
        (512, 1024, ("512", "1024")),
        ("4096", "30 GB", ("4096", "30720")),
    ],
)
def test_fargate_sizes_are_normalised(cpu: str | int, memory: str | int, want: tuple[str, str]) -> None:
    td = fargate_web(cpu, memory).build()
    assert (td.cpu, td.memory) == want
    assert td.requires_compatibilities == (Compatibility.FARGATE,)
    assert td.network_mode is NetworkMode.AWSVPC
    assert validate_task_definition(td).errors == ()


def test_unreadable_sizes_are_kept_for_validation_to_report() -> None:
    assert normalise_cpu("half a cpu") == "half a cpu"
    assert normalise_memory("lots") == "lots"
    with pytest.raises(ValidationError) as exc:
        fargate_web("half a cpu", "1GB").build()
    assert "td-cpu-value" in rules(exc)


def test_bad_fargate_size_names_the_nearest_valid_size() -> None:
    with pytest.raises(ValidationError, match=r"nearest valid Fargate size: cpu 512 \(0.5 vCPU\) / memory 1024"):
        fargate_web("0.5 vCPU", "512").build()


def test_fargate_with_bridge_fails_with_the_rule_message() -> None:
    with pytest.raises(ValidationError, match="fargate-awsvpc") as exc:
        fargate_web().network_mode(NetworkMode.BRIDGE).build()
    assert "fargate-awsvpc" in rules(exc)


def test_validate_returns_the_report_and_config_silences_rules() -> None:
    bad = fargate_web("0.5 vCPU", "512")
    assert "fargate-cpu-memory" in bad.validate().rule_ids()
    silenced = bad.build(config=Config(disabled=frozenset({"fargate-cpu-memory"})))
    assert silenced.memory == "512"


def test_ec2_bridge_defaults() -> None:
    td = task_definition("web").ec2(memory="0.5GB").container(container("app", "nginx").port(80)).build()
    assert td.network_mode is NetworkMode.BRIDGE
    assert td.memory == "512"
    assert td.cpu is None
    assert td.requires_compatibilities == (Compatibility.EC2,)


def test_ec2_without_any_memory_fails() -> None:
    with pytest.raises(ValidationError) as exc:
        task_definition("web").ec2().container(container("app", "nginx")).build()
    assert "td-container-memory-required" in rules(exc)


def test_no_containers_fails() -> None:
    with pytest.raises(ValidationError) as exc:
        task_definition("web").fargate().build()
    assert "td-containers-nonempty" in rules(exc)


def test_default_awslogs_fills_only_containers_without_logs() -> None:
    own = container("side", "busybox").awslogs("/own", region="us-east-1")
    td = fargate_web().container(own).awslogs(region="us-east-1").build()
    groups = [c.log_configuration.options["awslogs-group"] for c in td.container_definitions]  # type: ignore[union-attr,index]
    assert groups == ["/ecs/web", "/own"]


def test_awslogs_on_fargate_without_execution_role_fails() -> None:
    builder = fargate_web().execution_role(None).awslogs(region="us-east-1")
    with pytest.raises(ValidationError) as exc:
        builder.build()
    assert "iam-exec-when-required" in rules(exc)


@pytest.mark.parametrize("awslogs_first", [True, False])
def test_firelens_routes_apps_and_the_router_logs_with_awslogs(awslogs_first: bool) -> None:
    output = {"Name": "cloudwatch_logs", "region": "us-east-1", "log_group_name": "/app", "auto_create_group": "true"}
    base = fargate_web()
    builder = (
        base.awslogs(region="us-east-1").firelens(output)
        if awslogs_first
        else base.firelens(output).awslogs(region="us-east-1")
    )
    td = builder.build()
    drivers = {c.name: c.log_configuration.log_driver for c in td.container_definitions}  # type: ignore[union-attr]
    assert drivers == {"app": LogDriver.AWSFIRELENS, "log_router": LogDriver.AWSLOGS}
    router = td.container_definitions[1]
    assert router.firelens_configuration is not None
    assert router.memory_reservation == 50


def test_firelens_user_without_router_fails() -> None:
    app = container("app", "x").firelens_logs({"Name": "stdout"})
    with pytest.raises(ValidationError) as exc:
        task_definition("web").fargate().container(app).build()
    assert "log-firelens-needs-router" in rules(exc)


def test_efs_turns_transit_encryption_on_when_required() -> None:
    td = (
        fargate_web()
        .task_role(TASK)
        .efs_volume("data", "fs-0123456789abcdef0", access_point_id="fsap-0123456789abcdef0", iam=True)
        .efs_volume("plain", "fs-0123456789abcdef0")
        .build()
    )
    volumes = td.volumes or ()
    assert volumes[0].efs_volume_configuration is not None
    assert volumes[0].efs_volume_configuration.transit_encryption is EFSTransitEncryption.ENABLED
    assert volumes[1].efs_volume_configuration is not None
    assert volumes[1].efs_volume_configuration.transit_encryption is None


def test_efs_with_encryption_explicitly_off_fails() -> None:
    builder = fargate_web().efs_volume("data", "fs-0123456789abcdef0", iam=True, transit_encryption=False)
    with pytest.raises(ValidationError) as exc:
        builder.build()
    assert "vol-efs-transit-encryption" in rules(exc)


def test_volumes_and_mounts() -> None:
    app = container("app", "nginx").port(80).mount("scratch", "/scratch").mount("cache", "/cache")
    td = (
        task_definition("web")
        .ec2(memory=512)
        .container(app)
        .bind_mount("scratch")
        .bind_mount("logs", "/var/log/app")
        .docker_volume("cache", driver="local", labels={"a": "b"})
        .build()
    )
    volumes = {v.name: v for v in td.volumes or ()}
    assert volumes["scratch"].host is None
    assert volumes["logs"].host is not None
    assert volumes["logs"].host.source_path == "/var/log/app"
    assert volumes["cache"].docker_volume_configuration is not None


def test_docker_volume_on_fargate_fails() -> None:
    with pytest.raises(ValidationError) as exc:
        fargate_web().docker_volume("cache").build()
    assert "vol-docker-fargate" in rules(exc)


def test_mount_of_a_missing_volume_fails() -> None:
    app = container("app", "nginx").mount("nope", "/x")
    with pytest.raises(ValidationError) as exc:
        task_definition("web").fargate().execution_role(EXEC).container(app).build()
    assert "vol-mount-source-exists" in rules(exc)


def test_fsx_volume_on_windows_ec2() -> None:
    app = container("app", "mcr.microsoft.com/windows/servercore/iis").memory(2048).mount("share", "C:\\data")
    td = (
        task_definition("iis")
        .ec2(network_mode=NetworkMode.AWSVPC)
        .runtime_platform(os_family=OSFamily.WINDOWS_SERVER_2022_CORE, cpu_architecture=CPUArchitecture.X86_64)
        .execution_role(EXEC)
        .container(app)
        .fsx_volume(
            "share",
            "fs-0123456789abcdef0",
            root_directory="\\data",
            credentials_parameter="arn:aws:secretsmanager:us-east-1:123456789012:secret:fsx-AbCdEf",
            domain="corp.example.com",
        )
        .build()
    )
    assert td.volumes is not None
    assert td.volumes[0].fsx_windows_file_server_volume_configuration is not None


def test_arm64_ephemeral_storage_tags_and_constraints() -> None:
    td = fargate_web().arm64().ephemeral_storage(50).tags({"team": "web"}).build()
    assert td.runtime_platform is not None
    assert td.runtime_platform.cpu_architecture is CPUArchitecture.ARM64
    assert td.ephemeral_storage is not None
    assert td.ephemeral_storage.size_in_gib == 50
    with pytest.raises(ValidationError) as exc:
        fargate_web().placement_constraint("attribute:ecs.instance-type =~ t3.*").build()
    assert "fargate-no-placement-constraints" in rules(exc)


def test_from_request_and_compatibilities() -> None:
    start = RegisterTaskDefinitionRequest(family="x", container_definitions=())
    builder = TaskDefinitionBuilder.from_request(start).compatibilities(Compatibility.EC2, Compatibility.FARGATE)
    assert builder.draft().requires_compatibilities == (Compatibility.EC2, Compatibility.FARGATE)
    assert builder.compatibilities().draft().requires_compatibilities is None
    assert builder.family == "x"


def test_size_sets_and_removes() -> None:
    builder = task_definition("x").size(cpu="1 vCPU", memory="2GB")
    assert (builder.draft().cpu, builder.draft().memory) == ("1024", "2048")
    assert builder.size().draft().cpu is None
