"""A cluster on a backend, as a picture of its placement (:class:`ClusterView`): each container instance as two bars,
its CPU and its memory, with a segment for each task placed on it (one colour per task group); and the tasks that
run on no instance (Fargate).

Sizes come from the API: an instance's ``registeredResources`` (what it offers) and ``remainingResources`` (what is
left), a task's ``cpu`` and ``memory`` (or, for a task sized by its containers alone, the sum of its containers').
What is used on an instance but by none of the tasks shown (the tasks of another call's page, a daemon being
placed) is drawn grey.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ecskit._text import digits
from ecskit.backends.verbs import EcsVerbs
from ecskit.display import _fetch
from ecskit.display.cards import Card, Svg, count, escape
from ecskit.errors import UsageError
from ecskit.models.ecs import Cluster, ContainerInstance, DescribeClustersRequest, Resource, Task

__all__ = ["ClusterView", "placement_svg", "task_size"]

#: The colours of task groups, in the order groups are first met.
PALETTE = ("#2e90fa", "#12b76a", "#f79009", "#9e77ed", "#ee46bc", "#15b79e", "#f04438", "#6172f3")
_OTHER = "#d0d5dd"
_WIDTH = 560
_LABEL = 150
_BAR = 12
_ROW = 2 * _BAR + 22


def _number(text: str | None) -> int:
    return int(text) if text is not None and digits(text) else 0


def task_size(task: Task) -> tuple[int, int]:
    """A task's CPU units and MiB: its own, else the sum of its containers' (hard limit, else reservation)."""
    cpu, memory = _number(task.cpu), _number(task.memory)
    containers = task.containers or ()
    if not cpu:
        cpu = sum(_number(c.cpu) for c in containers)
    if not memory:
        memory = sum(_number(c.memory) or _number(c.memory_reservation) for c in containers)
    return cpu, memory


def _resource(resources: tuple[Resource, ...] | None, name: str) -> int:
    return next((r.integer_value or 0 for r in resources or () if r.name == name), 0)


def _attribute(instance: ContainerInstance, name: str) -> str:
    return next((a.value or "" for a in instance.attributes or () if a.name == name), "")


def _label(instance: ContainerInstance) -> tuple[str, str]:
    """An instance's name (its EC2 id, else its ARN's id) and what it is (type, zone)."""
    name = instance.ec2_instance_id or (instance.container_instance_arn or "").rpartition("/")[2]
    kind = ", ".join(
        part
        for part in (_attribute(instance, "ecs.instance-type"), _attribute(instance, "ecs.availability-zone"))
        if part
    )
    return name, kind


def _groups(tasks: Sequence[Task]) -> dict[str, str]:
    colours: dict[str, str] = {}
    for task in tasks:
        group = task.group or "(no group)"
        if group not in colours:
            colours[group] = PALETTE[len(colours) % len(PALETTE)]
    return colours


def _bar(x: int, y: int, *, total: int, used: int, parts: list[tuple[int, str, str]], label: str) -> list[str]:
    """One resource bar: the instance's total as the frame, each task's share, what else is used in grey."""
    out = [f'<rect x="{x}" y="{y}" width="{_WIDTH - x - 90}" height="{_BAR}" fill="#f2f4f7" stroke="#98a2b3"/>']
    span = _WIDTH - x - 90
    offset = 0.0
    for amount, colour, title in parts:
        width = span * amount / total if total else 0
        out.append(
            f'<rect x="{x + offset:.1f}" y="{y}" width="{width:.1f}" height="{_BAR}" fill="{colour}" stroke="white">'
            f"<title>{escape(title)}</title></rect>"
        )
        offset += width
    rest = max(used - sum(p[0] for p in parts), 0)
    if rest and total:
        width = span * rest / total
        out.append(f'<rect x="{x + offset:.1f}" y="{y}" width="{width:.1f}" height="{_BAR}" fill="{_OTHER}"/>')
    out.append(
        f'<text x="{_WIDTH - 85}" y="{y + _BAR - 2}" font-size="10" fill="#344054">'
        f"{escape(label)} {used}/{total}</text>"
    )
    return out


def placement_svg(instances: Sequence[ContainerInstance], tasks: Sequence[Task]) -> Svg:
    """The placement picture of ``instances`` and the ``tasks`` placed on them (see the module)."""
    colours = _groups(tasks)
    on: dict[str, list[Task]] = {}
    for task in tasks:
        if task.container_instance_arn:
            on.setdefault(task.container_instance_arn, []).append(task)
    rows: list[str] = []
    alt: list[str] = []
    for index, instance in enumerate(instances):
        y = 8 + index * _ROW
        name, kind = _label(instance)
        cpu_total = _resource(instance.registered_resources, "CPU")
        mem_total = _resource(instance.registered_resources, "MEMORY")
        cpu_used = cpu_total - _resource(instance.remaining_resources, "CPU")
        mem_used = mem_total - _resource(instance.remaining_resources, "MEMORY")
        placed = on.get(instance.container_instance_arn or "", [])
        cpu_parts, mem_parts = [], []
        for task in placed:
            cpu, memory = task_size(task)
            title = f"{(task.task_arn or '').rpartition('/')[2]} ({task.group or ''})"
            colour = colours[task.group or "(no group)"]
            cpu_parts.append((cpu, colour, f"{title}: {cpu} CPU units"))
            mem_parts.append((memory, colour, f"{title}: {memory} MiB"))
        rows.append(f'<text x="4" y="{y + 10}" font-size="11" font-weight="600" fill="#101828">{escape(name)}</text>')
        rows.append(f'<text x="4" y="{y + 24}" font-size="10" fill="#475467">{escape(kind)}</text>')
        rows.extend(_bar(_LABEL, y, total=cpu_total, used=cpu_used, parts=cpu_parts, label="cpu"))
        rows.extend(_bar(_LABEL, y + _BAR + 4, total=mem_total, used=mem_used, parts=mem_parts, label="mem"))
        alt.append(
            f"{name}{f' ({kind})' if kind else ''}: cpu {cpu_used}/{cpu_total}, memory {mem_used}/{mem_total} MiB, "
            f"{count(len(placed), 'task')}"
        )
    legend_y = 8 + len(instances) * _ROW + 4
    x = 4
    for group, colour in colours.items():
        rows.append(f'<rect x="{x}" y="{legend_y}" width="10" height="10" fill="{colour}"/>')
        rows.append(f'<text x="{x + 14}" y="{legend_y + 9}" font-size="10" fill="#344054">{escape(group)}</text>')
        x += 24 + 6 * len(group)
    height = legend_y + (16 if colours else 0)
    markup = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
        f'viewBox="0 0 {_WIDTH} {height}" font-family="system-ui,sans-serif" role="img">'
        f"<title>{escape('; '.join(alt) or 'no container instances')}</title>{''.join(rows)}</svg>"
    )
    return Svg(markup, tuple(alt) or ("no container instances",))


@attrs.frozen
class ClusterView:
    """A cluster on a backend, as it was when read: the cluster, its container instances and its tasks. Read it
    with :meth:`of`; a notebook shows its placement as a picture."""

    cluster: Cluster
    instances: tuple[ContainerInstance, ...] = ()
    tasks: tuple[Task, ...] = ()

    @classmethod
    def of(cls, backend: EcsVerbs, cluster: str = "default") -> ClusterView:
        """Read ``cluster`` from ``backend`` (a backend or a :class:`~ecskit.Client`): DescribeClusters, its container
        instances, and the tasks meant to run on it. :class:`~ecskit.errors.UsageError` when it is not there."""
        found = backend.describe_clusters(DescribeClustersRequest(clusters=(cluster,))).clusters
        if not found:
            raise UsageError(f"no cluster {cluster!r}")
        tasks = _fetch.tasks(backend, cluster, _fetch.task_arns(backend, cluster))
        return cls(found[0], _fetch.instances(backend, cluster), tasks)

    def card(self) -> Card:
        """What the displays show."""
        c = self.cluster
        facts = (
            ("status", c.status or ""),
            ("instances", str(len(self.instances))),
            ("running tasks", str(c.running_tasks_count or 0)),
            ("pending tasks", str(c.pending_tasks_count or 0)),
            ("services", str(c.active_services_count or 0)),
        )
        elsewhere = [t for t in self.tasks if not t.container_instance_arn]
        sections: list[tuple[str, Svg | tuple[str, ...]]] = []
        if self.instances:
            sections.append(("placement", placement_svg(self.instances, self.tasks)))
        if elsewhere:
            groups: dict[str, int] = {}
            for task in elsewhere:
                groups[task.group or "(no group)"] = groups.get(task.group or "(no group)", 0) + 1
            lines = tuple(f"{group}: {count(n, 'task')}" for group, n in groups.items())
            sections.append((f"on Fargate: {count(len(elsewhere), 'task')}", lines))
        return Card(f"cluster {c.cluster_name or ''}".rstrip(), facts, tuple(sections))

    def _repr_html_(self) -> str:
        return self.card().html()

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(self.card().text() if not cycle else "ClusterView(...)")  # type: ignore[attr-defined]
