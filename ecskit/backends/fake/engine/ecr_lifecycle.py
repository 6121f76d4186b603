"""ECR lifecycle policies on the fake: the policy is judged as ``PutLifecyclePolicy`` judges it, then runs in virtual
time as ECR runs it, and previews complete in virtual time.

* **Judged once, as users judge it.** :func:`read_policy_text` refuses a policy with ECR's error: the text's
  length first (``lifecyclePolicyText`` is 100 to 30,720 characters), then the ``api`` findings of
  :func:`~ecskit.validation.validate_lifecycle_policy`, worded by :func:`~ecskit.lifecycle.refusal_message`: the
  fake and ``ecskit validate`` never disagree.
* **Runs within 24 hours, then daily.** "Once a lifecycle policy is applied to a repository, you should expect that
  images become expired within 24 hours after they meet the expiration criteria"
  (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html). The fake runs a policy
  :data:`FIRST_RUN` seconds after it is set (the latest ECR would), then every :data:`EVERY` seconds; setting or
  deleting the policy drops the runs scheduled for the one before. A run evaluates the repository's images with
  :func:`~ecskit.lifecycle.evaluate` (the same evaluator as the offline preview): expired images are deleted (they
  leave ListImages and DescribeImages, and their tags with them), archived ones get status ``ARCHIVED``. Images
  that refer to one expired or archived (signatures, SBOMs: their ``subject``) follow it in the same run ("Amazon
  ECR lifecycle policies automatically expire or archive those artifacts within 24 hours of the deletion or
  archival of the subject image").
* **Previews take** :data:`PREVIEW_SECONDS` of virtual time (ecskit's choice: ECR does not say; botocore's
  ``LifecyclePolicyPreviewComplete`` waiter polls every 5 seconds): IN_PROGRESS until then, COMPLETE with the
  results of the repository's images as they are when it completes.
"""

from __future__ import annotations

import json

from ecskit.backends.fake.core.ecr import LifecyclePreviewRecord, RepositoryRecord
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import fail, refuse
from ecskit.backends.fake.core.events import LifecyclePreviewDone, LifecycleRun
from ecskit.backends.fake.engine.ecr_events import image_deleted, storage_class_changed
from ecskit.backends.fake.engine.ecr_scans import close_findings
from ecskit.lifecycle import Evaluation, LifecycleImage, evaluate, preview_results, preview_summary, read_policy
from ecskit.lifecycle.policy import INVALID_POLICY, refusal_message
from ecskit.models.ecr import ImageActionType
from ecskit.models.lifecycle import LifecyclePolicy
from ecskit.texts import ecr

__all__ = [
    "EVERY",
    "FIRST_RUN",
    "MAX_TEXT",
    "MIN_TEXT",
    "PREVIEW_SECONDS",
    "apply",
    "clear_policy",
    "finish_preview",
    "images_of",
    "normalised",
    "policy_of",
    "preview_in_progress",
    "read_policy_text",
    "run_policy",
    "set_policy",
    "start_preview",
]

DAY = 24 * 3600.0
#: Seconds from setting a policy to its first run, and between runs.
FIRST_RUN = EVERY = DAY
#: Seconds a preview takes.
PREVIEW_SECONDS = 10.0
#: The length limits of ``lifecyclePolicyText`` (botocore's service model).
MIN_TEXT, MAX_TEXT = 100, 30720


def read_policy_text(text: str) -> LifecyclePolicy:
    """The policy of ``lifecyclePolicyText``, or ECR's InvalidParameterException (see the module docstring).

    The length texts are ECR's request validation, as quoted from a real call ("Invalid parameter at
    'lifecyclePolicyText' failed to satisfy constraint: 'Member must have length greater than or equal to 100'").
    """
    if len(text) < MIN_TEXT:
        bound = f"greater than or equal to {MIN_TEXT}"
    elif len(text) > MAX_TEXT:
        bound = f"less than or equal to {MAX_TEXT}"
    else:
        bound = ""
    if bound:
        refuse(ecr.CONSTRAINT, member="lifecyclePolicyText", constraint=f"Member must have length {bound}")
    policy, report = read_policy(text)
    refusals = report.refusals
    if refusals:
        fail(INVALID_POLICY, refusal_message(refusals[0]))
    assert policy is not None  # no refusal: it was read
    return policy


def normalised(text: str) -> str:
    """The policy text as ECR keeps and shows it: compact JSON, members in the order written (the AWS CLI's
    put-lifecycle-policy and get-lifecycle-policy examples show a pretty-printed file come back so)."""
    return json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)


def policy_of(repository: RepositoryRecord) -> LifecyclePolicy | None:
    """The repository's lifecycle policy (it was judged when set), or None."""
    text = repository.lifecycle_policy
    return None if text is None else read_policy(text)[0]


