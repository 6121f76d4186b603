"""The audit of every rule the fake enforces at the API call: each ``api`` rule either names a public source that
shows AWS refusing the call (``source``), or is listed here, under the reason AWS refuses the call itself rather
than failing a task later. A new ``api`` rule without a source fails this test until it is placed in a group (or
moved to ``runtime`` or ``advice``, where a rule AWS enforces only at task start, or never, belongs).

Rules moved out of ``api`` by this audit: ``td-inference-accelerator`` (the API still takes inferenceAccelerators;
a task asking for Elastic Inference finds no instance) and ``vol-efs-ids`` (an id not shaped ``fs-...`` registers
and fails when the volume is mounted).
"""

from __future__ import annotations

import pytest

from ecskit.validation import CATALOG, Phase

#: Why AWS refuses the call, for the api rules no public page shows refused: group -> (reason, rule ids).
AUDITED: dict[str, tuple[str, frozenset[str]]] = {
    "request-members": (
        "The API reference gives the member's allowed values, length, range, format or count, or which members go "
        "together: the service validates a request's own members before it acts on it.",
        frozenset(
            {
                "cluster-name",
                "cluster-settings",
                "cluster-exec-logging",
                "cluster-max-providers",
                "cluster-default-strategy-providers",
                "container-memory-ge-reservation",
                "container-restart-policy",
                "cp-asg-arn",
                "cp-fargate-reserved",
                "cp-managed-scaling",
                "cp-provider-kind",
                "cps-associated",
                "cps-base-range",
                "cps-max-20",
                "cps-positive-weight",
                "cps-single-base",
                "cps-weight-range",
                "env-files-max-10",
                "hc-interval",
                "hc-retries",
                "hc-start-period",
                "hc-timeout",
                "linux-swap-range",
                "placement-distinct-instance-expression",
                "placement-expression",
                "placement-expression-taskdef",
                "placement-max-constraints",
                "placement-max-strategies",
                "placement-strategy-field",
                "placement-strategy-type",
                "placement-constraint-type",
                "placement-constraint-type-taskdef",
                "port-host-port-range",
                "port-name-format",
                "port-range-rules",
                "run-count",
                "run-overrides-size",
                "run-override-ephemeral",
                "run-propagate-service",
                "run-started-by",
                "svc-awsvpc-id-format",
                "svc-awsvpc-subnets-sgs",
                "svc-client-token",
                "svc-desired-count",
                "svc-grace-period",
                "svc-name-format",
                "svc-taskdef-format",
                "svc-taskdef-required",
                "tag-capacity-provider",
                "tag-cluster",
                "tag-service",
                "td-compat-unique",
                "td-ephemeral-storage",
                "td-family-format",
                "td-memory-value",
                "td-placement-max-10",
                "td-role-arn-format",
                "td-size-64kib",
                "vol-ebs-config",
                "vol-one-configured-at-launch",
            }
        ),
    ),
    "references": (
        "The member names something the same request or its task definition must have (a container, a port "
        "mapping's name or port, a configured-at-launch volume); the call reads the task definition, so a dangling "
        "reference is refused there, as the sourced rules of this kind show (vol-mount-source-exists, "
        "lb-container-exists).",
        frozenset(
            {
                "lb-container-port-exists",
                "lb-lattice-port-name",
                "run-override-container-name",
                "sc-portname",
                "sd-container-port-rules",
                "td-proxy-config",
                "vol-ebs-binding",
            }
        ),
    ),
    "network-mode": (
        "A port mapping or container member the task definition's network mode does not take: registration "
        "validates them against the mode, as the sourced rules of this kind show (port-awsvpc-host-eq-container, "
        "container-hostname-awsvpc, container-links-bridge-only).",
        frozenset(
            {
                "container-extra-hosts-awsvpc",
                "port-dynamic-bridge-only",
                "port-host-mode-host-eq-container",
                "port-none-mode-no-ports",
            }
        ),
    ),
    "fargate-compatibility": (
        "A task definition requiring FARGATE is validated against Fargate when it is registered ('compatibilities: "
        "the task launch types the task definition validated against during task definition registration', API "
        "reference; sourced rules of this kind: fargate-awsvpc, td-ipc-mode, td-pid-mode); a launch on Fargate is "
        "validated the same way when it is asked for.",
        frozenset(
            {
                "container-timeouts-fargate",
                "fargate-gpu",
                "fargate-large-sizes-linux",
                "fargate-no-placement-constraints",
                "fargate-unsupported-container-params",
                "fargate-windows-sizes",
                "linux-fargate-cap-add",
                "linux-fargate-unsupported",
                "log-fargate-drivers",
                "placement-fargate",
                "vol-docker-fargate",
                "vol-host-sourcepath-fargate",
                "vol-efs-transit-encryption",
            }
        ),
    ),
    "service-configuration": (
        "CreateService and UpdateService check the service's configuration as a whole (deployment controller, "
        "scheduling strategy, launch type, load balancers, service discovery, Service Connect) before any task "
        "starts, as the sourced rules of this kind show (svc-daemon-no-count, lb-role-param, launch-type-xor-cps).",
        frozenset(
            {
                "deploy-alarms-ecs",
                "deploy-circuit-breaker-ecs",
                "deploy-daemon-max-percent",
                "deploy-percent-codedeploy-ec2",
                "deploy-strategy-fields",
                "ext-no-capacity-providers",
                "ext-no-load-balancers",
                "ext-no-service-discovery",
                "lb-awsvpc-no-classic",
                "lb-classic-static-host-port",
                "lb-codedeploy-needs-lb",
                "lb-counts",
                "lb-fields-by-type",
                "lb-multi-tg-controllers",
                "sc-access-log-config",
                "sc-alias-name-rules",
                "sd-one-registry",
                "svc-daemon-compat",
                "svc-managed-instances-cps",
            }
        ),
    ),
    "lifecycle-policy": (
        "PutLifecyclePolicy validates the policy document and refuses it ('Lifecycle policy validation failure', "
        "ECR's lifecycle policy page lists the rules a policy follows).",
        frozenset(
            {
                "lifecycle-action-target",
                "lifecycle-any-last",
                "lifecycle-count-number",
                "lifecycle-count-type-action",
                "lifecycle-count-unit",
                "lifecycle-filter-only-tagged",
                "lifecycle-max-rules",
                "lifecycle-one-untagged",
                "lifecycle-pattern-wildcards",
                "lifecycle-policy-size",
                "lifecycle-prefix-xor-pattern",
                "lifecycle-priority-positive",
                "lifecycle-storage-class",
                "lifecycle-tagged-needs-filter",
                "lifecycle-unique-prefixes",
                "lifecycle-unique-priority",
            }
        ),
    ),
    "schema": (
        "The document does not fit the API's shape: botocore refuses it before sending, or the service refuses an "
        "enum value it does not know.",
        frozenset({"schema-bad-value", "schema-missing-key", "schema-unknown-key", "schema-wrong-type"}),
    ),
}


