"""Rules on ECR lifecycle policies (the ``lifecyclePolicyText`` document of PutLifecyclePolicy): rule priorities,
tag selections (prefix and pattern lists, wildcards), count types with their units and numbers, storage classes
and actions (expire, transition to archive), and the evaluation rules ECR enforces per storage class (one untagged
rule, unique prefixes, the ``any`` rule last)."""

from __future__ import annotations

import json

from ecskit.codec import to_api
from ecskit.models.lifecycle import LifecyclePolicy, LifecycleRule
from ecskit.validation.context import root_path
from ecskit.validation.engine import Hit, Kind, Severity, rule
from ecskit.validation.rules import _docs
from ecskit.validation.rules._outcomes import ADVICE, API, INVALID

MAX_RULES, MAX_TEXT, MAX_WILDCARDS, ARCHIVE_MINIMUM_DAYS = 50, 30720, 4, 90
#: PutLifecyclePolicy's own texts for three of these rules (after "Lifecycle policy validation failure: "), as
#: users quote them; the findings of those rules carry them as their message, which the fake's refusal repeats.
TAGGED_NEEDS_FILTER = "Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED."
ANY_LAST = "Rule for tagStatus=ANY must have the lowest priority per storage class"
ONE_UNTAGGED = "Only one rule can select Untagged images per storage class."
SINCE = frozenset({"sinceImagePushed", "sinceImagePulled", "sinceImageTransitioned"})
POLICY = Kind.LIFECYCLE_POLICY
E, W = Severity.ERROR, Severity.WARNING

Hits = list[Hit] | None


def _path(*steps: str | int) -> str:
    return root_path(LifecyclePolicy, *steps)


def _storage_class(r: LifecycleRule) -> str:
    """The storage class a rule selects from (standard when absent)."""
    return str(r.selection.storage_class) if r.selection.storage_class is not None else "standard"


@rule(
    "lifecycle-max-rules",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="A lifecycle policy has at most 50 rules.",
    why="Rules per lifecycle policy is an ECR quota of 50; PutLifecyclePolicy rejects longer policies.",
    fix="Merge rules (a prefix or pattern list can hold several tags).",
    docs=_docs.ECR_QUOTAS,
)
def max_rules(policy: LifecyclePolicy) -> Hits:
    if len(policy.rules) <= MAX_RULES:
        return None
    return [Hit(_path("rules"), f"{len(policy.rules)} rules; at most {MAX_RULES} are allowed")]


@rule(
    "lifecycle-policy-size",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="The policy's JSON text is at most 30720 characters.",
    why="PutLifecyclePolicy accepts a lifecyclePolicyText of at most 30,720 characters.",
    fix="Shorten descriptions and merge rules.",
    docs=_docs.ECR_PUT_LIFECYCLE_POLICY,
)
def policy_size(policy: LifecyclePolicy) -> Hits:
    rough = 0
    for r in policy.rules:
        s = r.selection
        rough += 150 + len(r.description or "") + sum(len(t) + 3 for t in s.tag_prefix_list or s.tag_pattern_list or ())
    if rough < MAX_TEXT // 2:  # far below the limit: skip serialising
        return None
    size = len(json.dumps(to_api(policy), separators=(",", ":")))
    if size <= MAX_TEXT:
        return None
    return [Hit("", f"the policy is {size} characters of JSON; at most {MAX_TEXT} are allowed")]


@rule(
    "lifecycle-priority-positive",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="rulePriority is a positive integer.",
    why="Rules are applied from priority 1 upwards; ECR rejects a rulePriority below 1.",
    fix="Number the rules from 1.",
    docs=_docs.ECR_LIFECYCLE_PARAMS,
)
def priority_positive(policy: LifecyclePolicy) -> Hits:
    hits = [
        Hit(_path("rules", i, "rule_priority"), f"rulePriority {r.rule_priority} is not a positive integer")
        for i, r in enumerate(policy.rules)
        if r.rule_priority < 1
    ]
    return hits or None


