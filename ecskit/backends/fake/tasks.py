"""Tasks: RunTask, StartTask, StopTask, DescribeTasks, ListTasks.

RunTask checks the request with the same validation users call (:func:`ecskit.validation.validate_run_task`; its
findings of phase api refuse the call with their AWS code, runtime ones do not), then launches ``count`` tasks
(:mod:`ecskit.backends.fake.launch`):

* ``launchType`` EC2, EXTERNAL or FARGATE; or a ``capacityProviderStrategy`` of providers associated with the
  cluster, either FARGATE / FARGATE_SPOT or Auto Scaling group providers, not both (each task's provider follows
  the strategy's base, then its weights; an Auto Scaling group provider's tasks run on its instances, or wait for
  them with managed scaling: :mod:`~ecskit.backends.fake.provisioning`); with neither, the cluster's default
  strategy, or EC2 when it has none;
* ``group`` defaults to ``family:<family>``; tags are the request's, the task definition's with
  ``propagateTags=TASK_DEFINITION``, and ``aws:ecs:clusterName`` with ``enableECSManagedTags``.

Tasks then live through :mod:`ecskit.backends.fake.lifecycle` as virtual time advances. DescribeTasks never
changes a task; unknown tasks come back as ``MISSING`` failures.
"""

from __future__ import annotations

from ecskit.backends.fake import lifecycle
from ecskit.backends.fake.bookkeeping import find_instance, instance_arn
from ecskit.backends.fake.capacity_providers import check_strategy, split
from ecskit.backends.fake.clusters import cluster_name, find_cluster
from ecskit.backends.fake.container_instances import EXTERNAL_ATTRIBUTE
from ecskit.backends.fake.env import Env, describe_each, fail, paginate
from ecskit.backends.fake.launch import (
    Launch,
    launch_fargate,
    launch_for,
    launch_on_instances,
    start_placed,
    subnets_of,
)
from ecskit.backends.fake.provisioning import launch_on_provider
from ecskit.backends.fake.registry import handles
from ecskit.backends.fake.runtime import cluster_index
from ecskit.backends.fake.task_definitions import register_form, resolve_task_definition
from ecskit.models import replace
from ecskit.models.ecs import (
    CapacityProviderStrategyItem,
    Cluster,
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
    Task,
    TaskDefinition,
    TaskDefinitionPlacementConstraint,
    TaskStopCode,
)
from ecskit.placement import place_on
from ecskit.validation import validate_run_task

__all__ = ["USER_STOPPED", "describe_tasks", "find_task", "list_tasks", "run_task", "start_task", "stop_task"]

#: The stoppedReason of a task stopped by StopTask without a reason.
USER_STOPPED = "Task stopped by user"
_MAX_COUNT, _MAX_DESCRIBE, _MAX_REASON, _MAX_TAGS = 10, 100, 255, 50


def _definition(env: Env, ref: str) -> TaskDefinition:
    found = resolve_task_definition(env, ref)
    if found is None:
        fail("InvalidParameterException", "TaskDefinition not found.")
    if found.status != "ACTIVE":
        fail("InvalidParameterException", "TaskDefinition is inactive")
    return found


def _validate(env: Env, req: RunTaskRequest, td: TaskDefinition, cluster: Cluster) -> None:
    form = register_form(env, td)
    for finding in validate_run_task(req, task_definition=form, cluster=cluster).refusals:
        fail(finding.aws_code or "InvalidParameterException", finding.message)


def _tags(env: Env, req: RunTaskRequest | StartTaskRequest, td: TaskDefinition, cluster: str) -> tuple[Tag, ...]:
    tags = {t.key: t for t in req.tags or ()}
    for tag in tags.values():
        if (tag.key or "").lower().startswith("aws:"):
            fail("InvalidParameterException", "Tag keys with the prefix aws: are reserved.")
    if req.propagate_tags is not None and str(req.propagate_tags) == "TASK_DEFINITION":
        for tag in env.state.tags.get(td.task_definition_arn or "", ()):
            tags.setdefault(tag.key, tag)
    if len(tags) > _MAX_TAGS:
        fail("InvalidParameterException", f"A resource can have at most {_MAX_TAGS} tags.")
    if req.enable_ecs_managed_tags:
        tags["aws:ecs:clusterName"] = Tag(key="aws:ecs:clusterName", value=cluster)
    return tuple(tags.values())


def _compatible(td: TaskDefinition, launch_type: LaunchType) -> None:
    if str(launch_type) not in {str(c) for c in td.compatibilities or ()}:
        fail("InvalidParameterException", f"Task definition does not support launch_type {launch_type}.")


