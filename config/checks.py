"""System checks that keep an unsafe configuration from serving."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security)
def check_secret_key(app_configs, **kwargs):
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:
        key = ""
    if not key and not settings.DEBUG:
        return [
            Error(
                "SECRET_KEY is not set and DEBUG is off.",
                hint="Set the SECRET_KEY environment variable to a long random string, e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
                id="biomass.E001",
            )
        ]
    return []
