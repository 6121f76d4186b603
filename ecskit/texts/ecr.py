"""Amazon ECR's and Amazon ECR Public's error texts (see :mod:`ecskit.texts`): what the fake answers.

ECR words most refusals of a member one way, "Invalid parameter at '<member>' failed to satisfy constraint:
'<constraint>'" (``CONSTRAINT``, quoted from AWS for repositoryName and PolicyText); the fake uses that form for
every member it refuses, with ecskit's wording of the constraint where no copy of AWS's is public. Texts composed by
other parts of ecskit keep their own sources: a lifecycle policy's refusal (:mod:`ecskit.lifecycle`, the
``lifecycle-*`` validation rules) and an access decision (``AccessDeniedException``, :mod:`ecskit.iam`).
"""

from __future__ import annotations

from ecskit.texts._text import answering, define

__all__ = [
    "CONSTRAINT",
    "DESCRIBE_NAMES_WITH_PAGING",
    "EMPTY_UPLOAD",
    "EXCLUSION_EXISTS",
    "EXCLUSION_NOT_FOUND",
    "IMAGE_ARCHIVED",
    "IMAGE_DIGEST_MISMATCH",
    "IMAGE_EXISTS",
    "IMAGE_NOT_FOUND",
    "IMAGE_RESTORING",
    "IMAGE_TAG_EXISTS",
    "INVALID_LAYER",
    "INVALID_LAYER_PART",
    "LAYERS_NOT_FOUND",
    "LAYER_EXISTS",
    "LAYER_INACCESSIBLE",
    "LAYER_NOT_FOUND",
    "LAYER_PARTS_LIMIT",
    "LAYER_PART_TOO_SMALL",
    "LIFECYCLE_NOT_FOUND",
    "MAX_RESULTS",
    "PAGE_TOKEN",
    "PREVIEW_IMAGE_IDS",
    "PREVIEW_IN_PROGRESS",
    "PREVIEW_NOT_FOUND",
    "PUBLIC_ACCESS_DENIED",
    "PUBLIC_CONSTRAINT",
    "PUBLIC_IMAGE_NOT_FOUND",
    "PUBLIC_MAX_RESULTS",
    "PUBLIC_PAGE_TOKEN",
    "PUBLIC_POLICY_NOT_FOUND",
    "PUBLIC_REGION",
    "PUBLIC_REPOSITORY_EXISTS",
    "PUBLIC_REPOSITORY_NOT_EMPTY",
    "PUBLIC_REQUEST_INVALID",
    "PUBLIC_TAGS_INVALID",
    "PUBLIC_TOO_MANY_TAGS",
    "PULL_THROUGH_EXISTS",
    "PULL_THROUGH_LIMIT",
    "PULL_THROUGH_NEEDS_CREDENTIALS",
    "PULL_THROUGH_NOT_FOUND",
    "PULL_THROUGH_UPSTREAM_PREFIX",
    "REFERENCED_IMAGES_NOT_FOUND",
    "REGISTRY_POLICY_INVALID",
    "REGISTRY_POLICY_NOT_FOUND",
    "REPOSITORY_EXISTS",
    "REPOSITORY_NOT_EMPTY",
    "REPOSITORY_NOT_FOUND",
    "REPOSITORY_POLICY_INVALID",
    "REPOSITORY_POLICY_LOCKOUT",
    "REPOSITORY_POLICY_NOT_FOUND",
    "REQUEST_INVALID",
    "SCAN_DISABLED",
    "SCAN_NOT_FOUND",
    "SCAN_QUOTA",
    "SCAN_UNSUPPORTED",
    "SECRET_INACCESSIBLE",
    "SECRET_NOT_FOUND",
    "SIGNING_NOT_FOUND",
    "TAGS_INVALID",
    "TEMPLATE_EXISTS",
    "TEMPLATE_NOT_FOUND",
    "TOO_MANY_TAGS",
    "UPLOAD_NOT_FOUND",
    "UPSTREAM_UNSUPPORTED",
]

