"""The offline lifecycle policy preview: ``StartLifecyclePolicyPreview`` and ``GetLifecyclePolicyPreview`` without a
backend, and in-use protection on top.

>>> import datetime
>>> policy = {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
...           "countUnit": "days", "countNumber": 14}, "action": {"type": "expire"}}]}
>>> images = {"imageDetails": [
...     {"imageDigest": "sha256:0ld", "imagePushedAt": "2025-01-01T00:00:00Z"},
...     {"imageDigest": "sha256:cafe", "imageTags": ["v2"], "imagePushedAt": "2025-01-02T00:00:00Z"}]}
>>> result = preview(policy, images, now=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC))
>>> [(r.image_digest, r.applied_rule_priority, r.action.type.value) for r in result.results]
[('sha256:0ld', 1, 'EXPIRE')]
>>> result.summary.expiring_image_total_count
1
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any

import attrs

from ecskit.codec import to_json
from ecskit.errors import UsageError, ValidationError
from ecskit.lifecycle.evaluate import ACTIONS, Decision, Evaluation, evaluate
from ecskit.lifecycle.images import ImagesInput, LifecycleImage, read_repository
from ecskit.lifecycle.in_use import ImageUse, InUseInput, RepositoryId, UseIndex, collect_uses
from ecskit.lifecycle.policy import PolicyInput, read_policy, refusal_message
from ecskit.models.ecr import (
    ImageActionType,
    LifecyclePolicyPreviewResult,
    LifecyclePolicyPreviewSummary,
    LifecyclePolicyRuleAction,
    LifecyclePolicyStorageClass,
    LifecyclePolicyTargetStorageClass,
    TransitioningImageTotalCount,
)
from ecskit.models.lifecycle import LifecycleStorageClass
from ecskit.validation import Config, Finding, Phase, Severity

__all__ = ["IN_USE", "Preview", "in_use_finding", "preview", "preview_result", "preview_results", "preview_summary"]

#: The rule id of the warning for an image that is expired or archived while still in use.
IN_USE = "lifecycle-in-use"
_DOCS = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html"
_STORAGE = {
    LifecycleStorageClass.STANDARD: LifecyclePolicyStorageClass.STANDARD,
    LifecycleStorageClass.ARCHIVE: LifecyclePolicyStorageClass.ARCHIVE,
}


_RULE_ACTIONS = {
    ImageActionType.EXPIRE: LifecyclePolicyRuleAction(type=ImageActionType.EXPIRE),
    ImageActionType.TRANSITION: LifecyclePolicyRuleAction(
        type=ImageActionType.TRANSITION, target_storage_class=LifecyclePolicyTargetStorageClass.ARCHIVE
    ),
}


def _result(image: LifecycleImage, action: ImageActionType, priority: int) -> LifecyclePolicyPreviewResult:
    storage = image.storage_class
    return LifecyclePolicyPreviewResult(
        image_tags=image.tags or None,
        image_digest=image.digest,
        image_pushed_at=image.pushed_at,
        action=_RULE_ACTIONS[action],
        applied_rule_priority=priority,
        storage_class=None if storage is None else _STORAGE[storage],
    )


def preview_result(decision: Decision) -> LifecyclePolicyPreviewResult:
    """The ``previewResults`` entry of an image a rule acts on (as GetLifecyclePolicyPreview shows it)."""
    action, rule = decision.action, decision.rule
    if action is None or rule is None:
        raise UsageError(f"no rule acts on {decision.image.digest}: it has no preview result")
    return _result(decision.image, action, rule.rule_priority)


def preview_results(evaluation: Evaluation) -> tuple[LifecyclePolicyPreviewResult, ...]:
    """The ``previewResults`` of an evaluation: the images a rule acts on, oldest push first."""
    images, rule_of = evaluation.images, evaluation.rule_of
    out = []
    for i in evaluation.acted_indices:
        rule = rule_of(i)
        if rule is not None:  # always: these are the images acted on
            out.append(_result(images[i], ACTIONS[rule.action.type], rule.rule_priority))
    return tuple(out)


def preview_summary(evaluation: Evaluation) -> LifecyclePolicyPreviewSummary:
    """The ``summary``: how many images expire, and how many go to each storage class (only when some do)."""
    acted = evaluation.acted_indices
    moving = sum(1 for i in acted if evaluation.action_of(i) is ImageActionType.TRANSITION)
    counts = (
        (
            TransitioningImageTotalCount(
                target_storage_class=LifecyclePolicyTargetStorageClass.ARCHIVE, image_total_count=moving
            ),
        )
        if moving
        else None
    )
    return LifecyclePolicyPreviewSummary(
        expiring_image_total_count=len(acted) - moving, transitioning_image_total_counts=counts
    )


def in_use_finding(decision: Decision, use: ImageUse) -> Finding:
    """The warning for an image a rule expires or archives while ``use`` still runs it."""
    image = decision.image
    tags = f" ({', '.join(image.tags)})" if image.tags else " (untagged)"
    verb = "expires" if decision.action is ImageActionType.EXPIRE else "archives"
    keep = f'tagPatternList ["{image.tags[0]}"]' if image.tags else "no rule of its own (pin the digest)"
    return Finding(
        rule=IN_USE,
        severity=Severity.WARNING,
        phase=Phase.RUNTIME,
        path=f"imageDetails[{decision.index}]",
        message=f"rule {decision.applied_rule_priority} {verb} image {image.digest}{tags}, but {use.user} still "
        f"uses it as {use.image}: the next task that pulls it stops with CannotPullContainerError",
        hint=f"keep it with a higher-priority rule that matches it ({keep}, countType imageCountMoreThan with a "
        "count above the repository's size), or move its users to a newer image first",
        docs=_DOCS,
    )


@attrs.frozen(kw_only=True)
class Preview:
    """What a lifecycle policy would do to a repository now, as ECR's preview shows it, and what it would break."""

    #: Every decision, kept and acted on (:class:`~ecskit.lifecycle.evaluate.Evaluation`).
    evaluation: Evaluation
    #: ``previewResults``: the images a rule expires or archives, oldest push first.
    results: tuple[LifecyclePolicyPreviewResult, ...]
    #: ``summary``.
    summary: LifecyclePolicyPreviewSummary
    #: In-use warnings (rule ``lifecycle-in-use``) and services whose task definition was not given.
    findings: tuple[Finding, ...] = ()

    @property
    def in_use(self) -> tuple[Finding, ...]:
        """The warnings for images expired or archived while still in use."""
        return tuple(f for f in self.findings if f.rule == IN_USE)

    def to_dict(self) -> dict[str, Any]:
        """``previewResults`` and ``summary`` as GetLifecyclePolicyPreview has them (JSON-ready: times as ISO 8601
        text), and the ``findings``."""
        return {
            "previewResults": [json.loads(to_json(r)) for r in self.results],
            "summary": json.loads(to_json(self.summary)),
            "findings": [f.to_dict() for f in self.findings],
        }

    def render(self) -> str:
        """The preview as text: one line per image acted on, a count, then the in-use warnings, loudly."""
        lines = []
        for decision, result in zip(self.evaluation.acted, self.results, strict=True):
            image = decision.image
            action = "ARCHIVE" if decision.action is ImageActionType.TRANSITION else "EXPIRE"
            tags = ", ".join(image.tags) or "<untagged>"
            lines.append(
                f"{action:8} rule {result.applied_rule_priority:<3} {image.digest}  {tags}  "
                f"pushed {image.pushed_at:%Y-%m-%d %H:%M}"
            )
        total = len(self.evaluation.images)
        archived = sum(1 for d in self.evaluation.acted if d.action is ImageActionType.TRANSITION)
        expired = len(self.results) - archived
        lines.append(
            f"{expired} of {total} image{'s' * (total != 1)} expire, {archived} "
            f"{'is' if archived == 1 else 'are'} archived, {total - expired - archived} kept"
        )
        for finding in self.findings:
            loud = "!!! IN USE" if finding.rule == IN_USE else "note"
            lines.append(f"{loud}: {finding.path or '(preview)'}: {finding.message}")
            if finding.hint:
                lines.append(f"    fix: {finding.hint}")
        return "\n".join(lines) + "\n"


