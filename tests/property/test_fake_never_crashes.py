"""Every operation the fake serves (ECS, ECR and ECR Public), fed requests drawn from its botocore input shape,
answers or raises an ecskit error: never a raw KeyError, TypeError, ValueError or AttributeError on user data. And
every answer is a response botocore could have parsed (it writes to the wire form without error).

The requests are shaped like botocore's model (so they pass its parameter validation) but their values are drawn
from a pool of what exists in a populated fake (cluster, service, task definition, task and instance names and
ARNs, subnets, capacity providers, repositories, image tags and digests) mixed with enum values and arbitrary
text: random strings alone would stop at "not found" and never reach the code behind it.
"""

from __future__ import annotations

import datetime
import functools
import json
from typing import Any

import botocore.session
import pytest
from botocore.model import Shape, StringShape, StructureShape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecskit import from_api, to_api
from ecskit.backends.fake import FakeBackend, registry
from ecskit.builders import lifecycle_policy
from ecskit.errors import BackendError, ConversionError
from ecskit.images import TestImage, TestIndex, push_image
from ecskit.models.ecr import CreateRepositoryRequest
from ecskit.models.ecs import CreateServiceRequest, CreateTaskSetRequest, DescribeTasksRequest, ListTasksRequest
from ecskit.operations import find_operation
from tests.support.fake_ecs import awsvpc, cluster, fargate_taskdef, register, register_external, run, taskdef

_MAX_DEPTH = 4


@functools.cache
def _model(service: str) -> Any:
    return botocore.session.get_session().get_service_model(service)


@functools.cache
def _populated() -> tuple[str, tuple[str, ...]]:
    """A fake with something of everything (saved), and the names and ARNs in it."""
    fake = FakeBackend()
    cluster(fake, "web")
    cluster(fake, "default", capacityProviders=["FARGATE", "FARGATE_SPOT"])
    for n in range(3):
        register(fake, "web", n, zone=f"us-east-1{'abc'[n]}")
    register_external(fake, "web")
    app = taskdef(fake, "app")
    fg = fargate_taskdef(fake, "fg")
    tasks = run(fake, cluster="web", taskDefinition=app, count=2).tasks or ()
    run(fake, cluster="default", taskDefinition=fg, launchType="FARGATE", networkConfiguration=awsvpc())
    fake.create_service(
        from_api(
            {"cluster": "web", "serviceName": "api", "taskDefinition": app, "desiredCount": 2},
            CreateServiceRequest,
        )
    )
    fake.create_service(  # a service of task sets, with one running half of its desired count
        from_api(
            {"cluster": "web", "serviceName": "ext", "desiredCount": 2, "deploymentController": {"type": "EXTERNAL"}},
            CreateServiceRequest,
        )
    )
    made = fake.create_task_set(
        from_api(
            {"cluster": "web", "service": "ext", "taskDefinition": app, "scale": {"value": 50, "unit": "PERCENT"}},
            CreateTaskSetRequest,
        )
    ).task_set
    fake.advance(120)
    names: set[str] = {"web", "default", "api", "app", "fg", app, fg, "app:1", "FARGATE", "FARGATE_SPOT", "EC2"}
    if made is not None:  # the task set of service "ext", by id or ARN
        _DYNAMIC.update(taskSet=(made.id or "", made.task_set_arn or ""))
        _DYNAMIC.update(taskSets=_DYNAMIC["taskSet"], primaryTaskSet=_DYNAMIC["taskSet"])
        names |= {"ext", *_DYNAMIC["taskSet"]}
    names |= {"subnet-0123456789abcdef0", "sg-0123456789abcdef0", "ecs.instance-type", "m5.large", "TAGS"}
    names |= {"attribute:ecs.availability-zone", "attribute:ecs.instance-type == m5.large", "family:app"}
    names |= {t.task_arn or "" for t in tasks}
    listed = fake.list_tasks(ListTasksRequest(cluster="web")).task_arns or ()
    for t in fake.describe_tasks(DescribeTasksRequest(cluster="web", tasks=listed)).tasks or ():
        names |= {t.task_arn or "", t.container_instance_arn or "", t.cluster_arn or "", t.task_definition_arn or ""}
        names.add((t.task_arn or "").rsplit("/", 1)[-1])
        names.add((t.container_instance_arn or "").rsplit("/", 1)[-1])
    ecr_names = _populate_ecr(fake)
    names |= ecr_names
    names.add("arn:aws:ecs:us-east-1:123456789012:service/web/api")
    names.add("arn:aws:ecs:us-east-1:123456789012:cluster/web")
    names |= _populate_deployments_and_daemons(fake)
    return fake.save(), tuple(sorted(n for n in names if n))


