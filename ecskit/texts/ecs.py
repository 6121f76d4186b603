"""Amazon ECS's error texts (see :mod:`ecskit.texts`): what the fake answers, by family of operations.

Sources are public pages that quote AWS's answer (an API reference page, an AWS CLI example, an issue or pull request
that pastes the error); ``note`` says what a source shows when it quotes another value or a neighbouring operation.
Texts without a source are ecskit's wording in AWS's form.
"""

from __future__ import annotations

from ecskit.texts._text import answering, define

__all__ = [
    "AGENT_EXTERNAL",
    "AGENT_MISSING_VERSION",
    "AGENT_NO_UPDATE",
    "AGENT_UPDATE_IN_PROGRESS",
    "ARN_INVALID",
    "ASG_ELSEWHERE",
    "ASG_INVALID_ARN",
    "ASG_INVALID_NAME",
    "ASG_NOT_FOUND",
    "ATTACHMENT_NOT_FOUND",
    "ATTRIBUTES_TOO_MANY",
    "ATTRIBUTE_NAME_INVALID",
    "ATTRIBUTE_TARGET_ID",
    "ATTRIBUTE_TARGET_NOT_FOUND",
    "ATTRIBUTE_VALUE_INVALID",
    "ATTRIBUTE_VALUE_WITHOUT_NAME",
    "AWSVPC_PORTS_MATCH",
    "CAPACITY_PROVIDER_ASG_IN_USE",
    "CAPACITY_PROVIDER_CLUSTER_NOT_ALLOWED",
    "CAPACITY_PROVIDER_DESCRIBE_TOO_MANY",
    "CAPACITY_PROVIDER_ELSEWHERE",
    "CAPACITY_PROVIDER_EXISTS",
    "CAPACITY_PROVIDER_IN_USE",
    "CAPACITY_PROVIDER_NAME_INVALID",
    "CAPACITY_PROVIDER_NEEDS_ASG",
    "CAPACITY_PROVIDER_NOT_FOUND",
    "CAPACITY_PROVIDER_NOT_FOUND_ASSOCIATE",
    "CAPACITY_PROVIDER_RESERVED",
    "CAPACITY_PROVIDER_TERMINATION_PROTECTION",
    "CLUSTER_CONTAINS_INSTANCES",
    "CLUSTER_CONTAINS_SERVICES",
    "CLUSTER_CONTAINS_TASKS",
    "CLUSTER_INACTIVE",
    "CLUSTER_INACTIVE_SERVICE",
    "CLUSTER_NOT_FOUND",
    "CONTAINER_INSTANCES_EMPTY",
    "CONTAINER_INSTANCES_TOO_MANY",
    "CONTAINER_INSTANCE_ALREADY_REGISTERED",
    "CONTAINER_INSTANCE_NOT_FOUND",
    "CONTAINER_INSTANCE_STATUS",
    "CONTAINER_MEMORY_REQUIRED",
    "CONTAINER_NOT_IN_TASK",
    "CONTAINER_PORT_INVALID",
    "DAEMON_BAKE_TIME",
    "DAEMON_DEFINITION_NOT_ACTIVE",
    "DAEMON_DEFINITION_NOT_FOUND",
    "DAEMON_DEFINITION_REVISION",
    "DAEMON_DEFINITION_UNUSABLE",
    "DAEMON_DEPLOYMENTS_COUNT",
    "DAEMON_DRAIN_PERCENT",
    "DAEMON_NAME_INVALID",
    "DAEMON_NOT_ACTIVE",
    "DAEMON_NOT_FOUND",
    "DAEMON_NOT_IDEMPOTENT",
    "DAEMON_PROVIDERS_EMPTY",
    "DAEMON_PROVIDER_FARGATE",
    "DAEMON_PROVIDER_NOT_ASSOCIATED",
    "DAEMON_PROVIDER_NOT_FOUND",
    "DAEMON_REVISIONS_COUNT",
    "DEFINITION_DELETE_NOT_FOUND",
    "DEFINITION_DELETE_STILL_ACTIVE",
    "DEFINITION_DEREGISTER_REVISION",
    "DEFINITION_DESCRIBE_NOT_FOUND",
    "DEFINITION_INACTIVE_RUN",
    "DEFINITION_INACTIVE_SERVICE",
    "DEFINITION_LAUNCH_TYPE",
    "DEFINITION_NOT_FOUND_RUN",
    "DEFINITION_NOT_FOUND_SERVICE",
    "DEFINITION_REVISIONS",
    "DEPLOYMENT_MAX_PERCENT",
    "DEPLOYMENT_MIN_HEALTHY",
    "DESIRED_COUNT_NEGATIVE",
    "ENUM_INVALID",
    "EXEC_CONTAINER_REQUIRED",
    "EXEC_NOT_CONNECTED",
    "EXEC_NOT_ENABLED",
    "EXEC_NOT_INTERACTIVE",
    "EXEC_TASK_LENGTH",
    "EXTERNAL_INSTANCE_NEEDS_RESOURCES",
    "FAKE_MANAGED_INSTANCES",
    "FARGATE_IPC_MODE",
    "FARGATE_PID_MODE",
    "FILTER_INVALID",
    "HOOK_NOT_AWAITING",
    "HOST_PORT_MAPPED_TWICE",
    "IDENTITY_DOCUMENT_INVALID",
    "IDENTITY_DOCUMENT_NO_INSTANCE",
    "IDENTITY_DOCUMENT_NO_TYPE",
    "IDENTITY_DOCUMENT_REGION",
    "IDENTITY_DOCUMENT_ZONE",
    "INSTANCE_HAS_TASKS",
    "LONG_ARN_REQUIRED",
    "NAMESPACE_NOT_FOUND",
    "NO_CONTAINER_INSTANCES",
    "PAGE_SIZE",
    "PAGE_TOKEN",
    "PROTECTION_MINUTES",
    "PROVISIONING_QUOTA",
    "REQUEST_INVALID",
    "RESOURCE_NOT_FOUND",
    "RESOURCE_NOT_FOUND_LIST",
    "ROLE_NOT_ASSUMABLE",
    "RUN_COUNT",
    "SECURITY_GROUPS_TOO_MANY",
    "SECURITY_GROUP_MALFORMED",
    "SERVICES_EMPTY",
    "SERVICES_TOO_MANY",
    "SERVICE_DAEMON_COUNT",
    "SERVICE_DAEMON_UPDATE_COUNT",
    "SERVICE_DEPLOYMENTS_COUNT",
    "SERVICE_DEPLOYMENT_FINISHED",
    "SERVICE_DEPLOYMENT_NOT_FOUND",
    "SERVICE_DEPLOYMENT_NO_ROLLBACK",
    "SERVICE_FAMILY_EMPTY",
    "SERVICE_NAME_INVALID",
    "SERVICE_NOT_ACTIVE",
    "SERVICE_NOT_FOUND",
    "SERVICE_NOT_IDEMPOTENT",
    "SERVICE_REVISIONS_COUNT",
    "SERVICE_SCALED_ABOVE_ZERO",
    "SERVICE_TASK_DEFINITION_REQUIRED",
    "SERVICE_TASK_SET_MEMBER",
    "SETTING_AWS_MANAGED",
    "SETTING_PRINCIPAL_ACCOUNT",
    "SETTING_PRINCIPAL_INVALID",
    "SETTING_ROOT_ONLY",
    "SETTING_VALUE",
    "SETTING_VALUE_WITHOUT_NAME",
    "STOP_REASON_LENGTH",
    "STRATEGY_MIXED",
    "STRATEGY_NOT_ASSOCIATED",
    "STRATEGY_NO_WEIGHT",
    "SUBNETS_EMPTY",
    "SUBNETS_TOO_MANY",
    "SUBNET_MALFORMED",
    "TAGS_TOO_MANY",
    "TAG_KEY_INVALID",
    "TAG_KEY_REPEATED",
    "TAG_KEY_RESERVED",
    "TAG_VALUE_INVALID",
    "TARGET_GROUP_NO_LOAD_BALANCER",
    "TARGET_GROUP_TYPE",
    "TASKS_EMPTY",
    "TASKS_TOO_MANY",
    "TASK_NOT_FOUND",
    "TASK_SETS_EMPTY",
    "TASK_SET_DRAINING_PRIMARY",
    "TASK_SET_EXTERNAL_ONLY",
    "TASK_SET_ID_INVALID",
    "TASK_SET_LIMIT",
    "TASK_SET_NOT_FOUND",
    "TASK_SET_SCALE",
    "TASK_SET_SCALED",
    "TOTAL_RESOURCES_PORTS",
    "TOTAL_RESOURCES_VALUE",
]