def preview(
    policy: PolicyInput,
    images: ImagesInput,
    *,
    now: datetime.datetime | None = None,
    in_use: Iterable[InUseInput] = (),
    repository: str | None = None,
    config: Config | None = None,
) -> Preview:
    """Preview ``policy`` on a repository's ``images`` at ``now`` (default: the current time), offline.

    ``policy`` is the model, its dict, its JSON text or a JSON file; one ECR would refuse raises
    :class:`~ecskit.errors.ValidationError` with ECR's message and the findings (its ``report``). ``images`` is
    DescribeImages output in any form (:data:`~ecskit.lifecycle.images.ImagesInput`). ``in_use`` is what still runs
    images (task definitions, services, tasks, image references: :data:`~ecskit.lifecycle.in_use.InUseInput`):
    every image expired or archived that one of them uses is a ``lifecycle-in-use`` warning. ``repository`` (its
    URI, or name) says which repository the images are of when the image details do not.
    """
    model, report = read_policy(policy, config=config)
    refusals = report.refusals
    if refusals:
        raise ValidationError(refusal_message(refusals[0]), report=report)
    if model is None:  # its schema findings were silenced, but there is no policy to preview
        raise ValidationError(report.format(), report=report)
    read = read_repository(images)
    evaluation = evaluate(model, read.images, now=now or datetime.datetime.now(datetime.UTC))
    results = preview_results(evaluation)
    uses, findings = collect_uses(in_use)
    if uses:
        where = RepositoryId.parse(repository) if repository else RepositoryId(name=read.repository_name)
        if repository is None and read.registry_id is not None:
            where = attrs.evolve(where, account=read.registry_id)
        index = UseIndex(uses, where)
        for decision in evaluation.acted:
            findings.extend(
                in_use_finding(decision, use) for use in index.users(decision.image.digest, decision.image.tags)
            )
    return Preview(
        evaluation=evaluation, results=results, summary=preview_summary(evaluation), findings=tuple(findings)
    )
