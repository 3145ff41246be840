"""`manage.py generate_portfolio`: a deterministic synthetic portfolio for benchmarks (rows flagged illustrative)."""

import time

from django.core.management.base import BaseCommand, CommandError

from demo.generate import generate_portfolio


class Command(BaseCommand):
    help = "Write a synthetic, illustrative portfolio (actors, users, measures, proposals, scores) with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument("--proposals", type=int, default=20_000)
        parser.add_argument("--measures", type=int, default=2_000)
        parser.add_argument("--actors", type=int, default=200)
        parser.add_argument("--scores", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--password",
            default=None,
            help="Password of the synthetic users (syn-office, syn-ministry, syn-admin, syn-agency1…); "
            "without it they cannot log in with a password.",
        )

    def handle(self, *args, proposals, measures, actors, scores, seed, password, **options):
        if min(proposals, measures, actors, scores) < 0:
            raise CommandError("Counts cannot be negative.")
        started = time.perf_counter()
        try:
            result = generate_portfolio(
                proposals=proposals, measures=measures, actors=actors, scores=scores, seed=seed, password=password
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        counts = ", ".join(f"{v} {k}" for k, v in result.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Synthetic portfolio (illustrative) in {seconds:.1f} s: {counts}."))