def set_policy(env: Env, repository: RepositoryRecord, text: str) -> None:
    """Set the lifecycle policy of ``repository`` (in ``env``'s registry) and schedule its first run."""
    repository.lifecycle_policy = normalised(text)
    repository.lifecycle_set_at = env.clock.now()
    # Unique in the whole fake (the number the run's event is queued as): a run queued for a repository deleted
    # since, and made again under its name, is never taken for one of the new repository's.
    repository.lifecycle_epoch = env.world.seq + 1
    env.later(FIRST_RUN, LifecycleRun(repository=repository.name, epoch=repository.lifecycle_epoch))


def clear_policy(repository: RepositoryRecord) -> None:
    """Delete the lifecycle policy of ``repository``; its scheduled runs are dropped."""
    repository.lifecycle_policy = None
    repository.lifecycle_set_at = None
    repository.lifecycle_epoch = 0  # no run was queued as 0


def images_of(repository: RepositoryRecord) -> list[LifecycleImage]:
    """The repository's images as the evaluator sees them, in push order."""
    return [
        LifecycleImage(
            digest=image.digest,
            pushed_at=image.pushed_at,
            tags=tuple(image.tags),
            last_pulled_at=image.last_pulled_at,
            status=image.status,
            last_archived_at=image.last_archived_at,
            last_activated_at=image.last_activated_at,
            manifests=image.children,
        )
        for image in repository.store.images.values()
    ]


def apply(env: Env, repository: RepositoryRecord, evaluation: Evaluation) -> None:
    """Do what ``evaluation`` decided: delete the expired images, archive the others acted on, and do the same to
    the images that refer to them."""
    store, now = repository.store, env.clock.now()
    expired: set[str] = set()
    archived: set[str] = set()
    for decision in evaluation.acted:
        digest = decision.image.digest
        (expired if decision.action is ImageActionType.EXPIRE else archived).add(digest)
    if not (expired or archived):
        return
    # Referrers follow their subject, and referrers of referrers theirs.
    referrers: dict[str, list[str]] = {}
    for image in store.images.values():
        if image.subject is not None:
            referrers.setdefault(image.subject, []).append(image.digest)
    for followed, gone in ((expired, True), (archived, False)):
        pending = list(followed)
        while pending:
            for digest in referrers.get(pending.pop(), ()):
                if (
                    digest not in expired
                    and digest not in archived
                    and (gone or store.images[digest].status == "ACTIVE")
                ):
                    followed.add(digest)
                    pending.append(digest)
    for digest in expired:
        expiring = store.images[digest]
        store.drop_image(digest)
        image_deleted(env, repository, expiring, [*expiring.tags] or [None])
        close_findings(env, repository, expiring)
    for digest in archived - expired:
        image = store.images[digest]
        image.status, image.last_archived_at = "ARCHIVED", now
        storage_class_changed(env, repository, image)


def run_policy(env: Env, event: LifecycleRun) -> None:
    """A scheduled run of a repository's lifecycle policy (dropped when the policy changed since)."""
    repository = env.state.ecr.repositories.get(event.repository)
    if repository is None or repository.lifecycle_epoch != event.epoch:
        return
    policy = policy_of(repository)
    if policy is None:
        return
    apply(env, repository, evaluate(policy, images_of(repository), now=env.clock.now()))
    repository.lifecycle_run_at = env.clock.now()
    env.later(EVERY, LifecycleRun(repository=repository.name, epoch=event.epoch))


def preview_in_progress(repository: RepositoryRecord) -> bool:
    """Whether a preview of ``repository`` is still under way."""
    preview = repository.preview
    return preview is not None and preview.results is None


def start_preview(env: Env, repository: RepositoryRecord, text: str) -> None:
    """Start a preview of the policy ``text`` (already judged) on ``repository``."""
    done_at = env.now + PREVIEW_SECONDS
    repository.preview = LifecyclePreviewRecord(policy=text, started_at=env.clock.now(), done_at=done_at)
    env.at(done_at, LifecyclePreviewDone(repository=repository.name, done_at=done_at))


def finish_preview(env: Env, event: LifecyclePreviewDone) -> None:
    """A preview completes: its results are the repository's images evaluated now."""
    repository = env.state.ecr.repositories.get(event.repository)
    preview = repository.preview if repository is not None else None
    if repository is None or preview is None or preview.done_at != event.done_at:
        return
    policy, _ = read_policy(preview.policy)
    if policy is None:  # pragma: no cover - judged when the preview started
        return
    evaluation = evaluate(policy, images_of(repository), now=env.clock.now())
    preview.results = preview_results(evaluation)
    preview.summary = preview_summary(evaluation)
