"""Unit tests of :mod:`ecskit.models.lifecycle`: construction, enums, immutability, and the real corpus."""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest

from ecskit.models import lifecycle
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
from tests.support.corpus import corpus_dir, corpus_files

#: The corpus's lifecycle policies; empty (not a skipped module) without a corpus: the other tests need none.
CORPUS_FILES = corpus_files("ecr-lifecycle", skip_module=False)
#: Corpus documents that are not JSON, so have no keys to check (tests/corpus/test_corpus.py pins the codec's
#: refusal of each): file stem -> why. The two defective ones (001, 034: a tagged rule without a tag list) are
#: fully modelled; PutLifecyclePolicy refuses them, as tests/corpus/test_verdicts.py pins.
NOT_JSON: dict[str, str] = {
    "021": "the user guide's syntax sketch: type names (integer, list<string>) stand where values belong",
    "025": "a Terraform template_file with unquoted ${...} placeholders",
    "029": "a Terraform template_file with unquoted ${...} placeholders",
    "033": "a Terraform heredoc with unquoted ${var....} placeholders",
    "036": "a bash heredoc with an unquoted ${max_age_days} placeholder",
    "048": "a Terraform heredoc with an unquoted ${var.max_images_retained} placeholder",
}

#: Which model class each nested key of a lifecycle document decodes to.
NESTED: dict[type, dict[str, type]] = {
    LifecyclePolicy: {"rules": LifecycleRule},
    LifecycleRule: {"selection": LifecycleSelection, "action": LifecycleAction},
    LifecycleSelection: {},
    LifecycleAction: {},
}


