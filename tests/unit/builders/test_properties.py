"""Properties of the builders: whatever the arguments, a build either gives requests that validate with no error,
or raises ValidationError carrying the errors, and never another exception. Valid arguments are never refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from hypothesis import event, given
from hypothesis import strategies as st

from ecskit.builders import container, service, spot_with_on_demand_base, task_definition
from ecskit.builders.load_balancing import EPHEMERAL_PORT_RANGE, check_load_balancing, target_type_for
from ecskit.builders.patterns import OneOffTask, QueueWorker, load_balanced_service, one_off_task, queue_worker
from ecskit.errors import ValidationError
from ecskit.models.ecs import CreateServiceRequest, LaunchType, NetworkMode
from ecskit.validation import (
    FARGATE_SIZES,
    Report,
    nearest_fargate_size,
    validate_run_task,
    validate_service,
    validate_task_definition,
)

_T = TypeVar("_T")
EXEC = "arn:aws:iam::123456789012:role/exec"
TG_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"
SUBNET = st.sampled_from(["subnet-0a000000", "subnet-0b000000", "subnet-0c000000", "subnet-bad"])
GOOD_SUBNETS = st.lists(st.sampled_from(["subnet-0a000000", "subnet-0b000000", "subnet-0c000000"]), unique=True)
MODES = st.sampled_from([None, *NetworkMode])
CPU_VALUES: list[int | str] = ["0.25 vCPU", ".5 vcpu", "1 vCPU", "2 vCPU", 256, 512, 1024, 3000, "lots", "", "0"]
MEMORY_VALUES: list[int | str] = ["0.5GB", "1GB", "2 GB", "4GB", 512, 1024, 3072, 100_000, "x", "0"]
CPUS = st.sampled_from(CPU_VALUES)
MEMORIES = st.sampled_from(MEMORY_VALUES)
NAMES = st.one_of(st.from_regex(r"[a-z][a-z0-9_-]{0,40}", fullmatch=True), st.text(max_size=6))
FARGATE_PAIRS: list[tuple[int | str, int | str]] = [(c, m) for c, ms in FARGATE_SIZES.items() for m in ms]
#: What a fault makes bad in the otherwise valid arguments of a load-balanced service.
FAULTS = ("name", "port", "size", "mode", "host_port", "public_ip", "path", "matcher", "public", "private", "account")


def attempt(make: Callable[[], _T]) -> _T | ValidationError:
    """What ``make`` returns, or the ValidationError it raises (any other exception fails the test)."""
    try:
        return make()
    except ValidationError as exc:
        return exc


def assert_rejected(exc: ValidationError) -> None:
    """A rejection carries a report with at least one error, and its text names each error's rule."""
    report = exc.report
    assert isinstance(report, Report)
    assert report.errors
    event("rejected")
    for finding in report.errors:
        assert f"[{finding.rule}]" in str(exc)


def spelled(units: int, scale: str) -> st.SearchStrategy[int | str]:
    """Every way to write a size: the number, its string, and vCPU / GB forms."""
    return st.sampled_from([units, str(units), f"{units / 1024:g} {scale}", f"{units / 1024:g}{scale.lower()}"])


@given(data=st.data(), cpu=st.sampled_from(sorted(FARGATE_SIZES)))
def test_fargate_size_accepted_exactly_when_aws_has_it(data: st.DataObject, cpu: int) -> None:
    memory = data.draw(st.sampled_from(FARGATE_SIZES[cpu]) | st.integers(256, 130_000))
    memory_text = data.draw(spelled(memory, "GB")) if memory % 1024 == 0 else memory
    builder = (
        task_definition("web")
        .fargate(cpu=data.draw(spelled(cpu, "vCPU")), memory=memory_text)
        .container(container("app", "nginx"))
        .execution_role(EXEC)
    )
    outcome = attempt(builder.build)
    if memory in FARGATE_SIZES[cpu]:
        event("accepted")
        assert not isinstance(outcome, ValidationError), str(outcome)
        assert (outcome.cpu, outcome.memory) == (str(cpu), str(memory))
    else:
        assert isinstance(outcome, ValidationError), f"cpu {cpu} / memory {memory} is not a Fargate size"
        assert_rejected(outcome)
        near_cpu, near_memory = nearest_fargate_size(cpu, memory)
        assert f"nearest valid Fargate size: cpu {near_cpu} " in str(outcome)
        assert f"memory {near_memory} " in str(outcome)


