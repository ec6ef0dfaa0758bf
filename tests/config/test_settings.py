"""Settings come from the environment, and production refuses an unsafe configuration."""

import os
import re
import subprocess
import sys

import dj_database_url
import pytest

from biomass.regions.models import Region
from tests.conftest import ROOT

STRONG_KEY = "k" * 20 + "Q9x!" + "z" * 40


def run_python(code, **env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL"}
    }
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    clean["SECRET_KEY_FILE"] = "/nonexistent/secret_key"  # a checkout's own .secret_key stays out
    clean.update(env)
    return subprocess.run([sys.executable, *code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_debug_is_off_by_default():
    result = run_python(["-c", "from config import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"])
    assert result.stdout.strip() == "False []"


def test_without_secret_key_production_refuses_to_start():
    check = run_python(["manage.py", "check"])
    assert check.returncode != 0
    assert "biomass.E001" in check.stderr and "SECRET_KEY is not set" in check.stderr
    wsgi = run_python(["-c", "import config.wsgi"])
    assert wsgi.returncode != 0
    assert "ImproperlyConfigured" in wsgi.stderr and "biomass.E001" in wsgi.stderr


def test_debug_without_key_uses_a_throwaway_key():
    result = run_python(
        ["-c", "from config import settings; print(len(settings.SECRET_KEY) >= 50)"], DEBUG="1"
    )
    assert result.stdout.strip() == "True"


def test_deploy_check_is_clean_when_configured_for_production():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="biomasa.example.org",
        SECURE_SSL="1",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_database_url_selects_the_backend():
    assert (
        dj_database_url.parse("postgis://u@h:5432/db")["ENGINE"] == "django.contrib.gis.db.backends.postgis"
    )
    assert dj_database_url.parse("spatialite:////tmp/x.sqlite3")["ENGINE"] == (
        "django.contrib.gis.db.backends.spatialite"
    )
    result = run_python(
        ["-c", "from config import settings; print(settings.DATABASES['default']['ENGINE'])"],
        DATABASE_URL="postgis://u@localhost:5432/x",
    )
    assert result.stdout.strip() == "django.contrib.gis.db.backends.postgis"


SHOW_LIMITS = (
    "from config import settings as s; print(s.CACHES['default']['BACKEND'], "
    "s.REST_FRAMEWORK['NUM_PROXIES'], s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['expensive'], "
    "s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), s.AXES_LOCKOUT_PARAMETERS)"
)


def test_rate_limits_and_lockouts_are_shared_and_trust_no_forwarded_header_by_default():
    result = run_python(["-c", SHOW_LIMITS], REDIS_URL="", TRUSTED_PROXIES="", API_EXPENSIVE_RATE="")
    assert result.stdout.split() == [
        "django.core.cache.backends.db.DatabaseCache",
        "0",
        "60/min",
        "5",
        "900",
        "[['username',",
        "'ip_address']]",
    ], result.stderr


def test_rate_limits_and_lockouts_come_from_the_environment():
    result = run_python(
        ["-c", SHOW_LIMITS],
        REDIS_URL="redis://127.0.0.1:6379/5",
        TRUSTED_PROXIES="1",
        API_EXPENSIVE_RATE="10/min",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_COOLOFF_MINUTES="2",
    )
    assert result.stdout.split()[:5] == [
        "django.core.cache.backends.redis.RedisCache",
        "1",
        "10/min",
        "3",
        "120",
    ]


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/api/regions/?level=country", "/api/nowhere"])
def test_every_response_carries_a_strict_content_security_policy(client, path):
    """Pages, JSON and error answers alike: only this site's scripts, styles and fonts, no
    inline script or style, no eval, no plugins, no framing; images also from the tile host."""
    policy = policy_of(client.get(path))
    assert policy["default-src"] == policy["script-src"] == policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == policy["font-src"] == policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:", "https://tile.openstreetmap.org"]
    assert policy["object-src"] == policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_a_page_that_asks_for_a_nonce_gets_one_and_no_other_does(admin_client):
    """The region admin's map widget (django-leaflet) has an inline script: it carries a
    fresh nonce, and only that page's policy names it."""
    region = Region.objects.get(code="CRI")
    first = admin_client.get(f"/admin/regions/region/{region.pk}/change/")
    nonce = [s for s in policy_of(first)["script-src"] if s.startswith("'nonce-")]
    assert len(nonce) == 1 and f'nonce="{nonce[0][7:-1]}"' in first.content.decode()
    again = policy_of(admin_client.get(f"/admin/regions/region/{region.pk}/change/"))["script-src"]
    assert nonce[0] not in again
    assert policy_of(admin_client.get("/admin/regions/region/"))["script-src"] == ["'self'"]


def test_a_new_shell_finds_the_key_file_make_demo_wrote(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(STRONG_KEY + "\n")
    key_file.chmod(0o600)
    shown = run_python(
        ["-c", f"from config import settings; print(settings.SECRET_KEY == {STRONG_KEY!r})"],
        SECRET_KEY_FILE=str(key_file),
    )
    assert shown.stdout.strip() == "True", shown.stderr
    check = run_python(["manage.py", "check"], SECRET_KEY_FILE=str(key_file))
    assert check.returncode == 0, check.stderr


def test_the_environment_s_key_wins_over_the_key_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("f" * 60)
    key_file.chmod(0o600)
    shown = run_python(
        ["-c", "from config import settings; print(settings.SECRET_KEY[:5])"],
        SECRET_KEY_FILE=str(key_file),
        SECRET_KEY=STRONG_KEY,
    )
    assert shown.stdout.strip() == STRONG_KEY[:5]


def test_a_key_file_other_users_can_read_is_refused(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(STRONG_KEY)
    key_file.chmod(0o644)
    check = run_python(["manage.py", "check"], SECRET_KEY_FILE=str(key_file))
    assert check.returncode != 0
    assert "biomass.E002" in check.stderr and "chmod 600" in check.stderr


def test_without_key_or_key_file_production_still_refuses_to_start(tmp_path):
    check = run_python(["manage.py", "check"], SECRET_KEY_FILE=str(tmp_path / "absent"))
    assert check.returncode != 0 and "biomass.E001" in check.stderr


def test_the_default_key_file_is_the_one_make_demo_writes():
    shown = run_python(
        ["-c", "from config import settings; print(settings.SECRET_KEY_FILE)"], SECRET_KEY_FILE=""
    )
    assert shown.stdout.strip() == str(ROOT / ".secret_key")
    assert "\n.secret_key:\n\t@umask 077;" in (ROOT / "Makefile").read_text()


def test_one_date_format_per_language():
    """Pages, PDF reports and the admin write a date the same way in each language (issue 15):
    in words, never the ambiguous 02/12/2026; short dates are ISO 8601 in both."""
    from datetime import date, datetime

    from django.utils import translation
    from django.utils.formats import date_format

    day, moment = date(2026, 12, 2), datetime(2026, 12, 2, 9, 5)
    with translation.override("es"):
        assert date_format(day) == "2 de diciembre de 2026"
        assert date_format(moment, "DATETIME_FORMAT") == "2 de diciembre de 2026, 09:05"
        assert date_format(day, "SHORT_DATE_FORMAT") == "2026-12-02"
    with translation.override("en"):
        assert date_format(day) == "December 2, 2026"
        assert date_format(moment, "DATETIME_FORMAT") == "December 2, 2026, 09:05"
        assert date_format(day, "SHORT_DATE_FORMAT") == "2026-12-02"


def test_every_environment_variable_read_by_the_settings_is_in_the_readme_table():
    source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'(?:os\.environ(?:\.get)?[\[(]|env_bool\(|env_list\()"([A-Z0-9_]+)"', source))
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Configuration") :].split("\n\n`make demo`")[0]
    listed = set(re.findall(r"`([A-Z0-9_]+)`", table))
    assert {"DATABASE_URL", "CONN_MAX_AGE", "SECURE_SSL", "ALLOWED_HOSTS"} <= read  # the pattern finds them
    assert read - listed == set()
