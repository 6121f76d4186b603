"""The fake plays out validation findings as AWS does (DESIGN.md, section 9): it refuses only ``api`` findings, with
the rule's error code and text; it accepts what breaks a ``runtime`` rule and lets virtual time play it out as the
rule's :class:`~ecskit.validation.engine.Effect` says (the task stops with AWS's stop code and reason at the step AWS
stops it at, is never placed, the deployment never completes, or the launching calls are refused); ``advice``
findings never block anything.

The documents come from the rule cases of ``tests/support/cases`` (a failing document for every rule of the
catalog): every ``runtime`` rule of the built-in catalog is played here, so a new runtime rule gets a playout test
the moment it gets its case, and a test below fails if one has no case.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import attrs
import pytest

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.errors import BackendError
from ecskit.models.ecs import (
    CreateClusterRequest,
    CreateServiceRequest,
    CreateTaskSetRequest,
    DescribeServicesRequest,
    DesiredStatus,
    HealthStatus,
    ListTaskDefinitionsRequest,
    ListTasksRequest,
    RegisterTaskDefinitionRequest,
    RunTaskRequest,
    RunTaskResponse,
    Service,
    Task,
    TaskDefinition,
    TaskDefinitionStatus,
)
from ecskit.validation import CATALOG, Finding
from ecskit.validation.engine import Effect, Outcome, Phase
from tests.support import cases as cases_package
from tests.support.fake_ecs import describe, register, register_external
from tests.support.rulecases import (
    Case,
    container,
    ec2_taskdef,
    fargate_container,
    fargate_taskdef,
    network_configuration,
)
from tests.support.rulecases import run as validate

Doc = dict[str, Any]
#: The subnet of the rule cases' network configurations (declared large: a case runs 1,001 tasks).
SUBNET = "subnet-0123456789abcdef0"


def _all_cases() -> list[Case]:
    found: list[Case] = []
    for info in pkgutil.iter_modules(cases_package.__path__):
        found.extend(importlib.import_module(f"{cases_package.__name__}.{info.name}").CASES)
    return found


def _id(case: Case) -> str:
    return case.rule + (f"-{case.name}" if case.name else "")


CASES = _all_cases()
RUNTIME = {rule_id: rule for rule_id, rule in CATALOG.items() if rule.phase is Phase.RUNTIME}
#: The kinds of document this module knows how to launch.
LAUNCHED = ("taskdef", "service", "run-task")

#: Cases the fake does not play as the rule's effect says: bugs of the fake, reported with these tests. Strict xfail:
#: when one is fixed its test passes, fails as XPASS, and its entry goes.
GAPS: dict[str, tuple[type[BaseException], str]] = {}


def _params(cases: list[Case]) -> list[Any]:
    params = []
    for case in cases:
        gap = GAPS.get(_id(case))
        marks = [pytest.mark.xfail(raises=gap[0], reason=gap[1], strict=True)] if gap else []
        params.append(pytest.param(case, id=_id(case), marks=marks))
    return params


def _runtime(outcome: Outcome, *kinds: str) -> list[Any]:
    """The cases of runtime rules whose effect has ``outcome`` (of ``kinds`` of document, when given)."""
    return _params(
        [c for c in CASES if c.rule in RUNTIME and _effect(c).outcome is outcome and (not kinds or c.kind in kinds)]
    )


def _finding(case: Case) -> Finding:
    """The finding of the case's rule on its failing document (the first, when it has several)."""
    report = validate(case.kind, case.bad, case.taskdef, case.cluster)
    found = [f for f in report if f.rule == case.rule]
    assert found, report.format()
    return found[0]


def _effect(case: Case) -> Effect:
    effect = _finding(case).effect
    assert effect is not None
    return effect


# -- the stage: a cluster, the case's task definition registered, instances of its kind --------------------------------


@attrs.frozen
class Stage:
    """A fake with cluster ``main``, the case's task definition registered as ``app:1``, and somewhere to run it."""

    fake: FakeBackend
    definition: TaskDefinition
    #: RunTask / CreateService members that launch the task definition where it can run.
    launch: Doc
    #: The ARNs of the container instances registered.
    instances: tuple[str, ...]