_R, _P = "ecr", "ecr-public"
_IPE = "InvalidParameterException"
_PUSH = ("InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage")

# -- the forms every operation shares ------------------------------------------------------------------------------

CONSTRAINT = define(
    "ecr-constraint",
    _R,
    _IPE,
    answering(_R, _IPE),
    "Invalid parameter at '{member}' failed to satisfy constraint: '{constraint}'",
    source="https://github.com/aws-samples/aws-msk-content-streaming/issues/3",
    note="The source quotes repositoryName's pattern; aws/aws-dotnet-deploy#549 its length ('must have length "
    "greater than or equal to 2'), pulumi/pulumi-aws#2326 PolicyText. Other members' constraints are ecskit's "
    "wording in that form.",
)
PUBLIC_CONSTRAINT = define(
    "ecr-public-constraint",
    _P,
    _IPE,
    answering(_P, _IPE),
    "Invalid parameter at '{member}' failed to satisfy constraint: '{constraint}'",
    note="ECR's form (see ecr-constraint), which ECR Public shares.",
)
PAGE_TOKEN = define(
    "ecr-page-token",
    _R,
    _IPE,
    answering(_R, _IPE),
    "Invalid token",
)
MAX_RESULTS = define(
    "ecr-max-results",
    _R,
    _IPE,
    answering(_R, _IPE),
    "Invalid parameter at 'maxResults' failed to satisfy constraint: 'must be between 1 and {limit}'",
)
PUBLIC_PAGE_TOKEN = define(
    "ecr-public-page-token",
    _P,
    _IPE,
    answering(_P, _IPE),
    "Invalid token",
)
PUBLIC_MAX_RESULTS = define(
    "ecr-public-max-results",
    _P,
    _IPE,
    answering(_P, _IPE),
    "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to "
    "{limit}'",
    note="The form of AWS's request validation ('Member must have value ...').",
)
REQUEST_INVALID = define(
    "ecr-request-invalid",
    _R,
    _IPE,
    answering(_R, _IPE),
    "Invalid parameter at '{member}' failed to satisfy constraint: '{problem}'",
    note="A request the fake cannot read (a member of the wrong type), in ECR's constraint form; an enum value "
    "outside its set is 'Member must satisfy enum value set: [...]', the form of AWS's request validation.",
)
PUBLIC_REQUEST_INVALID = define(
    "ecr-public-request-invalid",
    _P,
    _IPE,
    answering(_P, _IPE),
    "Invalid parameter at '{member}' failed to satisfy constraint: '{problem}'",
    note="As ecr-request-invalid.",
)
DESCRIBE_NAMES_WITH_PAGING = define(
    "ecr-describe-names-with-paging",
    _R,
    _IPE,
    ("DescribeRepositories",),
    "Invalid parameter: nextToken and maxResults cannot be used when repositoryNames are specified",
    note="The API reference of DescribeRepositories: 'This option cannot be used when you specify repositories "
    "with repositoryNames.'",
)

# -- repositories ---------------------------------------------------------------------------------------------------

REPOSITORY_NOT_FOUND = define(
    "ecr-repository-not-found",
    _R,
    "RepositoryNotFoundException",
    answering(_R, "RepositoryNotFoundException"),
    "The repository with name '{name}' does not exist in the registry with id '{registry}'",
    source="https://github.com/prowler-cloud/prowler/pull/2239",
    note="The source names the error of ListTagsForResource; the whole text is the one moto records "
    "(getmoto/moto, moto/ecr/exceptions.py).",
)
REPOSITORY_EXISTS = define(
    "ecr-repository-exists",
    _R,
    "RepositoryAlreadyExistsException",
    ("CreateRepository",),
    "The repository with name '{name}' already exists in the registry with id '{registry}'",
    note="The text moto records (getmoto/moto, moto/ecr/exceptions.py).",
)
REPOSITORY_NOT_EMPTY = define(
    "ecr-repository-not-empty",
    _R,
    "RepositoryNotEmptyException",
    ("DeleteRepository",),
    "The repository with name '{name}' in registry with id '{registry}' cannot be deleted because it still contains "
    "images",
    note="The text moto records (getmoto/moto, moto/ecr/exceptions.py).",
)
TAGS_INVALID = define(
    "ecr-tags-invalid",
    _R,
    "InvalidTagParameterException",
    ("CreateRepository", "TagResource", "UntagResource"),
    "An invalid parameter has been specified. Tag keys can have a maximum character length of 128 characters, and "
    "tag values can have a maximum length of 256 characters.",
    source="https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_TagResource.html",
    note="The error's description in the API reference.",
)
TOO_MANY_TAGS = define(
    "ecr-too-many-tags",
    _R,
    "TooManyTagsException",
    ("CreateRepository", "TagResource"),
    "The list of tags on the repository is over the limit. The maximum number of tags that can be applied to a "
    "repository is 50.",
    source="https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_TagResource.html",
    note="The error's description in the API reference.",
)

