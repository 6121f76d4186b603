"""The fake checks a member the same way in every call that takes it, and names as AWS's patterns say.

* **Placement.** RunTask, CreateService and UpdateService take the same ``placementStrategy`` and
  ``placementConstraints``, and AWS checks them alike: whatever one of them refuses, the others refuse with the same
  error code, and what they take places (a service given a strategy RunTask refuses would never reach its desired
  count: issue 18). The members are drawn from valid and broken forms (no type, wrong fields, template placeholders,
  bad expressions, too many).
* **Tags and networks.** RunTask, StartTask and CreateService (UpdateService for the network, TagResource for the
  tags) refuse the same ``tags`` and ``networkConfiguration`` with the same code.
* **Names.** A cluster, service, task definition family, container or capacity provider name is taken exactly when
  it is 1-255 ASCII letters, digits, ``_`` or ``-`` (the API reference of CreateCluster, CreateService,
  RegisterTaskDefinition and CreateCapacityProvider), a template placeholder (``web/${ENV}``) being just text to the
  API; and a name taken is one every other call finds by its ARN.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit import from_api
from ecskit.backends.fake import FakeBackend
from ecskit.errors import BackendError
from ecskit.models.ecs import (
    CreateCapacityProviderRequest,
    CreateClusterRequest,
    CreateServiceRequest,
    DescribeCapacityProvidersRequest,
    DescribeClustersRequest,
    DescribeServicesRequest,
    DescribeTaskDefinitionRequest,
    ListContainerInstancesRequest,
    RegisterTaskDefinitionRequest,
    StartTaskRequest,
    TagResourceRequest,
    UpdateServiceRequest,
)
from tests.support.fake_ecs import cluster, container, register, run, taskdef

Doc = dict[str, Any]

STRATEGY_TYPES = (None, "random", "spread", "binpack")
STRATEGY_FIELDS: tuple[str | None, ...] = (None, "", "memory", "CPU", "instanceId", "host", "attribute:")
STRATEGY_FIELDS += ("attribute:ecs.availability-zone", "${FIELD}", "bogus", "attribute:${NAME}")
EXPRESSIONS = (
    None,
    "",
    "attribute:ecs.instance-type =~ m5.*",
    "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
    "attribute:ecs.instance-type = m5.large",
    "attribute:ecs.availability-zone in ${ZONES}",
    "not(task:group == db)",
)


@st.composite
def strategies(draw: st.DrawFn) -> Doc:
    found: Doc = {}
    kind, field = draw(st.sampled_from(STRATEGY_TYPES)), draw(st.sampled_from(STRATEGY_FIELDS))
    if kind is not None:
        found["type"] = kind
    if field is not None:
        found["field"] = field
    return found


@st.composite
def constraints(draw: st.DrawFn) -> Doc:
    found: Doc = {}
    kind, expression = draw(st.sampled_from((None, "memberOf", "distinctInstance"))), draw(st.sampled_from(EXPRESSIONS))
    if kind is not None:
        found["type"] = kind
    if expression is not None:
        found["expression"] = expression
    return found


placement = st.fixed_dictionaries(
    {},
    optional={
        "placementStrategy": st.lists(strategies(), max_size=6),
        "placementConstraints": st.lists(constraints(), max_size=11),
    },
)


def _fake() -> FakeBackend:
    fake = FakeBackend()
    cluster(fake, "web")
    register(fake, "web", 1, zone="us-east-1a")
    register(fake, "web", 2, zone="us-east-1b")
    taskdef(fake, "app")
    fake.create_service(
        from_api(
            {"cluster": "web", "serviceName": "plain", "taskDefinition": "app", "desiredCount": 0}, CreateServiceRequest
        )
    )
    return fake


def _outcome(call: Any) -> str | None:
    """The error code a call was refused with, or None when it was taken."""
    try:
        call()
    except BackendError as exc:
        return exc.code
    return None


@settings(max_examples=60)
@given(members=placement)
def test_placement_is_checked_alike_by_run_task_create_service_and_update_service(members: Doc) -> None:
    fake = _fake()
    placed: list[int] = []
    ran = _outcome(lambda: placed.append(len(run(fake, cluster="web", taskDefinition="app", **members).tasks or ())))
    fake = _fake()
    created = _outcome(
        lambda: fake.create_service(
            from_api(
                {"cluster": "web", "serviceName": "s", "taskDefinition": "app", "desiredCount": 1, **members},
                CreateServiceRequest,
            )
        )
    )
    updated = _outcome(
        lambda: fake.update_service(from_api({"cluster": "web", "service": "plain", **members}, UpdateServiceRequest))
    )
    assert ran == created == updated, members
    if created is None:  # what was taken places: the service's task runs where RunTask's would
        fake.advance(60)
        (service,) = fake.describe_services(DescribeServicesRequest(cluster="web", services=("s",))).services or ()
        assert service.running_count == placed[0], members


KEYS = ("team", "aws:x", "AWS:y", "k" * 129, "bad#key", "with space", "", "a" * 128)
VALUES = ("v", "x" * 257, "bad\nvalue", "", "v@:+=-/._")


@st.composite
def tags(draw: st.DrawFn) -> list[Doc]:
    return [
        {"key": draw(st.sampled_from(KEYS)), "value": draw(st.sampled_from(VALUES))}
        for _ in range(draw(st.integers(0, 3)))
    ]


SUBNETS = ("subnet-0000000000000000a", "subnet-12345678", "subnet-bad", "", "subnet-${ID}")
GROUPS = ("sg-12345678", "sg-bad", "sg-0123456789abcdef0")


@st.composite
def networks(draw: st.DrawFn) -> Doc:
    vpc: Doc = {"subnets": draw(st.lists(st.sampled_from(SUBNETS), max_size=2))}
    if draw(st.booleans()):
        vpc["securityGroups"] = draw(st.lists(st.sampled_from(GROUPS), max_size=2))
    if draw(st.booleans()):
        vpc["assignPublicIp"] = draw(st.sampled_from(("ENABLED", "DISABLED")))
    return {"awsvpcConfiguration": vpc}


members = st.one_of(
    st.builds(lambda t: {"tags": t}, tags()), st.builds(lambda n: {"networkConfiguration": n}, networks())
)


@settings(max_examples=60)
@given(given_members=members)
def test_tags_and_networks_are_checked_alike_by_run_task_start_task_create_service_and_update_service(
    given_members: Doc,
) -> None:
    """The members RunTask shares with StartTask and CreateService (and UpdateService for the network, TagResource
    for the tags) are refused alike: the same error code for the same value."""
    fake = _fake()
    taskdef(fake, "vpc", container(), networkMode="awsvpc")
    valid = {"networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0000000000000000a"]}}}
    request = valid | given_members  # the rest of each request is valid
    instance = fake.list_container_instances(ListContainerInstancesRequest(cluster="web")).container_instance_arns
    start = {"cluster": "web", "taskDefinition": "vpc", "containerInstances": list(instance or ())[:1]}
    service = {"cluster": "web", "serviceName": "s", "taskDefinition": "vpc", "desiredCount": 0}
    outcomes = {
        "RunTask": _outcome(lambda: run(fake, cluster="web", taskDefinition="vpc", **request)),
        "StartTask": _outcome(lambda: fake.start_task(from_api(start | request, StartTaskRequest))),
        "CreateService": _outcome(lambda: fake.create_service(from_api(service | request, CreateServiceRequest))),
    }
    if "networkConfiguration" in given_members:
        fake.create_service(from_api(service | valid | {"serviceName": "v"}, CreateServiceRequest))
        update = {"cluster": "web", "service": "v"} | given_members
        outcomes["UpdateService"] = _outcome(lambda: fake.update_service(from_api(update, UpdateServiceRequest)))
    else:
        arn = "arn:aws:ecs:us-east-1:123456789012:cluster/web"
        tagging = {"resourceArn": arn} | given_members
        outcomes["TagResource"] = _outcome(lambda: fake.tag_resource(from_api(tagging, TagResourceRequest)))
    assert len(set(outcomes.values())) == 1, (given_members, outcomes)


AWS_NAME = re.compile(r"[A-Za-z0-9_-]{1,255}")
NAME_CHARACTERS = "aZ09_-" + " /.:$\n{}é٣"
names = st.one_of(
    st.text(alphabet=NAME_CHARACTERS, max_size=12),
    st.sampled_from(["web/${ENV}", "${ENV}", "{{name}}", "<name>", "x" * 255, "x" * 256, "web\n", "ok-name_1"]),
)


def _taken(call: Any) -> bool:
    """Whether the call took the name (a refusal is AWS's: InvalidParameterException, or ClientException for task
    definitions and capacity providers)."""
    code = _outcome(call)
    assert code in (None, "InvalidParameterException", "ClientException"), code
    return code is None


@settings(max_examples=40)
@given(name=names)
def test_names_are_taken_as_awss_patterns_say_and_found_again(name: str) -> None:
    fake = _fake()
    expected = AWS_NAME.fullmatch(name) is not None

    made = fake.create_cluster(CreateClusterRequest(cluster_name=name)).cluster if expected else None
    assert _taken(lambda: fake.create_cluster(CreateClusterRequest(cluster_name=name))) is expected
    if made is not None:
        found = fake.describe_clusters(DescribeClustersRequest(clusters=(made.cluster_arn or "",)))
        assert [c.cluster_name for c in found.clusters or ()] == [name]

    service = {"cluster": "web", "serviceName": name, "taskDefinition": "app", "desiredCount": 0}
    assert _taken(lambda: fake.create_service(from_api(service, CreateServiceRequest))) is expected
    if expected:
        arn = f"arn:aws:ecs:us-east-1:123456789012:service/web/{name}"
        shown = fake.describe_services(DescribeServicesRequest(cluster="web", services=(arn,))).services or ()
        assert [s.service_name for s in shown] == [name]

    family = {"family": name, "containerDefinitions": [container()]}
    assert _taken(lambda: fake.register_task_definition(from_api(family, RegisterTaskDefinitionRequest))) is expected
    if expected:
        described = fake.describe_task_definition(DescribeTaskDefinitionRequest(task_definition=f"{name}:1"))
        assert described.task_definition is not None
        assert described.task_definition.family == name

    named = {"family": "named", "containerDefinitions": [container(name=name)]}
    assert _taken(lambda: fake.register_task_definition(from_api(named, RegisterTaskDefinitionRequest))) is expected


@settings(max_examples=25)
@given(name=names)
def test_capacity_provider_names(name: str) -> None:
    """Also not starting with ``aws``, ``ecs`` or ``fargate`` (CreateCapacityProvider's API reference)."""
    fake = FakeBackend()
    group = fake.declare_auto_scaling_group("asg", instance_type="m5.large", availability_zones=("us-east-1a",))
    reserved = name.lower().startswith(("aws", "ecs", "fargate"))
    expected = AWS_NAME.fullmatch(name) is not None and not reserved
    request = {"name": name, "autoScalingGroupProvider": {"autoScalingGroupArn": group}}
    taken = _taken(lambda: fake.create_capacity_provider(from_api(request, CreateCapacityProviderRequest)))
    assert taken is expected
    if taken:
        shown = fake.describe_capacity_providers(DescribeCapacityProvidersRequest(capacity_providers=(name,)))
        assert [p.name for p in shown.capacity_providers or ()] == [name]


@pytest.mark.parametrize("name", ["web/${ENV}", "web\n", "web prod"])
def test_a_name_that_looks_like_a_template_is_no_cluster_name(name: str) -> None:
    """Issue 18: ``web/${ENV}`` was taken, and its ARN then found by no other call."""
    fake = FakeBackend()
    with pytest.raises(BackendError) as refused:
        fake.create_cluster(CreateClusterRequest(cluster_name=name))
    assert refused.value.code == "InvalidParameterException"
    assert fake.describe_clusters(DescribeClustersRequest(clusters=(name,))).clusters == ()
