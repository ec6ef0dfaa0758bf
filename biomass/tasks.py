"""Background tasks: fetch by id, call a service, nothing else."""

from django_tasks import task

from . import services


@task()
def process_layer_version(version_id: int) -> None:
    services.layer_version_process(version_id=version_id)


@task()
def recompute_scenario(scenario_id: int) -> None:
    from .models import Scenario

    services.potentials_compute(scenario_slugs=[Scenario.objects.get(pk=scenario_id).slug])
