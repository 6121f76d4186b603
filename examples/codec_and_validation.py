"""ecskit quickstart: build a task definition as typed models, write it as API JSON, read it back, see what
ecskit says about a broken one, and validate both before AWS does.

Run: ``python examples/codec_and_validation.py``
"""

from __future__ import annotations

import attrs

import ecskit
from ecskit.models.ecs import (
    Compatibility,
    ContainerDefinition,
    KeyValuePair,
    LogConfiguration,
    LogDriver,
    NetworkMode,
    PortMapping,
    RegisterTaskDefinitionRequest,
    Secret,
    TransportProtocol,
)
from ecskit.validation import validate_task_definition


def build() -> RegisterTaskDefinitionRequest:
    """A Fargate web service's task definition, checked by the type checker as you write it."""
    return RegisterTaskDefinitionRequest(
        family="web",
        network_mode=NetworkMode.AWSVPC,
        requires_compatibilities=(Compatibility.FARGATE,),
        cpu="256",
        memory="512",
        execution_role_arn="arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
        container_definitions=(
            ContainerDefinition(
                name="app",
                image="123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2",
                essential=True,
                port_mappings=(PortMapping(container_port=8080, protocol=TransportProtocol.TCP),),
                environment=(KeyValuePair(name="PORT", value="8080"),),
                secrets=(Secret(name="DB_PASSWORD", value_from="arn:aws:ssm:us-east-1:123456789012:parameter/db"),),
                log_configuration=LogConfiguration(
                    log_driver=LogDriver.AWSLOGS,
                    options={
                        "awslogs-group": "/ecs/web",
                        "awslogs-region": "us-east-1",
                        "awslogs-stream-prefix": "app",
                    },
                ),
            ),
        ),
    )


BROKEN = """{
  "family": "web",
  "networkMode": "awsvcp",
  "cpu": 256,
  "containerDefinitions": [
    {"name": "app", "image": "nginx", "essentail": true, "portMappings": [{"containerPort": "80"}]}
  ]
}"""


def main() -> None:
    request = build()
    text = ecskit.to_json(request, indent=2)
    print("1. The task definition as register-task-definition --cli-input-json takes it:\n")
    print(text)

    again = ecskit.from_json(text, RegisterTaskDefinitionRequest)
    print(f"\n2. Read back: equal to what we built? {again == request}")
    print(f"   first container's first port: {again.container_definitions[0].port_mappings}")

    print("\n3. A broken document: every problem at once, with its path and a fix.\n")
    try:
        ecskit.from_json(BROKEN, RegisterTaskDefinitionRequest)
    except ecskit.ConversionError as exc:
        print(exc)

    described = {
        "taskDefinition": {**ecskit.to_api(request), "revision": 7, "status": "ACTIVE", "compatibilities": ["FARGATE"]},
        "tags": [{"key": "team", "value": "web"}],
    }
    register = ecskit.read_task_definition(described)
    print("\n4. describe-task-definition output turned back into register input (read-only members dropped):")
    print(f"   revision/status gone: {'revision' not in ecskit.to_api(register)}; tags kept: {register.tags}")

    print("\n5. Validation, offline: our task definition, then the same with three classic mistakes.\n")
    print(f"   as built: {validate_task_definition(request)!r}")
    container = request.container_definitions[0]
    broken = attrs.evolve(
        request,
        cpu="1 vCPU",
        memory="1 GB",
        container_definitions=(
            attrs.evolve(container, port_mappings=(PortMapping(container_port=8080, host_port=80),)),
        ),
        execution_role_arn=None,
    )
    print(validate_task_definition(broken).format())


if __name__ == "__main__":
    main()