def _strategy(req: RunTaskRequest, cluster: Cluster) -> tuple[CapacityProviderStrategyItem, ...] | None:
    """The capacity provider strategy the tasks follow (None: the request uses a launch type)."""
    strategy = req.capacity_provider_strategy
    if req.launch_type is None and not strategy:
        strategy = cluster.default_capacity_provider_strategy
    if req.launch_type is not None or not strategy:
        return None
    return strategy


def _launch(env: Env, req: RunTaskRequest | StartTaskRequest, cluster: Cluster, td: TaskDefinition) -> Launch:
    subnets = subnets_of(req.network_configuration)
    if str(td.network_mode or "bridge") != "awsvpc":
        subnets = None
    return launch_for(
        env,
        td,
        cluster_arn=cluster.cluster_arn or "",
        overrides=req.overrides,
        group=req.group or f"family:{td.family}",
        started_by=req.started_by,
        tags=_tags(env, req, td, cluster.cluster_name or ""),
        subnets=subnets,
        enable_execute_command=bool(req.enable_execute_command),
        platform_version=req.platform_version
        if isinstance(req, RunTaskRequest) and req.platform_version not in (None, "LATEST")
        else None,
    )


def _active_cluster(env: Env, ref: str | None) -> Cluster:
    found = env.state.clusters.get(cluster_name(ref))
    if found is not None and found.status == "INACTIVE":
        fail("InvalidParameterException", "The specified cluster is inactive. Specify an active cluster and try again.")
    return find_cluster(env, ref)


