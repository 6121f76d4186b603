"""Builders check their arguments where they are called: a wrong type is a UsageError naming the argument and the
fix, never a TypeError from deep inside, and every builder function and method that takes values does so."""

from __future__ import annotations

import contextlib
import importlib
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecskit.builders import (
    ContainerBuilder,
    cluster,
    container,
    health_check,
    lifecycle_policy,
    service,
    spot_with_on_demand_base,
    task_definition,
)
from ecskit.builders._arguments import CHECKED, plan_of
from ecskit.builders.patterns import load_balanced_service, one_off_task, queue_worker
from ecskit.errors import EcsKitError, UsageError
from ecskit.models.ecs import Compatibility, LaunchType, NetworkMode
from tests.support.models import anything

R = TypeVar("R")

MODULES = [
    "ecskit.builders.containers",
    "ecskit.builders.task_definitions",
    "ecskit.builders.services",
    "ecskit.builders.clusters",
    "ecskit.builders.load_balancing",
    "ecskit.builders.lifecycle",
    "ecskit.builders.patterns.web",
    "ecskit.builders.patterns.workers",
    "ecskit.builders.patterns.tasks",
]


def loosely(fn: Callable[..., R]) -> Callable[..., R]:
    """``fn`` typed to take anything: these tests call builders outside their annotations on purpose."""
    return fn


def _public_callables() -> list[tuple[str, Callable[..., Any]]]:
    """Every public function of the builder modules and every public method of their classes."""
    found: list[tuple[str, Callable[..., Any]]] = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if inspect.isfunction(obj):
                found.append((f"{name}.{attr}", obj))
            elif inspect.isclass(obj) and obj.__module__ == name:
                for key, member in vars(obj).items():
                    fn = member.__func__ if isinstance(member, classmethod) else member
                    if not key.startswith("_") and inspect.isfunction(fn):
                        found.append((f"{name}.{attr}.{key}", fn))
    return found


def _takes_values(fn: Callable[..., Any]) -> bool:
    return any(p not in ("self", "cls") for p in inspect.signature(fn).parameters)


CALLABLES = [(n, f) for n, f in _public_callables() if _takes_values(f)]


