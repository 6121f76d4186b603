"""Notebook displays: what each shows (HTML and IPython's text), that user text is escaped, and the views read from
any backend."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from ecskit import Client, from_api
from ecskit.backends.boto3 import Boto3Backend
from ecskit.backends.fake import FakeBackend
from ecskit.diff import diff_task_definitions
from ecskit.display import DISPLAYED, ClusterView, ServiceView, placement_svg
from ecskit.display.cards import Link, Table, count
from ecskit.errors import UsageError
from ecskit.lifecycle import ImageUse, preview
from ecskit.models import ecr, ecr_public
from ecskit.models.ecs import (
    ContainerInstance,
    CreateServiceRequest,
    RegisterTaskDefinitionRequest,
    Resource,
    Service,
    Task,
    TaskDefinition,
)
from ecskit.validation import Report, validate_task_definition
from ecskit.validation.engine import Finding, Phase, Severity
from tests.support.fake_ecs import awsvpc, cluster, container, fargate_taskdef, register, run, taskdef

EVIL = '<script>alert("x")</script>&'
EVIL_HTML = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"


class Printer:
    """What ``_repr_pretty_`` is given by IPython: something with ``text``."""

    def __init__(self) -> None:
        self.out = ""

    def text(self, text: str) -> None:
        self.out += text


def html(value: Any) -> str:
    """What a notebook shows."""
    return str(value._repr_html_())


def pretty(value: Any, *, cycle: bool = False) -> str:
    printer = Printer()
    value._repr_pretty_(printer, cycle)
    return printer.out


WEB: dict[str, Any] = {
    "family": "web",
    "revision": 3,
    "cpu": "256",
    "memory": "512",
    "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"],
    "status": "ACTIVE",
    "containerDefinitions": [
        {
            "name": "app",
            "image": "nginx:1.27",
            "cpu": 128,
            "memory": 512,
            "memoryReservation": 256,
            "portMappings": [{"containerPort": 80, "hostPort": 8080, "protocol": "tcp", "name": "http"}],
            "healthCheck": {"command": ["CMD-SHELL", "curl -f localhost"], "interval": 10, "retries": 2},
        },
        {"name": "sidecar", "image": "envoy", "essential": False, "memoryReservation": 64},
    ],
}


def test_every_displayed_class_has_both_displays() -> None:
    for cls in DISPLAYED:
        assert callable(cls._repr_html_)
        assert callable(cls._repr_pretty_)
    for view in (ServiceView, ClusterView):
        assert callable(view._repr_html_)
        assert callable(view._repr_pretty_)


def test_a_task_definition_shows_its_containers_as_a_table() -> None:
    td = from_api(WEB, TaskDefinition)
    text = pretty(td)
    assert text.splitlines() == [
        "task definition web:3",
        "  cpu 256, memory 512, network mode awsvpc, requires FARGATE, status ACTIVE",
        "containers:",
        "  name     image       cpu  memory          ports                essential  health check",
        "  app      nginx:1.27  128  512 (soft 256)  8080->80/tcp (http)  yes        CMD-SHELL curl -f localhost",
        "                                                                            every 10 s, 2 retries",
        "  sidecar  envoy       -    soft 64         -                    no         -",
    ]
    page = html(td)
    for header in ("image", "cpu", "memory", "ports", "essential", "health check"):
        assert f">{header}</th>" in page
    assert "CMD-SHELL curl -f localhost<br>every 10 s, 2 retries" in page
    assert pretty(td, cycle=True) == "TaskDefinition(...)"


def test_a_register_request_shows_the_same() -> None:
    request = from_api({k: v for k, v in WEB.items() if k not in ("revision", "status")}, RegisterTaskDefinitionRequest)
    assert pretty(request).startswith("task definition web\n  cpu 256")


def test_user_text_is_escaped_everywhere() -> None:
    doc = {
        "family": EVIL,
        "containerDefinitions": [
            {
                "name": EVIL,
                "image": EVIL,
                "memory": 64,
                "healthCheck": {"command": ["CMD", EVIL]},
                "portMappings": [{"containerPort": 80, "name": EVIL}],
            }
        ],
    }
    page = html(from_api(doc, TaskDefinition))
    assert "<script>" not in page
    assert page.count(EVIL_HTML) == 5
    service = from_api({"serviceName": EVIL, "events": [{"message": EVIL}]}, Service)
    assert "<script>" not in html(service)


def test_links_are_http_only() -> None:
    assert Link("docs", "https://docs.aws.amazon.com/x").html().startswith('<a href="https://docs.aws.amazon.com/x"')
    assert Link("docs", 'javascript:alert("x")').html() == "docs"
    assert Link(EVIL, "https://a.example/?q=1&r=2").html() == (
        f'<a href="https://a.example/?q=1&amp;r=2" target="_blank" rel="noopener">{EVIL_HTML}</a>'
    )


def test_count_is_singular_and_plural() -> None:
    assert [count(n, "error") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]
    assert count(2, "policy", "policies") == "2 policies"


def _finding(severity: Severity, rule: str = "r", docs: str | None = "https://docs.aws.amazon.com/r") -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        phase=Phase.API,
        path="containerDefinitions[0]",
        message=EVIL,
        hint="do",
        docs=docs,
    )


@pytest.mark.parametrize(
    ("severities", "title", "shown"),
    [
        ((), "validation report: no findings", "Report(0 errors, 0 warnings, 0 findings)"),
        ((Severity.ERROR,), "validation report: 1 error, 0 warnings", "Report(1 error, 0 warnings, 1 finding)"),
        (
            (Severity.ERROR, Severity.ERROR, Severity.WARNING),
            "validation report: 2 errors, 1 warning",
            "Report(2 errors, 1 warning, 3 findings)",
        ),
        (
            (Severity.WARNING, Severity.WARNING, Severity.INFO),
            "validation report: 0 errors, 2 warnings, 1 note",
            "Report(0 errors, 2 warnings, 3 findings)",
        ),
    ],
)
def test_a_report_counts_in_words(severities: tuple[Severity, ...], title: str, shown: str) -> None:
    report = Report(_finding(s) for s in severities)
    assert pretty(report).splitlines()[0] == title
    assert html(report).startswith('<div class="ecskit"')
    assert title in html(report)
    assert repr(report) == shown


def test_a_reports_findings_as_a_table() -> None:
    report = validate_task_definition(
        {"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 4}]}
    )
    page = html(report)
    for header in ("severity", "path", "rule", "message", "fix", "link"):
        assert f">{header}</th>" in page
    (finding,) = report.findings
    assert finding.rule in page
    assert f'href="{finding.docs}"' in page
    lines = pretty(report).splitlines()
    assert lines[1].split() == ["severity", "path", "rule", "message", "fix", "link"]
    assert lines[2].startswith("  error     containerDefinitions[0].memory  container-memory-minimum")
    escaped = html(Report([_finding(Severity.ERROR, docs='javascript:alert("x")')]))
    assert "javascript:" not in escaped


def test_a_diff() -> None:
    old = {"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:1.26", "memory": 512}]}
    new = {**old, "containerDefinitions": [{"name": "app", "image": "nginx:1.27", "memory": 512, "cpu": 256}]}
    same = diff_task_definitions(old, old)
    assert pretty(same) == "diff old -> new: no differences"
    changed = diff_task_definitions(old, new)
    assert pretty(changed).splitlines() == [
        "diff old -> new: 2 changes",
        "  change   path                                  old           new",
        "  changed  containerDefinitions[name=app].cpu    0             256",  # normalised: no cpu is cpu 0
        '  changed  containerDefinitions[name=app].image  "nginx:1.26"  "nginx:1.27"',
    ]
    assert "&quot;nginx:1.27&quot;" in html(changed)


def test_a_lifecycle_preview() -> None:
    policy = {
        "rules": [
            {
                "rulePriority": 1,
                "selection": {
                    "tagStatus": "untagged",
                    "countType": "sinceImagePushed",
                    "countUnit": "days",
                    "countNumber": 14,
                },
                "action": {"type": "expire"},
            }
        ]
    }
    images = {
        "imageDetails": [
            {"imageDigest": "sha256:0ld", "imagePushedAt": "2025-01-01T00:00:00Z"},
            {"imageDigest": "sha256:cafe", "imageTags": ["v2"], "imagePushedAt": "2025-01-02T00:00:00Z"},
        ]
    }
    now = datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)
    result = preview(policy, images, now=now, in_use=[ImageUse(image="app@sha256:0ld", user=EVIL, digest="sha256:0ld")])
    text = pretty(result)
    assert text.splitlines()[0] == "lifecycle preview: 2 images, 1 expire, 0 archived, 1 kept"
    assert "  EXPIRE  1     sha256:0ld  <untagged>  2025-01-01 00:00" in text
    page = html(result)
    assert "&lt;untagged&gt;" in page
    assert "<script>" not in page
    one = preview(policy, {"imageDetails": images["imageDetails"][1:]}, now=now)
    assert pretty(one).splitlines() == ["lifecycle preview: 1 image, 0 expire, 0 archived, 1 kept"]


def test_repositories() -> None:
    private = from_api(
        {
            "repositoryName": "web",
            "repositoryUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web",
            "registryId": "123456789012",
            "imageTagMutability": "IMMUTABLE",
            "imageScanningConfiguration": {"scanOnPush": True},
            "encryptionConfiguration": {"encryptionType": "AES256"},
        },
        ecr.Repository,
    )
    assert pretty(private).splitlines() == [
        "ECR repository web",
        "  URI 123456789012.dkr.ecr.us-east-1.amazonaws.com/web, registry 123456789012, tags IMMUTABLE, "
        "scan on push yes, encryption AES256",
    ]
    public = from_api({"repositoryName": "tools", "repositoryUri": "public.ecr.aws/x/tools"}, ecr_public.Repository)
    assert pretty(public).splitlines()[0] == "ECR Public repository tools"


def test_a_service_on_its_own_shows_deployments_and_events() -> None:
    service = from_api(
        {
            "serviceName": "web",
            "status": "ACTIVE",
            "desiredCount": 2,
            "runningCount": 1,
            "deployments": [
                {
                    "status": "PRIMARY",
                    "taskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/web:2",
                    "desiredCount": 2,
                    "runningCount": 1,
                    "pendingCount": 1,
                    "rolloutState": "IN_PROGRESS",
                },
                {
                    "status": "ACTIVE",
                    "taskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/web:1",
                    "desiredCount": 0,
                    "runningCount": 1,
                    "rolloutState": "COMPLETED",
                },
            ],
            "events": [{"message": f"event {n}", "createdAt": "2025-01-01T00:00:00Z"} for n in range(8)],
        },
        Service,
    )
    text = pretty(service)
    assert "2 deployments:" in text
    assert "  PRIMARY  web:2            2        1        1        0       IN_PROGRESS" in text
    assert text.count("event ") == 5  # the last five


# -- views read from a backend -----------------------------------------------------------------------------------------


@pytest.fixture
def busy() -> FakeBackend:
    """A cluster with two EC2 instances, two services on them, and a Fargate task."""
    fake = FakeBackend()
    cluster(fake)
    register(fake, "web", 1)
    register(fake, "web", 2, instance_type="t3.small", zone="us-east-1b")
    taskdef(fake, "app", container(cpu=256, memory=512))
    taskdef(fake, "api", container(cpu=512, memoryReservation=1024))
    fargate_taskdef(fake, "job")
    fake.create_service(CreateServiceRequest(cluster="web", service_name="web", task_definition="app", desired_count=3))
    fake.create_service(CreateServiceRequest(cluster="web", service_name="api", task_definition="api", desired_count=2))
    run(fake, cluster="web", taskDefinition="job", launchType="FARGATE", networkConfiguration=awsvpc())
    fake.advance(120)
    return fake


@pytest.mark.parametrize("through", ["fake", "client", "boto3"])
def test_a_service_view_shows_its_tasks_and_where_they_run(busy: FakeBackend, through: str) -> None:
    backend: Any = {"fake": busy, "client": Client(busy), "boto3": Boto3Backend(busy.client("ecs"))}[through]
    view = ServiceView.of(backend, "web", cluster="web")
    assert len(view.tasks) == 3
    text = pretty(view)
    assert "3 tasks:" in text
    assert text.count("  RUNNING  ") == 3
    assert text.count("i-00000000000000001 us-east-1a") + text.count("i-00000000000000002 us-east-1b") == 3
    assert "1 deployment:" in text
    assert "has reached a steady state." in text
    assert ">RUNNING</span>" in html(view)


def test_a_fargate_task_runs_in_its_zone_at_its_address(busy: FakeBackend) -> None:
    view = ClusterView.of(busy, "web")
    (job,) = [task for task in view.tasks if not task.container_instance_arn]
    from ecskit.display.services import where

    assert where(job, {}).startswith("Fargate us-east-1")
    assert len(where(job, {}).split()) == 3  # the host, the zone, the address


def test_a_cluster_view_pictures_the_placement(busy: FakeBackend) -> None:
    view = ClusterView.of(busy, "web")
    assert pretty(view).splitlines() == [
        "cluster web",
        "  status ACTIVE, instances 2, running tasks 6, pending tasks 0, services 2",
        "placement:",
        "  i-00000000000000001 (m5.large, us-east-1a): cpu 1024/2048, memory 1536/7984 MiB, 3 tasks",
        "  i-00000000000000002 (t3.small, us-east-1b): cpu 768/2048, memory 1280/1936 MiB, 2 tasks",
        "on Fargate: 1 task:",
        "  family:job: 1 task",
    ]
    svg = ET.fromstring(html(view).split("<svg", 1)[1].join(["<svg", ""]).split("</svg>")[0] + "</svg>")
    rects = [
        r
        for r in svg.iter("{http://www.w3.org/2000/svg}rect")
        if r.find("{http://www.w3.org/2000/svg}title") is not None
    ]
    assert len(rects) == 2 * 5  # a CPU and a memory segment for each task on an instance
    titles = {r.find("{http://www.w3.org/2000/svg}title").text for r in rects}  # type: ignore[union-attr]
    assert any(title and title.endswith("(service:web): 256 CPU units") for title in titles)


def test_the_picture_escapes_what_it_shows() -> None:
    instance = ContainerInstance(
        container_instance_arn="arn:aws:ecs:us-east-1:1:container-instance/web/abc",
        ec2_instance_id=EVIL,
        registered_resources=(Resource(name="CPU", integer_value=1024), Resource(name="MEMORY", integer_value=2048)),
        remaining_resources=(Resource(name="CPU", integer_value=512), Resource(name="MEMORY", integer_value=1024)),
    )
    task = Task(
        task_arn="arn:aws:ecs:us-east-1:1:task/web/t1",
        container_instance_arn=instance.container_instance_arn,
        group=EVIL,
        cpu="512",
        memory="1024",
    )
    picture = placement_svg([instance], [task])
    root = ET.fromstring(picture.markup)  # well-formed
    texts = [element.text for element in root.iter("{http://www.w3.org/2000/svg}text")]
    assert EVIL in texts  # shown as text, not markup
    assert "<script>" not in picture.markup
    assert picture.alt == (f"{EVIL}: cpu 512/1024, memory 1024/2048 MiB, 1 task",)


def test_views_of_what_is_not_there() -> None:
    fake = FakeBackend()
    with pytest.raises(UsageError, match="no cluster 'web'"):
        ClusterView.of(fake, "web")
    cluster(fake)
    with pytest.raises(UsageError, match="no service 'api' in cluster 'web'"):
        ServiceView.of(fake, "api", cluster="web")
    empty = ClusterView.of(fake, "web")
    assert pretty(empty) == "cluster web\n  status ACTIVE, instances 0, running tasks 0, pending tasks 0, services 0"


def test_tables_align_multiline_cells() -> None:
    table = Table.of(("a", "b"), [("x\ny", "z")])
    assert table.text() == ["  a  b", "  x  z", "  y"]
