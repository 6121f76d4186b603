"""Properties of the evaluator on generated repositories and policies (hypothesis):

* it never fails, whatever the policy (even one ECR would refuse) and images;
* its tag patterns match as globs do, however many wildcards;
* no rule ever acts on an image that a higher-priority rule's selection matched;
* it agrees with a literal, quadratic reading of "Lifecycle policy evaluation rules"
  (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html#lp_evaluation_rules): "All rules
  are evaluated at the same time, regardless of rule priority. After all rules are evaluated, they are then applied
  based on rule priority": every rule marks images on its own; then an image is acted on by the first rule (by
  priority) whose selection matches it, if that rule marked it.
"""

from __future__ import annotations

import datetime
import fnmatch
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ecskit.codec import from_api
from ecskit.lifecycle import LifecycleImage, evaluate
from ecskit.lifecycle.matching import tag_test
from ecskit.models.lifecycle import LifecyclePolicy, LifecycleRule
from ecskit.validation import validate_lifecycle_policy
from tests.support.ecr_lifecycle import DAY, NOW
from tests.support.ecr_lifecycle import policy as policy_of
from tests.support.ecr_lifecycle import rule as rule_doc

TAGS = ("v1", "v2", "v10", "prod", "prod-1", "prod-2", "alpha-1", "beta-1", "alpha-beta", "latest", "x")
ENTRIES = ("v", "prod", "alpha", "beta", "v1", "*", "v*", "prod*", "*-1", "*a*b*", "*beta*", "latest", "p*d*")
COUNT_TYPES = ("imageCountMoreThan", "sinceImagePushed", "sinceImagePulled")
ARCHIVE = {"type": "transition", "targetStorageClass": "archive"}


@st.composite
def repositories(draw: st.DrawFn) -> list[LifecycleImage]:
    """Up to 25 images with distinct tags (a tag names one image), some archived, pulled, restored or indexes."""
    count = draw(st.integers(0, 25))
    free = list(TAGS)
    images: list[LifecycleImage] = []
    for n in range(count):
        tags = draw(st.lists(st.sampled_from(free), max_size=3, unique=True)) if free else []
        free = [t for t in free if t not in tags]
        pushed = NOW - draw(st.integers(0, 60 * 24)) * datetime.timedelta(hours=1)
        archived = draw(st.booleans()) and draw(st.booleans())
        members: dict[str, Any] = {}
        if archived:
            members.update(status="ARCHIVED", last_archived_at=pushed + draw(st.integers(0, 10)) * DAY)
        if draw(st.booleans()):
            members["last_pulled_at"] = pushed + draw(st.integers(0, 30)) * DAY
        if draw(st.integers(0, 9)) == 0:
            members["last_activated_at"] = pushed + draw(st.integers(0, 20)) * DAY
        if images and draw(st.integers(0, 5)) == 0:
            members["manifests"] = tuple(
                draw(st.lists(st.sampled_from([i.digest for i in images]), min_size=1, max_size=2, unique=True))
            )
        images.append(LifecycleImage(digest=f"sha256:{n:04d}", tags=tuple(tags), pushed_at=pushed, **members))
    return images


@st.composite
def rules(draw: st.DrawFn, priority: int) -> dict[str, Any]:
    """One rule document, of any shape the model takes (not necessarily one ECR accepts)."""
    status = draw(st.sampled_from(["tagged", "untagged", "any"]))
    selection: dict[str, Any] = {"tagStatus": status}
    if status == "tagged":
        entries = draw(st.lists(st.sampled_from(ENTRIES), min_size=1, max_size=2, unique=True))
        selection["tagPatternList" if draw(st.booleans()) else "tagPrefixList"] = entries
    action: dict[str, Any] = {"type": "expire"}
    if draw(st.integers(0, 4)) == 0:
        selection.update(storageClass="archive", countType="sinceImageTransitioned", countUnit="days")
    else:
        kind = draw(st.sampled_from(COUNT_TYPES))
        selection["countType"] = kind
        if kind != "imageCountMoreThan":
            selection["countUnit"] = "days"
        if kind == "sinceImagePulled" or draw(st.integers(0, 3)) == 0:
            action = ARCHIVE
    selection["countNumber"] = draw(st.integers(1, 30))
    return {"rulePriority": priority, "selection": selection, "action": action}


@st.composite
def policies(draw: st.DrawFn) -> LifecyclePolicy:
    count = draw(st.integers(1, 6))
    priorities = draw(st.lists(st.integers(1, 100), min_size=count, max_size=count, unique=True))
    return from_api({"rules": [draw(rules(p)) for p in priorities]}, LifecyclePolicy)


def _matches(rule: LifecycleRule, image: LifecycleImage) -> bool:
    """A rule's selection, read from the properties page on its own (no code shared with the evaluator)."""
    s = rule.selection
    wanted = {"standard": "ACTIVE", "archive": "ARCHIVED"}[str(s.storage_class or "standard")]
    if image.status != wanted:
        return False
    if str(s.tag_status) == "untagged":
        return not image.tags
    if str(s.tag_status) == "any":
        return True
    if not image.tags:
        return False
    prefixes, patterns = s.tag_prefix_list or (), s.tag_pattern_list or ()
    return all(any(t.startswith(p) for t in image.tags) for p in prefixes) and all(
        any(fnmatch.fnmatchcase(t, p) for t in image.tags) for p in patterns
    )