@rule(
    "lifecycle-unique-priority",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="Every rule has its own rulePriority.",
    why="When you add rules to a lifecycle policy, you must give them each a unique value for rulePriority; ECR "
    "rejects the policy otherwise.",
    fix="Renumber the rules (values need not be consecutive).",
    docs=_docs.ECR_LIFECYCLE_PARAMS,
)
def unique_priority(policy: LifecyclePolicy) -> Hits:
    seen: set[int] = set()
    hits = []
    for i, r in enumerate(policy.rules):
        if r.rule_priority in seen:
            hits.append(
                Hit(_path("rules", i, "rule_priority"), f"rulePriority {r.rule_priority} is used more than once")
            )
        seen.add(r.rule_priority)
    return hits or None


@rule(
    "lifecycle-tagged-needs-filter",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="A rule with tagStatus tagged has a non-empty tagPrefixList or tagPatternList.",
    why='PutLifecyclePolicy fails: "Lifecycle policy validation failure: Must specify tagPrefixList or '
    'tagPatternList when tagStatus=TAGGED."',
    fix='List the tags the rule is about in tagPatternList (e.g. ["*"] for every tagged image), or use tagStatus any.',
    docs=_docs.ECR_LIFECYCLE_PARAMS,
)
def tagged_needs_filter(policy: LifecyclePolicy) -> Hits:
    hits = [
        Hit(
            _path("rules", i, "selection"),
            TAGGED_NEEDS_FILTER,
            'add "tagPatternList": ["*"] to select every tagged image, or use tagStatus any',
        )
        for i, r in enumerate(policy.rules)
        if str(r.selection.tag_status) == "tagged" and not (r.selection.tag_prefix_list or r.selection.tag_pattern_list)
    ]
    return hits or None


@rule(
    "lifecycle-filter-only-tagged",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="tagPrefixList and tagPatternList appear only in rules with tagStatus tagged.",
    why="If you specify untagged, you must omit both tagPrefixList and tagPatternList; the lists may only be used "
    "if the tagStatus is tagged. ECR rejects them otherwise (even empty).",
    fix="Remove the list, or set tagStatus to tagged.",
    docs=_docs.ECR_LIFECYCLE_PARAMS,
)
def filter_only_tagged(policy: LifecyclePolicy) -> Hits:
    hits = []
    for i, r in enumerate(policy.rules):
        s = r.selection
        if str(s.tag_status) == "tagged":
            continue
        for attr, wire in (("tag_prefix_list", "tagPrefixList"), ("tag_pattern_list", "tagPatternList")):
            if getattr(s, attr) is not None:
                hits.append(Hit(_path("rules", i, "selection", attr), f"{wire} with tagStatus {s.tag_status}"))
    return hits or None


@rule(
    "lifecycle-prefix-xor-pattern",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="A rule has tagPrefixList or tagPatternList, not both.",
    why="A lifecycle policy rule may specify either tagPatternList or tagPrefixList, but not both.",
    fix="Keep one list (a pattern 'prod*' does what the prefix 'prod' does), or split the rule in two.",
    docs=_docs.ECR_LIFECYCLE,
)
def prefix_xor_pattern(policy: LifecyclePolicy) -> Hits:
    hits = [
        Hit(_path("rules", i, "selection", "tag_pattern_list"), "the rule has both tagPrefixList and tagPatternList")
        for i, r in enumerate(policy.rules)
        if r.selection.tag_prefix_list is not None and r.selection.tag_pattern_list is not None
    ]
    return hits or None


@rule(
    "lifecycle-pattern-wildcards",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="A tag pattern has at most four '*' wildcards.",
    why='There is a maximum limit of four wildcards (*) per string: ["*test*1*2*3", "test*1*2*3*"] is valid but '
    '["test*1*2*3*4*5*6"] is invalid.',
    fix="Simplify the pattern (consecutive wildcards can be merged).",
    docs=_docs.ECR_LIFECYCLE,
)
def pattern_wildcards(policy: LifecyclePolicy) -> Hits:
    hits = [
        Hit(_path("rules", i, "selection", "tag_pattern_list", j), f"pattern {p!r} has {p.count('*')} wildcards")
        for i, r in enumerate(policy.rules)
        for j, p in enumerate(r.selection.tag_pattern_list or ())
        if p.count("*") > MAX_WILDCARDS
    ]
    return hits or None