def _unsourced_api_rules() -> set[str]:
    return {r.id for r in CATALOG.values() if r.phase is Phase.API and r.source is None}


def test_every_unsourced_api_rule_is_audited() -> None:
    audited = set().union(*(ids for _, ids in AUDITED.values()))
    assert _unsourced_api_rules() - audited == set(), "place these api rules in a group, or move them out of api"


def test_no_audit_entry_is_stale() -> None:
    for group, (_, ids) in AUDITED.items():
        for rule_id in ids:
            found = CATALOG.get(rule_id)
            assert found is not None, f"{group}: no rule {rule_id}"
            assert found.phase is Phase.API, f"{group}: {rule_id} is no longer an api rule"
            assert found.source is None, f"{group}: {rule_id} has a source: it needs no audit entry"


def test_each_rule_is_in_one_group() -> None:
    seen: dict[str, str] = {}
    for group, (_, ids) in AUDITED.items():
        for rule_id in ids:
            assert rule_id not in seen, f"{rule_id} is in {seen.get(rule_id)} and {group}"
            seen[rule_id] = group


@pytest.mark.parametrize("rule_id", ["td-inference-accelerator", "vol-efs-ids"])
def test_what_registers_fails_later(rule_id: str) -> None:
    found = CATALOG[rule_id]
    assert found.phase is Phase.RUNTIME
    assert found.effect is not None
    assert found.doubt is not None
