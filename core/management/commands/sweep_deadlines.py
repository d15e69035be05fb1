import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from core.sweep import sweep_deadlines


class Command(BaseCommand):
    help = "Run the daily deadline sweep (R-F3, R-F4, R-F5, R-M3, R-S4, R-S5, R-K2)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Sweep as of this date (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD: {exc}") from exc
        report = sweep_deadlines(today)
        for app, counts in report.items():
            summary = ", ".join(f"{k}={v}" for k, v in counts.items()) or "nothing to do"
            self.stdout.write(f"{app}: {summary}")
