"""`manage.py load_demo`: the real landscape of the source documents, plus (in DEBUG or DEMO_MODE) the demo logins
and the clearly flagged illustrative portfolio. Idempotent: a second run changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.reference.agreements import load_agreement, load_generations
from demo.reference.illustrative_loader import load_illustrative
from demo.reference.loader import load_reference
from demo.reference.mission_reviews import load_mission_reviews
from demo.reference.panels import load_panels
from demo.reference.users import load_demo_users


class Command(BaseCommand):
    help = "Load the life events, actors, allocation letters and funding of the source documents, and demo data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reference-only",
            action="store_true",
            help="Only the data of the source documents: no demo logins, no illustrative data.",
        )

    def handle(self, *args, reference_only=False, **options):
        demo_allowed = settings.DEBUG or getattr(settings, "DEMO_MODE", False)
        if not reference_only and not demo_allowed:
            raise CommandError(
                "Refusing to create demo users (password “demo”) and illustrative data: DEBUG and DEMO_MODE are off. "
                "Set DEMO_MODE=1 for a demo installation, or use --reference-only to load only the source data."
            )
        with transaction.atomic():
            ref = load_reference()
            if not reference_only:
                users = load_demo_users(ref["orgs"])
                result = load_illustrative(ref, users)
                load_panels(ref)  # the illustrative user panel of Dødsfall og arv and two user journeys (issue 22)
                load_agreement(ref["orgs"], ref["events"])  # Alvorlig sykt barn's agreement (issue 22)
                load_generations(ref["events"], ref["missions"])  # the voluntary organisations' generations
                load_mission_reviews(ref["missions"], users["office"])  # both missions' quality checks (issue 22)
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(ref['events'])} life events and {len(ref['orgs'])} actors."))
        if not reference_only:
            self.stdout.write(
                f"Demo logins (password “demo”): {', '.join(users)}; illustrative: "
                f"{len(result['measures'])} measures, {len(result['proposals'])} proposals."
            )