@given(
    mode=MODES,
    fargate=st.booleans(),
    port=st.integers(-1, 70_000),
    host_port=st.none() | st.integers(-1, 70_000),
    options=st.sets(st.sampled_from(["load balancer", "spot"])),
    desired=st.integers(-1, 4),
    subnets=st.lists(SUBNET, max_size=3),
)
def test_service_builder_validates_or_raises(
    *,
    mode: NetworkMode | None,
    fargate: bool,
    port: int,
    host_port: int | None,
    options: set[str],
    desired: int,
    subnets: list[str],
) -> None:
    app = container("app", "nginx").port(port, host_port=host_port)
    start = task_definition("web").container(app).execution_role(EXEC)
    builder = start.fargate() if fargate else start.ec2(memory=512)
    if mode is not None:
        builder = builder.network_mode(mode)

    def make() -> CreateServiceRequest:
        svc = service("web", builder, desired_count=desired)
        if "spot" in options:
            svc = svc.capacity_providers(*spot_with_on_demand_base())
        if mode is NetworkMode.AWSVPC:
            svc = svc.awsvpc(subnets, ("sg-0123456789abcdef0",))
        if "load balancer" in options:
            svc = svc.load_balancer(TG_ARN, container="app", port=port)
        return svc.build()

    outcome = attempt(make)
    if isinstance(outcome, ValidationError):
        assert_rejected(outcome)
        return
    event("accepted")
    td = builder.draft()
    assert validate_task_definition(td).errors == ()
    assert validate_service(outcome, task_definition=td).errors == ()


