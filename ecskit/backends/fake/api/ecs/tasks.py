"""Tasks: RunTask, StartTask, StopTask, DescribeTasks, ListTasks.

RunTask checks the request with the same validation users call (:func:`ecskit.validation.validate_run_task`; a
finding of phase ``api`` refuses it with its AWS code), then launches ``count`` tasks
(:mod:`ecskit.backends.fake.engine.launch`):

* ``launchType`` EC2, EXTERNAL or FARGATE; or a ``capacityProviderStrategy`` of providers associated with the
  cluster, either FARGATE / FARGATE_SPOT or Auto Scaling group providers, not both (each task's provider follows
  the strategy's base, then its weights; an Auto Scaling group provider's tasks run on its instances, or wait for
  them with managed scaling: :mod:`~ecskit.backends.fake.engine.provisioning`); with neither, the cluster's default
  strategy, or EC2 when it has none;
* ``group`` defaults to ``family:<family>``; tags are the request's (checked as TagResource checks them), the task
  definition's with ``propagateTags=TASK_DEFINITION`` (the request's win on a shared key), and
  ``aws:ecs:clusterName`` with ``enableECSManagedTags`` (not counted toward the 50).

Tasks then live through :mod:`ecskit.backends.fake.engine.lifecycle` as virtual time advances. DescribeTasks never
changes a task; unknown tasks come back as ``MISSING`` failures.
"""

from __future__ import annotations

import attrs

from ecskit.backends.fake.api.ecs import render
from ecskit.backends.fake.core.clusters import ClusterRecord
from ecskit.backends.fake.core.definitions import DefinitionRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail, refuse
from ecskit.backends.fake.core.find import (
    active_cluster,
    find_cluster,
    find_instance,
    find_task,
    instance_arn,
    resolve_definition,
)
from ecskit.backends.fake.core.instances import EXTERNAL_ATTRIBUTE
from ecskit.backends.fake.core.paging import describe_each, paginate
from ecskit.backends.fake.core.tasks import TaskRecord
from ecskit.backends.fake.engine import lifecycle
from ecskit.backends.fake.engine.capacity import check_strategy, split
from ecskit.backends.fake.engine.launch import (
    Launch,
    launch_fargate,
    launch_for,
    launch_on_instances,
    refuse_launch,
    start_placed,
    subnets_of,
)
from ecskit.backends.fake.engine.placement import cluster_index
from ecskit.backends.fake.engine.provisioning import launch_on_provider
from ecskit.backends.fake.engine.tags import checked_tags
from ecskit.backends.fake.engine.verdicts import AS_AWS, definition_context, definition_findings
from ecskit.backends.fake.registry import handles
from ecskit.errors import UsageError
from ecskit.models import replace
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    DescribeTasksRequest,
    DescribeTasksResponse,
    Failure,
    LaunchType,
    ListTasksRequest,
    ListTasksResponse,
    PlacementConstraint,
    RunTaskRequest,
    RunTaskResponse,
    StartTaskRequest,
    StartTaskResponse,
    StopTaskRequest,
    StopTaskResponse,
    Tag,
    TaskDefinitionPlacementConstraint,
    TaskStopCode,
)
from ecskit.placement import place_on
from ecskit.texts import ecs
from ecskit.validation import Finding, validate_run_task
from ecskit.validation.engine import Phase

__all__ = ["USER_STOPPED", "describe_tasks", "list_tasks", "run_task", "start_task", "stop_task"]

#: The stoppedReason of a task stopped by StopTask without a reason.
USER_STOPPED = "Task stopped by user"
_MAX_COUNT, _MAX_DESCRIBE, _MAX_REASON = 10, 100, 255
#: The members of StartTask that RunTask has too.
_SHARED_WITH_RUN_TASK = tuple(
    f.name for f in attrs.fields(StartTaskRequest) if f.name in attrs.fields_dict(RunTaskRequest)
)


