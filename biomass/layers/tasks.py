"""Background tasks for layers: take an id, call a service, nothing else; and the one way to
queue them, after the current transaction commits."""

from django.db import transaction
from django_tasks import task

from .services.processing import layer_version_process


@task()
def process_layer_version(version_id: int) -> None:
    layer_version_process(version_id=version_id)


def process_on_commit(version_id: int) -> None:
    """Queue the processing of a version once the current transaction has committed."""
    transaction.on_commit(lambda: process_layer_version.enqueue(version_id))
