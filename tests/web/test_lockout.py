"""The admin login locks an account out for one client after LOGIN_FAILURE_LIMIT (5) wrong
passwords (django-axes): HTTP 429 and a page saying so in the visitor's language, even for
the right password or a forged X-Forwarded-For; other clients and other accounts go on
logging in, and every attempt is kept in axes' tables."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db
PASSWORD = "curator-password-123"  # the staff_user fixture's
ATTACKER = "203.0.113.7"


def attempt(client, password, username="curator", **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        **headers,
    )


def lock_out(client):
    return [attempt(client, f"wrong-{i}").status_code for i in range(5)]


def test_after_five_wrong_passwords_even_the_right_one_is_refused(staff_user):
    client = Client(REMOTE_ADDR=ATTACKER)
    assert lock_out(client) == [200, 200, 200, 200, 429]
    sixth = attempt(client, PASSWORD)
    assert sixth.status_code == 429 and "_auth_user_id" not in client.session
    record = AccessAttempt.objects.get(username="curator", ip_address=ATTACKER)
    assert record.failures_since_start >= 5  # the audit trail, in axes' own table


def test_a_forged_forwarded_header_does_not_reset_the_count(staff_user):
    client = Client(REMOTE_ADDR=ATTACKER)
    assert [attempt(client, "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(5)] == [
        200,
        200,
        200,
        200,
        429,
    ]
    assert attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_other_clients_and_other_accounts_are_unaffected(staff_user, django_user_model):
    django_user_model.objects.create_user("editor", password="editor-password-123", is_staff=True)
    assert lock_out(Client(REMOTE_ADDR=ATTACKER))[-1] == 429
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert attempt(elsewhere, PASSWORD).status_code == 302  # the real curator, from their desk
    assert attempt(Client(REMOTE_ADDR="198.51.100.21"), "editor-password-123", "editor").status_code == 302
    assert elsewhere.get("/admin/").status_code == 200
    assert AccessLog.objects.filter(username="curator", ip_address="198.51.100.20").exists()


def test_attempts_while_locked_out_do_not_restart_the_cool_off(staff_user):
    """The page promises 15 minutes: a visitor who tries again while locked out is still let
    in 15 minutes after the lockout, not 15 minutes after the last try."""
    client = Client(REMOTE_ADDR=ATTACKER)
    assert lock_out(client)[-1] == 429
    locked_at = AccessAttempt.objects.get().attempt_time
    assert [attempt(client, "wrong").status_code for _ in range(3)] == [429] * 3
    assert attempt(client, PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().attempt_time == locked_at


def test_the_lockout_ends_after_the_cool_off(staff_user):
    client = Client(REMOTE_ADDR=ATTACKER)
    assert lock_out(client)[-1] == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "language, words",
    [
        ("en", ["Too many failed logins", "After 5 wrong passwords", "for 15 minutes"]),
        ("es", ["Demasiados inicios de sesión fallidos", "Tras 5 contraseñas incorrectas", "15 minutos"]),
    ],
)
def test_the_lockout_page_says_what_happened_in_the_visitors_language(staff_user, language, words):
    client = Client(REMOTE_ADDR=ATTACKER, HTTP_ACCEPT_LANGUAGE=language)
    lock_out(client)
    page = attempt(client, PASSWORD)
    assert page.status_code == 429 and page["Content-Type"].startswith("text/html")
    text = page.content.decode()
    assert all(word in text for word in words), text


def test_api_tokens_and_sessions_still_work(api, client, staff_user):
    assert api.get("/api/layers/").status_code == 200
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 200
