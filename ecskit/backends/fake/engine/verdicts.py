"""What ecskit's validation says of what the fake is asked to run, as the engine uses it: the ``api`` findings
refuse a call (the handlers do that), the ``runtime`` ones play out later, as AWS plays them out: a task that
cannot work stops at its step with AWS's reason, a task AWS cannot place is not placed, a deployment that cannot
progress never completes (:mod:`~.launch`, :mod:`~.lifecycle`, :mod:`~.scheduler`)."""

from __future__ import annotations

from ecskit.backends.fake.core.definitions import DefinitionRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.find import definition_of
from ecskit.backends.fake.core.services import ServiceRecord
from ecskit.codec import register_request_from
from ecskit.models.ecs import CreateServiceRequest, RegisterTaskDefinitionRequest
from ecskit.validation import Finding, validate_service, validate_task_definition
from ecskit.validation.engine import Phase

__all__ = ["definition_findings", "register_form", "service_findings", "service_request"]


def register_form(record: DefinitionRecord) -> RegisterTaskDefinitionRequest:
    """The register form of a stored revision (what the validators take), made once per revision."""
    if record.register_form is None:
        record.register_form = register_request_from(record.body)
    return record.register_form


def definition_findings(record: DefinitionRecord) -> tuple[Finding, ...]:
    """The ``runtime`` findings on a revision (made once per revision)."""
    if record.runtime is None:
        record.runtime = validate_task_definition(register_form(record)).in_phase(Phase.RUNTIME)
    return record.runtime


def service_request(service: ServiceRecord) -> CreateServiceRequest:
    """A service as the CreateService request that would make it as it is now (what validate_service takes)."""
    return CreateServiceRequest(
        service_name=service.name,
        task_definition=service.task_definition,
        desired_count=None if service.daemon else service.desired_count,
        launch_type=service.launch_type,
        capacity_provider_strategy=service.capacity_provider_strategy,
        platform_version=service.platform_version,
        deployment_configuration=service.deployment_configuration,
        placement_constraints=service.placement_constraints,
        placement_strategy=service.placement_strategy,
        network_configuration=service.network_configuration,
        health_check_grace_period_seconds=service.health_check_grace_period_seconds,
        scheduling_strategy=service.scheduling_strategy,
        load_balancers=service.load_balancers or None,
        service_registries=service.service_registries or None,
        deployment_controller=service.deployment_controller,
        enable_execute_command=service.enable_execute_command,
    )


def service_findings(env: Env, service: ServiceRecord) -> tuple[Finding, ...]:
    """The ``runtime`` findings on a service with its task definition and cluster (kept until it changes)."""
    if service.runtime is None:
        definition = definition_of(env, service.task_definition)
        report = validate_service(service_request(service), task_definition=register_form(definition))
        service.runtime = report.in_phase(Phase.RUNTIME)
    return service.runtime