# -- policies -----------------------------------------------------------------------------------------------------

REPOSITORY_POLICY_INVALID = define(
    "ecr-repository-policy-invalid",
    _R,
    _IPE,
    ("SetRepositoryPolicy", "CreateRepositoryCreationTemplate", "UpdateRepositoryCreationTemplate"),
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'",
    source="https://github.com/awsdocs/amazon-ecr-user-guide/issues/20",
    note="Also aws/aws-cdk#3583 and cloudposse/terraform-aws-ecr#67.",
)
REGISTRY_POLICY_INVALID = define(
    "ecr-registry-policy-invalid",
    _R,
    _IPE,
    ("PutRegistryPolicy",),
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid registry policy provided'",
    source="https://github.com/pulumi/pulumi-aws/issues/2326",
)
REPOSITORY_POLICY_LOCKOUT = define(
    "ecr-repository-policy-lockout",
    _R,
    _IPE,
    ("SetRepositoryPolicy",),
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'The repository policy would prevent the "
    "caller from setting the repository policy again; set force to apply it'",
    note="The API reference of SetRepositoryPolicy: without force, ECR refuses a policy that would lock the caller "
    "out ('This is intended to prevent accidental repository lock outs').",
)
REPOSITORY_POLICY_NOT_FOUND = define(
    "ecr-repository-policy-not-found",
    _R,
    "RepositoryPolicyNotFoundException",
    ("GetRepositoryPolicy", "DeleteRepositoryPolicy"),
    "Repository policy does not exist for the repository with name '{name}' in the registry with id '{registry}'",
    source="https://github.com/aws-controllers-k8s/community/issues/1873",
    note="The source quotes the text in part; the whole text is the one moto records.",
)
REGISTRY_POLICY_NOT_FOUND = define(
    "ecr-registry-policy-not-found",
    _R,
    "RegistryPolicyNotFoundException",
    ("GetRegistryPolicy", "DeleteRegistryPolicy"),
    "Registry policy does not exist in the registry with id '{registry}'",
    note="The text moto records (getmoto/moto, moto/ecr/exceptions.py).",
)
LIFECYCLE_NOT_FOUND = define(
    "ecr-lifecycle-policy-not-found",
    _R,
    "LifecyclePolicyNotFoundException",
    ("GetLifecyclePolicy", "DeleteLifecyclePolicy", "StartLifecyclePolicyPreview"),
    "Lifecycle policy does not exist for the repository with name '{name}' in the registry with id '{registry}'",
    note="The AWS CLI's get-lifecycle-policy answer as users quote it; moto records the same.",
)
PREVIEW_IN_PROGRESS = define(
    "ecr-preview-in-progress",
    _R,
    "LifecyclePolicyPreviewInProgressException",
    ("StartLifecyclePolicyPreview",),
    "The previous lifecycle policy preview request has not completed. Wait and try again.",
    note="The error's description in the API reference, in ECR's form.",
)
PREVIEW_NOT_FOUND = define(
    "ecr-preview-not-found",
    _R,
    "LifecyclePolicyPreviewNotFoundException",
    ("GetLifecyclePolicyPreview",),
    "There is no lifecycle policy preview for the repository with name '{name}' in the registry with id '{registry}'",
    note="The error's description in the API reference, in ECR's form.",
)
PREVIEW_IMAGE_IDS = define(
    "ecr-preview-image-ids",
    _R,
    _IPE,
    ("GetLifecyclePolicyPreview",),
    "Invalid parameter at 'imageIds' failed to satisfy constraint: 'must have length between 1 and {limit}'",
)

