import os
import time

from django.core.management.base import BaseCommand

from bench.generate import BriefGenerator


class Command(BaseCommand):
    help = "Add COUNT realistic made-up briefs with their sources, outlets, people, quotes and corrections."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1, help="The same seed makes the same briefs.")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--jobs", type=int, default=os.cpu_count() or 1, help="Processes running the attribution checker."
        )

    def handle(self, *, count, seed, batch_size, jobs, verbosity, **options):
        started = time.monotonic()

        def progress(made):
            if verbosity > 1:
                self.stdout.write(f"{made} briefs, {time.monotonic() - started:.0f} s")

        made = BriefGenerator(count=count, seed=seed, batch_size=batch_size, jobs=jobs).run(progress)
        self.stdout.write(f"Generated {made} briefs in {time.monotonic() - started:.1f} s.")