@rule(
    "lifecycle-count-unit",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="countUnit (days) is given with the since* count types and only with them.",
    why="countUnit is required when countType is sinceImagePushed, sinceImagePulled or sinceImageTransitioned; "
    "an error will occur if you specify a count unit when countType is any other value.",
    fix='Add "countUnit": "days" to age-based rules; remove it from imageCountMoreThan rules.',
    docs=_docs.ECR_LIFECYCLE_PARAMS,
)
def count_unit(policy: LifecyclePolicy) -> Hits:
    hits = []
    for i, r in enumerate(policy.rules):
        s = r.selection
        kind = str(s.count_type)
        if kind in SINCE and s.count_unit is None:
            hits.append(
                Hit(_path("rules", i, "selection"), f"countType {kind} needs countUnit days", 'add "countUnit": "days"')
            )
        elif kind not in SINCE and s.count_unit is not None:
            hits.append(
                Hit(_path("rules", i, "selection", "count_unit"), f"countUnit is not allowed with countType {kind}")
            )
    return hits or None


@rule(
    "lifecycle-count-number",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="countNumber is a positive integer.",
    why="Acceptable values of countNumber are positive integers (0 is not an accepted value).",
    fix="Use 1 or more.",
    docs=_docs.ECR_LIFECYCLE_PARAMS,
)
def count_number(policy: LifecyclePolicy) -> Hits:
    hits = [
        Hit(_path("rules", i, "selection", "count_number"), f"countNumber {r.selection.count_number} is not positive")
        for i, r in enumerate(policy.rules)
        if r.selection.count_number < 1
    ]
    return hits or None


@rule(
    "lifecycle-storage-class",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="sinceImageTransitioned rules select storageClass archive; the other count types select standard.",
    why="When using a count type of sinceImageTransitioned, storageClass is required and the only supported value "
    "is archive; with imageCountMoreThan, sinceImagePushed or sinceImagePulled the only supported value is standard.",
    fix='Add "storageClass": "archive" to sinceImageTransitioned rules; remove it from the others.',
    docs=_docs.ECR_LIFECYCLE_PARAMS,
)
def storage_class(policy: LifecyclePolicy) -> Hits:
    hits = []
    for i, r in enumerate(policy.rules):
        kind, selected = str(r.selection.count_type), _storage_class(r)
        if kind == "sinceImageTransitioned" and r.selection.storage_class is None:
            hits.append(Hit(_path("rules", i, "selection"), "sinceImageTransitioned needs storageClass archive"))
        elif (kind == "sinceImageTransitioned") != (selected == "archive"):
            hits.append(
                Hit(_path("rules", i, "selection", "storage_class"), f"storageClass {selected} with countType {kind}")
            )
    return hits or None


@rule(
    "lifecycle-action-target",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="A transition action names targetStorageClass archive; an expire action has no targetStorageClass.",
    why="targetStorageClass is required if the action type is transition; ECR's schema rejects an expire action "
    'that carries one ("instance failed to match exactly one schema").',
    fix='Write {"type": "transition", "targetStorageClass": "archive"} or {"type": "expire"}.',
    docs=_docs.ECR_LIFECYCLE_PARAMS,
)
def action_target(policy: LifecyclePolicy) -> Hits:
    hits = []
    for i, r in enumerate(policy.rules):
        action = r.action
        if str(action.type) == "transition" and action.target_storage_class is None:
            hits.append(Hit(_path("rules", i, "action"), "a transition action needs targetStorageClass archive"))
        elif str(action.type) == "expire" and action.target_storage_class is not None:
            hits.append(
                Hit(_path("rules", i, "action", "target_storage_class"), "an expire action takes no targetStorageClass")
            )
    return hits or None


@rule(
    "lifecycle-count-type-action",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="sinceImagePulled rules transition (archive) images; sinceImageTransitioned rules expire archived ones.",
    why="With sinceImagePulled, images not pulled for countNumber days are archived; with sinceImageTransitioned, "
    "archived images are expired. Neither count type works with the other action.",
    fix="Archive with sinceImagePulled, then expire with a storageClass archive / sinceImageTransitioned rule.",
    docs=_docs.ECR_LIFECYCLE,
)
def count_type_action(policy: LifecyclePolicy) -> Hits:
    hits = []
    for i, r in enumerate(policy.rules):
        kind, action = str(r.selection.count_type), str(r.action.type)
        if (kind == "sinceImagePulled" and action == "expire") or (
            kind == "sinceImageTransitioned" and action != "expire"
        ):
            hits.append(
                Hit(_path("rules", i, "action", "type"), f"countType {kind} cannot be used with action {action}")
            )
    return hits or None


