"""Update the organisations from Enhetsregisteret's bulk file of units (core.enhetsregisteret)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.enhetsregisteret import organisations_sync


class Command(BaseCommand):
    help = "Update the organisations (by organisation number) from Enhetsregisteret's bulk file of units (JSON)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", default="", help="A path or URL of the file; default: the ENHETSREGISTERET_SOURCE setting."
        )

    def handle(self, *args, source: str = "", **options):
        source = source or settings.ENHETSREGISTERET_SOURCE
        if not source:
            raise CommandError("Give --source, or set ENHETSREGISTERET_SOURCE.")
        try:
            result = organisations_sync(source=source)
        except (OSError, ValueError) as e:
            raise CommandError(f"Could not read {source}: {e}") from e
        self.stdout.write(
            f"{result.read} units read, {result.matched} of ours, {len(result.changed)} changed, "
            f"{len(result.invalid)} with an invalid organisation number skipped; "
            f"{len(result.created)} new under our ministries created, "
            f"{len(result.deactivated)} deleted marked inactive."
        )
