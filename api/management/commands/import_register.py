"""``manage.py import_register FILE [--dry-run]``: import the association's existing register
(issue #12) from an XLSX workbook or a CSV file — all or nothing."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.imports import engine
from api.imports.reader import FileError, ImportFile
from api.imports.schema import SHEETS_BY_KEY
from core.models import Role


class Command(BaseCommand):
    help = "Import members, contacts, bodies, auditors, certificates and past audits."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true",
                            help="check and show what would change; write nothing")
        parser.add_argument("--user", help="e-mail of the bureau user the import is "
                            "recorded for (default: the first active bureau user)")
        parser.add_argument("--sheet", choices=sorted(SHEETS_BY_KEY),
                            help="what a CSV file holds (default: guessed from its headers)")
        parser.add_argument("--mapping", help='JSON file {"members": {"member_number": '
                            '"Lid nr"}, …}: the file\'s header per column')

    def handle(self, *args, **options):
        actor = self._actor(options["user"])
        mapping = None
        if options["mapping"]:
            with open(options["mapping"], encoding="utf-8") as handle:
                mapping = json.load(handle)
        try:
            import_file = ImportFile(options["file"], csv_sheet=options["sheet"])
            report = engine.run(import_file, actor=actor, mapping=mapping,
                                write=not options["dry_run"], progress=self._progress)
        except FileError as error:
            raise CommandError(str(error)) from error
        for sheet_key, columns in report.missing_columns.items():
            sheet = SHEETS_BY_KEY[sheet_key]
            self.stderr.write(f"{sheet.title}: kolom(men) niet gevonden: " + ", ".join(
                sheet.column(c).header for c in columns) + " (gebruik --mapping)")
        for label, created, changed, same in report.count_table():
            self.stdout.write(f"{label}: {created} nieuw, {changed} gewijzigd, "
                              f"{same} ongewijzigd")
        for error in report.errors:
            self.stderr.write(f"{error.sheet} rij {error.row}, {error.column}: {error.message}")
        if not report.ok:
            raise CommandError(f"{len(report.errors)} fout(en); er is niets opgeslagen.")
        if report.written:
            self.stdout.write(self.style.SUCCESS("Geïmporteerd."))
        else:
            self.stdout.write("Proefrun: er is niets opgeslagen.")

    def _progress(self, sheet, done):
        if done % 5000 == 0 or done < engine.CHUNK:
            self.stderr.write(f"  {sheet.title}: {done} rijen …")

    def _actor(self, email):
        users = get_user_model().objects.filter(is_active=True)
        if email:
            actor = users.filter(email__iexact=email).first()
        else:
            actor = users.filter(roles__role=Role.BUREAU).order_by("pk").first()
        if actor is None or not (actor.has_role(Role.BUREAU) or actor.has_role(Role.DIRECTOR)):
            raise CommandError("Geef met --user een actieve gebruiker van het Verenigingsbureau.")
        return actor