@rule(
    "lifecycle-archive-minimum",
    W,
    POLICY,
    phase=ADVICE,
    summary="Archived images are expired after at least 90 days in the archive.",
    why="The archive storage class has a minimum storage duration of 90 days: archived images are charged for 90 "
    "days even when deleted earlier.",
    fix="Use countNumber 90 or more for sinceImageTransitioned rules.",
    docs=_docs.ECR_LIFECYCLE,
)
def archive_minimum(policy: LifecyclePolicy) -> Hits:
    hits = [
        Hit(
            _path("rules", i, "selection", "count_number"),
            f"archived images expire after {r.selection.count_number} days",
        )
        for i, r in enumerate(policy.rules)
        if str(r.selection.count_type) == "sinceImageTransitioned"
        and 0 < r.selection.count_number < ARCHIVE_MINIMUM_DAYS
    ]
    return hits or None


@rule(
    "lifecycle-any-last",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="A rule with tagStatus any has the highest rulePriority among the rules of its storage class.",
    why='PutLifecyclePolicy fails: "Rule for tagStatus=ANY must have the lowest priority per storage class" - a '
    "rule with tagStatus any must have the highest value for rulePriority and be evaluated last.",
    fix="Give the 'any' rule a rulePriority above every other rule's (keep one 'any' rule per storage class).",
    docs=_docs.ECR_LIFECYCLE_PARAMS,
)
def any_last(policy: LifecyclePolicy) -> Hits:
    hits = []
    for i, r in enumerate(policy.rules):
        if str(r.selection.tag_status) != "any":
            continue
        kind = _storage_class(r)
        others = [x.rule_priority for x in policy.rules if x is not r and _storage_class(x) == kind]
        if others and r.rule_priority <= max(others):
            top = max(others)
            hint = (
                f"the tagStatus any rule has priority {r.rule_priority}, but another {kind} rule has {top}: "
                f"use rulePriority {top + 1}"
            )
            hits.append(Hit(_path("rules", i, "rule_priority"), ANY_LAST, hint))
    return hits or None


@rule(
    "lifecycle-one-untagged",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="At most one rule per storage class selects untagged images.",
    why='PutLifecyclePolicy fails: "Only one rule can select Untagged images per storage class".',
    fix="Merge the untagged rules into one.",
    docs=_docs.ECR_LIFECYCLE,
)
def one_untagged(policy: LifecyclePolicy) -> Hits:
    seen: set[str] = set()
    hits = []
    for i, r in enumerate(policy.rules):
        if str(r.selection.tag_status) != "untagged":
            continue
        kind = _storage_class(r)
        if kind in seen:
            hint = f"a second rule selects untagged {kind} images: merge the untagged rules into one"
            hits.append(Hit(_path("rules", i, "selection", "tag_status"), ONE_UNTAGGED, hint))
        seen.add(kind)
    return hits or None


@rule(
    "lifecycle-unique-prefixes",
    E,
    POLICY,
    phase=API,
    aws_code=INVALID,
    summary="Rules of one storage class do not repeat the same tagPrefixList.",
    why="The set of all rules selecting a specific storage class must contain a unique set of prefixes.",
    fix="Merge the rules with the same prefixes, or change one rule's prefixes.",
    docs=_docs.ECR_LIFECYCLE,
)
def unique_prefixes(policy: LifecyclePolicy) -> Hits:
    seen: dict[tuple[str, frozenset[str]], int] = {}
    hits = []
    for i, r in enumerate(policy.rules):
        prefixes = r.selection.tag_prefix_list
        if not prefixes or str(r.selection.tag_status) != "tagged":
            continue
        key = (_storage_class(r), frozenset(prefixes))
        if key in seen:
            first = policy.rules[seen[key]].rule_priority
            message = f"the rule with priority {first} already selects the prefixes {sorted(prefixes)}"
            hits.append(Hit(_path("rules", i, "selection", "tag_prefix_list"), message))
        else:
            seen[key] = i
    return hits or None