_E = "ecs"
_IPE, _CE = "InvalidParameterException", "ClientException"

# -- operations that answer the same texts ---------------------------------------------------------------------------

#: Operations that name a cluster (``ClusterNotFoundException`` when there is none).
_CLUSTER_OPS = (
    "CreateService",
    "DeleteAttributes",
    "DeleteCluster",
    "DeleteService",
    "DeregisterContainerInstance",
    "DescribeCapacityProviders",
    "DescribeContainerInstances",
    "DescribeServices",
    "DescribeTasks",
    "GetTaskProtection",
    "ListAttributes",
    "ListContainerInstances",
    "ListServiceDeployments",
    "ListServices",
    "ListTagsForResource",
    "ListTasks",
    "PutAttributes",
    "PutClusterCapacityProviders",
    "RegisterContainerInstance",
    "RunTask",
    "StartTask",
    "StopTask",
    "TagResource",
    "UntagResource",
    "UpdateCluster",
    "UpdateContainerAgent",
    "UpdateContainerInstancesState",
    "UpdateService",
    "UpdateTaskProtection",
)
_LIST_OPS = (
    "DescribeCapacityProviders",
    "ListAccountSettings",
    "ListAttributes",
    "ListClusters",
    "ListContainerInstances",
    "ListServiceDeployments",
    "ListServices",
    "ListTaskDefinitionFamilies",
    "ListTaskDefinitions",
    "ListTasks",
)
_TAG_OPS = ("TagResource", "UntagResource", "ListTagsForResource")
_TAGGING_CREATES = (
    "CreateCapacityProvider",
    "CreateCluster",
    "CreateService",
    "RegisterContainerInstance",
    "RegisterTaskDefinition",
    "RunTask",
    "StartTask",
    "TagResource",
)
_LAUNCHES = ("RunTask", "StartTask")
_SERVICES = ("CreateService", "UpdateService")
_TASK_SET_OPS = ("CreateTaskSet", "UpdateTaskSet", "DeleteTaskSet", "UpdateServicePrimaryTaskSet")
_NETWORK_OPS = ("CreateService", "UpdateService", "RunTask", "StartTask")
_SETTING_OPS = ("PutAccountSetting", "PutAccountSettingDefault", "ListAccountSettings", "DeleteAccountSetting")

# -- clusters and the lookups every operation makes ------------------------------------------------------------------

CLUSTER_NOT_FOUND = define(
    "ecs-cluster-not-found",
    _E,
    "ClusterNotFoundException",
    _CLUSTER_OPS,
    "Cluster not found.",
    source="https://github.com/pulumi/pulumi-awsx/issues/352",
    note="Also k1LoW/awspec#473 (DescribeServices).",
)
CLUSTER_INACTIVE = define(
    "ecs-cluster-inactive",
    _E,
    _IPE,
    ("RunTask", "StartTask", "TagResource", "UntagResource"),
    "The specified cluster is inactive. Specify an active cluster and try again.",
    source="https://github.com/gruntwork-io/cloud-nuke/issues/145",
    note="The source quotes TagResource on a deleted cluster that ListClusters still listed.",
)
CLUSTER_INACTIVE_SERVICE = define(
    "ecs-cluster-inactive-service",
    _E,
    _IPE,
    ("CreateService",),
    "The referenced cluster was inactive.",
)
CLUSTER_CONTAINS_INSTANCES = define(
    "ecs-cluster-contains-instances",
    _E,
    "ClusterContainsContainerInstancesException",
    ("DeleteCluster",),
    "The Cluster cannot be deleted while Container Instances are active or draining.",
)
CLUSTER_CONTAINS_SERVICES = define(
    "ecs-cluster-contains-services",
    _E,
    "ClusterContainsServicesException",
    ("DeleteCluster",),
    "The Cluster cannot be deleted while Services are active.",
    source="https://github.com/aws/amazon-ecs-cli/issues/368",
)
CLUSTER_CONTAINS_TASKS = define(
    "ecs-cluster-contains-tasks",
    _E,
    "ClusterContainsTasksException",
    ("DeleteCluster",),
    "The Cluster cannot be deleted while Tasks are active.",
    source="https://github.com/gruntwork-io/cloud-nuke/issues/368",
)
PAGE_TOKEN = define("ecs-page-token", _E, _IPE, _LIST_OPS, "Invalid token")
PAGE_SIZE = define("ecs-page-size", _E, _IPE, _LIST_OPS, "maxResults must be between 1 and {limit}.")
TASKS_EMPTY = define(
    "ecs-tasks-empty",
    _E,
    _IPE,
    ("DescribeTasks", "GetTaskProtection", "UpdateTaskProtection"),
    "Tasks cannot be empty.",
    source="https://github.com/sil-org/ecs-deploy/issues/63",
    note="The source quotes DescribeTasks; also convox/rack#1908 and segmentio/specs#58.",
)
TASKS_TOO_MANY = define(
    "ecs-tasks-too-many",
    _E,
    _IPE,
    ("DescribeTasks", "GetTaskProtection", "UpdateTaskProtection"),
    "tasks can have at most {limit} elements.",
)
SERVICES_EMPTY = define(
    "ecs-services-empty",
    _E,
    _IPE,
    ("DescribeServices",),
    "Services cannot be empty.",
    source="https://github.com/vend/ecs-cleaner/issues/2",
)
SERVICES_TOO_MANY = define(
    "ecs-services-too-many", _E, _IPE, ("DescribeServices",), "services can have at most {limit} elements."
)
CONTAINER_INSTANCES_EMPTY = define(
    "ecs-container-instances-empty",
    _E,
    _IPE,
    ("DescribeContainerInstances", "StartTask", "UpdateContainerInstancesState"),
    "Container instance cannot be empty.",
    source="https://github.com/eagletmt/hako/pull/34",
    note="The source quotes DescribeContainerInstances; the fake gives the same text for the other calls that "
    "take a list of container instances.",
)
CONTAINER_INSTANCES_TOO_MANY = define(
    "ecs-container-instances-too-many",
    _E,
    _IPE,
    ("DescribeContainerInstances", "StartTask", "UpdateContainerInstancesState"),
    "containerInstances can have at most {limit} elements.",
)
SERVICE_DEPLOYMENTS_COUNT = define(
    "ecs-service-deployments-count",
    _E,
    _IPE,
    ("DescribeServiceDeployments",),
    "serviceDeploymentArns must list 1 to {limit} ARNs.",
)

