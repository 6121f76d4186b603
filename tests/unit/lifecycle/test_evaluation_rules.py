"""Each rule of "Lifecycle policy evaluation rules" in AWS's "Automate the cleanup of images by using lifecycle
policies in Amazon ECR" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html), and the
count types of "Lifecycle policy properties in Amazon ECR"
(https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html), one test each (the rule
quoted in its docstring). The rules that make a policy invalid (one untagged rule, unique prefixes, the any rule
last, four wildcards, ...) are the validation's and the fake's: see tests/fake/test_ecr_lifecycle.py.
"""

from __future__ import annotations

import datetime

import pytest

from ecskit.errors import UsageError
from ecskit.lifecycle import LifecycleImage, evaluate
from ecskit.lifecycle.matching import tag_test
from ecskit.models.ecr import ImageActionType
from ecskit.models.lifecycle import LifecyclePolicy
from tests.support.ecr_lifecycle import DAY, NOW, image, keep, older, policy, rule

ARCHIVE = {"type": "transition", "targetStorageClass": "archive"}


def acted(rules: LifecyclePolicy, *images: LifecycleImage) -> dict[str, tuple[int | None, str | None]]:
    """Image name -> (applied rule priority, action) of every image acted on."""
    return {
        d.image.digest.removeprefix("sha256:"): (d.applied_rule_priority, d.action.value if d.action else None)
        for d in evaluate(rules, images, now=NOW).acted
    }


def test_all_rules_are_evaluated_at_the_same_time_then_applied_by_priority() -> None:
    """ "All rules are evaluated at the same time, regardless of rule priority. After all rules are evaluated, they
    are then applied based on rule priority." The order rules are written in does not matter, their priority does."""
    first, second = keep(1, 1, tagPrefixList=["v"]), older(2, 3, "any")
    images = (image("A", "v1", days=5), image("B", "v2", days=4), image("C", days=4), image("D", "x", days=1))
    written = acted(policy(first, second), *images)
    assert written == acted(policy(second, first), *images) == {"A": (1, "EXPIRE"), "C": (2, "EXPIRE")}


def test_an_image_is_expired_by_exactly_one_or_zero_rules() -> None:
    """ "An image is expired or archived by exactly one or zero rules": an image two rules would expire is expired
    by the higher-priority one only."""
    rules = policy(older(1, 2, "tagged", tagPatternList=["*"]), older(2, 2, "any"))
    evaluation = evaluate(rules, (image("A", "v1", days=10), image("B", days=10)), now=NOW)
    assert [(d.image.digest, d.applied_rule_priority) for d in evaluation.acted] == [
        ("sha256:A", 1),
        ("sha256:B", 2),
    ]


def test_a_matching_higher_priority_rule_protects_an_image() -> None:
    """ "An image that matches the tagging requirements of a rule cannot be expired or archived by a rule with a lower
    priority": a high-priority rule that keeps images (a count above the repository's size) shields them from a
    catch-all below it."""
    rules = policy(keep(1, 9999, tagPrefixList=["release-"]), older(2, 30, "any"))
    images = (image("A", "release-1", days=400), image("B", "feature-1", days=40), image("C", days=10))
    assert acted(rules, *images) == {"B": (2, "EXPIRE")}


def test_lower_rules_still_count_images_marked_above() -> None:
    """ "Rules can never mark images that are marked by higher priority rules, but can still identify them as if they
    haven't been expired or archived": rule 2 keeps the newest two of all images, counting the two rule 1 marked,
    so only the third-newest untagged image goes, not the two newest."""
    rules = policy(keep(1, 1, tagPrefixList=["v"]), keep(2, 2, "any"))
    images = (
        image("U1", days=6),
        image("U2", days=5),
        image("V1", "v1", days=4),
        image("V2", "v2", days=3),
        image("U3", days=2),
        image("V3", "v3", days=1),
    )
    assert acted(rules, *images) == {
        "V1": (1, "EXPIRE"),
        "V2": (1, "EXPIRE"),
        "U1": (2, "EXPIRE"),
        "U2": (2, "EXPIRE"),
    }


def test_an_image_referenced_by_a_manifest_list_waits_for_it() -> None:
    """ "If an image is referenced by a manifest list, it cannot be expired or archived without the manifest list being
    deleted or archived first": the platform images of an index stay while the index is there (still counted), and
    may go once it is gone."""
    children = (image("amd64", days=10), image("arm64", days=10))
    index = image("index", "v1", days=10, manifests=("sha256:amd64", "sha256:arm64"))
    rules = policy(keep(1, 1, "tagged", tagPatternList=["*"]), older(2, 5, "untagged"))
    newer = image("v2", "v2", days=1)
    evaluation = evaluate(rules, (*children, index, newer), now=NOW)
    assert [d.image.digest for d in evaluation.acted] == ["sha256:index"]
    assert [evaluation.decision(i).held_by for i in (0, 1)] == ["sha256:index", "sha256:index"]
    assert acted(rules, *children, newer) == {"amd64": (2, "EXPIRE"), "arm64": (2, "EXPIRE")}


