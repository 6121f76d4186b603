"""Task sets of services of the EXTERNAL deployment controller: CreateTaskSet, DescribeTaskSets, UpdateTaskSet,
DeleteTaskSet, UpdateServicePrimaryTaskSet. What their tasks do is the scheduler's
(:mod:`ecskit.backends.fake.engine.task_sets`).

Refusals, with AWS's texts where a public copy of them exists:

* a task set of a service of another controller: "Amazon ECS only supports task set management on services
  configured to use external deployment controllers." (InvalidParameterException,
  https://github.com/hashicorp/terraform-provider-aws/issues/30347); DescribeTaskSets reads the sets of any
  service (a CODE_DEPLOY service has them too) and finds none on an ECS one;
* a sixth task set: "5 deployments exist on the service. Unable to create new TaskSet since this exceeds the
  maximum limit." (InvalidParameterException, https://github.com/aws-samples/ecs-bg-external-controller/issues/6);
* DescribeTaskSets without ``taskSets``: "TaskSets cannot be empty." (InvalidParameterException, required in fact:
  https://github.com/aws/aws-cli/issues/5380); an ARN that is not a task set's: "Task Set Identifier is invalid"
  (https://github.com/boto/boto3/issues/3895); a task set that is not there is a failure with reason MISSING;
* a task set that is not there (UpdateTaskSet, DeleteTaskSet, UpdateServicePrimaryTaskSet): TaskSetNotFoundException
  "The specified task set does not exist." (the exception of the API reference; the text is ecskit's wording);
* a scale outside 0-100 ("Accepted values are numbers between 0 and 100", API reference of Scale): ecskit's
  wording, InvalidParameterException; deleting a task set that is not scaled down to zero needs ``force`` ("If
  true, you can delete a task set even if it hasn't been scaled down to zero"): ecskit's wording; a DRAINING task
  set cannot become the primary one: ecskit's wording.

A task set's request is checked as the service of its settings would be
(:func:`~ecskit.validation.validate_service`: network configuration against the task definition's network mode,
launch type, target groups, one target group at most), with the task definition ("TaskDefinition not found.") and
the cluster's capacity providers; without a launch type or strategy it takes the cluster's default strategy, else
EC2. Without ``scale`` it keeps no task (0 PERCENT, as the AWS CLI's create-task-set example shows). The same
``clientToken`` and request again return the task set made the first time.
"""

from __future__ import annotations

import json
import math

from ecskit.backends.fake.api.ecs import render
from ecskit.backends.fake.core.clusters import ClusterRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail, refuse
from ecskit.backends.fake.core.find import (
    active_definition,
    check_compatible,
    find_cluster,
    find_service,
    find_task_set,
    task_set_arn,
)
from ecskit.backends.fake.core.services import ServiceRecord, TaskSetRecord
from ecskit.backends.fake.engine import targets
from ecskit.backends.fake.engine.capacity import resolve_launch
from ecskit.backends.fake.engine.launch import refuse_launch, subnets_of
from ecskit.backends.fake.engine.tags import checked_tags
from ecskit.backends.fake.engine.task_sets import (
    NO_SCALE,
    computed_desired_count,
    drain,
    make_primary,
    new_task_set,
    number,
    unsettle,
)
from ecskit.backends.fake.engine.tasks import poke_service
from ecskit.backends.fake.engine.verdicts import (
    AS_AWS,
    SERVICE_ONLY_RULES,
    definition_context,
    definition_findings,
    task_set_request,
)
from ecskit.backends.fake.registry import handles
from ecskit.codec import to_api
from ecskit.models import replace
from ecskit.models.ecs import (
    CreateTaskSetRequest,
    CreateTaskSetResponse,
    DeleteTaskSetRequest,
    DeleteTaskSetResponse,
    DescribeTaskSetsRequest,
    DescribeTaskSetsResponse,
    Failure,
    LaunchType,
    Scale,
    ScaleUnit,
    TaskSet,
    UpdateServicePrimaryTaskSetRequest,
    UpdateServicePrimaryTaskSetResponse,
    UpdateTaskSetRequest,
    UpdateTaskSetResponse,
)
from ecskit.texts import ecs
from ecskit.validation import validate_service
from ecskit.validation.engine import Phase

