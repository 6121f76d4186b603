"""The fake's record of a task definition revision: its identity and status beside the document as registered
(the description AWS shows is that document with the status members filled in, at the edge)."""

from __future__ import annotations

import datetime

import attrs

from ecskit.backends.fake.core.base import derived
from ecskit.models.ecs import RegisterTaskDefinitionRequest, TaskDefinition, TaskDefinitionStatus
from ecskit.validation import Finding
from ecskit.validation.context import TaskDefContext

__all__ = ["DefinitionRecord"]


@attrs.define(kw_only=True)
class DefinitionRecord:
    """One revision of a task definition family."""

    family: str
    revision: int
    arn: str
    status: TaskDefinitionStatus
    registered_at: datetime.datetime
    registered_by: str
    deregistered_at: datetime.datetime | None = None
    delete_requested_at: datetime.datetime | None = None
    #: The revision as registered (defaults filled in, sizes in units), with its ARN and revision; its status
    #: members are the record's (:attr:`status` and the times), filled in when it is shown.
    body: TaskDefinition
    #: The register form of the revision, for the validators (derived, made on first use).
    register_form: RegisterTaskDefinitionRequest | None = derived(default=None)
    #: The ``runtime`` findings of ecskit's validation on it: what makes its tasks fail on AWS (derived).
    runtime: tuple[Finding, ...] | None = derived(default=None)
    #: What the launch rules see of it (derived, made on first use).
    context: TaskDefContext | None = derived(default=None)

    @property
    def active(self) -> bool:
        """Whether the revision is ACTIVE."""
        return self.status == TaskDefinitionStatus.ACTIVE