REQUEST_INVALID = define(
    "ecs-request-invalid",
    _E,
    _IPE,
    answering(_E, _IPE),
    "{path}: {problem}",
    note="A request the fake cannot read (a member of the wrong type); botocore refuses most such requests before "
    "they are sent.",
)
ENUM_INVALID = define(
    "ecs-enum-invalid",
    _E,
    _IPE,
    answering(_E, _IPE),
    "{member} should be one of [{allowed}]",
    note="A value outside a member's closed set (botocore does not check them). The form is the one reported to "
    "ecskit (issue 14); no public copy of the text was found.",
)

# -- tags ------------------------------------------------------------------------------------------------------------

ARN_INVALID = define(
    "ecs-arn-invalid",
    _E,
    _IPE,
    _TAG_OPS,
    "The ARN provided is invalid.",
    source="https://github.com/boto/boto3/issues/2774",
    note="The source quotes ListTagsForResource given an ECR repository's ARN.",
)
LONG_ARN_REQUIRED = define(
    "ecs-long-arn-required",
    _E,
    _IPE,
    _TAG_OPS,
    "Long arn format must be used for tagging operations",
    source="https://github.com/reproio/ecs_deploy/pull/49",
    note="Also turbot/steampipe-plugin-aws#1247 (ListTagsForResource of a service of the old ARN format).",
)
RESOURCE_NOT_FOUND = define(
    "ecs-resource-not-found",
    _E,
    "ResourceNotFoundException",
    ("TagResource", "UntagResource"),
    "The specified resource could not be found.",
    note="The error shape's own description is 'The specified resource wasn't found.'",
)
RESOURCE_NOT_FOUND_LIST = define(
    "ecs-resource-not-found-list",
    _E,
    _IPE,
    ("ListTagsForResource",),
    "The specified resource could not be found.",
    note="ListTagsForResource's model lists no ResourceNotFoundException: the fake answers an unknown resource "
    "with InvalidParameterException.",
)
TAG_KEY_RESERVED = define(
    "ecs-tag-key-reserved",
    _E,
    _IPE,
    (*_TAGGING_CREATES, "UntagResource"),
    "Tag keys with the prefix aws: are reserved.",
    note="The tagging page of the developer guide: aws: in any case is reserved for AWS, and tags with it cannot be "
    "edited or deleted.",
)
TAGS_TOO_MANY = define(
    "ecs-tags-too-many",
    _E,
    _IPE,
    _TAGGING_CREATES,
    "A resource can have at most 50 tags.",
    note="Tags with the aws: prefix (ECS managed tags) do not count (developer guide, tagging).",
)
TAG_KEY_INVALID = define(
    "ecs-tag-key-invalid",
    _E,
    _IPE,
    (*_TAGGING_CREATES, "UntagResource"),
    "Tag keys must be 1-128 characters of letters, digits, spaces and _ . : / = + - @.",
)
TAG_KEY_REPEATED = define(
    "ecs-tag-key-repeated",
    _E,
    _IPE,
    _TAGGING_CREATES,
    "Tag keys must be unique: {key} is given more than once.",
    note="The tagging page of the developer guide: each tag key must be unique and can have only one value.",
)
TAG_VALUE_INVALID = define(
    "ecs-tag-value-invalid",
    _E,
    _IPE,
    _TAGGING_CREATES,
    "Tag values must be at most 256 characters of letters, digits, spaces and _ . : / = + - @.",
)

# -- task definitions ------------------------------------------------------------------------------------------------

DEFINITION_DESCRIBE_NOT_FOUND = define(
    "ecs-task-definition-describe-not-found",
    _E,
    _CE,
    ("DescribeTaskDefinition", "DeregisterTaskDefinition"),
    "Unable to describe task definition.",
    source="https://github.com/getmoto/moto/pull/5910",
    note="The source pastes the AWS CLI's answer; also sil-org/ecs-deploy#145 and hashicorp/terraform#12609.",
)
DEFINITION_DEREGISTER_REVISION = define(
    "ecs-task-definition-deregister-revision",
    _E,
    _CE,
    ("DeregisterTaskDefinition",),
    "The revision must be specified: family:revision or the full ARN.",
)
DEFINITION_REVISIONS = define(
    "ecs-task-definition-revisions",
    _E,
    _CE,
    ("RegisterTaskDefinition",),
    "Too many revisions.",
    note="A family has at most 1,000,000 revisions (service quotas).",
)
DEFINITION_DELETE_STILL_ACTIVE = define(
    "ecs-task-definition-delete-still-active",
    _E,
    None,
    ("DeleteTaskDefinitions",),
    "The specified task definition is still in ACTIVE status. Please deregister the target and try again.",
    note="A reason of failures[] (the call succeeds).",
)
DEFINITION_DELETE_NOT_FOUND = define(
    "ecs-task-definition-delete-not-found",
    _E,
    None,
    ("DeleteTaskDefinitions",),
    "The specified task definition does not exist. Specify a valid account, family, revision and try again.",
    note="A reason of failures[] (the call succeeds).",
)
DEFINITION_NOT_FOUND_SERVICE = define(
    "ecs-task-definition-not-found-service",
    _E,
    _CE,
    (*_SERVICES, "CreateTaskSet"),
    "TaskDefinition not found.",
    source="https://github.com/Cloud-CV/EvalAI/issues/2419",
    note="The source quotes CreateService.",
)
DEFINITION_NOT_FOUND_RUN = define(
    "ecs-task-definition-not-found-run",
    _E,
    _IPE,
    _LAUNCHES,
    "TaskDefinition not found.",
)
DEFINITION_INACTIVE_SERVICE = define(
    "ecs-task-definition-inactive-service",
    _E,
    _CE,
    (*_SERVICES, "CreateTaskSet"),
    "TaskDefinition is inactive",
    source="https://github.com/aws/aws-cdk/issues/33195",
    note="The source quotes UpdateService (through CloudFormation). The fake answers it for a DELETE_IN_PROGRESS "
    "revision too (the API reference of DeleteTaskDefinitions: such a revision creates and updates no service).",
)
DEFINITION_INACTIVE_RUN = define(
    "ecs-task-definition-inactive-run",
    _E,
    _IPE,
    _LAUNCHES,
    "TaskDefinition is inactive",
    source="https://github.com/DefangLabs/defang/pull/775",
    note="The source quotes RunTask. The fake answers it for a DELETE_IN_PROGRESS revision too (the API reference "
    "of DeleteTaskDefinitions: such a revision runs no new task).",
)
DEFINITION_LAUNCH_TYPE = define(
    "ecs-task-definition-launch-type",
    _E,
    _IPE,
    (*_SERVICES, *_LAUNCHES, "CreateTaskSet"),
    "Task definition does not support launch_type {launch_type}.",
    source="https://github.com/aws/aws-cli/issues/3983",
)
ROLE_NOT_ASSUMABLE = define(
    "ecs-role-not-assumable",
    _E,
    _CE,
    ("RegisterTaskDefinition",),
    "ECS was unable to assume the role '{role}' that was provided for this task. Please verify that the role being "
    "passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this "
    "role.",
)

