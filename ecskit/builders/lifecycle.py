"""ECR lifecycle policies, built rule by rule and validated when built.

>>> policy = (lifecycle_policy()
...           .keep_last(20, tag_patterns=["release-*"])
...           .expire_untagged_after(days=7)
...           .expire_after(days=90)
...           .build())
>>> [(r.rule_priority, r.selection.tag_status.value, r.selection.count_type.value) for r in policy.rules]
[(1, 'tagged', 'imageCountMoreThan'), (2, 'untagged', 'sinceImagePushed'), (3, 'any', 'sinceImagePushed')]

Rules get their ``rulePriority`` in the order they are added (1, 2, 3, ...): a rule added earlier claims the images
its selection matches, and no later rule acts on them (the first rule above keeps the newest 20 release images safe
from the third). So add the rules that keep images first and a rule on every image (``tagStatus`` any) last, as
ECR requires. :meth:`LifecyclePolicyBuilder.build` runs :func:`~ecskit.validation.validate_lifecycle_policy` and
raises :class:`~ecskit.errors.ValidationError` on any error, with ``PutLifecyclePolicy``'s own message where the
rule knows it; :meth:`LifecyclePolicyBuilder.text` gives the JSON to send as ``lifecyclePolicyText``.

Each method takes the tags it is about as prefixes (``tag_prefixes``) or wildcard patterns (``tag_patterns``, best
practice), not both; an image is selected when every entry matches one of its tags. With neither, a rule is about
every image (``tagStatus`` any).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import attrs

from ecskit.builders._arguments import check_arguments
from ecskit.builders._checks import raise_for_errors
from ecskit.codec import to_api
from ecskit.errors import UsageError
from ecskit.models._base import replace
from ecskit.models.lifecycle import (
    CountType,
    CountUnit,
    LifecycleAction,
    LifecycleActionType,
    LifecyclePolicy,
    LifecycleRule,
    LifecycleSelection,
    LifecycleStorageClass,
    LifecycleTargetStorageClass,
    TagStatus,
)
from ecskit.validation import Config, Report, validate_lifecycle_policy

__all__ = ["LifecyclePolicyBuilder", "lifecycle_policy"]

_EXPIRE = LifecycleAction(type=LifecycleActionType.EXPIRE)
_ARCHIVE = LifecycleAction(
    type=LifecycleActionType.TRANSITION, target_storage_class=LifecycleTargetStorageClass.ARCHIVE
)


@check_arguments
def lifecycle_policy() -> LifecyclePolicyBuilder:
    """Start a lifecycle policy with no rules."""
    return LifecyclePolicyBuilder()


def _tags(
    tag_prefixes: Sequence[str] | None, tag_patterns: Sequence[str] | None
) -> tuple[TagStatus, tuple[str, ...] | None, tuple[str, ...] | None]:
    if tag_prefixes is not None and tag_patterns is not None:
        raise UsageError("give tag_prefixes or tag_patterns, not both (a rule has one list or the other)")
    prefixes = tuple(tag_prefixes) if tag_prefixes is not None else None
    patterns = tuple(tag_patterns) if tag_patterns is not None else None
    if prefixes == () or patterns == ():
        raise UsageError("a tag list needs at least one entry (use ['*'] for every tagged image)")
    tagged = prefixes is not None or patterns is not None
    return (TagStatus.TAGGED if tagged else TagStatus.ANY), prefixes, patterns


@attrs.frozen(kw_only=True)
class LifecyclePolicyBuilder:
    """An immutable builder of a :class:`~ecskit.models.lifecycle.LifecyclePolicy`; start one with
    :func:`lifecycle_policy`."""

    #: The rules so far, in order (their priorities are given by :meth:`draft`).
    rules: tuple[LifecycleRule, ...] = ()

    def _add(self, selection: LifecycleSelection, action: LifecycleAction, description: str) -> LifecyclePolicyBuilder:
        rule = LifecycleRule(
            rule_priority=len(self.rules) + 1, description=description, selection=selection, action=action
        )
        return attrs.evolve(self, rules=(*self.rules, rule))

    @check_arguments
    def keep_last(
        self,
        count: int,
        *,
        tag_prefixes: Sequence[str] | None = None,
        tag_patterns: Sequence[str] | None = None,
        description: str | None = None,
    ) -> LifecyclePolicyBuilder:
        """Keep the ``count`` newest images (of the tags given, else of every image) and expire the older ones."""
        status, prefixes, patterns = _tags(tag_prefixes, tag_patterns)
        selection = LifecycleSelection(
            tag_status=status,
            tag_prefix_list=prefixes,
            tag_pattern_list=patterns,
            count_type=CountType.IMAGE_COUNT_MORE_THAN,
            count_number=count,
        )
        which = "images" if status is TagStatus.ANY else "images of these tags"
        return self._add(selection, _EXPIRE, description or f"Keep the newest {count} {which}")

    @check_arguments
    def keep_last_untagged(self, count: int, *, description: str | None = None) -> LifecyclePolicyBuilder:
        """Keep the ``count`` newest untagged images and expire the older ones."""
        selection = LifecycleSelection(
            tag_status=TagStatus.UNTAGGED, count_type=CountType.IMAGE_COUNT_MORE_THAN, count_number=count
        )
        return self._add(selection, _EXPIRE, description or f"Keep the newest {count} untagged images")

    @check_arguments
    def expire_untagged_after(self, days: int, *, description: str | None = None) -> LifecyclePolicyBuilder:
        """Expire untagged images pushed more than ``days`` days ago."""
        selection = LifecycleSelection(
            tag_status=TagStatus.UNTAGGED,
            count_type=CountType.SINCE_IMAGE_PUSHED,
            count_unit=CountUnit.DAYS,
            count_number=days,
        )
        return self._add(selection, _EXPIRE, description or f"Expire untagged images older than {days} days")

    @check_arguments
    def expire_after(
        self,
        days: int,
        *,
        tag_prefixes: Sequence[str] | None = None,
        tag_patterns: Sequence[str] | None = None,
        description: str | None = None,
    ) -> LifecyclePolicyBuilder:
        """Expire images (of the tags given, else every image) pushed more than ``days`` days ago."""
        status, prefixes, patterns = _tags(tag_prefixes, tag_patterns)
        selection = LifecycleSelection(
            tag_status=status,
            tag_prefix_list=prefixes,
            tag_pattern_list=patterns,
            count_type=CountType.SINCE_IMAGE_PUSHED,
            count_unit=CountUnit.DAYS,
            count_number=days,
        )
        return self._add(selection, _EXPIRE, description or f"Expire images older than {days} days")

    @check_arguments
    def archive_after(
        self,
        days: int,
        *,
        not_pulled: bool = False,
        tag_prefixes: Sequence[str] | None = None,
        tag_patterns: Sequence[str] | None = None,
        description: str | None = None,
    ) -> LifecyclePolicyBuilder:
        """Move images (of the tags given, else every image) to the archive storage class ``days`` days after their
        push, or, with ``not_pulled``, after their last pull (archived images cannot be pulled until restored)."""
        status, prefixes, patterns = _tags(tag_prefixes, tag_patterns)
        kind = CountType.SINCE_IMAGE_PULLED if not_pulled else CountType.SINCE_IMAGE_PUSHED
        selection = LifecycleSelection(
            tag_status=status,
            tag_prefix_list=prefixes,
            tag_pattern_list=patterns,
            count_type=kind,
            count_unit=CountUnit.DAYS,
            count_number=days,
        )
        since = "not pulled for" if not_pulled else "older than"
        return self._add(selection, _ARCHIVE, description or f"Archive images {since} {days} days")

    @check_arguments
    def expire_archived_after(self, days: int, *, description: str | None = None) -> LifecyclePolicyBuilder:
        """Expire archived images ``days`` days after they were archived (the archive's minimum storage duration is
        90 days: fewer draws the ``lifecycle-archive-minimum`` warning)."""
        selection = LifecycleSelection(
            tag_status=TagStatus.ANY,
            storage_class=LifecycleStorageClass.ARCHIVE,
            count_type=CountType.SINCE_IMAGE_TRANSITIONED,
            count_unit=CountUnit.DAYS,
            count_number=days,
        )
        return self._add(selection, _EXPIRE, description or f"Expire images archived more than {days} days ago")

    @check_arguments
    def rule(self, *rules: LifecycleRule) -> LifecyclePolicyBuilder:
        """Add rules as they are (their ``rulePriority`` is replaced by their place in the policy)."""
        start = len(self.rules)
        added = tuple(replace(r, rule_priority=start + i + 1) for i, r in enumerate(rules))
        return attrs.evolve(self, rules=(*self.rules, *added))

    def draft(self) -> LifecyclePolicy:
        """The policy as built so far, without validation."""
        return LifecyclePolicy(rules=self.rules)

    @check_arguments
    def validate(self, *, config: Config | None = None) -> Report:
        """Every finding of :func:`~ecskit.validation.validate_lifecycle_policy` on the policy."""
        return validate_lifecycle_policy(self.draft(), config=config)

    @check_arguments
    def build(self, *, config: Config | None = None) -> LifecyclePolicy:
        """The validated policy; raises :class:`~ecskit.errors.ValidationError` if validation finds an error."""
        raise_for_errors([self.validate(config=config)])
        return self.draft()

    @check_arguments
    def text(self, *, config: Config | None = None) -> str:
        """The validated policy as the JSON text ``PutLifecyclePolicy`` takes (``lifecyclePolicyText``)."""
        return json.dumps(to_api(self.build(config=config)))