def _taskdef_of(case: Case) -> Doc:
    if case.kind == "taskdef":
        return case.bad
    if case.taskdef is not None:
        return case.taskdef
    on_fargate = case.bad.get("launchType") == "FARGATE" or "networkConfiguration" in case.bad
    # the container ports the service's load balancers route to are mapped
    ports = [
        {"containerPort": lb["containerPort"]} for lb in case.bad.get("loadBalancers", ()) if "containerPort" in lb
    ]
    if on_fargate:
        return fargate_taskdef(fargate_container(portMappings=ports)) if ports else fargate_taskdef()
    return ec2_taskdef(container(portMappings=ports)) if ports else ec2_taskdef()


def _stage(case: Case, taskdef: Doc | None = None) -> Stage:
    fake = FakeBackend()
    fake.create_cluster(
        from_api({"clusterName": "main", "capacityProviders": ["FARGATE", "FARGATE_SPOT"]}, CreateClusterRequest)
    )
    fake.declare_subnet(SUBNET, "10.1.0.0/16", "us-east-1a")
    doc = taskdef if taskdef is not None else _taskdef_of(case)
    registered = fake.register_task_definition(from_api(doc, RegisterTaskDefinitionRequest)).task_definition
    # accepted, as on AWS: what breaks a runtime rule registers
    assert registered is not None
    assert (registered.revision, registered.status) == (1, TaskDefinitionStatus.ACTIVE)
    needs = {str(c) for c in registered.requires_compatibilities or ()}
    launch: Doc
    if "EXTERNAL" in needs:
        instances = [register_external(fake, "main", memory=8192)]
        launch = {"launchType": "EXTERNAL"}
    elif "FARGATE" in needs:
        instances = []
        launch = {"launchType": "FARGATE"}
    else:
        count = (case.cluster or {}).get("registeredContainerInstancesCount", 1)
        instances = [register(fake, "main", n, "m5.2xlarge") for n in range(1, count + 1)]
        launch = {"launchType": "EC2"}
    if str(registered.network_mode) == "awsvpc":
        launch["networkConfiguration"] = network_configuration()
    arns = tuple(i.container_instance_arn or "" for i in instances)
    return Stage(fake=fake, definition=registered, launch=launch, instances=arns)


def _run(stage: Stage, **members: Any) -> RunTaskResponse:
    doc = {"cluster": "main", "taskDefinition": "app:1", **stage.launch, **members}
    return stage.fake.run_task(from_api(doc, RunTaskRequest))


def _create_service(stage: Stage, doc: Doc | None = None) -> Service:
    doc = doc or {"serviceName": "web", "taskDefinition": "app:1", "desiredCount": 1, **stage.launch}
    created = stage.fake.create_service(from_api({**doc, "cluster": "main"}, CreateServiceRequest)).service
    assert created is not None  # accepted, as on AWS
    return created


def _service(stage: Stage) -> Service:
    found = stage.fake.describe_services(DescribeServicesRequest(cluster="main", services=("web",))).services or ()
    return found[0]


def _tasks(stage: Stage, status: DesiredStatus) -> list[Task]:
    arns = stage.fake.list_tasks(ListTasksRequest(cluster="main", desired_status=status)).task_arns or ()
    return describe(stage.fake, "main", *arns) if arns else []


def _until_stopped(stage: Stage, arn: str | None, seconds: float = 120) -> Task:
    status = None
    for _ in range(int(seconds)):
        task = describe(stage.fake, "main", arn)[0]
        if task.last_status == "STOPPED":
            return task
        status = task.last_status
        stage.fake.advance(1)
    raise AssertionError(f"the task is still {status} after {seconds} s")


def _events(service: Service) -> list[str]:
    return [e.message or "" for e in reversed(service.events or ())]


# -- STOPPED: the task is placed, then stops at its step --------------------------------------------------------------

#: The step a stoppedReason says AWS stops the task at (AWS's error classes, in the order a task meets them).
STEPS = (
    ("ResourceInitializationError", "init"),  # its resources cannot be prepared: before any image is pulled
    ("CannotPullContainerError", "pull"),  # an image cannot be pulled
    ("CannotCreateContainerError", "start"),  # pulled, then a container cannot be created or started
    ("CannotStartContainerError", "start"),
    ("Task failed to start", "start"),
    ("Essential container in task exited", "exit"),  # a container ran and exited
    ("Task failed container health checks", "health"),  # the task ran; the scheduler replaces it
)


