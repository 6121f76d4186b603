"""What ecskit's validation says of what the fake is asked to run, as the engine uses it: the ``api`` findings
refuse a call (the handlers do that), the ``runtime`` ones play out later, as AWS plays them out: a task that
cannot work stops at its step with AWS's reason, a task AWS cannot place is not placed, a deployment that cannot
progress never completes (:mod:`~.launch`, :mod:`~.lifecycle`, :mod:`~.scheduler`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecskit.backends.fake.core.definitions import DefinitionRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.find import definition_of
from ecskit.backends.fake.core.services import ServiceRecord, TaskSetRecord
from ecskit.codec import register_request_from
from ecskit.models.ecs import (
    CreateServiceRequest,
    DeploymentController,
    DeploymentControllerType,
    RegisterTaskDefinitionRequest,
)
from ecskit.validation import Finding, validate_service, validate_task_definition
from ecskit.validation.context import TaskDefContext
from ecskit.validation.engine import Config, Phase

__all__ = [
    "AS_AWS",
    "SERVICE_ONLY_RULES",
    "definition_context",
    "definition_findings",
    "register_form",
    "service_findings",
    "service_request",
    "task_set_findings",
    "task_set_request",
]


#: How the fake validates what it is asked: as the API reads it, a template placeholder is the text it is (a cluster
#: named ``web/${ENV}`` is refused, where a user validating a template is left alone: ``Config.templates``).
AS_AWS = Config(templates=False)

#: The rules on an EXTERNAL service's own CreateService request that a task set, checked as a service of its
#: settings, does not answer to (the members they refuse on the service are the task set's to give).
SERVICE_ONLY_RULES = frozenset(
    {"svc-external-no-taskdef", "svc-external-no-network", "svc-external-no-lb", "svc-external-task-set-settings"}
)


def register_form(record: DefinitionRecord) -> RegisterTaskDefinitionRequest:
    """The register form of a stored revision (what the validators take), made once per revision."""
    if record.register_form is None:
        record.register_form = register_request_from(record.body)
    return record.register_form


def definition_context(record: DefinitionRecord) -> TaskDefContext:
    """What the launch rules see of a revision (made once per revision: the validators do not read it again)."""
    if record.context is None:
        record.context = TaskDefContext(register_form(record))
    return record.context


def definition_findings(record: DefinitionRecord) -> tuple[Finding, ...]:
    """The ``runtime`` findings on a revision (made once per revision)."""
    if record.runtime is None:
        record.runtime = validate_task_definition(register_form(record), config=AS_AWS).in_phase(Phase.RUNTIME)
    return record.runtime


def service_request(service: ServiceRecord, changes: Mapping[str, Any] | None = None) -> CreateServiceRequest:
    """A service as the CreateService request that would make it as it is now (what validate_service takes), or
    as it would be with ``changes`` (members of the record by name) applied."""
    now = service if not changes else _Changed(service, changes)
    # An EXTERNAL service shows its primary task set's settings, but they are not its own to check.
    own = str(service.deployment_controller.type) != "EXTERNAL"
    return CreateServiceRequest(
        service_name=now.name,
        task_definition=now.task_definition if own else None,
        desired_count=None if now.daemon else now.desired_count,
        launch_type=now.launch_type if own else None,
        capacity_provider_strategy=now.capacity_provider_strategy if own else None,
        platform_version=now.platform_version if own else None,
        deployment_configuration=now.deployment_configuration,
        placement_constraints=now.placement_constraints,
        placement_strategy=now.placement_strategy,
        network_configuration=now.network_configuration if own else None,
        health_check_grace_period_seconds=now.health_check_grace_period_seconds,
        scheduling_strategy=now.scheduling_strategy,
        load_balancers=(now.load_balancers or None) if own else None,
        service_registries=(now.service_registries or None) if own else None,
        deployment_controller=now.deployment_controller,
        enable_execute_command=now.enable_execute_command,
        service_connect_configuration=now.service_connect,
    )


class _Changed:
    """A record seen with some of its members changed (what :func:`service_request` reads)."""

    def __init__(self, record: object, changes: Mapping[str, Any]) -> None:
        self._record, self._changes = record, changes

    def __getattr__(self, name: str) -> Any:
        changes = self._changes
        return changes[name] if name in changes else getattr(self._record, name)


def service_findings(env: Env, service: ServiceRecord) -> tuple[Finding, ...]:
    """The ``runtime`` findings on a service with its task definition and cluster (kept until it changes)."""
    if service.runtime is None:
        if service.task_definition is None or service.runs_task_sets:  # its task sets' findings are their own
            return ()
        definition = definition_of(env, service.task_definition)
        report = validate_service(
            service_request(service), task_definition=definition_context(definition), config=AS_AWS
        )
        service.runtime = report.in_phase(Phase.RUNTIME)
    return service.runtime


def task_set_request(service: ServiceRecord, task_set: TaskSetRecord) -> CreateServiceRequest:
    """A task set as the CreateService request of a service of the EXTERNAL controller that would run what it runs
    (what validate_service takes: the launch, network and load balancer rules hold for a task set as for a service;
    the rules of :data:`SERVICE_ONLY_RULES` are to be left out)."""
    return CreateServiceRequest(
        service_name=service.name,
        task_definition=task_set.task_definition,
        desired_count=service.desired_count,
        launch_type=task_set.launch_type,
        capacity_provider_strategy=task_set.capacity_provider_strategy,
        platform_version=task_set.platform_version,
        placement_constraints=service.placement_constraints,
        placement_strategy=service.placement_strategy,
        network_configuration=task_set.network_configuration,
        health_check_grace_period_seconds=service.health_check_grace_period_seconds,
        load_balancers=task_set.load_balancers or None,
        service_registries=task_set.service_registries or None,
        deployment_controller=DeploymentController(type=DeploymentControllerType.EXTERNAL),
        enable_execute_command=service.enable_execute_command,
    )


def task_set_findings(env: Env, service: ServiceRecord, task_set: TaskSetRecord) -> tuple[Finding, ...]:
    """The ``runtime`` findings on a task set with its task definition (kept on it: a task set never changes what
    it runs)."""
    if task_set.runtime is None:
        definition = definition_of(env, task_set.task_definition)
        report = validate_service(
            task_set_request(service, task_set), task_definition=definition_context(definition), config=AS_AWS
        )
        task_set.runtime = tuple(f for f in report.in_phase(Phase.RUNTIME) if f.rule not in SERVICE_ONLY_RULES)
    return task_set.runtime
