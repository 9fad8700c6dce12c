import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Makes sure a local administrator account exists. A new account gets a random password, "
        "printed once; an existing account keeps its password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options) -> None:
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(
                f"Administrator '{username}' exists. Forgot the password? "
                f"Run: .venv/bin/python manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            f"Created administrator '{username}' with password: {password}\n"
            "Keep it somewhere safe: it is shown only this once."
        )
