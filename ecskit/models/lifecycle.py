"""ECR lifecycle policy documents: the rules that expire or archive a repository's images.

This is the JSON document passed as ``lifecyclePolicyText`` to ``PutLifecyclePolicy`` (see
https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html), not an API shape: the API
carries it as a string. Attribute names are snake_case; the document's camelCase names (``rulePriority``,
``tagStatus``, ...) are known only to the codec. Enumerations carry the document's own strings, which are
lower-case or camelCase (``"untagged"``, ``"imageCountMoreThan"``), unlike the API's upper-case
:class:`ecskit.models.ecr.images.TagStatus`.

The archive storage class (``storageClass``, ``sinceImagePulled``, ``sinceImageTransitioned``, the
``transition`` action and ``targetStorageClass``) came later, with ECR image archiving; older documents use
only ``expire`` rules on the standard storage class.
"""

from __future__ import annotations

import enum

import attrs

from ecskit.models._base import Model

__all__ = [
    "CountType",
    "CountUnit",
    "LifecycleAction",
    "LifecycleActionType",
    "LifecyclePolicy",
    "LifecycleRule",
    "LifecycleSelection",
    "LifecycleStorageClass",
    "LifecycleTargetStorageClass",
    "TagStatus",
]


class TagStatus(enum.StrEnum):
    """Which images a rule considers, by whether they carry tags (``tagStatus``)."""

    #: Images with at least one tag matching ``tagPrefixList`` or ``tagPatternList`` (one of which is required).
    TAGGED = "tagged"
    #: Images without tags; ``tagPrefixList`` and ``tagPatternList`` must be absent.
    UNTAGGED = "untagged"
    #: Every image; a rule with ``any`` must have the highest ``rulePriority``.
    ANY = "any"


class CountType(enum.StrEnum):
    """What ``countNumber`` counts (``countType``)."""

    #: Keep the ``countNumber`` most recent images; the rule acts on the rest. Takes no ``countUnit``.
    IMAGE_COUNT_MORE_THAN = "imageCountMoreThan"
    #: Act on images pushed more than ``countNumber`` ``countUnit`` ago.
    SINCE_IMAGE_PUSHED = "sinceImagePushed"
    #: Act on images last pulled more than ``countNumber`` ``countUnit`` ago (added with image archiving).
    SINCE_IMAGE_PULLED = "sinceImagePulled"
    #: Act on images moved to their storage class more than ``countNumber`` ``countUnit`` ago; used with
    #: ``storageClass: archive`` (added with image archiving).
    SINCE_IMAGE_TRANSITIONED = "sinceImageTransitioned"


class CountUnit(enum.StrEnum):
    """The unit of ``countNumber`` for the time-based count types (``countUnit``)."""

    #: Days; the only unit ECR accepts.
    DAYS = "days"


class LifecycleStorageClass(enum.StrEnum):
    """The storage class a rule selects images from (``selection.storageClass``; added with image archiving)."""

    #: Images that can be pulled; the class a rule selects from when ``storageClass`` is absent.
    STANDARD = "standard"
    #: Archived images, which cannot be pulled until restored.
    ARCHIVE = "archive"


class LifecycleTargetStorageClass(enum.StrEnum):
    """The storage class a ``transition`` action moves images to (``action.targetStorageClass``)."""

    #: The archive storage class (minimum storage duration 90 days).
    ARCHIVE = "archive"


class LifecycleActionType(enum.StrEnum):
    """What a rule does to the images it selects (``action.type``)."""

    #: Delete the images.
    EXPIRE = "expire"
    #: Move the images to ``targetStorageClass`` (added with image archiving).
    TRANSITION = "transition"


@attrs.frozen(kw_only=True, repr=False, slots=False)
class LifecycleSelection(Model):
    """The images a rule applies to (``selection``)."""

    #: ``tagStatus``: tagged, untagged or any images.
    tag_status: TagStatus
    #: ``tagPrefixList``: tag prefixes; an image matches when every prefix starts one of its tags (all of them, not
    #: any one: "only the images with all specified tags are selected").
    tag_prefix_list: tuple[str, ...] | None = None
    #: ``tagPatternList``: tag patterns with ``*`` wildcards; an image matches when every pattern matches one of
    #: its tags.
    tag_pattern_list: tuple[str, ...] | None = None
    #: ``storageClass``: the storage class to select images from (standard when absent).
    storage_class: LifecycleStorageClass | None = None
    #: ``countType``: how ``count_number`` is read (an image count or an age).
    count_type: CountType
    #: ``countUnit``: the unit of an age; required for the ``since*`` count types, absent otherwise.
    count_unit: CountUnit | None = None
    #: ``countNumber``: the image count or the age, a positive integer.
    count_number: int


@attrs.frozen(kw_only=True, repr=False, slots=False)
class LifecycleAction(Model):
    """What a rule does to the images it selects (``action``)."""

    #: ``type``: expire (delete) or transition (archive).
    type: LifecycleActionType
    #: ``targetStorageClass``: the storage class a ``transition`` moves images to; absent for ``expire``.
    target_storage_class: LifecycleTargetStorageClass | None = None


@attrs.frozen(kw_only=True, repr=False, slots=False)
class LifecycleRule(Model):
    """One rule of a lifecycle policy (an element of ``rules``)."""

    #: ``rulePriority``: the order of evaluation, lowest first; unique within the policy, need not be contiguous.
    rule_priority: int
    #: ``description``: free text.
    description: str | None = None
    #: ``selection``: the images the rule applies to.
    selection: LifecycleSelection
    #: ``action``: what the rule does to them.
    action: LifecycleAction


@attrs.frozen(kw_only=True, repr=False, slots=False)
class LifecyclePolicy(Model):
    """An ECR lifecycle policy document: the text of ``lifecyclePolicyText``."""

    #: ``rules``: the rules, in the order written (evaluation order is by :attr:`LifecycleRule.rule_priority`).
    rules: tuple[LifecycleRule, ...]

    @property
    def rules_by_priority(self) -> tuple[LifecycleRule, ...]:
        """The rules in evaluation order: by ascending ``rule_priority`` (stable for equal priorities)."""
        return tuple(sorted(self.rules, key=lambda rule: rule.rule_priority))