def _definition(env: Env, ref: str) -> DefinitionRecord:
    found = resolve_definition(env, ref)
    if found is None:
        refuse(ecs.DEFINITION_NOT_FOUND_RUN)
    if not found.active:
        refuse(ecs.DEFINITION_INACTIVE_RUN)
    return found


def _validate(
    env: Env, req: RunTaskRequest, definition: DefinitionRecord, cluster: ClusterRecord
) -> tuple[Finding, ...]:
    """Refuse what AWS refuses (``api`` findings); the launch's ``runtime`` findings, to play out."""
    shown = render.cluster(env, cluster)
    report = validate_run_task(req, task_definition=definition_context(definition), cluster=shown, config=AS_AWS)
    refusals = report.refusals
    if refusals:
        fail(refusals[0].aws_code or "InvalidParameterException", refusals[0].message)
    runtime = report.in_phase(Phase.RUNTIME)
    refuse_launch(definition_findings(definition) + runtime)  # a task definition's own refusal counts too
    return runtime


def _tags(
    env: Env, req: RunTaskRequest | StartTaskRequest, definition: DefinitionRecord, cluster: str
) -> tuple[Tag, ...]:
    tags = {t.key: t for t in checked_tags(req.tags)}
    if req.propagate_tags is not None and str(req.propagate_tags) == "TASK_DEFINITION":
        for tag in env.state.tags.get(definition.arn, ()):
            tags.setdefault(tag.key, tag)  # the request's win on a shared key
        checked_tags(tuple(tags.values()))  # at most 50, the inherited ones counted
    if req.enable_ecs_managed_tags:
        tags["aws:ecs:clusterName"] = Tag(key="aws:ecs:clusterName", value=cluster)
    return tuple(tags.values())


def _compatible(definition: DefinitionRecord, launch_type: LaunchType) -> None:
    if str(launch_type) not in {str(c) for c in definition.body.compatibilities or ()}:
        refuse(ecs.DEFINITION_LAUNCH_TYPE, launch_type=launch_type)


def _strategy(req: RunTaskRequest, cluster: ClusterRecord) -> tuple[CapacityProviderStrategyItem, ...] | None:
    """The capacity provider strategy the tasks follow (None: the request uses a launch type)."""
    strategy = req.capacity_provider_strategy
    if req.launch_type is None and not strategy:
        strategy = cluster.default_strategy
    if req.launch_type is not None or not strategy:
        return None
    return strategy


def _launch(
    env: Env,
    req: RunTaskRequest | StartTaskRequest,
    cluster: ClusterRecord,
    definition: DefinitionRecord,
    runtime: tuple[Finding, ...],
) -> Launch:
    subnets = subnets_of(req.network_configuration)
    if str(definition.body.network_mode or "bridge") != "awsvpc":
        subnets = None
    return launch_for(
        env,
        definition,
        cluster=cluster.name,
        overrides=req.overrides,
        group=req.group or f"family:{definition.family}",
        started_by=req.started_by,
        tags=_tags(env, req, definition, cluster.name),
        subnets=subnets,
        enable_execute_command=bool(req.enable_execute_command),
        platform_version=req.platform_version
        if isinstance(req, RunTaskRequest) and req.platform_version not in (None, "LATEST")
        else None,
        findings=definition_findings(definition) + runtime,
    )