def test_an_archived_manifest_list_lets_its_images_be_archived() -> None:
    """The same rule for archiving: the images of an archived index may be archived; of an active one, not."""
    child = image("amd64", days=100)
    rules = policy(
        rule(1, ARCHIVE, tagStatus="untagged", countType="sinceImagePushed", countUnit="days", countNumber=30)
    )
    active = image("index", "v1", days=1, manifests=("sha256:amd64",))
    assert acted(rules, child, active) == {}
    archived = image("index", "v1", days=1, manifests=("sha256:amd64",), status="ARCHIVED")
    assert acted(rules, child, archived) == {"amd64": (1, "TRANSITION")}


def test_expiration_is_ordered_by_push_time_older_first() -> None:
    """ "Expiration is always ordered by pushed_at_time and always expires older images before newer ones", whatever
    the order the images are listed in."""
    images = (image("new", days=1), image("old", days=9), image("mid", days=5))
    evaluation = evaluate(policy(keep(1, 1, "untagged")), images, now=NOW)
    assert [d.image.digest for d in evaluation.acted] == ["sha256:old", "sha256:mid"]


def test_a_restored_image_is_ordered_by_its_restore() -> None:
    """ "If an image was archived and then restored at any point in the past, the image's last_activated_at is used
    instead of pushed_at_time": restored yesterday, the oldest push is the newest image."""
    restored = image("restored", days=300, last_activated_at=NOW - DAY, last_archived_at=NOW - 200 * DAY)
    rules = policy(keep(1, 1, "any"))
    assert acted(rules, restored, image("recent", days=3)) == {"recent": (1, "EXPIRE")}
    assert acted(policy(older(1, 30, "any")), restored) == {}  # and it is one day old, not 300 (lenient)


def test_every_entry_of_a_tag_list_must_match_some_tag() -> None:
    """ "An image is successfully matched if all of the tags in the tagPatternList or tagPrefixList value are matched
    against any of the image's tags": AND over the list, not OR."""
    rules = policy(older(1, 1, "tagged", tagPatternList=["prod*", "*-stable"]))
    images = (
        image("both", "prod-1", "v1-stable", days=5),
        image("one-tag-both", "prod-stable", days=5),
        image("prod-only", "prod-2", days=5),
        image("stable-only", "v2-stable", days=5),
    )
    assert acted(rules, *images) == {"both": (1, "EXPIRE"), "one-tag-both": (1, "EXPIRE")}


@pytest.mark.parametrize(
    ("pattern", "matching", "not_matching"),
    [
        ("prod*", ["prod", "prod1", "production-team1"], ["preprod", "Prod"]),
        ("*prod*", ["repo-production", "prod-team", "prod"], ["pro-d"]),
        ("prod", ["prod"], ["prod1", "aprod"]),
        ("*-sha-*", ["main-sha-1a2b"], ["sha-1a2b", "main-sha"]),
        ("*test*1*2*3", ["xtest-1-2-3", "test123"], ["test1234"]),
        ("v*.*", ["v1.2", "v10."], ["v12"]),
        ("a+b*", ["a+b", "a+bc"], ["aab"]),
    ],
)
def test_tag_patterns_match_whole_tags_with_wildcards(
    pattern: str, matching: list[str], not_matching: list[str]
) -> None:
    """ "When using tagPatternList, an image is successfully matched if it matches the wildcard filter. For example,
    if a filter of prod* is applied, it would match image-tags whose name begins with prod such as prod, prod1, or
    production-team1. Similarly, if a filter of *prod* is applied, it would match image-tags whose name contains
    prod such as repo-production or prod-team." Other characters are literal."""
    test = tag_test(pattern, prefix=False)
    assert [tag for tag in matching + not_matching if test(tag)] == matching


def test_tag_prefixes_match_the_start_of_a_tag() -> None:
    """tagPrefixList: "if your images are tagged as prod, prod1, prod2, and so on, you would use the tag prefix prod
    to specify all of them"; a prefix with a * in it is literal."""
    assert [t for t in ("prod", "prod2", "preprod") if tag_test("prod", prefix=True)(t)] == ["prod", "prod2"]
    assert not tag_test("v*", prefix=True)("v1")


