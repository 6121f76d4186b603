"""Cases for ecskit/validation/rules/lifecycle.py (ECR lifecycle policies)."""

from __future__ import annotations

from typing import Any

from tests.support.rulecases import Case, Doc


def lc_rule(priority: int = 1, action: Doc | None = None, **selection: Any) -> Doc:
    """One lifecycle rule: expire untagged images beyond 10 unless the selection says otherwise."""
    chosen = {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 10, **selection}
    return {
        "rulePriority": priority,
        "description": "expire old images",
        "selection": {k: v for k, v in chosen.items() if v is not None},
        "action": action or {"type": "expire"},
    }


def policy(*rules: Doc) -> Doc:
    """A lifecycle policy document."""
    return {"rules": list(rules) or [lc_rule()]}


def tagged(priority: int = 1, **selection: Any) -> Doc:
    """A rule that keeps the 20 newest images tagged release*."""
    return lc_rule(priority, **{"tagStatus": "tagged", "tagPatternList": ["release*"], "countNumber": 20, **selection})


def aged(priority: int = 1, days: int = 14, action: Doc | None = None, **selection: Any) -> Doc:
    """A rule on untagged images older than ``days``."""
    return lc_rule(
        priority, action, **{"countType": "sinceImagePushed", "countUnit": "days", "countNumber": days, **selection}
    )


ARCHIVE = {"type": "transition", "targetStorageClass": "archive"}


def archived(priority: int = 3, days: int = 365, **selection: Any) -> Doc:
    """A rule that expires images archived more than ``days`` ago."""
    return lc_rule(
        priority,
        **{
            "tagStatus": "any",
            "storageClass": "archive",
            "countType": "sinceImageTransitioned",
            "countUnit": "days",
            "countNumber": days,
            **selection,
        },
    )


