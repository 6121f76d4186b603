"""Backends: where ECS and ECR calls go. :class:`~ecskit.backends.fake.FakeBackend` is an in-memory ECS with
virtual time; a boto3 backend for real AWS follows. Both take and return ecskit models (see :mod:`.base`)."""