__all__ = [
    "create_task_set",
    "delete_task_set",
    "describe_task_sets",
    "update_service_primary_task_set",
    "update_task_set",
]

#: Task sets a service can have at once (the limit AWS's refusal names).
MAX_TASK_SETS = 5


def _service(env: Env, cluster_ref: str, ref: str, *, draining: bool = False) -> tuple[ClusterRecord, ServiceRecord]:
    """The service a task set call names: ServiceNotFoundException, or ServiceNotActiveException unless it is
    ACTIVE (or DRAINING, when ``draining``: its task sets can still be read)."""
    cluster = find_cluster(env, cluster_ref)
    service = find_service(env, cluster, ref)
    if service is None:
        refuse(ecs.SERVICE_NOT_FOUND)
    if service.status != "ACTIVE" and not (draining and service.status == "DRAINING"):
        refuse(ecs.SERVICE_NOT_ACTIVE)
    return cluster, service


def _external(env: Env, cluster_ref: str, ref: str) -> tuple[ClusterRecord, ServiceRecord]:
    cluster, service = _service(env, cluster_ref, ref)
    if str(service.deployment_controller.type) != "EXTERNAL":
        refuse(ecs.TASK_SET_EXTERNAL_ONLY)
    return cluster, service


def _task_set(env: Env, service: ServiceRecord, ref: str) -> TaskSetRecord:
    found = find_task_set(env, service, ref)
    if found is None:
        refuse(ecs.TASK_SET_NOT_FOUND)
    return found


def _scale(given: Scale | None) -> Scale:
    if given is None:
        return NO_SCALE
    value = given.value if given.value is not None else 0.0
    if math.isnan(value) or not 0.0 <= value <= 100.0:
        refuse(ecs.TASK_SET_SCALE)
    return Scale(value=float(value), unit=given.unit or ScaleUnit.PERCENT)


def _show(env: Env, service: ServiceRecord, record: TaskSetRecord, tags: bool = False) -> TaskSet:
    return render.task_set(env, service, record, tags=env.state.tags.get(record.arn, ()) if tags else None)


def _fingerprint(req: CreateTaskSetRequest) -> str:
    return json.dumps(to_api(replace(req, client_token=None)), sort_keys=True, default=str)


def _check(env: Env, cluster: ClusterRecord, service: ServiceRecord, record: TaskSetRecord) -> None:
    """Refuse a task set as AWS refuses the service of its settings (``api`` findings, and ``runtime`` ones whose
    effect is a refused launch); the rules on an EXTERNAL service's own members are not a task set's."""
    definition = active_definition(env, record.task_definition)
    report = validate_service(
        task_set_request(service, record),
        task_definition=definition_context(definition),
        cluster=render.cluster(env, cluster),
        config=AS_AWS,
    )
    refusals = [f for f in report.refusals if f.rule not in SERVICE_ONLY_RULES]
    if refusals:
        fail(refusals[0].aws_code or "InvalidParameterException", refusals[0].message)
    refuse_launch(definition_findings(definition) + report.in_phase(Phase.RUNTIME))
    targets.check_service_load_balancers(env, record.load_balancers, definition.body)
    subnets_of(record.network_configuration)


