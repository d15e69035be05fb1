"""``manage.py verify_decisions``: recompute the decision hash chain (issue #13, R-0.3).

Exits 0 when the chain is intact, 1 naming the first broken record otherwise."""

from django.core.management.base import BaseCommand, CommandError

from core.decision_chain import verify_chain


class Command(BaseCommand):
    help = "Recompute the decision records' hash chain; exit 1 at the first broken record."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"Decision chain broken at record {report.broken_at}: {report.reason} "
                f"({report.checked} records verified before it).", returncode=1)
        self.stdout.write(
            f"Decision chain intact: {report.checked} records verified, "
            f"{report.before_chain} before the chain, head {report.head}.")