# Texts of the validation rules the fake refuses registrations with (their rules carry the same source).
FARGATE_PID_MODE = define(
    "ecs-fargate-pid-mode",
    _E,
    _CE,
    ("RegisterTaskDefinition",),
    "Tasks using the Fargate launch type do not support pidMode '{mode}'. The supported value for pidMode is 'task'.",
    source="https://github.com/aws/aws-cdk/issues/29619",
    note="The source quotes pidMode 'host' (rule td-pid-mode).",
)
FARGATE_IPC_MODE = define(
    "ecs-fargate-ipc-mode",
    _E,
    _CE,
    ("RegisterTaskDefinition",),
    "Tasks using the Fargate launch type do not support ipcMode.",
    source="https://github.com/cn-terraform/terraform-aws-ecs-fargate/issues/2",
    note="Rule td-ipc-mode.",
)
CONTAINER_MEMORY_REQUIRED = define(
    "ecs-container-memory-required",
    _E,
    _CE,
    ("RegisterTaskDefinition",),
    "Invalid setting for container '{name}'. At least one of 'memory' or 'memoryReservation' must be specified.",
    source="https://github.com/sil-org/ecs-deploy/issues/59",
    note="Rule td-container-memory-required; also hashicorp/terraform#8389.",
)
CONTAINER_PORT_INVALID = define(
    "ecs-container-port-invalid",
    _E,
    _CE,
    ("RegisterTaskDefinition",),
    "Invalid 'containerPort' setting for container '{name}'.",
    source="https://github.com/aws/aws-cli/issues/7288",
    note="Rule port-container-port-required; also aws/aws-cdk#8762.",
)
AWSVPC_PORTS_MATCH = define(
    "ecs-awsvpc-ports-match",
    _E,
    _CE,
    ("RegisterTaskDefinition",),
    "When networkMode=awsvpc, the host ports and container ports in port mappings must match.",
    source="https://github.com/pulumi/pulumi-awsx/issues/935",
    note="Rule port-awsvpc-host-eq-container; also aws/amazon-ecs-cli#1014.",
)
HOST_PORT_MAPPED_TWICE = define(
    "ecs-host-port-mapped-twice",
    _E,
    _CE,
    ("RegisterTaskDefinition",),
    "{protocol} host port '{port}' is mapped multiple times in task.",
    source="https://github.com/aws/amazon-ecs-agent/issues/1220",
    note="The source quotes TCP host port '3000' (rule port-host-port-unique).",
)

# -- services -------------------------------------------------------------------------------------------------------

SERVICE_NOT_FOUND = define(
    "ecs-service-not-found",
    _E,
    "ServiceNotFoundException",
    ("DeleteService", "UpdateService", "ListServiceDeployments", "DescribeTaskSets", *_TASK_SET_OPS),
    "Service not found.",
)
SERVICE_NOT_ACTIVE = define(
    "ecs-service-not-active",
    _E,
    "ServiceNotActiveException",
    ("UpdateService", "DescribeTaskSets", *_TASK_SET_OPS),
    "Service was not ACTIVE.",
)
SERVICE_NAME_INVALID = define(
    "ecs-service-name-invalid",
    _E,
    _IPE,
    ("CreateService",),
    "Service name can have up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores.",
)
SERVICE_TASK_DEFINITION_REQUIRED = define(
    "ecs-service-task-definition-required",
    _E,
    _IPE,
    ("CreateService",),
    "TaskDefinition must be specified.",
)
SERVICE_DAEMON_COUNT = define(
    "ecs-service-daemon-count",
    _E,
    _IPE,
    ("CreateService",),
    "The daemon scheduling strategy does not support a desired count for services.",
    source="https://github.com/fabfuel/ecs-deploy/issues/59",
)
SERVICE_DAEMON_UPDATE_COUNT = define(
    "ecs-service-daemon-update-count",
    _E,
    _IPE,
    ("UpdateService",),
    "The daemon scheduling strategy does not support a desired count.",
)
DESIRED_COUNT_NEGATIVE = define(
    "ecs-desired-count-negative", _E, _IPE, _SERVICES, "The desired count must be 0 or more."
)
SERVICE_NOT_IDEMPOTENT = define(
    "ecs-service-not-idempotent",
    _E,
    _IPE,
    ("CreateService",),
    "Creation of service was not idempotent.",
    note="The API reference of DeleteService: creating a service named as an ACTIVE or DRAINING one is an error.",
)
SERVICE_SCALED_ABOVE_ZERO = define(
    "ecs-service-scaled-above-zero",
    _E,
    _IPE,
    ("DeleteService",),
    "The service cannot be stopped while it is scaled above 0.",
)
DEPLOYMENT_MIN_HEALTHY = define(
    "ecs-deployment-min-healthy",
    _E,
    _IPE,
    _SERVICES,
    "minimumHealthyPercent must be between 0 and 100.",
)
DEPLOYMENT_MAX_PERCENT = define(
    "ecs-deployment-max-percent", _E, _IPE, _SERVICES, "maximumPercent must be at least 100."
)
TARGET_GROUP_NO_LOAD_BALANCER = define(
    "ecs-target-group-no-load-balancer",
    _E,
    _IPE,
    _SERVICES,
    "The target group with targetGroupArn {arn} does not have an associated load balancer.",
    source="https://github.com/umotif-public/terraform-aws-ecs-fargate/issues/43",
    note="Also hashicorp/terraform#32908 and cloudposse/terraform-aws-ecs-web-app#226.",
)
TARGET_GROUP_TYPE = define(
    "ecs-target-group-type",
    _E,
    _IPE,
    _SERVICES,
    "The provided target group {arn} has target type {target_type}, which is incompatible with the {mode} network "
    "mode specified in the task definition.",
)

# -- networks of tasks ----------------------------------------------------------------------------------------------

