"""Container builders: every facet lands in the right field, and builders never share changes."""

from __future__ import annotations

from ecskit import to_api
from ecskit.builders import awslogs, container, firelens, health_check
from ecskit.builders.containers import ContainerBuilder
from ecskit.models.ecs import (
    ContainerCondition,
    ContainerDefinition,
    EnvironmentFileType,
    LogDriver,
    UlimitName,
)


def test_builders_are_immutable_and_share_nothing() -> None:
    base = container("app", "nginx:1.27").env(A="1")
    one = base.port(80).env(B="2")
    two = base.port(81)
    assert base.build().port_mappings is None
    assert [kv.name for kv in base.build().environment or ()] == ["A"]
    assert [pm.container_port for pm in one.build().port_mappings or ()] == [80]
    assert [pm.container_port for pm in two.build().port_mappings or ()] == [81]
    assert [kv.name for kv in one.build().environment or ()] == ["A", "B"]


def test_env_and_secrets_replace_in_place() -> None:
    c = container("app", "x").env({"A": "1", "B": "2"}).env(A="3").secrets(DB="/prod/db").secrets({"DB": "/prod/db2"})
    d = c.build()
    assert [(kv.name, kv.value) for kv in d.environment or ()] == [("A", "3"), ("B", "2")]
    assert [(s.name, s.value_from) for s in d.secrets or ()] == [("DB", "/prod/db2")]


def test_port_leaves_host_port_out_by_default() -> None:
    api = to_api(container("app", "x").port(8080).build())
    assert api["portMappings"] == [{"containerPort": 8080}]


def test_awslogs_defaults() -> None:
    config = awslogs("/ecs/web", region="eu-west-1")
    assert config.log_driver is LogDriver.AWSLOGS
    assert config.options == {
        "awslogs-group": "/ecs/web",
        "awslogs-region": "eu-west-1",
        "awslogs-stream-prefix": "ecs",
        "awslogs-create-group": "true",
    }
    quiet = awslogs("/g", region="eu-west-1", create_group=False, mode="non-blocking", max_buffer_size="25m")
    assert quiet.options is not None
    assert "awslogs-create-group" not in quiet.options
    assert quiet.options["mode"] == "non-blocking"
    assert quiet.options["max-buffer-size"] == "25m"


def test_firelens_configuration() -> None:
    config = firelens({"Name": "datadog"}, secret_options={"apikey": "arn:aws:ssm:us-east-1:123456789012:parameter/dd"})
    assert config.log_driver is LogDriver.AWSFIRELENS
    assert [(s.name, s.value_from) for s in config.secret_options or ()] == [
        ("apikey", "arn:aws:ssm:us-east-1:123456789012:parameter/dd")
    ]
    router = container("log_router", "fluent-bit").firelens_router(options={"enable-ecs-log-metadata": "true"})
    config_of_router = router.build().firelens_configuration
    assert config_of_router is not None
    assert config_of_router.options == {"enable-ecs-log-metadata": "true"}


def test_health_check_forms() -> None:
    assert health_check("exit 0").command == ("CMD-SHELL", "exit 0")
    assert health_check(["CMD", "true"]).command == ("CMD", "true")
    assert health_check(["/bin/probe"]).command == ("CMD", "/bin/probe")
    check = health_check("x", interval=10, timeout=3, retries=5, start_period=20)
    assert (check.interval, check.timeout, check.retries, check.start_period) == (10, 3, 5, 20)


def test_http_health_check_uses_the_first_mapped_port() -> None:
    mapped = container("app", "x").port(8080).port(9090).http_health_check("ready").build().health_check
    assert mapped is not None
    assert mapped.command == ("CMD-SHELL", "curl -f http://localhost:8080/ready || exit 1")
    unmapped = container("app", "x").http_health_check().build().health_check
    assert unmapped is not None
    assert unmapped.command == ("CMD-SHELL", "curl -f http://localhost:80/ || exit 1")


def test_dependencies_mounts_and_linux_parameters() -> None:
    db = container("db", "postgres").health_check("pg_isready")
    app = (
        container("app", "x")
        .depends_on(db, ContainerCondition.HEALTHY)
        .depends_on("init", ContainerCondition.SUCCESS)
        .mount("data", "/data", read_only=True)
        .volumes_from("db")
        .init_process()
        .capabilities(add=("SYS_PTRACE",), drop=("NET_RAW",))
        .tmpfs("/tmp", 64)
        .tmpfs("/run", 8, mount_options=("noexec",))
        .shared_memory(128)
        .ulimit(UlimitName.NOFILE, 4096, 8192)
        .env_file("arn:aws:s3:::bucket/app.env")
    )
    d = app.build()
    assert [(x.container_name, x.condition) for x in d.depends_on or ()] == [
        ("db", ContainerCondition.HEALTHY),
        ("init", ContainerCondition.SUCCESS),
    ]
    assert d.mount_points is not None
    assert (d.mount_points[0].source_volume, d.mount_points[0].read_only) == ("data", True)
    assert d.volumes_from is not None
    assert d.volumes_from[0].source_container == "db"
    lp = d.linux_parameters
    assert lp is not None
    assert lp.init_process_enabled is True
    assert lp.capabilities is not None
    assert (lp.capabilities.add, lp.capabilities.drop) == (("SYS_PTRACE",), ("NET_RAW",))
    assert [t.container_path for t in lp.tmpfs or ()] == ["/tmp", "/run"]
    assert lp.shared_memory_size == 128
    assert d.ulimits is not None
    assert (d.ulimits[0].soft_limit, d.ulimits[0].hard_limit) == (4096, 8192)
    assert d.environment_files is not None
    assert d.environment_files[0].type is EnvironmentFileType.S3


def test_process_and_resource_setters() -> None:
    d = (
        container("app", "x", essential=False)
        .command("serve", "--port", "80")
        .entry_point("/entry")
        .working_directory("/srv")
        .user("1000:1000")
        .readonly_root_filesystem()
        .labels({"team": "web"})
        .cpu(256)
        .memory(512, reservation=256)
        .stop_timeout(30)
        .start_timeout(60)
        .restart_policy(ignored_exit_codes=(0,), attempt_period=120)
        .repository_credentials("arn:aws:secretsmanager:us-east-1:123456789012:secret:hub-AbCdEf")
        .build()
    )
    assert d.essential is False
    assert d.command == ("serve", "--port", "80")
    assert d.entry_point == ("/entry",)
    assert (d.working_directory, d.user, d.readonly_root_filesystem) == ("/srv", "1000:1000", True)
    assert d.docker_labels == {"team": "web"}
    assert (d.cpu, d.memory, d.memory_reservation, d.stop_timeout, d.start_timeout) == (256, 512, 256, 30, 60)
    assert d.restart_policy is not None
    assert d.restart_policy.ignored_exit_codes == (0,)
    assert d.repository_credentials is not None


def test_from_definition_continues_an_existing_container() -> None:
    start = ContainerDefinition(name="app", image="x", memory=128)
    assert ContainerBuilder.from_definition(start).port(80).build().memory == 128