# -- images, layers and pushes ------------------------------------------------------------------------------------

IMAGE_NOT_FOUND = define(
    "ecr-image-not-found",
    _R,
    "ImageNotFoundException",
    answering(_R, "ImageNotFoundException"),
    "The image with imageId {{imageDigest:'{digest}', imageTag:'{tag}'}} does not exist within the repository with "
    "name '{name}' in the registry with id '{registry}'",
    source="https://github.com/hashicorp/terraform-provider-aws/issues/35268",
    note="A member the call left out is written 'null'.",
)
IMAGE_RESTORING = define(
    "ecr-image-restoring",
    _R,
    "ImageStorageClassUpdateNotSupportedException",
    ("UpdateImageStorageClass",),
    "The image with digest '{digest}' is being restored and cannot be archived until it is ACTIVE",
)
LAYER_NOT_FOUND = define(
    "ecr-layer-not-found",
    _R,
    "LayersNotFoundException",
    ("GetDownloadUrlForLayer",),
    "The layer with digest '{digest}' does not exist within the repository with name '{name}' in the registry with "
    "id '{registry}'",
    source="https://github.com/monken/aws-ecr-public/issues/11",
)
LAYER_INACCESSIBLE = define(
    "ecr-layer-inaccessible",
    _R,
    "LayerInaccessibleException",
    ("GetDownloadUrlForLayer",),
    "The specified layer is not available because it is not associated with an image. Unassociated image layers may "
    "be cleaned up at any time.",
    source="https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetDownloadUrlForLayer.html",
    note="The error's description in the API reference.",
)
INVALID_LAYER_PART = define(
    "ecr-invalid-layer-part",
    "ecr",
    "InvalidLayerPartException",
    ("UploadLayerPart",),
    "The layer part is not valid for the upload with id '{upload}': {reason}",
    note="ECR Public answers the same (its UploadLayerPart).",
)
LAYER_PARTS_LIMIT = define(
    "ecr-layer-parts-limit",
    _R,
    "LimitExceededException",
    ("UploadLayerPart",),
    "The upload with id '{upload}' in {where} already has the maximum of {limit} layer parts",
    note="'Amazon ECR service quotas': at most 4,200 layer parts. ECR Public answers the same.",
)
EMPTY_UPLOAD = define(
    "ecr-empty-upload",
    _R,
    "EmptyUploadException",
    ("CompleteLayerUpload",),
    "The upload with id '{upload}' in {where} cannot be completed because it does not have any parts",
    source="https://github.com/devcontainers/cli/issues/814",
    note="ECR Public answers the same.",
)
LAYER_PART_TOO_SMALL = define(
    "ecr-layer-part-too-small",
    _R,
    "LayerPartTooSmallException",
    ("CompleteLayerUpload",),
    "Layer parts must be at least 5 MiB in size.",
    note="'Amazon ECR service quotas': a layer part is at least 5 MiB, but the last. ECR Public answers the same.",
)
INVALID_LAYER = define(
    "ecr-invalid-layer",
    _R,
    "InvalidLayerException",
    ("CompleteLayerUpload",),
    "The layer digest calculation performed by Amazon ECR upon receipt of the image layer does not match the digest "
    "specified: computed '{computed}', specified {specified}",
    source="https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CompleteLayerUpload.html",
    note="The first sentence is the error's description in the API reference. ECR Public answers the same.",
)
LAYER_EXISTS = define(
    "ecr-layer-exists",
    _R,
    "LayerAlreadyExistsException",
    ("CompleteLayerUpload",),
    "The layer with digest '{digest}' already exists in {where}",
    note="ECR Public answers the same.",
)
UPLOAD_NOT_FOUND = define(
    "ecr-upload-not-found",
    _R,
    "UploadNotFoundException",
    ("UploadLayerPart", "CompleteLayerUpload"),
    "The upload with id '{upload}' does not exist in {where}",
    note="ECR Public answers the same.",
)
IMAGE_DIGEST_MISMATCH = define(
    "ecr-image-digest-mismatch",
    _R,
    "ImageDigestDoesNotMatchException",
    ("PutImage",),
    "The image with digest '{digest}' in repository '{name}' and registry ID '{registry}' does not match the image "
    "digest that Amazon ECR has calculated.",
    source="https://github.com/google/go-containerregistry/issues/1568",
    note="ECR Public answers the same.",
)
IMAGE_TAG_EXISTS = define(
    "ecr-image-tag-exists",
    _R,
    "ImageTagAlreadyExistsException",
    ("PutImage",),
    "The image tag '{tag}' already exists in the '{name}' repository and cannot be overwritten because the "
    "repository is immutable.",
    source="https://github.com/aws/containers-roadmap/issues/862",
)
REFERENCED_IMAGES_NOT_FOUND = define(
    "ecr-referenced-images-not-found",
    _R,
    "ReferencedImagesNotFoundException",
    ("PutImage",),
    "The manifest list is referencing images that do not exist in {where}: [{digests}]",
    note="ECR Public answers the same.",
)
LAYERS_NOT_FOUND = define(
    "ecr-layers-not-found",
    _R,
    "LayersNotFoundException",
    ("PutImage",),
    "Layers with digests '[{digests}]' required for pushing image into repository with name '{name}' in the "
    "registry with id '{registry}' do not exist",
    source="https://github.com/oras-project/oras-py/issues/54",
    note="ECR Public answers the same.",
)
IMAGE_EXISTS = define(
    "ecr-image-exists",
    _R,
    "ImageAlreadyExistsException",
    ("PutImage",),
    "Image with digest '{digest}' and tag '{tag}' already exists in the repository with name '{name}' in registry "
    "with id '{registry}'",
    source="https://github.com/buildkite-plugins/ecr-buildkite-plugin/issues/111",
    note="ECR Public answers the same.",
)