SUBNETS_EMPTY = define(
    "ecs-subnets-empty",
    _E,
    _IPE,
    _NETWORK_OPS,
    "subnets can not be empty.",
)
SUBNETS_TOO_MANY = define("ecs-subnets-too-many", _E, _IPE, _NETWORK_OPS, "At most {limit} subnets can be given.")
SUBNET_MALFORMED = define(
    "ecs-subnet-malformed",
    _E,
    _IPE,
    _NETWORK_OPS,
    "Error retrieving subnet information for [{subnet}]: The subnet ID '{subnet}' is malformed",
    source="https://github.com/eddmann/serverless-fargate/issues/20",
    note="The source quotes a subnet that does not exist ('... does not exist (ErrorCode: InvalidSubnetID.NotFound)'); "
    "the fake gives the same form for an id that is not a subnet id.",
)
SECURITY_GROUPS_TOO_MANY = define(
    "ecs-security-groups-too-many", _E, _IPE, _NETWORK_OPS, "At most {limit} security groups can be given."
)
SECURITY_GROUP_MALFORMED = define(
    "ecs-security-group-malformed",
    _E,
    _IPE,
    _NETWORK_OPS,
    "Error retrieving security group information for [{group}]: The security group '{group}' is malformed",
)

# -- tasks -----------------------------------------------------------------------------------------------------------

RUN_COUNT = define("ecs-run-count", _E, _IPE, ("RunTask",), "count must be between 1 and {limit}.")
NO_CONTAINER_INSTANCES = define(
    "ecs-no-container-instances",
    _E,
    _IPE,
    ("RunTask",),
    "No Container Instances were found in your cluster.",
    source="https://github.com/jenkinsci/amazon-ecs-plugin/issues/217",
    note="Also aws/amazon-ecs-cli#1122 and awsdocs/amazon-ecs-developer-guide#1.",
)
PROVISIONING_QUOTA = define(
    "ecs-provisioning-quota",
    _E,
    _CE,
    ("RunTask",),
    "The RunTask could not be processed because you use managed scaling and there is a capacity error because the "
    "quota of tasks in the PROVISIONING per cluster has been reached.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html",
    note="The API reference of RunTask lists the text under its ClientException.",
)
STOP_REASON_LENGTH = define(
    "ecs-stop-reason-length", _E, _IPE, ("StopTask",), "The reason can be at most {limit} characters."
)
TASK_NOT_FOUND = define(
    "ecs-task-not-found",
    _E,
    _IPE,
    ("StopTask", "ExecuteCommand", "SubmitTaskStateChange", "SubmitContainerStateChange"),
    "The referenced task was not found.",
)
PROTECTION_MINUTES = define(
    "ecs-protection-minutes",
    _E,
    _IPE,
    ("UpdateTaskProtection",),
    "expiresInMinutes must be between 1 and {limit}.",
    note="The API reference of UpdateTaskProtection: the minimum is 1 minute, the maximum 2,880 minutes (48 hours).",
)
FAKE_MANAGED_INSTANCES = define(
    "ecs-fake-managed-instances",
    _E,
    _IPE,
    ("RunTask", "CreateCapacityProvider", "UpdateCapacityProvider"),
    "The fake does not serve {what}.",
    note="Not an AWS text: the fake says what it does not model.",
)

# -- container instances and their attributes --------------------------------------------------------------------

CONTAINER_INSTANCE_NOT_FOUND = define(
    "ecs-container-instance-not-found",
    _E,
    _IPE,
    ("DeregisterContainerInstance", "RegisterContainerInstance", "UpdateContainerAgent"),
    "The referenced container instance was not found.",
)
FILTER_INVALID = define(
    "ecs-filter-invalid",
    _E,
    _IPE,
    ("ListContainerInstances",),
    "The filter expression is not valid: {problem}",
)
CONTAINER_INSTANCE_ALREADY_REGISTERED = define(
    "ecs-container-instance-already-registered",
    _E,
    _IPE,
    ("RegisterContainerInstance",),
    "The instance {instance} is already registered to cluster {cluster}.",
)
CONTAINER_INSTANCE_STATUS = define(
    "ecs-container-instance-status",
    _E,
    _IPE,
    ("UpdateContainerInstancesState",),
    "Container instance status can only be updated to ACTIVE or DRAINING.",
)
INSTANCE_HAS_TASKS = define(
    "ecs-instance-has-tasks",
    _E,
    _IPE,
    ("DeregisterContainerInstance",),
    "Found running tasks on the instance.",
)
IDENTITY_DOCUMENT_INVALID = define(
    "ecs-identity-document-invalid",
    _E,
    _IPE,
    ("RegisterContainerInstance",),
    "The instance identity document is not valid JSON.",
)
IDENTITY_DOCUMENT_NO_INSTANCE = define(
    "ecs-identity-document-no-instance",
    _E,
    _IPE,
    ("RegisterContainerInstance",),
    "The instance identity document has no valid instanceId.",
)
IDENTITY_DOCUMENT_REGION = define(
    "ecs-identity-document-region",
    _E,
    _IPE,
    ("RegisterContainerInstance",),
    "The instance identity document is for {given}, not {region}.",
)
IDENTITY_DOCUMENT_ZONE = define(
    "ecs-identity-document-zone",
    _E,
    _IPE,
    ("RegisterContainerInstance",),
    "The Availability Zone {zone} is not in {region}.",
)
IDENTITY_DOCUMENT_NO_TYPE = define(
    "ecs-identity-document-no-type",
    _E,
    _IPE,
    ("RegisterContainerInstance",),
    "The instance identity document has no instanceType.",
)
EXTERNAL_INSTANCE_NEEDS_RESOURCES = define(
    "ecs-instance-needs-resources",
    _E,
    _IPE,
    ("RegisterContainerInstance",),
    "{what}: give totalResources CPU and MEMORY.",
)
TOTAL_RESOURCES_VALUE = define(
    "ecs-total-resources-value",
    _E,
    _IPE,
    ("RegisterContainerInstance",),
    "totalResources {name} needs a non-negative integerValue.",
)
TOTAL_RESOURCES_PORTS = define(
    "ecs-total-resources-ports",
    _E,
    _IPE,
    ("RegisterContainerInstance",),
    "totalResources {name} holds port numbers (1-65535).",
)
ATTRIBUTE_NAME_INVALID = define(
    "ecs-attribute-name-invalid",
    _E,
    _IPE,
    ("PutAttributes", "RegisterContainerInstance"),
    "The attribute name {name} is not valid.",
)
ATTRIBUTE_VALUE_INVALID = define(
    "ecs-attribute-value-invalid",
    _E,
    _IPE,
    ("PutAttributes", "RegisterContainerInstance"),
    "The value {value} of attribute {name} is not valid.",
)
ATTRIBUTES_TOO_MANY = define(
    "ecs-attributes-too-many",
    _E,
    "AttributeLimitExceededException",
    ("PutAttributes",),
    "You can apply up to {limit} custom attributes to each resource.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutAttributes.html",
    note="The API reference of PutAttributes words the limit: 'You can apply up to 10 custom attributes for each "
    "resource.'",
)
ATTRIBUTE_TARGET_ID = define(
    "ecs-attribute-target-id",
    _E,
    _IPE,
    ("PutAttributes", "DeleteAttributes"),
    "The attribute's targetId must be given.",
)
ATTRIBUTE_TARGET_NOT_FOUND = define(
    "ecs-attribute-target-not-found",
    _E,
    "TargetNotFoundException",
    ("PutAttributes", "DeleteAttributes"),
    "Could not find the target {target}.",
)
ATTRIBUTE_VALUE_WITHOUT_NAME = define(
    "ecs-attribute-value-without-name",
    _E,
    _IPE,
    ("ListAttributes",),
    "attributeValue can only be given with attributeName.",
)
AGENT_EXTERNAL = define(
    "ecs-agent-external",
    _E,
    _IPE,
    ("UpdateContainerAgent",),
    "UpdateContainerAgent is not supported for external instances: update the agent on the instance.",
    note="The API reference of UpdateContainerAgent: agents of external instances are updated on the instance.",
)
AGENT_MISSING_VERSION = define(
    "ecs-agent-missing-version",
    _E,
    "MissingVersionException",
    ("UpdateContainerAgent",),
    "Amazon ECS can't determine the current version of the Amazon ECS container agent on the container instance "
    "and doesn't have enough information to proceed with an update.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html",
    note="The error's description in the API reference.",
)
AGENT_UPDATE_IN_PROGRESS = define(
    "ecs-agent-update-in-progress",
    _E,
    "UpdateInProgressException",
    ("UpdateContainerAgent",),
    "There's already an agent update in progress on the container instance.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html",
    note="The error's description in the API reference.",
)
AGENT_NO_UPDATE = define(
    "ecs-agent-no-update",
    _E,
    "NoUpdateAvailableException",
    ("UpdateContainerAgent",),
    "There's no update available for this Amazon ECS container agent.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html",
    note="The error's description in the API reference.",
)

