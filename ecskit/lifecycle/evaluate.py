"""The lifecycle policy evaluator: which images of a repository each rule expires or archives, as ECR decides it.

The rules of "Lifecycle policy evaluation rules"
(https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html#lp_evaluation_rules), each one
applied here:

* "All rules are evaluated at the same time, regardless of rule priority. After all rules are evaluated, they are
  then applied based on rule priority": every rule sees the repository as it is, and rules are applied lowest
  ``rulePriority`` first;
* "An image is expired or archived by exactly one or zero rules";
* "An image that matches the tagging requirements of a rule cannot be expired or archived by a rule with a lower
  priority", and "Rules can never mark images that are marked by higher priority rules, but can still identify
  them as if they haven't been expired or archived": an image a rule's selection matched is claimed by it, whether
  or not that rule acts on it, and yet every later rule still counts it (``imageCountMoreThan`` keeps the newest
  images among all the images its selection matches, claimed or not);
* "With countType = imageCountMoreThan, images are sorted from youngest to oldest based on pushed_at_time and then
  all images greater than the specified count are expired or archived"; ``sinceImagePushed``,
  ``sinceImagePulled`` and ``sinceImageTransitioned`` act on the images whose time (see
  :mod:`~ecskit.lifecycle.images`) is more than ``countNumber`` days before now (exactly that age is not more);
* "If an image is referenced by a manifest list, it cannot be expired or archived without the manifest list being
  deleted or archived first": while an image index that names it is in the repository (for archiving: while that
  index is not archived), no rule acts on it; it is still claimed and counted. Images that tie on push time are
  ordered as given, a later one being the newer (DescribeImages and the fake list images in push order).

One sort of the images, newest first, serves every rule; each rule is then one pass over them: O(n log n + r n)
for n images and r rules.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import attrs

from ecskit.errors import UsageError
from ecskit.lifecycle.images import LifecycleImage
from ecskit.lifecycle.matching import Selector
from ecskit.models.ecr import ImageActionType
from ecskit.models.lifecycle import CountType, LifecycleActionType, LifecyclePolicy, LifecycleRule

__all__ = ["ACTIONS", "Decision", "Evaluation", "evaluate"]

#: A rule's action type (the document's string) -> the preview's.
ACTIONS: dict[str, ImageActionType] = {
    LifecycleActionType.EXPIRE.value: ImageActionType.EXPIRE,
    LifecycleActionType.TRANSITION.value: ImageActionType.TRANSITION,
}


@attrs.frozen(kw_only=True)
class Decision:
    """What a policy does to one image."""

    #: The image's position in the images evaluated.
    index: int
    image: LifecycleImage
    #: The rule that expires or archives the image, or None when none does.
    rule: LifecycleRule | None = None
    #: The ``rulePriority`` of the highest-priority rule whose selection matched the image (it claims the image:
    #: no lower-priority rule acts on it), or None when no rule's selection did.
    matched_by: int | None = None
    #: The digest of the image index that kept a rule from acting on this image (see the module docstring).
    held_by: str | None = None

    @property
    def action(self) -> ImageActionType | None:
        """``EXPIRE``, ``TRANSITION`` (to the archive), or None when the image is kept."""
        return None if self.rule is None else ACTIONS[self.rule.action.type]

    @property
    def applied_rule_priority(self) -> int | None:
        """The ``rulePriority`` of the rule that acts on the image (``appliedRulePriority``)."""
        return None if self.rule is None else self.rule.rule_priority


class Evaluation:
    """The decisions of one evaluation of a policy on a repository's images (:func:`evaluate`)."""

    __slots__ = ("_acted", "_applied", "_held", "_matched", "_order", "images", "now", "policy")

    def __init__(
        self,
        *,
        policy: LifecyclePolicy,
        images: tuple[LifecycleImage, ...],
        now: datetime.datetime,
        applied: list[LifecycleRule | None],
        matched: list[int | None],
        held: dict[int, str],
    ) -> None:
        #: The policy evaluated.
        self.policy = policy
        #: The images, as given.
        self.images = images
        #: When it was evaluated.
        self.now = now
        self._applied, self._matched, self._held = applied, matched, held
        self._acted: tuple[Decision, ...] | None = None
        self._order: list[int] | None = None

    def decision(self, index: int) -> Decision:
        """The decision on the image at ``index``."""
        return Decision(
            index=index,
            image=self.images[index],
            rule=self._applied[index],
            matched_by=self._matched[index],
            held_by=self._held.get(index),
        )

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """The decision on every image, in the order the images were given."""
        return tuple(self.decision(i) for i in range(len(self.images)))

    @property
    def acted_indices(self) -> list[int]:
        """The positions of the images a rule expires or archives, oldest push first."""
        if self._order is None:
            applied, images = self._applied, self.images
            chosen = [i for i, rule in enumerate(applied) if rule is not None]
            chosen.sort(key=lambda i: images[i].pushed_time)
            self._order = chosen
        return self._order

    def rule_of(self, index: int) -> LifecycleRule | None:
        """The rule that acts on the image at ``index`` (None when none does)."""
        return self._applied[index]

    def action_of(self, index: int) -> ImageActionType | None:
        """What is done to the image at ``index``: ``EXPIRE``, ``TRANSITION``, or None."""
        rule = self._applied[index]
        return None if rule is None else ACTIONS[rule.action.type]

    @property
    def acted(self) -> tuple[Decision, ...]:
        """The images a rule expires or archives, oldest push first (the order ECR expires them in)."""
        if self._acted is None:
            self._acted = tuple(self.decision(i) for i in self.acted_indices)
        return self._acted

    @property
    def expiring(self) -> tuple[Decision, ...]:
        """The images a rule expires (deletes), oldest push first."""
        return tuple(d for d in self.acted if d.action is ImageActionType.EXPIRE)

    @property
    def transitioning(self) -> tuple[Decision, ...]:
        """The images a rule archives, oldest push first."""
        return tuple(d for d in self.acted if d.action is ImageActionType.TRANSITION)