@handles(RunTaskRequest)
def run_task(env: Env, req: RunTaskRequest) -> RunTaskResponse:
    """RunTask (see the module's documentation): placement failures are ``failures``, not errors."""
    cluster = active_cluster(env, req.cluster, ecs.CLUSTER_INACTIVE)
    definition = _definition(env, req.task_definition)
    count = req.count if req.count is not None else 1
    if not 1 <= count <= _MAX_COUNT:
        refuse(ecs.RUN_COUNT, limit=_MAX_COUNT)
    if req.launch_type is not None and req.capacity_provider_strategy:
        _validate(env, req, definition, cluster)  # says that both are given
    strategy = _strategy(req, cluster)
    providers: list[str] | None = None
    if strategy is not None:
        names = [i.capacity_provider for i in strategy]
        fargate = check_strategy(env, names, cluster.capacity_providers)
        providers = split(strategy, count)
        launch_type = LaunchType.FARGATE if fargate else LaunchType.EC2
    else:
        launch_type = req.launch_type or LaunchType.EC2
    if launch_type is LaunchType.MANAGED_INSTANCES:
        refuse(ecs.FAKE_MANAGED_INSTANCES, what="MANAGED_INSTANCES tasks")
    _compatible(definition, launch_type)
    checked = req
    if req.launch_type is None and not req.capacity_provider_strategy:
        # Checked as ECS resolves it (the cluster's default strategy, else EC2), as CreateService and UpdateService
        # check a service: what depends on where the tasks run (assignPublicIp, ...) is refused alike.
        checked = (
            replace(req, capacity_provider_strategy=strategy)
            if strategy is not None
            else replace(req, launch_type=launch_type)
        )
    runtime = _validate(env, checked, definition, cluster)
    launch = _launch(env, req, cluster, definition, runtime)
    constraints: list[PlacementConstraint | TaskDefinitionPlacementConstraint] = [
        *(req.placement_constraints or ()),
        *(launch.effective.placement_constraints or ()),
    ]
    if launch_type is LaunchType.FARGATE:
        tasks, failures = launch_fargate(env, launch, providers or [None] * count)
    elif providers is not None:
        tasks, failures = [], []
        for provider in dict.fromkeys(providers):  # each provider's share, in the strategy's order
            started, failed = launch_on_provider(
                env,
                launch,
                provider,
                count=providers.count(provider),
                constraints=constraints,
                strategies=req.placement_strategy or (),
            )
            tasks += started
            failures += failed
    else:
        tasks, failures = launch_on_instances(
            env,
            launch,
            count=count,
            launch_type=launch_type,
            constraints=constraints,
            strategies=req.placement_strategy or (),
        )
    return RunTaskResponse(tasks=render.launched(env, tasks, launch.tags), failures=tuple(failures))


@handles(StartTaskRequest)
def start_task(env: Env, req: StartTaskRequest) -> StartTaskResponse:
    """StartTask: one task on each container instance named (those that cannot take it are ``failures``)."""
    cluster = active_cluster(env, req.cluster, ecs.CLUSTER_INACTIVE)
    definition = _definition(env, req.task_definition)
    if not req.container_instances:
        refuse(ecs.CONTAINER_INSTANCES_EMPTY)
    if len(req.container_instances) > _MAX_COUNT:
        refuse(ecs.CONTAINER_INSTANCES_TOO_MANY, limit=_MAX_COUNT)
    # StartTask is checked as the RunTask of the same members: every member the two share, AWS checks alike.
    # Its tasks run on the instances named: EC2 ones, or EXTERNAL ones (as the first it finds is).
    index = cluster_index(env, cluster.name)
    named = (find_instance(env, cluster.name, ref) for ref in req.container_instances)
    first = next((r for r in named if r is not None and r.arn in index), None)
    external = first is not None and EXTERNAL_ATTRIBUTE in index[first.arn].attributes
    check = RunTaskRequest(
        **{name: getattr(req, name) for name in _SHARED_WITH_RUN_TASK},
        launch_type=LaunchType.EXTERNAL if external else LaunchType.EC2,
    )
    runtime = _validate(env, check, definition, cluster)
    launch = _launch(env, req, cluster, definition, runtime)
    tasks: list[TaskRecord] = []
    failures: list[Failure] = []
    for ref in req.container_instances:
        record = find_instance(env, cluster.name, ref)
        if record is None or record.arn not in index:
            missing = ref if ref.startswith("arn:") else instance_arn(env, cluster.name, ref)
            failures.append(Failure(arn=missing, reason="MISSING"))
            continue
        if record.status != "ACTIVE":
            failures.append(Failure(arn=record.arn, reason=record.status))
            continue
        external = EXTERNAL_ATTRIBUTE in index[record.arn].attributes
        launch_type = LaunchType.EXTERNAL if external else LaunchType.EC2
        _compatible(definition, launch_type)
        blocked = launch.not_placed
        if blocked is not None and blocked.effect is not None:
            failures.append(Failure(arn=record.arn, reason=blocked.effect.failure_reason))
            continue
        try:
            placed = place_on(launch.demand, record.arn, instances=index, group=launch.group)
        except UsageError as exc:  # pragma: no cover - no constraints here
            fail("InvalidParameterException", str(exc))
        if placed.failures:
            failures += [Failure(arn=f.instance_id, reason=str(f.reason)) for f in placed.failures]
            continue
        one = start_placed(env, launch, placed.tasks[0], launch_type)
        if isinstance(one, Failure):
            failures.append(one)
        else:
            tasks.append(one)
    return StartTaskResponse(tasks=render.launched(env, tasks, launch.tags), failures=tuple(failures))


