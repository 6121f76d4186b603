"""Lifecycle policy builders: the documents they make, priorities in order, and validation when built."""

from __future__ import annotations

import json

import pytest

from ecskit.builders import lifecycle_policy
from ecskit.codec import from_json, to_api
from ecskit.errors import UsageError, ValidationError
from ecskit.lifecycle import evaluate
from ecskit.models.lifecycle import LifecyclePolicy
from tests.support.ecr_lifecycle import NOW, image, keep, older, rule


def test_rules_are_the_documents_users_write_with_priorities_in_order() -> None:
    built = (
        lifecycle_policy()
        .keep_last(20, tag_patterns=["release-*"])
        .keep_last(5, tag_prefixes=["main-", "sha-"], description="Keep the last 5 main builds")
        .expire_untagged_after(days=7)
        .expire_after(days=90)
        .build()
    )
    assert to_api(built)["rules"] == [
        {**keep(1, 20, tagPatternList=["release-*"]), "description": "Keep the newest 20 images of these tags"},
        {**keep(2, 5, tagPrefixList=["main-", "sha-"]), "description": "Keep the last 5 main builds"},
        {**older(3, 7), "description": "Expire untagged images older than 7 days"},
        {**older(4, 90, "any"), "description": "Expire images older than 90 days"},
    ]


def test_archive_rules() -> None:
    built = (
        lifecycle_policy()
        .keep_last(10, tag_patterns=["v*"])
        .archive_after(90, not_pulled=True)
        .expire_archived_after(365)
        .build()
    )
    archive = {"type": "transition", "targetStorageClass": "archive"}
    rules = to_api(built)["rules"]
    assert rules[1] == {
        **rule(2, archive, tagStatus="any", countType="sinceImagePulled", countUnit="days", countNumber=90),
        "description": "Archive images not pulled for 90 days",
    }
    assert rules[2]["selection"] == {
        "tagStatus": "any",
        "storageClass": "archive",
        "countType": "sinceImageTransitioned",
        "countUnit": "days",
        "countNumber": 365,
    }
    pushed = lifecycle_policy().archive_after(30, tag_prefixes=["pr-"]).build().rules[0].selection
    assert (str(pushed.tag_status), str(pushed.count_type)) == ("tagged", "sinceImagePushed")


def test_the_text_is_what_put_lifecycle_policy_takes() -> None:
    text = lifecycle_policy().keep_last_untagged(3).text()
    assert from_json(text, LifecyclePolicy).rules[0].selection.count_number == 3
    assert json.loads(text)["rules"][0]["selection"] == {
        "tagStatus": "untagged",
        "countType": "imageCountMoreThan",
        "countNumber": 3,
    }


def test_rules_given_whole_are_renumbered_in_order() -> None:
    first = lifecycle_policy().keep_last(1, tag_patterns=["v*"]).draft().rules[0]
    built = lifecycle_policy().expire_untagged_after(1).rule(first).build()
    assert [r.rule_priority for r in built.rules] == [1, 2]


def test_an_any_rule_before_others_is_refused_with_ecrs_text() -> None:
    """The builder keeps the order given: a rule on every image must come last, as ECR requires."""
    with pytest.raises(ValidationError, match="Rule for tagStatus=ANY must have the lowest priority per storage class"):
        lifecycle_policy().expire_after(30).keep_last(5, tag_patterns=["v*"]).build()


def test_two_untagged_rules_are_refused() -> None:
    with pytest.raises(ValidationError, match="Only one rule can select Untagged images per storage class"):
        lifecycle_policy().expire_untagged_after(7).keep_last_untagged(3).build()


def test_bad_arguments_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="tag_prefixes or tag_patterns, not both"):
        lifecycle_policy().keep_last(5, tag_prefixes=["v"], tag_patterns=["v*"])
    with pytest.raises(UsageError, match="at least one entry"):
        lifecycle_policy().expire_after(5, tag_patterns=[])
    with pytest.raises(ValidationError, match="countNumber 0 is not positive"):
        lifecycle_policy().keep_last(0).build()
    with pytest.raises(ValidationError, match="wildcards"):
        lifecycle_policy().keep_last(1, tag_patterns=["a*b*c*d*e*f"]).build()


def test_a_keep_rule_first_protects_release_images_from_the_catch_all() -> None:
    """Why keep rules go first: the first rule claims every release image, so the age rule spares them."""
    built = lifecycle_policy().keep_last(9999, tag_patterns=["release-*"]).expire_after(days=30).build()
    images = (image("r", "release-1", days=400), image("f", "feature-1", days=400))
    assert [d.image.digest for d in evaluate(built, images, now=NOW).acted] == ["sha256:f"]