def _reference(policy: LifecyclePolicy, images: list[LifecycleImage]) -> dict[str, int]:
    """Digest -> the priority of the rule acting on it, the literal way: mark with every rule, then apply."""
    ordered = sorted(policy.rules, key=lambda r: r.rule_priority)
    marks: dict[int, set[str]] = {}
    for rule in ordered:
        seen = [(n, i) for n, i in enumerate(images) if _matches(rule, i)]
        s, now = rule.selection, NOW
        limit = now - s.count_number * DAY
        if str(s.count_type) == "imageCountMoreThan":
            # youngest first; of two pushed at once, the one listed later is the younger
            youngest = sorted(seen, key=lambda p: (p[1].pushed_time, p[0]), reverse=True)
            marked = [i for _, i in youngest[s.count_number :]]
        elif str(s.count_type) == "sinceImagePushed":
            marked = [i for _, i in seen if i.pushed_time < limit]
        elif str(s.count_type) == "sinceImagePulled":
            marked = [
                i
                for _, i in seen
                if max(i.pushed_at, i.last_pulled_at or i.pushed_at, i.last_activated_at or i.pushed_at) < limit
            ]
        else:
            marked = [i for _, i in seen if i.last_archived_at is not None and i.last_archived_at < limit]
        marks[rule.rule_priority] = {i.digest for i in marked}
    out: dict[str, int] = {}
    for image in images:
        first = next((r for r in ordered if _matches(r, image)), None)
        if first is None or image.digest not in marks[first.rule_priority]:
            continue
        expiring = str(first.action.type) == "expire"
        held = any(image.digest in other.manifests and (expiring or other.status != "ARCHIVED") for other in images)
        if not held:
            out[image.digest] = first.rule_priority
    return out


@settings(max_examples=60, deadline=None)
@given(policy=policies(), images=repositories())
def test_never_fails_and_never_acts_below_a_matching_rule(
    policy: LifecyclePolicy, images: list[LifecycleImage]
) -> None:
    evaluation = evaluate(policy, images, now=NOW)
    for decision in evaluation.acted:
        assert decision.applied_rule_priority == decision.matched_by
    acted = [d.index for d in evaluation.acted]
    assert len(acted) == len(set(acted))


@settings(max_examples=60, deadline=None)
@given(policy=policies(), images=repositories())
def test_agrees_with_the_literal_reading_on_valid_policies(
    policy: LifecyclePolicy, images: list[LifecycleImage]
) -> None:
    assume(validate_lifecycle_policy(policy).ok)
    evaluation = evaluate(policy, images, now=NOW)
    assert {d.image.digest: d.applied_rule_priority for d in evaluation.acted} == _reference(policy, images)


@settings(max_examples=200, deadline=None)
@given(
    pattern=st.text(alphabet="ab*.-", min_size=0, max_size=9),
    tags=st.lists(st.text(alphabet="ab.-", max_size=12), max_size=3),
)
def test_tag_patterns_match_as_globs_do(pattern: str, tags: list[str]) -> None:
    """Every way the evaluator matches a pattern (a regular expression on joined tags for a few wildcards, a greedy
    match for more) agrees with fnmatch, whose only wildcard in this alphabet is ``*``."""
    expected = [t for t in tags if fnmatch.fnmatchcase(t, pattern)]
    assert [t for t in tags if tag_test(pattern, prefix=False)(t)] == expected
    rules = policy_of(
        rule_doc(1, tagStatus="tagged", tagPatternList=[pattern], countType="imageCountMoreThan", countNumber=0)
    )
    images = [LifecycleImage(digest=f"sha256:{n}", tags=(t,), pushed_at=NOW - DAY) for n, t in enumerate(tags) if t]
    chosen = {d.image.tags[0] for d in evaluate(rules, images, now=NOW).acted}  # keeping none: every match goes
    assert chosen == {t for t in expected if t}


@st.composite
def wild_policies(draw: st.DrawFn) -> LifecyclePolicy:
    """Policies of any shape the model takes, most of which ECR refuses."""
    out = []
    for priority in draw(st.lists(st.integers(-3, 5), min_size=1, max_size=5)):
        selection: dict[str, Any] = {
            "tagStatus": draw(st.sampled_from(["tagged", "untagged", "any"])),
            "countType": draw(st.sampled_from([*COUNT_TYPES, "sinceImageTransitioned"])),
            "countNumber": draw(st.integers(-2, 40)),
        }
        for key in ("tagPrefixList", "tagPatternList"):
            if draw(st.booleans()):
                selection[key] = draw(st.lists(st.sampled_from([*ENTRIES, "", "**", "*a*b*c*d*e*f*"]), max_size=3))
        if draw(st.booleans()):
            selection["storageClass"] = draw(st.sampled_from(["standard", "archive"]))
        if draw(st.booleans()):
            selection["countUnit"] = "days"
        action = draw(st.sampled_from([{"type": "expire"}, ARCHIVE, {"type": "transition"}]))
        out.append({"rulePriority": priority, "selection": selection, "action": action})
    return from_api({"rules": out}, LifecyclePolicy)


@settings(max_examples=60, deadline=None)
@given(policy=wild_policies(), images=repositories())
def test_never_fails_even_on_policies_ecr_refuses(policy: LifecyclePolicy, images: list[LifecycleImage]) -> None:
    evaluation = evaluate(policy, images, now=NOW)
    for decision in evaluation.acted:
        assert decision.applied_rule_priority == decision.matched_by
