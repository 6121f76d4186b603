"""Repository and registry policies as ECR takes them: the text is read with ecskit's IAM model and checked as a
resource-based policy (:func:`ecskit.iam.policy_problems`), with what ECR adds:

* a **repository policy** names no ``Resource`` (it applies to its repository: ECR answers a policy with one with
  "Invalid repository policy provided", as awsdocs/amazon-ecr-user-guide#20 and aws/aws-cdk#3583 report), and its
  actions are the ECR actions on a repository: an action of the registry such as ``ecr:GetAuthorizationToken`` is
  refused the same way (cloudposse/terraform-aws-ecr#67), and so is one of another service (``ecr-public:*``). An
  action with wildcards is taken when it names at least one repository action (``ecr:*``, ``ecr:Get*``);
* a **registry policy** may name resources; its actions are ECR's. Under the registry policy scope ``V1`` only
  ``ecr:ReplicateImage``, ``ecr:BatchImportUpstreamImage`` and ``ecr:CreateRepository`` belong in it; ``V2`` (the
  default) "includes all ECR permissions"
  (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions.html).

ECR keeps a repository policy as it re-writes it (:func:`stored_text`): the AWS CLI's set-repository-policy
example sends a file and gets back its JSON re-printed in one house style (``"Version" : "2008-10-17"``, two
spaces of indentation per object, arrays on one line: ``"Action" : [ "ecr:BatchGetImage", ... ]``,
``"Statement" : [ {`` ... ``} ]``). A registry policy is kept as given (no public example shows otherwise).

ECR answers every refusal with one text, InvalidParameterException "Invalid parameter at 'PolicyText' failed to
satisfy constraint: 'Invalid repository policy provided'" (or "registry", as pulumi/pulumi-aws#2326 quotes it);
:func:`repository_policy_problems` and :func:`registry_policy_problems` say what is wrong, for tests and tools.
Whether a named user or role exists is not known to the fake: a well-formed principal is taken.
"""

from __future__ import annotations

import functools
import json
from typing import Literal

import attrs

from ecskit._glob import glob
from ecskit._text import parse_json
from ecskit.backends.fake.core.errors import refuse
from ecskit.codec import from_json
from ecskit.errors import ConversionError
from ecskit.iam import policy_problems
from ecskit.models.iam import PolicyDocument
from ecskit.operations import operations
from ecskit.texts import ecr

__all__ = [
    "ECR_ACTIONS",
    "MAX_POLICY_LENGTH",
    "REPOSITORY_ACTIONS",
    "V1_REGISTRY_ACTIONS",
    "check_registry_policy",
    "check_repository_policy",
    "read_policy",
    "registry_policy_problems",
    "repository_policy_problems",
    "stored_text",
]

#: The longest policy text ECR takes (RepositoryPolicyText and RegistryPolicyText: at most 10,240 characters).
MAX_POLICY_LENGTH = 10240
#: Actions IAM knows for ECR that are no API operation (the Service Authorization Reference: "[permission only]").
_PERMISSION_ONLY = ("ecr:ReplicateImage", "ecr:BatchImportUpstreamImage")


def _repository_scoped(request: type[object]) -> bool:
    names = {a.name for a in attrs.fields(request)}  # type: ignore[arg-type]
    return bool(names & {"repository_name", "repository_names", "resource_arn"})


#: Every ECR action: one per operation of the service model, and the permission-only ones.
ECR_ACTIONS: frozenset[str] = frozenset({f"ecr:{o.name}" for o in operations("ecr")} | set(_PERMISSION_ONLY))
#: The ECR actions on a repository (the operations that name one, and the permission-only ones).
REPOSITORY_ACTIONS: frozenset[str] = frozenset(
    {f"ecr:{o.name}" for o in operations("ecr") if _repository_scoped(o.request)} | set(_PERMISSION_ONLY)
)
#: What a registry policy of scope V1 may grant.
V1_REGISTRY_ACTIONS: frozenset[str] = frozenset({*_PERMISSION_ONLY, "ecr:CreateRepository"})

_REPOSITORY_INVALID = (
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'"
)
_REGISTRY_INVALID = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid registry policy provided'"


