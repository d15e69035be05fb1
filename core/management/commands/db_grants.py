"""``manage.py db_grants``: apply ``scripts/db_roles.sql`` (issue #13, least privilege).

Run by the owner role right after ``migrate`` (the compose ``migrate`` service does): the
application role may read and write the ordinary tables but only SELECT and INSERT the
decision records. A no-op on SQLite."""

from django.core.management.base import BaseCommand
from django.db import connection

from core.db import apply_role_grants


class Command(BaseCommand):
    help = "Grant the application role its rights (scripts/db_roles.sql); PostgreSQL only."

    def add_arguments(self, parser):
        parser.add_argument("--app-role", default="keurmerk_app")
        parser.add_argument("--owner-role", default="keurmerk_owner")

    def handle(self, *args, app_role, owner_role, **options):
        if not apply_role_grants(connection, app_role=app_role, owner_role=owner_role):
            self.stdout.write("Not PostgreSQL: no roles to grant.")
            return
        self.stdout.write(f"Granted {app_role} its rights (owner {owner_role}).")
