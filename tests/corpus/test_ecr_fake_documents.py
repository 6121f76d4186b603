"""Every repository policy and registry document of the shared corpus, given to the fake's ECR: the ones ECR would
take are taken and read back equal; the ones it would not are refused with ECR's exception, and
:mod:`ecskit.backends.fake.engine.ecr_policies` names what is wrong.

Three groups, pinned here with the reason:

* :data:`WRONG`: wrong on purpose or by accident (the corpus tests' VERDICTS mark every such document of these
  folders with an error, and UNCHECKED notes the rest): refused as they are;
* :data:`PLACEHOLDERS`: documentation and templates with placeholders where an account id or a principal belongs
  (``account-id``, ``<account>``, ``${alm_account_id}``, ...). ECR refuses a principal that is not one (pulumi/
  pulumi-aws#2326, hashicorp/terraform-provider-aws#3924), and so does the fake; filled in, each is taken;
* everything else is taken as it is.

Pull through cache rules belong to another part of the fake (its own tests take ``ecr-registry/016.json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import botocore.exceptions
import pytest

from ecskit.backends.fake import FakeBackend
from ecskit.backends.fake.engine.ecr_policies import registry_policy_problems, repository_policy_problems
from ecskit.codec import from_api, to_api
from ecskit.errors import ConversionError
from ecskit.models.ecr import (
    CreateRepositoryRequest,
    GetRegistryPolicyRequest,
    GetRegistryScanningConfigurationRequest,
    GetRepositoryPolicyRequest,
    PutRegistryPolicyRequest,
    PutRegistryScanningConfigurationRequest,
    PutReplicationConfigurationRequest,
    ReplicationConfiguration,
    SetRepositoryPolicyRequest,
)
from tests.corpus.test_verdicts import VERDICTS
from tests.support.corpus import REGISTRY_KINDS, corpus_files, corpus_key, registry_input
from tests.support.fake_ecr import OTHER, OWNER, REGION, refusal

POLICIES = corpus_files("ecr-repository-policies")
REGISTRY = corpus_files("ecr-registry")
ROLE = f"arn:aws:iam::{OTHER}:role/puller"

#: Refused as they are, and why (the problem the fake's checker or the codec names is in the reason).
WRONG: dict[str, str] = {
    "ecr-repository-policies/006.json": "names no ECR action on a repository",  # ecr-public:*
    "ecr-repository-policies/010.json": "missing required key 'Statement'",  # one statement, no document
    "ecr-repository-policies/022.json": "not JSON",  # an unquoted ${allowed_account_arns}
    "ecr-registry/008.json": "missing required key 'Statement'",
    "ecr-registry/011.json": "the account id must be 12 digits",  # arn:aws:iam::111111:root
    "ecr-registry/013.json": "unknown key 'Rules'",  # CloudFormation's PascalCase shape
    "ecr-registry/014.json": "unknown key 'Rules'",
}
#: Placeholder -> what fills it, per document.
PLACEHOLDERS: dict[str, dict[str, str]] = {
    "ecr-repository-policies/001.json": {"account-id": OTHER},
    "ecr-repository-policies/002.json": {"account-id": OTHER},
    "ecr-repository-policies/008.json": {"${aws_iam_role.test.arn}": ROLE},  # its Sid "%[1]s" stays: any Sid goes
    "ecr-repository-policies/009.json": {"<account>": OTHER, "<region>": REGION},
    "ecr-repository-policies/011.json": {
        "<AWS-account-ID>": OTHER,
        "<aws-account-id>": OWNER,
        "<region>": REGION,
        "<project-name>": "build",
    },
    "ecr-repository-policies/012.json": {"<AWS-account-ID>": OTHER},
    "ecr-repository-policies/018.json": {"${alm_account_id}": OTHER},
    "ecr-repository-policies/019.json": {
        "${intg_account}": OTHER,
        "${staging_account}": "555566667777",
        "${prod_account}": "666677778888",
        "${dev_account}": "777788889999",
    },
    "ecr-repository-policies/020.json": {"${role_arn}": ROLE},
    "ecr-registry/004.json": {"destination_region": "us-west-2", "destination_accountId": OTHER},
    "ecr-registry/005.json": {"source_account_id": OTHER, "your_account_id": OWNER},
    "ecr-registry/006.json": {"source_account_id": OTHER, "your_account_id": OWNER},  # its Sid twice: ECR takes it
    "ecr-registry/007.json": {"source_account_id": OTHER, "your_account_id": OWNER},
    "ecr-registry/010.json": {"{account id}": OTHER},
}
ELSEWHERE = {"ecr-registry/016.json": "a pull through cache rule: the pull-through part of the fake takes it"}


def _filled(key: str, text: str) -> str:
    for placeholder, value in PLACEHOLDERS[key].items():
        assert placeholder in text, f"{key}: no {placeholder!r} to fill"
        text = text.replace(placeholder, value)
    return text


def _fake() -> FakeBackend:
    fake = FakeBackend()
    fake.ecr.create_repository(CreateRepositoryRequest(repository_name="web"))
    return fake


def test_every_document_the_corpus_marks_wrong_is_refused() -> None:
    marked = {key for key, (errors, _, _) in VERDICTS.items() if errors and key.startswith("ecr-")}
    marked = {key for key in marked if not key.startswith("ecr-lifecycle/")}
    assert marked <= set(WRONG) | set(ELSEWHERE)
    keys = {corpus_key(p) for p in (*POLICIES, *REGISTRY)}
    assert set(WRONG) | set(PLACEHOLDERS) | set(ELSEWHERE) <= keys
    assert not set(WRONG) & set(PLACEHOLDERS)


# -- repository policies ----------------------------------------------------------------------------------------------


def _set(fake: FakeBackend, text: str) -> None:
    fake.ecr.set_repository_policy(SetRepositoryPolicyRequest(repository_name="web", policy_text=text, force=True))


def _read_back(fake: FakeBackend) -> Any:
    text = fake.ecr.get_repository_policy(GetRepositoryPolicyRequest(repository_name="web")).policy_text
    return json.loads(text or "null")


@pytest.mark.parametrize("path", POLICIES, ids=[p.name for p in POLICIES])
def test_repository_policy(path: Path) -> None:
    key, text, fake = corpus_key(path), path.read_text(encoding="utf-8"), _fake()
    if key in WRONG or key in PLACEHOLDERS:
        error = refusal(fake, SetRepositoryPolicyRequest(repository_name="web", policy_text=text, force=True))
        assert (error.code, error.message) == (
            "InvalidParameterException",
            "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'",
        )
        problems = " ".join(repository_policy_problems(text))
        assert (WRONG.get(key, "is not a principal")) in problems
        if key in WRONG:
            return
        text = _filled(key, text)
    assert repository_policy_problems(text) == ()
    _set(fake, text)
    assert _read_back(fake) == json.loads(text)


# -- registry documents -----------------------------------------------------------------------------------------------


def _registry_policy(fake: FakeBackend, key: str, text: str) -> None:
    if key in WRONG or key in PLACEHOLDERS:
        error = refusal(fake, PutRegistryPolicyRequest(policy_text=text))
        assert (error.code, error.message) == (
            "InvalidParameterException",
            "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid registry policy provided'",
        )
        assert (WRONG.get(key, "is not a principal")) in " ".join(registry_policy_problems(text))
        if key in WRONG:
            return
        text = _filled(key, text)
    fake.ecr.put_registry_policy(PutRegistryPolicyRequest(policy_text=text))
    assert fake.ecr.get_registry_policy(GetRegistryPolicyRequest()).policy_text == text


def _replication(fake: FakeBackend, key: str, text: str) -> None:
    document = json.loads(text)
    if key in WRONG:
        with pytest.raises(ConversionError, match=WRONG[key]):
            from_api(document, ReplicationConfiguration)
        with pytest.raises(botocore.exceptions.ParamValidationError, match="Unknown parameter"):
            fake.client("ecr").put_replication_configuration(replicationConfiguration=document)
        return
    if key in PLACEHOLDERS:
        request = from_api({"replicationConfiguration": document}, PutReplicationConfigurationRequest)
        error = refusal(fake, request)
        assert error.code == "InvalidParameterException"
        assert "must satisfy regular expression" in error.message
        document = json.loads(_filled(key, text))
    fake.client("ecr").put_replication_configuration(replicationConfiguration=document)
    assert fake.client("ecr").describe_registry()["replicationConfiguration"] == document


def _scanning(fake: FakeBackend, kind: str, document: Any) -> None:
    if kind == "scanning-output":  # GetRegistryScanningConfiguration's answer: put what it shows, get it back
        request = from_api(document["scanningConfiguration"], PutRegistryScanningConfigurationRequest)
        fake.ecr.put_registry_scanning_configuration(request)
        got = fake.ecr.get_registry_scanning_configuration(GetRegistryScanningConfigurationRequest())
        assert to_api(got) == document
        return
    wanted = registry_input(kind, document)
    fake.ecr.put_registry_scanning_configuration(from_api(wanted, PutRegistryScanningConfigurationRequest))
    got = fake.ecr.get_registry_scanning_configuration(GetRegistryScanningConfigurationRequest())
    assert to_api(got.scanning_configuration) == wanted


@pytest.mark.parametrize("path", REGISTRY, ids=[p.name for p in REGISTRY])
def test_registry_document(path: Path) -> None:
    key, text, fake = corpus_key(path), path.read_text(encoding="utf-8"), _fake()
    if key in ELSEWHERE:
        pytest.skip(ELSEWHERE[key])
    kind = REGISTRY_KINDS[path.stem]
    if kind == "registry-policy":
        _registry_policy(fake, key, text)
    elif kind == "replication":
        _replication(fake, key, text)
    else:
        assert kind in ("scanning-rules", "scanning-output")
        _scanning(fake, kind, json.loads(text))