def test_tagged_untagged_and_any() -> None:
    """tagStatus: "If you specify any, then all images have the rule evaluated against them"; untagged rules see only
    untagged images, tagged rules only tagged ones."""
    images = (image("T", "v1", days=10), image("U", days=10))
    assert acted(policy(older(1, 1, "untagged")), *images) == {"U": (1, "EXPIRE")}
    assert acted(policy(older(1, 1, "tagged", tagPatternList=["*"])), *images) == {"T": (1, "EXPIRE")}
    assert acted(policy(older(1, 1, "any")), *images) == {"T": (1, "EXPIRE"), "U": (1, "EXPIRE")}


def test_image_count_more_than_keeps_the_youngest() -> None:
    """ "With countType = imageCountMoreThan, images are sorted from youngest to oldest based on pushed_at_time and
    then all images greater than the specified count are expired or archived." Images pushed at the same time are
    ordered as listed, the later one the newer."""
    images = tuple(image(str(n), days=(10 - n) // 2) for n in range(10))
    assert sorted(acted(policy(keep(1, 3, "any")), *images)) == ["0", "1", "2", "3", "4", "5", "6"]


def test_since_image_pushed_counts_whole_days() -> None:
    """ "With countType = sinceImagePushed, all images whose pushed_at_time is older than the specified number of days
    based on countNumber are expired": older than, so an image exactly that old stays, a second more and it goes."""
    second = datetime.timedelta(seconds=1)
    images = (
        LifecycleImage(digest="sha256:exact", pushed_at=NOW - 7 * DAY),
        LifecycleImage(digest="sha256:over", pushed_at=NOW - 7 * DAY - second),
    )
    assert acted(policy(older(1, 7)), *images) == {"over": (1, "EXPIRE")}


def test_since_image_pulled_archives_by_last_pull() -> None:
    """ "With countType = sinceImagePulled, all images whose last_recorded_pulltime is older than the specified number
    of days based on countNumber are archived. If an image was never pulled, the image's pushed_at_time is used
    instead of the last_recorded_pulltime. If an image was archived and then restored at any point in the past, but
    never pulled since the image was restored, the image's last_activated_at is used instead.\""""
    rules = policy(rule(1, ARCHIVE, tagStatus="any", countType="sinceImagePulled", countUnit="days", countNumber=90))
    images = (
        image("pulled-lately", days=400, last_pulled_at=NOW - 10 * DAY),
        image("pulled-long-ago", days=400, last_pulled_at=NOW - 100 * DAY),
        image("never-pulled-old", days=100),
        image("never-pulled-new", days=30),
        image("restored", days=400, last_pulled_at=NOW - 300 * DAY, last_activated_at=NOW - 20 * DAY),
    )
    assert acted(rules, *images) == {"pulled-long-ago": (1, "TRANSITION"), "never-pulled-old": (1, "TRANSITION")}


def test_since_image_transitioned_expires_archived_images() -> None:
    """ "With countType = sinceImageTransitioned, all archived images whose last_archived_at is older than the
    specified number of days based on countNumber are expired." Only archived images: a storageClass archive rule
    selects no active image, and rules on the standard class select no archived one."""
    transitioned = rule(
        2, tagStatus="any", storageClass="archive", countType="sinceImageTransitioned", countUnit="days", countNumber=90
    )
    rules = policy(older(1, 30, "any"), transitioned)
    images = (
        image("archived-long-ago", days=500, status="ARCHIVED", last_archived_at=NOW - 100 * DAY),
        image("archived-lately", days=500, status="ARCHIVED", last_archived_at=NOW - 10 * DAY),
        image("active-old", days=500),
        image("restoring", days=500, status="ACTIVATING", last_archived_at=NOW - 300 * DAY),
    )
    assert acted(rules, *images) == {"archived-long-ago": (2, "EXPIRE"), "active-old": (1, "EXPIRE")}


def test_transition_archives_and_counts_apart() -> None:
    """Transition rules archive (action TRANSITION); the summary of a preview counts them apart from expiries."""
    archive = rule(1, ARCHIVE, tagStatus="tagged", tagPatternList=["*"], countType="imageCountMoreThan", countNumber=1)
    evaluation = evaluate(policy(archive), (image("A", "v1", days=2), image("B", "v2", days=1)), now=NOW)
    assert [d.action for d in evaluation.acted] == [ImageActionType.TRANSITION]
    assert (len(evaluation.expiring), len(evaluation.transitioning)) == (0, 1)


def test_now_and_image_times_must_say_their_time_zone() -> None:
    naive = datetime.datetime(2025, 1, 1)
    with pytest.raises(UsageError, match="timezone-aware"):
        evaluate(policy(older(1, 1)), (), now=naive)
    with pytest.raises(UsageError, match="pushed_at must be a timezone-aware"):
        LifecycleImage(digest="sha256:a", pushed_at=naive)
