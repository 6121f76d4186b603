"""Amazon ECR Public on the fake: no operation is served yet (each is answered with ``InvalidAction``, naming it)."""
