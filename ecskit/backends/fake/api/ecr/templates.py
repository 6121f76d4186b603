"""Repository creation templates: CreateRepositoryCreationTemplate, DescribeRepositoryCreationTemplates,
UpdateRepositoryCreationTemplate, DeleteRepositoryCreationTemplate. How a template is applied is
:mod:`~ecskit.backends.fake.engine.ecr_templates`.

* ``prefix``: 1 to 256 characters of the API's pattern, or ``ROOT`` (:mod:`~ecskit.backends.fake.core.ecr_prefixes`);
  one template per prefix (TemplateAlreadyExistsException; TemplateNotFoundException for one that is not there).
* ``lifecyclePolicy`` is checked by ecskit's lifecycle rules (the ones PutLifecyclePolicy uses) and
  ``repositoryPolicy`` must read as an IAM policy document; either refused with InvalidParameterException, in the form
  ECR refuses the same documents on their own calls ("Invalid parameter at 'PolicyText' failed to satisfy
  constraint: 'Invalid repository policy provided'"; "... 'Lifecycle policy validation failure: ...'"), naming the
  template's member (ecskit's wording for the member's name and the lifecycle rule's text).
* ``imageTagMutability`` left out is MUTABLE, on creation and on update alike ("If this parameter is omitted, the
  default setting of MUTABLE will be used", both calls' reference); encryption left out is AES256, ECR's default.
* Where no public copy of ECR's message exists, the message is the API reference's description of the exception
  (botocore's model), which keeps AWS's words. ECR documents no quota of templates, so the fake sets none.
"""

from __future__ import annotations

from typing import NoReturn

from ecskit.backends.fake.core.ecr_prefixes import check_prefix
from ecskit.backends.fake.core.env import Env
from ecskit.backends.fake.core.errors import refuse
from ecskit.backends.fake.core.paging import ECR_PAGING, paginate
from ecskit.backends.fake.engine.verdicts import AS_AWS
from ecskit.backends.fake.registry import handles
from ecskit.codec import from_json
from ecskit.errors import ConversionError
from ecskit.models.ecr import (
    CreateRepositoryCreationTemplateRequest,
    CreateRepositoryCreationTemplateResponse,
    DeleteRepositoryCreationTemplateRequest,
    DeleteRepositoryCreationTemplateResponse,
    DescribeRepositoryCreationTemplatesRequest,
    DescribeRepositoryCreationTemplatesResponse,
    EncryptionConfigurationForRepositoryCreationTemplate,
    EncryptionType,
    ImageTagMutability,
    RepositoryCreationTemplate,
    UpdateRepositoryCreationTemplateRequest,
    UpdateRepositoryCreationTemplateResponse,
)
from ecskit.models.iam import PolicyDocument
from ecskit.texts import ecr
from ecskit.validation import validate_lifecycle_policy

__all__ = [
    "create_repository_creation_template",
    "delete_repository_creation_template",
    "describe_repository_creation_templates",
    "update_repository_creation_template",
]

_AES256 = EncryptionConfigurationForRepositoryCreationTemplate(encryption_type=EncryptionType.AES256)
_PREFIX_LENGTH = {"low": 1, "high": 256}


def _invalid(member: str, constraint: str) -> None:
    refuse(ecr.CONSTRAINT, member=member, constraint=constraint)


def _check_members(req: CreateRepositoryCreationTemplateRequest | UpdateRepositoryCreationTemplateRequest) -> None:
    """The members a template's creation and update share, checked as the module says."""
    if req.description is not None and len(req.description) > 256:
        _invalid("description", "Member must have length less than or equal to 256")
    if req.custom_role_arn is not None and len(req.custom_role_arn) > 2048:
        _invalid("customRoleArn", "Member must have length less than or equal to 2048")
    filters = req.image_tag_mutability_exclusion_filters
    if filters is not None and not 1 <= len(filters) <= 5:
        _invalid("imageTagMutabilityExclusionFilters", "Member must have length between 1 and 5")
    if req.repository_policy:
        if len(req.repository_policy) > 10240:
            _invalid("repositoryPolicy", "Member must have length less than or equal to 10240")
        try:
            from_json(req.repository_policy, PolicyDocument)
        except ConversionError:
            _invalid("repositoryPolicy", "Invalid repository policy provided")
    if req.lifecycle_policy:
        if len(req.lifecycle_policy) > 30720:
            _invalid("lifecyclePolicy", "Member must have length less than or equal to 30720")
        refusals = validate_lifecycle_policy(req.lifecycle_policy, config=AS_AWS).refusals
        if refusals:
            _invalid("lifecyclePolicy", f"Lifecycle policy validation failure: {refusals[0].message}")


def _not_found() -> NoReturn:
    refuse(ecr.TEMPLATE_NOT_FOUND)