@functools.lru_cache(maxsize=256)
def _read(text: str) -> PolicyDocument | str:
    """The policy document of a text, or what is wrong with it (cached: the stored policies are read at every
    authorised call)."""
    try:
        data = parse_json(text)
    except ValueError as exc:
        return f"the policy is not JSON ({exc})"
    if not isinstance(data, dict):
        return "the policy is not a JSON object"
    try:
        return from_json(text, PolicyDocument)
    except ConversionError as exc:
        return "the policy is not an IAM policy document: " + "; ".join(
            f"{e.path or '(top)'}: {e.message}" for e in exc.errors
        )


def read_policy(text: str) -> PolicyDocument:
    """The document of a policy text that was checked when it was stored (cached)."""
    found = _read(text)
    if isinstance(found, str):
        raise AssertionError(f"a stored policy does not read: {found}")
    return found


def _actions_problems(document: PolicyDocument, allowed: frozenset[str], what: str) -> list[str]:
    found = []
    for statement in document.statements:
        for pattern in (*statement.actions, *statement.not_actions):
            matcher = glob(pattern, True)
            if not any(matcher.matches(action) for action in allowed):
                found.append(f"{pattern!r} names no {what}")
    return found


def _problems(text: str, *, resource_allowed: bool, allowed: frozenset[str], what: str) -> tuple[str, ...]:
    if len(text) > MAX_POLICY_LENGTH:
        return (f"the policy has {len(text)} characters; ECR takes at most {MAX_POLICY_LENGTH}",)
    if not text.strip():
        return ("the policy is empty",)
    document = _read(text)
    if isinstance(document, str):
        return (document,)
    found = [*policy_problems(document, resource_allowed=resource_allowed)]
    found.extend(_actions_problems(document, allowed, what))
    return tuple(found)


def repository_policy_problems(text: str) -> tuple[str, ...]:
    """What ECR would not take in a repository policy text, one line each (empty when it is fine)."""
    return _problems(text, resource_allowed=False, allowed=REPOSITORY_ACTIONS, what="ECR action on a repository")


def registry_policy_problems(text: str, scope: Literal["V1", "V2"] | str = "V2") -> tuple[str, ...]:
    """What ECR would not take in a registry policy text under the registry policy ``scope``."""
    if scope == "V1":
        return _problems(
            text, resource_allowed=True, allowed=V1_REGISTRY_ACTIONS, what="action of a V1 registry policy"
        )
    return _problems(text, resource_allowed=True, allowed=ECR_ACTIONS, what="ECR action")


def _check_length(text: str) -> None:
    # ECR's form for a length constraint (as for repositoryName); the text for PolicyText is ecskit's wording.
    if len(text) > MAX_POLICY_LENGTH:
        refuse(
            ecr.CONSTRAINT,
            member="PolicyText",
            constraint=f"must have length less than or equal to {MAX_POLICY_LENGTH}",
        )


def _printed(value: object, level: int) -> str:
    if isinstance(value, dict):
        if not value:
            return "{ }"
        pad = "  " * (level + 1)
        members = ",\n".join(
            f"{pad}{json.dumps(k, ensure_ascii=False)} : {_printed(v, level + 1)}" for k, v in value.items()
        )
        return "{\n" + members + "\n" + "  " * level + "}"
    if isinstance(value, list):
        # Arrays stay on one line and do not indent what they hold.
        return "[ " + ", ".join(_printed(v, level) for v in value) + " ]" if value else "[ ]"
    return json.dumps(value, ensure_ascii=False)


def stored_text(text: str) -> str:
    """A repository policy's text as ECR keeps and answers it (see the module): the same JSON, re-printed."""
    return _printed(json.loads(text), 0)


def check_repository_policy(text: str) -> PolicyDocument:
    """The document of a repository policy text, or ECR's InvalidParameterException."""
    _check_length(text)
    if repository_policy_problems(text):
        refuse(ecr.REPOSITORY_POLICY_INVALID)
    return read_policy(text)


def check_registry_policy(text: str, scope: str = "V2") -> PolicyDocument:
    """The document of a registry policy text, or ECR's InvalidParameterException."""
    _check_length(text)
    if registry_policy_problems(text, scope):
        refuse(ecr.REGISTRY_POLICY_INVALID)
    return read_policy(text)