# -- scans --------------------------------------------------------------------------------------------------------

SCAN_DISABLED = define(
    "ecr-scan-disabled",
    _R,
    "ValidationException",
    ("StartImageScan",),
    "This feature is disabled",
    source="https://github.com/alexjurkiewicz/ecr-scan-image/issues/44",
    note="What users of registries with enhanced scanning report for a manual scan.",
)
IMAGE_ARCHIVED = define(
    "ecr-image-archived",
    _R,
    "ImageArchivedException",
    ("StartImageScan",),
    "The specified image is archived and cannot be scanned.",
    source="https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_StartImageScan.html",
    note="The error's description in the API reference.",
)
SCAN_UNSUPPORTED = define(
    "ecr-scan-unsupported",
    _R,
    "UnsupportedImageTypeException",
    ("StartImageScan",),
    "An artifact with media type '{media_type}' cannot be scanned. For more information, see the Amazon ECR "
    "documentation.",
    source="https://github.com/alexjurkiewicz/ecr-scan-image/issues/43",
)
SCAN_QUOTA = define(
    "ecr-scan-quota",
    _R,
    "LimitExceededException",
    ("StartImageScan",),
    "The scan quota per image has been exceeded. Wait and try again.",
    note="As users report it (moezalikhan/cloud-task-processor, PHASE_5.md); StartImageScan's reference: one basic "
    "scan per image per 24 hours.",
)
SCAN_NOT_FOUND = define(
    "ecr-scan-not-found",
    _R,
    "ScanNotFoundException",
    ("DescribeImageScanFindings",),
    "Image scan does not exist for the image with '{{imageDigest:'{digest}', imageTag:'{tag}'}}' in the repository "
    "with name '{name}' in the registry with id '{registry}'",
    note="As a user shows it (JHashimoto0518's notes); a member the call left out is written 'null'.",
)

