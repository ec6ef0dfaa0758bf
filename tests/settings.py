"""Test settings: the production settings plus a test-only key and plain static storage."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")

from config.settings import *  # noqa: E402,F403
from config.settings import STORAGES  # noqa: E402

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests

# One media directory per test process (the demo layers are loaded into it once).
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="biomass-test-media-"))
ENGINE_THREADS = 2
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Background tasks run in the test process (on commit); the worker tests start real workers.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
