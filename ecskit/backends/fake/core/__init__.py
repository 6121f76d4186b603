"""The fake's core: its own records of what each account has in each Region (clusters, task definitions,
container instances, tasks, services, capacity providers, subnets, load balancing, settings), typed, with members
that are never absent where AWS always has a value; derived members (counters, indexes) computed, never saved; the
queries calls make of them (:mod:`~.find`); the clock, the ids and the faults; and the snapshot that saves and
restores all of it (:mod:`~.snapshot`). The engine changes the records; the handlers render them."""
