"""System checks that keep an unsafe configuration from serving."""

import stat

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
                hint="Set the SECRET_KEY environment variable (or write the key file "
                f"{settings.SECRET_KEY_FILE}, readable by its owner only) to a long random string, "
                "e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
                id="biomass.E001",
            )
        ]
    return []


@register(Tags.security)
def check_secret_key_file(app_configs, **kwargs):
    """A key read from a file that other users can read is no secret: refuse it."""
    if not settings.SECRET_KEY_FROM_FILE:
        return []
    mode = settings.SECRET_KEY_FILE.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return [
            Error(
                f"The secret key file {settings.SECRET_KEY_FILE} can be read by other users "
                f"(mode {stat.filemode(mode)}).",
                hint=f"chmod 600 {settings.SECRET_KEY_FILE}",
                id="biomass.E002",
            )
        ]
    return []