def _step(reason: str) -> str:
    found = [step for prefix, step in STEPS if reason.startswith(prefix)]
    assert found, f"no step known for the stoppedReason {reason!r}: teach STEPS the new error class"
    return found[0]


def _doomed(case: Case, definition: TaskDefinition) -> str | None:
    """The container the case's finding points into (None: the task as a whole)."""
    path = _finding(case).path
    if not path.startswith("containerDefinitions["):
        return None
    index = int(path[len("containerDefinitions[") : path.index("]")])
    return (definition.container_definitions or ())[index].name


def _assert_stopped_as_said(task: Task, effect: Effect, container: str | None) -> None:
    assert effect.stop_code is not None
    assert effect.stopped_reason is not None
    assert (task.last_status, task.desired_status) == ("STOPPED", "STOPPED")
    assert (task.stop_code, task.stopped_reason) == (effect.stop_code, effect.stopped_reason)
    containers = {c.name: c for c in task.containers or ()}
    doomed = containers[container] if container is not None else None
    ran = [name for name, c in containers.items() if c.runtime_id is not None]
    step = _step(effect.stopped_reason)
    if step == "init":
        assert task.pull_stopped_at is None
        assert not ran
    elif step == "pull":
        assert task.pull_started_at is not None
        assert task.pull_stopped_at is None
        assert not ran
        assert doomed is not None
        assert doomed.reason == effect.stopped_reason
    elif step == "start":
        assert task.pull_stopped_at is not None  # its images were pulled
        assert task.started_at is None  # it never ran
        assert task.stopping_at is not None
        assert task.stopping_at >= task.pull_stopped_at
        failed = [c for c in containers.values() if c.reason == effect.stopped_reason]
        assert failed, "a container says why it did not start"
        assert all(c.runtime_id is None and c.exit_code is None for c in failed)
        if doomed is not None:
            assert doomed in failed
    elif step == "exit":
        assert doomed is not None
        assert doomed.runtime_id is not None  # it ran
        assert doomed.exit_code not in (None, 0)
    else:
        assert task.started_at is not None  # it ran, RUNNING
        assert task.health_status == HealthStatus.UNHEALTHY
        if doomed is not None:
            assert doomed.health_status == HealthStatus.UNHEALTHY


@pytest.mark.parametrize("case", _runtime(Outcome.STOPPED))
def test_a_task_that_cannot_work_stops_as_aws_stops_it(case: Case) -> None:
    effect = _effect(case)
    stage = _stage(case)
    container = _doomed(case, stage.definition)
    assert effect.stopped_reason is not None
    if case.kind == "service" or _step(effect.stopped_reason) == "health":
        # a service's tasks (only a service replaces a task that fails its health checks)
        _create_service(stage, case.bad if case.kind == "service" else None)
        stopped: list[Task] = []
        for _ in range(40):
            stopped = _tasks(stage, DesiredStatus.STOPPED)
            if stopped and stopped[0].last_status == "STOPPED":
                break
            stage.fake.advance(10)
        assert stopped, "no task of the service stopped"
        _assert_stopped_as_said(stopped[0], effect, container)
        return
    response = (
        stage.fake.run_task(from_api({**case.bad, "cluster": "main"}, RunTaskRequest))
        if case.kind == "run-task"
        else _run(stage)
    )
    assert not response.failures  # placed, as on AWS
    (task,) = response.tasks or ()
    assert task.last_status in ("PROVISIONING", "PENDING")
    _assert_stopped_as_said(_until_stopped(stage, task.task_arn), effect, container)


# -- NOT_PLACED: RunTask's failures, the service's event -------------------------------------------------------------


def _event_parts(effect: Effect) -> tuple[str, str]:
    """The rule's service event for service ``web``, around the closest instance's id."""
    assert effect.service_event is not None
    before, _, after = effect.service_event.replace("{service}", "web").partition("{instance}")
    return before, after


