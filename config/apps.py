from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project itself, installed only to register its system checks."""

    name = "config"
    label = "project"
    verbose_name = "Project"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
