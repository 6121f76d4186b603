"""Rich displays for notebooks: ``_repr_html_`` (Jupyter and other front ends) and ``_repr_pretty_`` (IPython's
text) for what ecskit gives you, in place of one long line of ``repr``.

* task definitions (:class:`~ecskit.models.ecs.TaskDefinition`, and the
  :class:`~ecskit.models.ecs.RegisterTaskDefinitionRequest` of one): sizes, roles, and the containers as a table
  (image, cpu, memory, ports, essential, health check);
* services (:class:`~ecskit.models.ecs.Service`): counts, deployments with their counts, the last events; and
  :class:`ServiceView`, a service on a backend with its tasks and where they run;
* clusters: :class:`ClusterView`, a picture (SVG) of the placement, each container instance with the CPU and memory
  its tasks use;
* validation reports (:class:`~ecskit.validation.Report`): the findings as a table (severity, path, rule, message,
  fix, link); diffs (:class:`~ecskit.diff.Diff`); lifecycle policy previews (:class:`~ecskit.lifecycle.Preview`);
  ECR and ECR Public repositories.

The classes get their displays when ecskit is imported (its ``__init__`` imports this package, which sets them on
the classes: the generated models cannot import anything of ecskit but models). Nothing here needs IPython or any
other package; all user text is escaped (:mod:`ecskit.display.cards`).

>>> from ecskit import from_api
>>> from ecskit.models.ecs import TaskDefinition
>>> td = from_api({"family": "<web>", "containerDefinitions": [{"name": "app", "image": "nginx"}]}, TaskDefinition)
>>> "task definition &lt;web&gt;" in td._repr_html_()
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecskit.diff.changes import Diff
from ecskit.display.cards import Card
from ecskit.display.clusters import ClusterView, placement_svg
from ecskit.display.documents import repository_card, task_definition_card
from ecskit.display.reports import diff_card, preview_card, report_card
from ecskit.display.services import ServiceView, service_card
from ecskit.lifecycle.preview import Preview
from ecskit.models import ecr, ecr_public, ecs
from ecskit.validation import Report

__all__ = [
    "DISPLAYED",
    "ClusterView",
    "ServiceView",
    "diff_card",
    "placement_svg",
    "preview_card",
    "report_card",
    "repository_card",
    "service_card",
    "task_definition_card",
]

#: Each class given displays here, with the function that makes what it shows.
DISPLAYED: dict[type[Any], Callable[[Any], Card]] = {
    ecs.TaskDefinition: task_definition_card,
    ecs.RegisterTaskDefinitionRequest: task_definition_card,
    ecs.Service: service_card,
    ecr.Repository: repository_card,
    ecr_public.Repository: repository_card,
    Report: report_card,
    Diff: diff_card,
    Preview: preview_card,
}


def _displays(card: Callable[[Any], Card]) -> tuple[Callable[[Any], str], Callable[[Any, Any, bool], None]]:
    def _repr_html_(self: Any) -> str:
        return card(self).html()

    def _repr_pretty_(self: Any, printer: Any, cycle: bool) -> None:
        printer.text(card(self).text() if not cycle else f"{type(self).__name__}(...)")

    return _repr_html_, _repr_pretty_


for _cls, _card in DISPLAYED.items():
    _cls._repr_html_, _cls._repr_pretty_ = _displays(_card)