@given(
    data=st.data(),
    launch_type=st.sampled_from([LaunchType.FARGATE, LaunchType.EC2]),
    faults=st.sets(st.sampled_from(FAULTS), max_size=2),
    certificate=st.none() | st.just("arn:aws:acm:us-east-1:123456789012:certificate/abc"),
    desired=st.integers(0, 4),
)
def test_load_balanced_service_validates_or_raises(
    data: st.DataObject, launch_type: LaunchType, faults: set[str], certificate: str | None, desired: int
) -> None:
    def draw(fault: str, good: st.SearchStrategy[_T], bad: st.SearchStrategy[_T]) -> _T:
        return data.draw(bad if fault in faults else good, label=fault)

    fargate = launch_type is LaunchType.FARGATE
    name = draw("name", st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True), NAMES)
    port = draw("port", st.integers(1, 65535), st.sampled_from([0, -1, 65536, 70_000]))
    cpu_units, memory = draw("size", st.sampled_from(FARGATE_PAIRS), st.tuples(CPUS, MEMORIES))
    cpu = data.draw(spelled(cpu_units, "vCPU")) if isinstance(cpu_units, int) else cpu_units
    ec2_modes = [None, NetworkMode.BRIDGE, NetworkMode.HOST, NetworkMode.AWSVPC]
    mode = draw("mode", st.sampled_from([None, NetworkMode.AWSVPC] if fargate else ec2_modes), MODES)
    good_host_ports = [None, port, 0] if mode in (None, NetworkMode.BRIDGE) and not fargate else [None, port]
    host_port = draw("host_port", st.sampled_from(good_host_ports), st.integers(-1, 70_000))
    public_ip = draw("public_ip", st.booleans() if fargate else st.just(False), st.just(True))
    path = draw("path", st.sampled_from(["/", "/health"]), st.sampled_from(["health", ""]))
    matcher = draw("matcher", st.sampled_from(["200", "200-299", "200,302"]), st.sampled_from(["ok", ""]))
    public = draw("public", GOOD_SUBNETS.filter(lambda s: len(s) >= 2), st.lists(SUBNET, max_size=1))
    private = draw("private", GOOD_SUBNETS.filter(bool), st.lists(st.just("subnet-bad"), max_size=2))
    account = draw("account", st.just("123456789012"), st.sampled_from(["1234", ""]))

    outcome = attempt(
        lambda: load_balanced_service(
            name,
            image="nginx:1.27",
            port=port,
            account=account,
            region="us-east-1",
            vpc_id="vpc-0123456789abcdef0",
            public_subnets=public,
            private_subnets=private,
            launch_type=launch_type,
            network_mode=mode,
            cpu=cpu,
            memory=memory,
            desired_count=desired,
            host_port=host_port,
            assign_public_ip=public_ip,
            certificate_arn=certificate,
            health_check_path=path,
            health_check_matcher=matcher,
        )
    )
    if isinstance(outcome, ValidationError):
        assert faults, f"valid arguments refused: {outcome}"
        assert_rejected(outcome)
        return
    td = outcome.task_definition
    event(f"accepted {td.network_mode}")
    assert validate_task_definition(td).errors == ()
    assert validate_service(outcome.service, task_definition=td).errors == ()
    assert check_load_balancing(outcome.load_balancer, outcome.listener, outcome.target_group) == []
    # Right by construction: the target type and the ports the load balancer may reach follow the network mode.
    assert outcome.target_group.target_type is target_type_for(td.network_mode)
    (rule,) = outcome.service_security_group.rules
    if td.network_mode == NetworkMode.AWSVPC:
        assert (rule.from_port, rule.to_port) == (port, port)
    elif td.network_mode == NetworkMode.HOST or host_port:
        assert rule.from_port == rule.to_port == (host_port or port)
    else:
        assert (rule.from_port, rule.to_port) == EPHEMERAL_PORT_RANGE


@given(
    name=NAMES,
    launch_type=st.sampled_from([LaunchType.FARGATE, LaunchType.EC2]),
    mode=MODES,
    spot=st.none() | st.booleans(),
    base=st.integers(-1, 3),
    count=st.integers(-1, 12),
    subnets=st.lists(SUBNET, max_size=2),
    size=st.sampled_from(FARGATE_PAIRS) | st.tuples(CPUS, MEMORIES),
)
def test_worker_and_one_off_validate_or_raise(
    *,
    name: str,
    launch_type: LaunchType,
    mode: NetworkMode | None,
    spot: bool | None,
    base: int,
    count: int,
    subnets: list[str],
    size: tuple[int | str, int | str],
) -> None:
    cpu, memory = size

    def worker() -> QueueWorker:
        return queue_worker(
            name,
            image="nginx",
            account="123456789012",
            region="us-east-1",
            subnets=subnets,
            vpc_id="vpc-0123456789abcdef0",
            launch_type=launch_type,
            network_mode=mode,
            spot=spot,
            on_demand_base=base,
            cpu=cpu,
            memory=memory,
        )

    def job() -> OneOffTask:
        return one_off_task(
            name,
            image="nginx",
            account="123456789012",
            region="us-east-1",
            subnets=subnets,
            launch_type=launch_type,
            network_mode=mode,
            spot=bool(spot),
            count=count,
            cpu=cpu,
            memory=memory,
        )

    made = attempt(worker)
    if isinstance(made, ValidationError):
        assert_rejected(made)
    else:
        event("worker accepted")
        assert validate_task_definition(made.task_definition).errors == ()
        assert validate_service(made.service, task_definition=made.task_definition).errors == ()
    ran = attempt(job)
    if isinstance(ran, ValidationError):
        assert_rejected(ran)
    else:
        event("one-off accepted")
        assert validate_run_task(ran.run_task, task_definition=ran.task_definition).errors == ()