@handles(CreateTaskSetRequest)
def create_task_set(env: Env, req: CreateTaskSetRequest) -> CreateTaskSetResponse:
    """CreateTaskSet (see the module's documentation): a new ACTIVE task set; its tasks start as time runs."""
    cluster, service = _external(env, req.cluster, req.service)
    fingerprint = _fingerprint(req)
    if req.client_token:
        for existing in service.task_sets:
            if existing.client_token == req.client_token and existing.request == fingerprint:
                return CreateTaskSetResponse(task_set=render.task_set(env, service, existing, tags=req.tags))
    if len(service.task_sets) >= MAX_TASK_SETS:
        refuse(ecs.TASK_SET_LIMIT, count=len(service.task_sets))
    definition = active_definition(env, req.task_definition)
    launch_type, strategy, fargate = resolve_launch(
        env, req.launch_type, req.capacity_provider_strategy, cluster.default_strategy, cluster.capacity_providers
    )
    check_compatible(definition, LaunchType.FARGATE if fargate else launch_type or LaunchType.EC2)
    tags = checked_tags(req.tags)
    record = new_task_set(
        env,
        service,
        task_definition=definition.arn,
        scale=_scale(req.scale),
        launch_type=launch_type,
        capacity_provider_strategy=strategy,
        platform_version=(req.platform_version or "LATEST") if fargate else None,
        network_configuration=req.network_configuration,
        load_balancers=req.load_balancers or (),
        service_registries=req.service_registries or (),
        external_id=req.external_id,
        draw_id=False,
    )
    record.client_token, record.request = req.client_token, fingerprint
    _check(env, cluster, service, record)
    number(env, service, record)
    service.task_sets.append(record)
    if tags:
        env.state.tags[record.arn] = tags
    service.steady = False
    poke_service(env, service.arn)
    return CreateTaskSetResponse(task_set=render.task_set(env, service, record, tags=tags))


@handles(DescribeTaskSetsRequest)
def describe_task_sets(env: Env, req: DescribeTaskSetsRequest) -> DescribeTaskSetsResponse:
    """DescribeTaskSets: the task sets named (tags with ``include`` TAGS); those not there are failures with reason
    MISSING."""
    _, service = _service(env, req.cluster, req.service, draining=True)
    if not req.task_sets:
        refuse(ecs.TASK_SETS_EMPTY)
    tags = "TAGS" in {str(i) for i in req.include or ()}
    found: list[TaskSet] = []
    failures: list[Failure] = []
    for ref in req.task_sets:
        record = find_task_set(env, service, ref)
        if record is None:
            failures.append(
                Failure(arn=ref if ref.startswith("arn:") else task_set_arn(env, service, ref), reason="MISSING")
            )
        else:
            found.append(_show(env, service, record, tags))
    return DescribeTaskSetsResponse(task_sets=tuple(found), failures=tuple(failures))


@handles(UpdateTaskSetRequest)
def update_task_set(env: Env, req: UpdateTaskSetRequest) -> UpdateTaskSetResponse:
    """UpdateTaskSet: a new scale (the only member it changes); the scheduler starts or stops tasks to match."""
    _, service = _external(env, req.cluster, req.service)
    record = _task_set(env, service, req.task_set)
    record.scale = _scale(req.scale)
    unsettle(env, record)
    service.steady = False
    poke_service(env, service.arn)
    return UpdateTaskSetResponse(task_set=_show(env, service, record))


@handles(DeleteTaskSetRequest)
def delete_task_set(env: Env, req: DeleteTaskSetRequest) -> DeleteTaskSetResponse:
    """DeleteTaskSet: the set turns DRAINING, its tasks stop, and it goes once they have; one still scaled above
    zero needs ``force``."""
    _, service = _external(env, req.cluster, req.service)
    record = _task_set(env, service, req.task_set)
    if record.status != "DRAINING":
        if computed_desired_count(service, record) > 0 and not req.force:
            refuse(ecs.TASK_SET_SCALED)
        drain(env, service, record)
        service.steady = False
        poke_service(env, service.arn)
    return DeleteTaskSetResponse(task_set=_show(env, service, record))


@handles(UpdateServicePrimaryTaskSetRequest)
def update_service_primary_task_set(
    env: Env, req: UpdateServicePrimaryTaskSetRequest
) -> UpdateServicePrimaryTaskSetResponse:
    """UpdateServicePrimaryTaskSet: the set becomes PRIMARY (the one before ACTIVE) and its settings the
    service's."""
    _, service = _external(env, req.cluster, req.service)
    record = _task_set(env, service, req.primary_task_set)
    if record.status == "DRAINING":
        refuse(ecs.TASK_SET_DRAINING_PRIMARY)
    if record.status != "PRIMARY":
        make_primary(env, service, record)
        poke_service(env, service.arn)
    return UpdateServicePrimaryTaskSetResponse(task_set=_show(env, service, record))