@handles(RunTaskRequest)
def run_task(env: Env, req: RunTaskRequest) -> RunTaskResponse:
    """RunTask (see the module's documentation): placement failures are ``failures``, not errors."""
    cluster = _active_cluster(env, req.cluster)
    td = _definition(env, req.task_definition)
    count = req.count if req.count is not None else 1
    if not 1 <= count <= _MAX_COUNT:
        fail("InvalidParameterException", f"count must be between 1 and {_MAX_COUNT}.")
    if req.launch_type is not None and req.capacity_provider_strategy:
        _validate(env, req, td, cluster)  # says that both are given
    strategy = _strategy(req, cluster)
    providers: list[str] | None = None
    if strategy is not None:
        names = [i.capacity_provider for i in strategy]
        fargate = check_strategy(env, names, cluster.capacity_providers or ())
        providers = split(strategy, count)
        launch_type = LaunchType.FARGATE if fargate else LaunchType.EC2
    else:
        launch_type = req.launch_type or LaunchType.EC2
    if launch_type is LaunchType.MANAGED_INSTANCES:
        fail("InvalidParameterException", "The fake does not run MANAGED_INSTANCES tasks.")
    _compatible(td, launch_type)
    _validate(env, req, td, cluster)
    launch = _launch(env, req, cluster, td)
    constraints: list[PlacementConstraint | TaskDefinitionPlacementConstraint] = [
        *(req.placement_constraints or ()),
        *(td.placement_constraints or ()),
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
    return RunTaskResponse(tasks=tuple(tasks), failures=tuple(failures))


@handles(StartTaskRequest)
def start_task(env: Env, req: StartTaskRequest) -> StartTaskResponse:
    """StartTask: one task on each container instance named (those that cannot take it are ``failures``)."""
    cluster = _active_cluster(env, req.cluster)
    td = _definition(env, req.task_definition)
    if not 1 <= len(req.container_instances) <= _MAX_COUNT:
        fail("InvalidParameterException", f"containerInstances must list 1 to {_MAX_COUNT} instances.")
    check = RunTaskRequest(
        task_definition=req.task_definition,
        cluster=req.cluster,
        network_configuration=req.network_configuration,
        overrides=req.overrides,
        started_by=req.started_by,
        propagate_tags=req.propagate_tags,
        enable_execute_command=req.enable_execute_command,
    )
    _validate(env, check, td, cluster)
    launch = _launch(env, req, cluster, td)
    index = cluster_index(env.state, launch.cluster)
    tasks: list[Task] = []
    failures: list[Failure] = []
    for ref in req.container_instances:
        model = find_instance(env, launch.cluster, ref)
        arn = model.container_instance_arn if model is not None else None
        if model is None or arn is None or arn not in index:
            missing = ref if ref.startswith("arn:") else instance_arn(env, launch.cluster, ref)
            failures.append(Failure(arn=missing, reason="MISSING"))
            continue
        if model.status != "ACTIVE":
            failures.append(Failure(arn=arn, reason=str(model.status)))
            continue
        external = EXTERNAL_ATTRIBUTE in index[arn].attributes
        launch_type = LaunchType.EXTERNAL if external else LaunchType.EC2
        _compatible(td, launch_type)
        try:
            placed = place_on(launch.demand, arn, instances=index, group=launch.group)
        except ValueError as exc:  # pragma: no cover - no constraints here
            fail("InvalidParameterException", str(exc))
        if placed.failures:
            failures += [Failure(arn=f.instance_id, reason=str(f.reason)) for f in placed.failures]
            continue
        one = start_placed(env, launch, placed.tasks[0], launch_type)
        if isinstance(one, Failure):
            failures.append(one)
        else:
            tasks.append(one)
    return StartTaskResponse(tasks=tuple(tasks), failures=tuple(failures))


def find_task(env: Env, cluster: Cluster, ref: str) -> Task | None:
    """A task of ``cluster`` by id or ARN (the old ARN format without the cluster name included), or None."""
    name = cluster.cluster_name or ""
    if ref.startswith("arn:"):
        resource = ref.split(":", 5)[-1]
        if resource.count("/") == 1:  # arn:...:task/<id>
            ref = resource.split("/", 1)[1]
        else:
            found = env.state.tasks.get(ref)
            return found if found is not None and found.cluster_arn == cluster.cluster_arn else None
    return env.state.tasks.get(env.arn(f"task/{name}/{ref}"))


@handles(StopTaskRequest)
def stop_task(env: Env, req: StopTaskRequest) -> StopTaskResponse:
    """StopTask: ``desiredStatus`` STOPPED at once (stopCode UserInitiated); the task stops as time advances."""
    cluster = find_cluster(env, req.cluster)
    if req.reason is not None and len(req.reason) > _MAX_REASON:
        fail("InvalidParameterException", f"The reason can be at most {_MAX_REASON} characters.")
    task = find_task(env, cluster, req.task)
    if task is None:
        fail("InvalidParameterException", "The referenced task was not found.")
    stopped = lifecycle.request_stop(env, task.task_arn or "", TaskStopCode.USER_INITIATED, req.reason or USER_STOPPED)
    return StopTaskResponse(task=stopped)


@handles(DescribeTasksRequest)
def describe_tasks(env: Env, req: DescribeTasksRequest) -> DescribeTasksResponse:
    """DescribeTasks: a lookup (it never moves a task on); unknown tasks are failures with reason MISSING."""
    cluster = find_cluster(env, req.cluster)
    tags = "TAGS" in {str(i) for i in req.include or ()}
    found, failures = describe_each(
        req.tasks,
        lambda ref: find_task(env, cluster, ref),
        lambda ref: ref if ref.startswith("arn:") else env.arn(f"task/{cluster.cluster_name}/{ref}"),
        limit=_MAX_DESCRIBE,
        member="tasks",
        noun="tasks",
        show=(lambda task: _tagged(env, task)) if tags else None,
    )
    return DescribeTasksResponse(tasks=found, failures=failures)


def _tagged(env: Env, task: Task) -> Task:
    return replace(task, tags=env.state.tags.get(task.task_arn or "", ()))


@handles(ListTasksRequest)
def list_tasks(env: Env, req: ListTasksRequest) -> ListTasksResponse:
    """ListTasks: the cluster's tasks of ``desiredStatus`` (RUNNING unless told), by the filters given."""
    cluster = find_cluster(env, req.cluster)
    desired = str(req.desired_status or "RUNNING")
    instance = None
    if req.container_instance is not None:
        ref = req.container_instance
        instance = ref if ref.startswith("arn:") else instance_arn(env, cluster.cluster_name or "", ref)
    family = req.family
    group = f"service:{req.service_name}" if req.service_name is not None else None
    arns = [
        arn
        for arn, task in env.state.tasks.items()
        if task.cluster_arn == cluster.cluster_arn
        and task.desired_status == desired
        and (instance is None or task.container_instance_arn == instance)
        and (family is None or (task.task_definition_arn or "").rsplit("/", 1)[-1].split(":")[0] == family)
        and (req.started_by is None or task.started_by == req.started_by)
        and (group is None or task.group == group)
        and (req.launch_type is None or task.launch_type == req.launch_type)
    ]
    page, token = paginate(arns, req.next_token, req.max_results)
    return ListTasksResponse(task_arns=tuple(page), next_token=token)
