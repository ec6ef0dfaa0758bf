import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Demo only: make sure a superuser 'admin' exists, with a password generated once into "
        ".demo_admin_password (not committed), and print how to log in."
    )

    def handle(self, *args, **options):
        secret = Path(settings.BASE_DIR) / ".demo_admin_password"
        if not secret.exists():
            secret.write_text(secrets.token_urlsafe(12) + "\n")
            secret.chmod(0o600)
        password = secret.read_text().strip()
        User = get_user_model()
        user = User.objects.filter(username="admin").first()
        if user is None:
            User.objects.create_superuser("admin", "admin@example.org", password)
        self.stdout.write(f"Staff login for the demo: admin / {password} (from .demo_admin_password)")
