"""Background tasks for potentials: take slugs, call a service, nothing else; and the one
way to queue them, after the current transaction commits."""

from django.db import transaction
from django_tasks import task

from .services import potentials_compute


@task()
def recompute_potentials(
    scenario_slugs: list[str] | None = None, resource_slugs: list[str] | None = None
) -> None:
    potentials_compute(scenario_slugs=scenario_slugs, resource_slugs=resource_slugs)


def recompute_on_commit(*, scenarios=None, resources=None) -> None:
    """Recompute in the background once the current transaction commits: the given
    scenarios or resources (slugs), or everything when neither is given."""
    scenario_slugs = sorted(scenarios) if scenarios is not None else None
    resource_slugs = sorted(resources) if resources is not None else None
    transaction.on_commit(
        lambda: recompute_potentials.enqueue(scenario_slugs=scenario_slugs, resource_slugs=resource_slugs)
    )
