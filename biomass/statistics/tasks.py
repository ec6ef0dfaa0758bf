"""Background tasks for statistics: take an id, call a service, nothing else; and the one way
to queue them, after the current transaction commits."""

from django.db import transaction
from django_tasks import task

from .processing import statistics_reallocate, statistics_version_process


@task()
def process_statistics_version(version_id: int) -> None:
    statistics_version_process(version_id=version_id)


def process_on_commit(version_id: int) -> None:
    transaction.on_commit(lambda: process_statistics_version.enqueue(version_id))


@task()
def reallocate_statistics() -> None:
    statistics_reallocate()


def reallocate_on_commit() -> None:
    transaction.on_commit(lambda: reallocate_statistics.enqueue())
