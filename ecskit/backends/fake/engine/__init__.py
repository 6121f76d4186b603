"""The fake's engine: what happens to its records as calls come in and virtual time passes.

* :mod:`~.tasks`: a task's status changes (counters of its cluster and instance, the service's reconcile);
* :mod:`~.placement`: the placement view of each cluster, built from the records;
* :mod:`~.lifecycle`: the task lifecycle; :mod:`~.launch`: placing and starting tasks;
* :mod:`~.instances`, :mod:`~.auto_scaling`, :mod:`~.capacity`, :mod:`~.provisioning`: container instances,
  Auto Scaling groups, capacity providers and managed scaling;
* :mod:`~.deployments`, :mod:`~.scheduler`: the service scheduler; :mod:`~.service_tasks`: starting and stopping
  a service's tasks; :mod:`~.task_sets`: task sets (EXTERNAL and CODE_DEPLOY); :mod:`~.targets`: load balancer
  targets;
* :mod:`~.roles`: what declared IAM roles let ECS do; :mod:`~.agents`: agent updates;
* :mod:`~.run`: the events of virtual time, run in order.

Handlers (:mod:`ecskit.backends.fake.api`) call the engine; the engine never calls a handler.
"""
