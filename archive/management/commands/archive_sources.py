from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.services import ARCHIVED, FAILED, SKIPPED, UNCHANGED, source_fetch, sources_to_archive
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Fetch the linked sources cited by these briefs (every linked source with --all) into the "
        "archive now, in the foreground. Sources already archived from their current link are left "
        "alone unless --refresh is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="A brief whose sources to archive.")
        parser.add_argument("--all", action="store_true", help="Every source with a link.")
        parser.add_argument("--refresh", action="store_true", help="Fetch again sources already archived.")

    def handle(self, *, slugs, all, refresh, verbosity, **options):
        sources = list(self.sources(slugs, all, refresh))
        outcomes = self.archive(sources, progress=verbosity > 0)
        self.write_summary(outcomes)

    def sources(self, slugs, everything, refresh):
        if bool(slugs) == everything:
            raise CommandError("Name the briefs whose sources to archive, or give --all (not both).")
        if everything:
            return sources_to_archive(refresh=refresh)
        articles = Article.objects.filter(slug__in=slugs)
        missing = set(slugs) - set(articles.values_list("slug", flat=True))
        if missing:
            raise CommandError(f"no brief with slug {', '.join(sorted(missing))}")
        return sources_to_archive(articles=articles, refresh=refresh)

    def archive(self, sources, *, progress=True):
        """[(source, outcome, detail)] for each source, fetched one after the other."""
        outcomes = []
        for source in tqdm(sources, desc="Archiving", unit="source", disable=not progress, file=self.stderr):
            outcomes.append((source, *source_fetch(source)))
        return outcomes

    def write_summary(self, outcomes):
        counts = dict.fromkeys((ARCHIVED, UNCHANGED, FAILED, SKIPPED), 0)
        for _, outcome, _ in outcomes:
            counts[outcome] += 1
        self.stdout.write(
            f"{len(outcomes)} sources: {counts[ARCHIVED]} archived, {counts[UNCHANGED]} unchanged, "
            f"{counts[FAILED]} failed, {counts[SKIPPED]} skipped"
        )
        for source, outcome, detail in outcomes:
            if outcome == FAILED:
                self.stdout.write(f"  failed  {source.url}  {detail}")