@handles(CreateRepositoryCreationTemplateRequest)
def create_repository_creation_template(
    env: Env, req: CreateRepositoryCreationTemplateRequest
) -> CreateRepositoryCreationTemplateResponse:
    """CreateRepositoryCreationTemplate, in the caller's own registry."""
    key = check_prefix("prefix", req.prefix, **_PREFIX_LENGTH)
    _check_members(req)
    templates = env.state.ecr.templates
    if key in templates:
        refuse(ecr.TEMPLATE_EXISTS)
    now = env.clock.now()
    template = templates[key] = RepositoryCreationTemplate(
        prefix=req.prefix,
        description=req.description,
        encryption_configuration=req.encryption_configuration or _AES256,
        resource_tags=req.resource_tags,
        image_tag_mutability=req.image_tag_mutability or ImageTagMutability.MUTABLE,
        image_tag_mutability_exclusion_filters=req.image_tag_mutability_exclusion_filters,
        repository_policy=req.repository_policy or None,
        lifecycle_policy=req.lifecycle_policy or None,
        applied_for=req.applied_for,
        custom_role_arn=req.custom_role_arn,
        created_at=now,
        updated_at=now,
    )
    return CreateRepositoryCreationTemplateResponse(registry_id=env.account, repository_creation_template=template)


@handles(DescribeRepositoryCreationTemplatesRequest)
def describe_repository_creation_templates(
    env: Env, req: DescribeRepositoryCreationTemplatesRequest
) -> DescribeRepositoryCreationTemplatesResponse:
    """DescribeRepositoryCreationTemplates: every template (in the order they were created), or those of the
    prefixes named (a prefix with no template is left out: the call names no not-found error); up to 100 a page
    unless ``maxResults`` (1 to 1000) says otherwise."""
    templates = env.state.ecr.templates
    if req.prefixes is None:
        found = list(templates.values())
    else:
        keys = dict.fromkeys(check_prefix("prefixes", p, **_PREFIX_LENGTH) for p in req.prefixes)
        found = [templates[k] for k in keys if k in templates]
    page, token = paginate(
        found, req.next_token, req.max_results if req.max_results is not None else 100, limit=1000, texts=ECR_PAGING
    )
    return DescribeRepositoryCreationTemplatesResponse(
        registry_id=env.account, repository_creation_templates=tuple(page), next_token=token
    )


@handles(UpdateRepositoryCreationTemplateRequest)
def update_repository_creation_template(
    env: Env, req: UpdateRepositoryCreationTemplateRequest
) -> UpdateRepositoryCreationTemplateResponse:
    """UpdateRepositoryCreationTemplate: the members the request gives replace the template's; the others are kept,
    except the tag mutability, which is MUTABLE (without exclusions) when left out, as the reference says. The
    repositories the template created before keep their settings."""
    key = check_prefix("prefix", req.prefix, **_PREFIX_LENGTH)
    templates = env.state.ecr.templates
    old = templates.get(key)
    if old is None:
        _not_found()
    _check_members(req)
    mutability = req.image_tag_mutability or ImageTagMutability.MUTABLE
    exclusions = req.image_tag_mutability_exclusion_filters if req.image_tag_mutability is not None else None
    template = templates[key] = RepositoryCreationTemplate(
        prefix=old.prefix,
        description=req.description if req.description is not None else old.description,
        encryption_configuration=req.encryption_configuration or old.encryption_configuration,
        resource_tags=req.resource_tags if req.resource_tags is not None else old.resource_tags,
        image_tag_mutability=mutability,
        image_tag_mutability_exclusion_filters=exclusions,
        repository_policy=(req.repository_policy if req.repository_policy is not None else old.repository_policy)
        or None,
        lifecycle_policy=(req.lifecycle_policy if req.lifecycle_policy is not None else old.lifecycle_policy) or None,
        applied_for=req.applied_for if req.applied_for is not None else old.applied_for,
        custom_role_arn=req.custom_role_arn if req.custom_role_arn is not None else old.custom_role_arn,
        created_at=old.created_at,
        updated_at=env.clock.now(),
    )
    return UpdateRepositoryCreationTemplateResponse(registry_id=env.account, repository_creation_template=template)


@handles(DeleteRepositoryCreationTemplateRequest)
def delete_repository_creation_template(
    env: Env, req: DeleteRepositoryCreationTemplateRequest
) -> DeleteRepositoryCreationTemplateResponse:
    """DeleteRepositoryCreationTemplate: answers with the template deleted; repositories it created are kept."""
    key = check_prefix("prefix", req.prefix, **_PREFIX_LENGTH)
    template = env.state.ecr.templates.pop(key, None)
    if template is None:
        _not_found()
    return DeleteRepositoryCreationTemplateResponse(registry_id=env.account, repository_creation_template=template)