def _populate_deployments_and_daemons(fake: FakeBackend) -> set[str]:
    """A blue/green service paused at a hook, a service in a Service Connect namespace, a task with ECS Exec, and a
    daemon (two revisions, a deployment under way) on a cluster of an Auto Scaling group provider; what names them
    (also kept in :data:`_DYNAMIC` for the members that take them)."""
    ecs: Any = fake.client("ecs")
    ecs.register_task_definition(
        family="exec",
        taskRoleArn="arn:aws:iam::123456789012:role/exec",
        containerDefinitions=[{"name": "app", "image": "nginx", "memory": 64}],
    )
    exec_task = ecs.run_task(cluster="web", taskDefinition="exec", enableExecuteCommand=True)["tasks"][0]["taskArn"]
    hooks = [{"targetType": "PAUSE", "lifecycleStages": ["POST_SCALE_UP"]}]
    ecs.create_service(
        cluster="web",
        serviceName="bg",
        taskDefinition="exec",
        desiredCount=1,
        deploymentConfiguration={"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1, "lifecycleHooks": hooks},
        serviceConnectConfiguration={"enabled": True, "namespace": "shop"},
    )
    group = fake.declare_auto_scaling_group(
        "pool-asg", instance_type="m5.large", availability_zones=("us-east-1a",), desired_capacity=2, max_size=3
    )
    ecs.create_capacity_provider(name="cp", autoScalingGroupProvider={"autoScalingGroupArn": group})
    ecs.create_cluster(clusterName="pool", capacityProviders=["cp"], serviceConnectDefaults={"namespace": "shop"})
    for image in ("agent:1", "agent:2"):
        ecs.register_daemon_task_definition(
            family="agent", containerDefinitions=[{"name": "agent", "image": image, "memoryReservation": 64}]
        )
    daemon = ecs.create_daemon(
        daemonName="dd", clusterArn="pool", daemonTaskDefinitionArn="agent:1", capacityProviderArns=["cp"]
    )["daemonArn"]
    fake.advance(60)
    ecs.update_daemon(daemonArn=daemon, daemonTaskDefinitionArn="agent:2", capacityProviderArns=["cp"])
    fake.advance(3)
    records = fake.records()
    pauses = [p.hook_id for d in records.service_deployments.values() for p in d.pauses]
    _DYNAMIC.update(
        task=(exec_task, exec_task.rsplit("/", 1)[-1]),
        container=("app",),
        containerName=("app", "agent"),
        daemonArn=(daemon,),
        clusterArn=("pool", "arn:aws:ecs:us-east-1:123456789012:cluster/pool"),
        daemonTaskDefinitionArn=("agent:1", "arn:aws:ecs:us-east-1:123456789012:daemon-task-definition/agent:2"),
        daemonTaskDefinition=("agent", "agent:1", "agent:2"),
        capacityProviderArns=("cp", "arn:aws:ecs:us-east-1:123456789012:capacity-provider/cp"),
        serviceDeploymentArn=tuple(records.service_deployments),
        serviceDeploymentArns=tuple(records.service_deployments),
        serviceRevisionArns=tuple(records.service_revisions),
        hookId=tuple(pauses),
        namespace=("shop", records.namespaces["shop"].arn),
        daemonRevisionArns=tuple(records.daemon_revisions),
        daemonDeploymentArns=tuple(records.daemon_deployments),
        attachmentArn=tuple(
            f"arn:aws:ecs:us-east-1:123456789012:attachment/{t.eni.attachment_id}"
            for t in records.tasks.values()
            if t.eni is not None
        ),
    )
    return {value for values in _DYNAMIC.values() for value in values}


#: Members whose values name something made while populating the fake (filled by it).
_DYNAMIC: dict[str, tuple[str, ...]] = {}


def _populate_ecr(fake: FakeBackend) -> set[str]:
    """Repositories of ECR and ECR Public with images pushed as docker pushes them, a policy, a lifecycle policy
    and a pull through cache rule; the names, tags and digests in them."""
    fake.ecr.create_repository(CreateRepositoryRequest(repository_name="web"))
    first = push_image(fake, TestImage(layer_sizes=(64,)), repository="web", tag="1.0")
    index = push_image(
        fake,
        TestIndex(images=(TestImage(seed="a"), TestImage(seed="b", architecture="arm64"))),
        repository="web",
        tag="multi",
    )
    ecr = fake.client("ecr")
    expire = lifecycle_policy().expire_untagged_after(days=1).text()
    ecr.put_lifecycle_policy(repositoryName="web", lifecyclePolicyText=expire)
    grant = {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "ecr:BatchGetImage"}
    ecr.set_repository_policy(
        repositoryName="web", policyText=json.dumps({"Version": "2012-10-17", "Statement": [grant]})
    )
    fake.client("ecr").create_pull_through_cache_rule(ecrRepositoryPrefix="quay", upstreamRegistryUrl="quay.io")
    public = fake.client("ecr-public")
    public.create_repository(repositoryName="site")
    blobs = {b.digest: b for b in TestImage(seed="p").blobs}
    names = {"web", "site", "quay", "1.0", "multi", first.digest, index.digest, *blobs}
    names |= {"arn:aws:ecr:us-east-1:123456789012:repository/web", "123456789012"}
    return names


#: Members whose values name something in the fake: drawn mostly from what exists, so calls get past the lookup.
_NAMED = {
    "cluster": ("web", "default", "arn:aws:ecs:us-east-1:123456789012:cluster/web"),
    "clusters": ("web", "default"),
    "service": ("api", "ext", "arn:aws:ecs:us-east-1:123456789012:service/web/api"),
    "services": ("api",),
    "serviceName": ("api", "worker"),
    "taskDefinition": ("app", "app:1", "fg"),
    "family": ("app", "fg"),
    "familyPrefix": ("app", "f"),
    "capacityProvider": ("FARGATE", "FARGATE_SPOT"),
    "capacityProviders": ("FARGATE", "FARGATE_SPOT"),
    "subnets": ("subnet-0123456789abcdef0",),
    "securityGroups": ("sg-0123456789abcdef0",),
    "repositoryName": ("web", "site", "quay/prometheus/node-exporter"),
    "repositoryNames": ("web", "site"),
    "imageTag": ("1.0", "multi", "latest"),
    "registryId": ("123456789012",),
}


def _strings(shape: Shape, member: str) -> st.SearchStrategy[str]:
    if (
        isinstance(shape, StringShape) and shape.enum
    ):  # the codec refuses other values before the fake sees them (its own tests cover that)
        return st.sampled_from(shape.enum)
    known = st.sampled_from(_populated()[1])
    text = st.text(max_size=12)
    named = _DYNAMIC.get(member) or _NAMED.get(member)
    if named is not None:
        return st.one_of(st.sampled_from(named), st.sampled_from(named), known, text)
    return st.one_of(known, text)


def _values(shape: Shape, depth: int, member: str = "") -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "structure":
        return _structure(shape, depth)  # type: ignore[arg-type]
    if kind == "list":
        if depth >= _MAX_DEPTH:
            return st.just([])
        return st.lists(_values(shape.member, depth + 1, member), max_size=3)  # type: ignore[attr-defined]
    if kind == "map":
        if depth >= _MAX_DEPTH:
            return st.just({})
        keys, values = shape.key, shape.value  # type: ignore[attr-defined]
        return st.dictionaries(_strings(keys, ""), _values(values, depth + 1), max_size=3)
    if kind == "string":
        return _strings(shape, member)
    if kind in ("integer", "long"):
        return st.integers(min_value=-5, max_value=20_000)
    if kind in ("double", "float"):
        return st.floats(min_value=-5, max_value=1e6, allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return st.datetimes(min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2030, 1, 1)).map(
            lambda d: d.replace(tzinfo=datetime.UTC)
        )
    return st.just(b"")  # blob


def _structure(shape: StructureShape, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    required = set(shape.required_members)
    members = shape.members
    if depth >= _MAX_DEPTH:
        members = {k: v for k, v in members.items() if k in required}
    return st.fixed_dictionaries(
        {k: _values(v, depth + 1, k) for k, v in members.items() if k in required},
        optional={k: _values(v, depth + 1, k) for k, v in members.items() if k not in required},
    )


def _served() -> list[tuple[str, str]]:
    return [(service, o.name) for service in ("ecs", "ecr", "ecr-public") for o in registry.served(service)]


#: Examples per operation: ECS's many operations reach deep into the engine; ECR's are shallower.
_EXAMPLES = {"ecs": 30, "ecr": 12, "ecr-public": 12}


@pytest.mark.parametrize(("service", "operation"), _served(), ids=lambda v: v)
def test_operation_answers_or_raises_an_ecskit_error(service: str, operation: str) -> None:
    shape = _model(service).operation_model(operation).input_shape
    found = find_operation(service, operation)
    assert found is not None
    request_model = found.request

    @settings(
        max_examples=_EXAMPLES[service], deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
    )
    @given(params=_structure(shape, 0) if shape is not None else st.just({}))
    def check(params: dict[str, Any]) -> None:
        try:
            request = from_api(params, request_model)
        except ConversionError:
            return  # refused with field errors, as the boto3 client would be
        fake = FakeBackend.restore(_populated()[0])
        try:
            response = fake.send(request)
        except BackendError:
            return
        to_api(response)  # a response botocore could have parsed
        fake.advance(60)  # what the call set in motion runs without a crash too

    check()