# -- capacity providers and strategies ------------------------------------------------------------------------------

CAPACITY_PROVIDER_NAME_INVALID = define(
    "ecs-capacity-provider-name-invalid",
    _E,
    _CE,
    ("CreateCapacityProvider",),
    "The specified capacity provider name is invalid. Up to 255 characters are allowed, including letters (upper "
    'and lowercase), numbers, underscores, and hyphens. The name cannot be prefixed with "aws", "ecs", or '
    '"fargate". Specify a valid name and try again.',
    source="https://github.com/aws-samples/aws-cdk-examples/issues/626",
)
CAPACITY_PROVIDER_EXISTS = define(
    "ecs-capacity-provider-exists",
    _E,
    _CE,
    ("CreateCapacityProvider",),
    "The specified capacity provider already exists. To change the configuration of an existing capacity provider, "
    "update the capacity provider.",
)
CAPACITY_PROVIDER_ASG_IN_USE = define(
    "ecs-capacity-provider-asg-in-use",
    _E,
    _CE,
    ("CreateCapacityProvider",),
    "The specified Auto Scaling group ARN is already being used by another capacity provider. Specify a unique Auto "
    "Scaling group ARN and try again.",
)
CAPACITY_PROVIDER_TERMINATION_PROTECTION = define(
    "ecs-capacity-provider-termination-protection",
    _E,
    _CE,
    ("CreateCapacityProvider", "UpdateCapacityProvider"),
    "The managed termination protection setting for the capacity provider is invalid. To enable managed termination "
    "protection for a capacity provider, managed scaling must be turned on.",
)
CAPACITY_PROVIDER_NEEDS_ASG = define(
    "ecs-capacity-provider-needs-asg",
    _E,
    _IPE,
    ("CreateCapacityProvider", "UpdateCapacityProvider"),
    "autoScalingGroupProvider must be given.",
)
CAPACITY_PROVIDER_CLUSTER_NOT_ALLOWED = define(
    "ecs-capacity-provider-cluster",
    _E,
    _IPE,
    ("CreateCapacityProvider",),
    "cluster can only be given for a Managed Instances capacity provider.",
)
CAPACITY_PROVIDER_DESCRIBE_TOO_MANY = define(
    "ecs-capacity-providers-too-many",
    _E,
    _IPE,
    ("DescribeCapacityProviders",),
    "capacityProviders can have at most {limit} elements.",
)
CAPACITY_PROVIDER_RESERVED = define(
    "ecs-capacity-provider-reserved",
    _E,
    _CE,
    ("UpdateCapacityProvider", "DeleteCapacityProvider"),
    "The FARGATE and FARGATE_SPOT capacity providers are reserved and can't be {verb}.",
    note="The API reference of DeleteCapacityProvider: 'The FARGATE and FARGATE_SPOT capacity providers are "
    "reserved and can't be deleted.'",
)
CAPACITY_PROVIDER_NOT_FOUND = define(
    "ecs-capacity-provider-not-found",
    _E,
    _CE,
    ("UpdateCapacityProvider", "DeleteCapacityProvider"),
    "The specified capacity provider does not exist. Specify a valid capacity provider and try again.",
)
CAPACITY_PROVIDER_NOT_FOUND_ASSOCIATE = define(
    "ecs-capacity-provider-not-found-associate",
    _E,
    _IPE,
    ("CreateCluster", "PutClusterCapacityProviders"),
    "The specified capacity provider was not found. Specify a valid capacity provider and try again.",
)
CAPACITY_PROVIDER_ELSEWHERE = define(
    "ecs-capacity-provider-elsewhere",
    _E,
    _IPE,
    ("CreateCluster", "PutClusterCapacityProviders"),
    "The capacity provider {name} is already associated with cluster {cluster}. A capacity provider can be "
    "associated with only one cluster.",
)
CAPACITY_PROVIDER_IN_USE = define(
    "ecs-capacity-provider-in-use",
    _E,
    "ResourceInUseException",
    ("PutClusterCapacityProviders",),
    "The specified capacity provider is in use and cannot be removed.",
)
STRATEGY_NOT_ASSOCIATED = define(
    "ecs-strategy-not-associated",
    _E,
    _IPE,
    (*_SERVICES, "RunTask", "CreateTaskSet"),
    "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the "
    "cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.",
)
STRATEGY_MIXED = define(
    "ecs-strategy-mixed",
    _E,
    _IPE,
    (*_SERVICES, "RunTask", "CreateTaskSet"),
    "A capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and Fargate "
    "providers. Specify one or the other and try again.",
    source="https://github.com/terraform-aws-modules/terraform-aws-ecs/issues/68",
)
STRATEGY_NO_WEIGHT = define(
    "ecs-strategy-no-weight",
    _E,
    _IPE,
    (*_SERVICES, "RunTask", "CreateTaskSet"),
    "The capacity provider strategy needs a provider with a weight above 0.",
)
ASG_INVALID_ARN = define(
    "ecs-asg-invalid-arn",
    _E,
    _IPE,
    ("CreateCapacityProvider",),
    "The Auto Scaling group ARN {ref} is not valid.",
)
ASG_ELSEWHERE = define(
    "ecs-asg-elsewhere",
    _E,
    _IPE,
    ("CreateCapacityProvider",),
    "The Auto Scaling group {ref} is not in account {account} and Region {region}.",
)
ASG_NOT_FOUND = define(
    "ecs-asg-not-found", _E, _IPE, ("CreateCapacityProvider",), "The Auto Scaling group {ref} was not found."
)
ASG_INVALID_NAME = define(
    "ecs-asg-invalid-name",
    _E,
    _IPE,
    ("CreateCapacityProvider",),
    "The Auto Scaling group name {name} is not valid.",
)

