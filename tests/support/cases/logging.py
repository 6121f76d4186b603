"""Cases for ecskit/validation/rules/logging.py."""

from __future__ import annotations

from tests.support.rulecases import (
    EXECUTION_ROLE,
    Case,
    awslogs,
    container,
    ec2_taskdef,
    fargate_container,
    fargate_taskdef,
)

_SPLUNK_TOKEN = {"name": "splunk-token", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:splunk"}


def _logs(config: dict[str, object]) -> dict[str, object]:
    """An EC2 task definition whose one container logs with ``config``."""
    return ec2_taskdef(container(logConfiguration=config), executionRoleArn=EXECUTION_ROLE)


def _router(**options: str) -> dict[str, object]:
    return fargate_container(name="log_router", firelensConfiguration={"type": "fluentbit", "options": options})


def _firelens_user() -> dict[str, object]:
    return fargate_container(logConfiguration={"logDriver": "awsfirelens", "options": {"Name": "cloudwatch"}})


CASES = [
    Case(
        rule="log-fargate-drivers",
        bad=fargate_taskdef(fargate_container(logConfiguration={"logDriver": "json-file"})),
        good=fargate_taskdef(
            fargate_container(
                logConfiguration={
                    "logDriver": "splunk",
                    "options": {"splunk-url": "u"},
                    "secretOptions": [_SPLUNK_TOKEN],
                }
            )
        ),
        path="containerDefinitions[0].logConfiguration.logDriver",
    ),
    Case(
        rule="log-awslogs-required",
        bad=_logs({"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app"}}),
        good=_logs(awslogs()),
        path="containerDefinitions[0].logConfiguration.options",
    ),
    Case(
        rule="log-awslogs-option-values",
        bad=_logs(awslogs(**{"awslogs-region": "us-east1"})),
        good=_logs(awslogs(**{"awslogs-region": "${AWS::Region}"})),
        path="containerDefinitions[0].logConfiguration.options['awslogs-region']",
    ),
    Case(
        rule="log-awslogs-option-values",
        name="group",
        bad=_logs(awslogs(**{"awslogs-group": "ecs app", "awslogs-create-group": "yes"})),
        good=_logs(awslogs(**{"awslogs-group": "/ecs/app#1", "awslogs-create-group": "true"})),
        path="containerDefinitions[0].logConfiguration.options['awslogs-create-group']",
    ),
    Case(
        rule="log-awslogs-prefix-fargate",
        bad=fargate_taskdef(
            fargate_container(
                logConfiguration={
                    "logDriver": "awslogs",
                    "options": {"awslogs-group": "/ecs/app", "awslogs-region": "us-east-1"},
                }
            )
        ),
        good=fargate_taskdef(),
        path="containerDefinitions[0].logConfiguration.options",
    ),
    Case(
        rule="log-awslogs-multiline-exclusive",
        bad=_logs(awslogs(**{"awslogs-datetime-format": "%Y-%m-%d", "awslogs-multiline-pattern": "^INFO"})),
        good=_logs(awslogs(**{"awslogs-datetime-format": "%Y-%m-%d"})),
        path="containerDefinitions[0].logConfiguration.options['awslogs-multiline-pattern']",
    ),
    Case(
        rule="log-awslogs-unknown-option",
        bad=_logs(awslogs(**{"awslogs-regoin": "us-east-1"})),
        good=_logs(awslogs(**{"awslogs-create-group": "true", "mode": "non-blocking"})),
        path="containerDefinitions[0].logConfiguration.options['awslogs-regoin']",
    ),
    Case(
        rule="log-mode",
        bad=_logs(awslogs(mode="async")),
        good=_logs(awslogs(mode="non-blocking", **{"max-buffer-size": "25m"})),
        path="containerDefinitions[0].logConfiguration.options.mode",
    ),
    Case(
        rule="log-mode",
        name="buffer-with-blocking",
        bad=_logs(awslogs(mode="blocking", **{"max-buffer-size": "4MiB"})),
        good=_logs(awslogs(mode="blocking")),
        path="containerDefinitions[0].logConfiguration.options['max-buffer-size']",
    ),
    Case(
        rule="log-mode",
        name="buffer-size",
        bad=_logs(awslogs(mode="non-blocking", **{"max-buffer-size": "lots"})),
        good=_logs(awslogs(mode="non-blocking", **{"max-buffer-size": "1.5 GB"})),
    ),
    Case(
        rule="log-splunk-required",
        bad=_logs({"logDriver": "splunk", "options": {"splunk-url": "https://splunk.example.com:8088"}}),
        good=_logs(
            {
                "logDriver": "splunk",
                "options": {"splunk-url": "https://splunk.example.com:8088"},
                "secretOptions": [_SPLUNK_TOKEN],
            }
        ),
        path="containerDefinitions[0].logConfiguration",
    ),
    Case(
        rule="log-firelens-needs-router",
        bad=fargate_taskdef(_firelens_user()),
        good=fargate_taskdef(_firelens_user(), _router()),
        path="containerDefinitions[0].logConfiguration.logDriver",
    ),
    Case(
        rule="log-firelens-needs-user",
        bad=fargate_taskdef(fargate_container(), _router()),
        good=fargate_taskdef(_firelens_user(), _router()),
        path="containerDefinitions[1].firelensConfiguration",
    ),
    Case(
        rule="log-firelens-config-file",
        bad=fargate_taskdef(_firelens_user(), _router(**{"config-file-type": "http", "config-file-value": "x"})),
        good=fargate_taskdef(
            _firelens_user(), _router(**{"config-file-type": "file", "config-file-value": "/fluent-bit/etc/x.conf"})
        ),
        path="containerDefinitions[1].firelensConfiguration.options['config-file-type']",
    ),
    Case(
        rule="log-firelens-config-file",
        name="s3-arn",
        bad=ec2_taskdef(
            container(logConfiguration={"logDriver": "awsfirelens"}),
            container(
                name="router",
                firelensConfiguration={
                    "type": "fluentd",
                    "options": {"config-file-type": "s3", "config-file-value": "s3://bucket/fluent.conf"},
                },
            ),
        ),
        good=ec2_taskdef(
            container(logConfiguration={"logDriver": "awsfirelens"}),
            container(
                name="router",
                firelensConfiguration={
                    "type": "fluentd",
                    "options": {"config-file-type": "s3", "config-file-value": "arn:aws:s3:::bucket/fluent.conf"},
                },
            ),
        ),
        path="containerDefinitions[1].firelensConfiguration.options['config-file-value']",
    ),
    Case(
        rule="log-firelens-fargate-config",
        bad=fargate_taskdef(
            _firelens_user(),
            _router(**{"config-file-type": "s3", "config-file-value": "arn:aws:s3:::bucket/fluent.conf"}),
        ),
        good=fargate_taskdef(
            _firelens_user(), _router(**{"config-file-type": "file", "config-file-value": "/fluent-bit/etc/x.conf"})
        ),
        path="containerDefinitions[1].firelensConfiguration.options['config-file-type']",
    ),
]
