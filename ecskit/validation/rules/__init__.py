"""The rule catalog, one module per object family; importing this package registers every rule."""

from ecskit.validation.rules import (  # noqa: F401 - imported for their registrations
    capacity,
    clusters,
    containers,
    dependencies,
    deployments,
    external,
    fargate,
    iam,
    lifecycle,
    linux,
    load_balancing,
    logging,
    placement,
    ports,
    run_task,
    schema,
    secrets,
    services,
    taskdef,
    volumes,
)