# -- account settings ------------------------------------------------------------------------------------------------

SETTING_PRINCIPAL_INVALID = define(
    "ecs-setting-principal-invalid",
    _E,
    _IPE,
    _SETTING_OPS,
    "The principalArn {principal} is not the ARN of an IAM user, role or root user.",
)
SETTING_PRINCIPAL_ACCOUNT = define(
    "ecs-setting-principal-account",
    _E,
    _IPE,
    _SETTING_OPS,
    "The principalArn {principal} is not in account {account}.",
)
SETTING_AWS_MANAGED = define(
    "ecs-setting-aws-managed",
    _E,
    _IPE,
    ("PutAccountSetting", "PutAccountSettingDefault", "DeleteAccountSetting"),
    "The account setting {name} is managed by AWS and cannot be changed.",
)
SETTING_VALUE = define(
    "ecs-setting-value",
    _E,
    _IPE,
    ("PutAccountSetting", "PutAccountSettingDefault"),
    "The value {value} is not valid for the account setting {name}: use one of {allowed}.",
)
SETTING_ROOT_ONLY = define(
    "ecs-setting-root-only",
    _E,
    _IPE,
    ("PutAccountSetting",),
    "The account setting {name} can only be set for the root user.",
)
SETTING_VALUE_WITHOUT_NAME = define(
    "ecs-setting-value-without-name", _E, _IPE, ("ListAccountSettings",), "value can only be given with name."
)

# -- service revisions and service deployments' actions --------------------------------------------------------------

SERVICE_REVISIONS_COUNT = define(
    "ecs-service-revisions-count",
    _E,
    _IPE,
    ("DescribeServiceRevisions",),
    "serviceRevisionArns must list 1 to {limit} ARNs.",
    note="The API reference of DescribeServiceRevisions: 1 to 20 ARNs.",
)
SERVICE_DEPLOYMENT_NOT_FOUND = define(
    "ecs-service-deployment-not-found",
    _E,
    "ServiceDeploymentNotFoundException",
    ("StopServiceDeployment", "ContinueServiceDeployment"),
    "The service deployment {arn} does not exist.",
)
SERVICE_DEPLOYMENT_FINISHED = define(
    "ecs-service-deployment-finished",
    _E,
    "ConflictException",
    ("StopServiceDeployment",),
    "The service deployment is {status} and cannot be stopped.",
    note="The API reference of StopServiceDeployment: a deployment that is not PENDING or IN_PROGRESS is a "
    "ConflictException.",
)
SERVICE_DEPLOYMENT_NO_ROLLBACK = define(
    "ecs-service-deployment-no-rollback",
    _E,
    "ConflictException",
    ("StopServiceDeployment",),
    "The service deployment has no previous service revision to roll back to.",
)
HOOK_NOT_AWAITING = define(
    "ecs-hook-not-awaiting",
    _E,
    _IPE,
    ("ContinueServiceDeployment",),
    "The lifecycle hook {hook} of the service deployment is not awaiting action.",
)
NAMESPACE_NOT_FOUND = define(
    "ecs-namespace-not-found",
    _E,
    "NamespaceNotFoundException",
    ("ListServicesByNamespace",),
    "Failed to retrieve namespace for {namespace}",
    source="https://github.com/terraform-aws-modules/terraform-aws-ecs/issues/116",
    note="The source quotes CreateService's answer for a namespace that is not there; ListServicesByNamespace's is "
    "not public.",
)

# -- ECS Exec and the agent's reports --------------------------------------------------------------------------------

EXEC_TASK_LENGTH = define(
    "ecs-exec-task-length",
    _E,
    _IPE,
    ("ExecuteCommand",),
    "task length should be one of [32,36]",
    source="https://github.com/Mic-U/ecsher/issues/56",
)
EXEC_NOT_INTERACTIVE = define(
    "ecs-exec-not-interactive",
    _E,
    _IPE,
    ("ExecuteCommand",),
    "Interactive mode is required: ECS Exec only starts interactive sessions.",
    note="ECS Exec's guide: 'Amazon ECS only supports initiating interactive sessions'.",
)
EXEC_CONTAINER_REQUIRED = define(
    "ecs-exec-container-required",
    _E,
    _IPE,
    ("ExecuteCommand",),
    "The task has more than one container: specify the container.",
)
CONTAINER_NOT_IN_TASK = define(
    "ecs-container-not-in-task",
    _E,
    _IPE,
    ("ExecuteCommand", "SubmitContainerStateChange", "SubmitTaskStateChange"),
    "The task has no container named {name}.",
)
EXEC_NOT_ENABLED = define(
    "ecs-exec-not-enabled",
    _E,
    _IPE,
    ("ExecuteCommand",),
    "The execute command failed because execute command was not enabled when the task was run or the execute "
    "command agent isn\u2019t running. Wait and try again or run a new task with execute command enabled and try "
    "again.",
    source="https://github.com/fabfuel/ecs-deploy/issues/193",
    note="AWS's apostrophe is U+2019.",
)
EXEC_NOT_CONNECTED = define(
    "ecs-exec-not-connected",
    _E,
    "TargetNotConnectedException",
    ("ExecuteCommand",),
    "The execute command failed due to an internal error. Try again later.",
    source="https://github.com/aws/aws-cli/issues/6456",
    note="Answered when the task role may not open Session Manager's channels.",
)
ATTACHMENT_NOT_FOUND = define(
    "ecs-attachment-not-found",
    _E,
    _IPE,
    ("SubmitAttachmentStateChanges",),
    "The attachment {arn} was not found.",
)

# -- daemons and daemon task definitions -----------------------------------------------------------------------------

