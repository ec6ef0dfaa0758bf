"""WSGI entry point. Runs the system checks first: the server refuses to start when the
configuration is unsafe (for example no SECRET_KEY with DEBUG off)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()


def _refuse_unsafe_configuration() -> None:
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    errors = [m for m in checks.run_checks(include_deployment_checks=False) if m.is_serious()]
    if errors:
        raise ImproperlyConfigured("; ".join(f"{m.id}: {m.msg}" for m in errors))


_refuse_unsafe_configuration()
