"""Every worked example of AWS's "Examples of lifecycle policies in Amazon ECR"
(https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html), run through the evaluator:
the repository contents and the policy of each example, and the images the page says are expired.

Ages are exact: "Pushed: 10 days ago" is ten days of 24 hours before now. Where two images of an example are
pushed the same day, the one listed later is the newer (as the page's outcome requires), and the example's own
order is kept.
"""

from __future__ import annotations

from ecskit.lifecycle import LifecycleImage, evaluate
from ecskit.models.lifecycle import LifecyclePolicy
from tests.support.ecr_lifecycle import NOW, image, keep, older, policy


def expired(rules: LifecyclePolicy, *images: LifecycleImage) -> list[str]:
    """The names of the images the policy expires (``sha256:<name>``), oldest first."""
    return [d.image.digest.removeprefix("sha256:") for d in evaluate(rules, images, now=NOW).expiring]


def test_filtering_on_image_age() -> None:
    """ "Filtering on image age": images with a tag starting with prod (tagPatternList prod*) older than 14 days."""
    rules = policy(older(1, 14, "tagged", tagPatternList=["prod*"]))
    images = (
        image("A", "prod-1", days=30),
        image("B", "production-2", days=15),
        image("C", "prod-3", days=13),
        image("D", "test-1", days=40),
        image("E", days=40),
    )
    assert expired(rules, *images) == ["A", "B"]


def test_filtering_on_image_age_untagged() -> None:
    """The page's earlier version of "Filtering on image age": untagged images older than 14 days."""
    rules = policy(older(1, 14))
    assert expired(rules, image("A", days=15), image("B", days=14), image("C", "v1", days=30)) == ["A"]


def test_filtering_on_image_count() -> None:
    """ "Filtering on image count": keep only one untagged image, expire all others."""
    rules = policy(keep(1, 1, "untagged"))
    images = (image("A", days=3), image("B", days=2), image("C", days=1), image("D", "v1", days=5))
    assert expired(rules, *images) == ["A", "B"]


REPOSITORY_AB = (
    image("A", "beta-1", "prod-1", days=10),
    image("B", "beta-2", "prod-2", days=9),
    image("C", "beta-3", days=8),
)


def test_filtering_on_multiple_rules_example_a() -> None:
    """ "Filtering on multiple rules", Example A: rule 1 (prod, keep 1) marks A; rule 2 (beta, keep 1) would mark A
    and B, but A was seen by rule 1 and B is protected by it. Result: Image A is expired."""
    rules = policy(keep(1, 1, tagPrefixList=["prod"]), keep(2, 1, tagPrefixList=["beta"]))
    evaluation = evaluate(rules, REPOSITORY_AB, now=NOW)
    assert [(d.image.digest, d.applied_rule_priority) for d in evaluation.acted] == [("sha256:A", 1)]
    b = evaluation.decision(1)
    assert (b.action, b.matched_by) == (None, 1)  # kept: rule 1 matched it, so rule 2 may not act on it


def test_filtering_on_multiple_rules_example_b() -> None:
    """Example B: the same repository with the priorities swapped. Rule 1 (beta) sees all three and marks A and B;
    rule 2 (prod) sees no images, all seen by rule 1. Result: Images A and B are expired."""
    rules = policy(keep(1, 1, tagPrefixList=["beta"]), keep(2, 1, tagPrefixList=["prod"]))
    evaluation = evaluate(rules, REPOSITORY_AB, now=NOW)
    assert [(d.image.digest, d.applied_rule_priority) for d in evaluation.acted] == [("sha256:A", 1), ("sha256:B", 1)]


def test_filtering_on_multiple_rules_with_patterns() -> None:
    """The page's current Example A writes the rules with tagPatternList (prod*, beta*): the same outcome."""
    rules = policy(keep(1, 1, tagPatternList=["prod*"]), keep(2, 1, tagPatternList=["beta*"]))
    assert expired(rules, *REPOSITORY_AB) == ["A"]


MULTIPLE_TAGS = (
    image("A", "alpha-1", days=12),
    image("B", "beta-1", days=11),
    image("C", "alpha-2", "beta-2", days=10),
    image("D", "alpha-3", days=4),
    image("E", "beta-3", days=3),
    image("F", "alpha-4", "beta-4", days=2),
)


def test_multiple_tags_in_a_single_rule_example_a() -> None:
    """ "Filtering on multiple tags in a single rule", Example A: "images must match all listed tag prefixes". Rule 1
    (alpha and beta, older than 5 days) sees images C and F and marks C. Result: Image C is expired."""
    assert expired(policy(older(1, 5, "tagged", tagPrefixList=["alpha", "beta"])), *MULTIPLE_TAGS) == ["C"]
    assert expired(policy(older(1, 5, "tagged", tagPatternList=["alpha*", "beta*"])), *MULTIPLE_TAGS) == ["C"]


def test_multiple_tags_in_a_single_rule_example_b() -> None:
    """Example B: tags are not exclusive. Rule 1 (alpha and beta, keep 1) sees all three images and marks A and B."""
    images = (
        image("A", "alpha-1", "beta-1", "gamma-1", days=10),
        image("B", "alpha-2", "beta-2", days=9),
        image("C", "alpha-3", "beta-3", "gamma-2", days=8),
    )
    assert expired(policy(keep(1, 1, tagPrefixList=["alpha", "beta"])), *images) == ["A", "B"]
    assert expired(policy(keep(1, 1, tagPatternList=["alpha*", "beta*"])), *images) == ["A", "B"]


def test_filtering_on_all_images_example_a() -> None:
    """ "Filtering on all images", Example A: one rule on every image keeps the newest. Result: A, B and C expire."""
    images = (
        image("A", "alpha-1", days=4),
        image("B", "beta-1", days=3),
        image("C", days=2),
        image("D", "alpha-2", days=1),
    )
    assert expired(policy(keep(1, 1, "any")), *images) == ["A", "B", "C"]


def test_filtering_on_all_images_example_b() -> None:
    """Example B, every kind of rule in one policy. Rule 1 (alpha, keep 1) marks A; rule 2 (untagged, older than one
    day) identifies B and E and marks B (E is exactly one day old); rule 3 (any, keep 1) identifies all five, keeps
    the newest (E) and can mark only D, the others having been identified by higher-priority rules.
    Result: Images A, B and D are expired."""
    rules = policy(keep(1, 1, tagPrefixList=["alpha"]), older(2, 1), keep(3, 1, "any"))
    images = (
        image("A", "alpha-1", "beta-1", days=4),
        image("B", days=3),
        image("C", "alpha-2", days=2),
        image("D", "git hash", days=1),
        image("E", days=1),
    )
    evaluation = evaluate(rules, images, now=NOW)
    assert [(d.image.digest, d.applied_rule_priority) for d in evaluation.acted] == [
        ("sha256:A", 1),
        ("sha256:B", 2),
        ("sha256:D", 3),
    ]
    assert [d.matched_by for d in evaluation.decisions] == [1, 2, 1, 3, 2]