# -- registry settings, pull through cache, templates ---------------------------------------------------------------

SIGNING_NOT_FOUND = define(
    "ecr-signing-not-found",
    _R,
    "SigningConfigurationNotFoundException",
    ("GetSigningConfiguration", "DeleteSigningConfiguration"),
    "Signing configuration does not exist in the registry with id '{registry}'",
)
EXCLUSION_EXISTS = define(
    "ecr-exclusion-exists",
    _R,
    "ExclusionAlreadyExistsException",
    ("RegisterPullTimeUpdateExclusion",),
    "The pull time update exclusion for principal '{principal}' already exists in the registry with id '{registry}'",
)
EXCLUSION_NOT_FOUND = define(
    "ecr-exclusion-not-found",
    _R,
    "ExclusionNotFoundException",
    ("DeregisterPullTimeUpdateExclusion",),
    "The pull time update exclusion for principal '{principal}' does not exist in the registry with id '{registry}'",
)
PULL_THROUGH_NOT_FOUND = define(
    "ecr-pull-through-not-found",
    _R,
    "PullThroughCacheRuleNotFoundException",
    answering(_R, "PullThroughCacheRuleNotFoundException"),
    "The pull through cache rule was not found. Specify a valid pull through cache rule and try again.",
    note="The error's description in the API reference.",
)
SECRET_INACCESSIBLE = define(
    "ecr-secret-inaccessible",
    _R,
    "UnableToAccessSecretException",
    ("CreatePullThroughCacheRule", "UpdatePullThroughCacheRule"),
    "The secret is unable to be accessed. Verify the resource permissions for the secret and try again.",
    note="The error's description in the API reference.",
)
SECRET_NOT_FOUND = define(
    "ecr-secret-not-found",
    _R,
    "SecretNotFoundException",
    ("CreatePullThroughCacheRule", "UpdatePullThroughCacheRule"),
    "The ARN of the secret specified in the pull through cache rule was not found. Update the pull through cache "
    "rule with a valid secret ARN and try again.",
    note="The error's description in the API reference.",
)
PULL_THROUGH_UPSTREAM_PREFIX = define(
    "ecr-pull-through-upstream-prefix",
    _R,
    _IPE,
    ("CreatePullThroughCacheRule",),
    "You can set the upstream repository prefix only when the Amazon ECR repository prefix has a non-ROOT value.",
    source="https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private-wildcards.html",
    note="The user guide's sentence.",
)
PULL_THROUGH_NEEDS_CREDENTIALS = define(
    "ecr-pull-through-needs-credentials",
    _R,
    "UnsupportedUpstreamRegistryException",
    ("CreatePullThroughCacheRule",),
    "The specified upstream registry requires authentication",
    note="As a public note quotes it (imsameerkhan12/devops-master-prep); its end is not shown there.",
)
PULL_THROUGH_EXISTS = define(
    "ecr-pull-through-exists",
    _R,
    "PullThroughCacheRuleAlreadyExistsException",
    ("CreatePullThroughCacheRule",),
    "A pull through cache rule with these settings already exists for the private registry.",
    note="The error's description in the API reference.",
)
PULL_THROUGH_LIMIT = define(
    "ecr-pull-through-limit",
    _R,
    "LimitExceededException",
    ("CreatePullThroughCacheRule",),
    "The operation did not succeed because it would have exceeded a service limit for your account.",
    note="The error's description in the API reference; 'Amazon ECR service quotas': 50 rules per registry.",
)
UPSTREAM_UNSUPPORTED = define(
    "ecr-upstream-unsupported",
    _R,
    "UnsupportedUpstreamRegistryException",
    ("CreatePullThroughCacheRule",),
    "The upstream registry URL {url} is invalid. Specify a valid upstream registry URL and try again",
    source="https://github.com/goharbor/harbor/issues/20174",
)
TEMPLATE_NOT_FOUND = define(
    "ecr-template-not-found",
    _R,
    "TemplateNotFoundException",
    ("UpdateRepositoryCreationTemplate", "DeleteRepositoryCreationTemplate"),
    "The specified repository creation template can't be found. Verify the registry ID and prefix and try again.",
    note="The error's description in the API reference.",
)
TEMPLATE_EXISTS = define(
    "ecr-template-exists",
    _R,
    "TemplateAlreadyExistsException",
    ("CreateRepositoryCreationTemplate",),
    "The repository creation template already exists. Specify a unique prefix and try again.",
    note="The error's description in the API reference.",
)