@pytest.mark.parametrize("case", _runtime(Outcome.NOT_PLACED, "taskdef"))
def test_a_task_aws_cannot_place_is_not_placed(case: Case) -> None:
    effect = _effect(case)
    stage = _stage(case)
    response = _run(stage)
    assert response.tasks == ()
    expected: list[tuple[str | None, str | None]] = [(arn, effect.failure_reason) for arn in stage.instances]
    if not stage.instances:  # Fargate: one failure, of no instance
        expected = [(None, effect.failure_reason)]
    assert [(f.arn, f.reason) for f in response.failures or ()] == expected
    # a service of it is created, places nothing, and says why
    _create_service(stage)
    stage.fake.advance(120)
    service = _service(stage)
    assert (service.running_count, service.pending_count) == (0, 0)
    assert stage.fake.list_tasks(ListTasksRequest(cluster="main")).task_arns == ()
    before, after = _event_parts(effect)
    said = [m for m in _events(service) if m.startswith(before) and m.endswith(after)]
    assert len(said) == 1, _events(service)


@pytest.mark.parametrize("case", _runtime(Outcome.NOT_PLACED, "service"))
def test_a_service_task_aws_cannot_place_is_not_placed(case: Case) -> None:
    effect = _effect(case)
    stage = _stage(case)
    created = _create_service(stage, case.bad)
    stage.fake.advance(120)
    service = _service(stage)
    placed = len(stage.instances)
    assert service.running_count == placed < (created.desired_count or 0)
    before, after = _event_parts(effect)
    assert [m for m in _events(service) if m.startswith(before) and m.endswith(after)], _events(service)


def test_the_unplaced_event_names_the_closest_instance() -> None:
    (case,) = [c for c in CASES if _id(c) == "port-reserved-host-ports"]
    stage = _stage(case)
    _create_service(stage)
    stage.fake.advance(60)
    before, after = _event_parts(_effect(case))
    instance = stage.instances[0].rsplit("/", 1)[-1]
    assert before + instance + after in _events(_service(stage))


# -- DEPLOYMENT_STALLED: the tasks run, the deployment never completes ------------------------------------------------


@pytest.mark.parametrize("case", _runtime(Outcome.DEPLOYMENT_STALLED))
def test_a_deployment_that_cannot_progress_never_completes(case: Case) -> None:
    effect = _effect(case)
    assert effect.service_event is not None
    stage = _stage(case)
    created = _create_service(stage, case.bad)
    for _ in range(12):
        stage.fake.advance(30)
    service = _service(stage)
    assert service.running_count == created.desired_count  # the tasks run
    (deployment,) = service.deployments or ()
    assert deployment.rollout_state == "IN_PROGRESS"  # and the deployment never completes
    messages = _events(service)
    assert messages.count(effect.service_event.replace("{service}", "web")) == 1, messages
    assert not [m for m in messages if "has reached a steady state" in m]


# -- LAUNCH_REFUSED: registered, but RunTask and CreateService are refused ---------------------------------------------


@pytest.mark.parametrize("case", _runtime(Outcome.LAUNCH_REFUSED))
def test_a_launch_aws_refuses_is_refused(case: Case) -> None:
    effect = _effect(case)
    stage = _stage(case)  # the task definition registers
    for launch in (_run, _create_service):
        refused: BackendError | None = None
        try:
            launch(stage)
        except BackendError as exc:
            refused = exc
        assert refused is not None, f"{launch.__name__} was not refused"
        assert (refused.code, refused.message) == (effect.error_code, effect.error_message)
    assert stage.fake.list_tasks(ListTasksRequest(cluster="main")).task_arns == ()


# -- every runtime rule is played ------------------------------------------------------------------------------------


def test_every_runtime_rule_of_the_catalog_is_played() -> None:
    played = {c.rule for c in CASES if c.rule in RUNTIME and c.kind in LAUNCHED}
    assert played == set(RUNTIME), f"runtime rules without a case to play: {sorted(set(RUNTIME) - played)}"
    outcomes = {_effect(c).outcome for c in CASES if c.rule in RUNTIME}
    assert outcomes <= {Outcome.STOPPED, Outcome.NOT_PLACED, Outcome.DEPLOYMENT_STALLED, Outcome.LAUNCH_REFUSED}
    for case in CASES:
        if case.rule in RUNTIME and _effect(case).outcome is Outcome.STOPPED:
            assert _effect(case).stopped_reason is not None
            _step(_effect(case).stopped_reason or "")  # every stoppedReason names a known step
    # the playout test meets every step a task can stop at
    reasons = [_effect(c).stopped_reason or "" for c in CASES if c.rule in RUNTIME]
    assert {_step(r) for r in reasons if r} == {step for _, step in STEPS}
    # the gaps name real cases of runtime rules
    assert set(GAPS) <= {_id(c) for c in CASES if c.rule in RUNTIME}