def _held(images: Sequence[LifecycleImage]) -> tuple[dict[str, str], dict[str, str]]:
    """Digest -> the index naming it, for expiring (any index there) and archiving (an index not archived)."""
    from_expiry: dict[str, str] = {}
    from_archive: dict[str, str] = {}
    for image in images:
        for child in image.manifests:
            from_expiry.setdefault(child, image.digest)
            if image.status != "ARCHIVED":
                from_archive.setdefault(child, image.digest)
    return from_expiry, from_archive


def _aware(now: datetime.datetime) -> datetime.datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise UsageError(f"now must be timezone-aware (e.g. datetime.datetime.now(datetime.UTC)), got {now!r}")
    return now


def evaluate(policy: LifecyclePolicy, images: Sequence[LifecycleImage], *, now: datetime.datetime) -> Evaluation:
    """Evaluate ``policy`` on the images of one repository at ``now`` (timezone-aware), as ECR does (see the module
    docstring). The policy is taken as it is: validate it first (:func:`~ecskit.lifecycle.preview` does).

    >>> import datetime
    >>> from ecskit import from_api
    >>> policy = from_api({"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any",
    ...     "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]}, LifecyclePolicy)
    >>> now = datetime.datetime(2025, 1, 10, tzinfo=datetime.UTC)
    >>> images = [LifecycleImage(digest=f"sha256:{n}", pushed_at=now - datetime.timedelta(days=n)) for n in (3, 1, 2)]
    >>> [d.image.digest for d in evaluate(policy, images, now=now).acted]
    ['sha256:3', 'sha256:2']
    """
    now = _aware(now)
    images = tuple(images)
    count = len(images)
    tags = [image.tags for image in images]
    storage = [image.storage_class for image in images]
    pushed = [image.pushed_time for image in images]
    # Newest first; ties keep the later image first (the sort is stable over indices taken last to first).
    order = sorted(range(count - 1, -1, -1), key=pushed.__getitem__, reverse=True)
    selector = Selector(tags, storage, order)
    held_expiry, held_archive = _held(images)
    applied: list[LifecycleRule | None] = [None] * count
    matched: list[int | None] = [None] * count
    held: dict[int, str] = {}
    for rule in policy.rules_by_priority:
        selection = rule.selection
        chosen = selector.chosen(selection)
        hits = _hits(
            selection.count_type, number=selection.count_number, chosen=chosen, images=images, pushed=pushed, now=now
        )
        holding = held_expiry if rule.action.type == LifecycleActionType.EXPIRE else held_archive
        for i in hits:
            if matched[i] is not None:
                continue  # claimed by a higher-priority rule: counted above, never acted on here
            index = holding.get(images[i].digest) if holding else None
            if index is None:
                applied[i] = rule
            else:
                held[i] = index
        priority = rule.rule_priority
        for i in chosen:
            if matched[i] is None:
                matched[i] = priority
    return Evaluation(policy=policy, images=images, now=now, applied=applied, matched=matched, held=held)


def _hits(
    count_type: CountType,
    *,
    number: int,
    chosen: list[int],
    images: tuple[LifecycleImage, ...],
    pushed: list[datetime.datetime],
    now: datetime.datetime,
) -> list[int]:
    """The images (of ``chosen``, newest first) a rule's count acts on."""
    if count_type == CountType.IMAGE_COUNT_MORE_THAN:
        return chosen[max(number, 0) :]
    before = now - datetime.timedelta(days=number)
    if count_type == CountType.SINCE_IMAGE_PUSHED:
        return [i for i in chosen if pushed[i] < before]
    if count_type == CountType.SINCE_IMAGE_PULLED:
        return [i for i in chosen if images[i].pulled_time < before]
    archived = ((i, images[i].last_archived_at) for i in chosen)
    return [i for i, at in archived if at is not None and at < before]