# -- ECR Public -----------------------------------------------------------------------------------------------------

PUBLIC_REGION = define(
    "ecr-public-region",
    _P,
    "UnsupportedCommandException",
    ("GetAuthorizationToken",),
    "{operation} command is only supported in {region}.",
    source="https://github.com/codeship-library/aws-utilities/pull/117",
)
PUBLIC_ACCESS_DENIED = define(
    "ecr-public-access-denied",
    _P,
    "AccessDeniedException",
    answering(_P, "RepositoryNotFoundException"),
    "User: {principal} is not authorized to perform: {action} on resource: {resource} because no resource-based "
    "policy allows the {action} action",
    source="https://github.com/aws-actions/amazon-ecr-login/issues/232",
    note="The source quotes private ECR across accounts; the fake answers a call on another account's public "
    "registry the same way (AccessDeniedException is one of AWS's common errors).",
)
PUBLIC_REPOSITORY_EXISTS = define(
    "ecr-public-repository-exists",
    _P,
    "RepositoryAlreadyExistsException",
    ("CreateRepository",),
    "The repository with name '{name}' already exists in the registry with id '{registry}'",
    note="ECR's text (see ecr-repository-exists).",
)
PUBLIC_REPOSITORY_NOT_EMPTY = define(
    "ecr-public-repository-not-empty",
    _P,
    "RepositoryNotEmptyException",
    ("DeleteRepository",),
    "The repository with name '{name}' in registry with id '{registry}' cannot be deleted because it still contains "
    "images",
    note="ECR's text (see ecr-repository-not-empty).",
)
PUBLIC_IMAGE_NOT_FOUND = define(
    "ecr-public-image-not-found",
    _P,
    "ImageNotFoundException",
    answering(_P, "ImageNotFoundException"),
    "The image with imageId {{imageDigest:'{digest}', imageTag:'{tag}'}} does not exist within the repository with "
    "name '{name}' in the registry with id '{registry}'",
    source="https://github.com/hashicorp/terraform-provider-aws/issues/35268",
    note="ECR's text; a member the call left out is written 'null'.",
)
PUBLIC_POLICY_NOT_FOUND = define(
    "ecr-public-policy-not-found",
    _P,
    "RepositoryPolicyNotFoundException",
    ("GetRepositoryPolicy", "DeleteRepositoryPolicy"),
    "Repository policy does not exist for the repository with name '{name}' in the registry with id '{registry}'",
    note="ECR's text (see ecr-repository-policy-not-found).",
)
PUBLIC_TAGS_INVALID = define(
    "ecr-public-tags-invalid",
    _P,
    "InvalidTagParameterException",
    ("CreateRepository", "TagResource", "UntagResource"),
    "An invalid parameter has been specified. Tag keys can have a maximum character length of 128 characters, and "
    "tag values can have a maximum length of 256 characters.",
    note="ECR's text (see ecr-tags-invalid).",
)
PUBLIC_TOO_MANY_TAGS = define(
    "ecr-public-too-many-tags",
    _P,
    "TooManyTagsException",
    ("CreateRepository", "TagResource"),
    "The list of tags on the repository is over the limit. The maximum number of tags that can be applied to a "
    "repository is {limit}.",
    note="ECR's text (see ecr-too-many-tags).",
)