# -- advice never blocks; api findings are refused with the rule's code and text ---------------------------------------


def _launched(stage: Stage, case: Case) -> tuple[list[str | None], list[str | None]]:
    """Launch the case's document; the task ARNs it started and the placement failures' reasons."""
    if case.kind == "service":
        _create_service(stage, case.bad)
        if case.bad.get("deploymentController", {}).get("type") == "EXTERNAL":  # its tasks are its task sets'
            members = {"cluster": "main", "service": case.bad["serviceName"], "taskDefinition": "app:1"}
            scale = {"value": 100, "unit": "PERCENT"}
            stage.fake.create_task_set(from_api({**members, **stage.launch, "scale": scale}, CreateTaskSetRequest))
        return [], []
    doc = {**case.bad, "cluster": "main"} if case.kind == "run-task" else None
    response = stage.fake.run_task(from_api(doc, RunTaskRequest)) if doc else _run(stage)
    return [t.task_arn for t in response.tasks or ()], [f.reason for f in response.failures or ()]


ADVICE = [pytest.param(c, id=_id(c)) for c in CASES if CATALOG[c.rule].phase is Phase.ADVICE and c.kind in LAUNCHED]


@pytest.mark.parametrize("case", ADVICE)
def test_advice_never_blocks_anything(case: Case) -> None:
    assert _finding(case).phase is Phase.ADVICE
    stage = _stage(case)  # registers
    started, failed = _launched(stage, case)  # is launched
    if failed:  # only for resources, and the good twin fares the same: the advice changes nothing
        good = Case(
            rule=case.rule, kind=case.kind, bad=case.good, good=case.good, taskdef=case.good_taskdef or case.taskdef
        )
        assert set(failed) <= {"RESOURCE:CPU", "RESOURCE:MEMORY"}
        assert _launched(_stage(good), good)[1] == failed
    else:
        assert started or case.kind == "service"
    stage.fake.advance(90)
    stopped = _tasks(stage, DesiredStatus.STOPPED)
    assert not stopped, [(t.stop_code, t.stopped_reason) for t in stopped]  # nothing doomed
    live = {t.task_arn for t in _tasks(stage, DesiredStatus.RUNNING)}
    assert live >= set(started)
    assert live or failed  # a service's tasks too


API = [
    pytest.param(c, id=_id(c))
    for c in CASES
    if CATALOG[c.rule].phase is Phase.API
    and c.kind == "taskdef"
    # the case's rule is the one the call is refused for (a document may break an earlier api rule too)
    and validate(c.kind, c.bad).refusals[0].rule == c.rule
]


@pytest.mark.parametrize("case", API)
def test_an_api_finding_is_refused_with_the_rules_code_and_text(case: Case) -> None:
    finding = _finding(case)
    fake = FakeBackend()
    with pytest.raises(BackendError) as info:
        fake.register_task_definition(from_api(case.bad, RegisterTaskDefinitionRequest))
    assert info.value.code == CATALOG[case.rule].aws_code
    assert info.value.message == finding.message
    assert info.value.operation == "RegisterTaskDefinition"
    assert fake.list_task_definitions(ListTaskDefinitionsRequest()).task_definition_arns == ()


def test_api_cases_are_the_bulk_of_the_catalog() -> None:
    # the filter above keeps nearly every api case of a task definition: it is not a way to skip them
    everything = [c for c in CASES if CATALOG[c.rule].phase is Phase.API and c.kind == "taskdef"]
    assert len(API) >= len(everything) - 2
    assert len(API) >= 50


def test_an_api_finding_is_refused_with_aws_text() -> None:
    fake = FakeBackend()
    doc = fargate_taskdef(cpu="512", memory="512")
    with pytest.raises(BackendError) as info:
        fake.register_task_definition(from_api(doc, RegisterTaskDefinitionRequest))
    assert (info.value.code, info.value.message) == (
        "ClientException",
        "No Fargate configuration exists for given values: 512 CPU, 512 memory.",
    )
