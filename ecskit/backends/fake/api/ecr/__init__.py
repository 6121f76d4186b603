"""Amazon ECR on the fake: no operation is served yet (each is answered with ``InvalidAction``, naming it); the
registry comes next, on the same core and engine."""