CASES = [
    Case(
        rule="lifecycle-max-rules",
        kind="lifecycle-policy",
        bad=policy(*[tagged(i, tagPatternList=[f"v{i}*"]) for i in range(1, 52)]),
        good=policy(*[tagged(i, tagPatternList=[f"v{i}*"]) for i in range(1, 51)]),
        path="rules",
    ),
    Case(
        rule="lifecycle-policy-size",
        kind="lifecycle-policy",
        bad=policy(*[tagged(i, tagPatternList=[f"team-{i}-{j}-*" for j in range(100)]) for i in range(1, 31)]),
        good=policy(*[tagged(i, tagPatternList=[f"team-{i}-{j}-*" for j in range(10)]) for i in range(1, 31)]),
    ),
    Case(
        rule="lifecycle-priority-positive",
        kind="lifecycle-policy",
        bad=policy(lc_rule(0)),
        good=policy(lc_rule(1)),
        path="rules[0].rulePriority",
    ),
    Case(
        rule="lifecycle-unique-priority",
        kind="lifecycle-policy",
        bad=policy(tagged(1), aged(1)),
        good=policy(tagged(1), aged(5)),
        path="rules[1].rulePriority",
    ),
    Case(
        rule="lifecycle-tagged-needs-filter",
        kind="lifecycle-policy",
        bad=policy(tagged(1, tagPatternList=None)),
        good=policy(tagged(1, tagPatternList=["*"])),
        path="rules[0].selection",
    ),
    Case(
        rule="lifecycle-tagged-needs-filter",
        name="empty",
        kind="lifecycle-policy",
        bad=policy(tagged(1, tagPatternList=None, tagPrefixList=[])),
        good=policy(tagged(1, tagPatternList=None, tagPrefixList=["v"])),
    ),
    Case(
        rule="lifecycle-filter-only-tagged",
        kind="lifecycle-policy",
        bad=policy(lc_rule(1, tagStatus="any", tagPrefixList=[])),
        good=policy(lc_rule(1, tagStatus="any")),
        path="rules[0].selection.tagPrefixList",
    ),
    Case(
        rule="lifecycle-prefix-xor-pattern",
        kind="lifecycle-policy",
        bad=policy(tagged(1, tagPrefixList=["v"])),
        good=policy(tagged(1), tagged(2, tagPatternList=None, tagPrefixList=["v"])),
        path="rules[0].selection.tagPatternList",
    ),
    Case(
        rule="lifecycle-pattern-wildcards",
        kind="lifecycle-policy",
        bad=policy(tagged(1, tagPatternList=["test*1*2*3*4*5*6"])),
        good=policy(tagged(1, tagPatternList=["*test*1*2*3", "test*1*2*3*"])),
        path="rules[0].selection.tagPatternList[0]",
    ),
    Case(
        rule="lifecycle-count-unit",
        kind="lifecycle-policy",
        bad=policy(aged(1, countUnit=None)),
        good=policy(aged(1)),
        path="rules[0].selection",
    ),
    Case(
        rule="lifecycle-count-unit",
        name="count",
        kind="lifecycle-policy",
        bad=policy(lc_rule(1, countUnit="days")),
        good=policy(lc_rule(1)),
        path="rules[0].selection.countUnit",
    ),
    Case(
        rule="lifecycle-count-number",
        kind="lifecycle-policy",
        bad=policy(lc_rule(1, countNumber=0)),
        good=policy(lc_rule(1, countNumber=1)),
        path="rules[0].selection.countNumber",
    ),
    Case(
        rule="lifecycle-storage-class",
        kind="lifecycle-policy",
        bad=policy(archived(storageClass=None)),
        good=policy(archived()),
        path="rules[0].selection",
    ),
    Case(
        rule="lifecycle-storage-class",
        name="standard",
        kind="lifecycle-policy",
        bad=policy(aged(1, storageClass="archive")),
        good=policy(aged(1, storageClass="standard")),
        path="rules[0].selection.storageClass",
    ),
    Case(
        rule="lifecycle-action-target",
        kind="lifecycle-policy",
        bad=policy(lc_rule(1, action={"type": "transition"}, countType="sinceImagePulled", countUnit="days")),
        good=policy(lc_rule(1, action=ARCHIVE, countType="sinceImagePulled", countUnit="days")),
        path="rules[0].action",
    ),
    Case(
        rule="lifecycle-action-target",
        name="expire",
        kind="lifecycle-policy",
        bad=policy(lc_rule(1, action={"type": "expire", "targetStorageClass": "archive"})),
        good=policy(lc_rule(1, action={"type": "expire"})),
        path="rules[0].action.targetStorageClass",
    ),
    Case(
        rule="lifecycle-count-type-action",
        kind="lifecycle-policy",
        bad=policy(lc_rule(1, countType="sinceImagePulled", countUnit="days", countNumber=90)),
        good=policy(lc_rule(1, action=ARCHIVE, countType="sinceImagePulled", countUnit="days", countNumber=90)),
        path="rules[0].action.type",
    ),
    Case(
        rule="lifecycle-count-type-action",
        name="archive",
        kind="lifecycle-policy",
        bad=policy({**archived(), "action": ARCHIVE}),
        good=policy(archived()),
    ),
    Case(
        rule="lifecycle-archive-minimum",
        kind="lifecycle-policy",
        bad=policy(archived(days=30)),
        good=policy(archived(days=90)),
        path="rules[0].selection.countNumber",
    ),
    Case(
        rule="lifecycle-any-last",
        kind="lifecycle-policy",
        bad=policy(lc_rule(1, tagStatus="any", countNumber=30), aged(2)),
        good=policy(aged(1), lc_rule(2, tagStatus="any", countNumber=30)),
        path="rules[0].rulePriority",
    ),
    Case(
        rule="lifecycle-any-last",
        name="storage-class",
        kind="lifecycle-policy",
        bad=policy(
            lc_rule(1, action=ARCHIVE, tagStatus="any", countType="sinceImagePulled", countUnit="days"),
            aged(2, action=ARCHIVE),
        ),
        good=policy(
            aged(1, action=ARCHIVE),
            lc_rule(2, action=ARCHIVE, tagStatus="any", countType="sinceImagePulled", countUnit="days"),
            archived(3),
        ),
    ),
    Case(
        rule="lifecycle-one-untagged",
        kind="lifecycle-policy",
        bad=policy(aged(1), lc_rule(2)),
        good=policy(aged(1), tagged(2)),
        path="rules[1].selection.tagStatus",
    ),
    Case(
        rule="lifecycle-unique-prefixes",
        kind="lifecycle-policy",
        bad=policy(
            tagged(1, tagPatternList=None, tagPrefixList=["v", "release"]),
            tagged(2, tagPatternList=None, tagPrefixList=["release", "v"], countNumber=5),
        ),
        good=policy(
            tagged(1, tagPatternList=None, tagPrefixList=["v", "release"]),
            tagged(2, tagPatternList=None, tagPrefixList=["hotfix"], countNumber=5),
        ),
        path="rules[1].selection.tagPrefixList",
    ),
]