def _with_a_stranger(param: inspect.Parameter, positional: list[str]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Arguments that give ``param`` an object of no known type (``None`` before it, where it is positional)."""
    stranger = object()
    if param.kind is param.VAR_POSITIONAL:
        return (None,) * len(positional) + (stranger,), {}
    if param.kind is param.VAR_KEYWORD:
        return (), {"SOME_NAME": stranger}
    if param.kind is param.POSITIONAL_ONLY:
        return (None,) * positional.index(param.name) + (stranger,), {}
    return (), {param.name: stranger}


def test_there_are_builders_to_check() -> None:
    assert len(CALLABLES) >= 100


@pytest.mark.parametrize(("name", "fn"), CALLABLES, ids=[n for n, _ in CALLABLES])
def test_every_builder_that_takes_values_checks_them(name: str, fn: Callable[..., Any]) -> None:
    original = inspect.unwrap(fn)
    assert original in CHECKED, f"{name} is not decorated with @check_arguments"
    plan = plan_of(original)
    # An object of no known type is wrong for every annotated parameter, wherever it is given.
    for param in inspect.signature(original).parameters.values():
        if param.name in ("self", "cls") or param.annotation is inspect.Parameter.empty:
            continue
        named = "SOME_NAME" if param.kind is param.VAR_KEYWORD else param.name
        args, kwargs = _with_a_stranger(param, [n for n, _ in plan.positional])
        with pytest.raises(UsageError, match=named):
            plan.apply(args, kwargs)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: loosely(container("app", "nginx").port)("80"),
            "ContainerBuilder.port(): container_port must be an integer, got the string '80' "
            "(write it as the number 80, without quotes)",
        ),
        (
            lambda: container("app", "nginx").capabilities(add="SYS_PTRACE"),
            "add must be a tuple or list, got the string 'SYS_PTRACE' (wrap it in a tuple: ('SYS_PTRACE',))",
        ),
        (lambda: loosely(container("app", "nginx").env)(MODE=1), "MODE must be a string, got the integer 1"),
        (lambda: loosely(container("app", "nginx").env)({"A": 2}), "values['A'] must be a string, got the integer 2"),
        (lambda: loosely(health_check)(5), "command must be a string or a tuple or list, got the integer 5"),
        (lambda: loosely(task_definition("web").network_mode)("awsvcp"), "did you mean 'awsvpc'?"),
        (
            lambda: loosely(task_definition("web").container)({"name": "app"}),
            "containers[0] must be a ContainerBuilder",
        ),
        (lambda: loosely(spot_with_on_demand_base)(base="1"), "base must be an integer, got the string '1'"),
        (lambda: loosely(cluster("prod").tags)({"team": 7}), "values['team'] must be a string"),
        (
            lambda: loosely(service)("web", task_definition("web").ec2(memory=512).draft(), desired_count="3"),
            "desired_count",
        ),
    ],
)
def test_wrong_types_are_usage_errors_with_the_fix(call: Callable[[], object], message: str) -> None:
    with pytest.raises(UsageError) as info:
        call()
    assert message in str(info.value)


def test_enum_strings_become_members() -> None:
    with_mode = loosely(task_definition("web").network_mode)("awsvpc")
    td = loosely(with_mode.compatibilities)("EC2").request
    assert td.network_mode is NetworkMode.AWSVPC
    assert td.requires_compatibilities == (Compatibility.EC2,)


def test_patterns_take_enum_strings_as_their_members() -> None:
    # launch_type is compared with `is` inside the pattern: "EC2" must behave as LaunchType.EC2 does.
    common: dict[str, Any] = {"image": "nginx", "account": "123456789012", "region": "us-east-1"}
    by_string = loosely(one_off_task)("job", launch_type="EC2", memory=512, **common)
    by_member = one_off_task("job", launch_type=LaunchType.EC2, memory=512, **common)
    assert by_string == by_member


def test_patterns_check_their_arguments_too() -> None:
    with pytest.raises(UsageError, match="port must be an integer"):
        loosely(load_balanced_service)(
            "web",
            image="nginx",
            port="80",
            account="123456789012",
            region="us-east-1",
            vpc_id="vpc-0123456789abcdef0",
            public_subnets=("subnet-0a000000", "subnet-0b000000"),
        )
    with pytest.raises(UsageError, match="subnets must be a tuple or list"):
        queue_worker("worker", image="nginx", account="123456789012", region="us-east-1", subnets="subnet-0a000000")


def _builders() -> dict[str, Any]:
    td = task_definition("web").ec2(memory=512).container(container("app", "nginx").port(80))
    return {
        "ContainerBuilder": container("app", "nginx"),
        "TaskDefinitionBuilder": td,
        "ServiceBuilder": service("web", td),
        "ClusterBuilder": cluster("prod"),
        "LifecyclePolicyBuilder": lifecycle_policy(),
    }


def _finish(made: Any) -> None:
    """Validate what a builder method made (a container through a task definition)."""
    if isinstance(made, ContainerBuilder):
        made = task_definition("web").container(made)
    if hasattr(made, "validate"):
        made.validate()


def _arguments(fn: Callable[..., Any], data: st.DataObject) -> tuple[list[Any], dict[str, Any]]:
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in inspect.signature(fn).parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            args.extend(data.draw(st.lists(anything, max_size=2), label=p.name))
        elif p.kind is p.VAR_KEYWORD:
            kwargs.update(data.draw(st.dictionaries(st.sampled_from(["A", "B"]), anything, max_size=2), label=p.name))
        elif p.kind is p.POSITIONAL_ONLY:
            args.append(data.draw(anything, label=p.name))
        else:
            kwargs[p.name] = data.draw(anything, label=p.name)
    return args, kwargs


#: The methods of the five builders and the plain functions (not the patterns: a call is a whole deployment).
FUZZED = [(n, f) for n, f in CALLABLES if ".patterns." not in n and not n.endswith("from_definition")]


@pytest.mark.parametrize(("name", "fn"), FUZZED, ids=[n.split(".", 2)[2] for n, _ in FUZZED])
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_any_arguments_give_a_result_or_an_ecskit_error(name: str, fn: Callable[..., Any], data: st.DataObject) -> None:
    owner = name.rsplit(".", 2)[1]
    builders = _builders()
    call = getattr(builders[owner], fn.__name__) if owner in builders else fn
    args, kwargs = _arguments(call, data)
    # A UsageError at the call, or (for values of the right type) findings at build: never another exception.
    with contextlib.suppress(EcsKitError):
        _finish(call(*args, **kwargs))