def _camel(name: str) -> str:
    """``tag_prefix_list`` -> ``tagPrefixList``: the lifecycle document's naming rule."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _attribute_of(cls: type, key: str) -> str:
    """The attribute of ``cls`` whose camelCase is ``key``; fails the test when there is none."""
    by_wire: dict[str, str] = {_camel(field.name): field.name for field in attrs.fields(cls)}
    assert key in by_wire, f"{cls.__name__} does not model the key {key!r}"
    return by_wire[key]


def _unmodelled_keys(document: dict[str, Any], cls: type, path: str) -> list[str]:
    """The JSON path of every key in ``document`` (a ``cls`` on the wire) that no attribute of ``cls`` models."""
    names = {_camel(field.name) for field in attrs.fields(cls)}
    missing: list[str] = []
    for key, value in document.items():
        if key not in names:
            missing.append(f"{path}.{key}")
        elif (child := NESTED[cls].get(key)) is not None:
            if isinstance(value, list):
                for index, item in enumerate(value):
                    missing += _unmodelled_keys(item, child, f"{path}.{key}[{index}]")
            else:
                missing += _unmodelled_keys(value, child, f"{path}.{key}")
    return missing


def _selection(data: dict[str, Any]) -> LifecycleSelection:
    return LifecycleSelection(
        tag_status=TagStatus(data["tagStatus"]),
        tag_prefix_list=tuple(data["tagPrefixList"]) if "tagPrefixList" in data else None,
        tag_pattern_list=tuple(data["tagPatternList"]) if "tagPatternList" in data else None,
        storage_class=LifecycleStorageClass(data["storageClass"]) if "storageClass" in data else None,
        count_type=CountType(data["countType"]),
        count_unit=CountUnit(data["countUnit"]) if "countUnit" in data else None,
        count_number=data["countNumber"],
    )


def _policy(data: dict[str, Any]) -> LifecyclePolicy:
    """A hand-written decoder for the tests (the real one is the codec's)."""
    return LifecyclePolicy(
        rules=tuple(
            LifecycleRule(
                rule_priority=rule["rulePriority"],
                description=rule.get("description"),
                selection=_selection(rule["selection"]),
                action=LifecycleAction(
                    type=LifecycleActionType(rule["action"]["type"]),
                    target_storage_class=(
                        LifecycleTargetStorageClass(rule["action"]["targetStorageClass"])
                        if "targetStorageClass" in rule["action"]
                        else None
                    ),
                ),
            )
            for rule in data["rules"]
        )
    )


def test_enum_values_are_the_wire_strings() -> None:
    """Enum values are the strings lifecycle documents use."""
    assert [v.value for v in TagStatus] == ["tagged", "untagged", "any"]
    assert [v.value for v in CountType] == [
        "imageCountMoreThan",
        "sinceImagePushed",
        "sinceImagePulled",
        "sinceImageTransitioned",
    ]
    assert [v.value for v in CountUnit] == ["days"]
    assert [v.value for v in LifecycleStorageClass] == ["standard", "archive"]
    assert [v.value for v in LifecycleTargetStorageClass] == ["archive"]
    assert [v.value for v in LifecycleActionType] == ["expire", "transition"]
    assert TagStatus("untagged") is TagStatus.UNTAGGED
    with pytest.raises(ValueError, match="is not a valid TagStatus"):
        TagStatus("UNTAGGED")  # the API's spelling is not the document's


def test_construct_and_defaults() -> None:
    """Optional members default to None."""
    selection = LifecycleSelection(
        tag_status=TagStatus.UNTAGGED, count_type=CountType.IMAGE_COUNT_MORE_THAN, count_number=5
    )
    assert selection.tag_prefix_list is None
    assert selection.tag_pattern_list is None
    assert selection.storage_class is None
    assert selection.count_unit is None
    action = LifecycleAction(type=LifecycleActionType.EXPIRE)
    assert action.target_storage_class is None
    rule = LifecycleRule(rule_priority=1, selection=selection, action=action)
    assert rule.description is None
    assert LifecyclePolicy(rules=(rule,)).rules == (rule,)


def test_required_fields_and_keyword_only() -> None:
    """Required members are required, and models take keyword arguments only."""
    with pytest.raises(TypeError):
        LifecycleSelection(tag_status=TagStatus.ANY, count_type=CountType.IMAGE_COUNT_MORE_THAN)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        LifecycleAction()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        LifecyclePolicy()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        LifecycleAction(LifecycleActionType.EXPIRE)  # type: ignore[call-arg]


def test_frozen() -> None:
    """Models are immutable."""
    action = LifecycleAction(type=LifecycleActionType.EXPIRE)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        action.type = LifecycleActionType.TRANSITION  # type: ignore[misc]
    policy = LifecyclePolicy(rules=())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.rules = ()  # type: ignore[misc]


def test_archive_rules() -> None:
    """The archive storage class members of the newer format are modelled."""
    # The template of the AWS user guide, with the archive storage class.
    data = {
        "rules": [
            {
                "rulePriority": 2,
                "description": "Delete images archived more than 90 days ago",
                "selection": {
                    "tagStatus": "any",
                    "storageClass": "archive",
                    "countType": "sinceImageTransitioned",
                    "countUnit": "days",
                    "countNumber": 90,
                },
                "action": {"type": "expire"},
            },
            {
                "rulePriority": 1,
                "description": "Archive prod images not pulled for 30 days",
                "selection": {
                    "tagStatus": "tagged",
                    "tagPatternList": ["prod*"],
                    "storageClass": "standard",
                    "countType": "sinceImagePulled",
                    "countUnit": "days",
                    "countNumber": 30,
                },
                "action": {"type": "transition", "targetStorageClass": "archive"},
            },
        ]
    }
    assert _unmodelled_keys(data, LifecyclePolicy, "$") == []
    policy = _policy(data)
    archive, transition = policy.rules
    assert archive.selection.storage_class is LifecycleStorageClass.ARCHIVE
    assert transition.action == LifecycleAction(
        type=LifecycleActionType.TRANSITION, target_storage_class=LifecycleTargetStorageClass.ARCHIVE
    )
    assert transition.selection.tag_pattern_list == ("prod*",)
    assert [rule.rule_priority for rule in policy.rules_by_priority] == [1, 2]
    assert policy.rules[0] is archive  # the written order is kept


def test_unmodelled_keys_are_reported() -> None:
    """The corpus check itself finds keys no model attribute covers."""
    bad = {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countTyp": "x"}, "acton": {}}]}
    assert _unmodelled_keys(bad, LifecyclePolicy, "$") == ["$.rules[0].selection.countTyp", "$.rules[0].acton"]


def test_wire_names_are_camel_case_of_attributes() -> None:
    """Document keys are the camelCase of the attribute names."""
    assert _attribute_of(LifecycleRule, "rulePriority") == "rule_priority"
    assert _attribute_of(LifecycleSelection, "tagPrefixList") == "tag_prefix_list"
    assert _attribute_of(LifecycleAction, "targetStorageClass") == "target_storage_class"


def test_corpus_present() -> None:
    """The shared corpus of lifecycle documents is there to check against, with every pinned document."""
    if not CORPUS_FILES:
        pytest.skip(f"corpus not found at {corpus_dir()} (set ECSKIT_CORPUS)")
    assert set(NOT_JSON) <= {path.stem for path in CORPUS_FILES}


#: One case per corpus document; without a corpus, one case skipped saying where the corpus was looked for (an empty
#: parameter set would skip with pytest's "got empty parameter set", which says nothing of ECSKIT_CORPUS).
CORPUS_CASES = [pytest.param(path, id=path.name) for path in CORPUS_FILES] or [
    pytest.param(
        None, id="no-corpus", marks=pytest.mark.skip(reason=f"corpus not found at {corpus_dir()} (set ECSKIT_CORPUS)")
    )
]


@pytest.mark.parametrize("path", CORPUS_CASES)
def test_corpus_documents_are_fully_modelled(path: Path) -> None:
    """Every key of every real document in the corpus is modelled, and its values fit."""
    text = path.read_text(encoding="utf-8")
    why = NOT_JSON.get(path.stem)
    if why is not None:
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)
        return
    data = json.loads(text)
    assert _unmodelled_keys(data, LifecyclePolicy, "$") == []
    policy = _policy(data)
    assert len(policy.rules) == len(data["rules"])
    for rule, raw in zip(policy.rules, data["rules"], strict=True):
        assert rule.rule_priority == raw["rulePriority"]
        assert rule.selection.tag_status.value == raw["selection"]["tagStatus"]
        assert rule.selection.count_type.value == raw["selection"]["countType"]
        assert rule.action.type.value == raw["action"]["type"]


@pytest.mark.parametrize("cls", list(NESTED))
def test_annotations_resolve_at_run_time(cls: type) -> None:
    """Every annotation evaluates to a real type, as the codec needs."""
    hints = typing.get_type_hints(cls)
    assert set(hints) == {field.name for field in attrs.fields(cls)}
    assert attrs.resolve_types(cls) is cls


def test_all_is_sorted_and_complete() -> None:
    """__all__ is sorted and names every public class, each with a docstring."""
    assert lifecycle.__all__ == sorted(lifecycle.__all__)
    defined = {
        name
        for name, value in vars(lifecycle).items()
        if isinstance(value, type) and value.__module__ == lifecycle.__name__ and not name.startswith("_")
    }
    assert defined == set(lifecycle.__all__)
    for name in lifecycle.__all__:
        assert getattr(lifecycle, name).__doc__