@handles(StopTaskRequest)
def stop_task(env: Env, req: StopTaskRequest) -> StopTaskResponse:
    """StopTask: ``desiredStatus`` STOPPED at once (stopCode UserInitiated); the task stops as time advances."""
    cluster = find_cluster(env, req.cluster)
    if req.reason is not None and len(req.reason) > _MAX_REASON:
        refuse(ecs.STOP_REASON_LENGTH, limit=_MAX_REASON)
    task = find_task(env, cluster, req.task)
    if task is None:
        refuse(ecs.TASK_NOT_FOUND)
    before, version = task.shown, task.version
    lifecycle.request_stop(env, task, TaskStopCode.USER_INITIATED, req.reason or USER_STOPPED)
    return StopTaskResponse(task=render.stopping(env, task, before, version))


@handles(DescribeTasksRequest)
def describe_tasks(env: Env, req: DescribeTasksRequest) -> DescribeTasksResponse:
    """DescribeTasks: a lookup (it never moves a task on); unknown tasks are failures with reason MISSING."""
    cluster = find_cluster(env, req.cluster)
    tags = "TAGS" in {str(i) for i in req.include or ()}
    found, failures = describe_each(
        req.tasks,
        lambda ref: find_task(env, cluster, ref),
        lambda ref: ref if ref.startswith("arn:") else env.arn(f"task/{cluster.name}/{ref}"),
        lambda task: render.task(env, task, env.state.tags.get(task.arn, ()) if tags else ()),
        limit=_MAX_DESCRIBE,
        empty=ecs.TASKS_EMPTY,
        too_many=ecs.TASKS_TOO_MANY,
    )
    return DescribeTasksResponse(tasks=found, failures=failures)


@handles(ListTasksRequest)
def list_tasks(env: Env, req: ListTasksRequest) -> ListTasksResponse:
    """ListTasks: the cluster's tasks of ``desiredStatus`` (RUNNING unless told), by the filters given."""
    cluster = find_cluster(env, req.cluster)
    desired = str(req.desired_status or "RUNNING")
    instance = None
    if req.container_instance is not None:
        ref = req.container_instance
        instance = ref if ref.startswith("arn:") else instance_arn(env, cluster.name, ref)
    group = f"service:{req.service_name}" if req.service_name is not None else None
    arns = [
        arn
        for arn, task in env.state.tasks.items()
        if task.cluster == cluster.name
        and task.desired_status == desired
        and (instance is None or task.instance_arn == instance)
        and (req.family is None or task.family == req.family)
        and (req.started_by is None or task.started_by == req.started_by)
        and (group is None or task.group == group)
        and (req.launch_type is None or task.launch_type == req.launch_type)
    ]
    page, token = paginate(arns, req.next_token, req.max_results)
    return ListTasksResponse(task_arns=tuple(page), next_token=token)
