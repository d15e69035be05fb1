from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.state_diagrams import DIAGRAM_DIR, write_diagrams


class Command(BaseCommand):
    help = ("Write the state diagram of every model with an FSMField to docs/states/ "
            "(<app>.<Model>.dot; with --svg also the rendered .svg, which needs Graphviz).")

    def add_arguments(self, parser):
        parser.add_argument("--svg", action="store_true",
                            help="Also render each diagram to .svg with Graphviz's `dot`.")
        parser.add_argument("--output-dir", type=Path, default=DIAGRAM_DIR,
                            help=f"Where to write the diagrams (default {DIAGRAM_DIR}).")

    def handle(self, *args, **options):
        try:
            report = write_diagrams(options["output_dir"], svg=options["svg"])
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        for action, paths in report.items():
            for path in paths:
                self.stdout.write(f"{action}: {path.name}")
