"""Rules that read numbers out of text (task cpu and memory, GPU counts, port ranges, platform versions) and the
fake's RegisterTaskDefinition give findings for numbers of hundreds or thousands of digits, never an OverflowError
(float() of 400 digits) or a ValueError (int() of more than 4,300)."""

from __future__ import annotations

from typing import Any

import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.codec import from_api
from ecskit.errors import InvalidRequestError
from ecskit.models.ecs import RegisterTaskDefinitionRequest
from ecskit.validation import Report, validate_run_task, validate_service, validate_task_definition
from tests.support.rulecases import container, ec2_taskdef, fargate_taskdef

HUGE = "9" * 5000


def _rules(report: Report) -> set[str]:
    return {f.rule for f in report}


def test_cpu_of_400_digits_is_an_invalid_cpu_setting() -> None:
    assert "td-cpu-value" in _rules(validate_task_definition(ec2_taskdef(cpu="9" * 400)))
    fargate = validate_task_definition(fargate_taskdef(cpu="9" * 400, memory="9" * 400 + " GB"))
    assert "fargate-cpu-memory" in _rules(fargate)


def test_a_gpu_count_of_5000_digits_is_read() -> None:
    doc = ec2_taskdef(container(resourceRequirements=[{"type": "GPU", "value": HUGE}]))
    assert isinstance(validate_task_definition(doc), Report)


def test_a_port_range_of_5000_digits_is_a_bad_range() -> None:
    doc = ec2_taskdef(container(portMappings=[{"containerPortRange": f"1-{HUGE}"}]), networkMode="awsvpc")
    report = validate_task_definition(doc)
    assert any(f.path == "containerDefinitions[0].portMappings[0].containerPortRange" for f in report.errors)


@pytest.mark.parametrize("version", ["1." + HUGE + ".0", HUGE + ".4.0"])
def test_a_platform_version_of_5000_digits_is_read(version: str) -> None:
    run: dict[str, Any] = {"taskDefinition": "app", "launchType": "FARGATE", "platformVersion": version}
    assert isinstance(validate_run_task(run, task_definition=fargate_taskdef()), Report)
    service = {**run, "serviceName": "web"}
    assert isinstance(validate_service(service, task_definition=fargate_taskdef()), Report)


def test_the_fake_refuses_a_cpu_of_400_digits_as_aws_does() -> None:
    fake = FakeBackend()
    request = from_api(ec2_taskdef(cpu="9" * 400), RegisterTaskDefinitionRequest)
    with pytest.raises(InvalidRequestError, match=r"Invalid 'cpu' setting for task\."):
        fake.ecs.register_task_definition(request)