DAEMON_NOT_FOUND = define(
    "ecs-daemon-not-found",
    _E,
    "DaemonNotFoundException",
    ("DescribeDaemon", "UpdateDaemon", "DeleteDaemon"),
    "Daemon not found.",
    note="After ServiceNotFoundException's 'Service not found.'; AWS's text for daemons is not public.",
)
DAEMON_NOT_ACTIVE = define(
    "ecs-daemon-not-active",
    _E,
    "DaemonNotActiveException",
    ("UpdateDaemon", "DeleteDaemon"),
    "Daemon was not ACTIVE.",
    note="After ServiceNotActiveException's 'Service was not ACTIVE.'; AWS's text for daemons is not public.",
)
DAEMON_NAME_INVALID = define(
    "ecs-daemon-name-invalid",
    _E,
    _IPE,
    ("CreateDaemon",),
    "Daemon name can have up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores.",
    note="After CreateService's text for a service name.",
)
DAEMON_NOT_IDEMPOTENT = define(
    "ecs-daemon-not-idempotent",
    _E,
    _IPE,
    ("CreateDaemon",),
    "Creation of daemon was not idempotent.",
    note="After CreateService's 'Creation of service was not idempotent.'.",
)
DAEMON_PROVIDERS_EMPTY = define(
    "ecs-daemon-providers-empty",
    _E,
    _IPE,
    ("CreateDaemon", "UpdateDaemon"),
    "capacityProviderArns must name at least one capacity provider.",
)
DAEMON_PROVIDER_FARGATE = define(
    "ecs-daemon-provider-fargate",
    _E,
    _IPE,
    ("CreateDaemon", "UpdateDaemon"),
    "The capacity provider {name} cannot run daemons.",
)
DAEMON_PROVIDER_NOT_FOUND = define(
    "ecs-daemon-provider-not-found",
    _E,
    _IPE,
    ("CreateDaemon", "UpdateDaemon"),
    "The capacity provider {ref} was not found.",
)
DAEMON_PROVIDER_NOT_ASSOCIATED = define(
    "ecs-daemon-provider-not-associated",
    _E,
    _IPE,
    ("CreateDaemon", "UpdateDaemon"),
    "The capacity provider {name} is not associated with the cluster {cluster}.",
)
DAEMON_DEFINITION_UNUSABLE = define(
    "ecs-daemon-definition-unusable",
    _E,
    _IPE,
    ("CreateDaemon", "UpdateDaemon"),
    "The daemon task definition {ref} was not found or is not ACTIVE.",
)
DAEMON_DRAIN_PERCENT = define(
    "ecs-daemon-drain-percent",
    _E,
    _IPE,
    ("CreateDaemon", "UpdateDaemon"),
    "drainPercent must be between 1.0 and 100.0.",
    note="Managed daemons' deployments guide: drainPercent is 1.0 to 100.0.",
)
DAEMON_BAKE_TIME = define(
    "ecs-daemon-bake-time",
    _E,
    _IPE,
    ("CreateDaemon", "UpdateDaemon"),
    "bakeTimeInMinutes must be between 0 and {limit}.",
    note="Managed daemons' deployments guide: bakeTimeInMinutes is 0 to 1440.",
)
DAEMON_REVISIONS_COUNT = define(
    "ecs-daemon-revisions-count",
    _E,
    _IPE,
    ("DescribeDaemonRevisions",),
    "daemonRevisionArns must list 1 to {limit} ARNs.",
)
DAEMON_DEPLOYMENTS_COUNT = define(
    "ecs-daemon-deployments-count",
    _E,
    _IPE,
    ("DescribeDaemonDeployments",),
    "daemonDeploymentArns must list 1 to {limit} ARNs.",
)
DAEMON_DEFINITION_NOT_FOUND = define(
    "ecs-daemon-definition-not-found",
    _E,
    _CE,
    ("DescribeDaemonTaskDefinition", "DeleteDaemonTaskDefinition"),
    "Unable to describe daemon task definition.",
    note="After DescribeTaskDefinition's 'Unable to describe task definition.'; AWS's text for daemon task "
    "definitions is not public.",
)
DAEMON_DEFINITION_REVISION = define(
    "ecs-daemon-definition-revision",
    _E,
    _CE,
    ("DeleteDaemonTaskDefinition",),
    "The revision must be specified: family:revision or the full ARN.",
)
DAEMON_DEFINITION_NOT_ACTIVE = define(
    "ecs-daemon-definition-not-active",
    _E,
    _CE,
    ("DeleteDaemonTaskDefinition",),
    "The daemon task definition is {status}: only an ACTIVE one can be deleted.",
)

# -- task sets (services of the EXTERNAL and CODE_DEPLOY deployment controllers) -----------------------------------

SERVICE_FAMILY_EMPTY = define(
    "ecs-service-family-empty",
    _E,
    _IPE,
    ("CreateService",),
    "Family should not be null or empty.",
    source="https://github.com/hashicorp/terraform-provider-aws/issues/27362",
    note="an EXTERNAL service given an empty taskDefinition",
)
SERVICE_TASK_SET_MEMBER = define(
    "ecs-service-task-set-member",
    _E,
    _IPE,
    ("UpdateService",),
    "Unable to update {what} on services with a {controller} deployment controller. {advice}",
    note="what a service of task sets keeps in its task sets (API reference of UpdateService); ecskit's wording",
)
TASK_SET_EXTERNAL_ONLY = define(
    "ecs-task-set-external-only",
    _E,
    _IPE,
    _TASK_SET_OPS,
    "Amazon ECS only supports task set management on services configured to use external deployment controllers.",
    source="https://github.com/hashicorp/terraform-provider-aws/issues/30347",
)
TASK_SET_LIMIT = define(
    "ecs-task-set-limit",
    _E,
    _IPE,
    ("CreateTaskSet",),
    "{count} deployments exist on the service. Unable to create new TaskSet since this exceeds the maximum limit.",
    source="https://github.com/aws-samples/ecs-bg-external-controller/issues/6",
)
TASK_SETS_EMPTY = define(
    "ecs-task-sets-empty",
    _E,
    _IPE,
    ("DescribeTaskSets",),
    "TaskSets cannot be empty.",
    source="https://github.com/aws/aws-cli/issues/5380",
)
TASK_SET_ID_INVALID = define(
    "ecs-task-set-id-invalid",
    _E,
    _IPE,
    ("DescribeTaskSets", *_TASK_SET_OPS[1:]),
    "Task Set Identifier is invalid",
    source="https://github.com/boto/boto3/issues/3895",
    note="DescribeTaskSets given a task's ARN",
)
TASK_SET_NOT_FOUND = define(
    "ecs-task-set-not-found",
    _E,
    "TaskSetNotFoundException",
    _TASK_SET_OPS[1:],
    "The specified task set does not exist.",
    note="the exception of the API reference; the text is ecskit's wording",
)
TASK_SET_SCALE = define(
    "ecs-task-set-scale",
    _E,
    _IPE,
    ("CreateTaskSet", "UpdateTaskSet"),
    "The scale value must be a number between 0 and 100.",
    note='Scale: "Accepted values are numbers between 0 and 100" (API reference); ecskit\'s wording',
)
TASK_SET_SCALED = define(
    "ecs-task-set-scaled",
    _E,
    _IPE,
    ("DeleteTaskSet",),
    "The task set cannot be deleted while it is scaled above 0. Use force to delete it.",
    note="force: \"you can delete a task set even if it hasn't been scaled down to zero\" (API reference); ecskit's "
    "wording",
)
TASK_SET_DRAINING_PRIMARY = define(
    "ecs-task-set-draining-primary",
    _E,
    _IPE,
    ("UpdateServicePrimaryTaskSet",),
    "A DRAINING task set cannot be the primary task set.",
    note="ecskit's wording",
)
